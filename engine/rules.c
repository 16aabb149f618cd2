/* rules.c - loading the rule set: sources registry, fact vocabulary, rules.
 *
 * A rules directory holds:
 *   sources.yaml   the registry of citable documents (cite.c)
 *   facts/ *.yaml   the fact vocabulary, one group per file (vocab.c)
 *   *.yaml         rule files
 * Every file is shape-checked (shape.c) before it is read, and every error
 * of every file is collected before the load fails: a rule author sees all
 * the mistakes at once.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "opgap.h"
#include "shape.h"

/* ---- files ------------------------------------------------------------- */
static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The *.yaml files of dir, sorted, as "dir/name"; caller frees. */
static char **list_yaml(const char *dir, size_t *n) {
  *n = 0;
  DIR *dp = opendir(dir);
  if (dp == NULL) {
    return NULL;
  }
  char **v = NULL;
  size_t cap = 0;
  struct dirent *e;
  while ((e = readdir(dp)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0 ||
        e->d_name[0] == '.') {
      continue;
    }
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      v = og_xrealloc(v, cap * sizeof(char *));
    }
    v[(*n)++] = og_xasprintf("%s/%s", dir, e->d_name);
  }
  closedir(dp);
  if (*n > 1) {
    qsort(v, *n, sizeof(char *), cmp_str);
  }
  return v;
}

static void free_list(char **v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(v[i]);
  }
  free(v);
}

/* Parses and shape-checks path; keeps the tree alive in rs. */
static const og_node *load_doc(og_ruleset *rs, const char *path,
                               const og_shape *shape, og_diags *d) {
  rs->docs = og_xrealloc(rs->docs, (rs->ndocs + 1) * sizeof(og_doc));
  og_doc *doc = &rs->docs[rs->ndocs];
  if (og_doc_load(doc, path, d) != 0) {
    return NULL;
  }
  rs->ndocs++;
  if (!og_shape_check(doc->root, shape, doc->file, d)) {
    return NULL;
  }
  return doc->root;
}

static const char *str_of(const og_node *map, const char *key) {
  const og_node *v = og_map_get(map, key);
  return v ? v->str : NULL;
}

/* ---- the sources registry -------------------------------------------------
 * Ranges are written "1-113" or "1-10, 12". */
static og_range *parse_ranges(og_arena *a, const og_node *n, size_t *count,
                              og_diags *d) {
  *count = 0;
  if (n == NULL) {
    return NULL;
  }
  og_range tmp[32];
  const char *p = n->str;
  while (*p) {
    char *end;
    long lo = strtol(p, &end, 10), hi = lo;
    if (end == p) {
      goto bad;
    }
    p = end;
    if (*p == '-') {
      hi = strtol(p + 1, &end, 10);
      if (end == p + 1) {
        goto bad;
      }
      p = end;
    }
    if (*count == 32 || hi < lo) {
      goto bad;
    }
    tmp[(*count)++] = (og_range){(int)lo, (int)hi};
    while (*p == ',' || *p == ' ') {
      p++;
    }
  }
  og_range *r = og_arena_alloc(a, *count * sizeof(og_range));
  memcpy(r, tmp, *count * sizeof(og_range));
  return r;
bad:
  og_diag_add(d, n->file, n->line, n->col, "malformed range '%s'", n->str);
  *count = 0;
  return NULL;
}

static const struct {
  const char *name;
  og_doc_kind kind;
} doc_kinds[] = {{"treaty", OG_DOC_TREATY},
                 {"guidelines", OG_DOC_GUIDELINES},
                 {"concluding-observations", OG_DOC_CO},
                 {"special-procedure", OG_DOC_SPECIAL}};

static bool load_registry(og_ruleset *rs, const char *path, og_diags *d) {
  const og_node *root = load_doc(rs, path, &og_shape_sources_file, d);
  if (root == NULL) {
    return false;
  }
  og_arena *a = &rs->arena;
  og_registry *reg = &rs->reg;
  const og_node *docs = og_map_get(root, "documents");
  reg->docs = og_arena_alloc(a, docs->n * sizeof(og_document));
  size_t before = d->n;
  for (size_t i = 0; i < docs->n; i++) {
    const og_node *dn = docs->items[i];
    og_document *doc = &reg->docs[reg->ndocs];
    doc->symbol = str_of(dn, "symbol");
    doc->symbol_len = doc->symbol ? strlen(doc->symbol) : 0;
    for (size_t j = 0; j < reg->ndocs; j++) {
      if (strcmp(reg->docs[j].symbol, doc->symbol) == 0) {
        og_diag_add(d, path, dn->line, dn->col, "document '%s' registered twice",
                    doc->symbol);
      }
    }
    doc->full_symbol = str_of(dn, "full_symbol");
    doc->title = str_of(dn, "title");
    doc->state = str_of(dn, "state");
    doc->date = str_of(dn, "date");
    const char *kind = str_of(dn, "kind");
    for (size_t k = 0; k < sizeof(doc_kinds) / sizeof(doc_kinds[0]); k++) {
      if (strcmp(doc_kinds[k].name, kind) == 0) {
        doc->kind = doc_kinds[k].kind;
      }
    }
    const og_node *arts = og_map_get(dn, "articles");
    if (arts) {
      doc->articles = og_arena_alloc(a, arts->n * sizeof(char *));
      for (size_t k = 0; k < arts->n; k++) {
        doc->articles[k] = arts->items[k]->str;
      }
      doc->narticles = arts->n;
    }
    doc->paras = parse_ranges(a, og_map_get(dn, "paragraphs"), &doc->nparas, d);
    doc->notes = parse_ranges(a, og_map_get(dn, "notes"), &doc->nnotes, d);
    const og_node *secs = og_map_get(dn, "sections");
    if (secs) {
      doc->sections = og_arena_alloc(a, secs->n * sizeof(og_section));
      for (size_t k = 0; k < secs->n; k++) {
        og_section *s = &doc->sections[k];
        s->id = str_of(secs->items[k], "id");
        s->title = str_of(secs->items[k], "title");
        size_t nr;
        og_range *r =
            parse_ranges(a, og_map_get(secs->items[k], "paragraphs"), &nr, d);
        if (r && nr == 1) {
          s->paras = r[0];
        }
      }
      doc->nsections = secs->n;
    }
    const og_node *ex = og_map_get(dn, "not_legislative");
    if (ex) {
      doc->not_legislative = og_arena_alloc(a, ex->n * sizeof(og_exemption));
      for (size_t k = 0; k < ex->n; k++) {
        const og_node *art = og_map_get(ex->items[k], "article");
        bool known = false;
        for (size_t j = 0; j < doc->narticles; j++) {
          known = known || strcmp(doc->articles[j], art->str) == 0;
        }
        if (!known) {
          og_diag_add(d, path, art->line, art->col,
                      "'%s' is not a registered article of %s", art->str,
                      doc->symbol);
        }
        doc->not_legislative[k].article = art->str;
        doc->not_legislative[k].reason = str_of(ex->items[k], "reason");
      }
      doc->nnot_legislative = ex->n;
    }
    if (doc->kind == OG_DOC_TREATY ? doc->narticles == 0 : doc->nparas == 0) {
      og_diag_add(d, path, dn->line, dn->col,
                  "document '%s' registers no %s", doc->symbol,
                  doc->kind == OG_DOC_TREATY ? "articles" : "paragraphs");
    }
    reg->ndocs++;
  }
  const og_node *fws = og_map_get(root, "frameworks");
  if (fws) {
    reg->frameworks = og_arena_alloc(a, fws->n * sizeof(og_framework));
    for (size_t i = 0; i < fws->n; i++) {
      og_framework *fw = &reg->frameworks[i];
      fw->id = str_of(fws->items[i], "id");
      fw->name = str_of(fws->items[i], "name");
      const og_node *cr = og_map_get(fws->items[i], "criteria");
      fw->criteria = og_arena_alloc(a, cr->n * sizeof(og_criterion));
      for (size_t k = 0; k < cr->n; k++) {
        fw->criteria[k].id = str_of(cr->items[k], "id");
        fw->criteria[k].text = str_of(cr->items[k], "text");
        fw->criteria[k].framework = fw->id;
      }
      fw->ncriteria = cr->n;
    }
    reg->nframeworks = fws->n;
  }
  return d->n == before;
}

/* ---- the fact vocabulary ---------------------------------------------- */
static const og_ftype ftypes[] = {OG_F_BOOL, OG_F_INT,  OG_F_STRING,
                                  OG_F_ENUM, OG_F_SET,  OG_F_DATE};

static og_ftype ftype_of(const char *s) {
  for (size_t i = 0; i < sizeof(ftypes) / sizeof(ftypes[0]); i++) {
    if (strcmp(og_ftype_name(ftypes[i]), s) == 0) {
      return ftypes[i];
    }
  }
  return OG_F_STRING;
}

static og_enum *enum_from_list(og_arena *a, const char *name,
                               const og_node *list, og_diags *d) {
  if (list->n > OG_MAX_ENUM_MEMBERS) {
    og_diag_add(d, list->file, list->line, list->col,
                "too many members in '%s' (limit is %d)", name,
                OG_MAX_ENUM_MEMBERS);
    return NULL;
  }
  og_enum *e = og_arena_alloc(a, sizeof(*e));
  e->name = name;
  e->members = og_arena_alloc(a, (list->n + 1) * sizeof(char *));
  for (size_t i = 0; i < list->n; i++) {
    for (size_t j = 0; j < i; j++) {
      if (strcmp(e->members[j], list->items[i]->str) == 0) {
        og_diag_add(d, list->file, list->items[i]->line, list->items[i]->col,
                    "member '%s' listed twice", list->items[i]->str);
        return NULL;
      }
    }
    e->members[i] = list->items[i]->str;
  }
  e->nmembers = list->n;
  return e;
}

/* The enum a member_labels key names: an enum's name, or the path of a fact
 * whose members are given inline. */
static og_enum *labels_enum(og_vocab *v, const char *key) {
  for (size_t j = 0; j < v->nenums; j++) {
    if (strcmp(v->enums[j].name, key) == 0) {
      return &v->enums[j];
    }
  }
  const og_factdef *def = og_vocab_find(v, key);
  return def && def->values ? (og_enum *)(uintptr_t)def->values : NULL;
}

/* member_labels and fact_labels: what reports print for people instead of
 * ids. A label for something the vocabulary lacks is an error (a typo must
 * not silently leave an id in a report); a member or fact without a label
 * is a lint problem (opgap rules lint). */
static void load_labels(og_vocab *v, og_arena *a, const char *file,
                        const og_node *root, og_diags *d) {
  const og_node *ml = og_map_get(root, "member_labels");
  for (size_t i = 0; ml && i < ml->n; i++) {
    const og_node *k = og_map_key(ml, i);
    og_enum *e = labels_enum(v, k->str);
    if (e == NULL) {
      og_diag_add(d, file, k->line, k->col,
                  "member_labels: no enum or enum-valued fact '%s'", k->str);
      continue;
    }
    if (e->labels == NULL) {
      e->labels = og_arena_alloc(a, (e->nmembers + 1) * sizeof(char *));
    }
    const og_node *m = og_map_val(ml, i);
    for (size_t j = 0; j < m->n; j++) {
      const og_node *mk = og_map_key(m, j);
      size_t x = 0;
      while (x < e->nmembers && strcmp(e->members[x], mk->str) != 0) {
        x++;
      }
      if (x == e->nmembers) {
        const char *near = og_did_you_mean(mk->str, e->members, e->nmembers);
        og_diag_add(d, file, mk->line, mk->col,
                    "member_labels: '%s' is not a member of '%s'%s%s%s",
                    mk->str, k->str, near ? " (did you mean '" : "",
                    near ? near : "", near ? "'?)" : "");
        continue;
      }
      e->labels[x] = og_map_val(m, j)->str;
    }
  }
  const og_node *fl = og_map_get(root, "fact_labels");
  for (size_t i = 0; fl && i < fl->n; i++) {
    const og_node *k = og_map_key(fl, i);
    og_factdef *def = (og_factdef *)(uintptr_t)og_vocab_find(v, k->str);
    if (def == NULL) {
      og_diag_add(d, file, k->line, k->col, "fact_labels: no fact '%s'",
                  k->str);
      continue;
    }
    def->label = og_map_val(fl, i)->str;
  }
}

static bool load_vocab(og_ruleset *rs, const char *dir, og_diags *d) {
  size_t nfiles;
  char **files = list_yaml(dir, &nfiles);
  size_t before = d->n;
  const og_node **roots = og_xcalloc(nfiles + 1, sizeof(og_node *));
  og_vocab *v = &rs->vocab;
  size_t nfacts = 0, nenums = 0, ngroups = 0;
  if (nfiles == 0) {
    og_diag_add(d, dir, 0, 0, "no fact vocabulary (no *.yaml files)");
  }
  for (size_t i = 0; i < nfiles; i++) {
    roots[i] = load_doc(rs, files[i], &og_shape_facts_file, d);
    if (roots[i] == NULL) {
      continue;
    }
    const og_node *f = og_map_get(roots[i], "facts");
    const og_node *e = og_map_get(roots[i], "enums");
    if (f && nfacts <= OG_MAX_FACTS && nfacts + f->n > OG_MAX_FACTS) {
      /* Name the first fact over the limit. */
      const og_node *over = f->items[OG_MAX_FACTS - nfacts];
      og_diag_add(d, files[i], over->line, over->col,
                  "too many facts (limit is %d)", OG_MAX_FACTS);
    }
    nfacts += f ? f->n : 0;
    nenums += e ? e->n : 0;
    ngroups += og_map_get(roots[i], "group") ? 1 : 0;
    if (f && f->n > 0 && og_map_get(roots[i], "group") == NULL) {
      og_diag_add(d, files[i], roots[i]->line, roots[i]->col,
                  "facts need a 'group'");
    }
  }
  if (d->n != before) {
    goto done;
  }
  og_arena *a = &rs->arena;
  v->enums = og_arena_alloc(a, nenums * sizeof(og_enum));
  v->groups = og_arena_alloc(a, ngroups * sizeof(og_group));
  v->facts = og_arena_alloc(a, nfacts * sizeof(og_factdef));
  /* Enums first: any group may use any file's enum. */
  for (size_t i = 0; i < nfiles; i++) {
    const og_node *e = og_map_get(roots[i], "enums");
    for (size_t k = 0; e && k < e->n; k++) {
      const og_node *key = og_map_key(e, k);
      for (size_t j = 0; j < v->nenums; j++) {
        if (strcmp(v->enums[j].name, key->str) == 0) {
          og_diag_add(d, files[i], key->line, key->col,
                      "enum '%s' defined twice", key->str);
        }
      }
      og_enum *en = enum_from_list(a, key->str, og_map_val(e, k), d);
      if (en) {
        v->enums[v->nenums++] = *en;
      }
    }
  }
  for (size_t i = 0; i < nfiles; i++) {
    const og_node *gn = og_map_get(roots[i], "group");
    if (gn == NULL) {
      continue;
    }
    if (og_vocab_group(v, gn->str) != NULL) {
      og_diag_add(d, files[i], gn->line, gn->col, "group '%s' defined twice",
                  gn->str);
      continue;
    }
    og_group *g = &v->groups[v->ngroups++];
    g->name = gn->str;
    g->title = str_of(roots[i], "title") ? str_of(roots[i], "title") : gn->str;
    const og_node *order = og_map_get(roots[i], "order");
    g->order = order ? (int)order->ival : 1000;
    const og_node *facts = og_map_get(roots[i], "facts");
    for (size_t k = 0; facts && k < facts->n; k++) {
      const og_node *fn = facts->items[k];
      og_factdef *def = &v->facts[v->nfacts];
      def->name = str_of(fn, "name");
      def->path = og_arena_printf(a, "%s.%s", g->name, def->name);
      if (og_vocab_find(v, def->path) != NULL) {
        og_diag_add(d, files[i], fn->line, fn->col, "fact '%s' defined twice",
                    def->path);
        continue;
      }
      def->group = g;
      def->type = ftype_of(str_of(fn, "type"));
      def->description = str_of(fn, "description");
      const og_node *mn = og_map_get(fn, "min"), *mx = og_map_get(fn, "max");
      def->has_min = mn != NULL;
      def->min = mn ? mn->ival : 0;
      def->has_max = mx != NULL;
      def->max = mx ? mx->ival : 0;
      const og_node *of = og_map_get(fn, "of"), *vals = og_map_get(fn, "values");
      bool enumish = def->type == OG_F_ENUM || def->type == OG_F_SET;
      if (enumish && (of == NULL) == (vals == NULL)) {
        og_diag_add(d, files[i], fn->line, fn->col,
                    "fact '%s' of type %s needs exactly one of 'of' and "
                    "'values'",
                    def->path, og_ftype_name(def->type));
        continue;
      }
      if (!enumish && (of || vals)) {
        og_diag_add(d, files[i], fn->line, fn->col,
                    "'of' and 'values' belong to enum and set facts only");
        continue;
      }
      if (of) {
        for (size_t j = 0; j < v->nenums; j++) {
          if (strcmp(v->enums[j].name, of->str) == 0) {
            def->values = &v->enums[j];
          }
        }
        if (def->values == NULL) {
          og_diag_add(d, files[i], of->line, of->col, "unknown enum '%s'",
                      of->str);
          continue;
        }
      } else if (vals) {
        def->values = enum_from_list(a, def->path, vals, d);
        if (def->values == NULL) {
          continue;
        }
      }
      def->index = v->nfacts++;
    }
  }
  og_vocab_index(v, a);
  for (size_t i = 0; i < nfiles && d->n == before; i++) {
    load_labels(v, a, files[i], roots[i], d);
  }
done:
  free(roots);
  free_list(files, nfiles);
  return d->n == before;
}

/* ---- templates --------------------------------------------------------- */
/* Checks every {placeholder} of a template against the vocabulary and the
 * rule's parameters. */
static void add_seg(og_ruleset *rs, og_template *t, size_t *cap, og_seg seg) {
  if (t->nsegs == *cap) {
    size_t ncap = *cap ? *cap * 2 : 8;
    og_seg *segs = og_arena_alloc(&rs->arena, ncap * sizeof(og_seg));
    if (t->nsegs) {
      memcpy(segs, t->segs, t->nsegs * sizeof(og_seg));
    }
    t->segs = segs;
    *cap = ncap;
  }
  t->segs[t->nsegs++] = seg;
}

static bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

/* The length of the fact path of the vocabulary that s begins with (at
 * most n bytes), or 0. */
static size_t path_at(const og_vocab *v, const char *s, size_t n,
                      const og_factdef **def) {
  size_t k = 0;
  while (k < n && ident_char(s[k])) {
    k++;
  }
  while (k > 0 && s[k - 1] == '.') { /* a full stop ends a sentence */
    k--;
  }
  char path[160];
  if (k == 0 || k >= sizeof(path)) {
    return 0;
  }
  memcpy(path, s, k);
  path[k] = '\0';
  *def = og_vocab_find(v, path);
  return *def ? k : 0;
}

/* The end of "(path[, path| and path| or path]...)" whose first path
 * begins at s, or NULL when the parentheses hold anything else. */
static const char *paths_only_group(const og_vocab *v, const char *s,
                                    const char *end) {
  static const char *const seps[] = {", and ", ", or ", ", ", " and ",
                                     " or "};
  for (;;) {
    const og_factdef *def;
    size_t k = path_at(v, s, (size_t)(end - s), &def);
    if (k == 0) {
      return NULL;
    }
    s += k;
    if (s < end && *s == ')') {
      return s;
    }
    size_t j = 0;
    while (j < 5 && strncmp(s, seps[j], strlen(seps[j])) != 0) {
      j++;
    }
    if (j == 5) {
      return NULL;
    }
    s += strlen(seps[j]);
  }
}

/* A literal run of a template: fact paths in it become labels, and a
 * parenthesis that only names facts is dropped with the space before it. */
static void add_text(og_ruleset *rs, og_template *t, size_t *segcap,
                     const char *p, size_t len) {
  const char *end = p + len, *start = p;
  for (const char *s = p; s < end;) {
    const og_factdef *def = NULL;
    size_t k = (s == p || !ident_char(s[-1])) && *s >= 'a' && *s <= 'z'
                   ? path_at(&rs->vocab, s, (size_t)(end - s), &def)
                   : 0;
    if (k == 0) {
      s++;
      continue;
    }
    const char *close =
        s > p && s[-1] == '(' ? paths_only_group(&rs->vocab, s, end) : NULL;
    if (close) {
      const char *cut = s - 1;
      if (cut > start && cut[-1] == ' ') {
        cut--;
      }
      if (cut > start) {
        add_seg(rs, t, segcap,
                (og_seg){.kind = OG_SEG_TEXT, .text = start,
                         .len = (size_t)(cut - start)});
      }
      s = start = close + 1;
      continue;
    }
    if (s > start) {
      add_seg(rs, t, segcap,
              (og_seg){.kind = OG_SEG_TEXT, .text = start,
                       .len = (size_t)(s - start)});
    }
    add_seg(rs, t, segcap, (og_seg){.kind = OG_SEG_LABEL, .fact = def});
    s = start = s + k;
  }
  if (end > start) {
    add_seg(rs, t, segcap,
            (og_seg){.kind = OG_SEG_TEXT, .text = start,
                     .len = (size_t)(end - start)});
  }
}

/* Compiles a text's {placeholders} against the vocabulary and the rule's
 * parameters; every fact a text names joins the facts the rule rests on. */
static void compile_template(og_ruleset *rs, const og_rule *r,
                             const og_node *n, og_template *t,
                             const og_factdef **facts, size_t *nfacts,
                             size_t cap, og_diags *d) {
  memset(t, 0, sizeof(*t));
  if (n == NULL) {
    return;
  }
  t->source = n->str;
  size_t segcap = 0;
  const char *p = n->str;
  for (;;) {
    const char *open = strchr(p, '{');
    if (open == NULL || open > p) {
      size_t len = open ? (size_t)(open - p) : strlen(p);
      if (len) {
        add_text(rs, t, &segcap, p, len);
      }
      if (open == NULL) {
        return;
      }
    }
    p = open;
    const char *end = strchr(p, '}');
    if (end == NULL) {
      og_diag_add(d, n->file, n->line, n->col,
                  "unclosed '{' in text of rule '%s'", r->id);
      return;
    }
    char name[160];
    size_t len = (size_t)(end - p - 1);
    if (len >= sizeof(name)) {
      len = sizeof(name) - 1;
    }
    memcpy(name, p + 1, len);
    name[len] = '\0';
    const char *path = name;
    bool need_set = false;
    og_seg seg = {.kind = OG_SEG_VALUE};
    if (strncmp(name, "param:", 6) == 0) {
      const og_param *pp = og_rule_param(r, name + 6);
      if (pp) {
        add_seg(rs, t, &segcap,
                (og_seg){.kind = OG_SEG_PARAM,
                         .param = (size_t)(pp - r->params)});
      } else {
        og_diag_add(d, n->file, n->line, n->col,
                    "placeholder '{%s}' names no parameter of rule '%s'", name,
                    r->id);
      }
      p = end + 1;
      continue;
    }
    if (strncmp(name, "missing:", 8) == 0) {
      path = name + 8;
      need_set = true;
      seg.kind = OG_SEG_MISSING;
    } else if (strncmp(name, "cite:", 5) == 0) {
      path = name + 5;
      seg.kind = OG_SEG_CITE;
    }
    const og_factdef *def = og_vocab_find(&rs->vocab, path);
    if (def == NULL) {
      og_diag_add(d, n->file, n->line, n->col,
                  "placeholder '{%s}' names no fact of the vocabulary", name);
    } else if (need_set && def->type != OG_F_SET) {
      og_diag_add(d, n->file, n->line, n->col,
                  "placeholder '{%s}' needs a set fact", name);
    } else {
      bool seen = false;
      for (size_t i = 0; i < *nfacts; i++) {
        seen = seen || facts[i] == def;
      }
      if (!seen && *nfacts < cap) {
        facts[(*nfacts)++] = def;
      }
      seg.fact = def;
      add_seg(rs, t, &segcap, seg);
    }
    p = end + 1;
  }
}

/* ---- rules ------------------------------------------------------------- */
static void collect_facts(og_arena *a, og_rule *r, const og_cond *c,
                          const og_factdef **buf, size_t *n, size_t cap) {
  if (c == NULL) {
    return;
  }
  for (size_t i = 0; i < c->nkids; i++) {
    collect_facts(a, r, c->kids[i], buf, n, cap);
  }
  if (c->fact) {
    for (size_t i = 0; i < *n; i++) {
      if (buf[i] == c->fact) {
        return;
      }
    }
    if (*n < cap) {
      buf[(*n)++] = c->fact;
    }
  }
}

static bool parse_param_value(const og_param *p, const og_node *n, og_value *out,
                              og_diags *d) {
  og_factdef def = {.path = p->name, .type = p->type};
  return og_value_from_node(&def, n, out, d);
}

/* An example's params name parameters of its rule, with values of their
 * types: a typo is an error at its place, not a failing example. */
static void check_example_params(const og_rule *r, const og_node *params,
                                 const char *file, og_diags *d) {
  for (size_t i = 0; params && i < params->n; i++) {
    const og_node *k = og_map_key(params, i);
    const og_param *p = og_rule_param(r, k->str);
    if (p) {
      og_value v;
      parse_param_value(p, og_map_val(params, i), &v, d);
      continue;
    }
    const char *names[64];
    size_t nn = 0;
    for (size_t j = 0; j < r->nparams && nn < 64; j++) {
      names[nn++] = r->params[j].name;
    }
    const char *near = og_did_you_mean(k->str, names, nn);
    og_diag_add(d, file, k->line, k->col,
                "rule '%s' has no parameter '%s'%s%s%s", r->id, k->str,
                near ? " (did you mean '" : "", near ? near : "",
                near ? "'?)" : "");
  }
}

static const char *const outcome_keys[] = {"met", "partial", "gap"};

static void load_rule(og_ruleset *rs, og_rule *r, const og_node *rn,
                      const char *file, og_diags *d) {
  og_arena *a = &rs->arena;
  r->id = str_of(rn, "id");
  r->area = og_arena_strndup(a, r->id, (size_t)(strchr(r->id, '.') - r->id));
  r->title = str_of(rn, "title");
  r->requirement = str_of(rn, "requirement");
  r->strength = (og_strength)og_strength_parse(str_of(rn, "strength"));
  r->file = file;
  r->line = rn->line;
  r->col = rn->col;

  /* citations, by role */
  const og_node *cn = og_map_get(rn, "citations");
  static const char *const roles[] = {"creates", "explains", "applies"};
  size_t total = 0;
  for (size_t k = 0; k < 3; k++) {
    const og_node *l = og_map_get(cn, roles[k]);
    total += l ? l->n : 0;
  }
  r->cites = og_arena_alloc(a, total * sizeof(og_rule_cite));
  for (size_t k = 0; k < 3; k++) {
    const og_node *l = og_map_get(cn, roles[k]);
    for (size_t i = 0; l && i < l->n; i++) {
      og_rule_cite *rc = &r->cites[r->ncites];
      rc->role = (og_role)k;
      if (og_citation_parse(&rs->reg, a, l->items[i]->str, &rc->cite, file,
                            l->items[i]->line, l->items[i]->col, d)) {
        r->ncites++;
      }
    }
    if (k == 0 && (l == NULL || l->n == 0)) {
      og_diag_add(d, file, cn->line, cn->col,
                  "rule '%s' cites nothing under 'creates'", r->id);
    }
  }

  const og_node *cw = og_map_get(rn, "crosswalk");
  if (cw) {
    r->crosswalk = og_arena_alloc(a, cw->n * sizeof(og_criterion *));
    for (size_t i = 0; i < cw->n; i++) {
      const og_criterion *c = og_registry_criterion(&rs->reg, cw->items[i]->str);
      if (c == NULL) {
        og_diag_add(d, file, cw->items[i]->line, cw->items[i]->col,
                    "unknown framework criterion '%s'", cw->items[i]->str);
        continue;
      }
      r->crosswalk[r->ncrosswalk++] = c;
    }
  }

  const og_node *pn = og_map_get(rn, "params");
  if (pn) {
    r->params = og_arena_alloc(a, pn->n * sizeof(og_param));
    for (size_t i = 0; i < pn->n; i++) {
      og_param *p = &r->params[r->nparams];
      p->name = str_of(pn->items[i], "name");
      p->description = str_of(pn->items[i], "description");
      const char *t = str_of(pn->items[i], "type");
      p->type = strcmp(t, "int") == 0    ? OG_F_INT
                : strcmp(t, "bool") == 0 ? OG_F_BOOL
                                         : OG_F_STRING;
      if (parse_param_value(p, og_map_get(pn->items[i], "default"), &p->def,
                            d)) {
        r->nparams++;
      }
    }
  }

  const og_node *sc = og_map_get(rn, "scope");
  r->national_only = sc && sc->str && strcmp(sc->str, "national") == 0;
  const og_node *ai = og_map_get(rn, "applies_if");
  if (ai) {
    r->applies_if = og_cond_compile(rs, r, ai, file, 1, d);
  }
  for (size_t k = 0; k < 3; k++) {
    const og_node *on = og_map_get(rn, outcome_keys[k]);
    if (on == NULL) {
      continue;
    }
    r->outcome[k].defined = true;
    r->outcome[k].when =
        og_cond_compile(rs, r, og_map_get(on, "when"), file, 1, d);
  }
  /* The facts a rule rests on: those its conditions read, then those its
   * texts name. */
  const og_factdef *facts[256];
  size_t nf = 0;
  collect_facts(a, r, r->applies_if, facts, &nf, 256);
  for (size_t k = 0; k < 3; k++) {
    collect_facts(a, r, r->outcome[k].when, facts, &nf, 256);
  }
  r->ncond_facts = nf;
  for (size_t k = 0; k < 3; k++) {
    const og_node *on = og_map_get(rn, outcome_keys[k]);
    if (on) {
      compile_template(rs, r, og_map_get(on, "because"), &r->outcome[k].because,
                       facts, &nf, 256, d);
    }
  }
  compile_template(rs, r, og_map_get(rn, "remedy"), &r->remedy, facts, &nf,
                   256, d);
  compile_template(rs, r, og_map_get(rn, "unknown_because"),
                   &r->unknown_because, facts, &nf, 256, d);
  r->facts = og_arena_alloc(a, nf * sizeof(og_factdef *));
  memcpy(r->facts, facts, nf * sizeof(og_factdef *));
  r->nfacts = nf;

  const og_node *pats = og_map_get(rn, "patterns");
  if (pats) {
    r->patterns = og_arena_alloc(a, pats->n * sizeof(og_pattern));
    for (size_t i = 0; i < pats->n; i++) {
      const og_node *pn2 = pats->items[i];
      og_pattern *p = &r->patterns[r->npatterns];
      p->id = str_of(pn2, "id");
      for (size_t j = 0; j < r->npatterns; j++) {
        if (strcmp(r->patterns[j].id, p->id) == 0) {
          og_diag_add(d, file, pn2->line, pn2->col,
                      "pattern '%s' defined twice in rule '%s'", p->id, r->id);
        }
      }
      p->lang = str_of(pn2, "lang");
      p->regex = str_of(pn2, "regex");
      p->why = str_of(pn2, "why");
      p->suggests = (og_status)og_status_parse(str_of(pn2, "suggests"));
      p->line = pn2->line;
      p->col = pn2->col;
      /* with an offset limit allowed: scan runs it in windows */
      p->re = og_regex_compile(rs, p->regex, PCRE2_USE_OFFSET_LIMIT,
                               og_map_get(pn2, "regex"), d);
      const og_node *fn = og_map_get(pn2, "fact");
      if (fn) {
        p->fact = og_vocab_find(&rs->vocab, fn->str);
        if (p->fact == NULL) {
          og_diag_add(d, file, fn->line, fn->col, "unknown fact '%s'",
                      fn->str);
        }
      }
      p->value = og_map_get(pn2, "value");
      if ((p->value == NULL) != (fn == NULL)) {
        og_diag_add(d, file, pn2->line, pn2->col,
                    "pattern '%s' needs both 'fact' and 'value' or neither",
                    p->id);
      } else if (p->value && p->fact) {
        og_value tmp;
        og_value_from_node(p->fact, p->value, &tmp, d);
      }
      r->npatterns++;
    }
  }

  const og_node *ex = og_map_get(rn, "examples");
  if (ex) {
    r->examples = og_arena_alloc(a, ex->n * sizeof(og_example));
    for (size_t i = 0; i < ex->n; i++) {
      og_example *e = &r->examples[r->nexamples++];
      e->expect = (og_status)og_status_parse(str_of(ex->items[i], "expect"));
      e->facts = og_map_get(ex->items[i], "facts");
      e->params = og_map_get(ex->items[i], "params");
      e->line = ex->items[i]->line;
      e->col = ex->items[i]->col;
      check_example_params(r, e->params, file, d);
    }
  }
}

static void load_rules_file(og_ruleset *rs, const char *path, og_rule **rules,
                            size_t *n, size_t *cap, og_diags *d) {
  const og_node *root = load_doc(rs, path, &og_shape_rules_file, d);
  if (root == NULL) {
    return;
  }
  const char *file = rs->docs[rs->ndocs - 1].file;
  const og_node *list = og_map_get(root, "rules");
  const og_node *title = og_map_get(root, "title");
  const og_node *order = og_map_get(root, "order");
  for (size_t i = 0; i < list->n; i++) {
    const og_node *rn = list->items[i];
    const og_node *idn = og_map_get(rn, "id");
    for (size_t j = 0; j < *n; j++) {
      if (strcmp((*rules)[j].id, idn->str) == 0) {
        og_diag_add(d, file, idn->line, idn->col,
                    "rule '%s' defined twice (first at %s:%d:%d)", idn->str,
                    (*rules)[j].file, (*rules)[j].line, (*rules)[j].col);
      }
    }
    if (*n >= OG_MAX_RULES) {
      og_diag_add(d, file, rn->line, rn->col, "too many rules (limit is %d)",
                  OG_MAX_RULES);
      return;
    }
    if (*n == *cap) {
      *cap = *cap ? *cap * 2 : 64;
      *rules = og_xrealloc(*rules, *cap * sizeof(og_rule));
    }
    og_rule *r = &(*rules)[(*n)++];
    memset(r, 0, sizeof(*r));
    load_rule(rs, r, rn, file, d);
    r->chapter = title ? title->str : NULL;
    r->chapter_order = order ? (int)order->ival : 1000;
  }
}

og_ruleset *og_ruleset_load(const char *dir, og_diags *d) {
  og_ruleset *rs = og_xcalloc(1, sizeof(*rs));
  og_arena_init(&rs->arena);
  og_arena_init(&rs->cond_arena);
  rs->dir = og_arena_strdup(&rs->arena, dir);
  size_t before = d->n;
  char *path = og_xasprintf("%s/sources.yaml", dir);
  bool ok = load_registry(rs, path, d);
  free(path);
  path = og_xasprintf("%s/facts", dir);
  ok = load_vocab(rs, path, d) && ok;
  free(path);
  if (!ok) {
    og_ruleset_free(rs);
    return NULL;
  }
  size_t nfiles;
  char **files = list_yaml(dir, &nfiles);
  og_rule *rules = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < nfiles; i++) {
    size_t len = strlen(files[i]);
    if (len >= 12 && strcmp(files[i] + len - 12, "sources.yaml") == 0) {
      continue;
    }
    load_rules_file(rs, files[i], &rules, &n, &cap, d);
  }
  free_list(files, nfiles);
  if (n == 0 && d->n == before) {
    og_diag_add(d, dir, 0, 0, "no rules found");
  }
  /* Reports follow the Protocol's structure: rule files in their `order`,
   * rules within a file as written (a stable insertion sort). */
  for (size_t i = 1; i < n; i++) {
    og_rule tmp = rules[i];
    size_t j = i;
    while (j > 0 && rules[j - 1].chapter_order > tmp.chapter_order) {
      rules[j] = rules[j - 1];
      j--;
    }
    rules[j] = tmp;
  }
  /* The rules live in the arena; copy them out of the growable array. */
  rs->rules = og_arena_alloc(&rs->arena, n * sizeof(og_rule));
  if (n) {
    memcpy(rs->rules, rules, n * sizeof(og_rule));
  }
  rs->nrules = n;
  free(rules);
  if (d->n != before) {
    og_ruleset_free(rs);
    return NULL;
  }
  return rs;
}

void og_ruleset_free(og_ruleset *rs) {
  if (rs == NULL) {
    return;
  }
  for (size_t i = 0; i < rs->ncodes; i++) {
    pcre2_code_free(rs->codes[i]);
  }
  free(rs->codes);
  for (size_t i = 0; i < rs->ndocs; i++) {
    og_doc_release(&rs->docs[i]);
  }
  free(rs->docs);
  og_arena_free(&rs->cond_arena);
  og_arena_free(&rs->arena);
  free(rs);
}

const char *og_ruleset_nearest(const og_ruleset *rs, const char *id) {
  const char **ids = og_xmalloc((rs->nrules + 1) * sizeof(char *));
  for (size_t i = 0; i < rs->nrules; i++) {
    ids[i] = rs->rules[i].id;
  }
  const char *near = og_did_you_mean(id, ids, rs->nrules);
  free(ids);
  return near;
}

const og_rule *og_ruleset_find(const og_ruleset *rs, const char *id) {
  for (size_t i = 0; i < rs->nrules; i++) {
    if (strcmp(rs->rules[i].id, id) == 0) {
      return &rs->rules[i];
    }
  }
  return NULL;
}

/* ---- texts in another language (rules/LANG/) --------------------------- */
/* rules/LANG/NAME.yaml gives, for the rules of rules/NAME.yaml, the texts
 * people read in LANG: the file's title; each rule's title, requirement,
 * the `because` of each of its outcomes, unknown_because, remedy, the
 * descriptions of its params and the `why` of its English patterns.
 * rules/LANG/facts/ *.yaml give member_labels and fact_labels. Every
 * placeholder of a text must be the English text's (same set); an id,
 * outcome, param or pattern the English lacks is an error. */

/* The sorted, distinct {placeholders} of a template's source, joined. */
static void placeholders(const char *s, og_buf *out) {
  const char *names[128];
  size_t lens[128], n = 0;
  for (const char *p = s ? strchr(s, '{') : NULL; p; p = strchr(p + 1, '{')) {
    const char *e = strchr(p, '}');
    if (e == NULL) {
      break;
    }
    bool seen = false;
    for (size_t i = 0; i < n; i++) {
      seen = seen || (lens[i] == (size_t)(e - p - 1) &&
                      strncmp(names[i], p + 1, lens[i]) == 0);
    }
    if (!seen && n < 128) {
      names[n] = p + 1;
      lens[n++] = (size_t)(e - p - 1);
    }
  }
  for (size_t i = 1; i < n; i++) { /* insertion sort */
    for (size_t j = i; j > 0; j--) {
      size_t m = lens[j] < lens[j - 1] ? lens[j] : lens[j - 1];
      int c = strncmp(names[j], names[j - 1], m);
      if (c > 0 || (c == 0 && lens[j] >= lens[j - 1])) {
        break;
      }
      const char *tn = names[j];
      size_t tl = lens[j];
      names[j] = names[j - 1];
      lens[j] = lens[j - 1];
      names[j - 1] = tn;
      lens[j - 1] = tl;
    }
  }
  for (size_t i = 0; i < n; i++) {
    og_buf_printf(out, "%s{%.*s}", i ? ", " : "", (int)lens[i], names[i]);
  }
  if (n == 0) {
    og_buf_puts(out, "none");
  }
}

/* Compiles a translated text in place of t when its placeholders are the
 * English text's. */
static void translate_template(og_ruleset *rs, const og_rule *r,
                               const og_node *n, const char *field,
                               const char *lang, og_template *t,
                               og_diags *d) {
  og_buf a, b;
  og_buf_init(&a);
  og_buf_init(&b);
  placeholders(t->source, &a);
  placeholders(n->str, &b);
  if (strcmp(og_buf_str(&a), og_buf_str(&b)) != 0) {
    og_diag_add(d, n->file, n->line, n->col,
                "rule '%s': the %s text of '%s' has placeholders %s where the "
                "English has %s",
                r->id, lang, field, og_buf_str(&b), og_buf_str(&a));
  } else {
    const og_factdef *facts[256];
    size_t nf = 0;
    og_template tt;
    size_t before = d->n;
    compile_template(rs, r, n, &tt, facts, &nf, 256, d);
    if (d->n == before) {
      *t = tt;
    }
  }
  og_buf_free(&a);
  og_buf_free(&b);
}

static void translate_rule(og_ruleset *rs, og_rule *r, const og_node *tn,
                           const char *lang, og_diags *d) {
  const og_node *n;
  if ((n = og_map_get(tn, "title")) != NULL) {
    r->title = n->str;
  }
  if ((n = og_map_get(tn, "requirement")) != NULL) {
    r->requirement = n->str;
  }
  for (size_t k = 0; k < 3; k++) {
    if ((n = og_map_get(tn, outcome_keys[k])) == NULL) {
      continue;
    }
    if (!r->outcome[k].defined) {
      og_diag_add(d, n->file, n->line, n->col,
                  "rule '%s' has no '%s' outcome to translate", r->id,
                  outcome_keys[k]);
      continue;
    }
    translate_template(rs, r, n, outcome_keys[k], lang,
                       &r->outcome[k].because, d);
  }
  if ((n = og_map_get(tn, "unknown_because")) != NULL) {
    if (r->unknown_because.source == NULL) {
      og_diag_add(d, n->file, n->line, n->col,
                  "rule '%s' has no 'unknown_because' to translate", r->id);
    } else {
      translate_template(rs, r, n, "unknown_because", lang,
                         &r->unknown_because, d);
    }
  }
  if ((n = og_map_get(tn, "remedy")) != NULL) {
    translate_template(rs, r, n, "remedy", lang, &r->remedy, d);
  }
  const og_node *pm = og_map_get(tn, "params");
  for (size_t i = 0; pm && i < pm->n; i++) {
    const og_node *k = og_map_key(pm, i);
    og_param *p = (og_param *)(uintptr_t)og_rule_param(r, k->str);
    if (p == NULL) {
      og_diag_add(d, k->file, k->line, k->col,
                  "rule '%s' has no parameter '%s'", r->id, k->str);
    } else {
      p->description = og_map_val(pm, i)->str;
    }
  }
  const og_node *pt = og_map_get(tn, "patterns");
  for (size_t i = 0; pt && i < pt->n; i++) {
    const og_node *k = og_map_key(pt, i);
    size_t j = 0;
    while (j < r->npatterns && strcmp(r->patterns[j].id, k->str) != 0) {
      j++;
    }
    if (j == r->npatterns) {
      og_diag_add(d, k->file, k->line, k->col,
                  "rule '%s' has no pattern '%s'", r->id, k->str);
    } else {
      r->patterns[j].why = og_map_val(pt, i)->str;
    }
  }
}

/* What a rule still says only in English, one problem each, at the rule's
 * place in the translation (or the English rule when it has none). */
static void untranslated(const og_rule *r, const og_rule *en,
                         const og_node *tn, const char *tfile,
                         const char *lang, og_diags *m) {
  const char *file = tn ? tfile : r->file;
  int line = tn ? tn->line : r->line, col = tn ? tn->col : r->col;
  if (tn == NULL) {
    og_diag_add(m, file, line, col, "rule '%s' has no %s texts (rules/%s/)",
                r->id, lang, lang);
    return;
  }
  static const char *const plain[] = {"title", "requirement", "remedy"};
  for (size_t i = 0; i < 3; i++) {
    if (og_map_get(tn, plain[i]) == NULL) {
      og_diag_add(m, file, line, col, "rule '%s' has no %s '%s'", r->id, lang,
                  plain[i]);
    }
  }
  for (size_t k = 0; k < 3; k++) {
    if (r->outcome[k].defined && og_map_get(tn, outcome_keys[k]) == NULL) {
      og_diag_add(m, file, line, col, "rule '%s' has no %s '%s' text", r->id,
                  lang, outcome_keys[k]);
    }
  }
  if (en->unknown_because.source && og_map_get(tn, "unknown_because") == NULL) {
    og_diag_add(m, file, line, col, "rule '%s' has no %s 'unknown_because'",
                r->id, lang);
  }
  const og_node *pm = og_map_get(tn, "params");
  for (size_t i = 0; i < r->nparams; i++) {
    if (r->params[i].description && og_map_get(pm, r->params[i].name) == NULL) {
      og_diag_add(m, file, line, col,
                  "rule '%s' has no %s description of parameter '%s'", r->id,
                  lang, r->params[i].name);
    }
  }
  const og_node *pt = og_map_get(tn, "patterns");
  for (size_t i = 0; i < r->npatterns; i++) {
    if (r->patterns[i].why && strcmp(r->patterns[i].lang, lang) != 0 &&
        og_map_get(pt, r->patterns[i].id) == NULL) {
      og_diag_add(m, file, line, col,
                  "rule '%s' has no %s 'why' for pattern '%s'", r->id, lang,
                  r->patterns[i].id);
    }
  }
}

static bool has_dir(const char *p) {
  DIR *dp = opendir(p);
  if (dp) {
    closedir(dp);
  }
  return dp != NULL;
}

int og_ruleset_translate(og_ruleset *rs, const char *lang, og_diags *d,
                         og_diags *missing) {
  size_t before = d->n;
  char *dir = og_xasprintf("%s/%s", rs->dir, lang);
  if (!has_dir(dir)) {
    og_diag_add(d, dir, 0, 0, "no rule texts in '%s' (the directory is missing)",
                lang);
    free(dir);
    return -1;
  }
  /* the English, to see what a translation left untouched */
  og_rule *en = og_xmalloc((rs->nrules ? rs->nrules : 1) * sizeof(og_rule));
  memcpy(en, rs->rules, rs->nrules * sizeof(og_rule));
  const og_node **tnode = og_xcalloc(rs->nrules + 1, sizeof(og_node *));
  const char **tfile = og_xcalloc(rs->nrules + 1, sizeof(char *));
  size_t nchap = 0;
  const char **chap_en = og_xcalloc(rs->nrules + 1, sizeof(char *));
  const char **chap_tr = og_xcalloc(rs->nrules + 1, sizeof(char *));

  /* labels: keep the English pointers to find those left untranslated;
   * the enums are those the facts use (named or inline), each once */
  size_t nen = 0;
  const og_enum **ens = og_xcalloc(rs->vocab.nfacts + 1, sizeof(og_enum *));
  for (size_t i = 0; i < rs->vocab.nfacts; i++) {
    const og_enum *e = rs->vocab.facts[i].values;
    bool seen = e == NULL;
    for (size_t k = 0; k < nen && !seen; k++) {
      seen = ens[k] == e;
    }
    if (!seen) {
      ens[nen++] = e;
    }
  }
  size_t nlabels = 0;
  for (size_t i = 0; i < nen; i++) {
    nlabels += ens[i]->nmembers;
  }
  const char **mlab = og_xcalloc(nlabels + 1, sizeof(char *));
  const char **flab = og_xcalloc(rs->vocab.nfacts + 1, sizeof(char *));
  for (size_t i = 0, x = 0; i < nen; i++) {
    const og_enum *e = ens[i];
    for (size_t j = 0; j < e->nmembers; j++, x++) {
      mlab[x] = e->labels ? e->labels[j] : NULL;
    }
  }
  for (size_t i = 0; i < rs->vocab.nfacts; i++) {
    flab[i] = rs->vocab.facts[i].label;
  }
  char *fdir = og_xasprintf("%s/facts", dir);
  size_t nfiles;
  char **files = list_yaml(fdir, &nfiles);
  for (size_t i = 0; i < nfiles; i++) {
    const og_node *root = load_doc(rs, files[i], &og_shape_facts_file, d);
    if (root) {
      load_labels(&rs->vocab, &rs->arena, rs->docs[rs->ndocs - 1].file, root,
                  d);
    }
  }
  free_list(files, nfiles);
  free(fdir);

  /* a file that cannot be read leaves its rules untranslated: say only
   * why it cannot be read, not every text it would have given */
  bool unreadable = false;
  files = list_yaml(dir, &nfiles);
  for (size_t i = 0; i < nfiles; i++) {
    const og_node *root = load_doc(rs, files[i], &og_shape_lang_rules_file, d);
    if (root == NULL) {
      unreadable = true;
      continue;
    }
    const char *file = rs->docs[rs->ndocs - 1].file;
    const og_node *title = og_map_get(root, "title");
    const og_node *list = og_map_get(root, "rules");
    for (size_t k = 0; list && k < list->n; k++) {
      const og_node *tn = list->items[k];
      const og_node *idn = og_map_get(tn, "id");
      size_t x = 0;
      while (x < rs->nrules && strcmp(rs->rules[x].id, idn->str) != 0) {
        x++;
      }
      if (x == rs->nrules) {
        const char *near = og_ruleset_nearest(rs, idn->str);
        og_diag_add(d, file, idn->line, idn->col, "no rule '%s'%s%s%s",
                    idn->str, near ? " (did you mean '" : "", near ? near : "",
                    near ? "'?)" : "");
        continue;
      }
      if (tnode[x]) {
        og_diag_add(d, file, idn->line, idn->col,
                    "rule '%s' translated twice (first at %s:%d:%d)", idn->str,
                    tfile[x], tnode[x]->line, tnode[x]->col);
        continue;
      }
      tnode[x] = tn;
      tfile[x] = file;
      translate_rule(rs, &rs->rules[x], tn, lang, d);
      if (title && en[x].chapter) {
        size_t c = 0;
        while (c < nchap && chap_en[c] != en[x].chapter) {
          c++;
        }
        if (c == nchap) {
          chap_en[nchap] = en[x].chapter;
          chap_tr[nchap++] = title->str;
        }
      }
    }
  }
  free_list(files, nfiles);
  /* a file's title names the chapter of every rule of its English file */
  for (size_t x = 0; x < rs->nrules; x++) {
    for (size_t c = 0; c < nchap; c++) {
      if (en[x].chapter == chap_en[c]) {
        rs->rules[x].chapter = chap_tr[c];
      }
    }
  }
  if (missing && !unreadable) {
    for (size_t x = 0; x < rs->nrules; x++) {
      untranslated(&rs->rules[x], &en[x], tnode[x], tfile[x], lang, missing);
      if (en[x].chapter && rs->rules[x].chapter == en[x].chapter &&
          (x == 0 || en[x - 1].chapter != en[x].chapter)) {
        og_diag_add(missing, en[x].file, 1, 1,
                    "the rules file has no %s title (rules/%s/)", lang, lang);
      }
    }
    for (size_t i = 0, x = 0; i < nen; i++) {
      const og_enum *e = ens[i];
      for (size_t j = 0; j < e->nmembers; j++, x++) {
        if (mlab[x] && e->labels[j] == mlab[x]) {
          og_diag_add(missing, dir, 0, 0,
                      "member '%s' of '%s' has no %s label (facts/*.yaml)",
                      e->members[j], e->name, lang);
        }
      }
    }
    for (size_t i = 0; i < rs->vocab.nfacts; i++) {
      if (flab[i] && rs->vocab.facts[i].label == flab[i]) {
        og_diag_add(missing, dir, 0, 0,
                    "fact '%s' has no %s label (facts/*.yaml)",
                    rs->vocab.facts[i].path, lang);
      }
    }
  }
  free(mlab);
  free(flab);
  free(ens);
  free(chap_en);
  free(chap_tr);
  free(tnode);
  free(tfile);
  free(en);
  free(dir);
  return d->n == before ? 0 : -1;
}
