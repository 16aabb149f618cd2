/* statute.c - cites, the sections of a code's text, and quotes in them
 * (grammar and conventions in statute.h). */
#define _POSIX_C_SOURCE 200809L
#include "statute.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ES_ARTICULO "Art\xc3\xad" "culo "
#define MAX_NUMBER 64

/* Spanish article suffixes: "177 bis", "189 ter"; written, and read,
 * with or without the accent of "quáter" (the number keeps "quater"). */
static const char *const latin[] = {
    "bis",    "ter",     "quater", "qu\xc3\xa1ter", "quinquies", "sexies",
    "septies", "octies", "nonies", "decies",         NULL};

/* ---- cites ------------------------------------------------------------ */

static bool starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Reads a Spanish article number at s ("189", "1º", "177 bis") into num
 * ("189", "1", "177 bis"); returns its length in s, 0 when s does not
 * open with a digit. */
static size_t es_number(const char *s, char *num, size_t cap) {
  size_t i = 0;
  while (isdigit((unsigned char)s[i])) {
    i++;
  }
  if (i == 0 || i + 16 >= cap) {
    return 0;
  }
  memcpy(num, s, i);
  num[i] = '\0';
  size_t n = i;
  if (starts(s + n, "\xc2\xba")) { /* "1º" */
    n += 2;
  }
  if (s[n] == ' ') {
    for (size_t k = 0; latin[k]; k++) {
      size_t l = strlen(latin[k]);
      if (strncmp(s + n + 1, latin[k], l) == 0 &&
          !isalpha((unsigned char)s[n + 1 + l])) {
        strcat(num, " ");
        strcat(num, starts(latin[k], "qu\xc3\xa1") ? "quater" : latin[k]);
        n += 1 + l;
        break;
      }
    }
  }
  return n;
}

/* Reads a section number at s ("2256", "22-1834", "163.1", "14:81.1") up
 * to a subdivision, a space or a comma, without trailing dots; returns its
 * length in s, 0 when s does not open with a digit. */
static size_t number(const char *s, char *num, size_t cap) {
  if (!isdigit((unsigned char)s[0])) {
    return 0;
  }
  size_t i = 0;
  while (isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '-' ||
         s[i] == ':') {
    i++;
  }
  size_t n = i;
  while (n > 0 && s[n - 1] == '.') {
    n--;
  }
  if (n == 0 || n >= cap) {
    return 0;
  }
  memcpy(num, s, n);
  num[n] = '\0';
  return i;
}

/* Reads a Spanish additional, transitional, repealing or final provision
 * whose "D" or "d" is at s[-1] ("disposición adicional octava",
 * "Disposición final quinta.", "disposición derogatoria única") into num
 * as "disposición adicional octava" (lower case); returns its length from
 * s[-1], 0 when it is no such provision. These are operative law in
 * Spanish statutes, cited and headed by their three words. */
static size_t es_provision(const char *s, char *num, size_t cap) {
  if (strncmp(s, "isposici\xc3\xb3n ", 12) != 0) {
    return 0;
  }
  static const char *const kinds[] = {"adicional ", "transitoria ", "final ",
                                      "derogatoria ", NULL};
  const char *p = s + 12;
  size_t k = 0;
  while (kinds[k] && strncmp(p, kinds[k], strlen(kinds[k])) != 0) {
    k++;
  }
  if (kinds[k] == NULL) {
    return 0;
  }
  p += strlen(kinds[k]);
  size_t w = 0; /* the ordinal: letters, UTF-8 included */
  while (isalpha((unsigned char)p[w]) || (unsigned char)p[w] >= 0x80) {
    w++;
  }
  size_t n = (size_t)(p + w - s) + 1; /* with the initial D */
  if (w == 0 || n >= cap) {
    return 0;
  }
  num[0] = 'd';
  memcpy(num + 1, s, n - 1);
  num[n] = '\0';
  return n;
}

static const char *const markers[] = {
    "\xc2\xa7\xc2\xa7", "\xc2\xa7", "ss.", "s.", "arts.", "art.", "Arts.",
    "Art.", "secs.", "sec.", "Secs.", "Sec.", "sections", "section", NULL};

static void parse_part(og_cite_part *p, const char *const *codes,
                       size_t ncodes) {
  size_t best = 0;
  p->code = -1;
  for (size_t i = 0; i < ncodes; i++) {
    size_t l = strlen(codes[i]);
    if (l > best && strncmp(p->text, codes[i], l) == 0 &&
        (p->text[l] == '\0' || p->text[l] == ' ' || p->text[l] == ',')) {
      best = l;
      p->code = (int)i;
    }
  }
  if (p->code < 0) {
    return;
  }
  const char *s = p->text + best;
  while (*s == ' ' || *s == ',') {
    s++;
  }
  char prov[MAX_NUMBER];
  size_t pn = (s[0] == 'd' || s[0] == 'D')
                  ? es_provision(s + 1, prov, sizeof(prov))
                  : 0;
  if (pn > 0) {
    p->sections = og_xrealloc(p->sections, sizeof(char *));
    p->sections[p->nsections++] = og_xstrdup(prov);
    return;
  }
  bool es = false;
  for (size_t i = 0; markers[i]; i++) {
    size_t l = strlen(markers[i]);
    if (strncmp(s, markers[i], l) == 0 &&
        (s[l] == ' ' || isdigit((unsigned char)s[l]))) {
      es = tolower((unsigned char)s[0]) == 'a';
      s += l;
      break;
    }
  }
  /* items, split at commas and "and"/"y" */
  while (*s) {
    while (*s == ' ' || *s == ',') {
      s++;
    }
    if (starts(s, "and ")) {
      s += 4;
      continue;
    }
    if (starts(s, "y ")) {
      s += 2;
      continue;
    }
    char num[MAX_NUMBER];
    size_t n = es ? es_number(s, num, sizeof(num))
                  : number(s, num, sizeof(num));
    if (n > 0) {
      p->sections = og_xrealloc(p->sections,
                                (p->nsections + 1) * sizeof(char *));
      p->sections[p->nsections++] = og_xstrdup(num);
      s += n;
    }
    /* the rest of the item: its subdivisions ("(a)(1)", ".1.a)") */
    while (*s && *s != ',' && !starts(s, " and ") && !starts(s, " y ")) {
      s++;
    }
  }
}

size_t og_cite_parse(const char *cite, const char *const *codes, size_t ncodes,
                     og_cite_part **out) {
  size_t n = 0;
  og_cite_part *v = NULL;
  const char *s = cite;
  while (*s) {
    const char *e = strstr(s, "; ");
    size_t l = e ? (size_t)(e - s) : strlen(s);
    while (l > 0 && s[l - 1] == ' ') {
      l--;
    }
    v = og_xrealloc(v, (n + 1) * sizeof(*v));
    og_cite_part *p = &v[n++];
    memset(p, 0, sizeof(*p));
    p->text = og_xmalloc(l + 1);
    memcpy(p->text, s, l);
    p->text[l] = '\0';
    parse_part(p, codes, ncodes);
    if (e == NULL) {
      break;
    }
    s = e + 2;
    while (*s == ' ') {
      s++;
    }
  }
  *out = v;
  return n;
}

void og_cite_parts_free(og_cite_part *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    for (size_t k = 0; k < v[i].nsections; k++) {
      free(v[i].sections[k]);
    }
    free(v[i].sections);
    free(v[i].text);
  }
  free(v);
}

/* ---- sections ----------------------------------------------------------- */

/* Reads the line at s (n bytes, no newline). Returns true when it opens a
 * section, with its number in num; *level is its Markdown heading level
 * (0: not a Markdown heading), set either way. */

/* The length of the space after a section sign: an ASCII space, or a
 * no-break, thin or narrow no-break space (publishers use all four); 0
 * when none. */
static size_t space_len(const char *p) {
  static const char *const spaces[] = {" ", "\xc2\xa0", "\xe2\x80\x89",
                                       "\xe2\x80\xaf"};
  for (size_t i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++) {
    if (starts(p, spaces[i])) {
      return strlen(spaces[i]);
    }
  }
  return 0;
}

static bool heading(const char *s, size_t n, char *num, int *level) {
  char line[256];
  if (n >= sizeof(line)) {
    n = sizeof(line) - 1; /* a heading's number is near its start */
  }
  memcpy(line, s, n);
  line[n] = '\0';
  const char *p = line;
  int hashes = 0;
  while (*p == '#' && hashes < 7) {
    p++, hashes++;
  }
  *level = hashes > 0 && hashes <= 6 && *p == ' ' ? hashes : 0;
  if (*level > 0) {
    while (*p == ' ') {
      p++;
    }
  } else {
    p = line;
  }
  size_t k;
  size_t sp = starts(p, "\xc2\xa7") ? space_len(p + 2) : 0;
  if (sp > 0 || starts(p, "Sec. ")) {
    p += sp > 0 ? 2 + sp : 5;
    /* "§ 2256. Title": the number ends with a dot before a space */
    size_t i = 0;
    while (isalnum((unsigned char)p[i]) || p[i] == '.' || p[i] == '-' ||
           p[i] == ':') {
      i++;
    }
    if (i < 2 || p[i - 1] != '.' || (p[i] != ' ' && p[i] != '\0') ||
        !isdigit((unsigned char)p[0])) {
      return false;
    }
    return number(p, num, MAX_NUMBER) > 0;
  }
  if (p[0] == 'D' || p[0] == 'd') {
    /* "##### Disposición adicional octava. Title." (a heading, or the
     * provision's name closed by a dot) */
    size_t pn = es_provision(p + 1, num, MAX_NUMBER);
    return pn > 0 && (*level > 0 || p[pn] == '.');
  }
  if (starts(p, ES_ARTICULO)) {
    p += strlen(ES_ARTICULO);
    k = es_number(p, num, MAX_NUMBER);
    return k > 0 && (p[k] == '.' || p[k] == '\0'); /* "Artículo 151" too */
  }
  if (isdigit((unsigned char)p[0])) {
    k = 0;
    while (isdigit((unsigned char)p[k]) || p[k] == '.') {
      k++;
    }
    if (*level > 0) {
      /* "### 163.1 Marginal note" */
      return (p[k] == ' ' || p[k] == '\0') && number(p, num, MAX_NUMBER) > 0;
    }
    /* "787.025 Title.—" (Florida) */
    return p[k] == ' ' && memchr(p, '.', k) != NULL &&
           strstr(p, ".\xe2\x80\x94") != NULL &&
           number(p, num, MAX_NUMBER) > 0;
  }
  return false;
}

bool og_statute_find(const char *text, size_t len, const char *num,
                     size_t *from, size_t *start, size_t *end) {
  size_t i = *from;
  bool in = false;
  int in_level = 0;
  while (i < len) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len;
    char got[MAX_NUMBER];
    int level;
    bool sec = heading(text + i, e - i, got, &level);
    if (in && (sec || (in_level > 0 && level > 0 && level <= in_level))) {
      *end = i;
      *from = i;
      return true;
    }
    if (!in && sec && strcmp(got, num) == 0) {
      in = true;
      in_level = level;
      *start = i;
    }
    i = nl ? e + 1 : len;
  }
  if (in) {
    *end = len;
    *from = len;
  }
  return in;
}

/* ---- quotes ------------------------------------------------------------- */

/* The length of the white space character at s (n bytes left), 0 if none:
 * ASCII space and controls, no-break (U+00A0), U+2000-U+200A, narrow
 * no-break (U+202F), ideographic (U+3000). */
static size_t space_at(const unsigned char *s, size_t n) {
  if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' ||
      *s == '\v') {
    return 1;
  }
  if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {
    return 2;
  }
  if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
      ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xAF)) {
    return 3;
  }
  if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {
    return 3;
  }
  return 0;
}

/* s normalised (see statute.h), malloc'd. */
static char *normalise(const char *src, size_t n) {
  const unsigned char *s = (const unsigned char *)src;
  char *out = og_xmalloc(n + 1);
  size_t o = 0, i = 0;
  bool line_start = true, pending_space = false;
  while (i < n) {
    size_t w = space_at(s + i, n - i);
    if (w) {
      if (s[i] == '\n') {
        line_start = true;
      }
      pending_space = o > 0;
      i += w;
      continue;
    }
    if (line_start && (s[i] == '-' || s[i] == '>') && i + 1 < n &&
        s[i + 1] == ' ') {
      i += 2; /* a Markdown list item or quotation */
      continue;
    }
    line_start = false;
    if (s[i] == '*') {
      i++;
      continue;
    }
    if (i + 1 < n && s[i] == 0xC2 && s[i + 1] == 0xAD) {
      i += 2; /* soft hyphen */
      continue;
    }
    char c = 0;
    if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80) {
      if (s[i + 2] == 0x9C || s[i + 2] == 0x9D) {
        c = '"';
      } else if (s[i + 2] == 0x98 || s[i + 2] == 0x99) {
        c = '\'';
      }
    }
    if (pending_space) {
      out[o++] = ' ';
      pending_space = false;
    }
    if (c) {
      out[o++] = c;
      i += 3;
    } else {
      out[o++] = (char)s[i++];
    }
  }
  out[o] = '\0';
  return out;
}

/* Flips the case of the first letter of s (ASCII, or Latin-1 in UTF-8). */
static void flip_first(char *s) {
  unsigned char *u = (unsigned char *)s;
  if (isalpha(u[0])) {
    u[0] ^= 0x20;
  } else if (u[0] == 0xC3 && ((u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97) ||
                              (u[1] >= 0xA0 && u[1] <= 0xBE && u[1] != 0xB7))) {
    u[1] ^= 0x20;
  }
}

/* Whether the pieces of q (split at "..." and "…") occur in order in t. */
static bool pieces_in(char *q, const char *t) {
  const char *at = t;
  char *p = q;
  bool first = true;
  for (;;) {
    char *dots = strstr(p, "...");
    char *ell = strstr(p, "\xe2\x80\xa6");
    char *cut = dots && (!ell || dots < ell) ? dots : ell;
    if (cut) {
      *cut = '\0';
    }
    /* trim the piece */
    char *b = p;
    while (*b == ' ') {
      b++;
    }
    size_t l = strlen(b);
    while (l > 0 && b[l - 1] == ' ') {
      b[--l] = '\0';
    }
    if (l > 0) {
      const char *hit = strstr(at, b);
      if (hit == NULL) { /* each piece may start a sentence, or not */
        flip_first(b);
        hit = strstr(at, b);
      }
      if (hit == NULL) {
        return false;
      }
      at = hit + l;
      first = false;
    }
    if (cut == NULL) {
      return !first; /* at least one word was quoted */
    }
    p = cut + 3; /* "..." and "…" are both three bytes */
  }
}

bool og_quote_in(const char *quote, const char *text, size_t len) {
  char *q = normalise(quote, strlen(quote));
  /* "[...]" and "[…]" are omissions too */
  for (char *b; (b = strstr(q, "[...]")) != NULL ||
                (b = strstr(q, "[\xe2\x80\xa6]")) != NULL;) {
    b[0] = ' '; /* both are five bytes: keep the dots, drop the brackets */
    b[4] = ' ';
  }
  char *t = normalise(text, len);
  bool yes = pieces_in(q, t);
  free(q);
  free(t);
  return yes;
}
