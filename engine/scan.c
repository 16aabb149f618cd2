/* scan.c - normaliser, section finder and the pattern scanner (scan.h).
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
#include "scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "limits.h"

/* ---- normaliser ---------------------------------------------------------- */
static void norm_edit(og_norm *n, size_t at, size_t shift) {
  if (n->nmap && n->at[n->nmap - 1] == at) {
    n->shift[n->nmap - 1] = shift;
    return;
  }
  if (n->nmap == n->capmap) {
    n->capmap = n->capmap ? n->capmap * 2 : 64;
    n->at = og_xrealloc(n->at, n->capmap * sizeof(size_t));
    n->shift = og_xrealloc(n->shift, n->capmap * sizeof(size_t));
  }
  n->at[n->nmap] = at;
  n->shift[n->nmap] = shift;
  n->nmap++;
}

/* The replacement of the 2- or 3-byte character at s, or -1 to keep it;
 * 0 drops it. Every Unicode white space becomes a space, so that the
 * patterns' \s and the prefilter see white space alike. */
static int norm_replace(const unsigned char *s, size_t left, size_t *len) {
  if (s[0] == 0xC5 && left >= 2 && s[1] == 0xBF) { /* long s */
    *len = 2;
    return 's';
  }
  if (s[0] == 0xC2 && left >= 2) {
    *len = 2;
    switch (s[1]) {
    case 0x85: /* next line */
    case 0xA0: /* no-break space */
      return ' ';
    case 0xAD: /* soft hyphen */
      return 0;
    case 0xAB: /* guillemets */
    case 0xBB:
      return '"';
    default:
      return -1;
    }
  }
  if (left < 3) {
    return -1;
  }
  *len = 3;
  if ((s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80) ||  /* ogham space */
      (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||  /* math space */
      (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)) {  /* ideographic */
    return ' ';
  }
  if (s[0] == 0xE2 && s[1] == 0x84 && s[2] == 0xAA) { /* Kelvin sign */
    return 'K';
  }
  if (s[0] == 0xE2 && s[1] == 0x80) {
    if (s[2] >= 0x80 && s[2] <= 0x8A) { /* en quad .. hair space */
      return ' ';
    }
    switch (s[2]) {
    case 0x98: /* single quotation marks */
    case 0x99:
    case 0x9A:
      return '\'';
    case 0x9C: /* double quotation marks */
    case 0x9D:
    case 0x9E:
      return '"';
    case 0xA8: /* line and paragraph separators */
    case 0xA9:
    case 0xAF: /* narrow no-break space */
      return ' ';
    default:
      return -1;
    }
  }
  return -1;
}

/* The lead bytes of the characters norm_replace may replace or drop. */
static const unsigned char norm_special[256] = {
    [0xC2] = 1, [0xC5] = 1, [0xE1] = 1, [0xE2] = 1, [0xE3] = 1};

/* The first byte at or after j that is not plain ASCII text (a hyphen, a
 * NUL or a byte >= 0x80: the normaliser checks and may change those), or
 * len: eight bytes at a time while there is none. */
static size_t plain_run(const unsigned char *s, size_t j, size_t len) {
  const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  for (;;) {
    for (; j + 8 <= len; j += 8) {
      uint64_t w;
      memcpy(&w, s + j, 8);
      uint64_t x = w ^ (ones * '-');
      if ((w & highs) | ((x - ones) & ~x & highs) | ((w - ones) & ~w & highs)) {
        break;
      }
    }
    size_t stop = len - j > 8 ? j + 8 : len;
    for (; j < stop; j++) {
      if (s[j] == '-' || s[j] == 0 || s[j] >= 0x80) {
        return j;
      }
    }
    if (j == len) {
      return len;
    }
  }
}

static bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* A hyphen at s[i] ends a line inside a word when a letter precedes it and
 * the next line (after indentation) begins with a lower-case letter.
 * Returns the offset of that letter, or 0. */
static size_t hyphen_join(const unsigned char *s, size_t i, size_t len) {
  if (i == 0 || !is_word_byte(s[i - 1])) {
    return 0;
  }
  size_t j = i + 1;
  while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) {
    j++;
  }
  if (j >= len || s[j] != '\n') {
    return 0;
  }
  j++;
  while (j < len && (s[j] == ' ' || s[j] == '\t')) {
    j++;
  }
  if (j < len && ((s[j] >= 'a' && s[j] <= 'z') || s[j] >= 0xC3)) {
    return j;
  }
  return 0;
}

/* Sets n to normalise src[0, len), a part at a time (norm_more). */
static void norm_begin(og_norm *n, const char *src, size_t len) {
  memset(n, 0, sizeof(*n));
  n->src = src;
  n->srclen = len;
}

/* Normalises the source on from n->in to until (or to the end of the
 * character or joined line break that until falls in), after the text
 * so far, checking that it is UTF-8 text as it goes; sixteen zero bytes
 * follow the text (PCRE2's JIT may read a few bytes past a subject).
 * Every decision looks at the whole source, so the text is the same
 * however it is cut. False at the first NUL or invalid sequence, its
 * offset in *bad (when not NULL). */
static bool norm_more(og_norm *n, size_t until, size_t *bad) {
  const unsigned char *s = (const unsigned char *)n->src;
  size_t len = n->srclen;
  /* a character or a joined line break may end past until */
  size_t need = n->len - n->base + (until - n->in) + 32;
  if (need > n->cap) {
    n->cap = need > 2 * n->cap ? need : 2 * n->cap;
    n->text = og_xrealloc(n->text, n->cap);
  }
  char *t = n->text;
  size_t base = n->base, o = n->len - base, i = n->in;
  bool ok = true;
  while (i < until) {
    size_t j = plain_run(s, i, until);
    memcpy(t + o, s + i, j - i);
    o += j - i;
    i = j;
    if (i == until) {
      break;
    }
    unsigned char c = s[i];
    if (c == '-') {
      size_t next = hyphen_join(s, i, len);
      if (next) {
        i = next;
        norm_edit(n, base + o, i - (base + o));
      } else {
        t[o++] = '-';
        i++;
      }
      continue;
    }
    size_t clen = og_utf8_char(s + i, len - i);
    if (clen == 0) { /* a NUL, or not UTF-8 */
      if (bad) {
        *bad = i;
      }
      ok = false;
      break;
    }
    size_t rlen;
    int r = norm_special[c] ? norm_replace(s + i, len - i, &rlen) : -1;
    if (r >= 0) { /* a character replaced (r > 0) or dropped */
      if (r > 0) {
        t[o++] = (char)r;
      }
      i += rlen;
      norm_edit(n, base + o, i - (base + o));
      continue;
    }
    memcpy(t + o, s + i, clen);
    o += clen;
    i += clen;
  }
  memset(t + o, 0, 16);
  n->len = base + o;
  n->in = i;
  return ok;
}

/* Drops the normalised text before keep (base <= keep <= len). */
static void norm_drop(og_norm *n, size_t keep) {
  memmove(n->text, n->text + (keep - n->base), n->len - keep);
  memset(n->text + (n->len - keep), 0, 16);
  n->base = keep;
}

bool og_norm_init(og_norm *n, const char *src, size_t len, size_t *bad) {
  norm_begin(n, src, len);
  return norm_more(n, len, bad);
}

size_t og_norm_orig(const og_norm *n, size_t off) {
  size_t lo = 0, hi = n->nmap;
  while (lo < hi) { /* first edit point after off */
    size_t mid = lo + (hi - lo) / 2;
    if (n->at[mid] <= off) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == 0 ? off : off + n->shift[lo - 1];
}

void og_norm_release(og_norm *n) {
  free(n->text);
  free(n->at);
  free(n->shift);
  memset(n, 0, sizeof(*n));
}

/* ---- section finder ------------------------------------------------------- */
#define OG_HEADING_MAX 160

static const char heading_re[] =
    "^[ \\t]*(?:#{1,6}[ \\t]+\\S"
    "|§{1,2}[ \\t]*\\d"
    "|(?:SEC\\.|Sec\\.|SECTION|Section|ARTICLE|Article|Art\\.|ART[IÍ]CULO|"
    "Art[ií]culo|CHAPTER|Chapter|CAP[IÍ]TULO|Cap[ií]tulo)[ \\t]+"
    "(?:\\d|[IVXLC]+\\b))";

/* Whether s begins with the n bytes of w, ASCII letters in either case. */
static bool same_word(const char *s, const char *w, size_t n) {
  for (size_t k = 0; k < n; k++) {
    unsigned char a = (unsigned char)s[k], c = (unsigned char)w[k];
    if (a != c && !(isalpha(a) && tolower(a) == tolower(c))) {
      return false;
    }
  }
  return true;
}

/* The end of a heading's label (keyword, number, closing punctuation) in
 * text[a..b), or 0 when the number is not followed by '.', ':' or '-'. */
static size_t label_end(const char *text, size_t a, size_t b) {
  size_t i = a;
  while (i < b && text[i] != ' ' && text[i] != '\t') { /* keyword or § */
    i++;
  }
  while (i < b && (text[i] == ' ' || text[i] == '\t')) {
    i++;
  }
  size_t num = i;
  while (i < b && (isalnum((unsigned char)text[i]) || text[i] == '(' ||
                   text[i] == ')' || text[i] == '-' ||
                   (unsigned char)text[i] >= 0x80)) {
    i++;
  }
  if (i == num) {
    return 0;
  }
  /* Latin multiplicatives number articles inserted later: "Artículo 177
   * bis.", "ARTÍCULO 189 TER.-", "Artículo 12 quáter." */
  static const char *const latin[] = {
      "bis",   "ter",    "quater", "qu\xc3\xa1ter", "QU\xc3\x81TER", "quinquies",
      "sexies", "septies", "octies", "nonies",       "decies"};
  if (i + 1 < b && text[i] == ' ') {
    for (size_t k = 0; k < sizeof(latin) / sizeof(latin[0]); k++) {
      size_t n = strlen(latin[k]);
      if (i + 1 + n < b && same_word(text + i + 1, latin[k], n) &&
          (text[i + 1 + n] == '.' || text[i + 1 + n] == ':' ||
           text[i + 1 + n] == '-')) {
        i += 1 + n;
        break;
      }
    }
  }
  /* "179-" was taken as part of the number: a trailing '-' is punctuation */
  if (text[i - 1] == '-' && i - 1 > num) {
    return i;
  }
  if (i < b && (text[i] == '.' || text[i] == ':' || text[i] == '-')) {
    size_t end = i + 1;
    if (end < b && text[end] == '-') {
      end++; /* "Art. 179.-" */
    }
    return end;
  }
  return 0;
}

/* The heading regex, JIT-compiled (NULL only if PCRE2 cannot: it is a
 * constant pattern). */
static pcre2_code *heading_regex(void) {
  int err;
  PCRE2_SIZE eoff;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)heading_re, PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF | PCRE2_MULTILINE, &err, &eoff,
                                 NULL);
  if (re) {
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
  }
  return re;
}

/* og_sections_find with the regex given (the scanner's, which its
 * workers share). */
static void find_sections(og_sections *s, const pcre2_code *re,
                          const char *text, size_t len) {
  memset(s, 0, sizeof(*s));
  if (re == NULL) {
    return;
  }
  pcre2_match_data *md = pcre2_match_data_create(1, NULL);
  size_t off = 0;
  while (off < len &&
         pcre2_match(re, (PCRE2_SPTR)text, len, off, PCRE2_NO_UTF_CHECK, md,
                     NULL) >= 0) {
    size_t start = pcre2_get_ovector_pointer(md)[0];
    const char *nl = memchr(text + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - text) : len;
    off = end + 1;
    size_t a = start, b = end;
    while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '#')) {
      a++;
    }
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' ||
                     text[b - 1] == '\r')) {
      b--;
    }
    if (b - a > OG_HEADING_MAX) {
      /* A long line is a heading only when its label ends in punctuation
       * ("Artículo 179. Quien ...", "§ 22-1834. Sex trafficking ..."):
       * then the label is the section. "Section 3 applies ..." is prose. */
      size_t lab = label_end(text, a, b);
      if (lab == 0) {
        continue;
      }
      b = lab;
    }
    if (s->n == s->cap) {
      s->cap = s->cap ? s->cap * 2 : 32;
      s->at = og_xrealloc(s->at, s->cap * sizeof(size_t));
      s->title = og_xrealloc(s->title, s->cap * sizeof(char *));
    }
    s->at[s->n] = start;
    s->title[s->n] = og_xstrndup(text + a, b - a);
    s->n++;
  }
  pcre2_match_data_free(md);
}

void og_sections_find(og_sections *s, const char *text, size_t len) {
  pcre2_code *re = heading_regex();
  find_sections(s, re, text, len);
  pcre2_code_free(re);
}

const char *og_sections_at(const og_sections *s, size_t off) {
  size_t lo = 0, hi = s->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->at[mid] <= off) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == 0 ? NULL : s->title[lo - 1];
}

void og_sections_release(og_sections *s) {
  for (size_t i = 0; i < s->n; i++) {
    free(s->title[i]);
  }
  free(s->title);
  free(s->at);
  memset(s, 0, sizeof(*s));
}

/* ---- atoms ----------------------------------------------------------------
 * The prefilter reads the normalised text "folded": ASCII letters in lower
 * case and every run of white space as one space. Places in the folded text
 * are counted in units: a code point, or a run of white space.
 *
 * The grammar walked (PCRE2 syntax, the subset that decides what is
 * required):
 *   alt   := seq ('|' seq)*
 *   seq   := (item quant?)*
 *   item  := literal | escape | class | '(' group-kind alt ')' | . ^ $
 *   quant := ? * + {n} {n,} {n,m}, then an optional ? or +
 * A set of atoms is valid for a fragment when every match of the fragment,
 * folded, contains one of them. A literal run goes on across white space
 * (' ', \s and \s+ all fold to one space) and across the zero-width \b and
 * \B, so "contact\s+with" gives the atom "contact " or "act with", not the
 * common "with".
 *
 * The walk also bounds where each factor's atom lies in a match of its
 * sequence: the atom starts at most maxstart units after the match starts
 * and ends at least minend units after it. Two factors i < j of a branch
 * then occur in order, the atom of j starting at most maxstart(j) -
 * minend(i) units after the atom of i ends (one unit earlier when both
 * touch the same run of white space). A construct the walk does not model
 * ((?x), \Q, conditionals, recursion, branch reset, back-references in a
 * bound) marks the pattern unsafe, or its bound unbounded: an unsafe
 * pattern runs on every paragraph. */
#define ATOMS_MAX 16
#define UNBOUNDED (1 << 28)

static int len_add(int a, int b) {
  return a >= UNBOUNDED - b ? UNBOUNDED : a + b;
}

static int len_mul(int a, int n) {
  if (a == 0 || n == 0) {
    return 0;
  }
  return a >= UNBOUNDED / n ? UNBOUNDED : a * n;
}

typedef struct atomset {
  char s[ATOMS_MAX][9];
  int n;
  int score; /* the weakest atom's score; higher is rarer */
  bool ok;
  int maxstart, minend; /* units from the start of the sequence's match */
} atomset;

typedef struct parser {
  const char *p;
  bool unsafe; /* a construct the walk does not model */
} parser;

/* How often a byte occurs in English and Spanish legal text, roughly: a
 * space says least. */
static int byte_rarity(char c) {
  if (c == ' ') {
    return 0;
  }
  if (strchr("etaoinsrhl", c)) {
    return 1;
  }
  if (strchr("dcumfpgwyb", c)) {
    return 2;
  }
  return 3;
}

/* A literal run being read: folded bytes, and the bounds of what the
 * sequence matched before its first byte. After a group of literal
 * alternatives the run is one of several strings (nalt >= 2 of them in
 * alt[], s unused): `for\s+(?:fee|hire)` reads "for fee" or "for hire". */
#define ALT_LEN 48
typedef struct litrun {
  char s[256];
  size_t n;
  int pmin, pmax;
  char alt[ATOMS_MAX][ALT_LEN];
  size_t altn[ATOMS_MAX];
  int nalt;
} litrun;

static bool better(const atomset *a, const atomset *b) {
  if (!a->ok) {
    return false;
  }
  if (!b->ok) {
    return true;
  }
  return a->score > b->score || (a->score == b->score && a->n < b->n);
}

/* The required factors of a sequence, in the sequence's order: every match
 * contains one atom of each. At most FACTORS_MAX, the rarest kept. */
#define FACTORS_MAX 8
typedef struct factors {
  atomset f[FACTORS_MAX];
  int n;
} factors;

static void factors_add(factors *fs, const atomset *a) {
  if (!a->ok) {
    return;
  }
  if (fs->n == FACTORS_MAX) {
    int weakest = 0;
    for (int i = 1; i < fs->n; i++) {
      if (better(&fs->f[weakest], &fs->f[i])) {
        weakest = i;
      }
    }
    if (!better(a, &fs->f[weakest])) {
      return;
    }
    memmove(&fs->f[weakest], &fs->f[weakest + 1],
            (size_t)(fs->n - weakest - 1) * sizeof(atomset));
    fs->n--;
  }
  fs->f[fs->n++] = *a;
}

/* The rarest slice of r->s[from, to), as long as it allows (8, 6, 4 or 3
 * bytes: longer atoms hit less often inside common words), then the same
 * on each side of it: a long run gives several factors, in order. */
#define SIDE_MIN 6
static void run_factors(const litrun *r, size_t from, size_t to,
                        factors *out, size_t least) {
  if (to - from < least) {
    return;
  }
  size_t n = to - from;
  size_t w = n >= 8 ? 8 : n >= 6 ? 6 : n >= 4 ? 4 : 3;
  int best = -1;
  size_t at = from;
  for (size_t i = from; i + w <= to; i++) {
    int sc = 0;
    for (size_t k = 0; k < w; k++) {
      sc += byte_rarity(r->s[i + k]);
    }
    if (sc > best) {
      best = sc;
      at = i;
    }
  }
  atomset a;
  memset(&a, 0, sizeof(a));
  memcpy(a.s[0], r->s + at, w);
  a.n = 1;
  a.score = best * 16 + (int)w;
  a.ok = true;
  /* each byte of the run is one unit; a space may share its unit with
   * what comes before the run, so only the other bytes count at least 1 */
  int solid = 0;
  for (size_t k = 0; k < at; k++) {
    solid += r->s[k] != ' ';
  }
  a.maxstart = len_add(r->pmax, (int)at);
  a.minend = len_add(r->pmin, solid + (int)w);
  /* a short piece beside the slice ("tion" of "prostitution") occurs
   * wherever the slice does and in every other word like it */
  run_factors(r, from, at, out, SIDE_MIN);
  factors_add(out, &a);
  run_factors(r, at + w, to, out, SIDE_MIN);
}

static atomset factors_best(const factors *fs) {
  atomset best = {0};
  for (int i = 0; i < fs->n; i++) {
    if (better(&fs->f[i], &best)) {
      best = fs->f[i];
    }
  }
  return best;
}

static void parse_alt(parser *ps, factors *out, int depth, int *min,
                      int *max, bool sp_in, bool *sp_out);

/* A strict {n}, {n,} or {n,m} at p: its length in bytes, or 0. */
static size_t brace_quantifier(const char *p, int *min, int *max) {
  const char *q = p + 1;
  long lo = 0, hi;
  if (*q < '0' || *q > '9') {
    return 0;
  }
  while (*q >= '0' && *q <= '9') {
    lo = lo < UNBOUNDED ? lo * 10 + (*q++ - '0') : lo;
  }
  hi = lo;
  if (*q == ',') {
    q++;
    if (*q == '}') {
      hi = UNBOUNDED;
    } else if (*q >= '0' && *q <= '9') {
      hi = 0;
      while (*q >= '0' && *q <= '9') {
        hi = hi < UNBOUNDED ? hi * 10 + (*q++ - '0') : hi;
      }
    } else {
      return 0;
    }
  }
  if (*q != '}') {
    return 0;
  }
  *min = lo > UNBOUNDED ? UNBOUNDED : (int)lo;
  *max = hi > UNBOUNDED ? UNBOUNDED : (int)hi;
  return (size_t)(q + 1 - p);
}

/* Reads a quantifier, if any: *min and *max are its counts (1 and 1
 * without one). A '{' that is not a strict {n,m} is left alone as a
 * literal, except "{," and "{ ", which newer PCRE2 versions read as
 * quantifiers: those make the pattern unsafe. */
static bool quantifier(parser *ps, int *min, int *max) {
  const char *p = ps->p;
  *min = 1;
  *max = 1;
  if (*p == '?') {
    *min = 0;
    p++;
  } else if (*p == '*') {
    *min = 0;
    *max = UNBOUNDED;
    p++;
  } else if (*p == '+') {
    *max = UNBOUNDED;
    p++;
  } else if (*p == '{') {
    size_t n = brace_quantifier(p, min, max);
    if (n == 0) {
      if (p[1] == ',' || p[1] == ' ') {
        ps->unsafe = true;
      }
      return false;
    }
    p += n;
  } else {
    return false;
  }
  if (*p == '?' || *p == '+') {
    p++;
  }
  ps->p = p;
  return true;
}

static void skip_class(parser *ps) {
  const char *p = ps->p + 1;
  if (*p == '^') {
    p++;
  }
  if (*p == ']') {
    p++;
  }
  while (*p && *p != ']') {
    if (*p == '\\' && p[1] == 'Q') {
      ps->unsafe = true;
    }
    if (*p == '\\' && p[1]) {
      p += 2;
    } else if (*p == '[' && p[1] == ':') {
      const char *e = strstr(p, ":]");
      p = e ? e + 2 : p + 1;
    } else {
      p++;
    }
  }
  ps->p = *p ? p + 1 : p;
}

/* What an item matches, for the walk. */
typedef enum item_kind {
  IT_LIT,   /* one ASCII byte (in *lit) */
  IT_SPACE, /* one or more white-space characters only */
  IT_ZERO,  /* nothing: an assertion, an option, a comment */
  IT_CHAR,  /* one code point, which may be white space */
  IT_ANY,   /* anything: no bound */
  IT_GROUP  /* a consuming group */
} item_kind;

static const char *skip_to(const char *p, char close) {
  const char *e = strchr(p, close);
  return e ? e + 1 : p + strlen(p);
}

/* Reads an escape after '\'. */
static item_kind escape(parser *ps, int *lit) {
  const char *p = ps->p + 1;
  char c = *p;
  if (c == '\0') {
    ps->p = p;
    return IT_ANY;
  }
  ps->p = p + 1;
  if ((unsigned char)c >= 0x80) {
    while (((unsigned char)*ps->p & 0xC0) == 0x80) {
      ps->p++;
    }
    return IT_CHAR;
  }
  if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9'))) {
    *lit = c;
    return c == ' ' ? IT_SPACE : IT_LIT;
  }
  switch (c) {
  case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K':
  case 'E':
    return IT_ZERO;
  case 's': case 'v': case 'R': case 't': case 'n': case 'r': case 'f':
    return IT_SPACE; /* \h also matches U+180E, which is no space */
  case 'x': case 'o': case 'N': case 'p': case 'P':
    if (p[1] == '{') {
      ps->p = skip_to(p + 1, '}');
    } else if (c == 'x') {
      for (int i = 0; i < 2 && isxdigit((unsigned char)*ps->p); i++) {
        ps->p++;
      }
    } else if ((c == 'p' || c == 'P') && *ps->p) {
      ps->p++; /* \pL */
    }
    return IT_CHAR;
  case 'c':
    if (*ps->p) {
      ps->p++;
    }
    return IT_CHAR;
  case '0':
    for (int i = 0; i < 2 && *ps->p >= '0' && *ps->p <= '7'; i++) {
      ps->p++;
    }
    return IT_CHAR;
  case 'd': case 'D': case 'w': case 'W': case 'S': case 'H': case 'V':
  case 'C': case 'a': case 'e': case 'h':
    return IT_CHAR;
  case 'g': case 'k':
    if (*ps->p == '{' || *ps->p == '<' || *ps->p == '\'') {
      ps->p = skip_to(ps->p + 1, *ps->p == '{' ? '}' : *ps->p == '<' ? '>'
                                                                   : '\'');
    } else {
      while (*ps->p == '-' || *ps->p == '+' ||
             (*ps->p >= '0' && *ps->p <= '9')) {
        ps->p++;
      }
    }
    return IT_ANY; /* a back-reference (or, \g<..>, a subroutine call) */
  case 'Q':
    ps->unsafe = true;
    return IT_ANY;
  default: /* \1..\9 back-references, \X grapheme clusters, the rest */
    while (*ps->p >= '0' && *ps->p <= '9') {
      ps->p++;
    }
    return IT_ANY;
  }
}

/* Reads a group after '('; *kind is IT_GROUP (its factors and bounds in
 * g, gmin, gmax), IT_ZERO (an assertion, option setting, comment or verb)
 * or IT_ANY (unsafe). */
static item_kind group(parser *ps, factors *g, int *gmin, int *gmax,
                       int depth, bool sp_in, bool *sp_out) {
  const char *p = ps->p + 1;
  bool consuming = true;
  if (*p == '*') { /* a verb, (*MARK:x) or an alpha assertion (*pla:...) */
    const char *e = p + strcspn(p, ":)");
    if (*e == ':') {
      ps->unsafe = true;
    }
    ps->p = skip_to(p, ')');
    return IT_ZERO;
  }
  if (*p == '?') {
    p++;
    if (*p == '#') {
      ps->p = skip_to(p, ')');
      return IT_ZERO;
    }
    if (*p == '=' || *p == '!' ||
        (*p == '<' && (p[1] == '=' || p[1] == '!'))) {
      consuming = false;
      p += *p == '<' ? 2 : 1;
    } else if (*p == ':' || *p == '>') {
      p++;
    } else if ((*p == '<' && p[1] != '=' && p[1] != '!') || *p == '\'' ||
               (*p == 'P' && p[1] == '<')) {
      char close = *p == '\'' ? '\'' : '>';
      p = skip_to(p + (*p == 'P' ? 2 : 1), close);
    } else {
      /* options: (?i) alone, or (?i-s:...); anything else ((?|, (?(,
       * (?R, (?1, (?&, (?P=, (?C) is not modelled */
      const char *q = p;
      while ((*q != '\0' && strchr("imnsxJUar", *q)) || *q == '-' ||
             *q == '^') {
        if (*q == 'x') {
          ps->unsafe = true; /* white space in the pattern is not literal */
        }
        q++;
      }
      if (q == p && *q != ')' && *q != ':') {
        ps->unsafe = true;
        ps->p = skip_to(p, ')');
        return IT_ANY;
      }
      if (*q == ')') {
        ps->p = q + 1;
        return IT_ZERO;
      }
      if (*q != ':') {
        ps->unsafe = true;
        ps->p = skip_to(p, ')');
        return IT_ANY;
      }
      p = q + 1;
    }
  }
  ps->p = p;
  if (depth >= 32) {
    ps->unsafe = true;
    return IT_ANY;
  }
  parse_alt(ps, g, depth + 1, gmin, gmax, sp_in, sp_out);
  if (*ps->p != ')') {
    ps->unsafe = true;
    return IT_ANY;
  }
  ps->p++;
  return consuming ? IT_GROUP : IT_ZERO;
}

/* The factor of a run that is one of several strings: in each, its
 * rarest slice (as run_factors takes it); none when one is too short. */
static void alt_factor(const litrun *r, factors *out) {
  atomset a;
  memset(&a, 0, sizeof(a));
  a.ok = true;
  a.score = INT32_MAX;
  a.maxstart = 0;
  a.minend = UNBOUNDED;
  for (int i = 0; i < r->nalt; i++) {
    litrun one;
    memcpy(one.s, r->alt[i], r->altn[i]);
    one.n = r->altn[i];
    one.pmin = r->pmin;
    one.pmax = r->pmax;
    if (one.n < 3) {
      return;
    }
    factors f;
    f.n = 0;
    /* the rarest slice (the side factors would not be required of every
     * string) */
    run_factors(&one, 0, one.n, &f, 3);
    atomset b = factors_best(&f);
    if (!b.ok) {
      return;
    }
    bool dup = false;
    for (int k = 0; k < a.n; k++) {
      dup = dup || strcmp(a.s[k], b.s[0]) == 0;
    }
    if (!dup) {
      memcpy(a.s[a.n++], b.s[0], sizeof(b.s[0]));
    }
    a.score = b.score < a.score ? b.score : a.score;
    a.maxstart = b.maxstart > a.maxstart ? b.maxstart : a.maxstart;
    a.minend = b.minend < a.minend ? b.minend : a.minend;
  }
  factors_add(out, &a);
}

static void run_end(litrun *r, factors *out) {
  if (r->nalt >= 2) {
    alt_factor(r, out);
  } else {
    run_factors(r, 0, r->n, out, 3);
  }
  r->n = 0;
  r->nalt = 0;
}

/* Appends folded byte c to string s of n bytes (white space folds to one
 * space). */
static void fold_push(char *s, size_t *n, char c) {
  if (c == ' ' && *n > 0 && s[*n - 1] == ' ') {
    return;
  }
  s[(*n)++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* The folded strings a group of literal alternatives matches, from its
 * '(' at p to its ')' before end: letters, digits, escaped punctuation,
 * white space (\s, \s+, a space) and \b, nothing else; an empty one too
 * when the group is optional. Returns how many (at most ATOMS_MAX), or 0
 * when the group is not such a group. */
static int literal_alts(const char *p, const char *end, bool optional,
                        char alt[][ALT_LEN], size_t *altn) {
  if (strncmp(p, "(?:", 3) == 0) {
    p += 3;
  } else if (p[0] == '(' && p[1] != '?' && p[1] != '*') {
    p += 1;
  } else {
    return 0;
  }
  end--; /* the ')' */
  int n = 0;
  altn[n++] = 0;
  while (p < end) {
    char c = *p++;
    bool space = false;
    if (c == '|') {
      if (n == ATOMS_MAX) {
        return 0;
      }
      altn[n++] = 0;
      continue;
    }
    if (c == '\\') {
      if (p == end) {
        return 0;
      }
      char e = *p++;
      if (e == 'b' || e == 'B') {
        continue;
      }
      if (e == 's' || e == 't' || e == 'n' || e == 'r') {
        space = true;
      } else if ((unsigned char)e < 0x80 && !isalnum((unsigned char)e) &&
                 e != '\0') {
        c = e;
      } else {
        return 0;
      }
    } else if (c == ' ') {
      space = true;
    } else if (!isalnum((unsigned char)c) && !strchr(",-'\"/&:;%", c)) {
      return 0; /* a class, a group, a quantifier, a non-ASCII character */
    }
    if (*p == '+' && space) {
      p++;
    } else if (*p == '?' || *p == '*' || *p == '+' || *p == '{') {
      return 0;
    }
    if (altn[n - 1] + 1 >= ALT_LEN) {
      return 0;
    }
    fold_push(alt[n - 1], &altn[n - 1], space ? ' ' : c);
  }
  if (optional) {
    if (n == ATOMS_MAX) {
      return 0;
    }
    altn[n++] = 0;
  }
  return n;
}

/* Extends run r with the alternatives of a group: the run becomes the
 * strings of each of its own followed by each alternative. False (r as
 * it was) when there would be more than ATOMS_MAX or too long ones. */
static bool run_alts(litrun *r, char alts[][ALT_LEN], const size_t *altn,
                     int nalts, int pmin, int pmax) {
  int have = r->nalt >= 2 ? r->nalt : 1;
  if (have * nalts > ATOMS_MAX || (r->nalt < 2 && r->n >= ALT_LEN)) {
    return false;
  }
  char prev[ATOMS_MAX][ALT_LEN];
  size_t prevn[ATOMS_MAX];
  if (r->nalt >= 2) {
    memcpy(prev, r->alt, sizeof(prev));
    memcpy(prevn, r->altn, sizeof(prevn));
  } else {
    if (r->n == 0) {
      r->pmin = pmin;
      r->pmax = pmax;
    }
    memcpy(prev[0], r->s, r->n);
    prevn[0] = r->n;
  }
  for (int i = 0; i < have; i++) {
    for (int k = 0; k < nalts; k++) {
      /* (each string needs an atom: at least 3 bytes, which it keeps) */
      if (prevn[i] + altn[k] >= ALT_LEN || prevn[i] + altn[k] < 3) {
        return false;
      }
    }
  }
  int m = 0;
  for (int i = 0; i < have; i++) {
    for (int k = 0; k < nalts; k++, m++) {
      memcpy(r->alt[m], prev[i], prevn[i]);
      r->altn[m] = prevn[i];
      for (size_t j = 0; j < altn[k]; j++) {
        fold_push(r->alt[m], &r->altn[m], alts[k][j]);
      }
    }
  }
  r->nalt = m;
  return true;
}

static void run_push(litrun *r, char c, int pmin, int pmax, factors *out) {
  if (r->nalt >= 2) {
    bool full = false;
    for (int i = 0; i < r->nalt; i++) {
      full = full || r->altn[i] + 1 >= ALT_LEN;
    }
    if (!full) {
      for (int i = 0; i < r->nalt; i++) {
        fold_push(r->alt[i], &r->altn[i], c);
      }
      return;
    }
    run_end(r, out); /* a string is full: c begins a run of its own */
  }
  if (r->n == sizeof(r->s)) {
    run_end(r, out);
  }
  if (r->n == 0) {
    r->pmin = pmin;
    r->pmax = pmax;
  }
  if (c == ' ' && r->n > 0 && r->s[r->n - 1] == ' ') {
    return; /* white space folds to one space */
  }
  r->s[r->n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* The factors of a sequence (in order), and in *smin, *smax the fewest and
 * most units its matches take. sp_in: every match of what comes before it
 * ends with white space; then a literal run at its start (or after a part
 * that may be empty) begins with that space, one unit before: `under\s+
 * (?:the\s+age\s+of\s+)?18` gives " 18", where "18" alone is too short.
 * *sp_out: every match of it (with what came before) ends with white
 * space. */
static void parse_seq(parser *ps, factors *out, int depth, int *smin,
                      int *smax, bool sp_in, bool *sp_out) {
  litrun run;
  run.n = 0;
  run.nalt = 0;
  int pmin = 0, pmax = 0;
  bool sp = sp_in; /* every path so far ends with white space */
  memset(out, 0, sizeof(*out));
  for (;;) {
    char c = *ps->p;
    if (c == '\0' || c == '|' || c == ')') {
      break;
    }
    int lit = -1, gmin = 0, gmax = 0;
    bool gsp = false;
    factors g;
    item_kind kind;
    const char *item = ps->p;
    if (c == '\\') {
      kind = escape(ps, &lit);
    } else if (c == '[') {
      skip_class(ps);
      kind = IT_CHAR;
    } else if (c == '(') {
      kind = group(ps, &g, &gmin, &gmax, depth, sp, &gsp);
    } else if (c == '.') {
      ps->p++;
      kind = IT_CHAR;
    } else if (c == '^' || c == '$') {
      ps->p++;
      kind = IT_ZERO;
    } else if ((unsigned char)c >= 0x80) {
      ps->p++;
      while (((unsigned char)*ps->p & 0xC0) == 0x80) {
        ps->p++;
      }
      kind = IT_CHAR;
    } else if (c == ' ' || (c >= '\t' && c <= '\r')) {
      ps->p++;
      kind = IT_SPACE;
    } else if (c == '*' || c == '+' || c == '?') {
      ps->p++;
      ps->unsafe = true;
      kind = IT_ANY;
    } else {
      lit = c;
      ps->p++;
      kind = IT_LIT;
    }
    const char *item_end = ps->p;
    int qmin, qmax;
    bool quantified = quantifier(ps, &qmin, &qmax);
    switch (kind) {
    case IT_ZERO:
      continue;
    case IT_SPACE:
      /* a run of white space is one unit, which a neighbour may share */
      if (qmin >= 1) {
        run_push(&run, ' ', pmin, pmax, out);
        sp = true;
      } else {
        run_end(&run, out); /* (none: sp stays as it was) */
      }
      pmax = len_add(pmax, qmax > 0);
      continue;
    case IT_LIT:
      if (qmin >= 1) {
        if (run.n == 0 && run.nalt < 2 && sp && pmin >= 1 - (int)sp_in) {
          /* the white space before, one unit back */
          run_push(&run, ' ', pmin - 1, pmax - 1, out);
        }
        run_push(&run, (char)lit, pmin, pmax, out);
      }
      sp = false;
      if (quantified && !(qmin == 1 && qmax == 1)) {
        run_end(&run, out); /* "s+": one s is required, then the run ends */
      }
      pmin = len_add(pmin, qmin);
      pmax = len_add(pmax, qmax);
      continue;
    default:
      break;
    }
    if (kind == IT_GROUP && qmax == 1) {
      /* literal alternatives continue the run: "for fee", "for hire" */
      char alts[ATOMS_MAX][ALT_LEN];
      size_t altn[ATOMS_MAX];
      int na = literal_alts(item, item_end, qmin == 0, alts, altn);
      if (na >= 2 && run_alts(&run, alts, altn, na, pmin, pmax)) {
        sp = gsp && (qmin >= 1 || sp);
        pmin = len_add(pmin, len_mul(gmin, qmin));
        pmax = len_add(pmax, gmax);
        continue;
      }
    }
    run_end(&run, out);
    if (kind == IT_GROUP) {
      /* a group that may be absent ends with white space only when what
       * came before it does too */
      sp = gsp && (qmin >= 1 || sp);
      for (int i = 0; qmin >= 1 && i < g.n; i++) {
        atomset a = g.f[i]; /* an atom of the first repetition, or a later */
        a.maxstart = len_add(len_add(pmax, len_mul(gmax, qmax - 1)),
                             a.maxstart);
        a.minend = len_add(pmin, a.minend);
        factors_add(out, &a);
      }
      pmin = len_add(pmin, len_mul(gmin, qmin));
      pmax = len_add(pmax, len_mul(gmax, qmax));
    } else if (kind == IT_CHAR) {
      pmax = len_add(pmax, qmax); /* at least 0: it may be white space */
      sp = false;
    } else {
      pmax = UNBOUNDED;
      sp = false;
    }
  }
  run_end(&run, out);
  *smin = pmin;
  *smax = pmax;
  *sp_out = sp;
}

/* One branch keeps all its factors; several become one factor: the union
 * of each branch's rarest factor (none when a branch has none). */
static void parse_alt(parser *ps, factors *out, int depth, int *min,
                      int *max, bool sp_in, bool *sp_out) {
  parse_seq(ps, out, depth, min, max, sp_in, sp_out);
  if (*ps->p != '|') {
    return;
  }
  atomset acc = factors_best(out);
  while (*ps->p == '|') {
    ps->p++;
    factors fb;
    int bmin, bmax;
    bool bsp;
    parse_seq(ps, &fb, depth, &bmin, &bmax, sp_in, &bsp);
    *sp_out = *sp_out && bsp;
    *min = bmin < *min ? bmin : *min;
    *max = bmax > *max ? bmax : *max;
    atomset b = factors_best(&fb);
    if (!acc.ok || !b.ok || acc.n + b.n > ATOMS_MAX) {
      acc.ok = false;
      continue;
    }
    for (int i = 0; i < b.n; i++) {
      memcpy(acc.s[acc.n++], b.s[i], 9);
    }
    acc.score = b.score < acc.score ? b.score : acc.score;
    acc.maxstart = b.maxstart > acc.maxstart ? b.maxstart : acc.maxstart;
    acc.minend = b.minend < acc.minend ? b.minend : acc.minend;
  }
  memset(out, 0, sizeof(*out));
  factors_add(out, &acc);
}

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
      if (!take[i] && (best < 0 || better(&br->f[i], &br->f[best]))) {
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
  int nb = 0;
  parser ps = {regex, false};
  for (;;) {
    if (nb == 8) {
      return false;
    }
    int bmin, bmax;
    bool bsp;
    parse_seq(&ps, &br[nb], 0, &bmin, &bmax, false, &bsp);
    if (br[nb].n == 0) {
      return false;
    }
    nb++;
    if (*ps.p != '|') {
      break;
    }
    ps.p++;
  }
  if (*ps.p != '\0' || ps.unsafe) {
    return false; /* an unbalanced ')', or an unmodelled construct */
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
static void jit_all(og_scanner *sc) {
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
  sc->heading = heading_regex();
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

void og_scanner_set_part(og_scanner *sc, size_t bytes) {
  sc->part = bytes > 0 ? bytes : 1;
}

void og_scanner_set_threads(og_scanner *sc, int n) {
  sc->threads = n < 1 ? 1 : n > OG_MAX_SCAN_THREADS ? OG_MAX_SCAN_THREADS : n;
}

static void state_init(scan_state *st, const og_scanner *sc) {
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

static void state_release(scan_state *st) {
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
static inline char *ntext(const scan_state *st, size_t off) {
  return st->norm.text + (off - st->norm.base);
}

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
static int run_paragraph(scan_state *st, size_t a, size_t b) {
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


/* The first paragraph boundary at or after off: *end is where the
 * paragraph ends (its last '\n'), the result where the next one begins
 * (after the blank line). Without one, both are len. */
static size_t next_paragraph(const char *s, size_t len, size_t off,
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
  size_t next = next_paragraph(ntext(st, st->pa), left, 0, &end);
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
  while ((i = plain_run(s, i, len)) < len) {
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
    norm_drop(n, keep);
  }
  size_t bad;
  if (!norm_more(n, until, &bad)) {
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
  if (run_paragraph(st, st->pa, st->pend) != 0) {
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
  find_sections(&st->secs, st->sc->heading, st->orig + st->obase,
                st->oend - st->obase);
  norm_begin(&st->norm, st->orig + st->obase, st->oend - st->obase);
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
static void *scan_share(void *arg) {
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
    state_init(&st[t], sc);
    size_t split = len / (size_t)ns * (size_t)(t + 1);
    size_t end = len, next = len;
    if (t < ns - 1) {
      next = next_paragraph(text, len, split > from ? split : from, &end);
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
  run_workers(scan_share, st, nt, ngroups, step);
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
    state_release(&st[t]);
  }
  free(st);
  return rc;
}

int og_scan_text(og_scanner *sc, const char *file, const char *text,
                 size_t len, og_scan_result *out, og_diags *d) {
  memset(out, 0, sizeof(*out));
  out->file = file;
  jit_all(sc);
  size_t bad = 0, bad_at = 0;
  int rc = scan_shares(sc, text, len, out, &bad, &bad_at);
  if (rc == 0) {
    return 0;
  }
  const scan_pat *sp = &sc->pats[bad];
  unsigned limit;
  const char *what = limit_name(rc, &limit);
  int line = 1, col = 1;
  size_t pos = 0;
  advance(text, &pos, &line, &col, bad_at);
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
