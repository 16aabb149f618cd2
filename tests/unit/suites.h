/* suites.h - every CUnit suite, one line each: X(name, register function).
 * A file of tests adds its line here and defines the function. */
#define OG_SUITES(X)                                                           \
  X("ytree", og_test_ytree)                                                    \
  X("cite", og_test_cite)                                                      \
  X("eval", og_test_eval)                                                      \
  X("writers", og_test_writers)                                                \
  X("nomet", og_test_nomet)                                                    \
  X("scan", og_test_scan)                                                      \
  X("statute", og_test_statute)                                                \
  X("i18n", og_test_i18n)

#define X(name, fn) void fn(CU_pSuite s);
#include <CUnit/CUnit.h>
OG_SUITES(X)
#undef X
