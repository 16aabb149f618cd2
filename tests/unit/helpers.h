/* helpers.h - one-line helpers for the unit tests. */
#ifndef OG_TEST_HELPERS_H
#define OG_TEST_HELPERS_H

#include <CUnit/CUnit.h>
#include <stdbool.h>

#include "opgap.h"

/* The fixture rule set (tests/fixtures/rules), loaded once. */
og_ruleset *t_rules(void);
/* The status of rule `id` on a profile given as inline YAML facts
 * ("{csam.media: [visual]}"). */
og_status t_status(const char *id, const char *facts_yaml);
/* The status of rule `id` on a profile file given as YAML (loaded like a
 * statute profile: plain lists are open unless 'exhaustive'); -1 when the
 * profile does not load. With explanation set, the finding's explanation
 * (static storage) is returned there. */
og_status t_profile_status(const char *id, const char *yaml,
                           const char **explanation);
/* The first error message of parsing `yaml` as a profile, or "" if none. */
const char *t_profile_error(const char *yaml);

/* Whether ../shared/statutes-text is there (the tests run from the
 * repository root). When it is not, prints "SKIP unit/<test>: ../shared/
 * statutes-text not found" and counts the test as skipped (t_skipped). */
bool t_have_shared(const char *test);
extern unsigned t_skipped;

#endif
