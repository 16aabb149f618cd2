/* shares.c - a whole text: cut into shares at paragraph boundaries,
 * scanned by the worker threads, the matches placed at their original
 * line and column under their headings, errors reported (og_scan_text).
 */
#define _POSIX_C_SOURCE 200809L
#include "scan_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"

/* Advances (line, col) from original offset *pos to off. */
static void advance(const char *text, size_t *pos, int *line, int *col,
                    size_t off) {
  const char *p = text + *pos, *e = text + off, *nl;
  while ((nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
    (*line)++;
    *col = 1;
    p = nl + 1;
  }
  /* code points: the bytes that do not continue one (not 10xxxxxx), eight
   * at a time: bit 7 clear, or bit 6 set */
  const uint64_t highs = 0x8080808080808080ull, ones = 0x0101010101010101ull;
  for (; e - p >= 8; p += 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t starts = ((~w | (w << 1)) & highs) >> 7;
    *col += (int)((starts * ones) >> 56);
  }
  for (; p < e; p++) {
    *col += ((unsigned char)*p & 0xC0) != 0x80;
  }
  *pos = off;
}

static const char *limit_name(int rc, unsigned *limit) {
  switch (rc) {
  case PCRE2_ERROR_MATCHLIMIT:
    *limit = OG_PCRE2_MATCH_LIMIT;
    return "match limit";
  case PCRE2_ERROR_DEPTHLIMIT:
    *limit = OG_PCRE2_DEPTH_LIMIT;
    return "depth limit";
  case PCRE2_ERROR_JIT_STACKLIMIT:
    *limit = OG_PCRE2_JIT_STACK;
    return "JIT stack limit";
  default:
    *limit = 0;
    return NULL;
  }
}

/* The place of every match of the worker's share in the original text:
 * positions (the line counted from the share's start, which begins a
 * line), section and words. */
static void place_share(scan_state *st) {
  const og_norm *n = &st->norm;
  const char *text = st->orig;
  size_t pos = st->obase;
  int line = 1, col = 1;
  /* the matches come in order of start: the edits of the normaliser
   * before it (k) and the headings before it (h) only grow */
  const og_sections *secs = st->sections;
  size_t k = 0, h = 0;
  for (size_t i = 0; i < st->out.n; i++) {
    const raw_match *m = &st->out.v[i];
    og_scan_match *o = &st->placed[i];
    o->rule = st->sc->pats[m->pat].rule;
    o->pattern = st->sc->pats[m->pat].pat;
    while (k < n->nmap && n->at[k] <= m->start) {
      k++;
    }
    size_t ke = k;
    while (ke < n->nmap && n->at[ke] <= m->end - 1) {
      ke++;
    }
    o->start = st->obase + m->start + (k ? n->shift[k - 1] : 0);
    size_t last = st->obase + m->end - 1 + (ke ? n->shift[ke - 1] : 0);
    size_t clen = 1;
    while (last + clen < st->oend &&
           ((unsigned char)text[last + clen] & 0xC0) == 0x80) {
      clen++;
    }
    o->end = last + clen;
    advance(text, &pos, &line, &col, o->start);
    o->line = line;
    o->col = col;
    size_t epos = pos;
    int eline = line, ecol = col;
    advance(text, &epos, &eline, &ecol, last);
    o->end_line = eline;
    o->end_col = ecol;
    while (h < secs->n && secs->at[h] <= o->start) {
      h++;
    }
    o->section = h ? secs->title[h - 1] : NULL;
    o->text = st->texts + m->text;
  }
  advance(text, &pos, &line, &col, st->oend);
  st->lines = (size_t)(line - 1);
}

/* Places a worker's matches, then frees its shares' normalised text and
 * maps (here, in parallel, rather than after). */
static void *place_worker(void *arg) {
  scan_state *st = arg;
  for (int i = 0; i < (st->group > 0 ? st->group : 1); i++) {
    place_share(&st[i]);
    og_norm_release(&st[i].norm);
  }
  return NULL;
}

/* Groups of shares (step of them from st[g * step]) that workers claim
 * in turn until none is left, so that a worker on a busy core takes
 * fewer. */
typedef struct claims {
  void *(*fn)(void *);
  scan_state *st;
  int ngroups, step;
  atomic_int next;
} claims;

static void *claim_groups(void *arg) {
  claims *c = arg;
  int g;
  while ((g = atomic_fetch_add(&c->next, 1)) < c->ngroups) {
    c->fn(&c->st[g * c->step]);
  }
  return NULL;
}

/* Runs fn on st[0], st[step], ... (ngroups of them) with nt workers: this
 * thread and nt - 1 of their own (fewer when one cannot start). */
static void run_workers(void *(*fn)(void *), scan_state *st, int nt,
                        int ngroups, int step) {
  claims c = {fn, st, ngroups, step, 0};
  atomic_init(&c.next, 0);
  pthread_t tid[OG_MAX_SCAN_THREADS];
  bool started[OG_MAX_SCAN_THREADS] = {false};
  for (int t = 1; t < nt; t++) {
    started[t] = pthread_create(&tid[t], NULL, claim_groups, &c) == 0;
  }
  claim_groups(&c);
  for (int t = 1; t < nt; t++) {
    if (started[t]) {
      pthread_join(tid[t], NULL);
    }
  }
}

/* Appends the headings of a share that begins at base to the text's. */
static void sections_move(og_sections *to, og_sections *from, size_t base) {
  for (size_t i = 0; i < from->n; i++) {
    if (to->n == to->cap) {
      to->cap = to->cap ? to->cap * 2 : 32;
      to->at = og_xrealloc(to->at, to->cap * sizeof(size_t));
      to->title = og_xrealloc(to->title, to->cap * sizeof(char *));
    }
    to->at[to->n] = base + from->at[i];
    to->title[to->n++] = from->title[i];
  }
  from->n = 0; /* the titles are to's now */
  og_sections_release(from);
}

#define SCAN_NOT_UTF8 1 /* scan_shares's result; PCRE2's errors are < 0 */

/* Scans text in up to sc->threads shares cut at paragraph boundaries (a
 * boundary of the original text is one of the normalised text), so every
 * worker sees whole paragraphs and the matches are those of one
 * sequential pass; then, the shares' sizes known, each worker places its
 * matches in their part of out. Returns 0, with the matches in out, or the
 * first share's error (with *bad and *bad_at, an original offset). */
static int scan_shares(const og_scanner *sc, const char *text, size_t len,
                       og_scan_result *out, size_t *bad, size_t *bad_at) {
  int nt = sc->threads;
  if (len < OG_SCAN_SHARE_MIN * (size_t)nt) {
    nt = (int)(len / OG_SCAN_SHARE_MIN) + 1;
    nt = nt > sc->threads ? sc->threads : nt;
  }
  /* with the automaton, groups of GROUP shares read side by side; with
   * more than one worker, CLAIMS groups a worker */
  int step = sc->prefilter && sc->dfa.orange ? GROUP : 1;
  int ngroups = nt > 1 ? nt * CLAIMS : 1, ns = ngroups * step;
  scan_state *st = og_xcalloc((size_t)ns, sizeof(scan_state));
  size_t from = 0;
  for (int t = 0; t < ns; t++) {
    og_scan_state_init(&st[t], sc);
    size_t split = len / (size_t)ns * (size_t)(t + 1);
    size_t end = len, next = len;
    if (t < ns - 1) {
      next = og_next_paragraph(text, len, split > from ? split : from, &end);
    }
    st[t].orig = text;
    st[t].obase = from;
    st[t].oend = end;
    st[t].sections = &out->sections;
    from = next;
  }
  for (int t = 0; t < ns; t += step) {
    st[t].group = step;
  }
  run_workers(og_scan_share, st, nt, ngroups, step);
  int rc = 0;
  size_t total = 0;
  for (int t = 0; t < ns && rc == 0; t++) {
    if (st[t].invalid) {
      rc = SCAN_NOT_UTF8;
      *bad_at = st[t].bad_at;
    }
  }
  for (int t = 0; t < ns; t++) {
    if (rc == 0 && st[t].rc != 0) {
      rc = st[t].rc;
      *bad = st[t].bad;
      *bad_at = st[t].bad_at;
    }
    total += st[t].out.n;
  }
  if (rc == 0) {
    for (int t = 0; t < ns; t++) {
      sections_move(&out->sections, &st[t].secs, st[t].obase);
    }
    out->v = og_xmalloc((total + 1) * sizeof(og_scan_match));
    for (int t = 0; t < ns; t++) {
      st[t].placed = out->v + out->n;
      out->n += st[t].out.n;
    }
    run_workers(place_worker, st, nt, ngroups, step);
  }
  out->texts = og_xcalloc((size_t)ns, sizeof(char *));
  size_t lines = 0; /* line breaks before the share */
  for (int t = 0; t < ns; t++) {
    for (size_t i = 0; st[t].placed && lines > 0 && i < st[t].out.n; i++) {
      st[t].placed[i].line += (int)lines;
      st[t].placed[i].end_line += (int)lines;
    }
    if (st[t].texts) {
      out->texts[out->ntexts++] = st[t].texts;
      st[t].texts = NULL;
    }
    lines += st[t].lines + 2; /* and the blank line's two */
    og_scan_state_release(&st[t]);
  }
  free(st);
  return rc;
}

int og_scan_text(og_scanner *sc, const char *file, const char *text,
                 size_t len, og_scan_result *out, og_diags *d) {
  memset(out, 0, sizeof(*out));
  out->file = file;
  og_scanner_jit(sc);
  size_t bad = 0, bad_at = 0;
  int rc = scan_shares(sc, text, len, out, &bad, &bad_at);
  if (rc == 0) {
    for (size_t i = 0; sc->line_base > 0 && i < out->n; i++) {
      out->v[i].line += sc->line_base;
      out->v[i].end_line += sc->line_base;
    }
    return 0;
  }
  const scan_pat *sp = &sc->pats[bad];
  unsigned limit;
  const char *what = limit_name(rc, &limit);
  int line = 1, col = 1;
  size_t pos = 0;
  advance(text, &pos, &line, &col, bad_at);
  line += sc->line_base;
  if (rc == SCAN_NOT_UTF8) {
    og_diag_add(d, file, line, col,
                bad_at < len && text[bad_at] == '\0'
                    ? "NUL byte in input (scan reads text, not binary files)"
                    : "invalid UTF-8 (scan reads UTF-8 text)");
  } else if (what) {
    og_diag_add(d, sp->rule->file, sp->pat->line, sp->pat->col,
                "pattern '%s' of rule '%s' reached the PCRE2 %s (limit is "
                "%u) on the paragraph at %s:%d",
                sp->pat->id, sp->rule->id, what, limit, file, line);
  } else {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof(msg));
    og_diag_add(d, sp->rule->file, sp->pat->line, sp->pat->col,
                "pattern '%s' of rule '%s' failed on the paragraph at "
                "%s:%d: %s",
                sp->pat->id, sp->rule->id, file, line, (char *)msg);
  }
  og_scan_result_release(out);
  out->file = file;
  return -1;
}

void og_scan_result_release(og_scan_result *r) {
  for (size_t i = 0; i < r->ntexts; i++) {
    free(r->texts[i]);
  }
  free(r->texts);
  free(r->v);
  og_sections_release(&r->sections);
  memset(r, 0, sizeof(*r));
}
