/* cmd_scan.c - `opgap scan [--draft-profile] FILE...`: the rules' text
 * patterns found in bill or statute text, as a report (text, json, sarif)
 * or as a draft profile of the facts they suggest.
 *
 * The scan itself is scan.c; this file reads the inputs, formats the
 * matches and writes the draft with libyaml's emitter.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "cli.h"
#include "limits.h"
#include "scan.h"

#define SCAN_OPTIONS (OPT_RULES | OPT_FORMAT | OPT_OUTPUT | OPT_DRAFT | OPT_JOBS | OPT_LANG)

static int usage_scan(void) {
  puts("usage: opgap scan [OPTIONS] FILE...   ('-' reads standard input)\n\n"
       "Finds the rules' text patterns in bill or statute text (UTF-8 plain\n"
       "text or Markdown) and reports each match: FILE:LINE:COL (columns in\n"
       "code points), the section it falls under (the nearest heading such "
       "as\n\"§ 2256. Definitions\", \"Sec. 3\", \"Artículo 179\" or a "
       "Markdown '#'), the\nmatched words, and the status it suggests for "
       "which rule, and why.\nMatching is case-insensitive and ignores "
       "curly quotes, a word hyphenated\nat a line end and line breaks "
       "inside a paragraph; a match never crosses\na blank line. A "
       "suggestion is a lead for a person to check, never a\nfinding.\n\n"
       "Formats: text (default), json, sarif (SARIF 2.1.0). A text of "
       "several MB\nis scanned by --jobs threads, in paragraphs; the "
       "matches are the same.\n"
       "--draft-profile writes instead a draft statute profile (YAML) with "
       "the\nfacts the matches suggest, each with cite (the section), quote "
       "(the\nmatched words), source (\"scan of FILE\") and confirmed: "
       "false.\nA fact's value comes from a match under an article or "
       "section heading,\nin a section that defines a child by age; else "
       "from the first match.\n"
       "'opgap check' loads it and marks those facts unconfirmed. Its level\n"
       "is national and its as_of the latest last_updated date of the "
       "texts'\nfront matter, else today (SOURCE_DATE_EPOCH fixes it): a "
       "person\nedits both.\n\n"
       "Exit status: 0 when no match suggests a gap, 1 when some match does,\n"
       "2 on bad input or usage, or when a pattern reaches a PCRE2 limit.\n\n"
       "Options:");
  og_cli_print_options(SCAN_OPTIONS);
  return OG_EXIT_OK;
}

static const char *display_name(const char *file) {
  return strcmp(file, "-") == 0 ? "<stdin>" : file;
}

#define TEXT_FLUSH (1u << 20)
#define TEXT_CHUNK 8192 /* matches a thread formats at a time */

/* The text report, a chunk of TEXT_CHUNK matches (of all files, in order)
 * at a time. With a helper thread, the helper formats every chunk, into
 * TEXT_SLOTS buffers in turn, while the main thread writes them in order
 * (writing 135 MB costs the kernel more than formatting it). */
#define TEXT_SLOTS 3
typedef struct text_job {
  const og_scan_result *res;
  const og_scan_writer *w;
  size_t nres, nchunks;
  size_t file0; /* res[0]'s place among the files (JSON, SARIF names) */
  size_t nth0;  /* matches written before res[0]'s */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  og_buf buf[TEXT_SLOTS];   /* chunk c goes to buf[c % TEXT_SLOTS] */
  size_t ready[TEXT_SLOTS]; /* 1 + the chunk in buf[i], 0 when free */
} text_job;

/* Formats chunk c into b. */
static void format_chunk(const text_job *job, size_t c, og_buf *b) {
  size_t skip = c * TEXT_CHUNK, left = TEXT_CHUNK;
  size_t nth = job->nth0 + c * TEXT_CHUNK;
  for (size_t f = 0; f < job->nres && left > 0; f++) {
    const og_scan_result *r = &job->res[f];
    if (skip >= r->n) {
      skip -= r->n;
      continue;
    }
    for (size_t i = skip; i < r->n && left > 0; i++, left--) {
      og_scan_writer_match(job->w, b, job->file0 + f, &r->v[i], nth++);
    }
    skip = 0;
  }
}

static void *text_helper(void *arg) {
  text_job *job = arg;
  for (size_t c = 0; c < job->nchunks; c++) {
    size_t slot = c % TEXT_SLOTS;
    pthread_mutex_lock(&job->mu);
    while (job->ready[slot] != 0) {
      pthread_cond_wait(&job->cv, &job->mu);
    }
    pthread_mutex_unlock(&job->mu);
    job->buf[slot].len = 0;
    format_chunk(job, c, &job->buf[slot]);
    pthread_mutex_lock(&job->mu);
    job->ready[slot] = c + 1;
    pthread_cond_broadcast(&job->cv);
    pthread_mutex_unlock(&job->mu);
  }
  return NULL;
}

/* A report being written: its format, the patterns' texts, what ends it,
 * and the matches written so far. */
typedef struct report {
  int format, jobs;
  og_scan_writer *w;
  og_buf head, foot;
  og_buf *b; /* the main thread's buffer */
  og_buf slots[TEXT_SLOTS]; /* the helper's, kept from window to window:
                             * allocated anew, each window's megabytes of
                             * output were page faults again */
  og_out *o;
  size_t total, nfiles;
  bool begun, gap;
} report;

static void report_init(report *r, const og_ruleset *rs, int format,
                        char **files, size_t nfiles, og_buf *b, og_out *o,
                        int jobs) {
  memset(r, 0, sizeof(*r));
  r->format = format;
  r->jobs = jobs;
  r->b = b;
  r->o = o;
  r->nfiles = nfiles;
  og_buf_init(&r->head);
  og_buf_init(&r->foot);
  for (int i = 0; i < TEXT_SLOTS; i++) {
    og_buf_init(&r->slots[i]);
  }
  r->w = og_scan_writer_new(rs, format == OG_FMT_JSON    ? OG_SCAN_JSON
                                : format == OG_FMT_SARIF ? OG_SCAN_SARIF
                                                         : OG_SCAN_TEXT,
                            files, nfiles);
  og_scan_writer_frame(r->w, &r->head, &r->foot);
}

/* Writes the matches of res, the file-th file's (or a window of it), in
 * chunks of TEXT_CHUNK; with jobs > 1 and more than one chunk, formatted
 * by a helper thread while this one writes. The report's head goes first,
 * once. */
static void report_matches(report *rep, const og_scan_result *res,
                           size_t file) {
  og_buf *b = rep->b;
  og_out *o = rep->o;
  if (!rep->begun) {
    og_buf_add(b, rep->head.data, rep->head.len);
    rep->begun = true;
  }
  for (size_t i = 0; i < res->n && !rep->gap; i++) {
    rep->gap = res->v[i].pattern->suggests == OG_GAP;
  }
  text_job job = {.res = res, .w = rep->w, .nres = 1, .file0 = file,
                  .nth0 = rep->total};
  job.nchunks = (res->n + TEXT_CHUNK - 1) / TEXT_CHUNK;
  rep->total += res->n;
  pthread_t helper;
  bool helped = rep->jobs > 1 && job.nchunks > 1 &&
                pthread_mutex_init(&job.mu, NULL) == 0;
  if (helped && pthread_cond_init(&job.cv, NULL) != 0) {
    pthread_mutex_destroy(&job.mu);
    helped = false;
  }
  for (int i = 0; i < TEXT_SLOTS; i++) {
    job.buf[i] = rep->slots[i];
  }
  if (helped && pthread_create(&helper, NULL, text_helper, &job) != 0) {
    pthread_cond_destroy(&job.cv);
    pthread_mutex_destroy(&job.mu);
    helped = false;
  }
  for (size_t c = 0; c < job.nchunks; c++) {
    if (!helped) {
      format_chunk(&job, c, b);
      if (b->len >= TEXT_FLUSH) {
        og_out_write(o, b->data, b->len);
        b->len = 0;
      }
      continue;
    }
    size_t slot = c % TEXT_SLOTS;
    pthread_mutex_lock(&job.mu);
    while (job.ready[slot] != c + 1) {
      pthread_cond_wait(&job.cv, &job.mu);
    }
    pthread_mutex_unlock(&job.mu);
    if (b->len) {
      og_out_write(o, b->data, b->len);
      b->len = 0;
    }
    og_out_write(o, job.buf[slot].data, job.buf[slot].len);
    pthread_mutex_lock(&job.mu);
    job.ready[slot] = 0;
    pthread_cond_broadcast(&job.cv);
    pthread_mutex_unlock(&job.mu);
  }
  if (helped) {
    pthread_join(helper, NULL);
    pthread_cond_destroy(&job.cv);
    pthread_mutex_destroy(&job.mu);
  }
  for (int i = 0; i < TEXT_SLOTS; i++) {
    rep->slots[i] = job.buf[i];
  }
}

/* Ends the report: the text's count line, or the JSON's closing. */
static void report_end(report *rep) {
  og_buf *b = rep->b;
  if (!rep->begun) {
    og_buf_add(b, rep->head.data, rep->head.len);
  }
  og_scan_writer_count(rep->w, b, rep->total);
  og_buf_add(b, rep->foot.data, rep->foot.len);
  og_out_write(rep->o, b->data, b->len);
  b->len = 0;
}

static void report_release(report *rep) {
  og_scan_writer_free(rep->w);
  og_buf_free(&rep->head);
  og_buf_free(&rep->foot);
  for (int i = 0; i < TEXT_SLOTS; i++) {
    og_buf_free(&rep->slots[i]);
  }
}

/* ---- reading a text a window at a time --------------------------------------
 * A report is written as the text is read: OG_SCAN_WINDOW bytes at a time,
 * cut after a blank line (which no match crosses), so that a text of any
 * size is scanned in bounded memory with the same matches. A paragraph
 * longer than a window makes its window longer. */
typedef struct window_reader {
  int fd;
  bool eof, last;
  char *buf;
  size_t len, cap;
  size_t cut;      /* the window: buf[0, cut) */
  int lines;       /* line breaks before the window */
  size_t offset;   /* bytes before the window */
  size_t read_err; /* errno of a failed read, 0 */
} window_reader;

/* The end of the last blank line in buf[from, len): the offset just after
 * "\n\n" or "\n\r\n" ending there; 0 when there is none. */
static size_t last_blank(const char *buf, size_t from, size_t len) {
  for (size_t i = len; i >= 2 && i > from; i--) {
    if (buf[i - 1] == '\n' &&
        (buf[i - 2] == '\n' || (i >= 3 && buf[i - 2] == '\r' &&
                                buf[i - 3] == '\n'))) {
      return i;
    }
  }
  return 0;
}

/* The window size: OG_SCAN_WINDOW, or $OPGAP_SCAN_WINDOW bytes (tests cut
 * texts into small windows with it; the matches are the same); 0 when
 * the variable is set to anything else. */
static size_t window_size(void) {
  const char *e = getenv("OPGAP_SCAN_WINDOW");
  if (e == NULL) {
    return OG_SCAN_WINDOW;
  }
  char *end;
  errno = 0;
  unsigned long long v = strtoull(e, &end, 10);
  return isdigit((unsigned char)e[0]) && *end == '\0' && errno == 0 &&
                 v >= 1 && v <= OG_SCAN_WINDOW
             ? (size_t)v
             : 0;
}

/* Reads what fd gives into w->buf, until w->len >= want or the end. */
static bool fill(window_reader *w, size_t want) {
  while (!w->eof && w->len < want) {
    if (w->len == w->cap) {
      w->cap = w->cap ? w->cap * 2 : want + 4096;
      w->buf = og_xrealloc(w->buf, w->cap);
    }
    ssize_t n = read(w->fd, w->buf + w->len, w->cap - w->len);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      w->read_err = (size_t)errno;
      return false;
    }
    w->eof = n == 0;
    w->len += (size_t)n;
  }
  return true;
}

/* Moves to the next window; false at the end or on a read error. */
static bool next_window(window_reader *w) {
  if (w->last) {
    return false;
  }
  if (w->cut > 0) { /* the window's lines, for the next one's numbers */
    const char *p = w->buf, *end = w->buf + w->cut;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
      w->lines++;
      p++;
    }
    w->offset += w->cut;
    memmove(w->buf, w->buf + w->cut, w->len - w->cut);
    w->len -= w->cut;
    w->cut = 0;
  }
  size_t size = window_size(), searched = 0;
  for (size_t want = size;; want = w->len + size) {
    if (!fill(w, want)) {
      return false;
    }
    if (w->eof) {
      w->cut = w->len;
      w->last = true; /* an empty text is one empty window */
      return w->len > 0 || w->offset == 0;
    }
    size_t cut = last_blank(w->buf, searched, w->len);
    if (cut > 0) {
      w->cut = cut;
      return true;
    }
    searched = w->len; /* one long paragraph: read on */
  }
}

/* Scans the file-th file window by window into the report. The nearest
 * heading before a window is carried into it, for matches that come
 * before the window's first heading. Returns 0, or -1 with an error. */
static int scan_file(og_scanner *sc, report *rep, const char *path,
                     size_t file, og_diags *d) {
  window_reader w = {.fd = STDIN_FILENO};
  if (strcmp(path, "-") != 0 && (w.fd = open(path, O_RDONLY)) < 0) {
    og_diag_add(d, path, 0, 0, "cannot read file: %s", strerror(errno));
    return -1;
  }
  char *carried = NULL; /* the last heading so far */
  int rc = 0;
  while (next_window(&w)) {
    og_scan_result res;
    og_scanner_set_line_base(sc, w.lines);
    /* a UTF-8 byte-order mark opening the text is not text: positions as
     * if absent; UTF-16 and UTF-32 are named */
    int skip = w.offset == 0 ? og_text_start(display_name(path), w.buf,
                                             w.cut, d)
                             : 0;
    if (skip < 0) {
      rc = -1;
      break;
    }
    if (og_scan_text(sc, display_name(path), w.buf + skip,
                     w.cut - (size_t)skip, &res, d) != 0) {
      og_scan_result_release(&res);
      rc = -1;
      break;
    }
    res.file = path;
    for (size_t i = 0; carried && i < res.n; i++) {
      if (res.v[i].section == NULL) {
        res.v[i].section = carried;
      }
    }
    report_matches(rep, &res, file);
    if (res.sections.n > 0) {
      free(carried);
      carried = og_xstrdup(res.sections.title[res.sections.n - 1]);
    }
    og_scan_result_release(&res);
  }
  if (rc == 0 && w.read_err) {
    og_diag_add(d, path, 0, 0, "cannot read file: %s",
                strerror((int)w.read_err));
    rc = -1;
  }
  og_scanner_set_line_base(sc, 0);
  free(carried);
  free(w.buf);
  if (w.fd != STDIN_FILENO) {
    close(w.fd);
  }
  return rc;
}

/* ---- draft profile -------------------------------------------------------- */
static int emit_handler(void *data, unsigned char *buffer, size_t size) {
  og_buf_add(data, (const char *)buffer, size);
  return 1;
}

static bool emit_scalar(yaml_emitter_t *e, const char *s,
                        yaml_scalar_style_t style) {
  yaml_event_t ev;
  /* libyaml copies the value but takes it as non-const */
  char *copy = og_xstrdup(s);
  yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)copy, -1,
                               style == YAML_PLAIN_SCALAR_STYLE,
                               style != YAML_PLAIN_SCALAR_STYLE, style);
  free(copy);
  return yaml_emitter_emit(e, &ev) != 0;
}

static bool emit_mapping(yaml_emitter_t *e, bool start) {
  yaml_event_t ev;
  if (start) {
    yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                        YAML_BLOCK_MAPPING_STYLE);
  } else {
    yaml_mapping_end_event_initialize(&ev);
  }
  return yaml_emitter_emit(e, &ev) != 0;
}

/* A pattern's value as written in the rule: scalars keep their type (a
 * string is quoted so that "18" stays a string), lists become flow
 * sequences, an open list ({includes: [...]}) a flow mapping. */
static bool emit_value(yaml_emitter_t *e, const og_node *n) {
  if (n->kind == OG_NODE_MAP) {
    yaml_event_t ev;
    yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                        YAML_FLOW_MAPPING_STYLE);
    bool ok = yaml_emitter_emit(e, &ev) != 0;
    for (size_t i = 0; ok && i < n->n; i++) {
      ok = emit_scalar(e, og_map_key(n, i)->str, YAML_PLAIN_SCALAR_STYLE) &&
           emit_value(e, og_map_val(n, i));
    }
    yaml_mapping_end_event_initialize(&ev);
    return ok && yaml_emitter_emit(e, &ev) != 0;
  }
  if (n->kind == OG_NODE_SEQ) {
    yaml_event_t ev;
    yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                         YAML_FLOW_SEQUENCE_STYLE);
    bool ok = yaml_emitter_emit(e, &ev) != 0;
    for (size_t i = 0; ok && i < n->n; i++) {
      ok = emit_value(e, n->items[i]);
    }
    yaml_sequence_end_event_initialize(&ev);
    return ok && yaml_emitter_emit(e, &ev) != 0;
  }
  return emit_scalar(e, n->str,
                     n->stype == OG_SCALAR_STRING
                         ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                         : YAML_PLAIN_SCALAR_STYLE);
}

static char *draft_id(const char *file) {
  if (strcmp(file, "-") == 0) {
    return og_xstrdup("draft/stdin");
  }
  const char *base = strrchr(file, '/');
  base = base ? base + 1 : file;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, "draft/");
  for (size_t i = 0; i < n; i++) {
    char c = base[i];
    c = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    og_buf_putc(&b, ok ? c : (i == 0 ? 'x' : '-'));
  }
  if (n == 0) {
    og_buf_puts(&b, "text");
  }
  return og_buf_release(&b);
}

/* The match a draft proposes for each fact, in vocabulary order. */
typedef struct draft_fact {
  const og_scan_match *m;
  const char *file;
  int rank;      /* 0-3, lower is better: under an article heading (0 or
                  * 1), in a section that defines a child by age (even) */
  size_t others; /* the other matches suggesting the same fact */
} draft_fact;

/* Whether a section label is an article or section of a law ("Artículo
 * 177 bis.", "Art. 5.-", "ARTICLE 3", "Section 2", "§ 2256.") rather than
 * a preamble, an exposition of motives, a chapter or title heading or a
 * final provision: text that explains or amends a law is not where its
 * rules are. */
static bool article_section(const char *s) {
  if (s == NULL) {
    return false;
  }
  while (*s == '#' || *s == ' ' || *s == '\t') {
    s++;
  }
  static const char *const kw[] = {"Art", "ART", "\xc2\xa7", "Sec", "SEC"};
  for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
    if (strncmp(s, kw[i], strlen(kw[i])) == 0) {
      return true;
    }
  }
  return false;
}

/* Whether r->v[i]'s section also holds a match recording a child's age
 * in the `definitions` group ("menor de dieciocho años", "under the age
 * of 18"): the Protocol's provisions are those that speak of children. */
static bool child_age_section(const og_scan_result *r, size_t i) {
  const og_scan_match *m = &r->v[i];
  size_t a = i, b = i + 1;
  while (a > 0 && r->v[a - 1].section == m->section) {
    a--;
  }
  while (b < r->n && r->v[b].section == m->section) {
    b++;
  }
  for (size_t k = a; k < b; k++) {
    const og_factdef *f = r->v[k].pattern->fact;
    if (f && f->type == OG_F_INT && strcmp(f->group->name, "definitions") == 0) {
      return true;
    }
  }
  return false;
}

/* The folder all of res's files are in ("../texts/es" for
 * "../texts/es/a.md" and "../texts/es/b.md"), or NULL when they differ or
 * one has no folder. */
static char *common_dir(const og_scan_result *res, size_t nres) {
  const char *first = res[0].file;
  const char *slash = strrchr(first, '/');
  if (slash == NULL || slash == first) {
    return NULL;
  }
  size_t n = (size_t)(slash - first);
  for (size_t f = 1; f < nres; f++) {
    const char *s = strrchr(res[f].file, '/');
    if (s == NULL || (size_t)(s - res[f].file) != n ||
        strncmp(res[f].file, first, n) != 0) {
      return NULL;
    }
  }
  return og_xstrndup(first, n);
}

static void today(char *out, size_t n) {
  time_t t = time(NULL);
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  if (epoch && *epoch) {
    t = (time_t)strtoll(epoch, NULL, 10);
  }
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, n, "%Y-%m-%d", &tm);
}

/* The consolidation date a text declares in its front matter (a block
 * between "---" lines near its top, as publishers' Markdown exports have:
 * `last_updated: "2026-04-09"`), copied to out (11 bytes) when it is later
 * than what out holds. A text without one leaves out unchanged. */
static void front_matter_date(const char *file, char *out) {
  if (strcmp(file, "-") == 0) {
    return;
  }
  FILE *fp = fopen(file, "rb");
  if (fp == NULL) {
    return;
  }
  static const char *const keys[] = {"last_updated:", "last_modified:",
                                     "consolidated:", "consolidation_date:",
                                     "current_to:"};
  char line[256];
  bool inside = false;
  for (int n = 0; n < 40 && fgets(line, sizeof(line), fp); n++) {
    if (strncmp(line, "---", 3) == 0) {
      if (inside) {
        break;
      }
      inside = true;
      continue;
    }
    for (size_t k = 0; inside && k < sizeof(keys) / sizeof(keys[0]); k++) {
      size_t kl = strlen(keys[k]);
      if (strncmp(line, keys[k], kl) != 0) {
        continue;
      }
      const char *v = line + kl;
      while (*v == ' ' || *v == '"' || *v == '\'') {
        v++;
      }
      bool date = strlen(v) >= 10;
      for (int i = 0; date && i < 10; i++) {
        date = (i == 4 || i == 7) ? v[i] == '-' : (v[i] >= '0' && v[i] <= '9');
      }
      if (date && (out[0] == 0 || strncmp(v, out, 10) > 0)) {
        memcpy(out, v, 10);
        out[10] = 0;
      }
    }
  }
  fclose(fp);
}

static int write_draft(const og_ruleset *rs, const og_scan_result *res,
                       size_t nres, og_buf *out) {
  size_t nf = rs->vocab.nfacts;
  draft_fact *facts = og_xcalloc(nf + 1, sizeof(draft_fact));
  for (size_t f = 0; f < nres; f++) {
    for (size_t i = 0; i < res[f].n; i++) {
      const og_scan_match *m = &res[f].v[i];
      if (m->pattern->fact == NULL || m->pattern->value == NULL) {
        continue;
      }
      /* Of the matches suggesting a fact, the draft proposes one under an
       * article heading before any other; among those, one in a section
       * that also defines a child by age; then the first. (Weighing a
       * section by how many of the rule's patterns match there helped on
       * Spain's codes but favoured long definition and bail sections in
       * Canada's: left out.) */
      draft_fact *df = &facts[m->pattern->fact->index];
      int rank = (article_section(m->section) ? 0 : 2) +
                 (child_age_section(&res[f], i) ? 0 : 1);
      if (df->m == NULL || rank < df->rank) {
        if (df->m) {
          df->others++;
        }
        df->m = m;
        df->file = display_name(res[f].file);
        df->rank = rank;
      } else {
        df->others++;
      }
    }
  }
  yaml_emitter_t e;
  yaml_emitter_initialize(&e);
  yaml_emitter_set_output(&e, emit_handler, out);
  yaml_emitter_set_unicode(&e, 1);
  yaml_emitter_set_width(&e, 78);
  yaml_event_t ev;
  bool ok = true;
  yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
  ok = ok && yaml_emitter_emit(&e, &ev);
  yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
  ok = ok && yaml_emitter_emit(&e, &ev);
  ok = ok && emit_mapping(&e, true);
  /* Several texts from one folder (a country's codes) are named after the
   * folder; otherwise after the first text. */
  char *dir = nres > 1 ? common_dir(res, nres) : NULL;
  char *id = draft_id(dir ? dir : nres ? res[0].file : "-");
  og_buf names;
  og_buf_init(&names);
  og_buf_puts(&names, "Draft from a scan of ");
  for (size_t f = 0; f < nres; f++) {
    og_buf_puts(&names, f ? ", " : "");
    og_buf_puts(&names, display_name(res[f].file));
  }
  if (nres == 0) {
    og_buf_puts(&names, "<stdin>");
  }
  char *name = og_buf_release(&names);
  free(dir);
  /* The law as of the latest consolidation date the texts declare;
   * today when none does. */
  char date[16] = "";
  for (size_t f = 0; f < nres; f++) {
    front_matter_date(res[f].file, date);
  }
  if (date[0] == 0) {
    today(date, sizeof(date));
  }
  ok = ok && emit_scalar(&e, "id", YAML_PLAIN_SCALAR_STYLE) &&
       emit_scalar(&e, id, YAML_PLAIN_SCALAR_STYLE) &&
       emit_scalar(&e, "name", YAML_PLAIN_SCALAR_STYLE) &&
       emit_scalar(&e, name, YAML_DOUBLE_QUOTED_SCALAR_STYLE) &&
       emit_scalar(&e, "level", YAML_PLAIN_SCALAR_STYLE) &&
       emit_scalar(&e, "national", YAML_PLAIN_SCALAR_STYLE) &&
       emit_scalar(&e, "as_of", YAML_PLAIN_SCALAR_STYLE) &&
       emit_scalar(&e, date, YAML_PLAIN_SCALAR_STYLE) &&
       emit_scalar(&e, "facts", YAML_PLAIN_SCALAR_STYLE) &&
       emit_mapping(&e, true);
  free(id);
  free(name);
  const og_group *open = NULL;
  for (size_t k = 0; ok && k < nf; k++) {
    /* vocabulary order groups facts of one group together */
    const og_factdef *def = &rs->vocab.facts[k];
    const draft_fact *df = &facts[def->index];
    if (df->m == NULL) {
      continue;
    }
    if (open != def->group) {
      if (open) {
        ok = ok && emit_mapping(&e, false);
      }
      ok = ok && emit_scalar(&e, def->group->name, YAML_PLAIN_SCALAR_STYLE) &&
           emit_mapping(&e, true);
      open = def->group;
    }
    const og_scan_match *m = df->m;
    char *source = og_xasprintf("scan of %s", df->file);
    char *note = og_xasprintf(
        "suggested by pattern %s of rule %s at %s:%d:%d%s; a person must "
        "check the text and confirm",
        m->pattern->id, m->rule->id, df->file, m->line, m->col,
        df->others ? " (other matches suggest this fact too)" : "");
    char *cite = m->section ? og_xstrdup(m->section)
                            : og_xasprintf("%s, line %d", df->file, m->line);
    ok = ok && emit_scalar(&e, def->name, YAML_PLAIN_SCALAR_STYLE) &&
         emit_mapping(&e, true) &&
         emit_scalar(&e, "value", YAML_PLAIN_SCALAR_STYLE) &&
         emit_value(&e, m->pattern->value) &&
         emit_scalar(&e, "cite", YAML_PLAIN_SCALAR_STYLE) &&
         emit_scalar(&e, cite, YAML_DOUBLE_QUOTED_SCALAR_STYLE) &&
         emit_scalar(&e, "quote", YAML_PLAIN_SCALAR_STYLE) &&
         emit_scalar(&e, m->text, YAML_DOUBLE_QUOTED_SCALAR_STYLE) &&
         emit_scalar(&e, "source", YAML_PLAIN_SCALAR_STYLE) &&
         emit_scalar(&e, source, YAML_DOUBLE_QUOTED_SCALAR_STYLE) &&
         emit_scalar(&e, "note", YAML_PLAIN_SCALAR_STYLE) &&
         emit_scalar(&e, note, YAML_DOUBLE_QUOTED_SCALAR_STYLE) &&
         emit_scalar(&e, "confirmed", YAML_PLAIN_SCALAR_STYLE) &&
         emit_scalar(&e, "false", YAML_PLAIN_SCALAR_STYLE) &&
         emit_mapping(&e, false);
    free(source);
    free(note);
    free(cite);
  }
  if (open) {
    ok = ok && emit_mapping(&e, false);
  }
  ok = ok && emit_mapping(&e, false) && emit_mapping(&e, false);
  yaml_document_end_event_initialize(&ev, 1);
  ok = ok && yaml_emitter_emit(&e, &ev);
  yaml_stream_end_event_initialize(&ev);
  ok = ok && yaml_emitter_emit(&e, &ev);
  if (!ok) {
    fprintf(stderr, "opgap scan: cannot write the draft profile: %s\n",
            e.problem ? e.problem : "emitter error");
  }
  yaml_emitter_delete(&e);
  free(facts);
  return ok ? 0 : -1;
}

/* ---- the command ---------------------------------------------------------- */
int og_cmd_scan(int argc, char **argv) {
  if (og_cli_wants_help(argc, argv)) {
    return usage_scan();
  }
  og_cli cli;
  if (og_cli_parse(&cli, argc, argv, SCAN_OPTIONS, "scan") != 0) {
    return OG_EXIT_INPUT;
  }
  int rc = OG_EXIT_INPUT;
  og_ruleset *rs = NULL;
  og_scanner *sc = NULL;
  og_scan_result *res = og_xcalloc(cli.nargs + 1, sizeof(og_scan_result));
  size_t nres = 0;
  og_buf out;
  og_buf_init(&out);
  og_diags d;
  og_diags_init(&d);
  int fmt = cli.format < 0 ? OG_FMT_TEXT : cli.format;
  if (cli.nargs == 0) {
    fprintf(stderr, "opgap scan: expected one or more files ('-' for "
                    "standard input; see 'opgap scan --help')\n");
    goto done;
  }
  if (!cli.draft_profile && fmt != OG_FMT_TEXT && fmt != OG_FMT_JSON &&
      fmt != OG_FMT_SARIF) {
    fprintf(stderr, "opgap scan: format not available for scan (text, json, "
                    "sarif)\n");
    goto done;
  }
  if (cli.draft_profile && cli.format >= 0) {
    fprintf(stderr, "opgap scan: --draft-profile writes YAML; --format does "
                    "not apply\n");
    goto done;
  }
  if (window_size() == 0) {
    /* a test hook, but a typo must not silently change what is tested */
    fprintf(stderr,
            "opgap scan: OPGAP_SCAN_WINDOW must be a number of bytes from 1 "
            "to %u, not '%s'\n",
            OG_SCAN_WINDOW, getenv("OPGAP_SCAN_WINDOW"));
    goto done;
  }
  if ((rs = og_cli_load_rules(&cli)) == NULL) {
    goto done;
  }
  sc = og_scanner_new(rs);
  og_scanner_set_threads(sc, cli.jobs);
  if (!cli.draft_profile) {
    /* every file must be readable before anything is written */
    for (size_t i = 0; i < cli.nargs; i++) {
      if (strcmp(cli.args[i], "-") != 0 && access(cli.args[i], R_OK) != 0) {
        og_diag_add(&d, cli.args[i], 0, 0, "cannot read file: %s",
                    strerror(errno));
        rc = og_cli_fail(&d);
        goto done;
      }
    }
    og_out o;
    if (og_out_open(&o, cli.output ? cli.output : "-", &d) != 0) {
      rc = og_cli_fail(&d);
      goto done;
    }
    report rep;
    report_init(&rep, rs, fmt, cli.args, cli.nargs, &out, &o, cli.jobs);
    int r = 0;
    for (size_t i = 0; i < cli.nargs && r == 0; i++) {
      r = scan_file(sc, &rep, cli.args[i], i, &d);
    }
    if (r != 0) {
      og_out_abort(&o);
      rc = og_cli_fail(&d);
    } else {
      report_end(&rep);
      rc = og_out_commit(&o, &d) == 0
               ? (rep.gap ? OG_EXIT_FINDINGS : OG_EXIT_OK)
               : og_cli_fail(&d);
    }
    report_release(&rep);
    goto done;
  }
  for (size_t i = 0; i < cli.nargs; i++) {
    /* the results keep copies of all they need: each text is released
     * once scanned */
    og_text text;
    if (og_text_load(&text, cli.args[i], OG_MAX_SCAN_BYTES, &d) != 0) {
      rc = og_cli_fail(&d);
      goto done;
    }
    /* a UTF-8 byte-order mark is not text: positions as if absent */
    int skip = og_text_start(display_name(cli.args[i]), text.data, text.len,
                             &d);
    if (skip < 0) {
      og_text_release(&text);
      rc = og_cli_fail(&d);
      goto done;
    }
    int r = og_scan_text(sc, display_name(cli.args[i]), text.data + skip,
                         text.len - (size_t)skip, &res[nres], &d);
    og_text_release(&text);
    nres++;
    if (r != 0) {
      rc = og_cli_fail(&d);
      goto done;
    }
    res[nres - 1].file = cli.args[i];
  }
  if (write_draft(rs, res, nres, &out) != 0) {
    goto done;
  }
  rc = og_cli_emit(&cli, og_buf_str(&out), out.len);
  for (size_t f = 0; f < nres && rc == OG_EXIT_OK; f++) {
    for (size_t i = 0; i < res[f].n; i++) {
      if (res[f].v[i].pattern->suggests == OG_GAP) {
        rc = OG_EXIT_FINDINGS;
        break;
      }
    }
  }
done:
  for (size_t i = 0; i < nres; i++) {
    og_scan_result_release(&res[i]);
  }
  free(res);
  og_buf_free(&out);
  og_diags_free(&d);
  og_scanner_free(sc);
  og_ruleset_free(rs);
  og_cli_release(&cli);
  return rc;
}
