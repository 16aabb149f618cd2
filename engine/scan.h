/* scan.h - finding the rules' text patterns in bill and statute text.
 *
 * The path of a scan:
 *   text -> normalised text with an offset map (og_norm)
 *        -> paragraphs; in each, the patterns whose required literals
 *           ("atoms") occur in it, in order and near enough, are run
 *           where a match can begin (og_scanner, PCRE2 JIT)
 *        -> matches at original FILE:LINE:COL, under the nearest heading
 *           (og_sections)
 *
 * Semantics a reader of the results relies on:
 * - Matching is on the normalised text: curly quotes become straight ones,
 *   every Unicode white space (no-break, thin, ideographic...) becomes a
 *   space, soft hyphens vanish, and a word
 *   hyphenated at a line end is joined ("visu-\nal" -> "visual"). Positions
 *   are reported in the original text: 1-based lines, columns counted in
 *   Unicode code points.
 * - A match never crosses a blank line: paragraphs are matched one by one.
 *   A phrase broken across lines inside a paragraph matches (patterns use
 *   \s+).
 * - A pattern that reaches OG_PCRE2_MATCH_LIMIT, OG_PCRE2_DEPTH_LIMIT or
 *   the JIT stack limit ends the scan with an error naming the rule and
 *   the pattern: a truncated scan would silently miss findings.
 */
#ifndef OG_SCAN_H
#define OG_SCAN_H

#include "opgap.h"

/* ---- normaliser ---------------------------------------------------------
 * text owns len+1 bytes (NUL-terminated). The map is a list of edit
 * points: from normalised offset at[i] on, the original offset is the
 * normalised one plus shift[i] (shift only grows: normalising only
 * removes bytes). */
typedef struct og_norm {
  char *text;
  size_t len;
  size_t *at, *shift;
  size_t nmap, capmap;
  /* the source, src[0, in) normalised; text holds the normalised
   * [base, len) in cap bytes (base is 0 after og_norm_init; the scanner
   * normalises a part at a time and drops what it no longer needs) */
  const char *src;
  size_t srclen, in, base, cap;
} og_norm;

/* Normalises src, checking that it is UTF-8 text as it goes: false at the
 * first NUL or invalid sequence, its offset in *bad (when not NULL); n is
 * to be released either way. */
bool og_norm_init(og_norm *n, const char *src, size_t len, size_t *bad);
/* The original offset of normalised offset off (off <= n->len). */
size_t og_norm_orig(const og_norm *n, size_t off);
void og_norm_release(og_norm *n);

/* ---- section finder -----------------------------------------------------
 * Headings are lines of at most 160 bytes that begin (after indentation)
 * with a Markdown '#', a section sign and a number ("§ 2256. Definitions
 * for chapter"), or a word such as Sec., Section, Article, Artículo,
 * Chapter or Capítulo and a number. at[] is sorted; titles are trimmed
 * copies owned by the og_sections. */
typedef struct og_sections {
  size_t *at;
  char **title;
  size_t n, cap;
} og_sections;

void og_sections_find(og_sections *s, const char *text, size_t len);
/* The title of the nearest heading at or before offset off, or NULL. */
const char *og_sections_at(const og_sections *s, size_t off);
void og_sections_release(og_sections *s);

/* ---- scanner ------------------------------------------------------------ */
typedef struct og_scan_match {
  const og_rule *rule;
  const og_pattern *pattern;
  size_t start, end;   /* byte offsets in the original text, end exclusive */
  int line, col;       /* 1-based; col in code points */
  int end_line, end_col; /* the last matched character */
  const char *section; /* nearest heading (owned by the result) or NULL */
  const char *text;    /* the matched words, white space collapsed */
} og_scan_match;

typedef struct og_scan_result {
  const char *file; /* as given (borrowed) */
  og_scan_match *v; /* sorted by start, then by rule-set order */
  size_t n;
  char **texts; /* the buffers of the matches' words */
  size_t ntexts;
  og_sections sections;
} og_scan_result;

typedef struct og_scanner og_scanner;

/* Prepares every pattern of rs for scanning (JIT, atoms). The scanner
 * borrows rs: free the scanner first. */
og_scanner *og_scanner_new(og_ruleset *rs);
void og_scanner_free(og_scanner *sc);
/* Patterns that run on every paragraph: those without a required literal
 * the prefilter can use, or all of them when the rules have more atoms
 * than its automaton can hold (65,535 states). */
size_t og_scanner_unfiltered(const og_scanner *sc);
/* Turns the literal prefilter off (every pattern on every paragraph): the
 * reference the tests compare the prefiltered scan with. */
void og_scanner_set_prefilter(og_scanner *sc, bool on);
/* Scans a text of at least OG_SCAN_SHARE_MIN bytes per worker with up to
 * n threads (default 1); the results are the same. */
void og_scanner_set_threads(og_scanner *sc, int n);
/* Normalises a text `bytes` (at least 1) of it at a time as the scan goes
 * (default 64 KiB); the results are the same: tests cut it small. */
void og_scanner_set_part(og_scanner *sc, size_t bytes);

/* The text next given starts after lines_before lines of its file (a
 * window of a large file, cut at a blank line): its matches' and errors'
 * lines count them. */
void og_scanner_set_line_base(og_scanner *sc, int lines_before);
/* Scans text (len bytes, need not be NUL-terminated) named file. Returns 0,
 * or -1 with an error added (invalid UTF-8; a pattern hit a limit), in
 * which case out holds nothing. Release out with og_scan_result_release
 * in both cases. */
int og_scan_text(og_scanner *sc, const char *file, const char *text,
                 size_t len, og_scan_result *out, og_diags *d);
void og_scan_result_release(og_scan_result *r);

/* ---- writers (report_scan.c, report_sarif.c) ------------------------------
 * A report is written a match at a time: the frame's head, each match (the
 * nth of the report, in order, of the file-th file), the count line (text
 * only) and the frame's foot. The files are named as given ("-" is
 * standard input); the writer borrows their names. */
typedef enum og_scan_format {
  OG_SCAN_TEXT,
  OG_SCAN_JSON,
  OG_SCAN_SARIF
} og_scan_format;
typedef struct og_scan_writer og_scan_writer;
og_scan_writer *og_scan_writer_new(const og_ruleset *rs, og_scan_format f,
                                   char *const *files, size_t nfiles);
void og_scan_writer_frame(const og_scan_writer *w, og_buf *head, og_buf *foot);
void og_scan_writer_match(const og_scan_writer *w, og_buf *b, size_t file,
                          const og_scan_match *m, size_t nth);
void og_scan_writer_count(const og_scan_writer *w, og_buf *b, size_t total);
void og_scan_writer_free(og_scan_writer *w);
/* The whole report of results already in memory (tests, fuzzing). */
void og_write_scan_report(const og_ruleset *rs, og_scan_format f,
                          const og_scan_result *res, size_t nres,
                          og_buf *out);

/* SARIF 2.1.0 log of scan results, written as they come: one run, rules
 * of rs with patterns. og_sarif_frame gives what comes before the first
 * result and after the last; og_sarif_result_template one pattern's
 * result object (an og_jtmpl's item). */
struct cJSON;
void og_sarif_frame(const og_ruleset *rs, og_buf *head, og_buf *foot);
struct cJSON *og_sarif_result_template(const og_ruleset *rs,
                                       const og_rule *rule,
                                       const og_pattern *p, bool with_section);

#endif
