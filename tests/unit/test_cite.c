/* test_cite.c - citation strings against the sources registry. */
#include <string.h>

#include "helpers.h"
#include "suites.h"

static const char *cite(const char *text, size_t *nplaces) {
  static char msg[256];
  og_diags d;
  og_diags_init(&d);
  og_arena a;
  og_arena_init(&a);
  og_citation c;
  msg[0] = '\0';
  *nplaces = 0;
  if (og_citation_parse(&t_rules()->reg, &a, text, &c, "f", 1, 1, &d)) {
    *nplaces = c.nplaces;
  } else {
    snprintf(msg, sizeof(msg), "%s", d.v[0].msg);
  }
  og_arena_free(&a);
  og_diags_free(&d);
  return msg;
}

static void test_valid(void) {
  size_t n;
  CU_ASSERT_STRING_EQUAL(cite("OPSC art. 3(1)(c)", &n), "");
  CU_ASSERT_EQUAL(n, 1);
  CU_ASSERT_STRING_EQUAL(cite("OPSC arts. 1, 2(a)", &n), "");
  CU_ASSERT_EQUAL(n, 2);
  CU_ASSERT_STRING_EQUAL(cite("OPSC art. 7(a)-(b)", &n), "");
  CU_ASSERT_EQUAL(n, 2);
  CU_ASSERT_STRING_EQUAL(cite("CRC/C/156, paras. 60, 61", &n), "");
  CU_ASSERT_EQUAL(n, 2);
  CU_ASSERT_STRING_EQUAL(cite("CRC/C/156, para. 97(a), (d)", &n), "");
  CU_ASSERT_EQUAL(n, 2);
  CU_ASSERT_STRING_EQUAL(cite("CRC/C/156, paras. 60\xE2\x80\x93" "61", &n), "");
  CU_ASSERT_EQUAL(n, 2);
  CU_ASSERT_STRING_EQUAL(cite("CRC/C/156, paras. 104-106, 110", &n), "");
  CU_ASSERT_EQUAL(n, 4); /* 104, 105, 106 and 110 */
  CU_ASSERT_STRING_EQUAL(cite("A/HRC/16/57/Add.5, paras. 105(b)-(c)", &n), "");
  CU_ASSERT_STRING_EQUAL(cite("A/HRC/16/57/Add.5, note 42", &n), "");
}

static void test_invalid(void) {
  size_t n;
  CU_ASSERT_STRING_EQUAL(cite("CRC/C/999, para. 1", &n),
                         "citation 'CRC/C/999, para. 1' names no registered document");
  CU_ASSERT_STRING_EQUAL(cite("CRC/C/156, para. 114", &n),
                         "citation 'CRC/C/156, para. 114': CRC/C/156 has no paragraph 114");
  CU_ASSERT_STRING_EQUAL(cite("OPSC art. 3(9)", &n),
                         "citation 'OPSC art. 3(9)': OPSC has no article 3(9)");
  CU_ASSERT_STRING_EQUAL(cite("CRC/C/156", &n),
                         "citation 'CRC/C/156' names no place in CRC/C/156 (expected ', para. N' or ', note N')");
  CU_ASSERT_STRING_EQUAL(cite("CRC/C/156, para. 6x", &n),
                         "malformed citation 'CRC/C/156, para. 6x' near 'x'");
}

void og_test_cite(CU_pSuite s) {
  CU_add_test(s, "registered articles and paragraphs parse", test_valid);
  CU_add_test(s, "unregistered documents and places are refused", test_invalid);
}
