/* cond.c - compiling rule conditions.
 *
 * Condition grammar (docs/formats.md, section 3):
 *   cond := {all: [cond+]} | {any: [cond+]} | {not: cond}
 *         | {fact: PATH, TEST: OPERAND}
 *   TEST := present | eq | ne | in | includes | includes_all | includes_any
 *         | gt | gte | lt | lte | matches | quote_matches
 * Every condition is compiled once, at load: a fact the vocabulary lacks, an
 * operand of the wrong type or an invalid regex is a load error with its
 * position, never a surprise during evaluation.
 */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "opgap.h"

static const struct {
  const char *key;
  og_cond_kind kind;
} tests[] = {{"present", OG_C_PRESENT},
             {"eq", OG_C_EQ},
             {"ne", OG_C_NE},
             {"in", OG_C_IN},
             {"includes", OG_C_INCLUDES},
             {"includes_all", OG_C_INCLUDES_ALL},
             {"includes_any", OG_C_INCLUDES_ANY},
             {"gt", OG_C_GT},
             {"gte", OG_C_GTE},
             {"lt", OG_C_LT},
             {"lte", OG_C_LTE},
             {"matches", OG_C_MATCHES},
             {"quote_matches", OG_C_QUOTE_MATCHES}};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

const char *og_cond_test_name(size_t i, og_cond_kind *kind) {
  if (i >= NTESTS) {
    return NULL;
  }
  *kind = tests[i].kind;
  return tests[i].key;
}

static const char *const cond_keys[] = {
    "all",      "any",          "not",          "fact", "present",
    "eq",       "ne",           "in",           "includes",
    "includes_all", "includes_any", "gt", "gte", "lt", "lte", "matches",
    "quote_matches"};
#define NKEYS (sizeof(cond_keys) / sizeof(cond_keys[0]))

pcre2_code *og_regex_compile(og_ruleset *rs, const char *pattern,
                             uint32_t extra, const og_node *at, og_diags *d) {
  int err;
  PCRE2_SIZE off;
  pcre2_code *re =
      pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | extra, &err,
                    &off, NULL);
  if (re == NULL) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof(msg));
    og_diag_add(d, at->file, at->line, at->col,
                "invalid regular expression: %s at offset %zu", (char *)msg,
                (size_t)off);
    return NULL;
  }
  if (rs->ncodes == rs->capcodes) {
    rs->capcodes = rs->capcodes ? rs->capcodes * 2 : 64;
    rs->codes = og_xrealloc(rs->codes, rs->capcodes * sizeof(*rs->codes));
  }
  rs->codes[rs->ncodes++] = re;
  return re;
}

static og_cond *new_cond(og_ruleset *rs, og_cond_kind kind, const og_node *n) {
  og_cond *c = og_arena_alloc(&rs->cond_arena, sizeof(*c));
  c->kind = kind;
  c->line = n->line;
  c->col = n->col;
  return c;
}

const og_param *og_rule_param(const og_rule *r, const char *name) {
  for (size_t i = 0; r && i < r->nparams; i++) {
    if (strcmp(r->params[i].name, name) == 0) {
      return &r->params[i];
    }
  }
  return NULL;
}

static og_cond *compile_list(og_ruleset *rs, const og_rule *rule,
                             og_cond_kind kind, const og_node *n,
                             const og_node *list, const char *file, int depth,
                             og_diags *d) {
  if (list->kind != OG_NODE_SEQ || list->n == 0) {
    og_diag_add(d, file, list->line, list->col,
                "'%s' expects a non-empty list of conditions",
                kind == OG_C_ALL ? "all" : "any");
    return NULL;
  }
  og_cond *c = new_cond(rs, kind, n);
  c->kids = og_arena_alloc8(&rs->cond_arena, list->n * sizeof(og_cond *));
  c->nkids = list->n;
  bool ok = true;
  for (size_t i = 0; i < list->n; i++) {
    c->kids[i] = og_cond_compile(rs, rule, list->items[i], file, depth + 1, d);
    ok = ok && c->kids[i] != NULL;
  }
  return ok ? c : NULL;
}

/* The operand of a numeric test: an integer or {param: NAME}. */
static bool compile_number(og_ruleset *rs, const og_rule *rule, og_cond *c,
                           const og_node *op, const char *file, og_diags *d) {
  (void)rs;
  if (op->kind == OG_NODE_SCALAR && op->stype == OG_SCALAR_INT) {
    c->operand.type = OG_F_INT;
    c->operand.i = op->ival;
    return true;
  }
  if (op->kind == OG_NODE_MAP && op->n == 1 &&
      strcmp(og_map_key(op, 0)->str, "param") == 0 &&
      og_map_val(op, 0)->kind == OG_NODE_SCALAR) {
    const char *name = og_map_val(op, 0)->str;
    c->param = og_rule_param(rule, name);
    if (c->param == NULL || c->param->type != OG_F_INT) {
      og_diag_add(d, file, op->line, op->col,
                  "unknown integer parameter '%s' in rule '%s'", name,
                  rule ? rule->id : "?");
      return false;
    }
    return true;
  }
  og_diag_add(d, file, op->line, op->col,
              "expected an integer or {param: NAME}, found %s",
              og_node_kind_name(op));
  return false;
}

/* A member of the fact's enum, for a set test. */
static bool compile_member(const og_factdef *def, const og_node *op,
                           og_value *out, og_diags *d) {
  og_factdef as_enum = *def;
  as_enum.type = OG_F_ENUM;
  if (!og_value_from_node(&as_enum, op, out, d)) {
    return false;
  }
  out->type = OG_F_SET;
  out->set = (uint64_t)1 << out->member;
  return true;
}

static bool compile_test(og_ruleset *rs, const og_rule *rule, og_cond *c,
                         const og_node *op, const char *file, og_diags *d) {
  const og_factdef *def = c->fact;
  bool is_set = def->type == OG_F_SET;
  switch (c->kind) {
  case OG_C_PRESENT:
    if (op->kind != OG_NODE_SCALAR || op->stype != OG_SCALAR_BOOL) {
      og_diag_add(d, file, op->line, op->col, "'present' expects true or false");
      return false;
    }
    c->present = op->ival != 0;
    return true;
  case OG_C_EQ:
  case OG_C_NE:
    return og_value_from_node(def, op, &c->operand, d);
  case OG_C_IN:
    if (is_set || def->type == OG_F_BOOL) {
      og_diag_add(d, file, op->line, op->col,
                  "'in' needs a scalar fact; '%s' is of type %s", def->path,
                  og_ftype_name(def->type));
      return false;
    }
    if (op->kind != OG_NODE_SEQ || op->n == 0) {
      og_diag_add(d, file, op->line, op->col, "'in' expects a non-empty list");
      return false;
    }
    c->list = og_arena_alloc(&rs->arena, op->n * sizeof(og_value));
    c->nlist = op->n;
    for (size_t i = 0; i < op->n; i++) {
      if (!og_value_from_node(def, op->items[i], &c->list[i], d)) {
        return false;
      }
    }
    return true;
  case OG_C_INCLUDES:
  case OG_C_INCLUDES_ALL:
  case OG_C_INCLUDES_ANY:
    if (!is_set) {
      og_diag_add(d, file, op->line, op->col,
                  "'includes' tests need a set fact; '%s' is of type %s",
                  def->path, og_ftype_name(def->type));
      return false;
    }
    if (c->kind == OG_C_INCLUDES) {
      return compile_member(def, op, &c->operand, d);
    }
    if (op->kind != OG_NODE_SEQ || op->n == 0) {
      og_diag_add(d, file, op->line, op->col,
                  "expected a non-empty list of members");
      return false;
    }
    c->operand.type = OG_F_SET;
    for (size_t i = 0; i < op->n; i++) {
      og_value m;
      if (!compile_member(def, op->items[i], &m, d)) {
        return false;
      }
      c->operand.set |= m.set;
    }
    return true;
  case OG_C_GT:
  case OG_C_GTE:
  case OG_C_LT:
  case OG_C_LTE:
    if (def->type != OG_F_INT) {
      og_diag_add(d, file, op->line, op->col,
                  "numeric comparison needs an int fact; '%s' is of type %s",
                  def->path, og_ftype_name(def->type));
      return false;
    }
    return compile_number(rs, rule, c, op, file, d);
  case OG_C_MATCHES:
  case OG_C_QUOTE_MATCHES:
    if (op->kind != OG_NODE_SCALAR || op->stype != OG_SCALAR_STRING) {
      og_diag_add(d, file, op->line, op->col,
                  "expected a regular expression (a quoted string)");
      return false;
    }
    if (c->kind == OG_C_MATCHES && def->type != OG_F_STRING &&
        def->type != OG_F_ENUM) {
      og_diag_add(d, file, op->line, op->col,
                  "'matches' needs a string fact; use quote_matches for the "
                  "quoted text of '%s'",
                  def->path);
      return false;
    }
    c->regex = op->str;
    c->re = og_regex_compile(rs, op->str, 0, op, d);
    return c->re != NULL;
  default:
    return false;
  }
}

og_cond *og_cond_compile(og_ruleset *rs, const og_rule *rule,
                         const og_node *n, const char *file, int depth,
                         og_diags *d) {
  if (depth > OG_MAX_COND_DEPTH) {
    og_diag_add(d, file, n->line, n->col, "condition nested too deep (limit is %d)",
                OG_MAX_COND_DEPTH);
    return NULL;
  }
  if (n->kind != OG_NODE_MAP || n->n == 0) {
    og_diag_add(d, file, n->line, n->col,
                "expected a condition (a mapping), found %s",
                og_node_kind_name(n));
    return NULL;
  }
  for (size_t i = 0; i < n->n; i++) {
    const og_node *k = og_map_key(n, i);
    bool known = false;
    for (size_t j = 0; j < NKEYS; j++) {
      known = known || strcmp(cond_keys[j], k->str) == 0;
    }
    if (!known) {
      const char *near = og_did_you_mean(k->str, cond_keys, NKEYS);
      if (near) {
        og_diag_add(d, file, k->line, k->col,
                    "unknown condition key '%s' (did you mean '%s'?)", k->str,
                    near);
      } else {
        og_diag_add(d, file, k->line, k->col, "unknown condition key '%s'",
                    k->str);
      }
      return NULL;
    }
  }
  const og_node *v;
  if ((v = og_map_get(n, "all")) != NULL || (v = og_map_get(n, "any")) != NULL) {
    if (n->n != 1) {
      og_diag_add(d, file, n->line, n->col,
                  "'all' and 'any' stand alone in their mapping");
      return NULL;
    }
    og_cond_kind kind =
        strcmp(og_map_key(n, 0)->str, "all") == 0 ? OG_C_ALL : OG_C_ANY;
    return compile_list(rs, rule, kind, n, v, file, depth, d);
  }
  if ((v = og_map_get(n, "not")) != NULL) {
    if (n->n != 1) {
      og_diag_add(d, file, n->line, n->col, "'not' stands alone in its mapping");
      return NULL;
    }
    og_cond *c = new_cond(rs, OG_C_NOT, n);
    c->kids = og_arena_alloc8(&rs->cond_arena, sizeof(og_cond *));
    c->nkids = 1;
    c->kids[0] = og_cond_compile(rs, rule, v, file, depth + 1, d);
    return c->kids[0] ? c : NULL;
  }
  const og_node *fact = og_map_get(n, "fact");
  if (fact == NULL) {
    og_diag_add(d, file, n->line, n->col,
                "condition needs 'fact' (or all/any/not)");
    return NULL;
  }
  if (fact->kind != OG_NODE_SCALAR || fact->stype != OG_SCALAR_STRING) {
    og_diag_add(d, file, fact->line, fact->col,
                "'fact' expects a fact path, found %s", og_node_kind_name(fact));
    return NULL;
  }
  const og_factdef *def = og_vocab_find(&rs->vocab, fact->str);
  if (def == NULL) {
    const char **paths = og_xmalloc((rs->vocab.nfacts + 1) * sizeof(char *));
    for (size_t i = 0; i < rs->vocab.nfacts; i++) {
      paths[i] = rs->vocab.facts[i].path;
    }
    const char *near = og_did_you_mean(fact->str, paths, rs->vocab.nfacts);
    if (near) {
      og_diag_add(d, file, fact->line, fact->col,
                  "unknown fact '%s' (did you mean '%s'?)", fact->str, near);
    } else {
      og_diag_add(d, file, fact->line, fact->col,
                  "unknown fact '%s' (not in the fact vocabulary)", fact->str);
    }
    free(paths);
    return NULL;
  }
  if (n->n != 2) {
    og_diag_add(d, file, n->line, n->col,
                "a fact condition has exactly one test (present, eq, ne, in, "
                "includes, includes_all, includes_any, gt, gte, lt, lte, "
                "matches, quote_matches)");
    return NULL;
  }
  size_t ti = strcmp(og_map_key(n, 0)->str, "fact") == 0 ? 1 : 0;
  const og_node *tk = og_map_key(n, ti);
  og_cond *c = NULL;
  for (size_t j = 0; j < NTESTS; j++) {
    if (strcmp(tests[j].key, tk->str) == 0) {
      c = new_cond(rs, tests[j].kind, n);
    }
  }
  if (c == NULL) {
    og_diag_add(d, file, tk->line, tk->col, "'%s' is not a test", tk->str);
    return NULL;
  }
  c->fact = def;
  return compile_test(rs, rule, c, og_map_val(n, ti), file, d) ? c : NULL;
}
