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
#define _DEFAULT_SOURCE /* d_type, DT_DIR */
#include <dirent.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
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
    /* the entry's type from the directory itself; stat only where the
     * file system does not give it, or for a symbolic link */
    bool is_dir = e->d_type == DT_DIR, is_reg = e->d_type == DT_REG;
    struct stat st;
    if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
      if (stat(path, &st) != 0) {
        free(path);
        continue;
      }
      is_dir = S_ISDIR(st.st_mode);
      is_reg = S_ISREG(st.st_mode);
    }
    if (is_dir) {
      rc |= walk(path, out, d);
      free(path);
    } else if (is_reg && ends_with(e->d_name, ".yaml")) {
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

/* ---- the workers -----------------------------------------------------------
 * Rows are written in path order as soon as they are ready, and released:
 * a worker may run at most WINDOW profiles ahead of the writer, so memory
 * holds WINDOW rows, not the matrix. */
#define WINDOW 64

typedef struct batch {
  const og_ruleset *rs;
  const og_cli *cli;
  char **files;
  size_t nfiles;
  og_matrix_row slot[WINDOW]; /* profile i's row in slot[i % WINDOW] */
  bool ready[WINDOW];
  og_diags *diags; /* nfiles */
  bool details;    /* keep each jurisdiction's HTML findings */
  bool fingerprints; /* the JSON matrix is written: it shows them */
  bool progress, threaded;
  size_t next, written;
  pthread_mutex_t mu;
  pthread_cond_t cv;
} batch;

static void run_one(batch *b, size_t i, og_matrix_row *row) {
  og_diags *d = &b->diags[i];
  memset(row, 0, sizeof(*row));
  og_profile *p = og_profile_load(b->rs, b->files[i], b->cli->statutes_dir, d);
  if (p == NULL) {
    return;
  }
  og_report rep = {0};
  /* Only the HTML page shows each finding's text; the other matrices need
   * statuses and fingerprints alone. */
  og_eval_opts opts = {b->cli->overrides, b->cli->noverrides, NULL,
                       !b->details, !b->details && !b->fingerprints};
  if (og_evaluate(b->rs, p, &opts, &rep, d) == 0 && d->n == 0) {
    og_matrix_row_init(row, &rep, b->details, b->cli->with_parent, i);
  }
  og_report_free(&rep);
  og_profile_free(p);
}

static void *worker(void *arg) {
  batch *b = arg;
  pthread_mutex_lock(&b->mu);
  for (;;) {
    size_t i = b->next;
    if (i >= b->nfiles) {
      break;
    }
    b->next++;
    while (i >= b->written + WINDOW) {
      pthread_cond_wait(&b->cv, &b->mu);
    }
    pthread_mutex_unlock(&b->mu);
    og_matrix_row row;
    run_one(b, i, &row);
    pthread_mutex_lock(&b->mu);
    b->slot[i % WINDOW] = row;
    b->ready[i % WINDOW] = true;
    pthread_cond_broadcast(&b->cv);
  }
  pthread_mutex_unlock(&b->mu);
  return NULL;
}

/* ---- outputs --------------------------------------------------------------- */
static const struct {
  int format;
  og_mformat mformat;
  const char *file;
} outputs[] = {
    {OG_FMT_CSV, OG_MATRIX_CSV, "matrix.csv"},
    {OG_FMT_JSON, OG_MATRIX_JSON, "matrix.json"},
    {OG_FMT_MD, OG_MATRIX_MD, "matrix.md"},
    {OG_FMT_HTML, OG_MATRIX_HTML, "matrix.html"},
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

typedef struct sink {
  og_out out;
  og_mwriter w;
  char *path, *details;
  bool open;
} sink;

/* The HTML page's findings directory: NAME-details beside NAME.html. */
static char *details_dir(const char *path) {
  if (strcmp(path, "-") == 0) {
    return NULL;
  }
  size_t n = strlen(path);
  if (ends_with(path, ".html")) {
    n -= 5;
  }
  return og_xasprintf("%.*s-details", (int)n, path);
}

/* Opens the outputs wanted: one format to -o/stdout, or into --out-dir
 * one format (--format) or all four. Returns how many, 0 on error. */
static size_t open_sinks(const og_cli *cli, const og_ruleset *rs, int fmt,
                         size_t expected, sink *sinks) {
  size_t n = 0;
  for (size_t i = 0; i < NOUTPUTS; i++) {
    if (cli->outdir ? cli->format >= 0 && (int)i != fmt : (int)i != fmt) {
      continue;
    }
    sink *s = &sinks[n];
    memset(s, 0, sizeof(*s));
    s->path = cli->outdir ? og_xasprintf("%s/%s", cli->outdir, outputs[i].file)
                          : og_xstrdup(cli->output ? cli->output : "-");
    og_diags d;
    og_diags_init(&d);
    if (og_out_open(&s->out, s->path, &d) != 0) {
      og_cli_fail(&d);
      og_diags_free(&d);
      free(s->path);
      return 0;
    }
    og_diags_free(&d);
    s->open = true;
    s->details = outputs[i].mformat == OG_MATRIX_HTML ? details_dir(s->path)
                                                      : NULL;
    og_mwriter_init(&s->w, outputs[i].mformat, rs, &s->out, expected,
                    cli->with_parent, s->details);
    n++;
  }
  return n;
}

/* Commits every sink when rows were written, else removes what they
 * began; returns an exit code. */
static int close_sinks(sink *sinks, size_t n, bool keep) {
  int rc = OG_EXIT_OK;
  for (size_t i = 0; i < n; i++) {
    sink *s = &sinks[i];
    og_diags d;
    og_diags_init(&d);
    if (keep) {
      if (og_mwriter_commit(&s->w, &d) != 0 || og_out_commit(&s->out, &d) != 0) {
        rc = og_cli_fail(&d);
      }
    } else {
      og_out_abort(&s->out);
    }
    og_diags_free(&d);
    og_mwriter_release(&s->w);
    free(s->path);
    free(s->details);
  }
  return rc;
}

/* Evaluates every profile and hands each row, in path order, to the sinks;
 * the errors of a profile that could not be read are printed in that order
 * and kept in failed. Returns the number of rows written. */
static size_t run_all(batch *b, int jobs, sink *sinks, size_t nsinks,
                      og_diag *failed, size_t *nfailed) {
  size_t nthreads = (size_t)jobs < b->nfiles ? (size_t)jobs : b->nfiles;
  pthread_t *t = NULL;
  size_t started = 0;
  if (nthreads > 1 && pthread_mutex_init(&b->mu, NULL) == 0) {
    if (pthread_cond_init(&b->cv, NULL) == 0) {
      t = og_xcalloc(nthreads, sizeof(pthread_t));
      for (; started < nthreads; started++) {
        if (pthread_create(&t[started], NULL, worker, b) != 0) {
          break;
        }
      }
      if (started == 0) {
        pthread_cond_destroy(&b->cv);
      }
    }
    if (started == 0) {
      pthread_mutex_destroy(&b->mu);
    }
  }
  b->threaded = started > 0;
  size_t nrows = 0;
  for (size_t i = 0; i < b->nfiles; i++) {
    og_matrix_row row;
    if (b->threaded) {
      pthread_mutex_lock(&b->mu);
      while (!b->ready[i % WINDOW]) {
        pthread_cond_wait(&b->cv, &b->mu);
      }
      row = b->slot[i % WINDOW];
      b->ready[i % WINDOW] = false;
      pthread_mutex_unlock(&b->mu);
    } else {
      run_one(b, i, &row);
    }
    if (row.id != NULL) {
      for (size_t k = 0; k < nsinks; k++) {
        og_mwriter_row(&sinks[k].w, &row);
      }
      nrows++;
      og_matrix_row_release(&row);
      og_diags_free(&b->diags[i]);
    } else {
      og_diags_print(&b->diags[i], stderr);
      failed[(*nfailed)++] = b->diags[i].n ? b->diags[i].v[0]
                                           : (og_diag){b->files[i], 0, 0,
                                                       "could not be evaluated"};
    }
    if (b->progress && ((i + 1) % 64 == 0 || i + 1 == b->nfiles)) {
      fprintf(stderr, "\ropgap batch: %zu/%zu profiles", i + 1, b->nfiles);
    }
    if (b->threaded) {
      pthread_mutex_lock(&b->mu);
      b->written = i + 1;
      pthread_cond_broadcast(&b->cv);
      pthread_mutex_unlock(&b->mu);
    }
  }
  for (size_t k = 0; k < started; k++) {
    pthread_join(t[k], NULL);
  }
  if (b->threaded) {
    pthread_cond_destroy(&b->cv);
    pthread_mutex_destroy(&b->mu);
  }
  free(t);
  return nrows;
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
                           OPT_OUTDIR | OPT_PARAM | OPT_JOBS | OPT_QUIET | OPT_LANG |
                           OPT_WITH_PARENT;
  if (og_cli_wants_help(argc, argv)) {
    return usage_batch(allowed);
  }
  og_cli cli;
  if (og_cli_parse(&cli, argc, argv, allowed, "batch") != 0) {
    return OG_EXIT_INPUT;
  }
#ifdef __GLIBC__
  /* Each profile's memory is freed before the next one's is taken. By
   * default glibc hands the top of the heap back to the kernel after every
   * profile and faults it in again for the next: 26,366 page faults for
   * 3,000 profiles instead of 1,365, and half of a batch's time. Keep it. */
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  mallopt(M_TOP_PAD, 16 * 1024 * 1024);
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
#endif
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
  b.diags = og_xcalloc(files.n, sizeof(og_diags));
  for (size_t i = 0; i < files.n; i++) {
    og_diags_init(&b.diags[i]);
  }
  b.details = cli.outdir ? (cli.format < 0 || cli.format == OG_FMT_HTML)
                         : cli.format == OG_FMT_HTML;
  b.progress = !cli.quiet && isatty(STDERR_FILENO);
  b.fingerprints = cli.outdir ? (cli.format < 0 || cli.format == OG_FMT_JSON)
                              : cli.format == OG_FMT_JSON;
  sink sinks[NOUTPUTS];
  size_t nsinks = open_sinks(&cli, rs, fmt, files.n, sinks);
  if (nsinks == 0) {
    goto done;
  }
  og_diag *failed = og_xcalloc(files.n, sizeof(og_diag));
  size_t nfailed = 0;
  size_t nrows = run_all(&b, cli.jobs, sinks, nsinks, failed, &nfailed);
  if (b.progress) {
    fputc('\n', stderr);
  }
  for (size_t k = 0; k < nsinks; k++) {
    og_mwriter_end(&sinks[k].w, failed, nfailed);
  }
  rc = close_sinks(sinks, nsinks, nrows > 0);
  if (nrows == 0) {
    fprintf(stderr, "opgap batch: no profile could be evaluated; nothing "
                    "written\n");
    rc = OG_EXIT_INPUT;
  } else if (rc == OG_EXIT_OK && nfailed) {
    fprintf(stderr, "opgap batch: %zu of %zu profiles could not be read; "
                    "the matrix has the other %zu\n",
            nfailed, files.n, nrows);
    rc = OG_EXIT_INPUT;
  }
  free(failed);
done:
  for (size_t i = 0; b.diags && i < b.nfiles; i++) {
    og_diags_free(&b.diags[i]);
  }
  free(b.diags);
  for (size_t i = 0; i < files.n; i++) {
    free(files.v[i]);
  }
  free(files.v);
  og_ruleset_free(rs);
  og_cli_release(&cli);
  return rc;
}
