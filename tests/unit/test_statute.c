/* test_statute.c - cites parsed into sections, sections found in a code's
 * text, quotes found in a section (statute.h). The texts are invented. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "statute.h"
#include "suites.h"

static const char *const codes[] = {"18 U.S.C.", "D.C. Code", "Criminal Code",
                                    "Código Penal", "Tex. Penal Code",
                                    "18 U.S.C. App."};

/* The cite's parts as "CODE:N,N|CODE:N" (code -1 printed as "?"). */
static const char *parsed(const char *cite) {
  static char out[512];
  og_cite_part *v;
  size_t n = og_cite_parse(cite, codes, sizeof(codes) / sizeof(codes[0]), &v);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    size_t l = strlen(out);
    snprintf(out + l, sizeof(out) - l, "%s%s:", i ? "|" : "",
             v[i].code < 0 ? "?" : codes[v[i].code]);
    for (size_t k = 0; k < v[i].nsections; k++) {
      l = strlen(out);
      snprintf(out + l, sizeof(out) - l, "%s%s", k ? "," : "", v[i].sections[k]);
    }
  }
  og_cite_parts_free(v, n);
  return out;
}

static void test_cites(void) {
  CU_ASSERT_STRING_EQUAL(parsed("18 U.S.C. \xc2\xa7 2256(8)"), "18 U.S.C.:2256");
  CU_ASSERT_STRING_EQUAL(parsed("18 U.S.C. \xc2\xa7\xc2\xa7 2256(8)(B), 1466A(a), (c)"),
                         "18 U.S.C.:2256,1466A");
  CU_ASSERT_STRING_EQUAL(parsed("18 U.S.C. \xc2\xa7 2423(c), (f); D.C. Code \xc2\xa7\xc2\xa7 22-1834(a), 22-3101(6)"),
                         "18 U.S.C.:2423|D.C. Code:22-1834,22-3101");
  CU_ASSERT_STRING_EQUAL(parsed("Criminal Code, s. 163.1(1)"), "Criminal Code:163.1");
  CU_ASSERT_STRING_EQUAL(parsed("Criminal Code, ss. 21, 22 and 279.01(1)"),
                         "Criminal Code:21,22,279.01");
  CU_ASSERT_STRING_EQUAL(parsed("C\xc3\xb3" "digo Penal, art. 189.1.a)"), "C\xc3\xb3" "digo Penal:189");
  CU_ASSERT_STRING_EQUAL(parsed("C\xc3\xb3" "digo Penal, arts. 177 bis, 188"),
                         "C\xc3\xb3" "digo Penal:177 bis,188");
  CU_ASSERT_STRING_EQUAL(parsed("Tex. Penal Code \xc2\xa7 43.26(a)"), "Tex. Penal Code:43.26");
  CU_ASSERT_STRING_EQUAL(parsed("C\xc3\xb3" "digo Penal, arts. 570 qu\xc3\xa1ter.1, 570 quater"),
                         "C\xc3\xb3" "digo Penal:570 quater,570 quater");
  /* the longest declared code wins; an undeclared code has no sections */
  CU_ASSERT_STRING_EQUAL(parsed("C\xc3\xb3" "digo Penal, disposici\xc3\xb3n adicional octava"),
                         "C\xc3\xb3" "digo Penal:disposici\xc3\xb3n adicional octava");
  CU_ASSERT_STRING_EQUAL(parsed("C\xc3\xb3" "digo Penal, Disposici\xc3\xb3n final quinta; "
                                "Criminal Code, s. 7"),
                         "C\xc3\xb3" "digo Penal:disposici\xc3\xb3n final quinta|Criminal Code:7");
  CU_ASSERT_STRING_EQUAL(parsed("18 U.S.C. App. \xc2\xa7 3"), "18 U.S.C. App.:3");
  CU_ASSERT_STRING_EQUAL(parsed("Cal. Penal Code \xc2\xa7 311"), "?:");
  CU_ASSERT_STRING_EQUAL(parsed("Criminal Code"), "Criminal Code:");
  /* a code name must end at a word's end */
  CU_ASSERT_STRING_EQUAL(parsed("D.C. Codex \xc2\xa7 1"), "?:");
}

/* The section numbered num in text, as a string ("" when absent). */
static const char *section(const char *text, const char *num) {
  static char out[512];
  size_t from = 0, a, b;
  out[0] = '\0';
  if (og_statute_find(text, strlen(text), num, &from, &a, &b)) {
    snprintf(out, sizeof(out), "%.*s", (int)(b - a), text + a);
  }
  return out;
}

static void test_sections(void) {
  /* a section sign followed by a narrow no-break or a no-break space */
  const char *nb = "\xc2\xa7\xe2\x80\xaf" "1596. Jurisdiction\nsix\n"
                   "\xc2\xa7\xc2\xa0" "2425. Use\nseven\n";
  CU_ASSERT_STRING_EQUAL(section(nb, "1596"),
                         "\xc2\xa7\xe2\x80\xaf" "1596. Jurisdiction\nsix\n");
  CU_ASSERT_STRING_EQUAL(section(nb, "2425"), "\xc2\xa7\xc2\xa0" "2425. Use\nseven\n");
  const char *us = "Title 1\n\xc2\xa7 10. Definitions\n(1) one\n"
                   "\xc2\xa7 22-3571.01 is not a heading.\n"
                   "\xc2\xa7 10A. Other\ntwo\n\xc2\xa7 16-4-2.1. Third\nthree\n";
  CU_ASSERT_STRING_EQUAL(section(us, "10"),
                         "\xc2\xa7 10. Definitions\n(1) one\n"
                         "\xc2\xa7 22-3571.01 is not a heading.\n");
  CU_ASSERT_STRING_EQUAL(section(us, "10A"), "\xc2\xa7 10A. Other\ntwo\n");
  CU_ASSERT_STRING_EQUAL(section(us, "16-4-2.1"), "\xc2\xa7 16-4-2.1. Third\nthree\n");
  CU_ASSERT_STRING_EQUAL(section(us, "11"), "");
  const char *tx = "Sec. 43.25. A. (a) x\nSec. 43.26. B. (a) y\n";
  CU_ASSERT_STRING_EQUAL(section(tx, "43.25"), "Sec. 43.25. A. (a) x\n");
  const char *fl = "787.025 Luring.\xe2\x80\x94 (1) x\n787.06 Trade.\xe2\x80\x94 y\n";
  CU_ASSERT_STRING_EQUAL(section(fl, "787.025"), "787.025 Luring.\xe2\x80\x94 (1) x\n");
  const char *ca = "## Part\n### 12 A\nx\n### 12.1 B\ny\n#### sub\nz\n### Group\nw\n";
  CU_ASSERT_STRING_EQUAL(section(ca, "12"), "### 12 A\nx\n");
  CU_ASSERT_STRING_EQUAL(section(ca, "12.1"), "### 12.1 B\ny\n#### sub\nz\n");
  const char *es = "##### Art\xc3\xad" "culo 177.\nx\n##### Art\xc3\xad" "culo 177 bis.\ny\n"
                   "#### Cap\xc3\xadtulo\nz\n";
  CU_ASSERT_STRING_EQUAL(section(es, "177"), "##### Art\xc3\xad" "culo 177.\nx\n");
  CU_ASSERT_STRING_EQUAL(section(es, "177 bis"), "##### Art\xc3\xad" "culo 177 bis.\ny\n");
  const char *es2 = "##### Art\xc3\xad" "culo 1\xc2\xba.\nx\n##### Art\xc3\xad" "culo 151\ny\n"
                    "##### Art\xc3\xad" "culo 570 qu\xc3\xa1ter\nz\n";
  CU_ASSERT_STRING_EQUAL(section(es2, "1"), "##### Art\xc3\xad" "culo 1\xc2\xba.\nx\n");
  CU_ASSERT_STRING_EQUAL(section(es2, "151"), "##### Art\xc3\xad" "culo 151\ny\n");
  CU_ASSERT_STRING_EQUAL(section(es2, "570 quater"), "##### Art\xc3\xad" "culo 570 qu\xc3\xa1ter\nz\n");
  /* additional and final provisions are sections too */
  const char *es3 = "##### Art\xc3\xad" "culo 998.\nw\n"
                    "##### Disposici\xc3\xb3n adicional octava. Menores.\nx\n"
                    "Disposici\xc3\xb3n final primera de otra ley, en prosa\n"
                    "##### Disposici\xc3\xb3n adicional novena.\ny\n";
  CU_ASSERT_STRING_EQUAL(section(es3, "disposici\xc3\xb3n adicional octava"),
                         "##### Disposici\xc3\xb3n adicional octava. Menores.\nx\n"
                         "Disposici\xc3\xb3n final primera de otra ley, en prosa\n");
  CU_ASSERT_STRING_EQUAL(section(es3, "998"), "##### Art\xc3\xad" "culo 998.\nw\n");
}

static void test_quotes(void) {
  const char *t = "(2) \xe2\x80\x9c" "abuse\xc2\xa0material\xe2\x80\x9d means any\n"
                  "   visual de\xc2\xad" "piction;\n- (a) a **photograph**, or\n";
  CU_ASSERT_TRUE(og_quote_in("\"abuse material\" means any visual depiction", t, strlen(t)));
  CU_ASSERT_TRUE(og_quote_in("Any visual depiction", t, strlen(t)));    /* first letter */
  CU_ASSERT_FALSE(og_quote_in("any Visual depiction", t, strlen(t)));   /* only the first */
  CU_ASSERT_TRUE(og_quote_in("depiction; (a) a photograph", t, strlen(t)));
  CU_ASSERT_TRUE(og_quote_in("means ... a photograph", t, strlen(t)));
  CU_ASSERT_TRUE(og_quote_in("means \xe2\x80\xa6 a photograph", t, strlen(t)));
  CU_ASSERT_FALSE(og_quote_in("a photograph ... means", t, strlen(t))); /* in order */
  CU_ASSERT_FALSE(og_quote_in("any audio depiction", t, strlen(t)));
  CU_ASSERT_FALSE(og_quote_in("...", t, strlen(t)));                    /* no words */
  CU_ASSERT_TRUE(og_quote_in("abuse material\" [...] Visual depiction", t, strlen(t)));
  CU_ASSERT_TRUE(og_quote_in("means [\xe2\x80\xa6] a photograph", t, strlen(t)));
}

void og_test_statute(CU_pSuite s) {
  CU_add_test(s, "cites are parsed into codes and section numbers", test_cites);
  CU_add_test(s, "sections are found by their headings", test_sections);
  CU_add_test(s, "quotes are found after normalising", test_quotes);
}
