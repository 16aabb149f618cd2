/* say.c - how opgap says things to people: facts, values and what a fact
 * rests on, in words.
 *
 * The text, Markdown and HTML writers and the evaluator's explanations use
 * these, so that every format names an offence the same way ("sale of a
 * child for forced labour", never `sale-forced-labour`), keeps "absent from
 * the law" apart from "not established by the texts at hand", and says what
 * kind of statement each fact rests on. JSON keeps ids (og_value_render).
 */
#include <string.h>

#include "opgap.h"

void og_say_fact(const og_factdef *def, og_buf *b) {
  if (def->label) {
    og_buf_puts(b, def->label);
    return;
  }
  /* no label (rules lint says so): the name, in words */
  for (const char *s = def->name; *s; s++) {
    og_buf_putc(b, *s == '_' ? ' ' : *s);
  }
}

static void say_member(const og_enum *e, size_t i, og_buf *b) {
  if (e->labels && e->labels[i]) {
    og_buf_puts(b, e->labels[i]);
    return;
  }
  for (const char *s = e->members[i]; *s; s++) {
    og_buf_putc(b, *s == '-' ? ' ' : *s);
  }
}

void og_say_members(const og_enum *e, uint64_t set, og_buf *b) {
  size_t total = 0, k = 0;
  for (size_t i = 0; i < e->nmembers; i++) {
    total += (set >> i) & 1u;
  }
  if (total == 0) {
    og_buf_puts(b, _("none"));
    return;
  }
  for (size_t i = 0; i < e->nmembers; i++) {
    if (!((set >> i) & 1u)) {
      continue;
    }
    k++;
    /* TRANSLATORS: joins the last two items of a list: "a, b and c" */
    og_buf_puts(b, k == 1 ? "" : (k == total ? _(" and ") : ", "));
    say_member(e, i, b);
  }
}

void og_say_value(const og_factdef *def, const og_value *v, og_buf *b) {
  switch (v->type) {
  case OG_F_BOOL:
    og_buf_puts(b, v->b ? _("yes") : _("no"));
    return;
  case OG_F_ENUM:
    say_member(def->values, v->member, b);
    return;
  case OG_F_SET:
    break;
  default:
    og_value_render(def, v, b);
    return;
  }
  if (!v->open) {
    og_say_members(def->values, v->set, b);
    return;
  }
  if (v->set && !v->set_out && !v->not_all) {
    og_say_members(def->values, v->set, b);
    og_buf_puts(b, (v->set & (v->set - 1)) == 0
                       ? _(" (the texts at hand establish this one; others not "
                           "established)")
                       : _(" (the texts at hand establish these; others not "
                           "established)"));
    return;
  }
  const char *sep = "";
  if (v->set) {
    og_say_members(def->values, v->set, b);
    sep = "; ";
  }
  if (v->set_out) {
    og_buf_printf(b, "%s%s", sep, _("not "));
    og_say_members(def->values, v->set_out, b);
    /* TRANSLATORS: after members a list is known not to include: that the
     * list leaves them out, not that the law lacks them (the list may be
     * of offences reaching abroad, of acts, of bases...) */
    og_buf_puts(b, _(" (established as not included)"));
    sep = "; ";
  }
  if (v->not_all) {
    og_buf_printf(b, "%s%s", sep, _("not all of "));
    og_say_members(def->values, v->not_all, b);
    if (!v->set && !v->set_out) {
      og_buf_puts(b, _(" (the texts at hand do not establish which are "
                       "missing)"));
      return;
    }
  }
  og_buf_puts(b, _("; the rest not established by the texts at hand"));
}

void og_say_stated(const og_fact *f, og_buf *b) {
  og_say_value(f->def, &f->value, b);
  const og_value *v = &f->value;
  if (v->type != OG_F_SET || v->open) {
    return;
  }
  const og_enum *e = f->def->values;
  uint64_t all = e->nmembers >= 64 ? ~(uint64_t)0
                                   : ((uint64_t)1 << e->nmembers) - 1;
  uint64_t out = all & ~v->set;
  if (f->exhaustive || out) {
    og_buf_puts(b, " (");
    if (f->exhaustive) {
      /* the reason without its closing full stop: more may follow */
      size_t n = strlen(f->exhaustive);
      while (n > 0 && (f->exhaustive[n - 1] == '.' ||
                       f->exhaustive[n - 1] == ' ')) {
        n--;
      }
      og_buf_printf(b, _("a complete list: %.*s"), (int)n, f->exhaustive);
    }
    if (out) {
      og_buf_puts(b, f->exhaustive ? _("; not included: ")
                                   : _("not included: "));
      og_say_members(e, out, b);
    }
    og_buf_puts(b, ")");
  }
}

/* Who speaks in a source: the Committee, the Special Rapporteur ... */
typedef enum { WHO_SOURCE, WHO_COMMITTEE, WHO_RAPPORTEUR, WHO_GUIDELINES,
               WHO_TREATY } who_kind;
static who_kind speaker(const og_registry *reg, const char *source) {
  const og_document *doc = reg ? og_registry_doc_for(reg, source) : NULL;
  if (doc == NULL) {
    return WHO_SOURCE;
  }
  switch (doc->kind) {
  case OG_DOC_CO:
    return WHO_COMMITTEE;
  case OG_DOC_SPECIAL:
    return WHO_RAPPORTEUR;
  case OG_DOC_GUIDELINES:
    return WHO_GUIDELINES;
  case OG_DOC_TREATY:
    break;
  }
  return WHO_TREATY;
}

/* What a speaker says of the law, whole sentences so that a translation
 * can order the words as its language does; %s is the source. */
/* xgettext: c-format */
static const char *const said[3][5] = {
    {N_("the source found (%s)"), N_("the Committee found (%s)"),
     N_("the Special Rapporteur found (%s)"),
     N_("the Committee's guidelines state (%s)"), N_("the treaty found (%s)")},
    {N_("the source notes with concern (%s)"),
     N_("the Committee notes with concern (%s)"),
     N_("the Special Rapporteur notes with concern (%s)"),
     N_("the Committee's guidelines note with concern (%s)"),
     N_("the treaty notes with concern (%s)")},
    {N_("the source welcomes the law (%s)"),
     N_("the Committee welcomes the law (%s)"),
     N_("the Special Rapporteur welcomes the law (%s)"),
     N_("the Committee's guidelines welcome the law (%s)"),
     N_("the treaty welcomes the law (%s)")}};

void og_say_basis(const og_registry *reg, const og_fact *f, og_buf *b) {
  const char *ev = f->evidence;
  if (ev && strcmp(ev, "text") == 0) {
    og_buf c;
    og_buf_init(&c);
    og_say_cite(f->cite, &c);
    og_buf_printf(b, _("quoted from %s"), og_buf_str(&c));
    og_buf_free(&c);
    if (f->source) {
      og_buf_init(&c);
      og_say_cite(f->source, &c);
      og_buf_printf(b, _("; see also %s"), og_buf_str(&c));
      og_buf_free(&c);
    }
  } else if (ev && f->source) {
    if (f->cite) {
      og_buf_printf(b, "%s; ", f->cite);
    }
    int k = strcmp(ev, "finding") == 0 ? 0 : strcmp(ev, "concern") == 0 ? 1 : 2;
    /* the table's entries are "%s" formats: the source in place of %s */
    const char *t = _(said[k][speaker(reg, f->source)]);
    const char *at = strstr(t, "%s");
    og_buf_add(b, t, at ? (size_t)(at - t) : strlen(t));
    if (at) {
      og_say_cite(f->source, b);
      og_buf_puts(b, at + 2);
    }
  } else if (ev) {
    /* a source's statement whose source is not given */
    const char *cite = f->cite ? f->cite : _("no citation");
    if (strcmp(ev, "finding") == 0) {
      og_buf_printf(b, _("%s (a finding; its source is not given)"), cite);
    } else if (strcmp(ev, "concern") == 0) {
      og_buf_printf(b, _("%s (a concern; its source is not given)"), cite);
    } else {
      og_buf_printf(b, _("%s (a welcome; its source is not given)"), cite);
    }
  } else {
    /* no kind given: cite what there is and say that it is not quoted */
    if (f->cite == NULL && f->source == NULL) {
      og_buf_puts(b, _("no citation (a hypothetical example)"));
      return;
    }
    og_say_cite(f->cite ? f->cite : "", b);
    og_buf_puts(b, f->cite && f->source ? "; " : "");
    og_say_cite(f->source ? f->source : "", b);
    og_buf_puts(b, f->quote ? ""
                            : _(" (not quoted; kind of statement not given)"));
  }
  if (f->as_of) {
    og_buf_printf(b, _("; as of %s"), f->as_of);
  }
}

void og_say_where(const og_fact *f, og_buf *b) {
  if (f->cite || f->source) {
    og_say_cite(f->cite ? f->cite : f->source, b);
  } else {
    og_buf_puts(b, _("no citation"));
  }
}

/* A document's abbreviations in the report's language: in Spanish
 * "para." / "paras." are "párr." / "párrs."; "art." stays. Statute
 * sections are left as their code writes them. */
void og_say_cite(const char *cite, og_buf *b) {
  if (og_lang_current() != OG_LANG_ES) {
    og_buf_puts(b, cite);
    return;
  }
  for (const char *s = cite; *s;) {
    bool word = s == cite || s[-1] == ' ' || s[-1] == '(' || s[-1] == ';';
    if (word && strncmp(s, "paras.", 6) == 0) {
      og_buf_puts(b, "párrs.");
      s += 6;
    } else if (word && strncmp(s, "para.", 5) == 0) {
      og_buf_puts(b, "párr.");
      s += 5;
    } else {
      og_buf_putc(b, *s++);
    }
  }
}

/* The words of a profile's header values (level, OPSC status), which the
 * file gives as ids. */
const char *og_say_profile_word(const char *id) {
  static const char *const words[] = {
      N_("national"), N_("state"), N_("territory"), N_("ratified"),
      N_("signed"), N_("not-party"), N_("reservation"), N_("declaration"),
      N_("understanding")};
  for (size_t i = 0; id && i < sizeof(words) / sizeof(words[0]); i++) {
    if (strcmp(words[i], id) == 0) {
      return _(words[i]);
    }
  }
  return id;
}

void og_say_rests_on(const og_finding *f, og_buf *b) {
  size_t start = b->len, n = 0;
  for (size_t i = 0; i < f->nevidence; i++) {
    og_buf one;
    og_buf_init(&one);
    og_say_where(f->evidence[i], &one);
    const char *w = og_buf_str(&one);
    /* once each: several facts often rest on one section */
    bool seen = false;
    for (const char *s = b->data ? b->data + start : NULL; s && *s;) {
      size_t l = strlen(w);
      if (strncmp(s, w, l) == 0 && (s[l] == '\0' || s[l] == ';')) {
        seen = true;
        break;
      }
      const char *next = strstr(s, "; ");
      s = next ? next + 2 : NULL;
    }
    if (!seen) {
      og_buf_printf(b, "%s%s", n++ ? "; " : "", w);
    }
    og_buf_free(&one);
  }
  if (n == 0) {
    og_buf_puts(b, _("no stated fact"));
  }
}

/* Whether the full stop at text[n] ends a sentence: it ends the text, or a
 * capital follows, and it does not end an abbreviation that citations use
 * ("para. 9", "18 U.S.C. § 2256", "e.g. The"). */
static bool sentence_end(const char *text, size_t n) {
  if (text[n] != '.') {
    return false;
  }
  if (text[n + 1] == '\0') {
    return true;
  }
  if (text[n + 1] != ' ' || text[n + 2] < 'A' || text[n + 2] > 'Z') {
    return false;
  }
  static const char *const abbrev[] = {"e.g", "i.e", "para", "paras", "art",
                                       "arts", "No", "s", "ss", "v", "Mr",
                                       "Ms", "Dr", "St", "U.S", "U.S.C", "párr",
                                       "párrs", "ej", "Sr", "Sra"};
  size_t w = n;
  while (w > 0 && text[w - 1] != ' ' && text[w - 1] != '(') {
    w--;
  }
  for (size_t i = 0; i < sizeof(abbrev) / sizeof(abbrev[0]); i++) {
    if (strlen(abbrev[i]) == n - w && strncmp(text + w, abbrev[i], n - w) == 0) {
      return false;
    }
  }
  return true;
}

void og_say_short(const char *text, size_t max, og_buf *b) {
  size_t n = 0;
  while (text[n] && !sentence_end(text, n)) {
    n++;
  }
  if (n <= max) {
    og_buf_add(b, text, n);
    og_buf_putc(b, '.');
    return;
  }
  size_t cut = max;
  while (cut > 0 && text[cut] != ' ') {
    cut--;
  }
  og_buf_add(b, text, cut ? cut : max);
  og_buf_puts(b, " ...");
}

bool og_finding_in_detail(const og_finding *f) {
  return f->status != OG_UNKNOWN ||
         (f->has_combined && f->combined_status != OG_UNKNOWN);
}

size_t og_glance_findings(const og_report *r, const og_finding **out) {
  static const og_status order[] = {OG_GAP, OG_PARTIAL};
  size_t n = 0;
  for (size_t k = 0; k < 2; k++) {
    for (int s = OG_STRENGTH_COUNT - 1; s >= 0; s--) {
      for (size_t i = 0; i < r->nfindings; i++) {
        const og_finding *f = &r->findings[i];
        if (f->status == order[k] && (int)f->rule->strength == s) {
          out[n++] = f;
        }
      }
    }
  }
  return n;
}
