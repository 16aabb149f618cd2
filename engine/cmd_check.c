/* cmd_check.c - `opgap check PROFILE` and `opgap explain RULE PROFILE`. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Writers by format; NULL where a format belongs to another command. */
typedef void (*writer_fn)(const og_report *, og_buf *);

static writer_fn writer_for(int format) {
  switch (format) {
  case OG_FMT_TEXT:
    return og_write_text;
  case OG_FMT_MD:
    return og_write_md;
  case OG_FMT_JSON:
    return og_write_json;
  case OG_FMT_HTML:
    return og_write_html;
  default:
    return NULL;
  }
}

static int usage_check(void) {
  puts("usage: opgap check [OPTIONS] PROFILE.yaml\n\n"
       "Evaluates every rule against one statute profile and prints the gap\n"
       "report. Formats: text (default), md, json, html.\n\n"
       "Exit status: 0 when no finding is at or above --fail-on, 1 when some\n"
       "are, 2 on bad input or usage.\n\nOptions:");
  og_cli_print_options(OPT_RULES | OPT_STATUTES | OPT_FORMAT | OPT_OUTPUT |
                       OPT_FAIL_ON | OPT_PARAM | OPT_LANG);
  return OG_EXIT_OK;
}

int og_cmd_check(int argc, char **argv) {
  og_cli cli;
  const unsigned allowed = OPT_RULES | OPT_STATUTES | OPT_FORMAT | OPT_OUTPUT |
                           OPT_FAIL_ON | OPT_PARAM | OPT_LANG;
  if (og_cli_wants_help(argc, argv)) {
    return usage_check();
  }
  if (og_cli_parse(&cli, argc, argv, allowed, "check") != 0) {
    return OG_EXIT_INPUT;
  }
  int rc = OG_EXIT_INPUT;
  og_ruleset *rs = NULL;
  og_profile *p = NULL;
  og_report rep = {0};
  if (cli.nargs != 1) {
    fprintf(stderr, "opgap check: expected one profile (see 'opgap check "
                    "--help')\n");
    goto done;
  }
  writer_fn w = writer_for(cli.format < 0 ? OG_FMT_TEXT : cli.format);
  if (w == NULL) {
    fprintf(stderr, "opgap check: format not available for check (text, md, "
                    "json, html)\n");
    goto done;
  }
  if ((rs = og_cli_load_rules(&cli)) == NULL ||
      (p = og_cli_load_profile(&cli, rs, cli.args[0])) == NULL) {
    goto done;
  }
  og_diags d;
  og_diags_init(&d);
  og_eval_opts opts = {.overrides = cli.overrides, .noverrides = cli.noverrides};
  if (og_evaluate(rs, p, &opts, &rep, &d) != 0) {
    og_cli_fail(&d);
    og_diags_free(&d);
    goto done;
  }
  og_diags_free(&d);
  og_buf out;
  og_buf_init(&out);
  w(&rep, &out);
  rc = og_cli_emit(&cli, og_buf_str(&out), out.len);
  og_buf_free(&out);
  if (rc == OG_EXIT_OK) {
    for (size_t i = 0; i < rep.nfindings; i++) {
      if (og_cli_fails(&cli, &rep.findings[i])) {
        rc = OG_EXIT_FINDINGS;
        break;
      }
    }
  }
done:
  og_report_free(&rep);
  og_profile_free(p);
  og_ruleset_free(rs);
  og_cli_release(&cli);
  return rc;
}

int og_cmd_explain(int argc, char **argv) {
  og_cli cli;
  const unsigned allowed = OPT_RULES | OPT_STATUTES | OPT_PARAM | OPT_LANG;
  if (og_cli_wants_help(argc, argv)) {
    puts("usage: opgap explain [OPTIONS] RULE PROFILE.yaml\n\n"
         "Shows how one rule was decided for one profile: the facts read,\n"
         "each condition's value (true, false, unknown) and the citations.\n\n"
         "Options:");
    og_cli_print_options(allowed);
    return OG_EXIT_OK;
  }
  if (og_cli_parse(&cli, argc, argv, allowed, "explain") != 0) {
    return OG_EXIT_INPUT;
  }
  int rc = OG_EXIT_INPUT;
  og_ruleset *rs = NULL;
  og_profile *p = NULL;
  if (cli.nargs != 2) {
    fprintf(stderr, "opgap explain: expected RULE and PROFILE\n");
    goto done;
  }
  if ((rs = og_cli_load_rules(&cli)) == NULL) {
    goto done;
  }
  const og_rule *rule = og_ruleset_find(rs, cli.args[0]);
  if (rule == NULL) {
    const char *near = og_ruleset_nearest(rs, cli.args[0]);
    fprintf(stderr, "opgap explain: unknown rule '%s'%s%s%s\n", cli.args[0],
            near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    goto done;
  }
  if ((p = og_cli_load_profile(&cli, rs, cli.args[1])) == NULL) {
    goto done;
  }
  og_buf trace, out;
  og_buf_init(&trace);
  og_buf_init(&out);
  og_diags d;
  og_diags_init(&d);
  og_eval_opts opts = {.overrides = cli.overrides, .noverrides = cli.noverrides, .trace = &trace};
  og_finding f;
  og_evaluate_rule(rule, p, &opts, &f, &d);
  if (d.n) {
    og_cli_fail(&d);
  } else {
    og_buf_printf(&out, "%s - %s\n", rule->id, rule->title);
    og_buf_printf(&out, _("profile: %s (%s)\nstatus: %s\nstrength: %s\n"),
                  p->id, p->file, og_status_word(f.status),
                  og_strength_word(rule->strength));
    og_buf_puts(&out, _("citations:\n"));
    for (size_t i = 0; i < rule->ncites; i++) {
      og_buf_printf(&out, "  %s: ", og_role_name(rule->cites[i].role));
      og_say_cite(rule->cites[i].cite.text, &out);
      og_buf_putc(&out, '\n');
    }
    og_buf_puts(&out, _("decision (first true outcome decides; an unknown "
                        "before it makes the rule unknown):\n"));
    og_buf_puts(&out, og_buf_str(&trace));
    og_buf_printf(&out, _("why: %s\n"), f.explanation);
    if (f.remedy) {
      og_buf_printf(&out, _("what to add: %s\n"), f.remedy);
    }
    rc = og_cli_emit(&cli, og_buf_str(&out), out.len);
  }
  og_finding_clear(&f);
  og_diags_free(&d);
  og_buf_free(&trace);
  og_buf_free(&out);
done:
  og_profile_free(p);
  og_ruleset_free(rs);
  og_cli_release(&cli);
  return rc;
}
