/* walk.c - the walk of a share of text through the automaton: each
 * atom found advances its chains; a pattern whose chain completes becomes
 * a candidate of its paragraph, with where its matches may begin; a
 * paragraph is run (paragraph.c) once the walk is past it. A worker walks
 * several shares side by side.
 */
#define _POSIX_C_SOURCE 200809L
#include "scan_int.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"

void og_scan_state_init(scan_state *st, const og_scanner *sc) {
  memset(st, 0, sizeof(*st));
  st->sc = sc;
  st->md = pcre2_match_data_create(1, NULL);
  st->mctx = pcre2_match_context_create(NULL);
  pcre2_set_match_limit(st->mctx, OG_PCRE2_MATCH_LIMIT);
  pcre2_set_depth_limit(st->mctx, OG_PCRE2_DEPTH_LIMIT);
  st->jstack = pcre2_jit_stack_create(32 * 1024, OG_PCRE2_JIT_STACK, NULL);
  pcre2_jit_stack_assign(st->mctx, NULL, st->jstack);
  st->cstamp = og_xcalloc(sc->nchains + 1, sizeof(uint32_t));
  st->cend = og_xcalloc((sc->nchains + 1) * CHAIN_MAX, sizeof(uint32_t));
  st->pat = og_xcalloc(sc->npats + 1, sizeof(*st->pat));
  st->cand = og_xcalloc(sc->npats + 1, sizeof(size_t));
  st->look = og_xmalloc(SCAN_BLOCK * sizeof(uint32_t));
}

void og_scan_state_release(scan_state *st) {
  pcre2_match_data_free(st->md);
  pcre2_match_context_free(st->mctx);
  pcre2_jit_stack_free(st->jstack);
  free(st->cstamp);
  free(st->cend);
  free(st->pat);
  free(st->cand);
  free(st->look);
  free(st->occ);
  free(st->win);
  free(st->out.v);
  og_norm_release(&st->norm);
  og_sections_release(&st->secs);
  free(st->texts);
}

/* The normalised text of st's share at offset off (kept: off >= base). */

static void add_occurrence(scan_state *st, size_t p, size_t start,
                           int back) {
  if (st->nocc == st->capocc) {
    st->capocc = st->capocc ? st->capocc * 2 : 1024;
    st->occ = og_xrealloc(st->occ, st->capocc * sizeof(occurrence));
  }
  uint32_t i = (uint32_t)st->nocc++;
  st->occ[i] = (occurrence){(uint32_t)start, UINT32_MAX, back};
  if (st->pat[p].occ != (uint32_t)st->para) {
    st->pat[p].occ = (uint32_t)st->para;
    st->pat[p].head = i;
  } else {
    st->occ[st->pat[p].tail].next = i;
  }
  st->pat[p].tail = i;
}

/* The units (code points; a white-space run is one, counted where it
 * begins) in s[from, to) of a paragraph that begins before from, or
 * limit + 1 once there are more than limit. */
static int64_t units_between(const og_scanner *sc, const unsigned char *s,
                             size_t from, size_t to, int64_t limit) {
  int64_t n = 0;
  bool space = sc->fold[s[from - 1]] == ' ';
  for (size_t i = from; i < to && n <= limit; i++) {
    bool sp = sc->fold[s[i]] == ' ';
    n += !(sp && space) && (s[i] & 0xC0) != 0x80;
    space = sp;
  }
  return n;
}

/* Where the atom of w folded bytes that ends with the byte at i begins,
 * in the paragraph that begins at a: a folded byte is a byte, or a run of
 * white space (its first byte, or a). False when it begins before a. */
static bool atom_start(const og_scanner *sc, const unsigned char *s,
                       size_t a, size_t i, uint32_t w, size_t *start) {
  for (; w > 1; w--) {
    if (i == a) {
      return false;
    }
    i--;
    while (i > a && sc->fold[s[i]] == ' ' && sc->fold[s[i - 1]] == ' ') {
      i--;
    }
  }
  *start = i;
  return true;
}

/* Notes atom a, which begins at byte offset start of the share and ends
 * with the byte at last. A factor after the first counts when it begins
 * within its gap (in units) of where the chain so far ends: when fewer
 * bytes lie between, so do fewer units, else they are counted. */
static void mark(scan_state *st, const atom_info *ai, size_t start,
                 size_t last) {
  const og_scanner *sc = st->sc;
  const atom_hit *e = &sc->hits[ai->first];
  uint32_t para = (uint32_t)st->para;
  for (uint32_t i = 0; i < ai->count; i++, e++) {
    uint32_t c = e->chain;
    uint32_t *end = &st->cend[(size_t)c * CHAIN_MAX];
    if (start == SIZE_MAX && (e->idx == 0 || st->cstamp[c] == para)) {
      /* needed from here on: where it starts, the walk back over white
       * space runs done only now (most entries do not get this far) */
      size_t base = st->norm.base;
      if (!atom_start(sc, (const unsigned char *)st->norm.text, st->pa - base,
                      last - base, ai->width, &start)) {
        return; /* it begins before its paragraph (nothing done yet) */
      }
      start += base;
    }
    if (e->idx == 0) {
      add_occurrence(st, sc->chains[c].pat, start, sc->chains[c].back);
      if (st->cstamp[c] != para) {
        st->cstamp[c] = para;
        memset(end, 0, CHAIN_MAX * sizeof(uint32_t));
      }
    } else if (st->cstamp[c] != para) {
      continue; /* the chain has not begun in this paragraph */
    }
    const chain *ch = &sc->chains[c];
    size_t p = ch->pat;
    if (st->pat[p].cand == para) {
      continue; /* already a candidate */
    }
    if (e->idx > 0) {
      uint32_t prev = end[e->idx - 1];
      if (prev == 0) {
        continue; /* the factors before it are not all seen yet */
      }
      /* the bytes between where the chain so far ends and the atom (< 0:
       * they overlap; an earlier occurrence may do: go on) */
      int64_t d = (int64_t)start - prev;
      int gap = ch->gap[e->idx];
      if (d > gap &&
          units_between(sc, (const unsigned char *)st->norm.text,
                        prev - st->norm.base, start - st->norm.base,
                        gap) > gap) {
        continue; /* too far from the rest of the chain */
      }
    }
    end[e->idx] = (uint32_t)last + 1;
    if (e->final) {
      st->pat[p].cand = para;
      st->cand[st->ncand++] = p;
    }
  }
}


/* The first paragraph boundary at or after off: *end is where the
 * paragraph ends (its last '\n'), the result where the next one begins
 * (after the blank line). Without one, both are len. */
size_t og_next_paragraph(const char *s, size_t len, size_t off,
                         size_t *end) {
  const char *p = s + off, *e = s + len;
  while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
    const char *q = p + 1;
    while (q < e && (*q == ' ' || *q == '\t' || *q == '\r')) {
      q++;
    }
    if (q < e && *q == '\n') {
      *end = (size_t)(p - s);
      return (size_t)(q + 1 - s);
    }
    p = q;
  }
  *end = len;
  return len;
}

/* Runs the automaton over s[i, lim) (at most SCAN_BLOCK bytes) from
 * *state, listing with no branch the places where atoms end:
 * look[j] is state << 16 | offset from i. Returns how many. shift is
 * d->cshift, a constant where inlined. */
static inline size_t dfa_loop(const dfa *d, const unsigned char *s,
                              size_t i, size_t lim, uint32_t *state,
                              uint32_t *look, const int shift) {
  const uint16_t *next = d->next;
  const uint8_t *cls = d->cls;
  const uint32_t out_first = d->out_first;
  uint32_t st = *state;
  size_t nl = 0, n = lim - i;
  s += i;
  for (size_t j = 0; j < n; j++) {
    st = next[st << shift | cls[s[j]]];
    look[nl] = st << 16 | (uint32_t)j;
    nl += st >= out_first;
  }
  *state = st;
  return nl;
}

/* GROUP texts read side by side, n bytes each (from offset 0 of each,
 * every look list filled from its nl): the automaton waits on memory a
 * byte at a time, and independent walks wait together. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline void dfa_loop_group(const dfa *d, const unsigned char *const *s,
                                  uint32_t *state, uint32_t *const *look,
                                  size_t *nl, size_t n, const int shift) {
  const uint16_t *next = d->next;
  const uint8_t *cls = d->cls;
  const uint32_t out_first = d->out_first;
  const unsigned char *s0 = s[0], *s1 = s[1], *s2 = s[2], *s3 = s[3];
  uint32_t *l0 = look[0] + nl[0], *l1 = look[1] + nl[1],
           *l2 = look[2] + nl[2], *l3 = look[3] + nl[3];
  uint32_t x0 = state[0], x1 = state[1], x2 = state[2], x3 = state[3];
  for (size_t j = 0; j < n; j++) {
    x0 = next[x0 << shift | cls[s0[j]]];
    x1 = next[x1 << shift | cls[s1[j]]];
    x2 = next[x2 << shift | cls[s2[j]]];
    x3 = next[x3 << shift | cls[s3[j]]];
    *l0 = x0 << 16 | (uint32_t)j;
    *l1 = x1 << 16 | (uint32_t)j;
    *l2 = x2 << 16 | (uint32_t)j;
    *l3 = x3 << 16 | (uint32_t)j;
    l0 += x0 >= out_first;
    l1 += x1 >= out_first;
    l2 += x2 >= out_first;
    l3 += x3 >= out_first;
  }
  state[0] = x0;
  state[1] = x1;
  state[2] = x2;
  state[3] = x3;
  nl[0] = (size_t)(l0 - look[0]);
  nl[1] = (size_t)(l1 - look[1]);
  nl[2] = (size_t)(l2 - look[2]);
  nl[3] = (size_t)(l3 - look[3]);
}

/* The bytes [from, n) of share st (at s), alone, after the ones read
 * side by side: their places go after the *nl listed, as offsets from
 * st->pos. */
static void dfa_rest(const dfa *d, const unsigned char *s, size_t from,
                     size_t n, scan_state *st, size_t *nl) {
  if (n <= from) {
    return;
  }
  uint32_t *look = st->look + *nl;
  size_t m = d->cshift == 6
                 ? dfa_loop(d, s, from, n, &st->dstate, look, 6)
                 : dfa_loop(d, s, from, n, &st->dstate, look, d->cshift);
  for (size_t j = 0; j < m; j++) {
    look[j] += (uint32_t)from;
  }
  *nl += m;
}

/* The next n[i] bytes of share g[i] (0 for one that is done) into its look
 * list; nl[i] says how many places each lists. With more than one share
 * left, they are read side by side (a done one reads a block of zeros
 * into a list of the worker's that nobody reads), as far as the shortest
 * goes, then each alone. The shift is a constant for the usual number of
 * classes. Kept apart from the rest so that its variables stay in
 * registers. */
static const unsigned char zero_block[SCAN_BLOCK];
NOINLINE static void dfa_blocks(const dfa *d, scan_state *const *g,
                                const size_t *n, size_t *nl,
                                uint32_t *spare) {
  const unsigned char *s[GROUP];
  uint32_t state[GROUP];
  uint32_t *look[GROUP];
  size_t both = SCAN_BLOCK;
  int left = 0;
  for (int i = 0; i < GROUP; i++) {
    nl[i] = 0;
    s[i] = zero_block;
    state[i] = 0;
    look[i] = spare;
    if (n[i] > 0) {
      s[i] = (const unsigned char *)ntext(g[i], g[i]->pos);
      state[i] = g[i]->dstate;
      look[i] = g[i]->look;
      both = n[i] < both ? n[i] : both;
      left++;
    }
  }
  if (left < 2) {
    both = 0; /* one share left: alone */
  } else if (d->cshift == 6) {
    dfa_loop_group(d, s, state, look, nl, both, 6);
  } else {
    dfa_loop_group(d, s, state, look, nl, both, d->cshift);
  }
  for (int i = 0; i < GROUP; i++) {
    if (n[i] > 0) {
      g[i]->dstate = state[i];
      dfa_rest(d, s[i], both, n[i], g[i], &nl[i]);
    }
  }
}

/* ---- the walk through a share ----------------------------------------------
 * A share is normalised a part (sc->part source bytes) at a time, as
 * the automaton goes, into a buffer that keeps the text from the current
 * paragraph on (the matches' words are copied as they are found). Where
 * a paragraph ends is known once a blank line, or the end of the source,
 * is normalised. (A part may end in a line break and white space that
 * the next part shows to be a blank line: an atom the automaton found
 * there counts for the paragraph before it. That can only make a pattern
 * run where it finds nothing new: a match begins in a window in any
 * case.) */
#define UNKNOWN SIZE_MAX /* pend and pnext: the paragraph goes on */

static bool all_normalised(const scan_state *st) {
  return st->norm.in >= st->norm.srclen;
}

/* Where the paragraph at pa ends and the next begins, when the text so
 * far says it (else both UNKNOWN). */
static void locate(scan_state *st) {
  size_t left = st->norm.len - st->pa, end;
  size_t next = og_next_paragraph(ntext(st, st->pa), left, 0, &end);
  if (end == left && !all_normalised(st)) {
    st->pend = st->pnext = UNKNOWN;
  } else {
    st->pend = st->pa + end;
    st->pnext = st->pa + next;
  }
}

/* Checks that the source after what is normalised is UTF-8 text too (a
 * share stopped by an error reports bad input first, as when it is all
 * checked before the scan). */
static void check_rest(scan_state *st) {
  const unsigned char *s = (const unsigned char *)st->norm.src;
  size_t i = st->norm.in, len = st->norm.srclen;
  while ((i = og_plain_run(s, i, len)) < len) {
    size_t clen = s[i] == '-' ? 1 : og_utf8_char(s + i, len - i);
    if (clen == 0) {
      st->invalid = true;
      st->bad_at = st->obase + i;
      return;
    }
    i += clen;
  }
}

/* Normalises the next part of the share, first dropping the text before
 * the paragraph and the automaton's place when the buffer is full. Done,
 * and invalid, when the part is not UTF-8 text. */
static void refill(scan_state *st) {
  og_norm *n = &st->norm;
  size_t part = st->sc->part;
  size_t until = n->srclen - n->in > part ? n->in + part : n->srclen;
  size_t keep = st->pa < st->pos ? st->pa : st->pos;
  if (n->len - n->base + (until - n->in) + 32 > n->cap && keep > n->base) {
    og_norm_drop(n, keep);
  }
  size_t bad;
  if (!og_norm_more(n, until, &bad)) {
    st->invalid = true;
    st->bad_at = st->obase + bad;
    st->done = true;
    return;
  }
  if (st->pend == UNKNOWN) {
    locate(st);
  }
}

/* Runs the paragraph [pa, pend) and moves to the next one; done after
 * the last, or on an error (st->rc). */
static void finish_paragraph(scan_state *st) {
  if (og_scan_paragraph(st, st->pa, st->pend) != 0) {
    st->bad_at = st->obase + og_norm_orig(&st->norm, st->bad_at);
    st->done = true;
    check_rest(st);
    return;
  }
  if (st->pend == st->norm.len && all_normalised(st)) {
    st->done = true;
    return;
  }
  st->pa = st->pnext;
  locate(st);
}

/* Notes the atoms of the nl places the automaton listed for the n bytes
 * from st->pos, paragraph by paragraph: the automaton reads across
 * paragraphs, so a place in the blank lines between two, or an atom that
 * begins before its paragraph, is left out (each paragraph is scanned as
 * if alone). Then runs every paragraph those bytes complete. */
static void feed(scan_state *st, size_t nl, size_t n) {
  const og_scanner *sc = st->sc;
  const dfa *d = &sc->dfa;
  for (size_t j = 0; j < nl && !st->done; j++) {
    size_t at = st->pos + (st->look[j] & 0xFFFF);
    while (at >= st->pend && !st->done) {
      finish_paragraph(st);
    }
    if (at < st->pa || st->done) {
      continue;
    }
    uint32_t o = (st->look[j] >> 16) - d->out_first;
    const uint32_t *range = &d->orange[2 * (size_t)o];
    const atom_info *out = &d->out[range[0]];
    for (uint32_t x = 0; x < range[1]; x++) {
      const atom_info *ai = &out[x];
      /* where it begins (an atom with a space may stand for a longer
       * white space run, and begin earlier: mark finds out) */
      if (at + 1 >= st->pa + ai->width) {
        mark(st, ai, ai->spaced ? SIZE_MAX : at + 1 - ai->width, at);
      }
    }
  }
  st->pos += n;
  while (!st->done && st->pend <= st->pos) {
    finish_paragraph(st);
  }
}

/* Finds st's headings and sets the walk at its first paragraph, the
 * first part normalised. */
static void start_share(scan_state *st) {
  og_sections_find_with(&st->secs, st->sc->heading, st->orig + st->obase,
                st->oend - st->obase);
  og_norm_begin(&st->norm, st->orig + st->obase, st->oend - st->obase);
  st->para = 1;
  st->pa = st->pos = 0;
  st->pend = st->pnext = UNKNOWN;
  refill(st);
}

/* One worker: its group of shares (st->group of them from st). Each is
 * checked, normalised and scanned a paragraph at a time; with the
 * prefilter, the automaton reads them side by side, a block at a time,
 * and each paragraph runs once the automaton has read past it. Each
 * share's rc says how it ended. */
void *og_scan_share(void *arg) {
  scan_state *first = arg;
  int ng = first->group > 0 ? first->group : 1;
  scan_state none = {0};
  none.done = true;
  scan_state *g[GROUP];
  for (int i = 0; i < GROUP; i++) {
    g[i] = i < ng ? &first[i] : &none;
    if (i < ng) {
      start_share(g[i]);
    }
  }
  const dfa *d = &first->sc->dfa;
  if (!first->sc->prefilter || d->orange == NULL) {
    for (int i = 0; i < ng; i++) {
      scan_state *st = g[i];
      while (!st->done) {
        st->pos = st->pa; /* (what refill keeps) */
        if (st->pend == UNKNOWN) {
          refill(st);
        } else {
          finish_paragraph(st);
        }
      }
    }
    return NULL;
  }
  uint32_t *spare = og_xmalloc(SCAN_BLOCK * sizeof(uint32_t));
  for (;;) {
    size_t n[GROUP], nl[GROUP];
    bool more = false;
    for (int i = 0; i < GROUP; i++) {
      scan_state *st = g[i];
      if (!st->done && st->norm.len - st->pos < SCAN_BLOCK &&
          !all_normalised(st)) {
        refill(st);
      }
      n[i] = st->done ? 0 : st->norm.len - st->pos;
      n[i] = n[i] > SCAN_BLOCK ? SCAN_BLOCK : n[i];
      more = more || !st->done;
    }
    if (!more) {
      break;
    }
    dfa_blocks(d, g, n, nl, spare);
    for (int i = 0; i < ng; i++) {
      if (!g[i]->done) {
        feed(g[i], nl[i], n[i]);
      }
    }
  }
  free(spare);
  return NULL;
}
