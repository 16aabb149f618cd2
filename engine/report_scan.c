/* report_scan.c - scan reports in text, JSON and SARIF, a match at a time
 * (scan.h, og_scan_writer), so that opgap scan writes them as the text is
 * read, in bounded memory, by a helper thread if it likes.
 *
 * What a match says of its pattern is made once per pattern: in text, the
 * part between the column and the section and the part after the words;
 * in JSON and SARIF, the match's object printed by cJSON with slots for
 * the match's own values (og_jtmpl). A match is then a copy of its
 * pattern's pieces with its values between them. JSON and SARIF are
 * unindented, one match a line: a 100 MB scan's report was 136 MB (JSON)
 * and 241 MB (SARIF) indented, and writing the bytes was most of the
 * time; `jq .` indents it for reading.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

static const char *display_name(const char *file) {
  return strcmp(file, "-") == 0 ? "<stdin>" : file;
}

/* Appends a non-negative decimal number (line and column numbers). */
static void put_uint(og_buf *b, size_t v) {
  char digits[24];
  size_t n = sizeof(digits);
  do {
    digits[--n] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  og_buf_add(b, digits + n, sizeof(digits) - n);
}


/* What a match's report says of its pattern, written once per pattern:
 * in text, the part between the column and the section, and the part
 * after the words; in JSON and SARIF, the match's object as a template
 * (og_jtmpl) with and without a section. */
typedef struct pattern_text {
  og_buf head, tail;
  og_jtmpl with_section, without_section;
} pattern_text;

/* The pattern_text of every pattern of rs, in rule-set order (the index
 * of pattern p of rule r is first[r - rs->rules] + (p - r->patterns)). */
struct og_scan_writer {
  const og_ruleset *rs;
  int format;
  size_t *first;
  pattern_text *v;
  size_t n;
  og_buf *files; /* each file's name: in JSON and SARIF, a JSON string */
  char *const *names; /* as given (borrowed) */
  size_t nfiles;
};
typedef og_scan_writer pattern_texts;

/* The JSON report's match, depth levels down: "rule" to "file" and
 * "suggests" are the pattern's, the slots F (file), l, c, L, C (line,
 * column, end line, end column), S (section) and T (text) the match's. */
static cJSON *json_match_template(const og_rule *rule, const og_pattern *p,
                                  bool with_section) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "rule", rule->id);
  cJSON_AddStringToObject(o, "strength", og_strength_name(rule->strength));
  cJSON_AddStringToObject(o, "pattern", p->id);
  cJSON_AddStringToObject(o, "lang", p->lang);
  cJSON_AddStringToObject(o, "file", og_jtmpl_slot('F'));
  cJSON_AddStringToObject(o, "line", og_jtmpl_slot('l'));
  cJSON_AddStringToObject(o, "col", og_jtmpl_slot('c'));
  cJSON_AddStringToObject(o, "end_line", og_jtmpl_slot('L'));
  cJSON_AddStringToObject(o, "end_col", og_jtmpl_slot('C'));
  if (with_section) {
    cJSON_AddStringToObject(o, "section", og_jtmpl_slot('S'));
  } else {
    cJSON_AddNullToObject(o, "section");
  }
  cJSON_AddStringToObject(o, "text", og_jtmpl_slot('T'));
  cJSON *sg = cJSON_AddObjectToObject(o, "suggests");
  cJSON_AddStringToObject(sg, "status", og_status_name(p->suggests));
  cJSON_AddStringToObject(sg, "why", p->why);
  if (p->fact) {
    cJSON_AddStringToObject(sg, "fact", p->fact->path);
  }
  return o;
}

static void pattern_texts_init(pattern_texts *pt, const og_ruleset *rs,
                               int format, char *const *files, size_t nfiles) {
  pt->format = format;
  pt->names = files;
  pt->files = og_xcalloc(nfiles + 1, sizeof(og_buf));
  pt->nfiles = nfiles;
  for (size_t f = 0; f < nfiles; f++) {
    og_buf_init(&pt->files[f]);
    if (format == OG_SCAN_TEXT) { /* the name as it is */
      og_buf_puts(&pt->files[f], display_name(files[f]));
    } else {
      const char *name = format == OG_SCAN_SARIF
                             ? (strcmp(files[f], "-") == 0 ? "stdin"
                                                           : files[f])
                             : display_name(files[f]);
      og_json_str(&pt->files[f], name);
    }
  }
  pt->rs = rs;
  pt->first = og_xcalloc(rs->nrules + 1, sizeof(size_t));
  size_t n = 0;
  for (size_t r = 0; r < rs->nrules; r++) {
    pt->first[r] = n;
    n += rs->rules[r].npatterns;
  }
  pt->v = og_xcalloc(n + 1, sizeof(pattern_text));
  pt->n = n;
  for (size_t r = 0; r < rs->nrules; r++) {
    const og_rule *rule = &rs->rules[r];
    for (size_t i = 0; i < rule->npatterns; i++) {
      const og_pattern *p = &rule->patterns[i];
      pattern_text *t = &pt->v[pt->first[r] + i];
      og_buf_init(&t->head);
      og_buf_init(&t->tail);
      if (format != OG_SCAN_TEXT) {
        for (int w = 0; w < 2; w++) {
          cJSON *o = format == OG_SCAN_SARIF
                         ? og_sarif_result_template(rs, rule, p, w)
                         : json_match_template(rule, p, w);
          og_jtmpl_init(w ? &t->with_section : &t->without_section, o);
          cJSON_Delete(o);
        }
        continue;
      }
      og_buf_printf(&t->head, _(": %s suggests %s (%s, pattern %s, %s)\n  "
                                "section: "),
                    rule->id, og_status_word(p->suggests),
                    og_strength_word(rule->strength), p->id, p->lang);
      og_buf_printf(&t->tail, _("\"\n  why: %s\n"), p->why);
    }
  }
}

static void pattern_texts_free(pattern_texts *pt) {
  for (size_t i = 0; i < pt->n; i++) {
    og_buf_free(&pt->v[i].head);
    og_buf_free(&pt->v[i].tail);
    og_jtmpl_free(&pt->v[i].with_section);
    og_jtmpl_free(&pt->v[i].without_section);
  }
  for (size_t f = 0; f < pt->nfiles; f++) {
    og_buf_free(&pt->files[f]);
  }
  free(pt->files);
  free(pt->v);
  free(pt->first);
}

/* One match in four lines; without printf, which was a tenth of a large
 * scan's time. */
static void put_text_match(og_buf *b, const pattern_texts *pt,
                           const char *file, size_t flen,
                           const og_scan_match *m) {
  const pattern_text *t =
      &pt->v[pt->first[m->rule - pt->rs->rules] +
             (size_t)(m->pattern - m->rule->patterns)];
  const char *section = m->section ? m->section : _("(no heading found)");
  og_buf_add(b, file, flen);
  og_buf_putc(b, ':');
  put_uint(b, (size_t)m->line);
  og_buf_putc(b, ':');
  put_uint(b, (size_t)m->col);
  og_buf_add(b, t->head.data, t->head.len);
  og_buf_puts(b, section);
  og_buf_puts(b, _("\n  text: \""));
  og_buf_puts(b, m->text);
  og_buf_add(b, t->tail.data, t->tail.len);
}

/* One match as JSON or SARIF, on a line of its own: its pattern's
 * template with the match's values in the slots. */
static void put_json_match(og_buf *b, const pattern_texts *pt, size_t file,
                           const og_scan_match *m, size_t nth) {
  const pattern_text *t =
      &pt->v[pt->first[m->rule - pt->rs->rules] +
             (size_t)(m->pattern - m->rule->patterns)];
  const og_jtmpl *j = m->section ? &t->with_section : &t->without_section;
  og_jtmpl_sep(b, nth);
  for (size_t i = 0; i < j->n; i++) {
    og_buf_add(b, j->text + j->off[i], j->len[i]);
    switch (j->slot[i]) {
    case 'F':
      og_buf_add(b, pt->files[file].data, pt->files[file].len);
      break;
    case 'l':
      put_uint(b, (size_t)m->line);
      break;
    case 'c':
      put_uint(b, (size_t)m->col);
      break;
    case 'L':
      put_uint(b, (size_t)m->end_line);
      break;
    case 'C':
      put_uint(b, (size_t)m->end_col);
      break;
    case 'k': /* SARIF: the start column; the end line only if another */
      put_uint(b, (size_t)m->col);
      if (m->end_line != m->line) {
        og_buf_puts(b, ",\"endLine\":");
        put_uint(b, (size_t)m->end_line);
      }
      break;
    case 'E': /* SARIF's end column is exclusive */
      put_uint(b, (size_t)m->end_col + 1);
      break;
    case 'S':
      og_json_str(b, m->section);
      break;
    case 'T':
      og_json_str(b, m->text);
      break;
    default:
      break;
    }
  }
}

/* The JSON report around its matches: what comes before the first and
 * after the last, cut from the whole document printed by cJSON with a
 * slot where the matches go. */
static void json_frame(char *const *files_given, size_t nfiles, og_buf *head,
                       og_buf *foot) {
  cJSON *root = og_json_document();
  cJSON *files = cJSON_AddArrayToObject(root, "files");
  for (size_t f = 0; f < nfiles; f++) {
    cJSON_AddItemToArray(files,
                         cJSON_CreateString(display_name(files_given[f])));
  }
  cJSON *matches = cJSON_AddArrayToObject(root, "matches");
  cJSON_AddItemToArray(matches, cJSON_CreateString(og_jtmpl_slot('M')));
  og_jtmpl_frame(root, head, foot);
  cJSON_Delete(root);
}


/* ---- the writer ------------------------------------------------------------ */
og_scan_writer *og_scan_writer_new(const og_ruleset *rs, og_scan_format f,
                                   char *const *files, size_t nfiles) {
  og_scan_writer *w = og_xcalloc(1, sizeof(*w));
  pattern_texts_init(w, rs, (int)f, files, nfiles);
  return w;
}

void og_scan_writer_frame(const og_scan_writer *w, og_buf *head,
                          og_buf *foot) {
  if (w->format == OG_SCAN_JSON) {
    json_frame(w->names, w->nfiles, head, foot);
  } else if (w->format == OG_SCAN_SARIF) {
    og_sarif_frame(w->rs, head, foot);
  }
}

void og_scan_writer_match(const og_scan_writer *w, og_buf *b, size_t file,
                          const og_scan_match *m, size_t nth) {
  if (w->format == OG_SCAN_TEXT) {
    put_text_match(b, w, w->files[file].data, w->files[file].len, m);
  } else {
    put_json_match(b, w, file, m, nth);
  }
}

void og_scan_writer_count(const og_scan_writer *w, og_buf *b, size_t total) {
  if (w->format == OG_SCAN_TEXT) {
    /* TRANSLATORS: followed by "in N file(s)" */
    og_buf_printf(b, og_trn("%zu match", "%zu matches", total), total);
    og_buf_printf(b, og_trn(" in %zu file\n", " in %zu files\n", w->nfiles),
                  w->nfiles);
  }
}

void og_scan_writer_free(og_scan_writer *w) {
  if (w) {
    pattern_texts_free(w);
    free(w);
  }
}

void og_write_scan_report(const og_ruleset *rs, og_scan_format f,
                          const og_scan_result *res, size_t nres,
                          og_buf *out) {
  char **names = og_xcalloc(nres + 1, sizeof(char *));
  for (size_t i = 0; i < nres; i++) {
    names[i] = (char *)(uintptr_t)res[i].file; /* borrowed, not changed */
  }
  og_scan_writer *w = og_scan_writer_new(rs, f, names, nres);
  og_buf foot;
  og_buf_init(&foot);
  og_scan_writer_frame(w, out, &foot);
  size_t nth = 0;
  for (size_t i = 0; i < nres; i++) {
    for (size_t k = 0; k < res[i].n; k++) {
      og_scan_writer_match(w, out, i, &res[i].v[k], nth++);
    }
  }
  og_scan_writer_count(w, out, nth);
  og_buf_add(out, foot.data, foot.len);
  og_buf_free(&foot);
  og_scan_writer_free(w);
  free(names);
}
