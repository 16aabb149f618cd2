/* helpers.c - shared by the unit tests (see helpers.h). */
#define _POSIX_C_SOURCE 200809L
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

unsigned t_skipped;

bool t_have_shared(const char *test) {
  struct stat st;
  if (stat("../shared/statutes-text", &st) == 0 && S_ISDIR(st.st_mode)) {
    return true;
  }
  printf("\nSKIP unit/%s: ../shared/statutes-text not found\n", test);
  t_skipped++;
  return false;
}

static og_ruleset *rules;

static void free_rules(void) { og_ruleset_free(rules); }

og_ruleset *t_rules(void) {
  if (rules == NULL) {
    og_diags d;
    og_diags_init(&d);
    rules = og_ruleset_load("tests/fixtures/rules", &d);
    if (rules == NULL) {
      og_diags_print(&d, stderr);
      abort();
    }
    og_diags_free(&d);
    atexit(free_rules);
  }
  return rules;
}

og_status t_status(const char *id, const char *facts_yaml) {
  og_ruleset *rs = t_rules();
  og_diags d;
  og_diags_init(&d);
  og_doc doc;
  og_status st = (og_status)-1;
  if (og_doc_parse(&doc, "inline", facts_yaml, strlen(facts_yaml), &d) == 0) {
    og_profile *p = og_profile_from_examples(rs, doc.root, "inline", &d);
    const og_rule *r = og_ruleset_find(rs, id);
    if (p && r) {
      og_finding f;
      st = og_evaluate_rule(r, p, NULL, &f, &d);
      og_finding_clear(&f);
    }
    og_profile_free(p);
    og_doc_release(&doc);
  }
  og_diags_free(&d);
  return st;
}

/* Writes yaml to a fresh temporary file; path receives its name. */
static bool write_temp(const char *yaml, char *path) {
  strcpy(path, "/tmp/opgap-unit-XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0) {
    return false;
  }
  FILE *f = fdopen(fd, "w");
  fputs(yaml, f);
  fclose(f);
  return true;
}

og_status t_profile_status(const char *id, const char *yaml,
                           const char **explanation) {
  static char text[2048];
  og_status st = (og_status)-1;
  text[0] = '\0';
  og_diags d;
  og_diags_init(&d);
  char path[32];
  if (write_temp(yaml, path)) {
    og_profile *p =
        og_profile_load(t_rules(), path, "tests/fixtures/profiles", &d);
    const og_rule *r = og_ruleset_find(t_rules(), id);
    if (p && r) {
      og_finding f;
      st = og_evaluate_rule(r, p, NULL, &f, &d);
      snprintf(text, sizeof(text), "%s", f.explanation ? f.explanation : "");
      og_finding_clear(&f);
    }
    og_profile_free(p);
    remove(path);
  }
  og_diags_free(&d);
  if (explanation) {
    *explanation = text;
  }
  return st;
}

const char *t_profile_error(const char *yaml) {
  static char msg[512];
  msg[0] = '\0';
  og_diags d;
  og_diags_init(&d);
  char path[] = "/tmp/opgap-unit-XXXXXX";
  int fd = mkstemp(path);
  if (fd >= 0) {
    FILE *f = fdopen(fd, "w");
    fputs(yaml, f);
    fclose(f);
    og_profile *p = og_profile_load(t_rules(), path, "tests/fixtures/profiles", &d);
    og_profile_free(p);
    remove(path);
  }
  if (d.n) {
    snprintf(msg, sizeof(msg), "%d:%d: %s", d.v[0].line, d.v[0].col, d.v[0].msg);
  }
  og_diags_free(&d);
  return msg;
}
