/* fuzz_cond.c - libFuzzer harness: the condition compiler and evaluator.
 *
 * The input is parsed as YAML, compiled as a condition against the fixture
 * vocabulary and evaluated (three-valued) against the fixture profile
 * tests/fixtures/profiles/good.yaml, loaded once.
 */
#include <stdlib.h>
#include <string.h>

#include "opgap.h"

static og_ruleset *rules;
static og_profile *profile;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  og_diags d;
  og_diags_init(&d);
  if (rules == NULL) {
    rules = og_ruleset_load("tests/fixtures/rules", &d);
    profile = rules ? og_profile_load(rules, "tests/fixtures/profiles/good.yaml",
                                      "tests/fixtures/profiles", &d)
                    : NULL;
    if (profile == NULL) {
      abort();
    }
  }
  og_doc doc;
  if (og_doc_parse(&doc, "cond.yaml", (const char *)data, size, &d) == 0) {
    if (doc.root != NULL) {
      /* A rule to hang the condition on: the first fixture rule, with its
       * met condition swapped for the fuzzed one. */
      og_rule rule = rules->rules[0];
      og_cond *c = og_cond_compile(rules, &rule, doc.root, "cond.yaml", 0, &d);
      if (c != NULL && d.n == 0) {
        rule.applies_if = NULL;
        rule.outcome[0].when = c;
        og_finding f;
        memset(&f, 0, sizeof(f));
        og_eval_opts opts = {0};
        og_evaluate_rule(&rule, profile, &opts, &f, &d);
        og_finding_clear(&f);
      }
    }
    og_doc_release(&doc);
  }
  og_diags_free(&d);
  return 0;
}
