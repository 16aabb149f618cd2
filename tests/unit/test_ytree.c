/* test_ytree.c - YAML to positioned tree: typing, refusals. */
#include <string.h>

#include "helpers.h"
#include "suites.h"

/* Parses yaml; returns the first error message or "" and fills *root. */
static const char *parse(const char *yaml, og_doc *doc) {
  static char msg[256];
  og_diags d;
  og_diags_init(&d);
  msg[0] = '\0';
  if (og_doc_parse(doc, "t.yaml", yaml, strlen(yaml), &d) != 0) {
    snprintf(msg, sizeof(msg), "%d:%d: %s", d.v[0].line, d.v[0].col,
             d.v[0].msg);
  }
  og_diags_free(&d);
  return msg;
}

static void test_typing(void) {
  og_doc doc;
  CU_ASSERT_STRING_EQUAL(parse("a: 18\nb: \"18\"\nc: true\nd: yes\ne: 2020-01-02\nf: ~\n", &doc), "");
  CU_ASSERT_EQUAL(og_map_get(doc.root, "a")->stype, OG_SCALAR_INT);
  CU_ASSERT_EQUAL(og_map_get(doc.root, "a")->ival, 18);
  CU_ASSERT_EQUAL(og_map_get(doc.root, "b")->stype, OG_SCALAR_STRING);
  CU_ASSERT_EQUAL(og_map_get(doc.root, "c")->stype, OG_SCALAR_BOOL);
  CU_ASSERT_EQUAL(og_map_get(doc.root, "d")->stype, OG_SCALAR_STRING);
  CU_ASSERT_EQUAL(og_map_get(doc.root, "e")->stype, OG_SCALAR_DATE);
  CU_ASSERT_EQUAL(og_map_get(doc.root, "f")->stype, OG_SCALAR_NULL);
  CU_ASSERT_EQUAL(og_map_get(doc.root, "b")->line, 2);
  CU_ASSERT_EQUAL(og_map_get(doc.root, "b")->col, 4);
  og_doc_release(&doc);
}

static void test_refusals(void) {
  og_doc doc;
  CU_ASSERT_STRING_EQUAL(parse("a: 1\na: 2\n", &doc),
                         "2:1: duplicate key 'a' (first defined at line 1)");
  CU_ASSERT_STRING_EQUAL(parse("a: &x 1\nb: *x\n", &doc),
                         "1:4: anchors and aliases are not allowed ('&x')");
  CU_ASSERT_STRING_EQUAL(parse("a: !!str 1\n", &doc),
                         "1:4: tags are not allowed ('tag:yaml.org,2002:str')");
  CU_ASSERT_STRING_EQUAL(parse("a: 1\n---\nb: 2\n", &doc),
                         "2:1: only one YAML document per file");
  CU_ASSERT_STRING_EQUAL(parse("a: \xff\n", &doc),
                         "1:4: invalid UTF-8 (byte offset 3)");
  CU_ASSERT_STRING_EQUAL(parse("? [a]\n: 1\n", &doc),
                         "1:3: mapping keys must be plain scalars");
}

static void test_depth_limit(void) {
  char buf[400];
  size_t n = 0;
  for (int i = 0; i < 70; i++) {
    buf[n++] = '[';
  }
  buf[n] = '\0';
  og_doc doc;
  CU_ASSERT_STRING_EQUAL(parse(buf, &doc), "1:65: nesting too deep (limit is 64)");
}

void og_test_ytree(CU_pSuite s) {
  CU_add_test(s, "plain scalars are typed, quoted ones are strings", test_typing);
  CU_add_test(s, "duplicates, aliases, tags, documents, UTF-8 refused", test_refusals);
  CU_add_test(s, "nesting depth is limited", test_depth_limit);
}
