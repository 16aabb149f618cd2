/* cli.c - option parsing and the helpers every command shares. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"
#include "limits.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef OPGAP_DATADIR
#define OPGAP_DATADIR "/usr/local/share/opgap"
#endif
#ifndef OPGAP_LOCALEDIR
#define OPGAP_LOCALEDIR "/usr/local/share/locale"
#endif

typedef struct opt_def {
  unsigned bit;
  char short_name;
  const char *long_name;
  const char *arg; /* NULL: a flag */
  const char *help;
} opt_def;

static const opt_def options[] = {
    {OPT_RULES, 'r', "rules", "DIR",
     "rule directory (default: $OPGAP_RULES, the rules of the build tree "
     "the executable is in, or the installed rules)"},
    {OPT_STATUTES, 's', "statutes", "DIR",
     "where parent profiles are found (default: the directory the "
     "profile's path and id show to hold the ids, else statutes)"},
    {OPT_FORMAT, 'f', "format", "FMT", "output format"},
    {OPT_OUTPUT, 'o', "output", "FILE",
     "write to FILE atomically (default: standard output)"},
    {OPT_OUTDIR, 'd', "out-dir", "DIR", "write the outputs into DIR"},
    {OPT_FAIL_ON, 0, "fail-on", "LEVEL",
     "exit 1 when a finding is at or above LEVEL: STATUS[:STRENGTH] with "
     "STATUS gap|partial|unknown and STRENGTH "
     "obligation|recommendation|encouragement, or none (default: "
     "gap:obligation)"},
    {OPT_PARAM, 'p', "param", "[RULE.]NAME=VALUE",
     "override a rule parameter (repeatable)"},
    {OPT_DRAFT, 0, "draft-profile", NULL,
     "write a draft profile of the facts the text suggests"},
    {OPT_JOBS, 'j', "jobs", "N", "worker threads (default: 2)"},
    {OPT_QUIET, 'q', "quiet", NULL, "no progress output"},
    {OPT_LANG, 'l', "lang", "LANG",
     "the language of the report: en (default) or es"},
    {OPT_WITH_PARENT, 0, "with-parent", NULL,
     "cells show the status with the parent's law (a state with federal "
     "law); default: the jurisdiction's own law"},
    {OPT_TEXTS, 't', "texts", "DIR",
     "where the profiles' `texts:` globs are found (default: "
     "../shared/statutes-text beside the repository the rules are in)"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

bool og_cli_wants_help(int argc, char **argv) {
  return argc > 0 &&
         (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0);
}

void og_cli_print_options(unsigned allowed) {
  for (size_t i = 0; i < NOPTIONS; i++) {
    const opt_def *o = &options[i];
    if (!(allowed & o->bit)) {
      continue;
    }
    char left[64];
    if (o->short_name) {
      snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->long_name,
               o->arg ? " " : "", o->arg ? o->arg : "");
    } else {
      snprintf(left, sizeof(left), "    --%s%s%s", o->long_name,
               o->arg ? " " : "", o->arg ? o->arg : "");
    }
    printf("  %-28s %s\n", left, o->help);
  }
}

static int parse_fail_on(og_cli *cli, const char *v) {
  if (strcmp(v, "none") == 0) {
    cli->fail_never = true;
    return 0;
  }
  char buf[64];
  snprintf(buf, sizeof(buf), "%s", v);
  char *colon = strchr(buf, ':');
  if (colon) {
    *colon = '\0';
  }
  int st = og_status_parse(buf);
  if (st < 0 || st == OG_MET || st == OG_NA) {
    return -1;
  }
  cli->fail_status = (og_status)st;
  cli->fail_strength = OG_ENCOURAGEMENT;
  if (colon) {
    int sg = og_strength_parse(colon + 1);
    if (sg < 0) {
      return -1;
    }
    cli->fail_strength = (og_strength)sg;
  }
  return 0;
}

static int parse_param(og_cli *cli, char *v) {
  char *eq = strchr(v, '=');
  if (eq == NULL || eq == v || cli->noverrides == 64) {
    return -1;
  }
  *eq = '\0';
  og_param_override *o = &cli->overrides[cli->noverrides++];
  char *dot = strrchr(v, '.');
  if (dot) {
    *dot = '\0';
    o->rule = v;
    o->name = dot + 1;
  } else {
    o->rule = NULL;
    o->name = v;
  }
  o->value = eq + 1;
  return 0;
}

/* The catalogue of the program's strings: $OPGAP_LOCALEDIR, else
 * "locale" beside the executable (a build tree), else the installed
 * locale directory. */
static int use_lang(const char *val, const char *command) {
  int l = og_lang_parse(val);
  if (l < 0) {
    fprintf(stderr, "opgap %s: unknown language '%s' (expected en or es)\n",
            command, val);
    return -1;
  }
  char exe[4096];
  char *beside = NULL;
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      beside = og_xasprintf("%s/locale", exe);
    }
  }
  const char *env = getenv("OPGAP_LOCALEDIR");
  const char *dirs[4];
  size_t k = 0;
  if (env && *env) {
    dirs[k++] = env;
  }
  if (beside) {
    dirs[k++] = beside;
  }
  dirs[k++] = OPGAP_LOCALEDIR;
  dirs[k] = NULL;
  char err[2048];
  int rc = og_lang_use((og_lang)l, dirs, err, sizeof(err));
  free(beside);
  if (rc != 0) {
    fprintf(stderr, "opgap %s: cannot write in '%s': %s%s\n", command, val,
            strchr(err, '/') ? "no catalogue at " : "", err);
    return -1;
  }
  return 0;
}

static int apply(og_cli *cli, const opt_def *o, char *val,
                 const char *command) {
  switch (o->bit) {
  case OPT_RULES:
    cli->rules_dir = val;
    return 0;
  case OPT_STATUTES:
    cli->statutes_dir = val;
    return 0;
  case OPT_OUTPUT:
    cli->output = val;
    return 0;
  case OPT_OUTDIR:
    cli->outdir = val;
    return 0;
  case OPT_FORMAT:
    cli->format = og_format_parse(val);
    if (cli->format < 0) {
      fprintf(stderr, "opgap %s: unknown format '%s'\n", command, val);
      return -1;
    }
    return 0;
  case OPT_FAIL_ON:
    if (parse_fail_on(cli, val) != 0) {
      fprintf(stderr,
              "opgap %s: invalid --fail-on '%s' (expected "
              "STATUS[:STRENGTH] or none)\n",
              command, val);
      return -1;
    }
    return 0;
  case OPT_PARAM:
    if (parse_param(cli, val) != 0) {
      fprintf(stderr, "opgap %s: invalid --param '%s' (expected "
                      "[RULE.]NAME=VALUE)\n",
              command, val);
      return -1;
    }
    return 0;
  case OPT_DRAFT:
    cli->draft_profile = true;
    return 0;
  case OPT_TEXTS:
    cli->texts_dir = val;
    return 0;
  case OPT_QUIET:
    cli->quiet = true;
    return 0;
  case OPT_WITH_PARENT:
    cli->with_parent = true;
    return 0;
  case OPT_LANG:
    return use_lang(val, command);
  case OPT_JOBS: {
    char *end;
    long n = strtol(val, &end, 10);
    if (*val == '\0' || *end != '\0' || n < 1 || n > 64) {
      fprintf(stderr, "opgap %s: invalid --jobs '%s' (1 to 64)\n", command,
              val);
      return -1;
    }
    cli->jobs = (int)n;
    return 0;
  }
  }
  return -1;
}

int og_cli_parse(og_cli *cli, int argc, char **argv, unsigned allowed,
                 const char *command) {
  memset(cli, 0, sizeof(*cli));
  cli->format = -1;
  cli->fail_status = OG_GAP;
  cli->fail_strength = OG_OBLIGATION;
  cli->jobs = 2;
  cli->args = og_xcalloc((size_t)argc + 1, sizeof(char *));
  bool only_args = false;
  for (int i = 0; i < argc; i++) {
    char *a = argv[i];
    if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
      cli->args[cli->nargs++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_args = true;
      continue;
    }
    const opt_def *o = NULL;
    char *val = NULL;
    if (a[1] == '-') {
      char *eq = strchr(a + 2, '=');
      size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
      for (size_t k = 0; k < NOPTIONS; k++) {
        if (strlen(options[k].long_name) == len &&
            strncmp(options[k].long_name, a + 2, len) == 0) {
          o = &options[k];
        }
      }
      val = eq ? eq + 1 : NULL;
    } else {
      for (size_t k = 0; k < NOPTIONS; k++) {
        if (options[k].short_name == a[1]) {
          o = &options[k];
        }
      }
      if (a[2] != '\0') { /* "-j1", "-oFILE": the value attached */
        val = o && o->arg ? a + 2 : NULL;
        o = val ? o : NULL;
      }
    }
    if (o == NULL || !(allowed & o->bit)) {
      fprintf(stderr, "opgap %s: unknown option '%s' (see 'opgap %s --help')\n",
              command, a, command);
      goto fail;
    }
    if (o->arg && val == NULL) {
      if (i + 1 >= argc) {
        fprintf(stderr, "opgap %s: option '%s' needs %s\n", command, a, o->arg);
        goto fail;
      }
      val = argv[++i];
    } else if (!o->arg && val != NULL) {
      fprintf(stderr, "opgap %s: option '%s' takes no value\n", command, a);
      goto fail;
    }
    if (apply(cli, o, val, command) != 0) {
      goto fail;
    }
  }
  return 0;
fail:
  og_cli_release(cli);
  return -1;
}

void og_cli_release(og_cli *cli) {
  free(cli->args);
  cli->args = NULL;
  cli->nargs = 0;
}

static bool is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether dir holds a rule set (its sources registry, at least). */
static bool has_rules(const char *dir) {
  char *f = og_xasprintf("%s/sources.yaml", dir);
  struct stat st;
  bool yes = stat(f, &st) == 0 && S_ISREG(st.st_mode);
  free(f);
  return is_dir(dir) && yes;
}

/* dir as the user would name it: relative to the working directory when it
 * lies below it (so that a report made from the repository's root says
 * "rules", whichever way the rules were found), else absolute. */
static char *shown_path(const char *dir) {
  char real[OG_MAX_PATH], cwd[OG_MAX_PATH];
  if (realpath(dir, real) == NULL) {
    return og_xstrdup(dir);
  }
  size_t n;
  if (getcwd(cwd, sizeof(cwd)) != NULL && (n = strlen(cwd)) > 1 &&
      strncmp(real, cwd, n) == 0 && real[n] == '/') {
    return og_xstrdup(real + n + 1);
  }
  return og_xstrdup(real);
}

/* The rule set, found without configuration (issue 20): --rules, then
 * $OPGAP_RULES (both used as given), then the rules of the build tree the
 * executable is in (rules/ beside it or one or two levels up: build/opgap,
 * build/asan/opgap), then the installed data directory. Returns the
 * directory (malloc'd), or NULL after one message saying where it looked
 * and how to point opgap at the rules. */
static char *find_rules(const og_cli *cli) {
  if (cli->rules_dir != NULL) {
    return og_xstrdup(cli->rules_dir);
  }
  const char *env = getenv("OPGAP_RULES");
  if (env != NULL && *env != '\0') {
    return og_xstrdup(env);
  }
  og_buf looked;
  og_buf_init(&looked);
  char exe[OG_MAX_PATH];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) {
    exe[n] = '\0';
    for (int up = 0; up <= 2; up++) {
      char *slash = strrchr(exe, '/');
      if (slash == NULL || slash == exe) {
        break;
      }
      *slash = '\0'; /* the executable's directory, then its parents */
      char *dir = og_xasprintf("%s/rules", exe);
      if (has_rules(dir)) {
        char *found = shown_path(dir);
        free(dir);
        og_buf_free(&looked);
        return found;
      }
      og_buf_printf(&looked, "%s, ", dir);
      free(dir);
    }
  }
  if (has_rules(OPGAP_DATADIR "/rules")) {
    og_buf_free(&looked);
    return og_xstrdup(OPGAP_DATADIR "/rules");
  }
  fprintf(stderr,
          "opgap: no rule set found (looked in %s%s); name it with "
          "--rules DIR or OPGAP_RULES=DIR, or run 'make install'\n",
          looked.data ? looked.data : "", OPGAP_DATADIR "/rules");
  og_buf_free(&looked);
  return NULL;
}

og_ruleset *og_cli_load_rules(const og_cli *cli) {
  char *dir = find_rules(cli);
  if (dir == NULL) {
    return NULL;
  }
  og_diags d;
  og_diags_init(&d);
  og_ruleset *rs = og_ruleset_load(dir, &d);
  free(dir);
  if (rs != NULL &&
      og_check_overrides(rs, cli->overrides, cli->noverrides, &d) != 0) {
    og_ruleset_free(rs);
    rs = NULL;
  }
  og_lang lang = og_lang_current();
  if (rs != NULL && lang != OG_LANG_EN && !cli->keep_english) {
    og_diags missing;
    og_diags_init(&missing);
    if (og_ruleset_translate(rs, og_lang_name(lang), &d, &missing) != 0) {
      og_ruleset_free(rs);
      rs = NULL;
    } else if (missing.n) {
      fprintf(stderr,
              og_trn("opgap: warning: %zu rule text is not in '%s' and is "
                     "printed in English (opgap rules lint --lang %s lists "
                     "it)\n",
                     "opgap: warning: %zu rule texts are not in '%s' and are "
                     "printed in English (opgap rules lint --lang %s lists "
                     "them)\n",
                     missing.n),
              missing.n, og_lang_name(lang), og_lang_name(lang));
    }
    og_diags_free(&missing);
  }
  if (rs == NULL) {
    og_cli_fail(&d);
  }
  og_diags_free(&d);
  return rs;
}

og_profile *og_cli_load_profile(const og_cli *cli, const og_ruleset *rs,
                                const char *path) {
  og_diags d;
  og_diags_init(&d);
  og_profile *p = og_profile_load(rs, path, cli->statutes_dir, &d);
  if (p == NULL) {
    og_cli_fail(&d);
  }
  og_diags_free(&d);
  return p;
}

bool og_cli_fails(const og_cli *cli, const og_finding *f) {
  if (cli->fail_never) {
    return false;
  }
  og_status s = f->has_combined ? f->combined_status : f->status;
  if (s == OG_MET || s == OG_NA) {
    return false;
  }
  return s >= cli->fail_status && f->rule->strength >= cli->fail_strength;
}

int og_cli_emit(const og_cli *cli, const char *data, size_t len) {
  og_diags d;
  og_diags_init(&d);
  int rc = og_write_file_atomic(cli->output ? cli->output : "-", data, len, &d);
  if (rc != 0) {
    og_diags_print(&d, stderr);
  }
  og_diags_free(&d);
  return rc == 0 ? OG_EXIT_OK : OG_EXIT_INPUT;
}

int og_cli_fail(og_diags *d) {
  og_diags_print(d, stderr);
  return OG_EXIT_INPUT;
}
