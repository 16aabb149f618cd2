/* fuzz_scan.c - libFuzzer harness: the text scanner (scan.c).
 *
 * The input is scanned as bill or statute text with the shipped rule set's
 * patterns (rules/, loaded once): normalisation, sections, the atom
 * prefilter and PCRE2 (JIT) matching, then the SARIF writer.
 */
#include <stdlib.h>
#include <string.h>

#include "scan.h"

static og_ruleset *rules;
static og_scanner *scanner;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  og_diags d;
  og_diags_init(&d);
  if (rules == NULL) {
    rules = og_ruleset_load("rules", &d);
    scanner = rules ? og_scanner_new(rules) : NULL;
    if (scanner == NULL) {
      abort();
    }
  }
  char *text = og_xmalloc(size + 1); /* scan reads NUL-terminated text */
  memcpy(text, data, size);
  text[size] = '\0';
  og_scan_result res = {0};
  if (og_scan_text(scanner, "fuzz.txt", text, size, &res, &d) == 0) {
    og_buf b;
    og_buf_init(&b);
    og_write_scan_sarif(rules, &res, 1, &b);
    og_buf_free(&b);
  }
  og_scan_result_release(&res);
  free(text);
  og_diags_free(&d);
  return 0;
}
