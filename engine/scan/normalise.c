/* normalise.c - the text the patterns run on: curly quotes straight,
 * Unicode white space as a space, soft hyphens gone, a word hyphenated at a
 * line end joined, two non-ASCII letters caseless matching folds onto
 * ASCII written as ASCII; UTF-8 checked as it goes; and the map from its
 * offsets back to the original text's (scan.h, og_norm).
 */
#define _POSIX_C_SOURCE 200809L
#include "scan_int.h"

#include <stdlib.h>
#include <string.h>

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
size_t og_plain_run(const unsigned char *s, size_t j, size_t len) {
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
void og_norm_begin(og_norm *n, const char *src, size_t len) {
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
bool og_norm_more(og_norm *n, size_t until, size_t *bad) {
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
    size_t j = og_plain_run(s, i, until);
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
void og_norm_drop(og_norm *n, size_t keep) {
  memmove(n->text, n->text + (keep - n->base), n->len - keep);
  memset(n->text + (n->len - keep), 0, 16);
  n->base = keep;
}

bool og_norm_init(og_norm *n, const char *src, size_t len, size_t *bad) {
  og_norm_begin(n, src, len);
  return og_norm_more(n, len, bad);
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
