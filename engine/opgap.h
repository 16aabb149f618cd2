/* opgap.h - the engine's interface, used by the CLI, the writers and the
 * tests.
 *
 * The data's path:
 *   YAML -> og_node tree (ytree.c) -> shape check (shape.c)
 *        -> sources registry (cite.c), fact vocabulary (vocab.c)
 *        -> compiled rules (rules.c, cond.c) and profile facts (profile.c)
 *        -> evaluation (eval.c) -> findings -> writers (report_*.c)
 *
 * Ownership: og_ruleset and og_profile own everything reachable from them
 * (one arena each) and are freed with og_ruleset_free / og_profile_free.
 * Findings point into both: free the findings before the rule set or the
 * profile.
 */
#ifndef OPGAP_H
#define OPGAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "i18n.h"
#include "util.h"
#include "ytree.h"

#define OPGAP_VERSION "0.1.0"
#define OPGAP_JSON_SCHEMA_VERSION 1

/* Exit codes (stable, documented in --help and the man page). */
enum {
  OG_EXIT_OK = 0,      /* no finding at or above --fail-on */
  OG_EXIT_FINDINGS = 1, /* some finding at or above --fail-on */
  OG_EXIT_INPUT = 2     /* bad input or usage */
};

/* Statuses, in the order of severity used by --fail-on. The names are a
 * stable public interface (JSON, CSV, SARIF). */
#define OG_STATUS_LIST(X)                                                      \
  X(OG_MET, "met", "M")                                                        \
  X(OG_NA, "not-applicable", "-")                                              \
  X(OG_UNKNOWN, "unknown", "?")                                                \
  X(OG_PARTIAL, "partial", "P")                                                \
  X(OG_GAP, "gap", "G")
typedef enum og_status {
#define X(e, name, letter) e,
  OG_STATUS_LIST(X)
#undef X
      OG_STATUS_COUNT
} og_status;
const char *og_status_name(og_status s);
const char *og_status_letter(og_status s);
int og_status_parse(const char *s); /* -1 when unknown */
/* The status in words for people, in the report's language (the name
 * above stays the id in JSON, CSV and SARIF). */
const char *og_status_word(og_status s);

#define OG_STRENGTH_LIST(X)                                                    \
  X(OG_ENCOURAGEMENT, "encouragement")                                         \
  X(OG_RECOMMENDATION, "recommendation")                                       \
  X(OG_OBLIGATION, "obligation")
typedef enum og_strength {
#define X(e, name) e,
  OG_STRENGTH_LIST(X)
#undef X
      OG_STRENGTH_COUNT
} og_strength;
const char *og_strength_name(og_strength s);
int og_strength_parse(const char *s);
const char *og_strength_word(og_strength s); /* for people */

/* ---- sources registry (cite.c) ------------------------------------------ */
typedef enum og_doc_kind {
  OG_DOC_TREATY,
  OG_DOC_GUIDELINES,
  OG_DOC_CO,
  OG_DOC_SPECIAL
} og_doc_kind;

typedef struct og_range {
  int lo, hi;
} og_range;

typedef struct og_section {
  const char *id, *title;
  og_range paras;
} og_section;

typedef struct og_exemption {
  const char *article, *reason;
} og_exemption;

typedef struct og_document {
  const char *symbol, *full_symbol, *title, *state, *date;
  size_t symbol_len; /* strlen(symbol), for og_registry_doc_for */
  og_doc_kind kind;
  const char **articles; /* treaty: registered article refs */
  size_t narticles;
  og_range *paras; /* paragraph ranges */
  size_t nparas;
  og_range *notes;
  size_t nnotes;
  og_section *sections;
  size_t nsections;
  og_exemption *not_legislative; /* articles coverage need not map to a rule */
  size_t nnot_legislative;
} og_document;

typedef struct og_criterion {
  const char *id, *text, *framework;
} og_criterion;

typedef struct og_framework {
  const char *id, *name;
  og_criterion *criteria;
  size_t ncriteria;
} og_framework;

typedef struct og_registry {
  og_document *docs;
  size_t ndocs;
  og_framework *frameworks;
  size_t nframeworks;
} og_registry;

/* One place cited: an article ("3(1)(c)"), a paragraph (61, sub "(a)") or a
 * footnote. */
typedef enum { OG_PLACE_ARTICLE, OG_PLACE_PARA, OG_PLACE_NOTE } og_place_kind;
typedef struct og_place {
  og_place_kind kind;
  const char *article; /* OG_PLACE_ARTICLE */
  int num;             /* paragraph or note number */
} og_place;

typedef struct og_citation {
  const char *text; /* as written */
  const og_document *doc;
  og_place *places;
  size_t nplaces;
} og_citation;

/* Parses `text` as a citation against the registry into arena memory.
 * Returns false and adds an error at (file,line,col) when the document or
 * a place is not registered. */
bool og_citation_parse(const og_registry *reg, og_arena *a, const char *text,
                       og_citation *out, const char *file, int line, int col,
                       og_diags *d);
/* The registered document whose symbol begins text, or NULL. */
const og_document *og_registry_doc_for(const og_registry *reg,
                                       const char *text);
const og_criterion *og_registry_criterion(const og_registry *reg,
                                          const char *id);

/* ---- fact vocabulary (vocab.c) ------------------------------------------ */
typedef enum og_ftype {
  OG_F_BOOL,
  OG_F_INT,
  OG_F_STRING,
  OG_F_ENUM,
  OG_F_SET,
  OG_F_DATE
} og_ftype;

typedef struct og_enum {
  const char *name;
  const char **members;
  const char **labels; /* for people, by member; NULL entries: none given */
  size_t nmembers;
} og_enum;

typedef struct og_group {
  const char *name, *title;
  int order;
} og_group;

typedef struct og_factdef {
  size_t index; /* position in the vocabulary: profiles index facts by it */
  const char *path; /* "group.name" */
  const char *name;
  const og_group *group;
  og_ftype type;
  const og_enum *values; /* OG_F_ENUM, OG_F_SET */
  bool has_min, has_max;
  long long min, max;
  const char *description;
  const char *label; /* what reports call the fact; NULL: none given */
} og_factdef;

typedef struct og_vocab {
  og_group *groups;
  size_t ngroups;
  og_enum *enums;
  size_t nenums;
  og_factdef *facts;
  size_t nfacts;
  size_t *index; /* open-addressing hash of fact paths: index+1, 0 empty */
  size_t index_cap;
} og_vocab;

const og_factdef *og_vocab_find(const og_vocab *v, const char *path);
/* Builds the path index once the vocabulary is complete. */
void og_vocab_index(og_vocab *v, og_arena *a);
const og_group *og_vocab_group(const og_vocab *v, const char *name);
const char *og_ftype_name(og_ftype t);

/* A typed fact value. Sets are bitmasks over the enum's members. */
typedef struct og_value {
  og_ftype type;
  bool b;
  long long i;
  const char *s; /* string, date, enum member name */
  size_t member; /* OG_F_ENUM */
  uint64_t set;  /* OG_F_SET: the members (known to be) in the set */
  /* An open set states what the sources establish and no more: `set` holds
   * the members known to be in, `set_out` those known to be out; the rest
   * are not established. Written {includes: [..], excludes: [..],
   * not_all: [..]}; not_all says that at least one listed member is out,
   * without saying which ("not every offence", "some provisions"). */
  bool open;
  uint64_t set_out;
  uint64_t not_all; /* open set: at least one of these is out ({not_all}) */
} og_value;

/* Converts node to a value of def's type; adds an error and returns false
 * when it does not fit (wrong type, unknown member, out of bounds). */
bool og_value_from_node(const og_factdef *def, const og_node *n,
                        og_value *out, og_diags *d);
/* The keys of an open list, {includes, excludes, not_all} (vocab.c; the
 * JSON Schema export uses the same table). */
#define OG_OPEN_LIST_KEYS 3
extern const char *const og_open_list_keys[OG_OPEN_LIST_KEYS];
/* Renders a value as text: a set as "a, b and c". */
void og_value_render(const og_factdef *def, const og_value *v, og_buf *b);
bool og_value_equal(const og_value *a, const og_value *b);

/* ---- rules (rules.c, cond.c) -------------------------------------------- */
typedef enum og_cond_kind {
  OG_C_ALL,
  OG_C_ANY,
  OG_C_NOT,
  OG_C_PRESENT,
  OG_C_EQ,
  OG_C_NE,
  OG_C_IN,
  OG_C_INCLUDES,
  OG_C_INCLUDES_ALL,
  OG_C_INCLUDES_ANY,
  OG_C_GT,
  OG_C_GTE,
  OG_C_LT,
  OG_C_LTE,
  OG_C_MATCHES,
  OG_C_QUOTE_MATCHES
} og_cond_kind;

typedef struct og_param {
  const char *name, *description;
  og_ftype type; /* OG_F_INT, OG_F_BOOL or OG_F_STRING */
  og_value def;
} og_param;

typedef struct og_cond og_cond;
struct og_cond { /* what the evaluator reads first, first */
  og_cond_kind kind;
  bool present;   /* OG_C_PRESENT: expected presence */
  og_cond **kids; /* all, any, not */
  size_t nkids;
  const og_factdef *fact;
  og_value operand;
  og_value *list; /* in */
  size_t nlist;
  const og_param *param; /* numeric comparison against a parameter */
  pcre2_code *re;
  const char *regex;
  int line, col;
};

typedef enum og_role { OG_ROLE_CREATES, OG_ROLE_EXPLAINS, OG_ROLE_APPLIES } og_role;
const char *og_role_name(og_role r);
/* For readers: "Requirement created by", "Explained in", "Applied to States
 * in"; and what a strength means ("the Protocol's own binding words", "the
 * Committee ... recommends it; not a treaty obligation"). */
const char *og_role_label(og_role r);
const char *og_strength_gloss(og_strength s);

typedef struct og_rule_cite {
  og_role role;
  og_citation cite;
} og_rule_cite;

/* A text with placeholders, compiled at load (rules.c): literal runs and
 * {fact}, {missing:fact}, {cite:fact}, {param:name} slots. A fact path
 * written as plain text is said by its label; in parentheses of its own,
 * "(group.fact)", it is dropped (the sentence already says it in words). */
typedef enum og_seg_kind {
  OG_SEG_TEXT,
  OG_SEG_VALUE,
  OG_SEG_MISSING,
  OG_SEG_CITE,
  OG_SEG_PARAM,
  OG_SEG_LABEL /* a fact path written as text: printed as its label */
} og_seg_kind;

typedef struct og_seg {
  og_seg_kind kind;
  const char *text; /* OG_SEG_TEXT: len bytes */
  size_t len;
  const og_factdef *fact;
  size_t param; /* OG_SEG_PARAM: index in rule->params */
} og_seg;

typedef struct og_template {
  const char *source; /* as written */
  og_seg *segs;
  size_t nsegs;
} og_template;

typedef struct og_outcome {
  bool defined;
  og_cond *when;
  og_template because;
} og_outcome;

typedef struct og_pattern {
  const char *id, *lang, *regex, *why;
  og_status suggests;
  const og_factdef *fact;
  const og_node *value; /* the suggested value, as written */
  pcre2_code *re;
  int line, col;
} og_pattern;

typedef struct og_example {
  og_status expect;
  const og_node *facts;  /* path -> value */
  const og_node *params; /* name -> value */
  int line, col;
} og_example;

typedef struct og_rule {
  const char *id, *area, *title, *requirement;
  og_template remedy, unknown_because; /* unknown_because may be empty */
  og_strength strength;
  og_rule_cite *cites;
  size_t ncites;
  const og_criterion **crosswalk;
  size_t ncrosswalk;
  og_param *params;
  size_t nparams;
  bool national_only; /* scope: national - not applicable below it */
  og_cond *applies_if;
  og_outcome outcome[3]; /* indexed met=0, partial=1, gap=2 */
  og_pattern *patterns;
  size_t npatterns;
  og_example *examples;
  size_t nexamples;
  /* The facts the rule rests on: first the ncond_facts its conditions
   * read, then those only its texts name. */
  const og_factdef **facts;
  size_t nfacts, ncond_facts;
  const char *chapter; /* the rule file's title: the report heading */
  int chapter_order;   /* the rule file's order */
  const char *file;
  int line, col;
} og_rule;

typedef struct og_ruleset {
  og_arena arena;
  /* The conditions' nodes and their lists of children, apart and in the
   * order of compiling (the order the evaluator walks them): a batch walks
   * every rule's conditions for every profile. */
  og_arena cond_arena;
  og_registry reg;
  og_vocab vocab;
  og_rule *rules;
  size_t nrules;
  const char *dir;
  pcre2_code **codes; /* every compiled pattern, freed with the set */
  size_t ncodes, capcodes;
  og_doc *docs; /* the parsed files: rules point into them */
  size_t ndocs;
} og_ruleset;

/* Loads DIR/sources.yaml, DIR/facts/ *.yaml and every other DIR/ *.yaml as
 * rules. Returns NULL with errors in d when anything is wrong. */
og_ruleset *og_ruleset_load(const char *dir, og_diags *d);
void og_ruleset_free(og_ruleset *rs);
/* Replaces the texts people read (rule texts, file titles, labels) by
 * those of DIR/LANG/ (rules/es/ for "es"). Errors (an unknown id, a
 * placeholder set that differs from the English) go to d and make it
 * return -1; when missing is not NULL, each text still only in English is
 * added to it (the lint's list). */
int og_ruleset_translate(og_ruleset *rs, const char *lang, og_diags *d,
                         og_diags *missing);
const og_rule *og_ruleset_find(const og_ruleset *rs, const char *id);
/* The rule id closest to a mistyped one, for a did-you-mean, or NULL. */
const char *og_ruleset_nearest(const og_ruleset *rs, const char *id);

/* Compiles a condition node (used by rules.c and the tests). */
og_cond *og_cond_compile(og_ruleset *rs, const og_rule *rule,
                         const og_node *n, const char *file, int depth,
                         og_diags *d);
/* The i-th fact test a condition may use ("eq", ...) and its kind; NULL
 * past the end. The loader's own table, exported for `opgap schema`. */
const char *og_cond_test_name(size_t i, og_cond_kind *kind);
/* The parameter of rule r (NULL allowed) named name, or NULL. */
const og_param *og_rule_param(const og_rule *r, const char *name);
/* Compiles a PCRE2 pattern (UTF, caseless, Unicode properties, and the
 * options in extra) owned by rs; on error adds "invalid regular
 * expression: MSG at offset N". */
pcre2_code *og_regex_compile(og_ruleset *rs, const char *pattern,
                             uint32_t extra, const og_node *at, og_diags *d);

/* ---- profiles (profile.c) ------------------------------------------------ */
typedef struct og_fact {
  const og_factdef *def;
  og_value value;
  const char *cite, *source, *quote, *as_of, *note;
  const char *evidence;   /* text, finding, concern, welcome */
  const char *exhaustive; /* a list fact: why it is complete; NULL: open */
  bool confirmed; /* false for draft facts awaiting a person */
  int line, col;
} og_fact;

typedef struct og_reservation {
  const char *kind, *text, *source;
  og_citation *provisions;
  size_t nprovisions;
} og_reservation;

typedef struct og_profile og_profile;
struct og_profile {
  og_arena arena;
  const char *file, *id, *name, *level, *parent_id, *as_of;
  const char *opsc_status, *opsc_date, *opsc_source;
  og_reservation *reservations;
  size_t nreservations;
  const char *coverage_text, *coverage_source;
  const char **text_codes, **text_files; /* `texts:`, ntexts each */
  size_t ntexts;
  og_fact **by_index; /* vocab->nfacts entries; NULL when absent */
  size_t nfacts;      /* facts stated */
  og_profile *parent; /* loaded when parent_id is set */
};

/* When true, a fact without a quote must give 'evidence' (profile.c). */
extern bool og_profile_require_evidence;

/* Loads one profile and, when it names a parent, the parent from
 * STATUTES_DIR/<parent>.yaml; a NULL STATUTES_DIR is the directory the
 * profile's path and id show to hold the ids (".../statutes" for
 * ".../statutes/us/ny.yaml" with id "us/ny"), else "statutes". */
og_profile *og_profile_load(const og_ruleset *rs, const char *path,
                            const char *statutes_dir, og_diags *d);
/* Builds a profile from a mapping of "group.fact: value" (rule examples,
 * tests). Facts carry no citation. */
og_profile *og_profile_from_examples(const og_ruleset *rs, const og_node *facts,
                                     const char *file, og_diags *d);
void og_profile_free(og_profile *p);
const og_fact *og_profile_fact(const og_profile *p, const og_factdef *def);

/* ---- saying it to people (say.c) ---------------------------------------- */
/* A fact's label ("the offences whose attempt is punishable"). */
void og_say_fact(const og_factdef *def, og_buf *b);
/* Members by their labels: "a, b and c", or "none". */
void og_say_members(const og_enum *e, uint64_t set, og_buf *b);
/* A value in words: members by label; an open list says which members the
 * texts at hand establish, which it is established not to include and that the rest
 * is not established. */
void og_say_value(const og_factdef *def, const og_value *v, og_buf *b);
/* A stated fact's value for its evidence line: og_say_value, and for a
 * complete list why it is complete and which members are therefore absent
 * from the law. */
void og_say_stated(const og_fact *f, og_buf *b);
/* What the fact rests on, by kind of statement: "quoted from 18 U.S.C.
 * § 2256(8)", "the Committee notes with concern (CRC/C/..., para. 9)",
 * "the Special Rapporteur found (...)". reg names who speaks in a source;
 * NULL allowed. */
void og_say_basis(const og_registry *reg, const og_fact *f, og_buf *b);
/* The fact's section, else its source. */
void og_say_where(const og_fact *f, og_buf *b);
/* A citation with the report language's abbreviations ("párr." in
 * Spanish). */
void og_say_cite(const char *cite, og_buf *b);
/* A profile's level, OPSC status or reservation kind in words. */
const char *og_say_profile_word(const char *id);

struct og_finding;
/* The sections (else sources) a finding's stated facts rest on, each once,
 * joined by "; ". */
void og_say_rests_on(const struct og_finding *f, og_buf *b);
/* The findings a report's first page lists, in its order: every gap, then
 * every partial finding, each obligations first. out has room for
 * r->nfindings; returns how many. */
struct og_report;
size_t og_glance_findings(const struct og_report *r,
                          const struct og_finding **out);
/* The first sentence of text, cut at a word near max bytes. */
void og_say_short(const char *text, size_t max, og_buf *b);
/* Whether a finding gets its own block in a report for people: unknown
 * findings are listed together instead, unless the parent's law decides
 * them. */
bool og_finding_in_detail(const struct og_finding *f);

/* ---- evaluation (eval.c) ------------------------------------------------- */
typedef enum og_tv { OG_FALSE = 0, OG_TRUE = 1, OG_UNK = 2 } og_tv;

/* Parameter overrides: "rule.id.name=value" or "name=value" (any rule). */
typedef struct og_param_override {
  const char *rule; /* NULL: every rule with that parameter */
  const char *name, *value;
} og_param_override;

typedef struct og_eval_opts {
  const og_param_override *overrides;
  size_t noverrides;
  og_buf *trace; /* when set, eval writes the decision trace (explain) */
  bool no_text;  /* skip explanations and remedies (a matrix needs none) */
  bool no_fingerprint; /* with no_text: the status alone, without the
                        * fingerprint (only the JSON matrix shows it) or
                        * the evidence, missing facts and reservations it
                        * and the texts are made from */
} og_eval_opts;

typedef struct og_finding {
  const og_rule *rule;
  og_status status;
  int decided_by; /* -1 applies_if, 0 met, 1 partial, 2 gap, 3 none */
  char *explanation;
  char *remedy; /* NULL for met and not-applicable */
  const og_fact **evidence; /* facts the rule read that the profile states */
  size_t nevidence;
  const og_factdef **missing; /* facts the rule read that are absent */
  size_t nmissing;
  bool unconfirmed; /* some evidence is a draft fact */
  /* Partial because met is ruled out while the sources leave open how much
   * of the requirement is met (a list known only in part). */
  bool extent_unknown;
  bool at_least_partial; /* unknown, but the partial condition holds: the
                          * law meets part of it; whether all is open */
  const og_reservation **reservations; /* on provisions the rule rests on */
  size_t nreservations;
  /* Layered jurisdictions: the status with the parent's law. */
  bool has_combined;
  og_status own_status, parent_status, combined_status;
  const char *combined_note; /* the parent's coverage condition, when used */
  /* When the parent's law decides the combined status (it covers what the
   * jurisdiction's own law does not): the parent's facts it rests on. The
   * facts belong to the parent profile; the array to the finding. */
  const og_fact **parent_evidence;
  size_t nparent_evidence;
  char fingerprint[17];
} og_finding;

/* Appends the distinct citations (cite, else source) of the parent's facts
 * that decide a combined status, joined by "; ". Nothing when there are
 * none. */
void og_finding_parent_cites(const og_finding *f, og_buf *out);

typedef struct og_report {
  const og_profile *profile;
  const og_ruleset *rs;
  og_finding *findings;
  size_t nfindings;
  size_t counts[OG_STATUS_COUNT];
  size_t combined_counts[OG_STATUS_COUNT]; /* with the parent's law */
} og_report;

/* Checks that every override names a rule of rs and a parameter it has
 * (a typo'd --param must not be silently ignored). Returns 0, or -1 with an
 * error per bad override. */
int og_check_overrides(const og_ruleset *rs, const og_param_override *ov,
                       size_t n, og_diags *d);
/* Evaluates every rule against the profile (and its parent). Returns 0, or
 * -1 with errors (a bad --param). */
int og_evaluate(const og_ruleset *rs, const og_profile *p,
                const og_eval_opts *opts, og_report *out, og_diags *d);
/* Evaluates one rule (explain, rules test). */
og_status og_evaluate_rule(const og_rule *r, const og_profile *p,
                           const og_eval_opts *opts, og_finding *f,
                           og_diags *d);
void og_finding_clear(og_finding *f);
void og_report_free(og_report *r);

/* ---- writers (report_*.c) ------------------------------------------------ */
typedef enum og_format {
  OG_FMT_TEXT,
  OG_FMT_MD,
  OG_FMT_JSON,
  OG_FMT_HTML,
  OG_FMT_CSV,
  OG_FMT_SARIF
} og_format;
int og_format_parse(const char *s);

void og_write_text(const og_report *r, og_buf *out);
void og_write_md(const og_report *r, og_buf *out);
void og_write_json(const og_report *r, og_buf *out);
/* One stated fact as JSON: {fact, value, cite, source, quote?, as_of?,
 * evidence, exhaustive (list facts), confirmed}, as in a report's
 * evidence. */
struct cJSON *og_fact_json(const og_fact *fact);
/* A new JSON document with opgap's header: schema_version, tool. */
struct cJSON *og_json_document(void);
/* cJSON object of one report (used by batch and diff). Caller frees. */
struct cJSON *og_report_json(const og_report *r);
/* cJSON object of one finding; with_profile_id adds "jurisdiction". */
struct cJSON *og_finding_json(const og_finding *f, bool with_profile_id,
                              const og_profile *p);


/* ---- batch matrix (matrix.c, report_html.c) ------------------------------
 * One row per evaluated profile, in the order the rows were given; cells in
 * the rule set's order. A row keeps only what the matrix shows (statuses,
 * fingerprints, totals) and, when HTML is wanted, the rendered findings of
 * that jurisdiction; the profile and its report are freed as soon as the
 * row is made, so memory grows with the matrix, not with the profiles. */
typedef struct og_matrix_row {
  char *file, *id, *name, *level, *parent; /* owned */
  unsigned char *status;                   /* nrules og_status values */
  char (*fingerprint)[17];                 /* nrules fingerprints */
  size_t counts[OG_STATUS_COUNT];
  char *details; /* HTML fragment (og_html_matrix_details) or NULL */
  size_t index;  /* the number in the fragment's anchors ("jINDEX") */
  bool combined; /* cells and counts are the status with the parent's law */
} og_matrix_row;

/* Fills row from an evaluated report (copies what it keeps). By default a
 * cell is the status of the jurisdiction's own law; with_parent makes it,
 * for a jurisdiction with a parent, the status with the parent's law. */
void og_matrix_row_init(og_matrix_row *row, const og_report *r,
                        bool with_details, bool with_parent, size_t index);
void og_matrix_row_release(og_matrix_row *row);
/* One sentence saying which status the cells of a layered jurisdiction show. */
const char *og_matrix_view_note(bool with_parent);

/* A matrix writer writes one format as the rows come, in their order, so
 * that memory stays bounded however many jurisdictions there are: nothing
 * is written before the first row (og_mwriter_row begins the output), each
 * row is written and may be released at once, and og_mwriter_end writes
 * the totals and the profiles that could not be read. Output gathers in
 * buf and goes to out past OG_MW_FLUSH bytes. */
typedef enum og_mformat {
  OG_MATRIX_CSV,
  OG_MATRIX_JSON,
  OG_MATRIX_MD,
  OG_MATRIX_HTML
} og_mformat;

typedef struct og_mwriter og_mwriter;
struct og_mwriter {
  og_mformat format;
  const og_ruleset *rs;
  og_out *out;
  og_buf buf;
  size_t nrows;          /* rows written */
  size_t expected;       /* profiles in the batch (the HTML's details mode) */
  size_t counts[OG_STATUS_COUNT]; /* cells of every row, by status */
  bool begun;
  bool with_parent; /* the view: --with-parent (docs/state-matrix.md) */
  void *state; /* the format's own (HTML: its details files) */
};

#define OG_MW_FLUSH (256 * 1024)

/* details_dir: for HTML, where the findings of a large batch go (one
 * script file per 64 jurisdictions, loaded by the page on demand); NULL
 * when the output is not a file, so that they are left out of a large
 * page (a small one, up to OG_MW_INLINE profiles, keeps them inline). */
#define OG_MW_INLINE 200
void og_mwriter_init(og_mwriter *w, og_mformat f, const og_ruleset *rs,
                     og_out *out, size_t expected, bool with_parent,
                     const char *details_dir);
void og_mwriter_row(og_mwriter *w, const og_matrix_row *row);
void og_mwriter_end(og_mwriter *w, const og_diag *failed, size_t nfailed);
/* Puts the HTML details files in place (after og_mwriter_end, before the
 * page is committed); 0, or -1 with an error in d. */
int og_mwriter_commit(og_mwriter *w, og_diags *d);
void og_mwriter_release(og_mwriter *w);
/* Moves what buf holds to out. */
void og_mwriter_flush(og_mwriter *w);

/* The HTML matrix's parts (report_html.c). */
void og_html_matrix_begin(og_mwriter *w);
void og_html_matrix_row(og_mwriter *w, const og_matrix_row *row);
void og_html_matrix_end(og_mwriter *w, const og_diag *failed, size_t nfailed);
int og_html_matrix_commit(og_mwriter *w, og_diags *d);
void og_html_matrix_release(og_mwriter *w);
/* The findings of one jurisdiction as an HTML fragment whose anchors are
 * "jINDEX" and "jINDEX-RULEINDEX" (cells of the HTML matrix link to them). */
void og_html_matrix_details(const og_report *r, size_t index, og_buf *out);
/* The single-jurisdiction HTML report (opgap check --format html). */
void og_write_html(const og_report *r, og_buf *out);

#endif
