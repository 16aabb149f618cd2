/* atoms.c - the literals every match of a pattern must hold, read from
 * the pattern's own syntax (og_atoms_branches): the prefilter that lets
 * most patterns not run at all.
 */
#define _POSIX_C_SOURCE 200809L
#include "scan_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

static int len_add(int a, int b) {
  return a >= UNBOUNDED - b ? UNBOUNDED : a + b;
}

static int len_mul(int a, int n) {
  if (a == 0 || n == 0) {
    return 0;
  }
  return a >= UNBOUNDED / n ? UNBOUNDED : a * n;
}


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

bool og_atomset_better(const atomset *a, const atomset *b) {
  if (!a->ok) {
    return false;
  }
  if (!b->ok) {
    return true;
  }
  return a->score > b->score || (a->score == b->score && a->n < b->n);
}


static void factors_add(factors *fs, const atomset *a) {
  if (!a->ok) {
    return;
  }
  if (fs->n == FACTORS_MAX) {
    int weakest = 0;
    for (int i = 1; i < fs->n; i++) {
      if (og_atomset_better(&fs->f[weakest], &fs->f[i])) {
        weakest = i;
      }
    }
    if (!og_atomset_better(a, &fs->f[weakest])) {
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
    if (og_atomset_better(&fs->f[i], &best)) {
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


int og_atoms_branches(const char *regex, factors *br, int max) {
  int nb = 0;
  parser ps = {regex, false};
  for (;;) {
    if (nb == max) {
      return -1;
    }
    int bmin, bmax;
    bool bsp;
    parse_seq(&ps, &br[nb], 0, &bmin, &bmax, false, &bsp);
    if (br[nb].n == 0) {
      return -1;
    }
    nb++;
    if (*ps.p != '|') {
      break;
    }
    ps.p++;
  }
  if (*ps.p != '\0' || ps.unsafe) {
    return -1; /* an unbalanced ')', or an unmodelled construct */
  }
  return nb;
}
