/* cmd_batch.c - `opgap batch PATH...`: every profile against the rule set,
 * written as a matrix of jurisdictions x rules (CSV, JSON, Markdown, HTML).
 *
 * Paths are files or directories (searched recursively for *.yaml, hidden
 * entries skipped); the profiles are taken in sorted path order, so the
 * matrix does not depend on the file system's order.
 *
 * Workers (--jobs, default 2) take the next profile from a shared counter,
 * load and evaluate it and keep only its matrix row (og_matrix_row); the
 * rule set is read-only after loading. A profile that cannot be loaded
 * keeps its errors, which are printed in path order once all are done: a
 * bad profile never stops the batch, and the exit status is 2 when one
 * failed. Outputs are written atomically, each from its own buffer.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

typedef struct pathlist {
  char **v;
  size_t n, cap;
} pathlist;

static void pathlist_add(pathlist *l, char *s) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 64;
    l->v = og_xrealloc(l->v, l->cap * sizeof(char *));
  }
  l->v[l->n++] = s;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Adds every *.yaml under dir. Returns -1 with an error when dir cannot be
 * read. */
static int walk(const char *dir, pathlist *out, og_diags *d) {
  DIR *dh = opendir(dir);
  if (dh == NULL) {
    og_diag_add(d, dir, 0, 0, "cannot read directory: %s", strerror(errno));
    return -1;
  }
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(dh)) != NULL) {
    if (e->d_name[0] == '.') {
      continue;
    }
    char *path = og_xasprintf("%s%s%s", dir, ends_with(dir, "/") ? "" : "/",
                              e->d_name);
    struct stat st;
    if (stat(path, &st) != 0) {
      free(path);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      rc |= walk(path, out, d);
      free(path);
    } else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".yaml")) {
      pathlist_add(out, path);
    } else {
      free(path);
    }
  }
  closedir(dh);
  return rc;
}

static int cmp_path(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the workers ----------------------------------------------------------- */
typedef struct batch {
  const og_ruleset *rs;
  const og_cli *cli;
  char **files;
  size_t nfiles;
  og_matrix_row *rows; /* nfiles; a row with id NULL failed */
  og_diags *diags;     /* nfiles */
  bool details;        /* keep each jurisdiction's HTML findings */
  bool progress;
  atomic_size_t next, done;
} batch;

static void run_one(batch *b, size_t i) {
  og_diags *d = &b->diags[i];
  og_profile *p = og_profile_load(b->rs, b->files[i], b->cli->statutes_dir, d);
  if (p == NULL) {
    return;
  }
  og_report rep = {0};
  /* Only the HTML page shows each finding's text; the other matrices need
   * statuses and fingerprints alone. */
  og_eval_opts opts = {b->cli->overrides, b->cli->noverrides, NULL,
                       !b->details};
  if (og_evaluate(b->rs, p, &opts, &rep, d) == 0 && d->n == 0) {
    og_matrix_row_init(&b->rows[i], &rep, b->details,
                       b->cli->with_parent, i);
  }
  og_report_free(&rep);
  og_profile_free(p);
}

static void *worker(void *arg) {
  batch *b = arg;
  for (;;) {
    size_t i = atomic_fetch_add(&b->next, 1);
    if (i >= b->nfiles) {
      break;
    }
    run_one(b, i);
    size_t done = atomic_fetch_add(&b->done, 1) + 1;
    if (b->progress && (done % 64 == 0 || done == b->nfiles)) {
      fprintf(stderr, "\ropgap batch: %zu/%zu profiles", done, b->nfiles);
    }
  }
  return NULL;
}

static void run_all(batch *b, int jobs) {
  size_t n = (size_t)jobs < b->nfiles ? (size_t)jobs : b->nfiles;
  if (n <= 1) {
    worker(b);
    return;
  }
  pthread_t *t = og_xcalloc(n, sizeof(pthread_t));
  size_t started = 0;
  for (; started < n; started++) {
    if (pthread_create(&t[started], NULL, worker, b) != 0) {
      break;
    }
  }
  if (started == 0) {
    worker(b); /* no thread could start: do the work here */
  }
  for (size_t k = 0; k < started; k++) {
    pthread_join(t[k], NULL);
  }
  free(t);
}

/* ---- outputs --------------------------------------------------------------- */
typedef void (*matrix_writer)(const og_matrix *, og_buf *);

static const struct {
  int format;
  const char *file;
  matrix_writer write;
} outputs[] = {
    {OG_FMT_CSV, "matrix.csv", og_write_matrix_csv},
    {OG_FMT_JSON, "matrix.json", og_write_matrix_json},
    {OG_FMT_MD, "matrix.md", og_write_matrix_md},
    {OG_FMT_HTML, "matrix.html", og_write_matrix_html},
};
#define NOUTPUTS (sizeof(outputs) / sizeof(outputs[0]))

static int output_index(int format) {
  for (size_t i = 0; i < NOUTPUTS; i++) {
    if (outputs[i].format == format) {
      return (int)i;
    }
  }
  return -1;
}

/* Writes the outputs wanted: one format to -o/stdout, or into --out-dir
 * one format (--format) or all four. Returns an exit code. */
static int write_outputs(const og_cli *cli, const og_matrix *m, int fmt) {
  if (cli->outdir == NULL) {
    og_buf out;
    og_buf_init(&out);
    outputs[fmt].write(m, &out);
    int rc = og_cli_emit(cli, og_buf_str(&out), out.len);
    og_buf_free(&out);
    return rc;
  }
  int rc = OG_EXIT_OK;
  for (size_t i = 0; i < NOUTPUTS; i++) {
    if (cli->format >= 0 && (int)i != fmt) {
      continue;
    }
    og_buf out;
    og_buf_init(&out);
    outputs[i].write(m, &out);
    char *path = og_xasprintf("%s/%s", cli->outdir, outputs[i].file);
    og_diags d;
    og_diags_init(&d);
    if (og_write_file_atomic(path, og_buf_str(&out), out.len, &d) != 0) {
      rc = og_cli_fail(&d);
    }
    og_diags_free(&d);
    free(path);
    og_buf_free(&out);
  }
  return rc;
}

static int usage_batch(unsigned allowed) {
  puts("usage: opgap batch [OPTIONS] PATH...\n\n"
       "Evaluates every profile (a PATH is a profile or a directory searched\n"
       "recursively for *.yaml) and writes a matrix of jurisdictions x rules:\n"
       "one row per jurisdiction, a column per rule with its status, and the\n"
       "totals. Formats: csv (default, RFC 4180), json (with each finding's\n"
       "fingerprint), md, html (a self-contained page: heat map, sorting,\n"
       "filters, findings with citations). --out-dir DIR writes all four as\n"
       "DIR/matrix.{csv,json,md,html} (or only --format's). Every output is\n"
       "written atomically. Progress goes to standard error when it is a\n"
       "terminal.\n\n"
       "A profile that cannot be read is reported (FILE:LINE:COL) and left\n"
       "out; the others are still evaluated and written.\n\n"
       "A jurisdiction with a parent (a US state) shows its own law's status;\n"
       "--with-parent shows the status with the parent's law instead (JSON:\n"
       "\"view\"; docs/state-matrix.md).\n\n"
       "Exit status: 0 when every profile was evaluated; 2 when a profile\n"
       "could not be read (the matrix of the others is written all the same),\n"
       "when no profile was found, or on bad usage or rules (nothing\n"
       "written).\n\nOptions:");
  og_cli_print_options(allowed);
  return OG_EXIT_OK;
}

int og_cmd_batch(int argc, char **argv) {
  const unsigned allowed = OPT_RULES | OPT_STATUTES | OPT_FORMAT | OPT_OUTPUT |
                           OPT_OUTDIR | OPT_PARAM | OPT_JOBS | OPT_QUIET |
                           OPT_WITH_PARENT;
  if (og_cli_wants_help(argc, argv)) {
    return usage_batch(allowed);
  }
  og_cli cli;
  if (og_cli_parse(&cli, argc, argv, allowed, "batch") != 0) {
    return OG_EXIT_INPUT;
  }
  int rc = OG_EXIT_INPUT;
  og_ruleset *rs = NULL;
  pathlist files = {0};
  batch b;
  memset(&b, 0, sizeof(b));
  int fmt = output_index(cli.format < 0 ? OG_FMT_CSV : cli.format);
  if (cli.nargs == 0) {
    fprintf(stderr, "opgap batch: expected at least one PATH (see 'opgap "
                    "batch --help')\n");
    goto done;
  }
  if (fmt < 0) {
    fprintf(stderr, "opgap batch: format not available for batch (csv, json, "
                    "md, html)\n");
    goto done;
  }
  if (cli.outdir && cli.output) {
    fprintf(stderr, "opgap batch: give either -o FILE or --out-dir DIR, not "
                    "both\n");
    goto done;
  }
  og_diags d;
  og_diags_init(&d);
  for (size_t i = 0; i < cli.nargs; i++) {
    struct stat st;
    size_t first = files.n;
    if (stat(cli.args[i], &st) != 0) {
      og_diag_add(&d, cli.args[i], 0, 0, "cannot read: %s", strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      walk(cli.args[i], &files, &d);
      if (files.n > first) {
        qsort(files.v + first, files.n - first, sizeof(char *), cmp_path);
      }
    } else {
      pathlist_add(&files, og_xstrdup(cli.args[i]));
    }
  }
  if (d.n) {
    og_cli_fail(&d);
    og_diags_free(&d);
    goto done;
  }
  og_diags_free(&d);
  if (files.n == 0) {
    fprintf(stderr, "opgap batch: no profiles (*.yaml) found\n");
    goto done;
  }
  if (cli.outdir) {
    struct stat st;
    if (stat(cli.outdir, &st) != 0 && mkdir(cli.outdir, 0755) != 0) {
      fprintf(stderr, "%s: cannot create directory: %s\n", cli.outdir,
              strerror(errno));
      goto done;
    }
  }
  if ((rs = og_cli_load_rules(&cli)) == NULL) {
    goto done;
  }
  b.rs = rs;
  b.cli = &cli;
  b.files = files.v;
  b.nfiles = files.n;
  b.rows = og_xcalloc(files.n, sizeof(og_matrix_row));
  b.diags = og_xcalloc(files.n, sizeof(og_diags));
  for (size_t i = 0; i < files.n; i++) {
    og_diags_init(&b.diags[i]);
  }
  b.details = cli.outdir ? (cli.format < 0 || cli.format == OG_FMT_HTML)
                         : cli.format == OG_FMT_HTML;
  b.progress = !cli.quiet && isatty(STDERR_FILENO);
  atomic_init(&b.next, 0);
  atomic_init(&b.done, 0);
  run_all(&b, cli.jobs);
  if (b.progress) {
    fputc('\n', stderr);
  }
  /* Compact the rows that were evaluated; print the others' errors. */
  og_matrix m = {rs, b.rows, 0, NULL, 0, cli.with_parent};
  og_diag *failed = og_xcalloc(files.n, sizeof(og_diag));
  for (size_t i = 0; i < files.n; i++) {
    if (b.rows[i].id != NULL) {
      b.rows[m.nrows++] = b.rows[i];
    } else {
      og_diags_print(&b.diags[i], stderr);
      if (b.diags[i].n) {
        failed[m.nfailed++] = b.diags[i].v[0];
      } else {
        failed[m.nfailed++] = (og_diag){b.files[i], 0, 0,
                                        "could not be evaluated"};
      }
    }
  }
  m.failed = failed;
  if (m.nrows == 0) {
    fprintf(stderr, "opgap batch: no profile could be evaluated; nothing "
                    "written\n");
    rc = OG_EXIT_INPUT;
  } else {
    rc = write_outputs(&cli, &m, fmt);
    if (rc == OG_EXIT_OK && m.nfailed) {
      fprintf(stderr, "opgap batch: %zu of %zu profiles could not be read; "
                      "the matrix has the other %zu\n",
              m.nfailed, files.n, m.nrows);
      rc = OG_EXIT_INPUT;
    }
  }
  free(failed);
  for (size_t i = 0; i < m.nrows; i++) {
    og_matrix_row_release(&b.rows[i]);
  }
done:
  for (size_t i = 0; b.diags && i < b.nfiles; i++) {
    og_diags_free(&b.diags[i]);
  }
  free(b.diags);
  free(b.rows);
  for (size_t i = 0; i < files.n; i++) {
    free(files.v[i]);
  }
  free(files.v);
  og_ruleset_free(rs);
  og_cli_release(&cli);
  return rc;
}
