/* main.c - runs every CUnit suite listed in suites.h. */
#include <CUnit/Basic.h>
#include <stdio.h>

#include "helpers.h"
#include "suites.h"

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS) {
    return 2;
  }
#define X(name, fn)                                                            \
  do {                                                                         \
    CU_pSuite s = CU_add_suite(name, NULL, NULL);                              \
    if (s == NULL) {                                                           \
      CU_cleanup_registry();                                                   \
      return 2;                                                                \
    }                                                                          \
    fn(s);                                                                     \
  } while (0);
  OG_SUITES(X)
#undef X
  CU_basic_set_mode(CU_BRM_NORMAL);
  CU_basic_run_tests();
  unsigned run = CU_get_number_of_tests_run();
  unsigned failed = CU_get_number_of_tests_failed();
  unsigned asserts_failed = CU_get_number_of_failures();
  CU_cleanup_registry();
  /* the line make test reads; a skipped test ran (and passed) in CUnit */
  printf("unit: %u passed, %u failed, %u skipped\n", run - failed - t_skipped,
         failed, t_skipped);
  return failed || asserts_failed ? 1 : 0;
}
