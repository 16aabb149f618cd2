/* main.c - opgap's entry point: the table of commands. */
#include <string.h>

#include "cli.h"

typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} command;

/* One table: dispatch and --help. Commands added by other files are
 * declared in cli.h. */
static const command commands[] = {
    {"check", og_cmd_check, "evaluate a statute profile: the gap report"},
    {"explain", og_cmd_explain, "show how one rule was decided for a profile"},
    {"rules", og_cmd_rules,
     "list, show, lint, test the rule set; coverage and crosswalk tables"},
    {"schema", og_cmd_schema,
     "print the JSON Schema of profiles, rules, facts or sources"},
    {"batch", og_cmd_batch,
     "evaluate many profiles: a matrix of jurisdictions x rules"},
    {"scan", og_cmd_scan,
     "find the rules' text patterns in bill or statute text"},
    {"diff", og_cmd_diff,
     "compare two profiles: the gaps an amendment opens or closes"},
    {"lint", og_cmd_lint,
     "check that each quote is in the text of a section its fact cites"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void help(void) {
  puts("opgap - checks a jurisdiction's law against the Optional Protocol to "
       "the\nConvention on the Rights of the Child on the sale of children, "
       "child\nprostitution and child pornography (OPSC), with citations.\n\n"
       "usage: opgap COMMAND [OPTIONS] [ARGS]\n       opgap --help | "
       "--version\n\nCommands:");
  for (size_t i = 0; i < NCOMMANDS; i++) {
    printf("  %-10s %s\n", commands[i].name, commands[i].summary);
  }
  puts("\n'opgap COMMAND --help' describes a command and its options.\n\n"
       "Statuses: met, partial, gap, unknown (the sources do not establish "
       "the\nfacts: neither met nor gap), not-applicable.\n"
       "Strengths: obligation (the Protocol's own words), recommendation "
       "and\nencouragement (the Committee's; never treaty obligations).\n\n"
       "Exit status: 0 no finding at or above --fail-on; 1 some finding at "
       "or\nabove it (or a failed test or lint); 2 bad input or usage.");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    help();
    return OG_EXIT_INPUT;
  }
  const char *cmd = argv[1];
  if (og_cli_wants_help(argc - 1, argv + 1) || strcmp(cmd, "help") == 0) {
    help();
    return OG_EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
    printf("opgap %s (JSON report schema %d)\n", OPGAP_VERSION,
           OPGAP_JSON_SCHEMA_VERSION);
    return OG_EXIT_OK;
  }
  for (size_t i = 0; i < NCOMMANDS; i++) {
    if (strcmp(commands[i].name, cmd) == 0) {
      return commands[i].run(argc - 2, argv + 2);
    }
  }
  const char *names[NCOMMANDS];
  for (size_t i = 0; i < NCOMMANDS; i++) {
    names[i] = commands[i].name;
  }
  const char *near = og_did_you_mean(cmd, names, NCOMMANDS);
  fprintf(stderr, "opgap: unknown command '%s'%s%s%s (see 'opgap --help')\n",
          cmd, near ? " (did you mean '" : "", near ? near : "",
          near ? "'?)" : "");
  return OG_EXIT_INPUT;
}
