/* test_i18n.c - reports in another language (--lang, issue 18): the rule
 * texts of rules/es/ replace the English ones, labels too; the program's
 * strings come from the catalogue; English never changes. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "suites.h"

static og_ruleset *load_fixture(void) {
  og_diags d;
  og_diags_init(&d);
  og_ruleset *rs = og_ruleset_load("tests/fixtures/rules", &d);
  og_diags_free(&d);
  return rs;
}

static void test_lang_parse(void) {
  CU_ASSERT_EQUAL(og_lang_parse("en"), OG_LANG_EN);
  CU_ASSERT_EQUAL(og_lang_parse("es"), OG_LANG_ES);
  CU_ASSERT_EQUAL(og_lang_parse("ES"), -1);
  CU_ASSERT_EQUAL(og_lang_parse("fr"), -1);
  CU_ASSERT_EQUAL(og_lang_parse(NULL), -1);
  CU_ASSERT_EQUAL(og_lang_current(), OG_LANG_EN);
  /* English: the msgid itself, never a catalogue */
  CU_ASSERT_STRING_EQUAL(og_status_word(OG_GAP), "gap");
  CU_ASSERT_STRING_EQUAL(og_trn("%zu rule", "%zu rules", 1), "%zu rule");
  CU_ASSERT_STRING_EQUAL(og_trn("%zu rule", "%zu rules", 2), "%zu rules");
}

/* The translation replaces titles, requirements, reasons, remedies,
 * parameter descriptions, pattern reasons and labels; everything else
 * (ids, conditions, strengths) is the English rule's. */
static void test_translate(void) {
  og_ruleset *rs = load_fixture();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  const og_rule *r = og_ruleset_find(rs, "csam.any-representation");
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  const char *cond_before = r->outcome[0].because.source;
  og_diags d, m;
  og_diags_init(&d);
  og_diags_init(&m);
  CU_ASSERT_EQUAL(og_ruleset_translate(rs, "es", &d, &m), 0);
  CU_ASSERT_EQUAL(d.n, 0);
  CU_ASSERT_EQUAL(m.n, 0);
  CU_ASSERT_STRING_EQUAL(r->title, "Material de abuso por cualquier medio");
  CU_ASSERT_STRING_EQUAL(r->outcome[0].because.source,
                         "La definición abarca {csam.media}.");
  CU_ASSERT_PTR_NOT_EQUAL(r->outcome[0].because.source, cond_before);
  CU_ASSERT_STRING_EQUAL(r->patterns[0].why,
                         "La definición se limita a las representaciones "
                         "visuales.");
  CU_ASSERT_EQUAL(r->strength, OG_OBLIGATION);
  const og_rule *g = og_ruleset_find(rs, "sanctions.grave-penalties");
  CU_ASSERT_STRING_EQUAL(g->params[0].description,
                         "La pena máxima aceptable más baja.");
  const og_factdef *media = og_vocab_find(&rs->vocab, "csam.media");
  og_buf b;
  og_buf_init(&b);
  og_say_members(media->values, 1u | 4u, &b); /* visual, written */
  CU_ASSERT_NSTRING_EQUAL(og_buf_str(&b), "imágenes", strlen("imágenes"));
  og_buf_free(&b);
  og_buf_init(&b);
  og_say_fact(media, &b);
  CU_ASSERT_STRING_EQUAL(og_buf_str(&b), "los medios que abarca la definición");
  og_buf_free(&b);
  og_diags_free(&d);
  og_diags_free(&m);
  og_ruleset_free(rs);
}

/* A language without its directory is an error, not English. */
static void test_translate_missing_dir(void) {
  og_ruleset *rs = load_fixture();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  og_diags d;
  og_diags_init(&d);
  CU_ASSERT_EQUAL(og_ruleset_translate(rs, "fr", &d, NULL), -1);
  CU_ASSERT_EQUAL_FATAL(d.n, 1);
  CU_ASSERT_STRING_EQUAL(d.v[0].msg,
                         "no rule texts in 'fr' (the directory is missing)");
  og_diags_free(&d);
  og_ruleset_free(rs);
}

/* With the catalogue of the build tree: status words, plural forms and
 * citations' abbreviations in Spanish; back to English after. */
static void test_catalogue(void) {
  /* beside the unit binary (build/ or build/asan/), as opgap does */
  char exe[4096] = "build/unit";
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  exe[n > 0 ? n : (ssize_t)strlen(exe)] = '\0';
  char *slash = strrchr(exe, '/');
  char *beside = og_xasprintf("%.*s/locale", slash ? (int)(slash - exe) : 0, exe);
  const char *const dirs[] = {beside, "build/locale", NULL};
  char err[512];
  int rc = og_lang_use(OG_LANG_ES, dirs, err, sizeof(err));
  free(beside);
  if (rc != 0) {
    CU_FAIL("the catalogue BUILD/locale/es/LC_MESSAGES/opgap.mo (make) is needed");
    return;
  }
  CU_ASSERT_STRING_EQUAL(og_status_word(OG_GAP), "laguna");
  CU_ASSERT_STRING_EQUAL(og_status_word(OG_PARTIAL), "cumple en parte");
  CU_ASSERT_STRING_EQUAL(og_status_word(OG_UNKNOWN), "sin determinar");
  CU_ASSERT_STRING_EQUAL(og_strength_word(OG_OBLIGATION), "obligación del tratado");
  CU_ASSERT_STRING_EQUAL(og_strength_word(OG_RECOMMENDATION),
                         "recomendación del Comité");
  CU_ASSERT_STRING_EQUAL(og_status_name(OG_GAP), "gap"); /* ids stay */
  CU_ASSERT_STRING_EQUAL(og_trn("%zu rule unchanged", "%zu rules unchanged", 2),
                         "%zu reglas sin cambios");
  og_buf b;
  og_buf_init(&b);
  og_say_cite("CRC/C/156, paras. 60, 61; CRC/C/OPSC/PAN/CO/1, para. 9; "
              "OPSC art. 3(1)(c); Code, para.graph",
              &b);
  CU_ASSERT_STRING_EQUAL(og_buf_str(&b),
                         "CRC/C/156, párrs. 60, 61; CRC/C/OPSC/PAN/CO/1, "
                         "párr. 9; OPSC art. 3(1)(c); Code, párr.graph");
  og_buf_free(&b);
  const char *const none[] = {"/nonexistent", NULL};
  CU_ASSERT_EQUAL(og_lang_use(OG_LANG_ES, none, err, sizeof(err)), -1);
  CU_ASSERT_STRING_EQUAL(err, "/nonexistent/es/LC_MESSAGES/opgap.mo");
  CU_ASSERT_EQUAL(og_lang_use(OG_LANG_EN, none, err, sizeof(err)), 0);
  CU_ASSERT_STRING_EQUAL(og_status_word(OG_GAP), "gap");
  og_buf_init(&b);
  og_say_cite("CRC/C/156, para. 61", &b);
  CU_ASSERT_STRING_EQUAL(og_buf_str(&b), "CRC/C/156, para. 61");
  og_buf_free(&b);
}

void og_test_i18n(CU_pSuite s) {
  CU_add_test(s, "languages parse; English prints the msgids", test_lang_parse);
  CU_add_test(s, "rules/es/ replaces the texts and labels, nothing else", test_translate);
  CU_add_test(s, "a language without its directory is an error", test_translate_missing_dir);
  CU_add_test(s, "the catalogue gives the Spanish words; English after", test_catalogue);
}
