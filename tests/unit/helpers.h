/* helpers.h - one-line helpers for the unit tests. */
#ifndef OG_TEST_HELPERS_H
#define OG_TEST_HELPERS_H

#include <CUnit/CUnit.h>

#include "opgap.h"

/* The fixture rule set (tests/fixtures/rules), loaded once. */
og_ruleset *t_rules(void);
/* The status of rule `id` on a profile given as inline YAML facts
 * ("{csam.media: [visual]}"). */
og_status t_status(const char *id, const char *facts_yaml);
/* The first error message of parsing `yaml` as a profile, or "" if none. */
const char *t_profile_error(const char *yaml);

#endif
