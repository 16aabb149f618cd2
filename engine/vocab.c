/* vocab.c - the fact vocabulary: fact definitions, typed values.
 *
 * A fact value is typed by its definition, never by guessing: an `int`
 * fact refuses "18" in quotes, a `bool` fact refuses `yes`, an `enum` or
 * `set` fact refuses a member its enum does not list (with a did-you-mean).
 */
#include <stdlib.h>
#include <string.h>

#include "opgap.h"

static const char *const ftype_names[] = {"bool", "int",  "string",
                                          "enum", "set",  "date"};

const char *og_ftype_name(og_ftype t) { return ftype_names[t]; }

static size_t path_hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) {
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  }
  return (size_t)h;
}

void og_vocab_index(og_vocab *v, og_arena *a) {
  v->index_cap = 16;
  while (v->index_cap < v->nfacts * 2) {
    v->index_cap *= 2;
  }
  v->index = og_arena_alloc(a, v->index_cap * sizeof(size_t));
  for (size_t i = 0; i < v->nfacts; i++) {
    size_t k = path_hash(v->facts[i].path) & (v->index_cap - 1);
    while (v->index[k] != 0) {
      k = (k + 1) & (v->index_cap - 1);
    }
    v->index[k] = i + 1;
  }
}

const og_factdef *og_vocab_find(const og_vocab *v, const char *path) {
  if (v->index == NULL) { /* while the vocabulary is being loaded */
    for (size_t i = 0; i < v->nfacts; i++) {
      if (strcmp(v->facts[i].path, path) == 0) {
        return &v->facts[i];
      }
    }
    return NULL;
  }
  size_t k = path_hash(path) & (v->index_cap - 1);
  while (v->index[k] != 0) {
    const og_factdef *f = &v->facts[v->index[k] - 1];
    if (strcmp(f->path, path) == 0) {
      return f;
    }
    k = (k + 1) & (v->index_cap - 1);
  }
  return NULL;
}

const og_group *og_vocab_group(const og_vocab *v, const char *name) {
  for (size_t i = 0; i < v->ngroups; i++) {
    if (strcmp(v->groups[i].name, name) == 0) {
      return &v->groups[i];
    }
  }
  return NULL;
}

static int member_index(const og_enum *e, const char *s) {
  for (size_t i = 0; i < e->nmembers; i++) {
    if (strcmp(e->members[i], s) == 0) {
      return (int)i;
    }
  }
  return -1;
}

static bool member_from_node(const og_factdef *def, const og_node *n,
                             size_t *out, og_diags *d) {
  if (n->kind != OG_NODE_SCALAR || n->stype != OG_SCALAR_STRING) {
    og_diag_add(d, n->file, n->line, n->col,
                "fact '%s' expects a member of '%s', found %s", def->path,
                def->values->name, og_node_kind_name(n));
    return false;
  }
  int idx = member_index(def->values, n->str);
  if (idx < 0) {
    const char *near = og_did_you_mean(n->str, def->values->members,
                                       def->values->nmembers);
    og_buf b;
    og_buf_init(&b);
    for (size_t i = 0; i < def->values->nmembers; i++) {
      og_buf_printf(&b, "%s%s", i ? ", " : "", def->values->members[i]);
    }
    if (near) {
      og_diag_add(d, n->file, n->line, n->col,
                  "'%s' is not a member of '%s' (did you mean '%s'?)", n->str,
                  def->values->name, near);
    } else {
      og_diag_add(d, n->file, n->line, n->col,
                  "'%s' is not a member of '%s' (expected one of: %s)", n->str,
                  def->values->name, og_buf_str(&b));
    }
    og_buf_free(&b);
    return false;
  }
  *out = (size_t)idx;
  return true;
}

static bool members_from_list(const og_factdef *def, const og_node *n,
                              uint64_t *set, og_diags *d) {
  if (n->kind != OG_NODE_SEQ) {
    og_diag_add(d, n->file, n->line, n->col,
                "fact '%s' expects a list of members, found %s", def->path,
                og_node_kind_name(n));
    return false;
  }
  for (size_t i = 0; i < n->n; i++) {
    size_t m;
    if (!member_from_node(def, n->items[i], &m, d)) {
      return false;
    }
    if (*set & ((uint64_t)1 << m)) {
      og_diag_add(d, n->file, n->items[i]->line, n->items[i]->col,
                  "'%s' listed twice", n->items[i]->str);
      return false;
    }
    *set |= (uint64_t)1 << m;
  }
  return true;
}

const char *const og_open_list_keys[OG_OPEN_LIST_KEYS] = {"includes",
                                                          "excludes", "not_all"};

/* {includes: [..], excludes: [..]}: what the sources establish of a list
 * they do not give in full. */
static bool open_set_from_node(const og_factdef *def, const og_node *n,
                               og_value *out, og_diags *d) {
  out->open = true;
  for (size_t i = 0; i < n->n; i++) {
    const og_node *k = og_map_key(n, i);
    uint64_t *const dsts[OG_OPEN_LIST_KEYS] = {&out->set, &out->set_out,
                                               &out->not_all};
    uint64_t *dst = NULL;
    for (size_t j = 0; j < OG_OPEN_LIST_KEYS; j++) {
      if (strcmp(k->str, og_open_list_keys[j]) == 0) {
        dst = dsts[j];
      }
    }
    if (dst == NULL) {
      const char *near =
          og_did_you_mean(k->str, og_open_list_keys, OG_OPEN_LIST_KEYS);
      og_diag_add(d, k->file, k->line, k->col, "unknown key '%s'%s%s%s",
                  k->str,
                  near ? " (did you mean '"
                       : " (expected includes, excludes or not_all)",
                  near ? near : "", near ? "'?)" : "");
      return false;
    }
    if (!members_from_list(def, og_map_val(n, i), dst, d)) {
      return false;
    }
  }
  if (n->n == 0) {
    og_diag_add(d, n->file, n->line, n->col,
                "fact '%s': give 'includes', 'excludes' or 'not_all'",
                def->path);
    return false;
  }
  if (out->not_all) {
    uint64_t open_members = out->not_all & ~out->set;
    if (open_members == 0) {
      og_diag_add(d, n->file, n->line, n->col,
                  "fact '%s': 'not_all' lists only members it includes",
                  def->path);
      return false;
    }
    if (out->not_all & out->set_out) {
      out->not_all = 0; /* already satisfied by a known exclusion */
    } else if ((open_members & (open_members - 1)) == 0) {
      out->set_out |= open_members; /* only one can be the missing one */
      out->not_all = 0;
    }
  }
  if (out->set & out->set_out) {
    og_diag_add(d, n->file, n->line, n->col,
                "fact '%s': a member cannot be both included and excluded",
                def->path);
    return false;
  }
  uint64_t all = def->values->nmembers >= 64
                     ? ~(uint64_t)0
                     : ((uint64_t)1 << def->values->nmembers) - 1;
  if ((out->set | out->set_out) == all) {
    out->open = false; /* every member is decided: the list is known */
    out->set_out = 0;
  }
  return true;
}

bool og_value_from_node(const og_factdef *def, const og_node *n,
                        og_value *out, og_diags *d) {
  memset(out, 0, sizeof(*out));
  out->type = def->type;
  bool scalar = n->kind == OG_NODE_SCALAR;
  switch (def->type) {
  case OG_F_BOOL:
    if (!scalar || n->stype != OG_SCALAR_BOOL) {
      break;
    }
    out->b = n->ival != 0;
    return true;
  case OG_F_INT:
    if (!scalar || n->stype != OG_SCALAR_INT) {
      break;
    }
    out->i = n->ival;
    if ((def->has_min && out->i < def->min) ||
        (def->has_max && out->i > def->max)) {
      og_diag_add(d, n->file, n->line, n->col,
                  "fact '%s' is %lld, outside its range %lld..%lld", def->path,
                  out->i, def->min, def->max);
      return false;
    }
    return true;
  case OG_F_STRING:
    if (!scalar || n->stype == OG_SCALAR_NULL) {
      break;
    }
    out->s = n->str; /* any scalar's text: the fact is a string */
    return true;
  case OG_F_DATE:
    if (!scalar || n->stype != OG_SCALAR_DATE) {
      break;
    }
    out->s = n->str;
    return true;
  case OG_F_ENUM:
    if (!member_from_node(def, n, &out->member, d)) {
      return false;
    }
    out->s = def->values->members[out->member];
    return true;
  case OG_F_SET:
    if (n->kind == OG_NODE_MAP) {
      return open_set_from_node(def, n, out, d);
    }
    if (n->kind != OG_NODE_SEQ) {
      break;
    }
    return members_from_list(def, n, &out->set, d);
  }
  static const char *const want[] = {"true or false", "an integer", "a string",
                                     "a member", "a list of members",
                                     "a date (YYYY-MM-DD)"};
  og_diag_add(d, n->file, n->line, n->col,
              "fact '%s' is of type %s: expected %s, found %s", def->path,
              og_ftype_name(def->type), want[def->type], og_node_kind_name(n));
  return false;
}

void og_value_render(const og_factdef *def, const og_value *v, og_buf *b) {
  switch (v->type) {
  case OG_F_BOOL:
    og_buf_puts(b, v->b ? "yes" : "no");
    return;
  case OG_F_INT:
    og_buf_printf(b, "%lld", v->i);
    return;
  case OG_F_STRING:
  case OG_F_DATE:
  case OG_F_ENUM:
    og_buf_puts(b, v->s);
    return;
  case OG_F_SET: {
    if (v->open) {
      og_value known = *v;
      known.open = false;
      if (v->set) {
        og_buf_puts(b, "at least ");
        og_value_render(def, &known, b);
      }
      if (v->set_out) {
        known.set = v->set_out;
        og_buf_puts(b, v->set ? "; not " : "not ");
        og_value_render(def, &known, b);
      }
      if (v->not_all) {
        known.set = v->not_all;
        og_buf_puts(b, v->set || v->set_out ? "; not all of " : "not all of ");
        og_value_render(def, &known, b);
      }
      og_buf_puts(b, " (the rest not established)");
      return;
    }
    size_t total = 0, k = 0;
    for (size_t i = 0; i < def->values->nmembers; i++) {
      total += (v->set >> i) & 1u;
    }
    if (total == 0) {
      og_buf_puts(b, "none");
      return;
    }
    for (size_t i = 0; i < def->values->nmembers; i++) {
      if (!((v->set >> i) & 1u)) {
        continue;
      }
      k++;
      og_buf_puts(b, k == 1 ? "" : (k == total ? " and " : ", "));
      og_buf_puts(b, def->values->members[i]);
    }
    return;
  }
  }
}

bool og_value_equal(const og_value *a, const og_value *b) {
  if (a->type != b->type) {
    return false;
  }
  switch (a->type) {
  case OG_F_BOOL:
    return a->b == b->b;
  case OG_F_INT:
    return a->i == b->i;
  case OG_F_ENUM:
    return a->member == b->member;
  case OG_F_SET:
    return a->set == b->set && a->open == b->open &&
           a->set_out == b->set_out && a->not_all == b->not_all;
  case OG_F_STRING:
  case OG_F_DATE:
    return strcmp(a->s, b->s) == 0;
  }
  return false;
}
