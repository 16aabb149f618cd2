/* test_ytree.c - YAML to positioned tree: typing, refusals. */
#include <stdint.h>
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

/* Bad bytes are reported alone, wherever they are: also after what libyaml
 * or the tree builder refuses first (a duplicate key, a second document).
 * The check runs only when a parse fails (libyaml's reader refuses every
 * bad byte), so these are the cases where it must take over. */
static void test_bad_bytes_alone(void) {
#define C(yaml, msg) {yaml, sizeof(yaml) - 1, msg} /* a literal's bytes */
  static const struct {
    const char *yaml;
    size_t len;
    const char *msg;
  } cases[] = {
      C("a: 1\na: 2\nb: \xff\n", "3:4: invalid UTF-8 (byte offset 13)"),
      C("a: 1\n---\nb: \xc3\n", "3:4: invalid UTF-8 (byte offset 12)"),
      C("a: [1\nb: \xed\xa0\x80\n", "2:4: invalid UTF-8 (byte offset 9)"),
      C("a: 1\nb: x\0y\n", "2:5: NUL byte in input (byte offset 9)"),
      C("a: \"x\\0y\"\n", "1:4: NUL character in scalar"),
      /* valid UTF-8 that libyaml's reader refuses: its own message */
      C("a: \x01\n", "1:4: YAML syntax error: control characters"),
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    og_doc doc;
    og_diags d;
    og_diags_init(&d);
    CU_ASSERT_EQUAL(og_doc_parse(&doc, "t.yaml", cases[i].yaml, cases[i].len,
                                 &d),
                    -1);
    CU_ASSERT_EQUAL_FATAL(d.n, 1);
    char msg[256];
    snprintf(msg, sizeof(msg), "%d:%d: %s", d.v[0].line, d.v[0].col,
             d.v[0].msg);
    if (strncmp(msg, cases[i].msg, strlen(cases[i].msg)) != 0) {
      fprintf(stderr, "\ncase %zu: got '%s'\n", i, msg);
      CU_FAIL("message");
    }
    og_diags_free(&d);
  }
#undef C
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

/* A UTF-8 byte-order mark is skipped, positions as if it were absent;
 * only at the start (elsewhere it is a character, refused in a key). */
static void test_bom(void) {
  og_doc doc;
  CU_ASSERT_STRING_EQUAL(parse("\xEF\xBB\xBF" "a: 1\nb: x\n", &doc), "");
  CU_ASSERT_EQUAL(og_map_get(doc.root, "a")->line, 1);
  CU_ASSERT_EQUAL(og_map_get(doc.root, "a")->col, 4);
  og_doc_release(&doc);
  CU_ASSERT_STRING_EQUAL(parse("\xEF\xBB\xBF" "a: 1\na: 2\n", &doc),
                         "2:1: duplicate key 'a' (first defined at line 1)");
  CU_ASSERT_STRING_EQUAL(parse("\xEF\xBB\xBF" "a: &x 1\n", &doc),
                         "1:4: anchors and aliases are not allowed ('&x')");
}

/* UTF-16 and UTF-32, with a byte-order mark or without (by the NULs of an
 * ASCII first character), are named; UTF-8 with or without a mark is not. */
static void test_text_start(void) {
  static const struct {
    const char *bytes;
    size_t len;
    int want;
    const char *msg;
  } cases[] = {
      {"a: 1", 4, 0, NULL},
      {"\xEF\xBB\xBF" "a", 4, 3, NULL},
      {"", 0, 0, NULL},
      {"\xFF\xFE" "a\0", 4, -1, "UTF-16 text (little-endian, with a byte-order mark), not UTF-8: convert it with 'iconv -f UTF-16 -t UTF-8 t.txt >NEWFILE'"},
      {"\xFE\xFF\0a", 4, -1, "UTF-16 text (big-endian, with a byte-order mark)"},
      {"\xFF\xFE\0\0" "a\0\0\0", 8, -1, "UTF-32 text (little-endian, with a byte-order mark), not UTF-8: convert it with 'iconv -f UTF-32 -t"},
      {"\0\0\xFE\xFF", 4, -1, "UTF-32 text (big-endian, with a byte-order mark)"},
      {"a\0:\0", 4, -1, "UTF-16 text (little-endian), not UTF-8: convert it with 'iconv -f UTF-16LE -t"},
      {"\0a\0:", 4, -1, "UTF-16 text (big-endian), not UTF-8: convert it with 'iconv -f UTF-16BE -t"},
      {"a\0\0\0", 4, -1, "'iconv -f UTF-32LE -t"},
      {"\0\0\0a", 4, -1, "'iconv -f UTF-32BE -t"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    og_diags d;
    og_diags_init(&d);
    CU_ASSERT_EQUAL(og_text_start("t.txt", cases[i].bytes, cases[i].len, &d),
                    cases[i].want);
    if (cases[i].msg) {
      CU_ASSERT_EQUAL_FATAL(d.n, 1);
      CU_ASSERT_EQUAL(d.v[0].line, 1);
      CU_ASSERT_EQUAL(d.v[0].col, 1);
      CU_ASSERT_PTR_NOT_NULL(strstr(d.v[0].msg, cases[i].msg));
    } else {
      CU_ASSERT_EQUAL(d.n, 0);
    }
    og_diags_free(&d);
  }
}

/* The arena packs strings unaligned and nodes on eight bytes, and still
 * gives og_arena_alloc's callers sixteen, zeroed; a block is never
 * overrun, however the sizes fall. */
static void test_arena_alignment(void) {
  og_arena a;
  og_arena_init(&a);
  char *first = og_arena_strdup(&a, "abc");
  for (size_t i = 0; i < 3000; i++) {
    char *s = og_arena_strndup(&a, "xyzxyzxyzxyz", i % 11);
    CU_ASSERT_EQUAL(strlen(s), i % 11);
    unsigned char *p8 = og_arena_alloc8(&a, 8 + i % 40);
    CU_ASSERT_EQUAL((uintptr_t)p8 % 8, 0);
    unsigned char *p16 = og_arena_alloc(&a, 1 + i % 100);
    CU_ASSERT_EQUAL((uintptr_t)p16 % 16, 0);
    CU_ASSERT_TRUE(p16[0] == 0 && p16[i % 100] == 0 && p8[7] == 0);
    memset(p16, 0xff, 1 + i % 100);
    memset(p8, 0xff, 8 + i % 40);
  }
  char *big = og_arena_alloc(&a, 200000); /* beyond a block */
  CU_ASSERT_EQUAL((uintptr_t)big % 16, 0);
  CU_ASSERT_STRING_EQUAL(first, "abc");
  og_arena_free(&a);
}

void og_test_ytree(CU_pSuite s) {
  CU_add_test(s, "the arena's alignments", test_arena_alignment);
  CU_add_test(s, "plain scalars are typed, quoted ones are strings", test_typing);
  CU_add_test(s, "duplicates, aliases, tags, documents, UTF-8 refused", test_refusals);
  CU_add_test(s, "bad bytes reported alone, after any other error", test_bad_bytes_alone);
  CU_add_test(s, "nesting depth is limited", test_depth_limit);
  CU_add_test(s, "a UTF-8 byte-order mark is skipped", test_bom);
  CU_add_test(s, "UTF-16 and UTF-32 are named, with the fix", test_text_start);
}
