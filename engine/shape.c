/* shape.c - the schema of opgap's YAML files and its checker (see shape.h).
 *
 * In short (docs/formats.md has the long form):
 *   sources file  := {documents: [document], frameworks?: [framework]}
 *   facts file    := {group?, title?, order?, enums?: {NAME: [member]},
 *                     facts?: [{name, type, of?, values?, min?, max?,
 *                               description}],
 *                     member_labels?: {ENUM|PATH: {member: label}},
 *                     fact_labels?: {PATH: label}}
 *   rules file    := {rules: [rule]}
 *   rule          := {id, title, strength, requirement, citations,
 *                     crosswalk?, params?, scope?, applies_if?, met, partial?, gap,
 *                     unknown_because?, remedy, patterns?, examples?}
 *   profile file  := {id, name, level, parent?, as_of, sources_as_of?,
 *                     opsc?, coverage_condition?, notes?, texts?, facts?}
 *   fact          := {value, cite?, source?, quote?, as_of?, note?,
 *                     confirmed?, evidence?, exhaustive?}
 */
#define _POSIX_C_SOURCE 200809L
#include "shape.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- scalar shapes ---------------------------------------------------- */
#define SCALAR(name, k, desc)                                                  \
  static const og_shape name = {.kind = k, .description = desc}

SCALAR(s_string, OG_T_STRING, NULL);
SCALAR(s_int, OG_T_INT, NULL);
SCALAR(s_bool, OG_T_BOOL, NULL);
SCALAR(s_date, OG_T_DATE, "a date, YYYY-MM-DD");
SCALAR(s_scalar, OG_T_SCALAR, NULL);
SCALAR(s_value, OG_T_VALUE,
       "a value typed by the fact vocabulary; for a list fact known only in "
       "part, {includes: [...], excludes: [...]}");
SCALAR(s_citation, OG_T_CITATION,
       "a citation: a registered document symbol and its article(s) or "
       "paragraph(s), e.g. 'CRC/C/156, para. 61' or 'OPSC art. 3(1)(c)'");
SCALAR(s_template, OG_T_TEMPLATE,
       "plain text with {group.fact}, {missing:group.fact}, "
       "{cite:group.fact} and {param:name} placeholders");
SCALAR(s_regex, OG_T_REGEX, "a PCRE2 regular expression");

static const og_shape s_name = {.kind = OG_T_ID, .pattern = OG_NAME_PATTERN};
static const og_shape s_rule_id = {.kind = OG_T_ID,
                                   .pattern = OG_RULE_ID_PATTERN,
                                   .description = "area.name, lower case"};
static const og_shape s_profile_id = {.kind = OG_T_ID,
                                      .pattern = OG_PROFILE_ID_PATTERN};
static const og_shape s_strings = {.kind = OG_T_LIST, .item = &s_string};
static const og_shape s_citations = {.kind = OG_T_LIST, .item = &s_citation};

static const char *const strength_values[] = {"obligation", "recommendation",
                                              "encouragement", NULL};
static const char *const outcome_values[] = {"met", "partial", "gap", NULL};
static const char *const status_values[] = {"met", "partial", "gap", "unknown",
                                            "not-applicable", NULL};
static const char *const evidence_values[] = {
    "text", "finding", "concern", "welcome", "recommendation", NULL};
static const char *const doc_kind_values[] = {
    "treaty", "guidelines", "concluding-observations", "special-procedure",
    NULL};
static const char *const fact_type_values[] = {"bool", "int",  "string", "enum",
                                               "set",  "date", NULL};
static const char *const lang_values[] = {"en", "es", NULL};
static const char *const level_values[] = {"national", "state", "territory",
                                           NULL};
static const char *const opsc_status_values[] = {"ratified", "signed",
                                                 "not-party", NULL};
static const char *const reservation_kind_values[] = {
    "reservation", "declaration", "understanding", NULL};
static const char *const param_type_values[] = {"int", "bool", "string", NULL};
static const char *const scope_values[] = {"any", "national", NULL};

#define ENUM(name, vals, desc)                                                 \
  static const og_shape name = {                                              \
      .kind = OG_T_ENUM, .values = vals, .description = desc}
ENUM(s_strength, strength_values,
     "obligation (the Protocol's own words), recommendation or encouragement "
     "(the Committee's)");
ENUM(s_outcome, outcome_values, NULL);
ENUM(s_status, status_values, NULL);
ENUM(s_doc_kind, doc_kind_values, NULL);
ENUM(s_evidence, evidence_values,
     "the kind of statement the fact rests on: text (the quoted statute), "
     "finding (a source states what the law is), concern (the Committee "
     "notes with concern or regrets what the law lacks), welcome (the "
     "Committee welcomes a law: evidence of that law and of what the source "
     "says of it); a recommendation establishes nothing about the law");
ENUM(s_fact_type, fact_type_values, NULL);
ENUM(s_lang, lang_values, NULL);
ENUM(s_level, level_values, NULL);
ENUM(s_opsc_status, opsc_status_values, NULL);
ENUM(s_reservation_kind, reservation_kind_values, NULL);
ENUM(s_param_type, param_type_values, NULL);
ENUM(s_scope, scope_values,
     "national: what only the national government does (extradition and "
     "cooperation with other States), not applicable to a state's or "
     "territory's profile; any (the default): every profile");

/* ---- sources registry --------------------------------------------------- */
static const og_field section_fields[] = {
    {"id", &s_string, true, NULL},
    {"title", &s_string, true, NULL},
    {"paragraphs", &s_string, true, "a range, e.g. \"43-73\""},
    {NULL, NULL, false, NULL}};
static const og_shape s_section = {.kind = OG_T_MAP, .fields = section_fields};
static const og_shape s_sections = {.kind = OG_T_LIST, .item = &s_section};

static const og_field exemption_fields[] = {
    {"article", &s_string, true, NULL},
    {"reason", &s_string, true, "why the provision asks nothing of legislation"},
    {NULL, NULL, false, NULL}};
static const og_shape s_exemption = {.kind = OG_T_MAP,
                                     .fields = exemption_fields};
static const og_field document_fields[] = {
    {"symbol", &s_string, true, "the document symbol used in citations"},
    {"full_symbol", &s_string, false, NULL},
    {"title", &s_string, true, NULL},
    {"kind", &s_doc_kind, true, NULL},
    {"state", &s_string, false, "the State a finding document concerns"},
    {"date", &s_date, false, NULL},
    {"articles", &s_strings, false, "the article references that exist"},
    {"paragraphs", &s_string, false, "paragraph ranges, e.g. \"1-113\""},
    {"notes", &s_string, false, "footnote ranges"},
    {"sections", &s_sections, false, NULL},
    {"not_legislative",
     &(const og_shape){.kind = OG_T_LIST, .item = &s_exemption}, false,
     "articles that ask nothing of legislation, with the reason (coverage)"},
    {NULL, NULL, false, NULL}};
static const og_shape s_document = {.kind = OG_T_MAP,
                                    .fields = document_fields};

static const og_field criterion_fields[] = {{"id", &s_string, true, NULL},
                                            {"text", &s_string, true, NULL},
                                            {NULL, NULL, false, NULL}};
static const og_shape s_criterion = {.kind = OG_T_MAP,
                                     .fields = criterion_fields};
static const og_field framework_fields[] = {
    {"id", &s_string, true, NULL},
    {"name", &s_string, true, NULL},
    {"criteria", &(const og_shape){.kind = OG_T_LIST, .item = &s_criterion},
     true, NULL},
    {NULL, NULL, false, NULL}};
static const og_shape s_framework = {.kind = OG_T_MAP,
                                     .fields = framework_fields};

static const og_field sources_fields[] = {
    {"documents", &(const og_shape){.kind = OG_T_LIST, .item = &s_document},
     true, NULL},
    {"frameworks", &(const og_shape){.kind = OG_T_LIST, .item = &s_framework},
     false, NULL},
    {NULL, NULL, false, NULL}};
const og_shape og_shape_sources_file = {.kind = OG_T_MAP,
                                        .fields = sources_fields};

/* ---- fact vocabulary ---------------------------------------------------- */
static const og_field factdef_fields[] = {
    {"name", &s_name, true, NULL},
    {"type", &s_fact_type, true, NULL},
    {"of", &s_name, false, "the enum of an enum or set fact"},
    {"values", &s_strings, false, "inline members of an enum or set fact"},
    {"min", &s_int, false, NULL},
    {"max", &s_int, false, NULL},
    {"description", &s_string, true, NULL},
    {NULL, NULL, false, NULL}};
static const og_shape s_factdef = {.kind = OG_T_MAP, .fields = factdef_fields};
static const og_field facts_file_fields[] = {
    {"group", &s_name, false, "the group's name: the first part of a path"},
    {"title", &s_string, false, NULL},
    {"order", &s_int, false, NULL},
    {"enums", &(const og_shape){.kind = OG_T_DICT,
                                .pattern = OG_NAME_PATTERN,
                                .item = &s_strings},
     false, NULL},
    {"facts", &(const og_shape){.kind = OG_T_LIST, .item = &s_factdef}, false,
     NULL},
    {"member_labels",
     &(const og_shape){.kind = OG_T_DICT,
                       .item = &(const og_shape){.kind = OG_T_DICT,
                                                 .item = &s_string}},
     false,
     "what reports print for each member: {ENUM or GROUP.FACT: {member: "
     "label}}"},
    {"fact_labels", &(const og_shape){.kind = OG_T_DICT, .item = &s_string},
     false, "what reports call each fact: {GROUP.FACT: label}"},
    {NULL, NULL, false, NULL}};
const og_shape og_shape_facts_file = {.kind = OG_T_MAP,
                                      .fields = facts_file_fields};

/* ---- rules -------------------------------------------------------------- */
const og_shape og_shape_condition = {
    .kind = OG_T_CONDITION,
    .description = "all/any/not, or fact with one test: eq, ne, in, "
                   "includes, includes_all, includes_any, gt, gte, lt, lte, "
                   "present, matches, quote_matches"};

static const og_field citations_fields[] = {
    {"creates", &s_citations, true, "the text that creates the requirement"},
    {"explains", &s_citations, false, "text that explains it"},
    {"applies", &s_citations, false, "findings that apply it to a State"},
    {NULL, NULL, false, NULL}};
static const og_shape s_rule_citations = {.kind = OG_T_MAP,
                                          .fields = citations_fields};

static const og_field param_fields[] = {
    {"name", &s_name, true, NULL},
    {"type", &s_param_type, true, NULL},
    {"default", &s_scalar, true, NULL},
    {"description", &s_string, true, NULL},
    {NULL, NULL, false, NULL}};
static const og_shape s_param = {.kind = OG_T_MAP, .fields = param_fields};

static const og_field outcome_fields[] = {
    {"when", &og_shape_condition, true, NULL},
    {"because", &s_template, true, NULL},
    {NULL, NULL, false, NULL}};
static const og_shape s_outcome_def = {.kind = OG_T_MAP,
                                       .fields = outcome_fields};

static const og_field pattern_fields[] = {
    {"id", &(const og_shape){.kind = OG_T_ID,
                             .pattern = "^[a-z0-9]+(-[a-z0-9]+)*$"},
     true, NULL},
    {"lang", &s_lang, true, NULL},
    {"regex", &s_regex, true, NULL},
    {"suggests", &s_outcome, true, NULL},
    {"why", &s_string, true, NULL},
    {"fact", &s_string, false, "the fact a draft profile records"},
    {"value", &s_value, false, "the value it suggests"},
    {NULL, NULL, false, NULL}};
static const og_shape s_pattern = {.kind = OG_T_MAP, .fields = pattern_fields};

static const og_field example_fields[] = {
    {"expect", &s_status, true, NULL},
    {"facts", &(const og_shape){.kind = OG_T_DICT, .item = &s_value}, true,
     "fact path -> value"},
    {"params", &(const og_shape){.kind = OG_T_DICT,
                                 .pattern = OG_NAME_PATTERN,
                                 .item = &s_scalar},
     false, NULL},
    {"note", &s_string, false, NULL},
    {NULL, NULL, false, NULL}};
static const og_shape s_example = {.kind = OG_T_MAP, .fields = example_fields};

static const og_field rule_fields[] = {
    {"id", &s_rule_id, true, NULL},
    {"title", &s_string, true, NULL},
    {"strength", &s_strength, true, NULL},
    {"requirement", &s_string, true, "the requirement in one plain sentence"},
    {"citations", &s_rule_citations, true, NULL},
    {"crosswalk", &s_strings, false, "framework criteria ids"},
    {"params", &(const og_shape){.kind = OG_T_LIST, .item = &s_param}, false,
     NULL},
    {"scope", &s_scope, false, NULL},
    {"applies_if", &og_shape_condition, false,
     "when false the rule is not applicable"},
    {"met", &s_outcome_def, true, NULL},
    {"partial", &s_outcome_def, false, NULL},
    {"gap", &s_outcome_def, true, NULL},
    {"unknown_because", &s_template, false, NULL},
    {"remedy", &s_template, true, NULL},
    {"patterns", &(const og_shape){.kind = OG_T_LIST, .item = &s_pattern},
     false, NULL},
    {"examples", &(const og_shape){.kind = OG_T_LIST, .item = &s_example},
     false, NULL},
    {NULL, NULL, false, NULL}};
static const og_shape s_rule = {.kind = OG_T_MAP, .fields = rule_fields};
static const og_field rules_file_fields[] = {
    {"title", &s_string, false,
     "the part of the Protocol the file's rules belong to (report headings)"},
    {"order", &s_int, false, "where that part stands in reports (ascending)"},
    {"rules", &(const og_shape){.kind = OG_T_LIST, .item = &s_rule}, true,
     NULL},
    {NULL, NULL, false, NULL}};
const og_shape og_shape_rules_file = {.kind = OG_T_MAP,
                                      .fields = rules_file_fields};

/* rules/LANG/NAME.yaml: the texts of rules/NAME.yaml in another language.
 * Every text is optional here; `opgap rules lint --lang LANG` lists the
 * ones a translation lacks. */
static const og_field lang_rule_fields[] = {
    {"id", &s_rule_id, true, "the id of a rule of the English file"},
    {"title", &s_string, false, NULL},
    {"requirement", &s_string, false, NULL},
    {"met", &s_template, false, "the met outcome's `because`"},
    {"partial", &s_template, false, "the partial outcome's `because`"},
    {"gap", &s_template, false, "the gap outcome's `because`"},
    {"unknown_because", &s_template, false, NULL},
    {"remedy", &s_template, false, NULL},
    {"params", &(const og_shape){.kind = OG_T_DICT, .pattern = OG_NAME_PATTERN,
                                 .item = &s_string},
     false, "{param: description}"},
    {"patterns", &(const og_shape){.kind = OG_T_DICT, .item = &s_string},
     false, "{pattern-id: why} for the English patterns"},
    {NULL, NULL, false, NULL}};
static const og_field lang_rules_file_fields[] = {
    {"title", &s_string, false, "the English file's title"},
    {"rules",
     &(const og_shape){.kind = OG_T_LIST,
                       .item = &(const og_shape){.kind = OG_T_MAP,
                                                 .fields = lang_rule_fields}},
     true, NULL},
    {NULL, NULL, false, NULL}};
const og_shape og_shape_lang_rules_file = {.kind = OG_T_MAP,
                                           .fields = lang_rules_file_fields};

/* ---- statute profiles --------------------------------------------------- */
static const og_field fact_fields[] = {
    {"value", &s_value, true, NULL},
    {"cite", &s_string, false, "the statute section"},
    {"source", &s_string, false,
     "the document and paragraph that establishes the fact"},
    {"quote", &s_string, false, "the statutory words the fact rests on"},
    {"as_of", &s_date, false, NULL},
    {"note", &s_string, false, NULL},
    {"confirmed", &s_bool, false, "false marks a draft fact to confirm"},
    {"evidence", &s_evidence, false,
     "what kind of statement the fact rests on (text when it has a quote)"},
    {"exhaustive", &s_string, false,
     "for a list fact: why the list is complete (without it a list is open:"
     " an item not listed is unknown, not absent)"},
    {NULL, NULL, false, NULL}};
static const og_shape s_fact = {.kind = OG_T_MAP, .fields = fact_fields};
static const og_shape s_fact_group = {
    .kind = OG_T_DICT, .pattern = OG_NAME_PATTERN, .item = &s_fact};

static const og_field reservation_fields[] = {
    {"kind", &s_reservation_kind, true, NULL},
    {"provisions", &s_citations, true, NULL},
    {"text", &s_string, true, NULL},
    {"source", &s_string, true, NULL},
    {NULL, NULL, false, NULL}};
static const og_shape s_reservation = {.kind = OG_T_MAP,
                                       .fields = reservation_fields};
static const og_field opsc_fields[] = {
    {"status", &s_opsc_status, true, NULL},
    {"date", &s_date, false, NULL},
    {"source", &s_string, false, NULL},
    {"reservations", &(const og_shape){.kind = OG_T_LIST,
                                       .item = &s_reservation},
     false, NULL},
    {NULL, NULL, false, NULL}};
static const og_field note_fields[] = {{"text", &s_string, true, NULL},
                                       {"source", &s_string, true, NULL},
                                       {NULL, NULL, false, NULL}};
/* A profile's name in each language reports are written in. */
static const og_field names_fields[] = {{"en", &s_string, false, NULL},
                                        {"es", &s_string, false, NULL},
                                        {NULL, NULL, false, NULL}};
static const og_field source_date_fields[] = {
    {"source", &s_string, true, NULL},
    {"date", &s_date, true, NULL},
    {"describes", &s_string, false, NULL},
    {NULL, NULL, false, NULL}};
static const og_field text_fields[] = {
    {"code", &s_string, true,
     "how the profile's cites name the code, e.g. '18 U.S.C.', 'Criminal "
     "Code', 'Código Penal'"},
    {"files", &s_string, true,
     "where its text is: a glob relative to ../shared/statutes-text"},
    {NULL, NULL, false, NULL}};
static const og_field profile_fields[] = {
    {"id", &s_profile_id, true, "the path below statutes/, without .yaml"},
    {"name", &s_string, true, NULL},
    {"names", &(const og_shape){.kind = OG_T_MAP, .fields = names_fields},
     false, "the name in a report's language (--lang), e.g. es: Panamá"},
    {"level", &s_level, true, NULL},
    {"parent", &s_profile_id, false, "the enclosing jurisdiction's id"},
    {"as_of", &s_date, true, "the date the profile describes the law"},
    {"sources_as_of",
     &(const og_shape){.kind = OG_T_LIST,
                       .item = &(const og_shape){.kind = OG_T_MAP,
                                                 .fields = source_date_fields}},
     false, NULL},
    {"opsc", &(const og_shape){.kind = OG_T_MAP, .fields = opsc_fields}, false,
     NULL},
    {"coverage_condition",
     &(const og_shape){.kind = OG_T_MAP, .fields = note_fields}, false,
     "shown when a child jurisdiction's coverage rests on this one"},
    {"notes", &s_strings, false, NULL},
    {"texts",
     &(const og_shape){.kind = OG_T_LIST,
                       .item = &(const og_shape){.kind = OG_T_MAP,
                                                 .fields = text_fields}},
     false, "where the cited codes' text can be read (the quote check)"},
    {"facts", &(const og_shape){.kind = OG_T_DICT,
                                .pattern = OG_NAME_PATTERN,
                                .item = &s_fact_group},
     false, "group -> fact -> {value, cite, source, ...}"},
    {NULL, NULL, false, NULL}};
const og_shape og_shape_profile_file = {.kind = OG_T_MAP,
                                        .fields = profile_fields};

/* ---- the checker -------------------------------------------------------- */
typedef struct re_cache_entry {
  const char *pattern;
  pcre2_code *code;
} re_cache_entry;

static re_cache_entry re_cache[16];
static size_t re_cache_n;
static pcre2_match_data *re_md;
/* The cache and its match data are shared by every thread that loads
 * profiles (opgap batch evaluates with several workers): one lock guards
 * both. Checks are short and few per file, so contention is negligible. */
static pthread_mutex_t re_lock = PTHREAD_MUTEX_INITIALIZER;

static void re_cache_free(void) {
  for (size_t i = 0; i < re_cache_n; i++) {
    pcre2_code_free(re_cache[i].code);
  }
  re_cache_n = 0;
  pcre2_match_data_free(re_md);
  re_md = NULL;
}

bool og_id_matches(const char *pattern, const char *s) {
  pthread_mutex_lock(&re_lock);
  pcre2_code *code = NULL;
  for (size_t i = 0; i < re_cache_n; i++) {
    if (re_cache[i].pattern == pattern) {
      code = re_cache[i].code;
    }
  }
  if (code == NULL) {
    int err;
    PCRE2_SIZE off;
    code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &err,
                         &off, NULL);
    if (code == NULL || re_cache_n == sizeof(re_cache) / sizeof(re_cache[0])) {
      abort(); /* the patterns are ours and few: a programming error */
    }
    /* every key of every fact of every profile is checked: compiled to
     * machine code where PCRE2 can, it was 2% of a batch interpreted */
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    if (re_cache_n == 0) {
      atexit(re_cache_free);
      re_md = pcre2_match_data_create(4, NULL);
    }
    re_cache[re_cache_n].pattern = pattern;
    re_cache[re_cache_n++].code = code;
  }
  bool ok = pcre2_match(code, (PCRE2_SPTR)s, strlen(s), 0, 0, re_md, NULL) >= 0;
  pthread_mutex_unlock(&re_lock);
  return ok;
}

static bool is_scalar(const og_node *n, og_scalar_type t) {
  return n->kind == OG_NODE_SCALAR && n->stype == t;
}

static void err_type(const og_node *n, const char *file, og_diags *d,
                     const char *want) {
  og_diag_add(d, file, n->line, n->col, "expected %s, found %s", want,
              og_node_kind_name(n));
}

static bool check_enum(const og_node *n, const og_shape *s, const char *file,
                       og_diags *d) {
  if (!is_scalar(n, OG_SCALAR_STRING)) {
    err_type(n, file, d, "a string");
    return false;
  }
  size_t count = 0;
  for (; s->values[count]; count++) {
    if (strcmp(s->values[count], n->str) == 0) {
      return true;
    }
  }
  og_buf b;
  og_buf_init(&b);
  for (size_t i = 0; i < count; i++) {
    og_buf_printf(&b, "%s%s", i ? ", " : "", s->values[i]);
  }
  const char *near = og_did_you_mean(n->str, s->values, count);
  if (near) {
    og_diag_add(d, file, n->line, n->col,
                "invalid value '%s' (did you mean '%s'?)", n->str, near);
  } else {
    og_diag_add(d, file, n->line, n->col,
                "invalid value '%s' (expected one of: %s)", n->str,
                og_buf_str(&b));
  }
  og_buf_free(&b);
  return false;
}

static bool check_map(const og_node *n, const og_shape *s, const char *file,
                      og_diags *d) {
  bool ok = true;
  size_t nfields = 0;
  while (s->fields[nfields].key) {
    nfields++;
  }
  /* Which fields appear, for the required check (a shape has few fields). */
  uint64_t seen = 0;
  for (size_t i = 0; i < n->n; i++) {
    const og_node *k = og_map_key(n, i);
    const og_field *f = NULL;
    for (size_t j = 0; j < nfields && f == NULL; j++) {
      if (s->fields[j].key[0] == k->str[0] &&
          strcmp(s->fields[j].key, k->str) == 0) {
        f = &s->fields[j];
        seen |= j < 64 ? (uint64_t)1 << j : 0;
      }
    }
    if (f == NULL) {
      const char *names[64];
      size_t nn = nfields < 64 ? nfields : 64;
      for (size_t j = 0; j < nn; j++) {
        names[j] = s->fields[j].key;
      }
      const char *near = og_did_you_mean(k->str, names, nn);
      if (near) {
        og_diag_add(d, file, k->line, k->col,
                    "unknown key '%s' (did you mean '%s'?)", k->str, near);
      } else {
        og_diag_add(d, file, k->line, k->col, "unknown key '%s'", k->str);
      }
      ok = false;
      continue;
    }
    if (!og_shape_check(og_map_val(n, i), f->shape, file, d)) {
      ok = false;
    }
  }
  for (size_t j = 0; j < nfields; j++) {
    bool present = j < 64 ? (seen >> j) & 1u
                          : og_map_get(n, s->fields[j].key) != NULL;
    if (s->fields[j].required && !present) {
      og_diag_add(d, file, n->line, n->col, "missing required key '%s'",
                  s->fields[j].key);
      ok = false;
    }
  }
  return ok;
}

bool og_shape_check(const og_node *n, const og_shape *s, const char *file,
                    og_diags *d) {
  if (n == NULL) {
    og_diag_add(d, file, 1, 1, "empty document");
    return false;
  }
  switch (s->kind) {
  case OG_T_STRING:
  case OG_T_CITATION:
  case OG_T_TEMPLATE:
  case OG_T_REGEX:
    if (!is_scalar(n, OG_SCALAR_STRING)) {
      err_type(n, file, d, "a string");
      return false;
    }
    return true;
  case OG_T_ID:
    if (!is_scalar(n, OG_SCALAR_STRING)) {
      err_type(n, file, d, "a string");
      return false;
    }
    if (!og_id_matches(s->pattern, n->str)) {
      og_diag_add(d, file, n->line, n->col,
                  "malformed identifier '%s' (expected %s)", n->str,
                  s->description ? s->description : s->pattern);
      return false;
    }
    return true;
  case OG_T_INT:
    if (!is_scalar(n, OG_SCALAR_INT)) {
      err_type(n, file, d, "an integer");
      return false;
    }
    return true;
  case OG_T_BOOL:
    if (!is_scalar(n, OG_SCALAR_BOOL)) {
      err_type(n, file, d, "true or false");
      return false;
    }
    return true;
  case OG_T_DATE:
    if (!is_scalar(n, OG_SCALAR_DATE)) {
      err_type(n, file, d, "a date (YYYY-MM-DD)");
      return false;
    }
    return true;
  case OG_T_ENUM:
    return check_enum(n, s, file, d);
  case OG_T_SCALAR:
    if (n->kind != OG_NODE_SCALAR || n->stype == OG_SCALAR_NULL) {
      err_type(n, file, d, "a value");
      return false;
    }
    return true;
  case OG_T_VALUE:
    /* A mapping is an open list ({includes, excludes}), checked against the
     * fact's type by vocab.c. */
    if (n->kind == OG_NODE_SCALAR && n->stype == OG_SCALAR_NULL) {
      err_type(n, file, d, "a value or a list of values");
      return false;
    }
    if (n->kind == OG_NODE_MAP) {
      return true;
    }
    if (n->kind == OG_NODE_SEQ) {
      for (size_t i = 0; i < n->n; i++) {
        if (n->items[i]->kind != OG_NODE_SCALAR) {
          err_type(n->items[i], file, d, "a value");
          return false;
        }
      }
    }
    return true;
  case OG_T_CONDITION:
  case OG_T_MAP:
    if (n->kind != OG_NODE_MAP) {
      err_type(n, file, d, "a mapping");
      return false;
    }
    return s->kind == OG_T_CONDITION ? true : check_map(n, s, file, d);
  case OG_T_DICT: {
    if (n->kind != OG_NODE_MAP) {
      err_type(n, file, d, "a mapping");
      return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->n; i++) {
      const og_node *k = og_map_key(n, i);
      if (s->pattern && !og_id_matches(s->pattern, k->str)) {
        og_diag_add(d, file, k->line, k->col, "malformed name '%s'", k->str);
        ok = false;
      }
      if (!og_shape_check(og_map_val(n, i), s->item, file, d)) {
        ok = false;
      }
    }
    return ok;
  }
  case OG_T_LIST: {
    if (n->kind != OG_NODE_SEQ) {
      err_type(n, file, d, "a list");
      return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->n; i++) {
      if (!og_shape_check(n->items[i], s->item, file, d)) {
        ok = false;
      }
    }
    return ok;
  }
  }
  return false;
}
