/* fuzz_scan.c - libFuzzer harness: the text scanner (scan.c).
 *
 * The input is scanned as bill or statute text with the shipped rule set's
 * patterns (rules/, loaded once): normalisation, sections, the atom
 * prefilter and PCRE2 (JIT) matching, then the SARIF writer. It is scanned
 * again without the prefilter: a different match list is a crash (the
 * prefilter lost or invented a match). The first scan normalises the
 * text a few bytes at a time (how many, from the input's first byte),
 * which must change nothing either.
 */
#include <stdlib.h>
#include <string.h>

#include "scan.h"

static og_ruleset *rules;
static og_scanner *scanner, *full;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  og_diags d;
  og_diags_init(&d);
  if (rules == NULL) {
    rules = og_ruleset_load("rules", &d);
    scanner = rules ? og_scanner_new(rules) : NULL;
    full = rules ? og_scanner_new(rules) : NULL;
    if (scanner == NULL || full == NULL) {
      abort();
    }
    og_scanner_set_prefilter(full, false);
  }
  char *text = og_xmalloc(size + 1); /* scan reads NUL-terminated text */
  memcpy(text, data, size);
  text[size] = '\0';
  og_scan_result res = {0}, ref = {0};
  og_scanner_set_part(scanner, size ? 1 + data[0] % 64 : 1);
  int rc = og_scan_text(scanner, "fuzz.txt", text, size, &res, &d);
  if (rc == 0) {
    og_buf b;
    og_buf_init(&b);
    og_write_scan_report(rules, OG_SCAN_SARIF, &res, 1, &b);
    og_buf_free(&b);
  }
  int rc_full = og_scan_text(full, "fuzz.txt", text, size, &ref, &d);
  /* Without the prefilter every pattern runs on whole paragraphs, so it
   * alone may reach a PCRE2 limit: nothing to compare then. */
  bool comparable = !(rc == 0 && rc_full != 0);
  if (comparable && (rc_full != rc || res.n != ref.n)) {
    abort();
  }
  for (size_t i = 0; comparable && i < res.n; i++) {
    if (res.v[i].pattern != ref.v[i].pattern ||
        res.v[i].start != ref.v[i].start || res.v[i].end != ref.v[i].end ||
        res.v[i].line != ref.v[i].line || res.v[i].col != ref.v[i].col ||
        strcmp(res.v[i].text, ref.v[i].text) != 0) {
      abort();
    }
  }
  og_scan_result_release(&res);
  og_scan_result_release(&ref);
  free(text);
  og_diags_free(&d);
  return 0;
}
