/* scan.c - normaliser, section finder and the pattern scanner (scan.h).
 *
 * Speed comes from not running most patterns at all, as YARA and ripgrep
 * do. Each top-level branch of a pattern gets up to eight required
 * "factors", each a set of "atoms" (3-, 4-, 6- or 8-byte lower-case ASCII
 * literals) one of which every match of the branch contains; they are
 * found by walking the regular expression's syntax (a pattern with a
 * branch without one runs on every paragraph). One pass over the text
 * keeps the last eight bytes, folded to lower case, in a 64-bit word: a
 * Bloom filter on the last three bytes gates a Bloom filter per atom
 * length, and a hit is looked up in a hashed atom index, which sets the
 * factor's bit for the atom's patterns. A pattern becomes a candidate of
 * the paragraph once every factor of one branch is seen; at each
 * paragraph's end only the candidates run, JIT-compiled, on that
 * paragraph, and only up to the last of their atoms seen there (a match
 * contains one): PCRE2's offset limit, on a copy of each pattern compiled
 * with PCRE2_USE_OFFSET_LIMIT. Large texts are cut at paragraph boundaries between workers
 * (threads), each with its own match data, JIT stack and marks.
 *
 * Caseless matching under PCRE2_UCP also folds a few non-ASCII characters
 * onto ASCII letters (U+212A KELVIN SIGN onto k, U+017F LONG S onto s);
 * an atom containing k or s can miss such a spelling. Legal text does not
 * use them.
 */
#include "scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <pthread.h>
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
 * 0 drops it. */
static int norm_replace(const unsigned char *s, size_t left, size_t *len) {
  if (s[0] == 0xC2 && left >= 2) {
    *len = 2;
    switch (s[1]) {
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
  if (s[0] == 0xE2 && left >= 3 && s[1] == 0x80) {
    *len = 3;
    switch (s[2]) {
    case 0x98: /* single quotation marks */
    case 0x99:
    case 0x9A:
      return '\'';
    case 0x9C: /* double quotation marks */
    case 0x9D:
    case 0x9E:
      return '"';
    case 0x89: /* thin space */
    case 0xAF: /* narrow no-break space */
      return ' ';
    default:
      return -1;
    }
  }
  return -1;
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

void og_norm_init(og_norm *n, const char *src, size_t len) {
  memset(n, 0, sizeof(*n));
  const unsigned char *s = (const unsigned char *)src;
  /* zeroed: PCRE2's JIT may read a few bytes past a subject (SIMD) */
  n->text = og_xcalloc(len + 16, 1);
  size_t o = 0;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c == '-') {
      size_t next = hyphen_join(s, i, len);
      if (next) {
        i = next;
        norm_edit(n, o, i - o);
        continue;
      }
    } else if (c == 0xC2 || c == 0xE2) {
      size_t clen;
      int r = norm_replace(s + i, len - i, &clen);
      if (r > 0) {
        n->text[o++] = (char)r;
        i += clen;
        norm_edit(n, o, i - o);
        continue;
      }
      if (r == 0) {
        i += clen;
        norm_edit(n, o, i - o);
        continue;
      }
    }
    n->text[o++] = (char)c;
    i++;
  }
  n->text[o] = '\0';
  n->len = o;
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

void og_sections_find(og_sections *s, const char *text, size_t len) {
  memset(s, 0, sizeof(*s));
  int err;
  PCRE2_SIZE eoff;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)heading_re, PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF | PCRE2_MULTILINE, &err, &eoff,
                                 NULL);
  if (re == NULL) { /* a constant pattern: cannot fail once tested */
    return;
  }
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
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
 * The grammar walked (PCRE2 syntax, the subset that decides what is
 * required):
 *   alt   := seq ('|' seq)*
 *   seq   := (item quant?)*
 *   item  := literal | escape | class | '(' group-kind alt ')' | . ^ $
 *   quant := ? * + {n} {n,} {n,m}, then an optional ? or +
 * A set of atoms is valid for a fragment when every match of the fragment
 * contains one of them. */
#define ATOMS_MAX 16

typedef struct atomset {
  char s[ATOMS_MAX][9];
  int n;
  int score; /* the weakest atom's score; higher is rarer */
  bool ok;
} atomset;

typedef struct parser {
  const char *p;
} parser;

static int byte_rarity(char c) {
  if (strchr("etaoinsrhl ", c)) {
    return 1;
  }
  if (strchr("dcumfpgwyb", c)) {
    return 2;
  }
  return 3;
}

/* The rarest slice of a literal run, as long as the run allows: 8, 6, 4
 * or 3 bytes (longer atoms hit less often inside common words). */
static void atom_from_run(const char *run, size_t len, atomset *out) {
  memset(out, 0, sizeof(*out));
  if (len < 3) {
    return;
  }
  size_t w = len >= 8 ? 8 : len >= 6 ? 6 : len >= 4 ? 4 : 3;
  int best = -1;
  size_t at = 0;
  for (size_t i = 0; i + w <= len; i++) {
    int sc = 0;
    for (size_t k = 0; k < w; k++) {
      sc += byte_rarity(run[i + k]);
    }
    if (sc > best) {
      best = sc;
      at = i;
    }
  }
  memcpy(out->s[0], run + at, w);
  out->s[0][w] = '\0';
  out->n = 1;
  out->score = best + (int)w * 100;
  out->ok = true;
}

static bool better(const atomset *a, const atomset *b) {
  if (!a->ok) {
    return false;
  }
  if (!b->ok) {
    return true;
  }
  return a->score > b->score || (a->score == b->score && a->n < b->n);
}

/* The required factors of a sequence: every match contains one atom of
 * each factor. At most FACTORS_MAX, the rarest kept. */
#define FACTORS_MAX 8
typedef struct factors {
  atomset f[FACTORS_MAX];
  int n;
} factors;

static void factors_add(factors *fs, const atomset *a) {
  if (!a->ok) {
    return;
  }
  if (fs->n < FACTORS_MAX) {
    fs->f[fs->n++] = *a;
    return;
  }
  int weakest = 0;
  for (int i = 1; i < fs->n; i++) {
    if (better(&fs->f[weakest], &fs->f[i])) {
      weakest = i;
    }
  }
  if (better(a, &fs->f[weakest])) {
    fs->f[weakest] = *a;
  }
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

static void parse_alt(parser *ps, factors *out, int depth);

/* Skips a quantifier; returns whether there was one, with its minimum
 * count (0 or at least 1) in *min. */
static bool quantifier(parser *ps, int *min_out) {
  const char *p = ps->p;
  int min = 1;
  *min_out = 1;
  if (*p == '?' || *p == '*') {
    min = 0;
    p++;
  } else if (*p == '+') {
    p++;
  } else if (*p == '{' && p[1] >= '0' && p[1] <= '9') {
    char *end;
    long v = strtol(p + 1, &end, 10);
    if (*end == '}' || *end == ',') {
      const char *close = strchr(end, '}');
      if (close == NULL) {
        return false;
      }
      min = v > 0 ? 1 : 0;
      p = close + 1;
    } else {
      return false;
    }
  } else {
    return false;
  }
  if (*p == '?' || *p == '+') {
    p++;
  }
  ps->p = p;
  *min_out = min;
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

/* Parses an escape after '\'. Returns the literal byte, or -1 when the
 * escape is not one literal ASCII character. */
static int escape(parser *ps) {
  const char *p = ps->p + 1;
  char c = *p;
  if (c == '\0') {
    ps->p = p;
    return -1;
  }
  ps->p = p + 1;
  if ((c == 'p' || c == 'P' || c == 'x' || c == 'g' || c == 'k') &&
      (p[1] == '{' || p[1] == '<')) {
    const char *e = strchr(p, p[1] == '{' ? '}' : '>');
    ps->p = e ? e + 1 : p + 1;
    return -1;
  }
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9')) {
    return -1;
  }
  return (unsigned char)c < 0x80 ? c : -1;
}

static void parse_seq(parser *ps, factors *out, int depth) {
  char run[256];
  size_t rlen = 0;
  memset(out, 0, sizeof(*out));
#define END_RUN()                                                              \
  do {                                                                         \
    atomset a_;                                                                \
    atom_from_run(run, rlen, &a_);                                             \
    factors_add(out, &a_);                                                     \
    rlen = 0;                                                                  \
  } while (0)
  for (;;) {
    char c = *ps->p;
    if (c == '\0' || c == '|' || c == ')') {
      break;
    }
    int lit = -1;
    factors group = {0};
    bool is_group = false;
    if (c == '\\') {
      lit = escape(ps);
    } else if (c == '[') {
      skip_class(ps);
    } else if (c == '(') {
      const char *p = ps->p + 1;
      bool consuming = true;
      if (*p == '*') { /* a verb: (*MARK:x) and the like */
        const char *e = strchr(p, ')');
        ps->p = e ? e + 1 : p;
        continue;
      }
      if (*p == '?') {
        p++;
        if (*p == '#') {
          const char *e = strchr(p, ')');
          ps->p = e ? e + 1 : p;
          continue;
        }
        if (*p == '=' || *p == '!' ||
            (*p == '<' && (p[1] == '=' || p[1] == '!'))) {
          consuming = false;
          p += *p == '<' ? 2 : 1;
        } else if (*p == '<' || *p == '\'' || (*p == 'P' && p[1] == '<')) {
          const char *e = strchr(p, *p == '\'' ? '\'' : '>');
          if (*p == '\'' && e) {
            e = strchr(p + 1, '\'');
          }
          p = e ? e + 1 : p;
        } else {
          /* flags: (?i) alone, or (?i:...) */
          while (*p && *p != ':' && *p != ')') {
            p++;
          }
          if (*p == ')') {
            ps->p = p + 1;
            continue;
          }
          if (*p == ':') {
            p++;
          }
        }
      }
      ps->p = p;
      if (depth < 32) {
        parse_alt(ps, &group, depth + 1);
      } else {
        group.n = 0;
        int level = 1;
        while (*ps->p && level) {
          level += *ps->p == '(' ? 1 : *ps->p == ')' ? -1 : 0;
          if (level) {
            ps->p++;
          }
        }
      }
      if (*ps->p == ')') {
        ps->p++;
      }
      is_group = consuming;
    } else if ((unsigned char)c >= 0x80 || c == '.' || c == '^' || c == '$') {
      ps->p++;
      while (((unsigned char)*ps->p & 0xC0) == 0x80) {
        ps->p++;
      }
    } else {
      lit = c;
      ps->p++;
    }
    int min;
    bool quantified = quantifier(ps, &min);
    if (lit >= 0 && !quantified && rlen < sizeof(run)) {
      run[rlen++] = (char)(lit >= 'A' && lit <= 'Z' ? lit + 32 : lit);
      continue;
    }
    if (lit >= 0 && min >= 1 && rlen < sizeof(run)) {
      /* "s+": one s is required, then the run ends */
      run[rlen++] = (char)(lit >= 'A' && lit <= 'Z' ? lit + 32 : lit);
    }
    END_RUN();
    if (is_group && min >= 1) {
      for (int i = 0; i < group.n; i++) {
        factors_add(out, &group.f[i]);
      }
    }
  }
  END_RUN();
#undef END_RUN
}

/* One branch keeps all its factors; several become one factor: the union
 * of each branch's rarest factor (none when a branch has none). */
static void parse_alt(parser *ps, factors *out, int depth) {
  parse_seq(ps, out, depth);
  if (*ps->p != '|') {
    return;
  }
  atomset acc = factors_best(out);
  while (*ps->p == '|') {
    ps->p++;
    factors fb;
    parse_seq(ps, &fb, depth);
    atomset b = factors_best(&fb);
    if (!acc.ok || !b.ok || acc.n + b.n > ATOMS_MAX) {
      acc.ok = false;
      continue;
    }
    for (int i = 0; i < b.n; i++) {
      memcpy(acc.s[acc.n++], b.s[i], 9);
    }
    if (b.score < acc.score) {
      acc.score = b.score;
    }
  }
  memset(out, 0, sizeof(*out));
  factors_add(out, &acc);
}

/* ---- scanner --------------------------------------------------------------- */
typedef struct scan_pat {
  const og_rule *rule;
  const og_pattern *pat;
} scan_pat;

typedef struct atom_entry {
  uint64_t key;
  uint8_t bit; /* the factor of the pattern the atom belongs to */
  size_t pat;
} atom_entry;

#define BLOOM_WORDS 1024 /* 65536 bits */

/* Atoms of one length: sorted entries and a Bloom filter on their keys. */
static const int atom_lens[] = {3, 4, 6, 8};
#define NLENS 4

/* slot of the open-addressing index of distinct keys; count 0: empty */
typedef struct atom_slot {
  uint64_t key;
  uint32_t first, count; /* the key's run in the sorted entries */
} atom_slot;

typedef struct atom_table {
  atom_entry *v;
  size_t n, cap;
  uint64_t mask;
  uint64_t bloom[BLOOM_WORDS];
  atom_slot *slots;
  size_t nslots; /* a power of two */
} atom_table;

struct og_scanner {
  scan_pat *pats;
  size_t npats;
  atom_table tab[NLENS];
  /* by a hash of the last three bytes of every atom: a bit per atom
   * length (atom_lens) for which some atom ends with them */
  uint8_t gate[1 << 16];
  size_t *always; /* patterns without atoms */
  size_t nalways;
  bool prefilter; /* false: every pattern runs on every paragraph */
  bool *filtered;  /* the pattern has atoms (is not in always[]) */
  unsigned char lower[256]; /* ASCII folded to lower case */
  int threads;              /* workers for a large text */
  /* per pattern: the bits of each top-level branch's factors; the
   * pattern is a candidate once every bit of one branch is seen */
  uint8_t (*need)[8];
  uint8_t *nbranch;
  /* per pattern: a copy compiled with PCRE2_USE_OFFSET_LIMIT, so that a
   * candidate stops trying start positions after the last atom seen in
   * the paragraph (a match contains an atom); NULL when that failed */
  pcre2_code **limited;
  /* JIT-compiled: 1 the pattern, 2 its limited copy (pcre2_jit_match
   * skips pcre2_match's checks) */
  uint8_t *jit;
};

/* What one worker needs while it scans its share of a text: PCRE2's
 * match data and JIT stack, and the per-paragraph candidate marks. */
typedef struct raw_match {
  size_t start, end, pat;
} raw_match;

typedef struct raw_list {
  raw_match *v;
  size_t n, cap;
} raw_list;

typedef struct scan_state {
  const og_scanner *sc;
  const char *text; /* the worker's share of the normalised text */
  size_t len, base; /* base: the share's offset in the whole text */
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jstack;
  uint8_t *hits; /* factors seen, valid when stamp == para */
  size_t *stamp, *cand;
  size_t *last;  /* where the last atom seen begins */
  size_t ncand, para;
  raw_list out;
  int rc;              /* 0, or the PCRE2 error that ended the scan */
  size_t bad, bad_at;  /* the pattern, and its paragraph's offset */
} scan_state;

static inline uint32_t bloom_hash(uint64_t k) {
  return (uint32_t)((k * 0x9E3779B97F4A7C15ull) >> 48);
}

static int atom_cmp(const void *a, const void *b) {
  const atom_entry *x = a, *y = b;
  if (x->key != y->key) {
    return x->key < y->key ? -1 : 1;
  }
  return x->pat < y->pat ? -1 : x->pat > y->pat;
}

static void add_atom(og_scanner *sc, const char *s, size_t pat,
                     uint8_t bit) {
  size_t w = strlen(s);
  uint64_t key = 0;
  for (size_t i = 0; i < w; i++) {
    key = (key << 8) | (unsigned char)s[i];
  }
  atom_table *t = NULL;
  for (int i = 0; i < NLENS; i++) {
    if ((size_t)atom_lens[i] == w) {
      t = &sc->tab[i];
    }
  }
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->v = og_xrealloc(t->v, t->cap * sizeof(atom_entry));
  }
  t->v[t->n++] = (atom_entry){key, bit, pat};
  uint32_t h = bloom_hash(key);
  t->bloom[h >> 6] |= (uint64_t)1 << (h & 63);
  sc->gate[bloom_hash(key & 0xFFFFFFu)] |= (uint8_t)(1u << (t - sc->tab));
}

/* Builds t's index of distinct keys over its sorted entries. */
static void index_table(atom_table *t) {
  t->nslots = 16;
  while (t->nslots < t->n * 4) {
    t->nslots *= 2;
  }
  t->slots = og_xcalloc(t->nslots, sizeof(atom_slot));
  for (size_t i = 0; i < t->n;) {
    size_t j = i;
    while (j < t->n && t->v[j].key == t->v[i].key) {
      j++;
    }
    size_t h = bloom_hash(t->v[i].key) & (t->nslots - 1);
    while (t->slots[h].count) {
      h = (h + 1) & (t->nslots - 1);
    }
    t->slots[h] = (atom_slot){t->v[i].key, (uint32_t)i, (uint32_t)(j - i)};
    i = j;
  }
}

/* The prefilter of pattern k: its top-level branches, each the
 * conjunction of up to eight factors, eight bits in all. False when some
 * branch has no factor (the pattern then runs on every paragraph). */
static bool prepare_atoms(og_scanner *sc, size_t k, const char *regex) {
  factors br[8];
  int nb = 0;
  parser ps = {regex};
  for (;;) {
    if (nb == 8) {
      return false;
    }
    parse_seq(&ps, &br[nb], 0);
    if (br[nb].n == 0) {
      return false;
    }
    nb++;
    if (*ps.p != '|') {
      break;
    }
    ps.p++;
  }
  if (*ps.p != '\0') {
    return false; /* an unbalanced ')': leave it to PCRE2 */
  }
  /* bits: each branch's rarest factor first, then more, round robin */
  int take[8] = {0}, bits = 0;
  for (int round = 0; round < FACTORS_MAX && bits < 8; round++) {
    for (int b = 0; b < nb && bits < 8; b++) {
      if (take[b] < br[b].n) {
        take[b]++;
        bits++;
      }
    }
  }
  int bit = 0;
  for (int b = 0; b < nb; b++) {
    /* the factors sorted rarest first */
    for (int i = 0; i < take[b]; i++) {
      int best = i;
      for (int j = i + 1; j < br[b].n; j++) {
        if (better(&br[b].f[j], &br[b].f[best])) {
          best = j;
        }
      }
      atomset t = br[b].f[i];
      br[b].f[i] = br[b].f[best];
      br[b].f[best] = t;
      uint8_t m = (uint8_t)(1u << bit++);
      sc->need[k][b] |= m;
      for (int a = 0; a < br[b].f[i].n; a++) {
        add_atom(sc, br[b].f[i].s[a], k, m);
      }
    }
  }
  sc->nbranch[k] = (uint8_t)nb;
  sc->filtered[k] = true;
  return true;
}

og_scanner *og_scanner_new(og_ruleset *rs) {
  og_scanner *sc = og_xcalloc(1, sizeof(*sc));
  for (size_t i = 0; i < rs->nrules; i++) {
    sc->npats += rs->rules[i].npatterns;
  }
  sc->pats = og_xcalloc(sc->npats + 1, sizeof(scan_pat));
  sc->always = og_xcalloc(sc->npats + 1, sizeof(size_t));
  sc->filtered = og_xcalloc(sc->npats + 1, sizeof(bool));
  sc->need = og_xcalloc(sc->npats + 1, sizeof(*sc->need));
  sc->nbranch = og_xcalloc(sc->npats + 1, 1);
  sc->limited = og_xcalloc(sc->npats + 1, sizeof(pcre2_code *));
  sc->jit = og_xcalloc(sc->npats + 1, 1);
  for (int c = 0; c < 256; c++) {
    sc->lower[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  sc->threads = 1;
  size_t k = 0;
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_rule *r = &rs->rules[i];
    for (size_t j = 0; j < r->npatterns; j++, k++) {
      const og_pattern *p = &r->patterns[j];
      sc->pats[k] = (scan_pat){r, p};
      /* Without JIT (an unsupported CPU) pcre2_jit_match is not used. */
      if (pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE) == 0) {
        sc->jit[k] |= 1;
      }
      if (!prepare_atoms(sc, k, p->regex)) {
        sc->always[sc->nalways++] = k;
      }
      uint32_t opts = 0;
      int err;
      PCRE2_SIZE eoff;
      if (sc->filtered[k] &&
          pcre2_pattern_info(p->re, PCRE2_INFO_ARGOPTIONS, &opts) == 0) {
        sc->limited[k] = pcre2_compile((PCRE2_SPTR)p->regex,
                                       PCRE2_ZERO_TERMINATED,
                                       opts | PCRE2_USE_OFFSET_LIMIT, &err,
                                       &eoff, NULL);
        if (sc->limited[k] &&
            pcre2_jit_compile(sc->limited[k], PCRE2_JIT_COMPLETE) == 0) {
          sc->jit[k] |= 2;
        }
      }
    }
  }
  for (int i = 0; i < NLENS; i++) {
    atom_table *t = &sc->tab[i];
    if (t->n > 1) { /* t->v is NULL when no atom has this length */
      qsort(t->v, t->n, sizeof(atom_entry), atom_cmp);
    }
    index_table(t);
    t->mask = atom_lens[i] == 8 ? ~(uint64_t)0
                                : ((uint64_t)1 << (8 * atom_lens[i])) - 1;
  }
  sc->prefilter = true;
  return sc;
}

void og_scanner_free(og_scanner *sc) {
  if (sc == NULL) {
    return;
  }
  free(sc->pats);
  for (int i = 0; i < NLENS; i++) {
    free(sc->tab[i].v);
    free(sc->tab[i].slots);
  }
  free(sc->always);
  free(sc->filtered);
  free(sc->need);
  free(sc->nbranch);
  for (size_t k = 0; k < sc->npats; k++) {
    pcre2_code_free(sc->limited[k]);
  }
  free(sc->limited);
  free(sc->jit);
  free(sc);
}

size_t og_scanner_unfiltered(const og_scanner *sc) { return sc->nalways; }

void og_scanner_set_prefilter(og_scanner *sc, bool on) { sc->prefilter = on; }

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
  st->stamp = og_xcalloc(sc->npats + 1, sizeof(size_t));
  st->cand = og_xcalloc(sc->npats + 1, sizeof(size_t));
  st->hits = og_xcalloc(sc->npats + 1, 1);
  st->last = og_xcalloc(sc->npats + 1, sizeof(size_t));
}

static void state_release(scan_state *st) {
  pcre2_match_data_free(st->md);
  pcre2_match_context_free(st->mctx);
  pcre2_jit_stack_free(st->jstack);
  free(st->stamp);
  free(st->cand);
  free(st->hits);
  free(st->last);
  free(st->out.v);
}

/* Notes the atom key of width bytes ending at offset at - 1 of the
 * share. */
static void mark(scan_state *st, const atom_table *t, uint32_t hash,
                 uint64_t key, size_t at, size_t width) {
  const og_scanner *sc = st->sc;
  size_t h = hash & (t->nslots - 1);
  while (t->slots[h].count && t->slots[h].key != key) {
    h = (h + 1) & (t->nslots - 1);
  }
  const atom_slot *slot = &t->slots[h];
  for (uint32_t i = 0; i < slot->count; i++) {
    const atom_entry *e = &t->v[slot->first + i];
    size_t p = e->pat;
    if (st->stamp[p] != st->para) {
      st->stamp[p] = st->para;
      st->hits[p] = 0;
    }
    st->last[p] = at - width;
    uint8_t before = st->hits[p];
    if (before == 0xFF || (before & e->bit)) {
      continue; /* already a candidate, or nothing new */
    }
    uint8_t now = before | e->bit;
    st->hits[p] = now;
    for (int b = 0; b < sc->nbranch[p]; b++) {
      if ((now & sc->need[p][b]) == sc->need[p][b]) {
        st->hits[p] = 0xFF;
        st->cand[st->ncand++] = p;
        break;
      }
    }
  }
}


static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_raw(const void *a, const void *b) {
  const raw_match *x = a, *y = b;
  if (x->start != y->start) {
    return x->start < y->start ? -1 : 1;
  }
  return x->pat < y->pat ? -1 : x->pat > y->pat;
}

/* 1-based line of original offset off (for error messages). */
static int line_of(const char *text, size_t off) {
  int line = 1;
  for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + off - p)));
       p++) {
    line++;
  }
  return line;
}

/* Runs one pattern over one paragraph; unless limit is PCRE2_UNSET, only
 * matches that begin at or before offset limit are looked for. Returns
 * 0, or the PCRE2 error. */
static int run_pattern(scan_state *st, size_t k, const char *para,
                       size_t plen, size_t base, size_t limit) {
  size_t off = 0;
  const og_scanner *sc = st->sc;
  pcre2_code *re = sc->pats[k].pat->re;
  bool jit = sc->jit[k] & 1;
  if (limit != PCRE2_UNSET && sc->limited[k]) {
    re = sc->limited[k];
    jit = sc->jit[k] & 2;
    pcre2_set_offset_limit(st->mctx, limit);
  } else {
    limit = PCRE2_UNSET;
  }
  raw_list *out = &st->out;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(st->md);
  while (off <= plen && (limit == PCRE2_UNSET || off <= limit)) {
    int rc = jit ? pcre2_jit_match(re, (PCRE2_SPTR)para, plen, off,
                                   PCRE2_NO_UTF_CHECK, st->md, st->mctx)
                 : pcre2_match(re, (PCRE2_SPTR)para, plen, off,
                               PCRE2_NO_UTF_CHECK, st->md, st->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) {
      return 0;
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
      out->v[out->n++] = (raw_match){base + s, base + e, k};
      off = e;
    } else {
      off = e + 1;
      while (off < plen && ((unsigned char)para[off] & 0xC0) == 0x80) {
        off++;
      }
    }
  }
  return 0;
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
  if (st->ncand > 1) {
    qsort(st->cand, st->ncand, sizeof(size_t), cmp_size);
  }
  for (size_t i = 0; i < st->ncand + sc->nalways; i++) {
    size_t k = i < st->ncand ? st->cand[i] : sc->always[i - st->ncand];
    /* a match holds an atom, so it begins at or before the last one */
    size_t limit = sc->prefilter && i < st->ncand ? st->last[k] - a
                                                  : PCRE2_UNSET;
    int rc = run_pattern(st, k, st->text + a, b - a, st->base + a, limit);
    if (rc != 0) {
      st->rc = rc;
      st->bad = k;
      st->bad_at = st->base + a;
      return rc;
    }
  }
  st->ncand = 0;
  st->para++;
  return 0;
}


/* The matching pass over one worker's share of the normalised text;
 * st->rc says how it ended. */
static void *scan_share(void *arg) {
  scan_state *st = arg;
  const og_scanner *sc = st->sc;
  const unsigned char *s = (const unsigned char *)st->text;
  size_t len = st->len;
  uint64_t v = 0;
  size_t para = 0;
  st->para = 1;
  st->ncand = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = s[i];
    if (c == '\n') {
      size_t j = i + 1;
      while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) {
        j++;
      }
      if (j < len && s[j] == '\n') {
        if (run_paragraph(st, para, i) != 0) {
          return NULL;
        }
        para = j + 1; /* the next paragraph begins after the blank line */
        i = j;
        v = 0;
        continue;
      }
    }
    v = (v << 8) | sc->lower[c];
    unsigned lens = sc->gate[bloom_hash(v & 0xFFFFFFu)];
    /* the lengths of atoms that may end here */
    for (int t = 0; lens; t++, lens >>= 1) {
      if (!(lens & 1)) {
        continue;
      }
      const atom_table *tb = &sc->tab[t];
      uint64_t key = v & tb->mask;
      uint32_t h = bloom_hash(key);
      if (tb->bloom[h >> 6] & ((uint64_t)1 << (h & 63))) {
        mark(st, tb, h, key, i + 1, (size_t)atom_lens[t]);
      }
    }
  }
  run_paragraph(st, para, len);
  return NULL;
}

/* The first paragraph boundary at or after off: *end is where the
 * paragraph ends (its last '\n'), the result where the next one begins
 * (after the blank line). Without one, both are len. */
static size_t next_paragraph(const char *s, size_t len, size_t off,
                             size_t *end) {
  for (size_t i = off; i < len; i++) {
    if (s[i] != '\n') {
      continue;
    }
    size_t j = i + 1;
    while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) {
      j++;
    }
    if (j < len && s[j] == '\n') {
      *end = i;
      return j + 1;
    }
  }
  *end = len;
  return len;
}

/* Scans the normalised text in up to sc->threads shares cut at paragraph
 * boundaries, so every worker sees whole paragraphs and the matches are
 * those of one sequential pass. Returns 0 or the first share's error
 * (with *bad and *bad_at). The matches are appended to out. */
static int scan_norm(const og_scanner *sc, const char *text, size_t len,
                     raw_list *out, size_t *bad, size_t *bad_at) {
  int nt = sc->threads;
  if (len < OG_SCAN_SHARE_MIN * (size_t)nt) {
    nt = (int)(len / OG_SCAN_SHARE_MIN) + 1;
    nt = nt > sc->threads ? sc->threads : nt;
  }
  scan_state st[OG_MAX_SCAN_THREADS];
  pthread_t tid[OG_MAX_SCAN_THREADS];
  bool started[OG_MAX_SCAN_THREADS] = {false};
  size_t from = 0;
  for (int t = 0; t < nt; t++) {
    state_init(&st[t], sc);
    size_t split = len / (size_t)nt * (size_t)(t + 1);
    size_t end = len, next = len;
    if (t < nt - 1) {
      next = next_paragraph(text, len, split > from ? split : from, &end);
    }
    st[t].text = text + from;
    st[t].len = end - from;
    st[t].base = from;
    from = next;
  }
  for (int t = 1; t < nt; t++) {
    started[t] = pthread_create(&tid[t], NULL, scan_share, &st[t]) == 0;
    if (!started[t]) {
      scan_share(&st[t]);
    }
  }
  scan_share(&st[0]);
  int rc = 0;
  for (int t = 0; t < nt; t++) {
    if (t > 0 && started[t]) {
      pthread_join(tid[t], NULL);
    }
    if (rc == 0 && st[t].rc != 0) {
      rc = st[t].rc;
      *bad = st[t].bad;
      *bad_at = st[t].bad_at;
    }
    raw_list *r = &st[t].out;
    if (out->n + r->n > out->cap) {
      out->cap = out->n + r->n + 1;
      out->v = og_xrealloc(out->v, out->cap * sizeof(raw_match));
    }
    if (r->n) {
      memcpy(out->v + out->n, r->v, r->n * sizeof(raw_match));
    }
    out->n += r->n;
    state_release(&st[t]);
  }
  return rc;
}

/* Advances (line, col) from original offset *pos to off. */
static void advance(const char *text, size_t *pos, int *line, int *col,
                    size_t off) {
  for (size_t i = *pos; i < off; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\n') {
      (*line)++;
      *col = 1;
    } else if ((c & 0xC0) != 0x80) {
      (*col)++;
    }
  }
  *pos = off;
}

static char *collapse(const char *s, size_t n) {
  char *out = og_xmalloc(n + 1);
  size_t o = 0;
  bool space = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
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
  return out;
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

int og_scan_text(og_scanner *sc, const char *file, const char *text,
                 size_t len, og_scan_result *out, og_diags *d) {
  memset(out, 0, sizeof(*out));
  out->file = file;
  size_t badoff;
  if (!og_utf8_valid(text, len, &badoff)) {
    int line = 1, col = 1;
    size_t pos = 0;
    advance(text, &pos, &line, &col, badoff);
    og_diag_add(d, file, line, col, "invalid UTF-8 (scan reads UTF-8 text)");
    return -1;
  }
  og_norm n;
  og_norm_init(&n, text, len);
  raw_list raw = {0};
  size_t bad = 0, bad_at = 0;
  int rc = scan_norm(sc, n.text, n.len, &raw, &bad, &bad_at);
  if (rc != 0) {
    const scan_pat *sp = &sc->pats[bad];
    unsigned limit;
    const char *what = limit_name(rc, &limit);
    int line = line_of(text, og_norm_orig(&n, bad_at));
    if (what) {
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
    free(raw.v);
    og_norm_release(&n);
    return -1;
  }
  if (raw.n > 1) { /* raw.v is NULL when nothing matched (qsort: UB) */
    qsort(raw.v, raw.n, sizeof(raw_match), cmp_raw);
  }
  og_sections_find(&out->sections, text, len);
  out->v = og_xcalloc(raw.n + 1, sizeof(og_scan_match));
  out->cap = raw.n + 1;
  size_t pos = 0;
  int line = 1, col = 1;
  for (size_t i = 0; i < raw.n; i++) {
    const raw_match *m = &raw.v[i];
    og_scan_match *o = &out->v[out->n++];
    o->rule = sc->pats[m->pat].rule;
    o->pattern = sc->pats[m->pat].pat;
    o->start = og_norm_orig(&n, m->start);
    size_t last = og_norm_orig(&n, m->end - 1);
    size_t clen = 1;
    while (last + clen < len &&
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
    o->section = og_sections_at(&out->sections, o->start);
    o->text = collapse(n.text + m->start, m->end - m->start);
  }
  free(raw.v);
  og_norm_release(&n);
  return 0;
}

void og_scan_result_release(og_scan_result *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->v[i].text);
  }
  free(r->v);
  og_sections_release(&r->sections);
  memset(r, 0, sizeof(*r));
}
