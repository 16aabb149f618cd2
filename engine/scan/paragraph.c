/* paragraph.c - the PCRE2 driver: a paragraph's candidates run,
 * JIT-compiled, only in the windows where their matches may begin, and
 * their matches are kept with their words, in order.
 */
#define _POSIX_C_SOURCE 200809L
#include "scan_int.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"

static int cmp_raw(const void *a, const void *b) {
  const raw_match *x = a, *y = b;
  if (x->start != y->start) {
    return x->start < y->start ? -1 : 1;
  }
  return x->pat < y->pat ? -1 : x->pat > y->pat;
}

/* Sorts a paragraph's matches (a few, most often) by start, then pattern:
 * the paragraphs come in order, so a share's matches are then sorted. */
static void sort_matches(raw_match *v, size_t n) {
  if (n > 16) {
    qsort(v, n, sizeof(raw_match), cmp_raw);
    return;
  }
  for (size_t i = 1; i < n; i++) {
    raw_match m = v[i];
    size_t j = i;
    for (; j > 0 && cmp_raw(&v[j - 1], &m) > 0; j--) {
      v[j] = v[j - 1];
    }
    v[j] = m;
  }
}

/* Copies s[0, n) to out with white space runs as one space, trimmed;
 * returns the bytes written, the NUL after them not counted. */
static size_t collapse(const char *s, size_t n, char *out) {
  size_t o = 0;
  bool space = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || (c >= '\t' && c <= '\r')) { /* as the prefilter folds */
      space = true;
      continue;
    }
    if (space && o > 0) {
      out[o++] = ' ';
    }
    space = false;
    out[o++] = c;
  }
  out[o] = '\0';
  return o;
}

/* Runs pattern k over one paragraph, looking for matches that begin in
 * the windows w[0..nw), sorted and apart (every match when w is NULL).
 * Returns 0, or the PCRE2 error. */
static int run_pattern(scan_state *st, size_t k, const char *para,
                       size_t plen, size_t base, const window *w, size_t nw) {
  const og_scanner *sc = st->sc;
  pcre2_code *re = sc->pats[k].pat->re;
  bool jit = sc->jit[k] & 1;
  window all = {0, plen};
  if (w == NULL || sc->limited[k] == NULL) {
    w = &all;
    nw = 1;
  } else {
    re = sc->limited[k];
    jit = sc->jit[k] & 2;
  }
  raw_list *out = &st->out;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(st->md);
  size_t off = 0; /* a match begins at or after the end of the one before */
  /* a pattern compiled without PCRE2_USE_OFFSET_LIMIT must not meet the
   * limit of the last window (pcre2_match would refuse to run it) */
  pcre2_set_offset_limit(st->mctx, PCRE2_UNSET);
  for (size_t i = 0; i < nw; i++) {
    if (w != &all) {
      pcre2_set_offset_limit(st->mctx, w[i].to);
    }
    off = off > w[i].from ? off : w[i].from;
    while (off <= w[i].to && off <= plen) {
      int rc = jit ? pcre2_jit_match(re, (PCRE2_SPTR)para, plen, off,
                                     PCRE2_NO_UTF_CHECK, st->md, st->mctx)
                   : pcre2_match(re, (PCRE2_SPTR)para, plen, off,
                                 PCRE2_NO_UTF_CHECK, st->md, st->mctx);
      if (rc == PCRE2_ERROR_NOMATCH) {
        break;
      }
      if (rc < 0) {
        return rc;
      }
      size_t s = ov[0], e = ov[1];
      if (e > s) {
        if (out->n == out->cap) {
          out->cap = out->cap ? out->cap * 2 : 256;
          out->v = og_xrealloc(out->v, out->cap * sizeof(raw_match));
        }
        if (st->ntexts + (e - s) + 1 > st->captexts) {
          size_t cap = st->captexts ? st->captexts * 2 : 4096;
          st->captexts = cap > st->ntexts + (e - s) + 1
                             ? cap
                             : st->ntexts + (e - s) + 1;
          st->texts = og_xrealloc(st->texts, st->captexts);
        }
        out->v[out->n++] = (raw_match){base + s, base + e, k, st->ntexts};
        st->ntexts += collapse(para + s, e - s, st->texts + st->ntexts) + 1;
        off = e;
      } else {
        off = e + 1;
        while (off < plen && ((unsigned char)para[off] & 0xC0) == 0x80) {
          off++;
        }
      }
    }
  }
  return 0;
}

/* The offset back units before pos in a paragraph: a unit is a code
 * point, or a run of white space. */
static size_t walk_back(const og_scanner *sc, const char *p, size_t pos,
                        int back) {
  if (back >= UNBOUNDED) {
    return 0;
  }
  for (; back > 0 && pos > 0; back--) {
    pos--;
    if (sc->fold[(unsigned char)p[pos]] == ' ') {
      while (pos > 0 && sc->fold[(unsigned char)p[pos - 1]] == ' ') {
        pos--;
      }
    } else {
      while (pos > 0 && ((unsigned char)p[pos] & 0xC0) == 0x80) {
        pos--;
      }
    }
  }
  return pos;
}

static int cmp_window(const void *a, const void *b) {
  const window *x = a, *y = b;
  return x->from < y->from ? -1 : x->from > y->from;
}

/* The windows of candidate k in the paragraph at offset a of the share:
 * a match contains an atom of a chain's first factor, at most back units
 * after the match begins. Returns how many, sorted and merged. */
static size_t windows(scan_state *st, size_t k, size_t a) {
  const char *para = ntext(st, a);
  size_t n = 0;
  bool sorted = true;
  for (uint32_t i = st->pat[k].head;; i = st->occ[i].next) {
    const occurrence *o = &st->occ[i];
    if (n == st->capwin) {
      st->capwin = st->capwin ? st->capwin * 2 : 64;
      st->win = og_xrealloc(st->win, st->capwin * sizeof(window));
    }
    window *w = &st->win[n++];
    w->to = o->start - a;
    w->from = walk_back(st->sc, para, w->to, o->back);
    sorted = sorted && (n == 1 || w[-1].from <= w->from);
    if (i == st->pat[k].tail) {
      break;
    }
  }
  if (!sorted) {
    qsort(st->win, n, sizeof(window), cmp_window);
  }
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m > 0 && st->win[i].from <= st->win[m - 1].to + 1) {
      if (st->win[i].to > st->win[m - 1].to) {
        st->win[m - 1].to = st->win[i].to;
      }
    } else {
      st->win[m++] = st->win[i];
    }
  }
  return m;
}

/* Runs the paragraph's candidates (every pattern when the prefilter is
 * off) and the patterns without atoms on text[a, b) of the share. */
int og_scan_paragraph(scan_state *st, size_t a, size_t b) {
  const og_scanner *sc = st->sc;
  if (!sc->prefilter) {
    st->ncand = 0;
    for (size_t k = 0; k < sc->npats; k++) {
      if (sc->filtered[k]) {
        st->cand[st->ncand++] = k;
      }
    }
  }
  size_t first = st->out.n; /* the paragraph's matches, sorted below */
  for (size_t i = 0; i < st->ncand + sc->nalways; i++) {
    size_t k = i < st->ncand ? st->cand[i] : sc->always[i - st->ncand];
    size_t nw = 0;
    if (sc->prefilter && i < st->ncand) {
      nw = windows(st, k, a);
    }
    int rc = run_pattern(st, k, ntext(st, a), b - a, a,
                         nw ? st->win : NULL, nw);
    if (rc != 0) {
      st->rc = rc;
      st->bad = k;
      st->bad_at = a;
      return rc;
    }
  }
  if (st->out.n > first) {
    sort_matches(st->out.v + first, st->out.n - first);
  }
  st->ncand = 0;
  st->nocc = 0;
  st->para++;
  return 0;
}
