/* prepare.c - a scanner for a rule set, built once: each pattern's chains
 * of atoms, the automaton that finds every atom in one pass, the patterns
 * compiled with an offset limit and JIT-compiled; and the scanner's
 * settings (scan.h, og_scanner_*).
 */
#define _POSIX_C_SOURCE 200809L
#include "scan_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"

/* by atom (width, then bytes), then chain, then factor from the last:
 * one occurrence of an atom that two factors of a chain share never
 * counts for both */
static int atom_cmp(const void *a, const void *b) {
  const atom_entry *x = a, *y = b;
  size_t wx = strlen(x->s), wy = strlen(y->s);
  if (wx != wy) {
    return wx < wy ? -1 : 1;
  }
  int c = strcmp(x->s, y->s);
  if (c != 0) {
    return c;
  }
  if (x->chain != y->chain) {
    return x->chain < y->chain ? -1 : 1;
  }
  return x->idx > y->idx ? -1 : x->idx < y->idx;
}

static void add_atom(og_scanner *sc, const char *s, uint32_t ch,
                     uint8_t idx) {
  if (sc->nents == sc->capents) {
    sc->capents = sc->capents ? sc->capents * 2 : 256;
    sc->ents = og_xrealloc(sc->ents, sc->capents * sizeof(atom_entry));
  }
  atom_entry *e = &sc->ents[sc->nents++];
  memset(e, 0, sizeof(*e));
  memcpy(e->s, s, strlen(s));
  e->chain = ch;
  e->idx = idx;
}

/* Registers the chain of one top-level branch: its CHAIN_MAX rarest
 * factors, in the branch's order, with the gaps between them; of factors
 * scored under FACTOR_MIN_SCORE ("the", " of ", " or "), only one when
 * the branch has nothing rarer. */
#define FACTOR_MIN_SCORE (4 * 16)
static void add_chain(og_scanner *sc, size_t k, const factors *br) {
  bool take[FACTORS_MAX] = {false};
  for (int round = 0; round < CHAIN_MAX && round < br->n; round++) {
    int best = -1;
    for (int i = 0; i < br->n; i++) {
      if (!take[i] && (best < 0 || og_atomset_better(&br->f[i], &br->f[best]))) {
        best = i;
      }
    }
    if (round > 0 && br->f[best].score < FACTOR_MIN_SCORE) {
      break; /* a common word costs more lookups than it saves runs */
    }
    take[best] = true;
  }
  if (sc->nchains == sc->capchains) {
    sc->capchains = sc->capchains ? sc->capchains * 2 : 64;
    sc->chains = og_xrealloc(sc->chains, sc->capchains * sizeof(chain));
  }
  uint32_t id = (uint32_t)sc->nchains++;
  chain *c = &sc->chains[id];
  memset(c, 0, sizeof(*c));
  c->pat = k;
  const atomset *prev = NULL;
  for (int i = 0; i < br->n; i++) {
    if (!take[i]) {
      continue;
    }
    const atomset *f = &br->f[i];
    int gap = UNBOUNDED;
    if (prev && f->maxstart < UNBOUNDED) {
      gap = f->maxstart - prev->minend;
      gap = gap < 0 ? 0 : gap;
    }
    c->gap[c->n] = gap;
    if (c->n == 0) {
      c->back = f->maxstart;
    }
    for (int a = 0; a < f->n; a++) {
      add_atom(sc, f->s[a], id, (uint8_t)c->n);
    }
    c->n++;
    prev = f;
  }
}

/* The prefilter of pattern k: a chain per top-level branch. False when
 * some branch has no factor or the walk met a construct it does not
 * model (the pattern then runs on every paragraph). */
static bool prepare_atoms(og_scanner *sc, size_t k, const char *regex) {
  factors br[8];
  int nb = og_atoms_branches(regex, br, 8);
  if (nb < 0) {
    return false;
  }
  for (int b = 0; b < nb; b++) {
    add_chain(sc, k, &br[b]);
  }
  sc->filtered[k] = true;
  return true;
}

/* Sorts the entries into distinct atoms, each with its run of hits. */
static void index_atoms(og_scanner *sc) {
  if (sc->nents > 1) {
    qsort(sc->ents, sc->nents, sizeof(atom_entry), atom_cmp);
  }
  sc->hits = og_xcalloc(sc->nents + 1, sizeof(atom_hit));
  sc->atoms = og_xcalloc(sc->nents + 1, sizeof(atom_info));
  for (size_t j = 0; j < sc->nents; j++) {
    const atom_entry *e = &sc->ents[j];
    const chain *c = &sc->chains[e->chain];
    sc->hits[j] = (atom_hit){e->chain, e->idx, e->idx == c->n - 1};
    if (j == 0 || strcmp(e->s, sc->ents[j - 1].s) != 0) {
      sc->atoms[sc->natoms++] =
          (atom_info){(uint32_t)j, 0, (uint8_t)strlen(e->s),
                      strchr(e->s, ' ') != NULL};
    }
    sc->atoms[sc->natoms - 1].count++;
  }
}

/* The trie of the atoms (and of " ", so that a space always leads to a
 * state that ends with one) as goto edges in next[] (0: none; the root is
 * no one's child); end[s]: 1 + the atom that ends at s, or 0. False when
 * it needs more than DFA_STATES_MAX states. */
static bool build_trie(og_scanner *sc, dfa *d, uint32_t *end,
                       uint8_t *last) {
  d->nstates = 1;
  for (size_t a = 0; a <= sc->natoms; a++) {
    const char *s = a < sc->natoms ? sc->ents[sc->atoms[a].first].s : " ";
    uint32_t st = 0;
    for (; *s; s++) {
      uint16_t *e = &d->next[st << d->cshift | d->cls[(unsigned char)*s]];
      if (*e == 0) {
        if (d->nstates == DFA_STATES_MAX) {
          return false;
        }
        last[d->nstates] = d->cls[(unsigned char)*s];
        *e = (uint16_t)d->nstates++;
      }
      st = *e;
    }
    if (a < sc->natoms) {
      end[st] = (uint32_t)a + 1;
    }
  }
  return true;
}

/* Builds the automaton of sc's atoms. False when there are too many. */
static bool build_dfa(og_scanner *sc) {
  dfa *d = &sc->dfa;
  /* classes: one per folded byte some atom holds, the space always */
  bool used[256] = {false};
  used[' '] = true;
  for (size_t j = 0; j < sc->nents; j++) {
    for (const char *p = sc->ents[j].s; *p; p++) {
      used[(unsigned char)*p] = true;
    }
  }
  uint8_t id[256] = {0};
  int nc = 1;
  for (int c = 1; c < 256; c++) {
    id[c] = used[c] ? (uint8_t)nc++ : 0;
  }
  for (int c = 0; c < 256; c++) {
    d->cls[c] = id[sc->fold[c]];
  }
  d->space = id[' '];
  /* rows of 64 classes (the walk's shift is then a constant: letters,
   * space, digits and some punctuation fit), else of 256 */
  d->cshift = nc <= 64 ? 6 : 8;
  size_t width = (size_t)1 << d->cshift;
  d->next = og_xcalloc((size_t)(DFA_STATES_MAX + 1) * width, sizeof(uint16_t));
  uint32_t *end = og_xcalloc(DFA_STATES_MAX + 1, sizeof(uint32_t));
  uint8_t *last = og_xcalloc(DFA_STATES_MAX + 1, 1);
  uint32_t *fail = og_xcalloc(DFA_STATES_MAX + 1, sizeof(uint32_t));
  uint32_t *queue = og_xcalloc(DFA_STATES_MAX + 1, sizeof(uint32_t));
  uint32_t *nout = og_xcalloc(DFA_STATES_MAX + 1, sizeof(uint32_t));
  bool ok = build_trie(sc, d, end, last);
  uint32_t n = d->nstates;
  /* breadth first: failure links, missing edges, output counts */
  size_t head = 0, tail = 0;
  for (size_t c = 0; ok && c < width; c++) {
    if (d->next[c]) {
      queue[tail++] = d->next[c];
    }
  }
  while (ok && head < tail) {
    uint32_t s = queue[head++];
    nout[s] = (end[s] != 0) + nout[fail[s]];
    for (size_t c = 0; c < width; c++) {
      uint16_t *e = &d->next[(size_t)s << d->cshift | c];
      uint16_t via = d->next[(size_t)fail[s] << d->cshift | c];
      if (*e) {
        fail[*e] = via;
        queue[tail++] = *e;
      } else {
        *e = via;
      }
    }
  }
  /* A further space leaves a state entered by a space where it is; from
   * one that ends atoms it goes to a copy that ends none (the atoms end
   * once, at the run's first space). */
  for (uint32_t s = 1; ok && s < n; s++) {
    size_t sp = (size_t)s << d->cshift | d->space;
    if (last[s] != d->space) {
      continue;
    }
    if (nout[s] == 0) {
      d->next[sp] = (uint16_t)s;
    } else if (d->nstates == DFA_STATES_MAX) {
      ok = false;
    } else {
      uint32_t copy = d->nstates++;
      memcpy(&d->next[(size_t)copy << d->cshift],
             &d->next[(size_t)s << d->cshift], width * sizeof(uint16_t));
      d->next[(size_t)copy << d->cshift | d->space] = (uint16_t)copy;
      d->next[sp] = (uint16_t)copy;
      last[copy] = d->space;
    }
  }
  n = d->nstates;
  if (ok) {
    /* renumber: the states that end atoms last; their output lists */
    uint32_t *to = queue; /* the BFS order is not needed any more */
    uint32_t k = 0, total = 0;
    for (uint32_t s = 0; s < n; s++) {
      if (nout[s] == 0) {
        to[s] = k++;
      }
    }
    d->out_first = k;
    for (uint32_t s = 0; s < n; s++) {
      if (nout[s] != 0) {
        to[s] = k++;
        total += nout[s];
      }
    }
    uint16_t *next = og_xcalloc((size_t)n * width, sizeof(uint16_t));
    for (uint32_t s = 0; s < n; s++) {
      for (size_t c = 0; c < width; c++) {
        next[(size_t)to[s] << d->cshift | c] =
            (uint16_t)to[d->next[(size_t)s << d->cshift | c]];
      }
    }
    free(d->next);
    d->next = next;
    d->orange =
        og_xcalloc(2 * (size_t)(n - d->out_first + 1), sizeof(uint32_t));
    d->out = og_xcalloc(total + 1, sizeof(atom_info));
    uint32_t o = 0;
    for (uint32_t s = 0; s < n; s++) {
      if (nout[s] == 0) {
        continue;
      }
      uint32_t i = to[s] - d->out_first;
      d->orange[2 * i] = o;
      for (uint32_t x = s; x != 0; x = fail[x]) { /* the longest first */
        if (end[x]) {
          d->out[o++] = sc->atoms[end[x] - 1];
        }
      }
      d->orange[2 * i + 1] = o - d->orange[2 * i];
    }
  }
  free(end);
  free(last);
  free(fail);
  free(queue);
  free(nout);
  return ok;
}

/* JIT-compiles pattern k as written: what runs on a whole paragraph.
 * Without JIT (an unsupported CPU) pcre2_jit_match is not used. */
static void jit_whole(og_scanner *sc, size_t k) {
  if (!(sc->jit[k] & 1) &&
      pcre2_jit_compile(sc->pats[k].pat->re, PCRE2_JIT_COMPLETE) == 0) {
    sc->jit[k] |= 1;
  }
}

/* Pattern after pattern, claimed in turn: JIT-compiles the code that
 * will run, on windows (a prefiltered pattern) or on whole paragraphs.
 * Two threads may do this at once: each code is compiled by one of
 * them. */
typedef struct jit_job {
  og_scanner *sc;
  atomic_size_t next;
} jit_job;

static void *jit_patterns(void *arg) {
  jit_job *job = arg;
  og_scanner *sc = job->sc;
  size_t k;
  while ((k = atomic_fetch_add(&job->next, 1)) < sc->npats) {
    pcre2_code *lim = sc->limited[k];
    if (!sc->prefilter || !sc->filtered[k] || lim == NULL) {
      jit_whole(sc, k);
    } else if (!(sc->jit[k] & 2) &&
               pcre2_jit_compile(lim, PCRE2_JIT_COMPLETE) == 0) {
      sc->jit[k] |= lim == sc->pats[k].pat->re ? 3 : 2;
    }
  }
  return NULL;
}

/* JIT-compiles what the next scan runs, once (it is most of a scanner's
 * start-up): with more than one thread allowed, a helper takes half. */
void og_scanner_jit(og_scanner *sc) {
  if (sc->jitted) {
    return;
  }
  jit_job job;
  job.sc = sc;
  atomic_init(&job.next, 0);
  pthread_t helper;
  bool helped = sc->threads > 1 && sc->npats >= 64 &&
                pthread_create(&helper, NULL, jit_patterns, &job) == 0;
  jit_patterns(&job);
  if (helped) {
    pthread_join(helper, NULL);
  }
  sc->jitted = true;
}

og_scanner *og_scanner_new(og_ruleset *rs) {
  og_scanner *sc = og_xcalloc(1, sizeof(*sc));
  for (size_t i = 0; i < rs->nrules; i++) {
    sc->npats += rs->rules[i].npatterns;
  }
  sc->pats = og_xcalloc(sc->npats + 1, sizeof(scan_pat));
  sc->always = og_xcalloc(sc->npats + 1, sizeof(size_t));
  sc->filtered = og_xcalloc(sc->npats + 1, sizeof(bool));
  sc->limited = og_xcalloc(sc->npats + 1, sizeof(pcre2_code *));
  sc->jit = og_xcalloc(sc->npats + 1, 1);
  for (int c = 0; c < 256; c++) {
    sc->fold[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  sc->fold['\t'] = sc->fold['\n'] = sc->fold['\v'] = ' ';
  sc->fold['\f'] = sc->fold['\r'] = ' ';
  sc->threads = 1;
  sc->part = SCAN_PART;
  size_t k = 0;
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_rule *r = &rs->rules[i];
    for (size_t j = 0; j < r->npatterns; j++, k++) {
      const og_pattern *p = &r->patterns[j];
      sc->pats[k] = (scan_pat){r, p};
      if (!prepare_atoms(sc, k, p->regex)) {
        sc->always[sc->nalways++] = k;
      }
      uint32_t opts = 0;
      int err;
      PCRE2_SIZE eoff;
      if (sc->filtered[k] &&
          pcre2_pattern_info(p->re, PCRE2_INFO_ARGOPTIONS, &opts) == 0) {
        /* the rule loader's code allows an offset limit: it serves */
        sc->limited[k] =
            opts & PCRE2_USE_OFFSET_LIMIT
                ? p->re
                : pcre2_compile((PCRE2_SPTR)p->regex, PCRE2_ZERO_TERMINATED,
                                opts | PCRE2_USE_OFFSET_LIMIT, &err, &eoff,
                                NULL);
      }
    }
  }
  index_atoms(sc);
  bool built = build_dfa(sc);
  /* the entries and the atoms' table live on in hits and the automaton */
  free(sc->ents);
  free(sc->atoms);
  sc->ents = NULL;
  sc->atoms = NULL;
  if (!built) {
    /* too many atoms for the automaton: every pattern runs everywhere */
    sc->nalways = 0;
    for (size_t j = 0; j < sc->npats; j++) {
      sc->filtered[j] = false;
      sc->always[sc->nalways++] = j;
    }
  }
  sc->heading = og_heading_regex();
  sc->prefilter = true;
  return sc;
}

void og_scanner_free(og_scanner *sc) {
  if (sc == NULL) {
    return;
  }
  for (size_t k = 0; k < sc->npats; k++) {
    if (sc->limited[k] != sc->pats[k].pat->re) { /* that one is the rules' */
      pcre2_code_free(sc->limited[k]);
    }
  }
  free(sc->pats);
  free(sc->hits);
  free(sc->dfa.next);
  free(sc->dfa.orange);
  free(sc->dfa.out);
  free(sc->chains);
  free(sc->always);
  free(sc->filtered);
  free(sc->limited);
  free(sc->jit);
  pcre2_code_free(sc->heading);
  free(sc);
}

size_t og_scanner_unfiltered(const og_scanner *sc) { return sc->nalways; }

/* With the prefilter, a pattern that has a limited copy runs only in
 * windows, so the whole pattern is JIT-compiled only when it is off. */
void og_scanner_set_prefilter(og_scanner *sc, bool on) {
  sc->prefilter = on;
  sc->jitted = false; /* other code may run now */
}

void og_scanner_set_line_base(og_scanner *sc, int lines_before) {
  sc->line_base = lines_before > 0 ? lines_before : 0;
}

void og_scanner_set_part(og_scanner *sc, size_t bytes) {
  sc->part = bytes > 0 ? bytes : 1;
}

void og_scanner_set_threads(og_scanner *sc, int n) {
  sc->threads = n < 1 ? 1 : n > OG_MAX_SCAN_THREADS ? OG_MAX_SCAN_THREADS : n;
}
