/* fuzz_rules.c - libFuzzer harness: the rule loader.
 *
 * The input becomes one more rules file beside the fixture rules (a copy of
 * tests/fixtures/rules made once per process); the whole set is loaded,
 * compiled and, when it loads, its examples are evaluated.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "opgap.h"

static char dir[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[128];
  if (dir[0] == '\0') {
    snprintf(dir, sizeof(dir), "/tmp/opgap-fuzz-rules-%ld", (long)getpid());
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf %s && cp -r tests/fixtures/rules %s",
             dir, dir);
    if (system(cmd) != 0) {
      abort();
    }
  }
  snprintf(path, sizeof(path), "%s/zz-fuzz.yaml", dir);
  FILE *f = fopen(path, "wb");
  if (f == NULL || fwrite(data, 1, size, f) != size) {
    abort();
  }
  fclose(f);
  og_diags d;
  og_diags_init(&d);
  og_ruleset *rs = og_ruleset_load(dir, &d);
  if (rs != NULL) {
    for (size_t i = 0; i < rs->nrules; i++) {
      const og_rule *r = &rs->rules[i];
      for (size_t e = 0; e < r->nexamples; e++) {
        og_profile *p = og_profile_from_examples(rs, r->examples[e].facts,
                                                 r->file, &d);
        if (p != NULL) {
          og_finding fd = {0};
          og_eval_opts opts = {0};
          og_evaluate_rule(r, p, &opts, &fd, &d);
          og_finding_clear(&fd);
          og_profile_free(p);
        }
      }
    }
    og_ruleset_free(rs);
  }
  og_diags_free(&d);
  return 0;
}
