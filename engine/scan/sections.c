/* sections.c - the section finder: the headings a match is reported
 * under (scan.h, og_sections). To teach opgap another language's or
 * code's headings, change heading_regex and label_end here.
 */
#define _POSIX_C_SOURCE 200809L
#include "scan_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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
pcre2_code *og_heading_regex(void) {
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
void og_sections_find_with(og_sections *s, const pcre2_code *re,
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
  pcre2_code *re = og_heading_regex();
  og_sections_find_with(s, re, text, len);
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
