/* cmd_diff.c - `opgap diff BEFORE.yaml AFTER.yaml`: what an amendment
 * changes.
 *
 * Both profiles are evaluated with the same rule set and parameters; each
 * rule's two findings are compared. Severity runs met < not-applicable <
 * unknown < partial < gap (the order of og_status).
 *   opened  the status after is partial or gap and more severe than before
 *           (met -> partial, unknown -> gap, partial -> gap, ...)
 *   closed  the status before was partial or gap and after is met,
 *           not-applicable, or partial from gap (gap -> met, gap -> partial)
 *   changed any other change of status (met -> unknown, unknown -> met,
 *           partial -> unknown: a gap the facts no longer show is not closed)
 * Exit 1 when some gap is opened, so a drafting office can run it on every
 * revision of a bill.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DIFF_OPTIONS                                                           \
  (OPT_RULES | OPT_STATUTES | OPT_FORMAT | OPT_OUTPUT | OPT_PARAM | OPT_LANG)

typedef enum change { CH_OPENED, CH_CLOSED, CH_CHANGED, CH_NONE } change;

static const char *const change_title[] = {N_("Gaps opened"), N_("Gaps closed"),
                                           N_("Other status changes")};
static const char *const change_key[] = {"opened", "closed", "changed"};

static bool is_gapish(og_status s) { return s == OG_PARTIAL || s == OG_GAP; }

static change classify(og_status before, og_status after) {
  if (before == after) {
    return CH_NONE;
  }
  if (is_gapish(after) && after > before) {
    return CH_OPENED;
  }
  if (is_gapish(before) && after < before && after != OG_UNKNOWN) {
    return CH_CLOSED;
  }
  return CH_CHANGED;
}

static int usage_diff(void) {
  puts("usage: opgap diff [OPTIONS] BEFORE.yaml AFTER.yaml\n\n"
       "Evaluates two statute profiles (the law now, the law as a bill "
       "would\namend it) and lists, rule by rule, the gaps opened, the gaps "
       "closed and\nevery other status change, with the facts and their "
       "citations on both\nsides.\n\n"
       "Severity runs met < not-applicable < unknown < partial < gap.\n"
       "  opened   the status after is partial or gap and more severe than\n"
       "           before (met -> partial, unknown -> gap, partial -> gap)\n"
       "  closed   the status before was partial or gap and is met,\n"
       "           not-applicable, or partial from gap after (gap -> met,\n"
       "           gap -> partial)\n"
       "  changed  any other change (met -> unknown, unknown -> met, and\n"
       "           partial -> unknown: a gap the facts no longer show is not\n"
       "           closed)\n\n"
       "Formats: text (default), md, json.\n\n"
       "Exit status: 0 when no gap is opened, 1 when one is, 2 on bad input "
       "or\nusage.\n\nOptions:");
  og_cli_print_options(DIFF_OPTIONS);
  return OG_EXIT_OK;
}

/* The finding of rule r in a report, or NULL. */
static const og_finding *finding_of(const og_report *rep, const og_rule *r) {
  for (size_t i = 0; i < rep->nfindings; i++) {
    if (rep->findings[i].rule == r) {
      return &rep->findings[i];
    }
  }
  return NULL;
}

/* One stated fact, as the reports for people say it: label, value and
 * what it rests on. */
static void evidence_line(const og_registry *reg, const og_fact *fact,
                          og_buf *b) {
  og_say_fact(fact->def, b);
  og_buf_puts(b, ": ");
  og_say_stated(fact, b);
  og_buf_puts(b, " - ");
  og_say_basis(reg, fact, b);
  if (!fact->confirmed) {
    og_buf_puts(b, _(" [UNCONFIRMED draft fact]"));
  }
}

static void side_text(const og_registry *reg, bool after, const og_finding *f,
                      bool md, og_buf *b) {
  const char *ind = md ? "  - " : "    ";
  const char *label = after ? _("after") : _("before");
  og_buf_printf(b, "%s%s: %s", ind, label, og_status_word(f->status));
  if (f->nevidence == 0) {
    og_buf_printf(b, "; %s\n", _("no fact stated"));
  } else {
    og_buf_puts(b, "\n");
  }
  for (size_t i = 0; i < f->nevidence; i++) {
    og_buf_puts(b, md ? "    - " : "      - ");
    evidence_line(reg, f->evidence[i], b);
    og_buf_putc(b, '\n');
  }
  og_buf_printf(b, "%s", md ? "    - " : "      ");
  og_buf_printf(b, after ? _("after why: %s\n") : _("before why: %s\n"),
                f->explanation ? f->explanation : "");
}

typedef struct pair {
  const og_finding *before, *after;
  change ch;
} pair;

static void write_text(const og_report *a, const og_report *b, pair *pairs,
                       size_t n, bool md, og_buf *out) {
  if (md) {
    og_buf_printf(out, _("# Changes from %s to %s\n"), a->profile->file,
                  b->profile->file);
  } else {
    og_buf_printf(out, "opgap diff: %s (%s) -> %s (%s)\n", a->profile->file,
                  a->profile->id, b->profile->file, b->profile->id);
  }
  size_t unchanged = 0;
  for (size_t i = 0; i < n; i++) {
    unchanged += pairs[i].ch == CH_NONE;
  }
  for (int c = CH_OPENED; c <= CH_CHANGED; c++) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
      count += pairs[i].ch == (change)c;
    }
    if (md) {
      og_buf_printf(out, "\n## %s (%zu)\n\n", _(change_title[c]), count);
    } else {
      og_buf_printf(out, "\n%s (%zu):\n", _(change_title[c]), count);
    }
    for (size_t i = 0; i < n; i++) {
      if (pairs[i].ch != (change)c) {
        continue;
      }
      const og_rule *r = pairs[i].after->rule;
      og_buf_printf(out, md ? "- **%s** - %s (%s): %s -> %s\n"
                            : "  %s - %s (%s): %s -> %s\n",
                    r->id, r->title, og_strength_word(r->strength),
                    og_status_word(pairs[i].before->status),
                    og_status_word(pairs[i].after->status));
      side_text(&a->rs->reg, false, pairs[i].before, md, out);
      side_text(&a->rs->reg, true, pairs[i].after, md, out);
    }
  }
  og_buf_puts(out, "\n");
  og_buf_printf(out, og_trn("%zu rule unchanged", "%zu rules unchanged", unchanged),
                unchanged);
  og_buf_puts(out, md ? ".\n" : "\n");
}

static cJSON *side_json(const og_finding *f) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "status", og_status_name(f->status));
  cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
  for (size_t i = 0; i < f->nevidence; i++) {
    cJSON_AddItemToArray(ev, og_fact_json(f->evidence[i]));
  }
  cJSON_AddStringToObject(o, "why", f->explanation ? f->explanation : "");
  return o;
}

static void write_json(const og_report *a, const og_report *b, pair *pairs,
                       size_t n, og_buf *out) {
  cJSON *root = og_json_document();
  cJSON *pa = cJSON_AddObjectToObject(root, "before");
  cJSON_AddStringToObject(pa, "file", a->profile->file);
  cJSON_AddStringToObject(pa, "id", a->profile->id);
  cJSON *pb = cJSON_AddObjectToObject(root, "after");
  cJSON_AddStringToObject(pb, "file", b->profile->file);
  cJSON_AddStringToObject(pb, "id", b->profile->id);
  size_t unchanged = 0;
  for (int c = CH_OPENED; c <= CH_CHANGED; c++) {
    cJSON *arr = cJSON_AddArrayToObject(root, change_key[c]);
    for (size_t i = 0; i < n; i++) {
      if (pairs[i].ch != (change)c) {
        continue;
      }
      const og_rule *r = pairs[i].after->rule;
      cJSON *o = cJSON_CreateObject();
      cJSON_AddStringToObject(o, "rule", r->id);
      cJSON_AddStringToObject(o, "title", r->title);
      cJSON_AddStringToObject(o, "strength", og_strength_name(r->strength));
      cJSON_AddItemToObject(o, "before", side_json(pairs[i].before));
      cJSON_AddItemToObject(o, "after", side_json(pairs[i].after));
      cJSON_AddItemToArray(arr, o);
    }
  }
  for (size_t i = 0; i < n; i++) {
    unchanged += pairs[i].ch == CH_NONE;
  }
  cJSON_AddNumberToObject(root, "unchanged", (double)unchanged);
  char *txt = cJSON_Print(root);
  og_buf_puts(out, txt);
  og_buf_putc(out, '\n');
  free(txt);
  cJSON_Delete(root);
}

int og_cmd_diff(int argc, char **argv) {
  if (og_cli_wants_help(argc, argv)) {
    return usage_diff();
  }
  og_cli cli;
  if (og_cli_parse(&cli, argc, argv, DIFF_OPTIONS, "diff") != 0) {
    return OG_EXIT_INPUT;
  }
  int rc = OG_EXIT_INPUT;
  og_ruleset *rs = NULL;
  og_profile *pa = NULL, *pb = NULL;
  og_report ra = {0}, rb = {0};
  pair *pairs = NULL;
  og_diags d;
  og_diags_init(&d);
  int fmt = cli.format < 0 ? OG_FMT_TEXT : cli.format;
  if (cli.nargs != 2) {
    fprintf(stderr, "opgap diff: expected BEFORE.yaml and AFTER.yaml (see "
                    "'opgap diff --help')\n");
    goto done;
  }
  if (fmt != OG_FMT_TEXT && fmt != OG_FMT_MD && fmt != OG_FMT_JSON) {
    fprintf(stderr, "opgap diff: format not available for diff (text, md, "
                    "json)\n");
    goto done;
  }
  if ((rs = og_cli_load_rules(&cli)) == NULL ||
      (pa = og_cli_load_profile(&cli, rs, cli.args[0])) == NULL ||
      (pb = og_cli_load_profile(&cli, rs, cli.args[1])) == NULL) {
    goto done;
  }
  og_eval_opts opts = {.overrides = cli.overrides, .noverrides = cli.noverrides};
  if (og_evaluate(rs, pa, &opts, &ra, &d) != 0 ||
      og_evaluate(rs, pb, &opts, &rb, &d) != 0) {
    og_cli_fail(&d);
    goto done;
  }
  pairs = og_xcalloc(rs->nrules + 1, sizeof(pair));
  size_t n = 0;
  bool opened = false;
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_finding *fa = finding_of(&ra, &rs->rules[i]);
    const og_finding *fb = finding_of(&rb, &rs->rules[i]);
    if (fa == NULL || fb == NULL) {
      continue;
    }
    pairs[n] = (pair){fa, fb, classify(fa->status, fb->status)};
    opened = opened || pairs[n].ch == CH_OPENED;
    n++;
  }
  og_buf out;
  og_buf_init(&out);
  if (fmt == OG_FMT_JSON) {
    write_json(&ra, &rb, pairs, n, &out);
  } else {
    write_text(&ra, &rb, pairs, n, fmt == OG_FMT_MD, &out);
  }
  rc = og_cli_emit(&cli, og_buf_str(&out), out.len);
  og_buf_free(&out);
  if (rc == OG_EXIT_OK && opened) {
    rc = OG_EXIT_FINDINGS;
  }
done:
  free(pairs);
  og_report_free(&ra);
  og_report_free(&rb);
  og_profile_free(pa);
  og_profile_free(pb);
  og_ruleset_free(rs);
  og_diags_free(&d);
  og_cli_release(&cli);
  return rc;
}
