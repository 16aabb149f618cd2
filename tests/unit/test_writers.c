/* test_writers.c - each output format says what the evaluator decided, and
 * an output file holds what was written. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "suites.h"

static og_profile *load(const char *path) {
  og_diags d;
  og_diags_init(&d);
  og_profile *p = og_profile_load(t_rules(), path, "tests/fixtures/profiles", &d);
  og_diags_free(&d);
  return p;
}

static void test_json_shape(void) {
  og_profile *p = load("tests/fixtures/profiles/good.yaml");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  og_report r;
  og_diags d;
  og_diags_init(&d);
  CU_ASSERT_EQUAL(og_evaluate(t_rules(), p, NULL, &r, &d), 0);
  og_buf b;
  og_buf_init(&b);
  og_write_json(&r, &b);
  cJSON *root = cJSON_Parse(og_buf_str(&b));
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  /* keys in a fixed order */
  static const char *const keys[] = {"schema_version", "tool", "jurisdiction", "summary", "findings"};
  cJSON *k = root->child;
  for (size_t i = 0; i < 5; i++, k = k ? k->next : NULL) {
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_STRING_EQUAL(k->string, keys[i]);
  }
  cJSON *f0 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "findings"), 0);
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(f0, "rule")->valuestring, "csam.any-representation");
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(f0, "status")->valuestring, "partial");
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(f0, "strength")->valuestring, "obligation");
  cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItem(f0, "evidence"), 0);
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(ev, "cite")->valuestring, "Penal Code § 10(2)");
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(ev, "value")->valuestring, "visual");
  CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(f0, "reservations")), 1);
  CU_ASSERT_EQUAL(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "summary"), "met")->valueint, 2);
  cJSON_Delete(root);
  og_buf_free(&b);
  og_report_free(&r);
  og_diags_free(&d);
  og_profile_free(p);
}

static void test_text_and_md(void) {
  og_profile *p = load("tests/fixtures/profiles/state.yaml");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  og_report r;
  og_diags d;
  og_diags_init(&d);
  og_evaluate(t_rules(), p, NULL, &r, &d);
  og_buf t, m;
  og_buf_init(&t);
  og_buf_init(&m);
  og_write_text(&r, &t);
  og_write_md(&r, &m);
  CU_ASSERT_PTR_NOT_NULL(strstr(og_buf_str(&t), "[GAP] sanctions.grave-penalties - Grave penalties"));
  CU_ASSERT_PTR_NOT_NULL(strstr(og_buf_str(&t), "With test/good law: own gap, test/good met, combined met"));
  CU_ASSERT_PTR_NOT_NULL(strstr(og_buf_str(&m), "### gap: `sanctions.grave-penalties` Grave penalties"));
  /* the first page: gaps and partial findings, one line each; unknown
   * rules together, each with what would decide it */
  const char *glance = strstr(og_buf_str(&t), "== Gaps and partial findings ==\n\n"
                                              "  gap (obligation): Grave penalties - rests on State Code § 2; "
                                              "with test/good law: met\n");
  CU_ASSERT_PTR_NOT_NULL(glance);
  CU_ASSERT_PTR_NOT_NULL(strstr(og_buf_str(&m), "## Gaps and partial findings\n\n"
                                                "- gap (obligation): Grave penalties - rests on State Code § 2; "
                                                "with test/good law: met\n"));
  const char *undecided = strstr(og_buf_str(&m), "## Not decided by the texts at hand (2 rules)");
  CU_ASSERT_PTR_NOT_NULL(undecided);
  CU_ASSERT_PTR_NOT_NULL(strstr(og_buf_str(&m), "- Offender a national (recommendation): The texts at hand "
                                                "do not establish how broad the definition is and the offences "
                                                "whose attempt is punishable.\n"));
  /* before the per-rule detail, which leaves the unknown rule out */
  CU_ASSERT(glance < strstr(og_buf_str(&t), "[GAP] sanctions.grave-penalties"));
  CU_ASSERT(undecided < strstr(og_buf_str(&m), "### gap: `sanctions.grave-penalties`"));
  CU_ASSERT_PTR_NULL(strstr(og_buf_str(&m), "`jurisdiction.offender-national`"));
  og_buf_free(&t);
  og_buf_free(&m);
  og_report_free(&r);
  og_diags_free(&d);
  og_profile_free(p);
}

/* Each fact says what kind of statement it rests on, in every format;
 * JSON gives the kind as `evidence` and the list's completeness. */
static void test_evidence_kinds(void) {
  og_profile *p = load("tests/fixtures/profiles/evidence.yaml");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  const og_vocab *v = &t_rules()->vocab;
  const og_registry *reg = &t_rules()->reg;
  static const struct {
    const char *fact, *basis, *value;
  } want[] = {
      {"csam.media", "quoted from Penal Code § 1", "images"},
      {"csam.simulated", "the Committee notes with concern (CRC/C/OPSC/USA/CO/3-4, para. 28(b))", "no"},
      {"csam.max_penalty_years",
       "Penal Code § 9; the Special Rapporteur found (A/HRC/16/57/Add.5, para. 30)", "20"},
      {"csam.attempt_offences", "the Committee welcomes the law (CRC/C/OPSC/PAN/CO/1, para. 5)",
       "sale of a child and abuse material (the texts at hand establish these; others not established)"}};
  for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    const og_fact *f = og_profile_fact(p, og_vocab_find(v, want[i].fact));
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    og_buf b;
    og_buf_init(&b);
    og_say_basis(reg, f, &b);
    CU_ASSERT_STRING_EQUAL(og_buf_str(&b), want[i].basis);
    og_buf_free(&b);
    og_buf_init(&b);
    og_say_value(f->def, &f->value, &b);
    CU_ASSERT_STRING_EQUAL(og_buf_str(&b), want[i].value);
    og_buf_free(&b);
  }
  /* a kind without its source; no kind and no quote; an example's fact */
  static const struct {
    const char *cite, *source, *evidence, *basis;
  } bare[] = {{"s. 3", NULL, "concern", "s. 3 (a concern; its source is not given)"},
              {"s. 3", "CRC/C/156, para. 61", NULL,
               "s. 3; CRC/C/156, para. 61 (not quoted; kind of statement not given)"},
              {NULL, "CRC/C/156, para. 61", "finding", "the Committee's guidelines state (CRC/C/156, para. 61)"},
              {NULL, NULL, NULL, "no citation (a hypothetical example)"}};
  for (size_t i = 0; i < sizeof(bare) / sizeof(bare[0]); i++) {
    og_fact f = {.def = og_vocab_find(v, "csam.simulated"),
                 .cite = bare[i].cite,
                 .source = bare[i].source,
                 .evidence = bare[i].evidence};
    og_buf one;
    og_buf_init(&one);
    og_say_basis(reg, &f, &one);
    CU_ASSERT_STRING_EQUAL(og_buf_str(&one), bare[i].basis);
    og_buf_free(&one);
  }
  og_report r;
  og_diags d;
  og_diags_init(&d);
  og_evaluate(t_rules(), p, NULL, &r, &d);
  og_buf b;
  og_buf_init(&b);
  og_write_json(&r, &b);
  cJSON *root = cJSON_Parse(og_buf_str(&b));
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  /* csam.simulated: the gap rests on a concern and on a complete list */
  cJSON *f1 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "findings"), 1);
  cJSON *e0 = cJSON_GetArrayItem(cJSON_GetObjectItem(f1, "evidence"), 0);
  cJSON *e1 = cJSON_GetArrayItem(cJSON_GetObjectItem(f1, "evidence"), 1);
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e0, "evidence")->valuestring, "concern");
  CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(e0, "exhaustive"));
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e1, "evidence")->valuestring, "text");
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e1, "exhaustive")->valuestring,
                         "section 1 defines the material and names nothing else");
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(e1, "value")->valuestring, "visual");
  cJSON_Delete(root);
  og_buf_free(&b);
  og_buf_init(&b);
  og_write_html(&r, &b);
  CU_ASSERT_PTR_NOT_NULL(strstr(og_buf_str(&b), "<span class=\"basis ev-concern\">&mdash; the Committee notes "
                                                "with concern (CRC/C/OPSC/USA/CO/3-4, para. 28(b))</span>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(og_buf_str(&b), "<h2 id=\"glance\">Gaps and partial findings</h2>"));
  og_buf_free(&b);
  og_report_free(&r);
  og_diags_free(&d);
  og_profile_free(p);
}

/* A state's matrix row shows its own law by default and, with with_parent,
 * the status with its parent's law; the report names the parent's sections
 * where they decide the combination. */
static void test_matrix_with_parent(void) {
  og_profile *p = load("tests/fixtures/profiles/state.yaml");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  og_report r;
  og_diags d;
  og_diags_init(&d);
  CU_ASSERT_EQUAL(og_evaluate(t_rules(), p, NULL, &r, &d), 0);
  og_matrix_row own, both;
  og_matrix_row_init(&own, &r, false, false, 0);
  og_matrix_row_init(&both, &r, false, true, 0);
  CU_ASSERT_FALSE(own.combined);
  CU_ASSERT_TRUE(both.combined);
  size_t k = 0;
  while (k < r.nfindings &&
         strcmp(r.findings[k].rule->id, "sanctions.grave-penalties") != 0) {
    k++;
  }
  CU_ASSERT_FATAL(k < r.nfindings);
  CU_ASSERT_EQUAL(own.status[k], OG_GAP);
  CU_ASSERT_EQUAL(both.status[k], OG_MET);
  CU_ASSERT_EQUAL(own.counts[OG_GAP], r.counts[OG_GAP]);
  CU_ASSERT_EQUAL(both.counts[OG_MET], r.combined_counts[OG_MET]);
  /* the JSON matrix, streamed to a file */
  char dir[] = "/tmp/opgap-unit-XXXXXX";
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
  char *path = og_xasprintf("%s/m.json", dir);
  og_out out;
  CU_ASSERT_EQUAL_FATAL(og_out_open(&out, path, &d), 0);
  og_mwriter w;
  og_mwriter_init(&w, OG_MATRIX_JSON, t_rules(), &out, 1, true, NULL);
  og_mwriter_row(&w, &both);
  og_mwriter_end(&w, NULL, 0);
  CU_ASSERT_EQUAL(og_mwriter_commit(&w, &d), 0);
  CU_ASSERT_EQUAL(og_out_commit(&out, &d), 0);
  og_mwriter_release(&w);
  size_t len = 0;
  char *json = og_read_file_max(path, 1u << 20, &len, &d);
  CU_ASSERT_PTR_NOT_NULL_FATAL(json);
  CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"view\":\t\"with-parent\""));
  CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"with_parent\":\ttrue"));
  free(json);
  unlink(path);
  rmdir(dir);
  free(path);
  og_buf b;
  og_buf_init(&b);
  og_finding_parent_cites(&r.findings[k], &b);
  CU_ASSERT_TRUE(b.len > 0);
  og_buf_free(&b);
  og_matrix_row_release(&own);
  og_matrix_row_release(&both);
  og_report_free(&r);
  og_diags_free(&d);
  og_profile_free(p);
}

/* The unknown rules' list gives the first sentence of what would decide
 * each, not cut at a citation's abbreviation. */
static void test_say_short(void) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"The profile does not say (18 U.S.C. § 2256, para. 9). More here.",
       "The profile does not say (18 U.S.C. § 2256, para. 9)."},
      {"One sentence only", "One sentence only."},
      {"Cut e.g. Here. Then", "Cut e.g. Here."},
      {"A long first sentence that goes on and on", "A long first ..."}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    og_buf b;
    og_buf_init(&b);
    og_say_short(cases[i].in, i == 3 ? 18 : 200, &b);
    CU_ASSERT_STRING_EQUAL(og_buf_str(&b), cases[i].out);
    og_buf_free(&b);
  }
}

/* Large writes reserve their blocks first (og_out_write): the file must
 * hold exactly the bytes written, in order, whether it was written in
 * one piece or in several, and the temporary file must be gone. */
static void test_out_large(void) {
  size_t n = 3u << 20;
  char *data = og_xmalloc(n);
  for (size_t i = 0; i < n; i++) {
    data[i] = (char)('a' + (i * 7 + i / 4096) % 26);
  }
  char path[] = "/tmp/opgap-out-XXXXXX";
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  close(fd);
  og_diags d;
  og_diags_init(&d);
  og_out o;
  CU_ASSERT_EQUAL_FATAL(og_out_open(&o, path, &d), 0);
  og_out_write(&o, data, 100);             /* small: nothing reserved */
  og_out_write(&o, data + 100, 2u << 20);  /* reserved at offset 100 */
  og_out_write(&o, data + 100 + (2u << 20), n - 100 - (2u << 20));
  CU_ASSERT_EQUAL(og_out_commit(&o, &d), 0);
  size_t len = 0;
  char *back = og_read_file(path, &len, &d);
  CU_ASSERT_PTR_NOT_NULL_FATAL(back);
  CU_ASSERT_EQUAL(len, n);
  CU_ASSERT(memcmp(back, data, n) == 0);
  CU_ASSERT_EQUAL(d.n, 0);
  free(back);
  free(data);
  unlink(path);
  og_diags_free(&d);
}

void og_test_writers(CU_pSuite s) {
  CU_add_test(s, "a large write reaches its file whole and in order", test_out_large);
  CU_add_test(s, "JSON keeps its keys, order and values", test_json_shape);
  CU_add_test(s, "a state's matrix row: own law, or with its parent's", test_matrix_with_parent);
  CU_add_test(s, "text and Markdown show status, strength and combined coverage", test_text_and_md);
  CU_add_test(s, "each fact says what kind of statement it rests on", test_evidence_kinds);
  CU_add_test(s, "what would decide an unknown rule, in one sentence", test_say_short);
}
