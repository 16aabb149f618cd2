/* scan_int.h - the stages of the scanner and what they share (scan.h is
 * what the rest of opgap sees).
 *
 * A scan runs these stages, one file each:
 *   normalise.c  text -> normalised text with an offset map (og_norm): curly
 *                quotes, Unicode white space, soft hyphens, words hyphenated
 *                at a line end; checks UTF-8 as it goes
 *   sections.c   the headings a match is reported under (og_sections): the
 *                one place to teach opgap a language's section headings
 *   atoms.c      reads a pattern's syntax for the literals ("atoms") every
 *                match of each top-level branch must hold (og_atoms_branches)
 *   prepare.c    builds the scanner once per rule set: each pattern's chains
 *                of atoms, the automaton that finds every atom in one pass
 *                (Aho-Corasick as a DFA), the JIT-compiled patterns
 *   walk.c       walks a share of the text through the automaton, paragraph
 *                by paragraph, marking the patterns whose chains complete
 *                (candidates) and where their matches may begin
 *   paragraph.c  runs each candidate, with PCRE2, only where a match may
 *                begin, and keeps the matches and their words
 *   shares.c     cuts a large text into shares for the worker threads, runs
 *                them, places the matches at FILE:LINE:COL under their
 *                headings and reports errors (og_scan_text)
 *
 * Speed comes from not running most patterns at all, as YARA and ripgrep
 * do, and from running the rest only where a match can begin.
 *
 * Atoms. Each top-level branch of a pattern gets a "chain": up to
 * CHAIN_MAX required factors, in the order a match holds them, each a set
 * of atoms (literals of 3 to 8 bytes of the folded text: ASCII lower
 * case, white space runs as one space) one of which every match holds, and
 * the most units (code points, a white-space run counting one) between
 * consecutive factors. They are found by walking the pattern's syntax; a
 * pattern the walk cannot bound runs on every paragraph.
 *
 * The pass. One automaton (Aho-Corasick, as a DFA over byte classes)
 * finds every atom in one pass over the normalised text, folding case and
 * white space as it reads; it reads across paragraphs, and an atom that
 * begins before its paragraph or ends after it is left out, so each
 * paragraph is scanned as if alone. A chain advances when its next factor
 * occurs in order and within its gap; a pattern becomes a candidate once
 * one of its chains is complete, and its paragraph runs once the
 * automaton has read past it. The automaton waits on memory at every
 * byte, so a worker reads four shares of the text side by side.
 *
 * Windows. A match begins at most `back` units before an atom of its
 * chain's first factor; a candidate runs, JIT-compiled, only from there to
 * the atom (PCRE2's offset limit, on a copy of the pattern compiled with
 * PCRE2_USE_OFFSET_LIMIT), window after window, in order, so the matches
 * are those of a run over the whole paragraph.
 *
 * Large texts are cut at paragraph boundaries into shares, four for each
 * worker (thread); each share has its own match data, JIT stack and chain
 * state, and is normalised a part at a time as the automaton reaches it,
 * into a buffer that keeps only what is still needed.
 *
 * Caseless matching under PCRE2_UCP also folds two non-ASCII characters
 * onto ASCII letters (U+212A KELVIN SIGN onto k, U+017F LONG S onto s):
 * the normaliser writes them as K and s, so that atoms see them too.
 */
#ifndef OG_SCAN_INT_H
#define OG_SCAN_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "scan.h"

#define ATOMS_MAX 16
#define UNBOUNDED (1 << 28)

typedef struct atomset {
  char s[ATOMS_MAX][9];
  int n;
  int score; /* the weakest atom's score; higher is rarer */
  bool ok;
  int maxstart, minend; /* units from the start of the sequence's match */
} atomset;

/* The required factors of a sequence, in the sequence's order: every match
 * contains one atom of each. At most FACTORS_MAX, the rarest kept. */
#define FACTORS_MAX 8
typedef struct factors {
  atomset f[FACTORS_MAX];
  int n;
} factors;

/* ---- scanner --------------------------------------------------------------- */
typedef struct scan_pat {
  const og_rule *rule;
  const og_pattern *pat;
} scan_pat;

/* A chain: the factors one top-level branch of a pattern needs, in the
 * order a match holds them. gap[i]: the most units from the end of factor
 * i - 1's atom to the start of factor i's (UNBOUNDED: any). */
#define CHAIN_MAX 4
typedef struct chain {
  size_t pat;
  int n;
  int back; /* the most units from a match's start to factor 0's atom */
  int gap[CHAIN_MAX];
} chain;

/* An atom of a chain's factor, while the scanner is built. */
typedef struct atom_entry {
  char s[9]; /* folded bytes, NUL-terminated */
  uint32_t chain;
  uint8_t idx; /* the factor of the chain the atom belongs to */
} atom_entry;

/* What the scan needs of an entry, in the entries' order: small, as the
 * scan reads tens of millions of them. */
typedef struct atom_hit {
  uint32_t chain;
  uint8_t idx, final; /* final: the chain's last factor */
} atom_hit;

/* A distinct atom: its entries, hits[first, first + count), its width,
 * and whether it holds a space (a folded space may stand for a run of
 * white space). The automaton's output lists hold copies. */
typedef struct atom_info {
  uint32_t first, count;
  uint8_t width, spaced;
} atom_info;

/* The automaton (Aho-Corasick, as a DFA) that finds every atom in one
 * pass over the text. Bytes go to classes (ASCII folded to lower case,
 * white space to the space's class, bytes no atom holds to class 0);
 * next[state << cshift | class] is the next state. States that end an atom
 * are numbered from out_first on, and out[orange[2 * (s - out_first)], +
 * orange[2 * (s - out_first) + 1])
 * lists the atoms that end there. A state entered by a space stays on a
 * further space: a white-space run is one space of the folded text. */
#define DFA_STATES_MAX 65535
#if defined(__GNUC__) || defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif
#define SCAN_BLOCK 4096 /* bytes the automaton runs over at a time */
#define GROUP 4         /* shares a worker reads side by side */
#define CLAIMS 8        /* groups of shares a worker, claimed in turn */
#define SCAN_PART (64u * 1024u) /* source bytes normalised at a time */
typedef struct dfa {
  uint8_t cls[256];
  uint8_t space; /* the space's class */
  int cshift;
  uint16_t *next;
  uint32_t nstates, out_first;
  uint32_t *orange; /* per state that ends atoms: first, count */
  atom_info *out;
} dfa;

struct og_scanner {
  scan_pat *pats;
  size_t npats;
  atom_entry *ents; /* while built */
  size_t nents, capents;
  atom_hit *hits;
  atom_info *atoms; /* while built: the automaton's outputs copy them */
  size_t natoms;
  dfa dfa;
  chain *chains;
  size_t nchains, capchains;
  size_t *always; /* patterns without atoms */
  size_t nalways;
  bool prefilter; /* false: every pattern runs on every paragraph */
  bool *filtered;  /* the pattern has atoms (is not in always[]) */
  unsigned char fold[256]; /* ASCII lower case, white space as ' ' */
  int threads;             /* workers for a large text */
  size_t part;             /* source bytes normalised at a time */
  pcre2_code *heading;     /* the section finder's regex, compiled once */
  /* per pattern: code compiled with PCRE2_USE_OFFSET_LIMIT, so that a
   * candidate tries start positions only up to the end of each window
   * (the rules' own when the loader compiled it so, as it does, else a
   * copy); NULL when that failed (the pattern then runs on the
   * paragraph) */
  pcre2_code **limited;
  /* JIT-compiled: 1 the pattern, 2 its limited code (both when they are
   * one; pcre2_jit_match skips pcre2_match's checks) */
  uint8_t *jit;
  bool jitted; /* jit_all done for the prefilter as it is set */
  int line_base; /* lines before the text given (a window of a file) */
};

/* What one worker needs while it scans its share of a text: PCRE2's
 * match data and JIT stack, and the per-paragraph chain state. */
typedef struct raw_match {
  size_t start, end, pat;
  size_t text; /* its words' offset in the share's texts */
} raw_match;

typedef struct raw_list {
  raw_match *v;
  size_t n, cap;
} raw_list;

/* Where an atom of a chain's first factor begins (in the normalised
 * share), and the most units a match may begin before it. */
typedef struct occurrence {
  uint32_t start, next;
  int back;
} occurrence;

/* Where in a paragraph a candidate's matches may begin: [from, to]. */
typedef struct window {
  size_t from, to;
} window;


typedef struct scan_state {
  const og_scanner *sc;
  const char *orig;     /* the whole original text */
  size_t obase, oend;   /* the share of it, a paragraph boundary each */
  og_norm norm;         /* the share normalised, a part at a time: what
                         * the patterns run on */
  const og_sections *sections; /* the whole text's, once merged */
  og_sections secs;      /* the share's headings, until merged */
  bool invalid;          /* the share is not UTF-8: bad_at says where */
  og_scan_match *placed; /* where the share's matches go, placed (lines */
  size_t lines;          /* counted from the share's start); its line breaks */
  char *texts;           /* the matches' words, as they are found */
  size_t ntexts, captexts;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jstack;
  /* per chain c, valid when cstamp[c] == para: cend[c * CHAIN_MAX + i] is
   * 1 + the offset in the share where the latest occurrence of factors
   * 0..i in order ends, 0 when none (the stamps apart: most checks need
   * only them) */
  uint32_t *cstamp, *cend;
  /* per pattern p, pat[p]: a candidate when .cand == para; the
   * occurrences of its chains' first factors in the paragraph, a list of
   * records through next from occ[.head] to occ[.tail], when .occ == para
   * (one record, as it is read together) */
  struct {
    uint32_t cand, occ, head, tail;
  } *pat;
  size_t *cand; /* the candidates, in the order they became one */
  occurrence *occ;
  size_t nocc, capocc;
  window *win;
  size_t capwin;
  size_t ncand, para;
  uint32_t *look; /* the prefilter's places: state, offset */
  /* the automaton's walk through the share, paragraph by paragraph: the
   * next byte it reads and its state; the paragraph [pa, pend) whose
   * atoms it is finding, and where the next one begins */
  size_t pos, pa, pend, pnext;
  uint32_t dstate;
  bool done;                /* every paragraph run, or stopped by an error */
  int group; /* on a worker's first share: the shares it reads side by side
              * (this one and the group - 1 after it) */
  raw_list out;
  int rc;              /* 0, or the PCRE2 error that ended the scan */
  size_t bad, bad_at;  /* the pattern, and its paragraph's offset */
} scan_state;


/* The normalised text at share offset off (the buffer keeps [base, len)). */
static inline char *ntext(const scan_state *st, size_t off) {
  return st->norm.text + (off - st->norm.base);
}

/* ---- what the stages call of each other ------------------------------- */
/* normalise.c: normalise src a part at a time (the walk asks for more as
 * it reads, and drops what it no longer needs). */
void og_norm_begin(og_norm *n, const char *src, size_t len);
bool og_norm_more(og_norm *n, size_t until, size_t *bad);
void og_norm_drop(og_norm *n, size_t keep);

/* The first byte at or after j that is not plain ASCII text (a hyphen, a
 * NUL or a byte >= 0x80), or len. */
size_t og_plain_run(const unsigned char *s, size_t j, size_t len);

/* sections.c: the heading regex, compiled once per scanner, and the
 * headings of text[0, len) found with it. */
pcre2_code *og_heading_regex(void);
void og_sections_find_with(og_sections *s, const pcre2_code *re,
                           const char *text, size_t len);

/* atoms.c */
bool og_atomset_better(const atomset *a, const atomset *b);
/* The factors of each top-level branch of regex into br[0, n), n the
 * result; -1 when a branch has none, there are more than max, or the walk
 * met a construct it does not model (the pattern then runs on every
 * paragraph). */
int og_atoms_branches(const char *regex, factors *br, int max);

/* prepare.c: JIT-compiles the patterns the scan will run (once). */
void og_scanner_jit(og_scanner *sc);

/* walk.c: a worker's state for one share, and its walk (a pthread start
 * routine over a scan_state). */
void og_scan_state_init(scan_state *st, const og_scanner *sc);
void og_scan_state_release(scan_state *st);
/* The first paragraph boundary at or after off: *end is where the
 * paragraph ends (its last '\n'), the result where the next one begins
 * (after the blank line). Without one, both are len. */
size_t og_next_paragraph(const char *s, size_t len, size_t off, size_t *end);
void *og_scan_share(void *arg);

/* paragraph.c: runs the candidates of the paragraph [a, b) of the share;
 * 0, or a PCRE2 error (st->rc). */
int og_scan_paragraph(scan_state *st, size_t a, size_t b);

#endif
