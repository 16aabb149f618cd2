/* status.c - the vocabulary every part of opgap shares: the statuses of a
 * finding, the strengths of a rule and the roles of its citations, by
 * name. The loaders (rules.c) parse them, the evaluator (eval.c) decides
 * them and the writers print them; this file depends on none of those, so
 * that none of them depends on another for its words.
 */
#include <string.h>

#include "opgap.h"

static const char *const status_names[] = {
#define X(e, name, letter) name,
    OG_STATUS_LIST(X)
#undef X
};
static const char *const status_letters[] = {
#define X(e, name, letter) letter,
    OG_STATUS_LIST(X)
#undef X
};
static const char *const strength_names[] = {
#define X(e, name) name,
    OG_STRENGTH_LIST(X)
#undef X
};

const char *og_status_name(og_status s) { return status_names[s]; }
const char *og_status_letter(og_status s) { return status_letters[s]; }
const char *og_strength_name(og_strength s) { return strength_names[s]; }

int og_status_parse(const char *s) {
  for (int i = 0; s && i < OG_STATUS_COUNT; i++) {
    if (strcmp(status_names[i], s) == 0) {
      return i;
    }
  }
  return -1;
}

int og_strength_parse(const char *s) {
  for (int i = 0; s && i < OG_STRENGTH_COUNT; i++) {
    if (strcmp(strength_names[i], s) == 0) {
      return i;
    }
  }
  return -1;
}

/* The status and strength in words, in the report's language. */
const char *og_status_word(og_status s) {
  static const char *const words[] = {N_("met"), N_("not-applicable"),
                                      N_("unknown"), N_("partial"), N_("gap")};
  return _(words[s]);
}

const char *og_strength_word(og_strength s) {
  static const char *const words[] = {N_("encouragement"),
                                      N_("recommendation"), N_("obligation")};
  return _(words[s]);
}

const char *og_role_name(og_role r) {
  static const char *const names[] = {"creates", "explains", "applies"};
  return names[r];
}

/* The batch matrix's view of a layered jurisdiction, in one sentence (the
 * Markdown and HTML matrices say it). */
const char *og_matrix_view_note(bool with_parent) {
  return with_parent
             ? _("A jurisdiction with a parent (a US state under federal law) "
                 "shows the status with its parent's law: met if either "
                 "meets the rule, unknown if either is unknown.")
             : _("A jurisdiction with a parent (a US state under federal "
                 "law) shows the status of its own law; its report gives the "
                 "status with the parent's law beside it (opgap batch "
                 "--with-parent shows that here).");
}
