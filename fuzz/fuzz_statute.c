/* fuzz_statute.c - libFuzzer harness: what `opgap lint` reads (statute.h).
 *
 * The input is a code's text and, up to its first newline, a cite and a
 * quote: the cite is parsed against a few declared codes, every section it
 * names is looked for in the text (every occurrence), and the quote is
 * matched in each section found and in the whole text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "statute.h"

static const char *const codes[] = {"18 U.S.C.", "D.C. Code", "Criminal Code",
                                    "C\xc3\xb3" "digo Penal", "Penal Code"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (text == NULL) {
    return 0;
  }
  memcpy(text, data, size);
  text[size] = '\0';
  size_t len = strlen(text); /* the text is C text: no NUL inside */
  char *nl = strchr(text, '\n');
  size_t first = nl ? (size_t)(nl - text) : len;
  char *head = malloc(first + 1);
  if (head == NULL) {
    free(text);
    return 0;
  }
  memcpy(head, text, first);
  head[first] = '\0';
  og_cite_part *parts;
  size_t n = og_cite_parse(head, codes, sizeof(codes) / sizeof(codes[0]),
                           &parts);
  for (size_t i = 0; i < n; i++) {
    for (size_t k = 0; k < parts[i].nsections; k++) {
      size_t from = 0, a, b;
      while (og_statute_find(text, len, parts[i].sections[k], &from, &a, &b)) {
        if (a > b || b > len) {
          abort();
        }
        (void)og_quote_in(head, text + a, b - a);
      }
    }
  }
  (void)og_quote_in(head, text, len);
  og_cite_parts_free(parts, n);
  free(head);
  free(text);
  return 0;
}
