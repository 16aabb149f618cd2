/* cite.c - the sources registry and citation strings.
 *
 * Citation grammar (docs/formats.md, section 1):
 *   citation := SYMBOL (" art. " | " arts. ") items          (treaties)
 *             | SYMBOL ", " ("para. " | "paras. ") items
 *             | SYMBOL ", " ("note " | "notes ") items
 *   items    := item ((", " | " and ") item)*
 *   item     := ref (("-" | "–") ref)?
 *   ref      := NUMBER ("(" ALNUM+ ")")* | ("(" ALNUM+ ")")+
 * A ref that starts with "(" continues the previous number: "97(a), (d)".
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "opgap.h"

static bool in_ranges(const og_range *r, size_t n, int num) {
  for (size_t i = 0; i < n; i++) {
    if (num >= r[i].lo && num <= r[i].hi) {
      return true;
    }
  }
  return false;
}

const og_document *og_registry_doc_for(const og_registry *reg,
                                       const char *text) {
  const og_document *best = NULL;
  size_t best_len = 0;
  for (size_t i = 0; i < reg->ndocs; i++) {
    const char *sym = reg->docs[i].symbol;
    size_t len = reg->docs[i].symbol_len;
    if (text[0] == sym[0] && strncmp(text, sym, len) == 0 &&
        (text[len] == '\0' || text[len] == ',' || text[len] == ' ') &&
        len > best_len) {
      best = &reg->docs[i];
      best_len = len;
    }
  }
  return best;
}

const og_criterion *og_registry_criterion(const og_registry *reg,
                                          const char *id) {
  for (size_t i = 0; i < reg->nframeworks; i++) {
    for (size_t j = 0; j < reg->frameworks[i].ncriteria; j++) {
      if (strcmp(reg->frameworks[i].criteria[j].id, id) == 0) {
        return &reg->frameworks[i].criteria[j];
      }
    }
  }
  return NULL;
}

/* Whether ref is a registered article or a prefix of one ("3(1)"). */
static bool article_known(const og_document *doc, const char *ref) {
  size_t len = strlen(ref);
  for (size_t i = 0; i < doc->narticles; i++) {
    const char *a = doc->articles[i];
    if (strncmp(a, ref, len) == 0 && (a[len] == '\0' || a[len] == '(')) {
      return true;
    }
  }
  return false;
}

typedef struct cursor {
  const char *p;
} cursor;

static bool eat(cursor *c, const char *lit) {
  size_t n = strlen(lit);
  if (strncmp(c->p, lit, n) == 0) {
    c->p += n;
    return true;
  }
  return false;
}

/* ref := NUMBER? ("(" ALNUM+ ")")*; writes the number (or -1) and the
 * parenthesised tail into tail (at most cap-1 bytes). */
static bool read_ref(cursor *c, int *num, char *tail, size_t cap) {
  const char *start = c->p;
  *num = -1;
  if (isdigit((unsigned char)*c->p)) {
    *num = 0;
    while (isdigit((unsigned char)*c->p)) {
      if (*num > 100000) {
        return false;
      }
      *num = *num * 10 + (*c->p++ - '0');
    }
  }
  const char *t = c->p;
  while (*c->p == '(') {
    const char *q = c->p + 1;
    while (isalnum((unsigned char)*q)) {
      q++;
    }
    if (q == c->p + 1 || *q != ')') {
      return false;
    }
    c->p = q + 1;
  }
  size_t tl = (size_t)(c->p - t);
  if (tl >= cap || c->p == start) {
    return false;
  }
  memcpy(tail, t, tl);
  tail[tl] = '\0';
  return true;
}

/* Replaces the last "(x)" group of base with sub (which is "(y)..."). */
static void splice_tail(char *dst, size_t cap, const char *base,
                        const char *sub) {
  size_t n = strlen(base);
  const char *last = strrchr(base, '(');
  if (last != NULL) {
    n = (size_t)(last - base);
  }
  snprintf(dst, cap, "%.*s%s", (int)n, base, sub);
}

bool og_citation_parse(const og_registry *reg, og_arena *a, const char *text,
                       og_citation *out, const char *file, int line, int col,
                       og_diags *d) {
  memset(out, 0, sizeof(*out));
  out->text = og_arena_strdup(a, text);
  const og_document *doc = og_registry_doc_for(reg, text);
  if (doc == NULL) {
    og_diag_add(d, file, line, col,
                "citation '%s' names no registered document", text);
    return false;
  }
  out->doc = doc;
  cursor c = {text + strlen(doc->symbol)};
  og_place_kind kind;
  if (doc->kind == OG_DOC_TREATY && (eat(&c, " arts. ") || eat(&c, " art. "))) {
    kind = OG_PLACE_ARTICLE;
  } else if (eat(&c, ", paras. ") || eat(&c, ", para. ")) {
    kind = OG_PLACE_PARA;
  } else if (eat(&c, ", notes ") || eat(&c, ", note ")) {
    kind = OG_PLACE_NOTE;
  } else {
    og_diag_add(d, file, line, col,
                "citation '%s' names no place in %s (expected %s)", text,
                doc->symbol,
                doc->kind == OG_DOC_TREATY ? "' art. N'"
                                           : "', para. N' or ', note N'");
    return false;
  }
  og_place places[64];
  size_t np = 0;
  int prev_num = -1;
  char prev_art[64] = "";
  for (;;) {
    int num;
    char tail[48];
    if (!read_ref(&c, &num, tail, sizeof(tail))) {
      goto malformed;
    }
    for (int side = 0; side < 2; side++) {
      if (num < 0) {
        num = prev_num; /* "(d)" continues the previous number */
      }
      if (num < 0) {
        goto malformed;
      }
      char art[64];
      if (kind == OG_PLACE_ARTICLE) {
        if (side == 1 && tail[0] != '\0' && strchr(prev_art, '(') != NULL &&
            c.p[-1] == ')' && num == prev_num) {
          splice_tail(art, sizeof(art), prev_art, tail);
        } else {
          snprintf(art, sizeof(art), "%d%s", num, tail);
        }
        if (!article_known(doc, art)) {
          og_diag_add(d, file, line, col,
                      "citation '%s': %s has no article %s", text,
                      doc->symbol, art);
          return false;
        }
        snprintf(prev_art, sizeof(prev_art), "%s", art);
      } else {
        const og_range *r = kind == OG_PLACE_PARA ? doc->paras : doc->notes;
        size_t nr = kind == OG_PLACE_PARA ? doc->nparas : doc->nnotes;
        if (!in_ranges(r, nr, num)) {
          og_diag_add(d, file, line, col,
                      "citation '%s': %s has no %s %d", text, doc->symbol,
                      kind == OG_PLACE_PARA ? "paragraph" : "note", num);
          return false;
        }
      }
      if (np == sizeof(places) / sizeof(places[0])) {
        goto malformed;
      }
      places[np].kind = kind;
      places[np].num = num;
      places[np].article =
          kind == OG_PLACE_ARTICLE ? og_arena_strdup(a, art) : NULL;
      np++;
      /* "60-63": the paragraphs between the ends are cited too */
      if (side == 1 && kind != OG_PLACE_ARTICLE && num > prev_num + 1 &&
          num - prev_num <= 64) {
        places[np - 1].num = prev_num + 1;
        for (int k = prev_num + 2; k <= num && np < 64; k++) {
          places[np] = places[np - 1];
          places[np++].num = k;
        }
      }
      prev_num = num;
      if (side == 0 && (eat(&c, "-") || eat(&c, "\xE2\x80\x93"))) {
        if (!read_ref(&c, &num, tail, sizeof(tail))) {
          goto malformed;
        }
        continue;
      }
      break;
    }
    if (*c.p == '\0') {
      break;
    }
    if (!eat(&c, ", ") && !eat(&c, " and ")) {
      goto malformed;
    }
  }
  out->places = og_arena_alloc(a, np * sizeof(og_place));
  memcpy(out->places, places, np * sizeof(og_place));
  out->nplaces = np;
  return true;
malformed:
  og_diag_add(d, file, line, col, "malformed citation '%s' near '%s'", text,
              c.p);
  return false;
}
