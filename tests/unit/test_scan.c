/* test_scan.c - the scan's normaliser, section finder and prefilter. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "limits.h"
#include "scan.h"
#include "suites.h"

/* The normalised form of s (static buffer). */
static const char *norm(const char *s) {
  static char out[512];
  og_norm n;
  CU_ASSERT(og_norm_init(&n, s, strlen(s), NULL));
  snprintf(out, sizeof(out), "%s", n.text);
  og_norm_release(&n);
  return out;
}

static void test_norm_text(void) {
  /* curly quotes, no-break and thin spaces, soft hyphen */
  CU_ASSERT_STRING_EQUAL(norm("\xe2\x80\x9c" "child\xe2\x80\x9d"), "\"child\"");
  CU_ASSERT_STRING_EQUAL(norm("child\xe2\x80\x99s"), "child's");
  CU_ASSERT_STRING_EQUAL(norm("\xc2\xa7\xc2\xa0" "2256"), "\xc2\xa7 2256");
  CU_ASSERT_STRING_EQUAL(norm("por\xe2\x80\x89" "ciento"), "por ciento");
  CU_ASSERT_STRING_EQUAL(norm("depic\xc2\xad" "tion"), "depiction");
  /* every Unicode white space is a space, as \s and the prefilter see it */
  CU_ASSERT_STRING_EQUAL(norm("a\xe3\x80\x80" "b\xe2\x80\x83" "c\xc2\x85" "d"),
                         "a b c d");
  CU_ASSERT_STRING_EQUAL(norm("a\xe2\x80\xa8" "b\xe1\x9a\x80" "c\xe2\x81\x9f" "d"),
                         "a b c d");
  CU_ASSERT_STRING_EQUAL(norm("\xe2\x80\x8b"), "\xe2\x80\x8b"); /* zero width: kept */
  /* the two characters caseless matching folds onto ASCII letters */
  CU_ASSERT_STRING_EQUAL(norm("\xe2\x84\xaa" "idnap \xc5\xbf" "ale"), "Kidnap sale");
  /* a word hyphenated at a line end is joined, indentation and all */
  CU_ASSERT_STRING_EQUAL(norm("visu-\nal depiction"), "visual depiction");
  CU_ASSERT_STRING_EQUAL(norm("visu- \r\n    al"), "visual");
  CU_ASSERT_STRING_EQUAL(norm("incrimina-\n  ci\xc3\xb3n"), "incriminaci\xc3\xb3n");
  /* but not a dash before a capital, a number or a blank line */
  CU_ASSERT_STRING_EQUAL(norm("Title 18-\nChapter"), "Title 18-\nChapter");
  CU_ASSERT_STRING_EQUAL(norm("word-\nSection"), "word-\nSection");
  CU_ASSERT_STRING_EQUAL(norm("word-\n\nnext"), "word-\n\nnext");
  CU_ASSERT_STRING_EQUAL(norm("genital-genital"), "genital-genital");
  /* other text is untouched */
  CU_ASSERT_STRING_EQUAL(norm("Art\xc3\xad" "culo 179 \xe2\x80\x94 ni\xc3\xb1os"),
                         "Art\xc3\xad" "culo 179 \xe2\x80\x94 ni\xc3\xb1os");
}

/* Every normalised offset maps back to the original byte it came from. */
static void test_norm_map(void) {
  const char *src = "a \xe2\x80\x9c" "b\xe2\x80\x9d visu-\n   al x";
  og_norm n;
  CU_ASSERT(og_norm_init(&n, src, strlen(src), NULL));
  CU_ASSERT_STRING_EQUAL(n.text, "a \"b\" visual x");
  CU_ASSERT_EQUAL(og_norm_orig(&n, 0), 0);           /* a */
  CU_ASSERT_EQUAL(og_norm_orig(&n, 2), 2);           /* the opening quote */
  CU_ASSERT_EQUAL(og_norm_orig(&n, 3), 5);           /* b */
  CU_ASSERT_EQUAL(og_norm_orig(&n, 4), 6);           /* the closing quote */
  CU_ASSERT_EQUAL(og_norm_orig(&n, 6), 10);          /* v */
  CU_ASSERT_EQUAL(og_norm_orig(&n, 9), 13);          /* u, before the hyphen */
  CU_ASSERT_EQUAL(src[og_norm_orig(&n, 10)], 'a');   /* after the line break */
  CU_ASSERT_EQUAL(og_norm_orig(&n, 10), 19);
  CU_ASSERT_EQUAL(og_norm_orig(&n, n.len), strlen(src));
  og_norm_release(&n);
}

static const char *section_at(const char *text, const char *needle) {
  static char out[256];
  og_sections s;
  og_sections_find(&s, text, strlen(text));
  const char *t = og_sections_at(&s, (size_t)(strstr(text, needle) - text));
  snprintf(out, sizeof(out), "%s", t ? t : "(none)");
  og_sections_release(&s);
  return out;
}

static void test_sections(void) {
  const char *us = "Title 18\nCHAPTER 110\xe2\x80\x94 SEXUAL EXPLOITATION\n"
                   "\xc2\xa7 2256. Definitions for chapter\n\n(1) minor means\n";
  CU_ASSERT_STRING_EQUAL(section_at(us, "minor"), "\xc2\xa7 2256. Definitions for chapter");
  CU_ASSERT_STRING_EQUAL(section_at(us, "SEXUAL"), "CHAPTER 110\xe2\x80\x94 SEXUAL EXPLOITATION");
  CU_ASSERT_STRING_EQUAL(section_at(us, "Title"), "(none)");
  const char *bill = "# Child Protection Act\n\nSEC. 3. DEFINITIONS.\n\nIn this Act\n"
                     "## Part 2\n\nSection 4 of the Penal Code is amended by striking a very "
                     "long clause that goes on and on, as amending clauses do, well beyond "
                     "what any heading would ever say about itself in a bill or a code, "
                     "until it is plainly a sentence.\n";
  CU_ASSERT_STRING_EQUAL(section_at(bill, "In this"), "SEC. 3. DEFINITIONS.");
  CU_ASSERT_STRING_EQUAL(section_at(bill, "SEC."), "SEC. 3. DEFINITIONS.");
  CU_ASSERT_STRING_EQUAL(section_at(bill, "Child"), "Child Protection Act");
  /* a long line that begins "Section 4" is a sentence, not a heading */
  CU_ASSERT_STRING_EQUAL(section_at(bill, "amended"), "Part 2");
  const char *es = "Art\xc3\xad" "culo 179. Explotaci\xc3\xb3n\n\nQuien venda\n"
                   "ART\xc3\x8d" "CULO 180\nEl que\n";
  CU_ASSERT_STRING_EQUAL(section_at(es, "Quien"), "Art\xc3\xad" "culo 179. Explotaci\xc3\xb3n");
  CU_ASSERT_STRING_EQUAL(section_at(es, "El que"), "ART\xc3\x8d" "CULO 180");
  /* an article inserted later keeps its Latin multiplicative in the label,
   * also when its text follows on the same long line */
  const char *later = "Art\xc3\xad" "culo 177 bis. Ser\xc3\xa1 castigado con la pena de cinco "
                      "a ocho a\xc3\xb1os de prisi\xc3\xb3n el que captare a una persona con "
                      "fines de explotaci\xc3\xb3n, sea en territorio nacional o fuera de "
                      "\xc3\xa9l, por cualquier medio.\n"
                      "ART\xc3\x8d" "CULO 189 QU\xc3\x81TER.- Cuando una persona "
                      "jur\xc3\xad" "dica sea responsable de los delitos comprendidos en "
                      "este cap\xc3\xadtulo, se le impondr\xc3\xa1n las penas siguientes "
                      "sin excepci\xc3\xb3n.\n";
  CU_ASSERT_STRING_EQUAL(section_at(later, "captare"), "Art\xc3\xad" "culo 177 bis.");
  CU_ASSERT_STRING_EQUAL(section_at(later, "Cuando"), "ART\xc3\x8d" "CULO 189 QU\xc3\x81TER.-");
  /* a word after the number that is no multiplicative leaves a sentence */
  CU_ASSERT_STRING_EQUAL(section_at("Art\xc3\xad" "culo 5 bisiesto del calendario aplicable "
                                    "a los plazos que se computan en este c\xc3\xb3" "digo, "
                                    "con todas sus consecuencias legales, procesales y "
                                    "administrativas, sin excepci\xc3\xb3n. Fin\n", "Fin"),
                         "(none)");
  /* "article" inside a sentence is not a heading */
  CU_ASSERT_STRING_EQUAL(section_at("as set out in article 3 below\n", "below"), "(none)");
}

/* The rule set in rules/ (the shipped patterns). */
static og_ruleset *real_rules(void) {
  static og_ruleset *rs;
  if (rs == NULL) {
    og_diags d;
    og_diags_init(&d);
    rs = og_ruleset_load("rules", &d);
    og_diags_free(&d);
  }
  return rs;
}

static void free_real_rules(void) { og_ruleset_free(real_rules()); }

/* Whether two scans of a text found the same matches, placed alike. */
static bool same_matches(const og_scan_result *a, const og_scan_result *b,
                         const char *what) {
  CU_ASSERT_EQUAL(a->n, b->n);
  for (size_t i = 0; i < a->n && i < b->n; i++) {
    const og_scan_match *x = &a->v[i], *y = &b->v[i];
    if (x->pattern != y->pattern || x->start != y->start ||
        x->end != y->end || x->line != y->line || x->col != y->col ||
        x->end_line != y->end_line || x->end_col != y->end_col ||
        strcmp(x->text, y->text) != 0 ||
        strcmp(x->section ? x->section : "", y->section ? y->section : "")) {
      CU_FAIL(what);
      fprintf(stderr, "\n%s: %s:%d:%d: %s/%s vs %s/%s\n", what, a->file,
              x->line, x->col, x->rule->id, x->pattern->id, y->rule->id,
              y->pattern->id);
      return false;
    }
  }
  return a->n == b->n;
}

/* Scans text with and without the prefilter; the matches must be the
 * same: an atom that wrongly rules a pattern out would lose findings.
 * Each scan is also done normalising the text a few bytes at a time
 * (cutting characters, line joins and blank lines anywhere), which must
 * change nothing either. */
static size_t compare_prefilter(og_ruleset *rs, const char *file,
                                const char *text, size_t len) {
  og_scanner *fast = og_scanner_new(rs);
  og_scanner *slow = og_scanner_new(rs);
  og_scanner_set_prefilter(slow, false);
  og_scan_result a, b, c;
  og_diags d;
  og_diags_init(&d);
  CU_ASSERT_EQUAL(og_scan_text(fast, file, text, len, &a, &d), 0);
  og_scanner_set_part(fast, 1 + len % 7);
  CU_ASSERT_EQUAL(og_scan_text(fast, file, text, len, &c, &d), 0);
  og_scanner_set_part(slow, 1 + len % 5);
  CU_ASSERT_EQUAL(og_scan_text(slow, file, text, len, &b, &d), 0);
  same_matches(&a, &b, "prefiltered scan differs from the full scan");
  same_matches(&a, &c, "scan differs when normalised in small parts");
  size_t n = a.n;
  og_scan_result_release(&a);
  og_scan_result_release(&b);
  og_scan_result_release(&c);
  og_diags_free(&d);
  og_scanner_free(fast);
  og_scanner_free(slow);
  return n;
}

/* Compares the scans of every .txt file in dirs (see compare_prefilter);
 * counts the files and the matches. */
static void prefilter_over(og_ruleset *rs, const char *const *dirs, size_t n,
                           size_t *files, size_t *matches) {
  for (size_t k = 0; k < n; k++) {
    DIR *dir = opendir(dirs[k]);
    if (dir == NULL) {
      continue;
    }
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
      if (strstr(e->d_name, ".txt") == NULL) {
        continue;
      }
      char path[512];
      snprintf(path, sizeof(path), "%s/%s", dirs[k], e->d_name);
      og_diags d;
      og_diags_init(&d);
      size_t len;
      char *text = og_read_file(path, &len, &d);
      og_diags_free(&d);
      if (text) {
        *matches += compare_prefilter(rs, path, text, len);
        (*files)++;
        free(text);
      }
    }
    closedir(dir);
  }
}

/* On the invented texts of the tests, and on phrasing they lack. */
static void test_prefilter_loses_nothing(void) {
  og_ruleset *rs = real_rules();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  static const char *const dirs[] = {"tests/fixtures/texts",
                                     "tests/e2e/cases/scan-general-phrasing"};
  size_t files = 0, matches = 0;
  prefilter_over(rs, dirs, sizeof(dirs) / sizeof(dirs[0]), &files, &matches);
  CU_ASSERT(files >= 5);
  CU_ASSERT(matches >= 50);
  /* hand-written phrasing the texts lack: alternations, optional words */
  const char *t = "A visual\ndepiction.\n\nIn whole or in part within the State.\n\n"
                  "Double criminality shall not be required.\n\n"
                  "aun cuando medie el consentimiento de la v\xc3\xad" "ctima\n";
  compare_prefilter(rs, "inline", t, strlen(t));
}

/* On the real statute texts in ../shared (beside the repository root). */
static void test_prefilter_loses_nothing_real(void) {
  if (!t_have_shared("prefilter loses no match on the real statute texts")) {
    return;
  }
  og_ruleset *rs = real_rules();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  static const char *const dirs[] = {"../shared/statutes-text/us-federal",
                                     "../shared/statutes-text/us-dc",
                                     "../shared/treaties"};
  size_t files = 0, matches = 0;
  prefilter_over(rs, dirs, sizeof(dirs) / sizeof(dirs[0]), &files, &matches);
  CU_ASSERT(files >= 10);
  CU_ASSERT(matches >= 100);
}

/* Patterns that probe the prefilter's walk: white space folded into atoms
 * and shared between items, zero-width items inside a run, quantified and
 * alternated groups, gaps, look-behind, \K, non-ASCII literals. */
static const char *const tricky[] = {
    "\\bchild\\s+(?:pornography|prostitution)\\b",
    "\\bin\\s+the\\s+absence\\s+of\\s+(?:an?\\s+)?treaty\\b",
    "\\bforce\\s*(?:,\\s*)?\\s+fraud\\b",
    "(?:child|minor)(?:ren|s)?\\s+(?:of|under)\\s+(?:the\\s+)?age",
    "\\b(?:sale|selling)\\b[^.;]{0,40}\\bchild(?:ren)?\\b",
    "\\bshall\\s+not\\s+(?:be\\s+)?required\\b",
    "x{2,3}y+z?\\s+wor(?:d|ld)s?",
    "\\bcontact[\\s,]+with\\b",
    "(?i)double\\s+criminality",
    "(?:abc){2}\\s+def",
    "\\b(?:[a-z]+\\s+){0,3}trafficking\\b",
    "(?<=under\\s)age\\s+of\\s+\\d+",
    "\\bage\\s+of\\s+(?:1[0-7]|sixteen|seventeen)\\b",
    "v\xc3\xad" "ctima\\s+menor\\s+de\\s+edad",
    "\\bcometid[oa]s?\\s+(?:en\\s+el\\s+)?extranjero\\b",
    "(?:a|b|c)\\s+the\\s+end",
    "\\bno\\s+(?:se\\s+)?exigir[\xc3\xa1" "a]\\s+(?:la\\s+)?doble\\s+incriminaci[\xc3\xb3" "o]n\\b",
    "\\bof\\s+the\\s+\\w+\\s+of\\s+the\\b",
    "\\bvisual\\s+depictions?\\b|\\bimages?\\s+of\\s+a\\s+minor\\b",
    "person\\K\\s+under",
    "\\ba\\s{2,}b\\b",
    "\\bthe\\s+\\s+child\\b",
    "end\\.\\s+start",
    "\\bchild\\b.{0,12}\\bsale\\b",
    "\\bminor(?:s)?\\b[^.;]*\\btreaty\\b",
    "\\b(?:under|below)\\s+(?:the\\s+age\\s+of\\s+)?(?:sixteen|16)\\b",
    "sale\\s+of\\s+children|children\\s+for\\s+sale|the\\s+sale",
    "\\bde\\s+la\\s+v\xc3\xad" "ctima\\b[^.;]{0,20}\\bmenor\\b",
    /* a literal run after white space that ends a group, optional or not,
     * begins with that space (" 16") */
    "\\bof\\s+(?:the\\s+)?(?:16|xx)\\b",
    "(?:a|the)\\s+(?:16|17)",
    "\\bx\\s+(?:y\\s+|z\\s+)(?:16|17)",
    "xxx\\s*(?:16|17)",
    "the\\s+(?:age\\s+)?(?:of\\s+)?16\\b",
    "(?:under|of)\\s+(?:the\\s+)?(?:16|17)\\s+(?:de|b)\\b",
    "\\b(?:under|of)\\s+(?:the\\s+)?(?:16|17)\\s+years\\b",
    "\\bof\\s+(?:16|17)\\b.{0,9}\\bchild\\b",
    /* literal alternatives continue a run ("for fee", "any sex act") */
    "\\b(?:for|in\\s+return\\s+for)\\s+(?:a\\s+)?(?:fee|hire|money)\\b",
    "\\bany\\s+(?:sex|sexual)\\s+(?:act|conduct)\\b",
    "\\bby\\s+(?:any|whatever)\\s+means\\b",
    "(?:a|an|the)\\s+child(?:ren)?\\s+of",
    "\\btake(?:-|\\s+)?down\\b",
    "\\b(?:end\\.|fraud,)\\s*(?:\\bthe|a)\\b",
};

static const char *const vocab[] = {
    "child", "CHILD", "Child", "children", "pornography", "prostitution",
    "years",
    "in", "the", "The", "absence", "of", "an", "a", "treaty", "force",
    "fraud", "coercion", "minor", "minors", "under", "below", "age", "sale",
    "selling", "shall", "not", "be", "required", "xx", "xxx", "y", "yyy",
    "z", "word", "world", "words", "contact", "with", "double",
    "criminality", "abc", "abcabc", "def", "trafficking", "sixteen", "16",
    "17", "v\xc3\xad" "ctima", "victima", "menor", "de", "la", "edad",
    "cometidos", "cometida", "en", "el", "extranjero", "b", "c", "end",
    "start", "no", "se", "exigir\xc3\xa1", "doble", "incriminaci\xc3\xb3n",
    "visual", "depiction", "depictions", "images", "image", "person",
    "for", ",", ".", ";", "end.", "sale,", "fraud,", "\xc5\xbf" "ale",
    "CHILD\xe2\x80\x83PORNOGRAPHY",
    /* phrases, so that whole matches are common too */
    "child pornography", "in the absence of", "sale of children",
    "under the age of 16", "v\xc3\xad" "ctima menor de edad",
    "double criminality", "contact, with", "a the end", "force, fraud",
    "shall not be required", "xxyyy words", "abcabc def",
    "cometidos en el extranjero", "age of 17", "of the state of the",
    "fee", "hire", "money", "return", "sex", "sexual", "act", "conduct",
    "any", "whatever", "means", "by", "take", "down", "take-down",
    "takedown", "for a fee", "in return for money", "by any means",
    "any sexual conduct", "the children of", "take down"};

static const char *const seps[] = {
    " ", " ", " ", " ", "  ", "\t", "\n", " \n  ", "\xc2\xa0",
    "\xe3\x80\x80", "\xe2\x80\x83", ", ", "-\n", "", "\n\n", "\r\n",
    "\n \t\n   ", "\n\n  ", "\n\n\n"}; /* paragraphs, some indented */

static uint64_t rng_next(uint64_t *x) {
  *x ^= *x << 13;
  *x ^= *x >> 7;
  *x ^= *x << 17;
  return *x;
}

/* rs: one rule with the n patterns regex[], compiled with the flags the
 * rule loader uses. Free with free_patterns(rule). */
static void one_rule(og_ruleset *rs, og_rule *rule, const char *const *regex,
                     size_t n) {
  memset(rule, 0, sizeof(*rule));
  rule->id = "t.rule";
  rule->patterns = calloc(n, sizeof(og_pattern));
  rule->npatterns = n;
  for (size_t i = 0; i < n; i++) {
    int err;
    PCRE2_SIZE off;
    og_pattern *p = &rule->patterns[i];
    p->id = p->regex = regex[i];
    p->re = pcre2_compile((PCRE2_SPTR)regex[i], PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off,
                          NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->re);
  }
  memset(rs, 0, sizeof(*rs));
  rs->rules = rule;
  rs->nrules = 1;
}

/* The scanner of rs runs n of its patterns on every paragraph. */
static void expect_unfiltered(og_ruleset *rs, size_t n) {
  og_scanner *sc = og_scanner_new(rs);
  CU_ASSERT_EQUAL(og_scanner_unfiltered(sc), n);
  og_scanner_free(sc);
}

static void free_patterns(og_rule *rule) {
  for (size_t i = 0; i < rule->npatterns; i++) {
    pcre2_code_free(rule->patterns[i].re);
  }
  free(rule->patterns);
}

/* Random texts made of the patterns' own words, joined by white space of
 * every kind: the prefiltered scan must find exactly what the full scan
 * finds. */
static void test_prefilter_random(void) {
  og_rule rule;
  og_ruleset rs;
  one_rule(&rs, &rule, tricky, sizeof(tricky) / sizeof(tricky[0]));
  expect_unfiltered(&rs, 0); /* all get a prefilter */
  uint64_t x = 0x9E3779B97F4A7C15ull;
  og_buf b;
  og_buf_init(&b);
  size_t matches = 0;
  for (int round = 0; round < 400; round++) {
    b.len = 0;
    int words = 20 + (int)(rng_next(&x) % 300);
    for (int w = 0; w < words; w++) {
      og_buf_puts(&b, vocab[rng_next(&x) % (sizeof(vocab) / sizeof(vocab[0]))]);
      og_buf_puts(&b, seps[rng_next(&x) % (sizeof(seps) / sizeof(seps[0]))]);
    }
    /* zeroed past the end: PCRE2's JIT may read a few bytes beyond */
    char *text = calloc(b.len + 64, 1);
    memcpy(text, b.data, b.len);
    matches += compare_prefilter(&rs, "random", text, b.len);
    free(text);
  }
  CU_ASSERT(matches > 5000);
  og_buf_free(&b);
  free_patterns(&rule);
}

/* A pattern with a construct the prefilter's walk does not model runs on
 * every paragraph; every shipped pattern has a prefilter. */
static void test_prefilter_unmodelled(void) {
  static const char *const unmodelled[] = {
      "(?x) child \\s+ sale",        /* white space is not literal */
      "\\Qchild sale\\E",           /* quoted */
      "(a)?(?(1)child|sale) trade",  /* conditional */
      "(?|child|sale)trade",         /* branch reset */
      "child(?R)?sale",              /* recursion */
      "child{,3}sale"};              /* "{," is a quantifier in PCRE2 10.43 */
  size_t np = sizeof(unmodelled) / sizeof(unmodelled[0]);
  og_rule rule;
  og_ruleset rs;
  one_rule(&rs, &rule, unmodelled, np);
  expect_unfiltered(&rs, np);
  const char *t = "childsale trade\n\nchild  sale child sale\n\nchildtrade "
                  "saletrade childsale childdsale";
  CU_ASSERT(compare_prefilter(&rs, "inline", t, strlen(t)) > 0);
  free_patterns(&rule);
  /* filtered and unfiltered patterns in one paragraph: the window of the
   * first must not stay on the second */
  static const char *const mixed[] = {"child\\s+sale", "(?x) sale \\s+ child"};
  one_rule(&rs, &rule, mixed, 2);
  t = "a child sale and a sale child, a child sale";
  CU_ASSERT_EQUAL(compare_prefilter(&rs, "inline", t, strlen(t)), 3);
  free_patterns(&rule);
  expect_unfiltered(real_rules(), 0);
}

/* More atoms than the automaton can hold (DFA_STATES_MAX states): no
 * pattern is left out, every one runs on every paragraph. */
static void test_prefilter_too_many_atoms(void) {
  /* 2,000 patterns of eight branches, each an 8-letter word of its own:
   * some 80,000 states */
  enum { NP = 2000, NB = 8 };
  static char text[NP][NB * 9];
  const char *regex[NP];
  uint64_t x = 0x2545F4914F6CDD1Dull;
  for (int i = 0; i < NP; i++) {
    char *p = text[i];
    for (int b = 0; b < NB; b++) {
      uint64_t w = rng_next(&x);
      for (int j = 0; j < 8; j++) {
        *p++ = (char)('a' + (w >> (5 * j)) % 26);
      }
      *p++ = b < NB - 1 ? '|' : '\0';
    }
    regex[i] = text[i];
  }
  og_rule rule;
  og_ruleset rs;
  one_rule(&rs, &rule, regex, NP);
  expect_unfiltered(&rs, NP);
  char t[64] = {0}; /* zeroed past the end: PCRE2's JIT may read there */
  snprintf(t, sizeof(t), "a %.8s b\n\n%.8s", text[7] + 9, text[NP - 1]);
  CU_ASSERT_EQUAL(compare_prefilter(&rs, "inline", t, strlen(t)), 2);
  free_patterns(&rule);
}

/* Positions are reported in the original text, columns in code points. */
static void test_positions(void) {
  og_ruleset *rs = real_rules();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  og_scanner *sc = og_scanner_new(rs);
  const char *t = "Art\xc3\xad" "culo 9. Definiciones\n\n\xc3\xa9 \xe2\x80\x9c" "a visu-\n  al depiction\n";
  og_scan_result r;
  og_diags d;
  og_diags_init(&d);
  CU_ASSERT_EQUAL_FATAL(og_scan_text(sc, "t.txt", t, strlen(t), &r, &d), 0);
  const og_scan_match *m = NULL;
  for (size_t i = 0; i < r.n; i++) {
    if (strcmp(r.v[i].pattern->id, "visual-depiction") == 0) {
      m = &r.v[i];
    }
  }
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  CU_ASSERT_EQUAL(m->line, 3);
  CU_ASSERT_EQUAL(m->col, 6); /* é, space, quote, a, space: code points */
  CU_ASSERT_EQUAL(m->end_line, 4);
  CU_ASSERT_EQUAL(m->end_col, 14);
  CU_ASSERT_STRING_EQUAL(m->text, "visual depiction");
  CU_ASSERT_STRING_EQUAL(m->section, "Art\xc3\xad" "culo 9. Definiciones");
  CU_ASSERT_EQUAL(strncmp(t + m->start, "visu-", 5), 0);
  CU_ASSERT_EQUAL(strncmp(t + m->end - 9, "depiction", 9), 0);
  og_scan_result_release(&r);
  /* invalid UTF-8 is an error with its place */
  CU_ASSERT_EQUAL(og_scan_text(sc, "bad.txt", "ab\ncd\xff", 6, &r, &d), -1);
  CU_ASSERT_EQUAL(d.n, 1);
  if (d.n) {
    CU_ASSERT_EQUAL(d.v[0].line, 2);
    CU_ASSERT_EQUAL(d.v[0].col, 3);
  }
  og_scan_result_release(&r);
  og_diags_free(&d);
  og_scanner_free(sc);
}

/* Workers cut the text at paragraph boundaries: the matches are those of
 * one sequential pass. */
static void test_threads_same_matches(void) {
  og_ruleset *rs = real_rules();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  og_diags d;
  og_diags_init(&d);
  size_t len;
  char *one = og_read_file("tests/fixtures/texts/invented-definitions.txt", &len, &d);
  CU_ASSERT_PTR_NOT_NULL_FATAL(one);
  og_buf b;
  og_buf_init(&b);
  while (b.len < 2 * OG_SCAN_SHARE_MIN + 100000) {
    og_buf_add(&b, one, len);
  }
  og_scanner *seq = og_scanner_new(rs);
  og_scanner *par = og_scanner_new(rs);
  og_scanner_set_threads(par, 3);
  og_scan_result x, y;
  CU_ASSERT_EQUAL(og_scan_text(seq, "big", b.data, b.len, &x, &d), 0);
  CU_ASSERT_EQUAL(og_scan_text(par, "big", b.data, b.len, &y, &d), 0);
  CU_ASSERT(x.n > 3 * 4096); /* placed in three ranges, too */
  CU_ASSERT(x.v[x.n - 1].line > 30000);
  CU_ASSERT_EQUAL(x.n, y.n);
  for (size_t i = 0; i < x.n && i < y.n; i++) {
    if (x.v[i].start != y.v[i].start || x.v[i].pattern != y.v[i].pattern ||
        x.v[i].line != y.v[i].line || x.v[i].col != y.v[i].col ||
        x.v[i].end_line != y.v[i].end_line ||
        x.v[i].end_col != y.v[i].end_col ||
        strcmp(x.v[i].text, y.v[i].text) != 0 ||
        (x.v[i].section == NULL) != (y.v[i].section == NULL) ||
        (x.v[i].section && strcmp(x.v[i].section, y.v[i].section) != 0)) {
      CU_FAIL("threaded scan differs from the sequential scan");
      break;
    }
  }
  og_scan_result_release(&x);
  og_scan_result_release(&y);
  og_scanner_free(seq);
  og_scanner_free(par);
  og_buf_free(&b);
  free(one);
  og_diags_free(&d);
}

/* Scans text with 1 and with 3 workers: both fail with the same message
 * at the same place, expected. */
static void expect_text_error(og_ruleset *rs, const char *text, size_t len,
                              int line, int col, const char *msg) {
  for (int threads = 1; threads <= 3; threads += 2) {
    og_scanner *sc = og_scanner_new(rs);
    og_scanner_set_threads(sc, threads);
    og_diags d;
    og_diags_init(&d);
    og_scan_result r;
    CU_ASSERT_EQUAL(og_scan_text(sc, "big", text, len, &r, &d), -1);
    CU_ASSERT_EQUAL_FATAL(d.n, 1);
    CU_ASSERT_EQUAL(d.v[0].line, line);
    CU_ASSERT_EQUAL(d.v[0].col, col);
    CU_ASSERT_STRING_EQUAL(d.v[0].msg, msg);
    CU_ASSERT_EQUAL(r.n, 0);
    og_scan_result_release(&r);
    og_diags_free(&d);
    og_scanner_free(sc);
  }
}

/* Each worker checks its own share: the error named is the first in the
 * text, wherever the shares are cut; a sequence cut short by the end of
 * the text is invalid UTF-8, not the NUL after it. */
static void test_threads_text_errors(void) {
  og_ruleset *rs = real_rules();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
  og_buf b;
  og_buf_init(&b);
  size_t lines = 0;
  while (b.len < 3 * OG_SCAN_SHARE_MIN + 100000) {
    og_buf_puts(&b, "A child is any person under the age of 18.\n\n");
    lines += 2;
  }
  char *t = b.data;
  size_t n = b.len;
  /* paragraph k is line 2k + 1, from byte 44k (44 bytes a paragraph) */
  size_t late = lines / 2 - 10, early = lines / 4;
  t[44 * late + 2] = (char)0xFF; /* in the last share */
  expect_text_error(rs, t, n, (int)(2 * late + 1), 3,
                    "invalid UTF-8 (scan reads UTF-8 text)");
  t[44 * early + 5] = '\0'; /* and in an earlier one: that is the first */
  expect_text_error(rs, t, n, (int)(2 * early + 1), 6,
                    "NUL byte in input (scan reads text, not binary files)");
  t[44 * late + 2] = 'c';
  t[44 * early + 5] = 'l';
  t[n - 1] = (char)0xC3; /* the first byte of a two-byte sequence */
  expect_text_error(rs, t, n, (int)lines, 1,
                    "invalid UTF-8 (scan reads UTF-8 text)");
  og_buf_free(&b);
}

/* A share stopped by a pattern's limit still reports invalid UTF-8 after
 * the paragraph that stopped it, as a scan that checks the whole text
 * first would: with one share, normalised a few bytes at a time, the bad
 * byte is not yet normalised when the limit is reached. */
static void test_limit_then_bad_byte(void) {
  static const char *const slow[] = {"(?:a|aa)+(?:a|aa)+b"};
  og_rule rule;
  og_ruleset rs;
  one_rule(&rs, &rule, slow, 1);
  og_buf b;
  og_buf_init(&b);
  for (int i = 0; i < 80; i++) {
    og_buf_putc(&b, 'a');
  }
  og_buf_puts(&b, "c b\n\nbad \xff byte\n");
  og_scanner *sc = og_scanner_new(&rs);
  og_scanner_set_prefilter(sc, false); /* one share */
  og_scanner_set_part(sc, 4);
  og_diags d;
  og_diags_init(&d);
  og_scan_result r;
  CU_ASSERT_EQUAL(og_scan_text(sc, "t", b.data, b.len, &r, &d), -1);
  CU_ASSERT_EQUAL_FATAL(d.n, 1);
  CU_ASSERT_EQUAL(d.v[0].line, 3);
  CU_ASSERT_EQUAL(d.v[0].col, 5);
  CU_ASSERT_STRING_EQUAL(d.v[0].msg, "invalid UTF-8 (scan reads UTF-8 text)");
  og_scan_result_release(&r);
  og_diags_free(&d);
  og_scanner_free(sc);
  og_buf_free(&b);
  free_patterns(&rule);
}

void og_test_scan(CU_pSuite s) {
  atexit(free_real_rules);
  CU_add_test(s, "normaliser joins hyphenated words, straightens quotes", test_norm_text);
  CU_add_test(s, "normaliser maps every offset back to the original", test_norm_map);
  CU_add_test(s, "section finder: nearest heading in US, bill and Spanish text", test_sections);
  CU_add_test(s, "prefilter loses no match on the invented texts", test_prefilter_loses_nothing);
  CU_add_test(s, "prefilter loses no match on the real statute texts",
              test_prefilter_loses_nothing_real);
  CU_add_test(s, "prefilter loses no match on random texts", test_prefilter_random);
  CU_add_test(s, "patterns the prefilter cannot model run everywhere", test_prefilter_unmodelled);
  CU_add_test(s, "too many atoms for the automaton: every pattern runs", test_prefilter_too_many_atoms);
  CU_add_test(s, "matches are placed in the original text", test_positions);
  CU_add_test(s, "threads find the same matches as one pass", test_threads_same_matches);
  CU_add_test(s, "threads report the text's first encoding error", test_threads_text_errors);
  CU_add_test(s, "a pattern's limit does not hide a later bad byte", test_limit_then_bad_byte);
}
