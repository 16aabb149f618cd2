/* fuzz_profile.c - libFuzzer harness: the profile loader.
 *
 * The input is written to a file and loaded as a profile against the
 * fixture rule set (tests/fixtures/rules, loaded once). Any crash, leak,
 * sanitizer report or hang is a finding; errors are the expected outcome.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "opgap.h"

static og_ruleset *rules;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (rules == NULL) {
    og_diags d;
    og_diags_init(&d);
    rules = og_ruleset_load("tests/fixtures/rules", &d);
    og_diags_free(&d);
    if (rules == NULL) {
      abort();
    }
  }
  char path[] = "/tmp/opgap-fuzz-profile-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
    abort();
  }
  close(fd);
  og_diags d;
  og_diags_init(&d);
  og_profile *p = og_profile_load(rules, path, "tests/fixtures/profiles", &d);
  if (p != NULL) {
    og_report r;
    og_eval_opts opts = {0};
    if (og_evaluate(rules, p, &opts, &r, &d) == 0) {
      og_buf b;
      og_buf_init(&b);
      og_write_json(&r, &b);
      og_buf_free(&b);
      og_report_free(&r);
    }
    og_profile_free(p);
  }
  og_diags_free(&d);
  unlink(path);
  return 0;
}
