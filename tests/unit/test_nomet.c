/* test_nomet.c - a fact opgap could not read never turns into "met".
 *
 * For every shipped rule (rules/): with an empty profile the rule is never
 * met; and for each of its examples that expects met, removing any one
 * fact that the met decision needs leaves the rule not met. A fact is
 * needed when no alternative can stand in for it: every fact under `all`,
 * only the facts every branch of an `any` needs, with `not` swapping the
 * two (De Morgan); `present: false` needs nothing. Facts that only one
 * alternative of an `any` reads (say "no limitation period, or one that
 * starts at 18") may be absent while another alternative is met, and are
 * not removed here.
 */
#include <string.h>

#include "helpers.h"
#include "suites.h"

static og_ruleset *shipped;

static og_ruleset *shipped_rules(void) {
  if (shipped == NULL) {
    og_diags d;
    og_diags_init(&d);
    shipped = og_ruleset_load("rules", &d);
    if (shipped == NULL) {
      og_diags_print(&d, stderr);
    }
    og_diags_free(&d);
  }
  return shipped;
}

typedef struct fact_set {
  const og_factdef *v[256];
  size_t n;
} fact_set;

static bool set_has(const fact_set *s, const og_factdef *f) {
  for (size_t i = 0; i < s->n; i++) {
    if (s->v[i] == f) {
      return true;
    }
  }
  return false;
}

static void set_add(fact_set *s, const og_factdef *f) {
  if (!set_has(s, f) && s->n < 256) {
    s->v[s->n++] = f;
  }
}

/* The facts without which cond cannot be true (positive) or cannot be
 * false (negative). */
static void needed(const og_cond *c, bool positive, fact_set *out) {
  if (c == NULL) {
    return;
  }
  bool conj = (c->kind == OG_C_ALL) == positive;
  switch (c->kind) {
  case OG_C_NOT:
    needed(c->kids[0], !positive, out);
    return;
  case OG_C_ALL:
  case OG_C_ANY:
    if (conj) {
      for (size_t i = 0; i < c->nkids; i++) {
        needed(c->kids[i], positive, out);
      }
    } else {
      /* What every alternative needs. */
      fact_set common = {0};
      needed(c->kids[0], positive, &common);
      for (size_t i = 1; i < c->nkids; i++) {
        fact_set kid = {0};
        needed(c->kids[i], positive, &kid);
        for (size_t j = 0; j < common.n;) {
          if (set_has(&kid, common.v[j])) {
            j++;
          } else {
            common.v[j] = common.v[--common.n];
          }
        }
      }
      for (size_t j = 0; j < common.n; j++) {
        set_add(out, common.v[j]);
      }
    }
    return;
  case OG_C_PRESENT:
    /* present: P is true without the fact exactly when P is false. */
    if (c->present == positive) {
      set_add(out, c->fact);
    }
    return;
  default:
    set_add(out, c->fact);
    return;
  }
}

static og_status status_of(const og_rule *r, const og_node *facts,
                           og_diags *d) {
  og_profile *p = og_profile_from_examples(shipped, facts, r->file, d);
  if (p == NULL) {
    return OG_STATUS_COUNT;
  }
  og_finding f;
  memset(&f, 0, sizeof(f));
  og_eval_opts opts = {0};
  og_status s = og_evaluate_rule(r, p, &opts, &f, d);
  og_finding_clear(&f);
  og_profile_free(p);
  return s;
}

/* The key of an example's fact mapping that names def. */
static bool names(const og_node *key, const og_factdef *def) {
  return key->kind == OG_NODE_SCALAR && strcmp(key->str, def->path) == 0;
}

static void test_empty_profile_never_met(void) {
  og_ruleset *rs = shipped_rules();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  og_node empty = {.kind = OG_NODE_MAP, .file = "empty", .line = 1, .col = 1};
  size_t checked = 0;
  for (size_t i = 0; i < rs->nrules; i++) {
    og_diags d;
    og_diags_init(&d);
    og_status s = status_of(&rs->rules[i], &empty, &d);
    if (s == OG_MET || d.n != 0) {
      fprintf(stderr, "\n  %s: %s on an empty profile\n", rs->rules[i].id,
              d.n ? d.v[0].msg : "met");
    }
    CU_ASSERT(s != OG_MET && d.n == 0);
    og_diags_free(&d);
    checked++;
  }
  CU_ASSERT(checked >= 50);
}

static void test_missing_fact_never_met(void) {
  og_ruleset *rs = shipped_rules();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  size_t checked = 0;
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_rule *r = &rs->rules[i];
    fact_set need = {0};
    needed(r->applies_if, true, &need); /* unknown applies_if: unknown */
    needed(r->outcome[0].when, true, &need);
    const og_factdef *const *read = need.v;
    size_t nread = need.n;
    for (size_t e = 0; e < r->nexamples; e++) {
      const og_example *ex = &r->examples[e];
      if (ex->expect != OG_MET || ex->facts == NULL || ex->params != NULL) {
        continue;
      }
      for (size_t k = 0; k < nread; k++) {
        /* The example's facts without read[k]. */
        og_node *items[2 * 256];
        og_node less = *ex->facts;
        less.items = items;
        less.n = 0;
        bool removed = false;
        for (size_t j = 0; j < ex->facts->n && less.n < 256; j++) {
          if (names(ex->facts->items[2 * j], read[k])) {
            removed = true;
            continue;
          }
          items[2 * less.n] = ex->facts->items[2 * j];
          items[2 * less.n + 1] = ex->facts->items[2 * j + 1];
          less.n++;
        }
        if (!removed) {
          continue; /* the example does not state it */
        }
        og_diags d;
        og_diags_init(&d);
        og_status s = status_of(r, &less, &d);
        if (s == OG_MET) {
          fprintf(stderr, "\n  %s (%s:%d): met without %s\n", r->id, r->file,
                  ex->line, read[k]->path);
        }
        CU_ASSERT(s != OG_MET);
        og_diags_free(&d);
        checked++;
      }
    }
  }
  CU_ASSERT(checked >= 50);
}

static void test_release(void) {
  og_ruleset_free(shipped);
  shipped = NULL;
}

void og_test_nomet(CU_pSuite s) {
  CU_add_test(s, "no shipped rule is met on an empty profile",
              test_empty_profile_never_met);
  CU_add_test(s, "no shipped rule is met when a fact its met condition reads is removed",
              test_missing_fact_never_met);
  CU_add_test(s, "release", test_release);
}
