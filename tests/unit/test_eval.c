/* test_eval.c - three-valued evaluation and statuses. */
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

static void test_not_applicable(void) {
  CU_ASSERT_EQUAL(t_status("jurisdiction.offender-national", "{csam.definition_scope: narrow}"), OG_NA);
  CU_ASSERT_EQUAL(t_status("jurisdiction.offender-national", "{csam.attempt_offences: [sale, prostitution, csam]}"), OG_UNKNOWN);
}

static void test_params(void) {
  CU_ASSERT_EQUAL(t_status("sanctions.grave-penalties", "{csam.max_penalty_years: 10}"), OG_MET);
  CU_ASSERT_EQUAL(t_status("sanctions.grave-penalties", "{csam.max_penalty_years: 9}"), OG_GAP);
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
  CU_add_test(s, "lists known in part decide only what they establish", test_open_lists);
  CU_add_test(s, "parameters with defaults", test_params);
  CU_add_test(s, "profile errors name the problem and the place", test_profile_errors);
}
