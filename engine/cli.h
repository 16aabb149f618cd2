/* cli.h - the command line: one option table, shared by every command.
 *
 * Each command names the options it accepts (a mask of OPT_* bits); the
 * same table prints --help. Commands live in cmd_*.c and are listed once in
 * main.c.
 */
#ifndef OG_CLI_H
#define OG_CLI_H

#include "opgap.h"

enum {
  OPT_RULES = 1 << 0,
  OPT_STATUTES = 1 << 1,
  OPT_FORMAT = 1 << 2,
  OPT_OUTPUT = 1 << 3,
  OPT_FAIL_ON = 1 << 4,
  OPT_PARAM = 1 << 5,
  OPT_DRAFT = 1 << 6,
  OPT_OUTDIR = 1 << 7,
  OPT_JOBS = 1 << 8,
  OPT_QUIET = 1 << 9,
  OPT_WITH_PARENT = 1 << 10,
  OPT_TEXTS = 1 << 11,
  OPT_LANG = 1 << 12
};

typedef struct og_cli {
  const char *rules_dir;    /* --rules DIR */
  const char *statutes_dir; /* --statutes DIR */
  const char *output;       /* -o FILE ("-" or NULL: stdout) */
  const char *outdir;       /* --out-dir DIR */
  const char *texts_dir;    /* --texts DIR */
  int format;               /* --format; -1 when not given */
  og_status fail_status;    /* --fail-on STATUS[:STRENGTH] */
  og_strength fail_strength;
  bool fail_never;
  bool draft_profile; /* --draft-profile */
  bool quiet;
  bool with_parent; /* --with-parent: batch cells combine the parent's law */
  bool keep_english; /* load the rules without rules/LANG/ (the lint) */
  int jobs;
  og_param_override overrides[64];
  size_t noverrides;
  char **args; /* positional arguments */
  size_t nargs;
} og_cli;

/* Parses argv[0..argc) (after the command name). Returns 0, or prints a
 * usage error naming the option and returns -1. */
int og_cli_parse(og_cli *cli, int argc, char **argv, unsigned allowed,
                 const char *command);
void og_cli_release(og_cli *cli);

/* Loads the rule set (printing errors to stderr). NULL on failure. */
og_ruleset *og_cli_load_rules(const og_cli *cli);
/* Loads a profile and its parents (--statutes), printing errors. */
og_profile *og_cli_load_profile(const og_cli *cli, const og_ruleset *rs,
                                const char *path);
/* Whether a finding is at or above --fail-on. */
bool og_cli_fails(const og_cli *cli, const og_finding *f);
/* Writes data to -o (atomically) or stdout. Returns an exit code. */
int og_cli_emit(const og_cli *cli, const char *data, size_t len);
/* Prints diagnostics to stderr and returns OG_EXIT_INPUT. */
int og_cli_fail(og_diags *d);

/* The commands (cmd_*.c). Each returns an exit code. */
int og_cmd_check(int argc, char **argv);
int og_cmd_explain(int argc, char **argv);
int og_cmd_rules(int argc, char **argv);
int og_cmd_schema(int argc, char **argv);
int og_cmd_batch(int argc, char **argv);
int og_cmd_scan(int argc, char **argv);
int og_cmd_diff(int argc, char **argv);
int og_cmd_lint(int argc, char **argv);

/* Whether the command's first argument asks for help (--help or -h). */
bool og_cli_wants_help(int argc, char **argv);
/* Prints the options of `allowed` for --help. */
void og_cli_print_options(unsigned allowed);

#endif
