/* test_eval.c - three-valued evaluation and statuses. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"
#include "suites.h"

static void test_statuses(void) {
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: [visual, audio, written]}"), OG_MET);
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: [visual]}"), OG_PARTIAL);
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: []}"), OG_GAP);
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{}"), OG_UNKNOWN);
}

/* A missing fact never becomes met or gap. */
static void test_unknown_propagates(void) {
  /* met needs simulated AND visual: simulated unknown -> not met, not gap */
  CU_ASSERT_EQUAL(t_status("csam.simulated", "{csam.media: [visual]}"), OG_UNKNOWN);
  /* gap is decided by a definite false, whatever else is unknown */
  CU_ASSERT_EQUAL(t_status("csam.simulated", "{csam.simulated: false}"), OG_GAP);
  /* met is definitely false (no visual medium) and gap definitely true,
   * although csam.simulated is absent: Kleene logic decides */
  CU_ASSERT_EQUAL(t_status("csam.simulated", "{csam.media: [audio]}"), OG_GAP);
}

/* A list known only in part ({includes, excludes}) decides what it can. */
static void test_open_lists(void) {
  /* one medium known to be missing: not met, extent not established */
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {excludes: [audio]}}"), OG_PARTIAL);
  /* one medium known to be covered: met still possible */
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {includes: [visual]}}"), OG_UNKNOWN);
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {includes: [visual, audio, written]}}"), OG_MET);
  /* every member decided: the list is known, and empty */
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {excludes: [visual, audio, written]}}"), OG_GAP);
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {includes: [visual], excludes: [audio]}}"), OG_PARTIAL);
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {include: [visual]}}"), (og_status)-1);
  /* "not every medium": met ruled out without naming the missing one */
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {not_all: [visual, audio, written]}}"), OG_PARTIAL);
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {not_all: [audio, written]}}"), OG_PARTIAL);
  /* one open member left: it is the missing one */
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {includes: [visual, audio], not_all: [audio, written]}}"), OG_PARTIAL);
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {includes: [visual], not_all: [visual]}}"), (og_status)-1);
  CU_ASSERT_EQUAL(t_status("csam.any-representation", "{csam.media: {includes: [visual], excludes: [visual]}}"), (og_status)-1);
}

#define HEAD "id: a/b\nname: A\nlevel: national\nas_of: 2020-01-01\nfacts:\n  csam:\n"

/* A profile's plain list is open: what it lists is known in, the rest is
 * not established, unless 'exhaustive' says why the list is complete. Rule
 * examples stay complete worlds (test_statuses). */
static void test_open_world(void) {
  CU_ASSERT_EQUAL(t_profile_status("csam.any-representation",
                                   HEAD "    media: {value: [visual], cite: s. 1, quote: w}\n", NULL),
                  OG_UNKNOWN);
  CU_ASSERT_EQUAL(t_profile_status("csam.any-representation",
                                   HEAD "    media: {value: [visual], cite: s. 1, exhaustive: the whole section was read, quote: w}\n", NULL),
                  OG_PARTIAL);
  CU_ASSERT_EQUAL(t_profile_status("csam.any-representation",
                                   HEAD "    media: {value: [visual, audio, written], cite: s. 1, quote: w}\n", NULL),
                  OG_MET);
  CU_ASSERT_EQUAL(t_profile_status("csam.any-representation",
                                   HEAD "    media: {value: [], cite: s. 1, exhaustive: the whole section was read, quote: w}\n", NULL),
                  OG_GAP);
  /* an open list still decides what it lists */
  CU_ASSERT_EQUAL(t_profile_status("csam.simulated",
                                   HEAD "    media: {value: [visual], cite: s. 1, quote: w}\n    simulated: {value: true, cite: s. 2, quote: w}\n", NULL),
                  OG_MET);
  /* and does not turn an unlisted member into an absent one */
  CU_ASSERT_EQUAL(t_profile_status("csam.simulated",
                                   HEAD "    media: {value: [audio], cite: s. 1, quote: w}\n    simulated: {value: true, cite: s. 2, quote: w}\n", NULL),
                  OG_UNKNOWN);
  CU_ASSERT_EQUAL(t_profile_status("csam.simulated",
                                   HEAD "    media: {value: [audio], cite: s. 1, exhaustive: s. 1 lists them, quote: w}\n    simulated: {value: true, cite: s. 2, quote: w}\n", NULL),
                  OG_GAP);
  CU_ASSERT_STRING_EQUAL(t_profile_error(HEAD "    media:\n      value: []\n      cite: s. 1\n"),
                         "8:14: fact 'csam.media' is an empty open list, which states nothing: give "
                         "'exhaustive' with the reason, or leave the fact out");
  CU_ASSERT_STRING_EQUAL(t_profile_error(HEAD "    media:\n      value: {includes: [visual]}\n      cite: s. 1\n"
                                         "      exhaustive: all of it\n"),
                         "10:19: fact 'csam.media' is known only in part ({includes, excludes, not_all}): "
                         "'exhaustive' is for a complete list");
  CU_ASSERT_STRING_EQUAL(t_profile_error(HEAD "    media:\n      value: [visual]\n      cite: s. 1\n"
                                         "      exhaustive: \" \"\n"),
                         "10:19: fact 'csam.media': 'exhaustive' needs the reason the list is complete");
}

/* The switch that makes 'evidence' mandatory (off until the profiles carry
 * it): its message, and a quoted fact needs none. */
static void test_evidence_required(void) {
  const char *noquote = HEAD "    simulated:\n      value: true\n      source: CRC/C/156, para. 61\n";
  bool was = og_profile_require_evidence; /* the shipped setting, restored */
  og_profile_require_evidence = false;
  CU_ASSERT_STRING_EQUAL(t_profile_error(noquote), "");
  og_profile_require_evidence = true;
  CU_ASSERT_STRING_EQUAL(t_profile_error(noquote),
                         "7:5: fact 'csam.simulated' has no quote and no 'evidence' (say whether its "
                         "source states a finding, a concern or a welcome)");
  CU_ASSERT_STRING_EQUAL(t_profile_error(HEAD "    simulated:\n      value: true\n      source: CRC/C/156, para. 61\n"
                                         "      evidence: finding\n"), "");
  CU_ASSERT_STRING_EQUAL(t_profile_error(HEAD "    simulated:\n      value: true\n      cite: s. 2\n"
                                         "      quote: real or simulated\n"), "");
  og_profile_require_evidence = was;
  CU_ASSERT_STRING_EQUAL(t_profile_error(HEAD "    simulated:\n      value: true\n      source: CRC/C/156, para. 61\n"
                                         "      evidence: recommendation\n"),
                         "10:17: fact 'csam.simulated' rests on a recommendation, which says what the "
                         "Committee asks for, not what the law is (cite the text, a finding, a concern or a welcome)");
}

/* The fixture rules with one more file (name under the rules directory);
 * NULL with the first error in msg when they do not load. */
static og_ruleset *rules_with(const char *name, const char *yaml, char *msg,
                              size_t cap) {
  msg[0] = '\0';
  char dir[] = "/tmp/opgap-unit-rules-XXXXXX";
  if (mkdtemp(dir) == NULL) {
    snprintf(msg, cap, "mkdtemp failed");
    return NULL;
  }
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "cp -r tests/fixtures/rules/. %s/", dir);
  if (system(cmd) != 0) {
    snprintf(msg, cap, "cp failed");
    return NULL;
  }
  snprintf(cmd, sizeof(cmd), "%s/%s", dir, name);
  FILE *f = fopen(cmd, "w");
  fputs(yaml, f);
  fclose(f);
  og_diags d;
  og_diags_init(&d);
  og_ruleset *rs = og_ruleset_load(dir, &d);
  if (d.n) {
    snprintf(msg, cap, "%d:%d: %s", d.v[0].line, d.v[0].col, d.v[0].msg);
  }
  og_diags_free(&d);
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  if (system(cmd) != 0) {
    snprintf(msg, cap, "rm failed");
  }
  return rs;
}

/* The first error of loading the fixture rules with one more facts file. */
static const char *rules_error(const char *facts_yaml) {
  static char msg[512];
  og_ruleset_free(rules_with("facts/more.yaml", facts_yaml, msg, sizeof(msg)));
  return msg;
}

/* The explanation and remedy of rule `id` of rs on a profile file. */
static og_status explain(og_ruleset *rs, const char *id, const char *yaml,
                         char *why, char *remedy, size_t cap) {
  og_status st = (og_status)-1;
  why[0] = remedy[0] = '\0';
  char path[] = "/tmp/opgap-unit-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    return st;
  }
  FILE *f = fdopen(fd, "w");
  fputs(yaml, f);
  fclose(f);
  og_diags d;
  og_diags_init(&d);
  og_profile *p = og_profile_load(rs, path, "tests/fixtures/profiles", &d);
  remove(path);
  if (p) {
    og_finding fi;
    st = og_evaluate_rule(og_ruleset_find(rs, id), p, NULL, &fi, &d);
    snprintf(why, cap, "%s", fi.explanation);
    snprintf(remedy, cap, "%s", fi.remedy ? fi.remedy : "");
    og_finding_clear(&fi);
  }
  og_profile_free(p);
  og_diags_free(&d);
  return st;
}

/* Template sentences for people: an unstated fact in parentheses is
 * dropped ("for not established (not established)"), elsewhere said once
 * in words; members and literal fact paths are said by their labels; an
 * open list's missing members are "any of ... not yet covered". */
static void test_template_phrasing(void) {
  char msg[512], why[1024], remedy[1024];
  og_ruleset *rs = rules_with(
      "attempt.yaml",
      "rules:\n"
      "  - id: liability.attempt\n"
      "    title: Attempt\n"
      "    strength: obligation\n"
      "    requirement: R.\n"
      "    citations: {creates: [\"OPSC art. 3(2)\"]}\n"
      "    met: {when: {fact: csam.attempt_offences, includes_all: [sale, prostitution, csam]}, because: M.}\n"
      "    partial:\n"
      "      when: {fact: csam.attempt_offences, includes_any: [sale, prostitution, csam]}\n"
      "      because: >-\n"
      "        An attempt is punishable for {csam.attempt_offences}\n"
      "        ({cite:csam.attempt_offences}); simulated activity: {csam.simulated}\n"
      "        ({cite:csam.simulated}). Without it: {missing:csam.attempt_offences}.\n"
      "    gap: {when: {not: {fact: csam.attempt_offences, includes_any: [sale, prostitution, csam]}}, because: G.}\n"
      "    unknown_because: >-\n"
      "      The profile does not say for which offences an attempt is\n"
      "      punishable (csam.attempt_offences), nor csam.simulated.\n"
      "    remedy: Make the attempt of {missing:csam.attempt_offences} punishable (now {cite:csam.simulated}).\n",
      msg, sizeof(msg));
  CU_ASSERT_STRING_EQUAL(msg, "");
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  CU_ASSERT_EQUAL(explain(rs, "liability.attempt",
                          HEAD "    attempt_offences: {value: [sale], cite: s. 5, exhaustive: s. 5 lists them, quote: w}\n",
                          why, remedy, sizeof(why)),
                  OG_PARTIAL);
  CU_ASSERT_STRING_EQUAL(why, "An attempt is punishable for sale of a child (s. 5); simulated activity: "
                              "[not established by the texts at hand]. Without it: child prostitution "
                              "and abuse material.");
  CU_ASSERT_STRING_EQUAL(remedy, "Make the attempt of child prostitution and abuse material punishable.");
  CU_ASSERT_EQUAL(explain(rs, "liability.attempt",
                          HEAD "    attempt_offences: {value: {includes: [sale], excludes: [csam]}, "
                               "source: \"CRC/C/156, para. 61\", evidence: finding}\n",
                          why, remedy, sizeof(why)),
                  OG_PARTIAL);
  CU_ASSERT_STRING_EQUAL(why, "An attempt is punishable for sale of a child; not abuse material "
                              "(established as not included); the rest not established by the texts at hand (CRC/C/156, "
                              "para. 61); simulated activity: [not established by the texts at hand]. "
                              "Without it: abuse material, and any of child prostitution not yet covered "
                              "(the texts at hand do not establish which).");
  CU_ASSERT_EQUAL(explain(rs, "liability.attempt", HEAD "    media: {value: [audio], cite: s. 1, quote: w}\n", why,
                          remedy, sizeof(why)),
                  OG_UNKNOWN);
  CU_ASSERT_STRING_EQUAL(why, "The profile does not say for which offences an attempt is punishable, nor "
                              "whether simulated activity is covered.");
  og_ruleset_free(rs);
}

/* Labels for people: a label for something the vocabulary lacks is an
 * error, so that a typo never leaves an id in a report. */
static void test_label_errors(void) {
  CU_ASSERT_STRING_EQUAL(rules_error("fact_labels: {csam.media: media}\n"), "");
  CU_ASSERT_STRING_EQUAL(rules_error("member_labels:\n  medium: {vidual: images}\n"),
                         "2:12: member_labels: 'vidual' is not a member of 'medium' (did you mean 'visual'?)");
  CU_ASSERT_STRING_EQUAL(rules_error("member_labels:\n  media: {visual: images}\n"),
                         "2:3: member_labels: no enum or enum-valued fact 'media'");
  CU_ASSERT_STRING_EQUAL(rules_error("member_labels:\n  csam.definition_scope: {narrow: narrow}\n"), "");
  CU_ASSERT_STRING_EQUAL(rules_error("fact_labels:\n  csam.medium: media\n"),
                         "2:3: fact_labels: no fact 'csam.medium'");
  const og_factdef *def = og_vocab_find(&t_rules()->vocab, "csam.media");
  CU_ASSERT_STRING_EQUAL(def->label, "the media the definition covers");
  CU_ASSERT_STRING_EQUAL(def->values->labels[1], "sound recordings");
}

static void test_not_applicable(void) {
  CU_ASSERT_EQUAL(t_status("jurisdiction.offender-national", "{csam.definition_scope: narrow}"), OG_NA);
  CU_ASSERT_EQUAL(t_status("jurisdiction.offender-national", "{csam.attempt_offences: [sale, prostitution, csam]}"), OG_UNKNOWN);
}

static void test_params(void) {
  CU_ASSERT_EQUAL(t_status("sanctions.grave-penalties", "{csam.max_penalty_years: 10}"), OG_MET);
  CU_ASSERT_EQUAL(t_status("sanctions.grave-penalties", "{csam.max_penalty_years: 9}"), OG_GAP);
}

/* Met ruled out although no fact its conditions read is stated ("present:
 * true" on an absent fact), partial undecided: the explanation says so
 * without an empty list of what the sources establish. */
static void test_extent_unknown_no_facts(void) {
  char dir[] = "/tmp/opgap-unit-rules-XXXXXX";
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
  char cmd[512];
  snprintf(cmd, sizeof(cmd),
           "mkdir -p %s/facts && cp tests/fixtures/rules/sources.yaml %s/ && "
           "cp tests/fixtures/rules/facts/test.yaml %s/facts/",
           dir, dir, dir);
  CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
  snprintf(cmd, sizeof(cmd), "%s/t.yaml", dir);
  FILE *f = fopen(cmd, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("rules:\n"
        "  - id: csam.scope\n"
        "    title: T\n"
        "    strength: obligation\n"
        "    requirement: R.\n"
        "    citations:\n"
        "      creates: [\"OPSC art. 2(c)\"]\n"
        "    met: {when: {fact: csam.simulated, present: true}, because: M.}\n"
        "    partial: {when: {fact: csam.definition_scope, eq: broad}, because: P.}\n"
        "    gap: {when: {fact: csam.media, eq: []}, because: G.}\n"
        "    remedy: X.\n", f);
  fclose(f);
  og_diags d;
  og_diags_init(&d);
  og_ruleset *rs = og_ruleset_load(dir, &d);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  og_doc doc;
  CU_ASSERT_EQUAL_FATAL(og_doc_parse(&doc, "inline", "{}", 2, &d), 0);
  og_profile *p = og_profile_from_examples(rs, doc.root, "inline", &d);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  og_finding fi;
  CU_ASSERT_EQUAL(og_evaluate_rule(og_ruleset_find(rs, "csam.scope"), p, NULL,
                                   &fi, &d),
                  OG_PARTIAL);
  CU_ASSERT_TRUE(fi.extent_unknown);
  CU_ASSERT_STRING_EQUAL(fi.explanation,
                         "Not met: what the texts at hand establish rules out "
                         "met, but not how far the law falls short. Not "
                         "established by the texts at hand: whether simulated "
                         "activity is covered; how broad the definition is; "
                         "and the media the definition covers.");
  og_finding_clear(&fi);
  og_profile_free(p);
  og_doc_release(&doc);
  og_ruleset_free(rs);
  og_diags_free(&d);
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  CU_ASSERT_EQUAL(system(cmd), 0);
}

static void test_profile_errors(void) {
  CU_ASSERT_STRING_EQUAL(t_profile_error("id: a/b\nname: A\nlevel: national\nas_of: 2020-01-01\n"), "");
  CU_ASSERT_STRING_EQUAL(t_profile_error("id: a/b\nname: A\nlevel: nation\nas_of: 2020-01-01\n"),
                         "3:8: invalid value 'nation' (did you mean 'national'?)");
  CU_ASSERT_STRING_EQUAL(t_profile_error("id: a/b\nname: A\nlevel: national\nas_of: 2020-01-01\n"
                                         "facts:\n  csam:\n    media:\n      value: [visual]\n"),
                         "7:5: fact 'csam.media' cites nothing (give 'cite', 'source' or both)");
  CU_ASSERT_STRING_EQUAL(t_profile_error("id: a/b\nname: A\nlevel: national\nas_of: 2020-01-01\n"
                                         "facts:\n  csam:\n    media:\n      value: [video]\n      cite: s. 1\n"),
                         "8:15: 'video' is not a member of 'medium' (expected one of: visual, audio, written)");
  CU_ASSERT_STRING_EQUAL(t_profile_error("id: a/b\nname: A\nlevel: national\nas_of: 2020-01-01\n"
                                         "facts:\n  csam:\n    max_penalty_years:\n      value: \"10\"\n      cite: s. 1\n"),
                         "8:14: fact 'csam.max_penalty_years' is of type int: expected an integer, found a string");
  CU_ASSERT_STRING_EQUAL(t_profile_error("id: a/b\nname: A\nlevel: national\nas_of: 2020-01-01\nparent: no/such\n"),
                         "0:0: cannot read file: No such file or directory");
}

void og_test_eval(CU_pSuite s) {
  CU_add_test(s, "met, partial, gap, unknown", test_statuses);
  CU_add_test(s, "unknown propagates; never met or gap on a missing fact", test_unknown_propagates);
  CU_add_test(s, "applies_if false gives not-applicable", test_not_applicable);
  CU_add_test(s, "extent unknown with no stated fact: a plain explanation", test_extent_unknown_no_facts);
  CU_add_test(s, "lists known in part decide only what they establish", test_open_lists);
  CU_add_test(s, "a profile's plain list is open unless exhaustive", test_open_world);
  CU_add_test(s, "evidence kinds: the switch that makes them mandatory", test_evidence_required);
  CU_add_test(s, "labels for facts and members: typos are errors", test_label_errors);
  CU_add_test(s, "template sentences name facts in words, never 'not established (not established)'", test_template_phrasing);
  CU_add_test(s, "parameters with defaults", test_params);
  CU_add_test(s, "profile errors name the problem and the place", test_profile_errors);
}
