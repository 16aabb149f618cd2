/* profile.c - loading statute profiles.
 *
 * A profile states facts about one jurisdiction's law, each typed by the
 * fact vocabulary and cited (docs/formats.md, section 4). What a profile
 * does not state is absent: the evaluator reports the rules that need it as
 * unknown. A parent profile (a US state's `us/federal`) is loaded beside it
 * so that reports can show the combined coverage.
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "i18n.h"
#include "opgap.h"
#include "shape.h"

/* A profile's strings are its document's: a profile read from a file
 * takes over the document's arena (see load_one), and one made from a
 * rule's examples lives no longer than the rule set whose document holds
 * them. Nothing is copied: the quotes and notes are most of a profile's
 * bytes. */
static const char *str_of(const og_node *map, const char *key) {
  const og_node *v = og_map_get(map, key);
  return v ? v->str : NULL;
}

/* A new profile; with `doc`, it takes over that document's arena, so that
 * the strings of its nodes live as long as the profile. */
static og_profile *profile_new(const og_ruleset *rs, og_doc *doc) {
  og_profile *p = og_xcalloc(1, sizeof(*p));
  og_arena_init(&p->arena);
  if (doc != NULL) {
    p->arena = doc->arena;
    og_arena_init(&doc->arena);
  }
  p->by_index = og_arena_alloc(&p->arena,
                               (rs->vocab.nfacts + 1) * sizeof(og_fact *));
  return p;
}

/* A source that names a registered document is checked like a citation,
 * so that "CRC/C/156, para. 999" is caught; other sources (a statute's
 * official publication, a court decision) are free text. */
static void check_source(const og_ruleset *rs, og_profile *p,
                         const og_node *n, og_diags *d) {
  if (n == NULL || og_registry_doc_for(&rs->reg, n->str) == NULL) {
    return;
  }
  og_citation c;
  og_citation_parse(&rs->reg, &p->arena, n->str, &c, n->file, n->line, n->col,
                    d);
}

/* A fact that rests on a registered document (the Committee's, the Special
 * Rapporteur's) without quoting the law must say what kind of statement
 * that document makes ('evidence': finding, concern, welcome): a
 * recommendation is not evidence of what the law lacks (issue 16). Facts
 * whose source is a statute's publication, or a hypothetical model, name
 * no such statement. The unit tests turn it off to see the difference. */
bool og_profile_require_evidence = true;

static bool blank(const char *s) {
  for (; s && *s; s++) {
    if (*s != ' ' && *s != '\t' && *s != '\n') {
      return false;
    }
  }
  return true;
}

/* Open-world lists: a plain list is what the texts at hand establish, not
 * the whole of the law. Without 'exhaustive' its members are known in and
 * every other member is not established (as {includes: [...]}); with it,
 * the list is complete and a member it lacks is known to be out. Returns
 * false with an error when the list states nothing or mixes the forms. */
static bool close_list(const og_factdef *def, og_fact *f, const og_node *vn,
                       const og_node *xn, og_diags *d) {
  og_value *v = &f->value;
  if (xn && v->open) {
    og_diag_add(d, xn->file, xn->line, xn->col,
                "fact '%s' is known only in part ({includes, excludes, "
                "not_all}): 'exhaustive' is for a complete list",
                def->path);
    return false;
  }
  if (xn && blank(xn->str)) {
    og_diag_add(d, xn->file, xn->line, xn->col,
                "fact '%s': 'exhaustive' needs the reason the list is "
                "complete",
                def->path);
    return false;
  }
  if (xn || vn->kind != OG_NODE_SEQ) {
    return true;
  }
  if (v->set == 0) {
    og_diag_add(d, vn->file, vn->line, vn->col,
                "fact '%s' is an empty open list, which states nothing: give "
                "'exhaustive' with the reason, or leave the fact out",
                def->path);
    return false;
  }
  uint64_t all = def->values->nmembers >= 64
                     ? ~(uint64_t)0
                     : ((uint64_t)1 << def->values->nmembers) - 1;
  v->open = v->set != all; /* a list of every member is complete anyway */
  return true;
}

/* A fact's fields, found in one pass over its keys (the shape check has
 * refused any other key): a batch reads hundreds of facts a profile, and
 * nine lookups each went over every key. */
typedef struct fact_fields {
  const og_node *value, *cite, *source, *quote, *as_of, *note, *evidence,
      *exhaustive, *confirmed;
} fact_fields;

static void fact_fields_of(const og_node *fn, fact_fields *ff) {
  static const struct {
    const char *key;
    size_t at;
  } fields[] = {
      {"value", offsetof(fact_fields, value)},
      {"cite", offsetof(fact_fields, cite)},
      {"source", offsetof(fact_fields, source)},
      {"quote", offsetof(fact_fields, quote)},
      {"as_of", offsetof(fact_fields, as_of)},
      {"note", offsetof(fact_fields, note)},
      {"evidence", offsetof(fact_fields, evidence)},
      {"exhaustive", offsetof(fact_fields, exhaustive)},
      {"confirmed", offsetof(fact_fields, confirmed)},
  };
  memset(ff, 0, sizeof(*ff));
  for (size_t i = 0; i < fn->n; i++) {
    const char *k = og_map_key(fn, i)->str;
    for (size_t j = 0; j < sizeof(fields) / sizeof(fields[0]); j++) {
      if (k[0] == fields[j].key[0] && strcmp(k, fields[j].key) == 0) {
        memcpy((char *)ff + fields[j].at, &fn->items[2 * i + 1],
               sizeof(og_node *));
        break;
      }
    }
  }
}

static const char *str_in(const og_node *n) { return n ? n->str : NULL; }

static void load_fact(const og_ruleset *rs, og_profile *p,
                      const og_factdef *def, const og_node *key,
                      const og_node *fn, og_diags *d) {
  og_fact *f = og_arena_alloc(&p->arena, sizeof(*f));
  f->def = def;
  f->line = fn->line;
  f->col = fn->col;
  fact_fields ff;
  fact_fields_of(fn, &ff);
  const og_node *vn = ff.value;
  if (!og_value_from_node(def, vn, &f->value, d)) {
    return;
  }
  f->cite = str_in(ff.cite);
  f->source = str_in(ff.source);
  f->quote = str_in(ff.quote);
  f->as_of = str_in(ff.as_of);
  f->note = str_in(ff.note);
  f->evidence = str_in(ff.evidence);
  f->exhaustive = str_in(ff.exhaustive);
  if (f->evidence == NULL && f->quote != NULL) {
    f->evidence = "text";
  }
  const og_node *cn = ff.confirmed;
  f->confirmed = cn == NULL || cn->ival != 0;
  if (f->cite == NULL && f->source == NULL) {
    og_diag_add(d, key->file, key->line, key->col,
                "fact '%s' cites nothing (give 'cite', 'source' or both)",
                def->path);
    return;
  }
  const og_node *en = ff.evidence;
  if (f->evidence && strcmp(f->evidence, "recommendation") == 0) {
    og_diag_add(d, en->file, en->line, en->col,
                "fact '%s' rests on a recommendation, which says what the "
                "Committee asks for, not what the law is (cite the text, a "
                "finding, a concern or a welcome)",
                def->path);
    return;
  }
  if (f->evidence && strcmp(f->evidence, "text") == 0 &&
      (f->quote == NULL || f->cite == NULL)) {
    og_diag_add(d, en->file, en->line, en->col,
                "fact '%s' rests on the text but has no %s", def->path,
                f->quote == NULL ? "quote" : "cite");
    return;
  }
  const og_node *xn = ff.exhaustive;
  if (xn && def->type != OG_F_SET) {
    og_diag_add(d, xn->file, xn->line, xn->col,
                "'exhaustive' is for list facts; '%s' is not a list",
                def->path);
    return;
  }
  if (def->type == OG_F_SET && !close_list(def, f, vn, xn, d)) {
    return;
  }
  if (og_profile_require_evidence && f->evidence == NULL && f->quote == NULL &&
      f->source != NULL && og_registry_doc_for(&rs->reg, f->source) != NULL) {
    og_diag_add(d, key->file, key->line, key->col,
                "fact '%s' has no quote and no 'evidence' (say whether its "
                "source states a finding, a concern or a welcome)",
                def->path);
    return;
  }
  check_source(rs, p, ff.source, d);
  p->by_index[def->index] = f;
  p->nfacts++;
}

static void load_facts(const og_ruleset *rs, og_profile *p,
                       const og_node *facts, og_diags *d) {
  const og_vocab *v = &rs->vocab;
  for (size_t g = 0; facts && g < facts->n; g++) {
    const og_node *gk = og_map_key(facts, g);
    const og_node *gv = og_map_val(facts, g);
    if (og_vocab_group(v, gk->str) == NULL) {
      const char **names = og_xmalloc((v->ngroups + 1) * sizeof(char *));
      for (size_t i = 0; i < v->ngroups; i++) {
        names[i] = v->groups[i].name;
      }
      const char *near = og_did_you_mean(gk->str, names, v->ngroups);
      if (near) {
        og_diag_add(d, gk->file, gk->line, gk->col,
                    "unknown fact group '%s' (did you mean '%s'?)", gk->str,
                    near);
      } else {
        og_diag_add(d, gk->file, gk->line, gk->col, "unknown fact group '%s'",
                    gk->str);
      }
      free(names);
      continue;
    }
    for (size_t i = 0; i < gv->n; i++) {
      const og_node *fk = og_map_key(gv, i);
      char path[256];
      size_t gl = strlen(gk->str), fl = strlen(fk->str);
      if (gl + 1 + fl < sizeof(path)) { /* "group.fact", without printf */
        memcpy(path, gk->str, gl);
        path[gl] = '.';
        memcpy(path + gl + 1, fk->str, fl + 1);
      } else {
        snprintf(path, sizeof(path), "%s.%s", gk->str, fk->str);
      }
      const og_factdef *def = og_vocab_find(v, path);
      if (def == NULL) {
        const char **names = og_xmalloc((v->nfacts + 1) * sizeof(char *));
        size_t nn = 0;
        for (size_t j = 0; j < v->nfacts; j++) {
          if (strcmp(v->facts[j].group->name, gk->str) == 0) {
            names[nn++] = v->facts[j].name;
          }
        }
        const char *near = og_did_you_mean(fk->str, names, nn);
        if (near) {
          og_diag_add(d, fk->file, fk->line, fk->col,
                      "unknown fact '%s' (did you mean '%s'?)", path, near);
        } else {
          og_diag_add(d, fk->file, fk->line, fk->col,
                      "unknown fact '%s' (not in the fact vocabulary)", path);
        }
        free(names);
        continue;
      }
      load_fact(rs, p, def, fk, og_map_val(gv, i), d);
    }
  }
}

/* A profile under a statutes/ directory is named by its path there, so a
 * typo'd id (which parents and fingerprints rely on) is an error. */
static void check_id(const char *id, const char *path, const og_node *at,
                     og_diags *d) {
  const char *rel = NULL;
  for (const char *s = path; (s = strstr(s, "statutes/")) != NULL; s++) {
    if (s == path || s[-1] == '/') {
      rel = s + strlen("statutes/");
    }
  }
  if (rel == NULL) {
    return;
  }
  size_t len = strlen(rel);
  if (len > 5 && strcmp(rel + len - 5, ".yaml") == 0) {
    len -= 5;
  }
  if (strlen(id) != len || strncmp(id, rel, len) != 0) {
    og_diag_add(d, at->file, at->line, at->col,
                "profile id '%s' does not match its file (expected '%.*s')",
                id, (int)len, rel);
  }
}

/* Where a profile's parents are when --statutes is not given: the
 * directory its own path shows to be the root of the profile ids (path
 * ".../statutes/us/ny.yaml" with id "us/ny" gives ".../statutes", so that
 * opgap runs from any directory), else "statutes". Caller frees. */
static char *statutes_root(const char *path, const char *id) {
  size_t pl = strlen(path), il = id ? strlen(id) : 0;
  if (il > 0 && pl >= il + 5 && strcmp(path + pl - 5, ".yaml") == 0 &&
      strncmp(path + pl - 5 - il, id, il) == 0) {
    size_t root = pl - 5 - il;
    if (root == 0) {
      return og_xstrdup(".");
    }
    if (path[root - 1] == '/') {
      return root == 1 ? og_xstrdup("/") : og_xasprintf("%.*s", (int)(root - 1), path);
    }
  }
  return og_xstrdup("statutes");
}

static og_profile *load_one(const og_ruleset *rs, const char *path,
                            const char *statutes_dir, int depth,
                            og_diags *d) {
  size_t before = d->n;
  og_doc doc;
  if (og_doc_load(&doc, path, d) != 0) {
    return NULL;
  }
  og_profile *p = NULL;
  if (!og_shape_check(doc.root, &og_shape_profile_file, doc.file, d)) {
    goto done;
  }
  p = profile_new(rs, &doc);
  og_arena *a = &p->arena;
  const og_node *root = doc.root;
  p->file = og_arena_strdup(a, path);
  p->id = str_of(root, "id");
  check_id(p->id, path, og_map_get(root, "id"), d);
  p->name = str_of(root, "name");
  /* in the report's language, where the profile gives it */
  const char *local =
      str_of(og_map_get(root, "names"), og_lang_name(og_lang_current()));
  if (local) {
    p->name = local;
  }
  p->level = str_of(root, "level");
  p->parent_id = str_of(root, "parent");
  p->as_of = str_of(root, "as_of");
  const og_node *opsc = og_map_get(root, "opsc");
  if (opsc) {
    p->opsc_status = str_of(opsc, "status");
    p->opsc_date = str_of(opsc, "date");
    p->opsc_source = str_of(opsc, "source");
    check_source(rs, p, og_map_get(opsc, "source"), d);
    const og_node *res = og_map_get(opsc, "reservations");
    if (res) {
      p->reservations = og_arena_alloc(a, res->n * sizeof(og_reservation));
      for (size_t i = 0; i < res->n; i++) {
        og_reservation *r = &p->reservations[p->nreservations++];
        const og_node *rn = res->items[i];
        r->kind = str_of(rn, "kind");
        r->text = str_of(rn, "text");
        r->source = str_of(rn, "source");
        check_source(rs, p, og_map_get(rn, "source"), d);
        const og_node *prov = og_map_get(rn, "provisions");
        r->provisions = og_arena_alloc(a, prov->n * sizeof(og_citation));
        for (size_t k = 0; k < prov->n; k++) {
          if (og_citation_parse(&rs->reg, a, prov->items[k]->str,
                                &r->provisions[r->nprovisions], doc.file,
                                prov->items[k]->line, prov->items[k]->col,
                                d)) {
            r->nprovisions++;
          }
        }
      }
    }
  }
  const og_node *cc = og_map_get(root, "coverage_condition");
  if (cc) {
    p->coverage_text = str_of(cc, "text");
    p->coverage_source = str_of(cc, "source");
    check_source(rs, p, og_map_get(cc, "source"), d);
  }
  const og_node *texts = og_map_get(root, "texts");
  if (texts) {
    p->text_codes = og_arena_alloc(a, (texts->n + 1) * sizeof(char *));
    p->text_files = og_arena_alloc(a, (texts->n + 1) * sizeof(char *));
    for (size_t i = 0; i < texts->n; i++) {
      p->text_codes[i] = str_of(texts->items[i], "code");
      p->text_files[i] = str_of(texts->items[i], "files");
    }
    p->ntexts = texts->n;
  }
  load_facts(rs, p, og_map_get(root, "facts"), d);
  if (p->parent_id && d->n == before) {
    const og_node *pn = og_map_get(root, "parent");
    if (depth >= OG_MAX_PARENT_DEPTH) {
      og_diag_add(d, doc.file, pn->line, pn->col,
                  "parent chain too long (limit is %d)", OG_MAX_PARENT_DEPTH);
    } else if (strcmp(p->parent_id, p->id) == 0) {
      og_diag_add(d, doc.file, pn->line, pn->col,
                  "profile '%s' names itself as its parent", p->id);
    } else {
      char *derived = statutes_dir ? NULL : statutes_root(path, p->id);
      const char *dir = statutes_dir ? statutes_dir : derived;
      char *ppath = og_xasprintf("%s/%s.yaml", dir, p->parent_id);
      size_t mark = d->n;
      p->parent = load_one(rs, ppath, dir, depth + 1, d);
      free(derived);
      if (p->parent && strcmp(p->parent->id, p->parent_id) != 0) {
        og_diag_add(d, doc.file, pn->line, pn->col,
                    "parent '%s' is loaded from %s, whose id is '%s'",
                    p->parent_id, ppath, p->parent->id);
      }
      if (p->parent == NULL && d->n > mark) {
        og_diag_add(d, doc.file, pn->line, pn->col,
                    "cannot load parent profile '%s' (from %s)", p->parent_id,
                    ppath);
      }
      free(ppath);
    }
  }
done:
  og_doc_release(&doc);
  if (p != NULL && d->n != before) {
    og_profile_free(p);
    p = NULL;
  }
  return p;
}

og_profile *og_profile_load(const og_ruleset *rs, const char *path,
                            const char *statutes_dir, og_diags *d) {
  return load_one(rs, path, statutes_dir, 0, d);
}

og_profile *og_profile_from_examples(const og_ruleset *rs, const og_node *facts,
                                     const char *file, og_diags *d) {
  size_t before = d->n;
  og_profile *p = profile_new(rs, NULL);
  p->file = og_arena_strdup(&p->arena, file);
  p->id = "example";
  p->name = "example";
  p->level = "national";
  for (size_t i = 0; facts && i < facts->n; i++) {
    const og_node *k = og_map_key(facts, i);
    const og_factdef *def = og_vocab_find(&rs->vocab, k->str);
    if (def == NULL) {
      og_diag_add(d, k->file, k->line, k->col,
                  "unknown fact '%s' (not in the fact vocabulary)", k->str);
      continue;
    }
    og_fact *f = og_arena_alloc(&p->arena, sizeof(*f));
    f->def = def;
    f->confirmed = true;
    f->line = k->line;
    f->col = k->col;
    if (og_value_from_node(def, og_map_val(facts, i), &f->value, d)) {
      p->by_index[def->index] = f;
      p->nfacts++;
    }
  }
  if (d->n != before) {
    og_profile_free(p);
    return NULL;
  }
  return p;
}

void og_profile_free(og_profile *p) {
  if (p == NULL) {
    return;
  }
  og_profile_free(p->parent);
  og_arena_free(&p->arena);
  free(p);
}

const og_fact *og_profile_fact(const og_profile *p, const og_factdef *def) {
  return p->by_index[def->index];
}
