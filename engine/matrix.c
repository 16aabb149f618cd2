/* matrix.c - the batch matrix (jurisdictions x rules) and its CSV, JSON and
 * Markdown writers. The HTML writer is in report_html.c.
 *
 * Cells hold the evaluator's status for each rule. For a layered
 * jurisdiction (a US state under us/federal) that is, by default, the status
 * of its own law, so that jurisdictions can be compared law against law;
 * with --with-parent (w->with_parent) it is the status with the parent's
 * law (docs/state-matrix.md). Writers never change a decision; they say
 * which view they show.
 *
 * Every writer is streamed (og_mwriter, opgap.h): a header once the first
 * row is there, one piece per row as the rows come, and a footer; a row is
 * not looked at again once written, so a batch of any size is written in
 * bounded memory.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "opgap.h"

static char *dup_or_null(const char *s) {
  return s ? og_xstrdup(s) : NULL;
}

void og_matrix_row_init(og_matrix_row *row, const og_report *r,
                        bool with_details, bool with_parent, size_t index) {
  const og_profile *p = r->profile;
  size_t n = r->rs->nrules;
  memset(row, 0, sizeof(*row));
  row->file = og_xstrdup(p->file);
  row->id = og_xstrdup(p->id);
  row->name = og_xstrdup(p->name);
  row->level = dup_or_null(p->level);
  row->parent = dup_or_null(p->parent_id);
  row->status = og_xcalloc(n + 1, 1);
  row->fingerprint = og_xcalloc(n + 1, sizeof(*row->fingerprint));
  for (size_t i = 0; i < r->nfindings; i++) {
    size_t k = (size_t)(r->findings[i].rule - r->rs->rules);
    const og_finding *f = &r->findings[i];
    if (k < n) {
      row->combined = with_parent && f->has_combined;
      row->status[k] = (unsigned char)(row->combined ? f->combined_status
                                                     : f->status);
      memcpy(row->fingerprint[k], f->fingerprint, 17);
    }
  }
  memcpy(row->counts, row->combined ? r->combined_counts : r->counts,
         sizeof(row->counts));
  row->index = index;
  if (with_details) {
    og_buf b;
    og_buf_init(&b);
    og_html_matrix_details(r, index, &b);
    row->details = og_buf_release(&b);
  }
}

void og_matrix_row_release(og_matrix_row *row) {
  free(row->file);
  free(row->id);
  free(row->name);
  free(row->level);
  free(row->parent);
  free(row->status);
  free(row->fingerprint);
  free(row->details);
  memset(row, 0, sizeof(*row));
}

/* ---- CSV (RFC 4180: CRLF, fields with , " CR LF quoted, "" inside) ------ */
static void csv_field(og_buf *b, const char *s, bool first) {
  if (!first) {
    og_buf_putc(b, ',');
  }
  if (s == NULL) {
    return;
  }
  if (strpbrk(s, ",\"\r\n") == NULL) {
    og_buf_puts(b, s);
    return;
  }
  og_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') {
      og_buf_putc(b, '"');
    }
    og_buf_putc(b, *s);
  }
  og_buf_putc(b, '"');
}

/* Columns: jurisdiction, name, level, parent, file, one per rule (the
 * status name), then the totals per status. */
static void csv_begin(og_mwriter *w) {
  const og_ruleset *rs = w->rs;
  og_buf *out = &w->buf;
  /* TRANSLATORS: CSV column headers; the rule columns keep their ids */
  csv_field(out, _("jurisdiction"), true);
  csv_field(out, _("name"), false);
  csv_field(out, _("level"), false);
  csv_field(out, _("parent"), false);
  csv_field(out, _("file"), false);
  for (size_t k = 0; k < rs->nrules; k++) {
    csv_field(out, rs->rules[k].id, false);
  }
  for (int s = 0; s < OG_STATUS_COUNT; s++) {
    csv_field(out, og_status_word((og_status)s), false);
  }
  og_buf_puts(out, "\r\n");
}

static void csv_row(og_mwriter *w, const og_matrix_row *row) {
  og_buf *out = &w->buf;
  csv_field(out, row->id, true);
  csv_field(out, row->name, false);
  csv_field(out, row->level, false);
  csv_field(out, row->parent, false);
  csv_field(out, row->file, false);
  for (size_t k = 0; k < w->rs->nrules; k++) {
    og_buf_putc(out, ',');
    og_buf_puts(out, og_status_name((og_status)row->status[k]));
  }
  for (int s = 0; s < OG_STATUS_COUNT; s++) {
    og_buf_printf(out, ",%zu", row->counts[s]);
  }
  og_buf_puts(out, "\r\n");
}

/* ---- JSON (keys in a fixed order, schema version first) -----------------
 * The document is the one cJSON_Print would make of the whole matrix,
 * written a part at a time: the head (schema version, tool, rules), each
 * jurisdiction printed alone and indented to its depth, then the failed
 * profiles. */
static cJSON *summary_json(const size_t counts[OG_STATUS_COUNT]) {
  cJSON *o = cJSON_CreateObject();
  static const og_status order[] = {OG_MET, OG_PARTIAL, OG_GAP, OG_UNKNOWN,
                                    OG_NA};
  for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
    cJSON_AddNumberToObject(o, og_status_name(order[i]),
                            (double)counts[order[i]]);
  }
  return o;
}

static void add_str_or_null(cJSON *o, const char *key, const char *v) {
  if (v) {
    cJSON_AddStringToObject(o, key, v);
  } else {
    cJSON_AddNullToObject(o, key);
  }
}

/* Appends item as cJSON_Print prints it DEPTH levels down. */
static void json_put_nested(og_buf *b, const cJSON *item, int depth) {
  char *s = cJSON_Print(item);
  for (const char *c = s; *c; c++) {
    og_buf_putc(b, *c);
    if (*c == '\n') {
      for (int i = 0; i < depth; i++) {
        og_buf_putc(b, '\t');
      }
    }
  }
  cJSON_free(s);
}

static void json_begin(og_mwriter *w) {
  const og_ruleset *rs = w->rs;
  cJSON *root = og_json_document();
  cJSON_AddStringToObject(root, "view", w->with_parent ? "with-parent"
                                                       : "own-law");
  cJSON *rules = cJSON_AddArrayToObject(root, "rules");
  for (size_t k = 0; k < rs->nrules; k++) {
    const og_rule *r = &rs->rules[k];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddStringToObject(o, "area", r->area);
    cJSON_AddStringToObject(o, "strength", og_strength_name(r->strength));
    cJSON_AddStringToObject(o, "title", r->title);
    cJSON_AddItemToArray(rules, o);
  }
  char *s = cJSON_Print(root);
  size_t n = strlen(s);
  /* cut the closing "\n}" and go on with the jurisdictions */
  og_buf_add(&w->buf, s, n >= 2 ? n - 2 : n);
  og_buf_puts(&w->buf, ",\n\t\"jurisdictions\":\t[");
  cJSON_free(s);
  cJSON_Delete(root);
}

static void json_row(og_mwriter *w, const og_matrix_row *row) {
  const og_ruleset *rs = w->rs;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "id", row->id);
  cJSON_AddStringToObject(o, "name", row->name);
  add_str_or_null(o, "level", row->level);
  add_str_or_null(o, "parent", row->parent);
  cJSON_AddStringToObject(o, "file", row->file);
  cJSON_AddBoolToObject(o, "with_parent", row->combined);
  cJSON_AddItemToObject(o, "summary", summary_json(row->counts));
  cJSON *cells = cJSON_AddObjectToObject(o, "cells");
  for (size_t k = 0; k < rs->nrules; k++) {
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "status",
                            og_status_name((og_status)row->status[k]));
    cJSON_AddStringToObject(c, "fingerprint", row->fingerprint[k]);
    cJSON_AddItemToObject(cells, rs->rules[k].id, c);
  }
  if (w->nrows > 0) {
    og_buf_puts(&w->buf, ", ");
  }
  json_put_nested(&w->buf, o, 2);
  cJSON_Delete(o);
}

static void json_end(og_mwriter *w, const og_diag *failed, size_t nfailed) {
  cJSON *arr = cJSON_CreateArray();
  for (size_t i = 0; i < nfailed; i++) {
    const og_diag *d = &failed[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", d->file);
    cJSON_AddNumberToObject(o, "line", d->line);
    cJSON_AddNumberToObject(o, "col", d->col);
    cJSON_AddStringToObject(o, "message", d->msg);
    cJSON_AddItemToArray(arr, o);
  }
  og_buf_puts(&w->buf, "],\n\t\"failed\":\t");
  json_put_nested(&w->buf, arr, 1);
  og_buf_puts(&w->buf, "\n}\n");
  cJSON_Delete(arr);
}

/* ---- Markdown ------------------------------------------------------------ */

static void md_text(og_buf *b, const char *s) {
  for (; s && *s; s++) {
    if (strchr("\\`*_[]<>|#", *s) != NULL) {
      og_buf_putc(b, '\\');
    }
    og_buf_putc(b, *s == '\n' ? ' ' : *s);
  }
}

/* Rules are columns numbered 1..N (the ids are too long for a header); a
 * key below the table gives each number's rule and strength, and the number
 * of jurisdictions, known once all are written. */
static void md_begin(og_mwriter *w) {
  const og_ruleset *rs = w->rs;
  og_buf *out = &w->buf;
  og_buf_printf(out, _("# OPSC gap matrix: %zu rules\n\n"), rs->nrules);
  og_buf_puts(out, _("Each cell is one rule's status for one jurisdiction:"));
  for (int s = 0; s < OG_STATUS_COUNT; s++) {
    og_buf_printf(out, "%s **%s** %s", s ? "," : "",
                  og_status_letter((og_status)s), og_status_word((og_status)s));
  }
  og_buf_puts(out, _(". Unknown means the profile's sources do not establish "
                     "the facts: neither met nor a gap."));
  og_buf_puts(out, "\n\n");
  og_buf_puts(out, og_matrix_view_note(w->with_parent));
  og_buf_puts(out, "\n\n");
  og_buf_printf(out, "| %s |", _("jurisdiction"));
  for (size_t k = 0; k < rs->nrules; k++) {
    og_buf_printf(out, " %zu |", k + 1);
  }
  og_buf_printf(out, " %s | %s | %s | %s | %s |\n|---|", og_status_word(OG_MET),
                og_status_word(OG_PARTIAL), og_status_word(OG_GAP),
                og_status_word(OG_UNKNOWN), _("n/a"));
  for (size_t k = 0; k < rs->nrules + 5; k++) {
    og_buf_puts(out, "---|");
  }
  og_buf_putc(out, '\n');
}

static void md_row(og_mwriter *w, const og_matrix_row *row) {
  og_buf *out = &w->buf;
  og_buf_puts(out, "| ");
  md_text(out, row->id);
  og_buf_puts(out, " |");
  for (size_t k = 0; k < w->rs->nrules; k++) {
    const char *l = og_status_letter((og_status)row->status[k]);
    og_buf_printf(out, " %s |", strcmp(l, "-") == 0 ? "\\-" : l);
  }
  og_buf_printf(out, " %zu | %zu | %zu | %zu | %zu |\n", row->counts[OG_MET],
                row->counts[OG_PARTIAL], row->counts[OG_GAP],
                row->counts[OG_UNKNOWN], row->counts[OG_NA]);
}

static void md_end(og_mwriter *w, const og_diag *failed, size_t nfailed) {
  const og_ruleset *rs = w->rs;
  og_buf *out = &w->buf;
  og_buf_puts(out, "\n");
  og_buf_printf(out,
                og_trn("%zu jurisdiction, %zu rules.", "%zu jurisdictions, %zu rules.",
                       w->nrows),
                w->nrows, rs->nrules);
  og_buf_printf(out, "\n\n## %s\n\n| # | %s | %s | %s |\n|---|---|---|---|\n",
                _("Rules"), _("rule"), _("strength"), _("title"));
  for (size_t k = 0; k < rs->nrules; k++) {
    const og_rule *r = &rs->rules[k];
    og_buf_printf(out, "| %zu | `%s` | %s | ", k + 1, r->id,
                  og_strength_word(r->strength));
    md_text(out, r->title);
    og_buf_puts(out, " |\n");
  }
  og_buf_printf(out, "\n%s\n",
                _("Obligations are the Protocol's own words; recommendations "
                  "and encouragements are the Committee's, never treaty "
                  "obligations."));
  if (nfailed) {
    og_buf_printf(out, "\n## %s\n\n", _("Profiles that could not be read"));
    for (size_t i = 0; i < nfailed; i++) {
      const og_diag *d = &failed[i];
      og_buf_puts(out, "- ");
      md_text(out, d->file);
      og_buf_printf(out, ":%d:%d: ", d->line, d->col);
      md_text(out, d->msg);
      og_buf_putc(out, '\n');
    }
  }
}

/* ---- the writer ------------------------------------------------------------ */
static const struct {
  void (*begin)(og_mwriter *);
  void (*row)(og_mwriter *, const og_matrix_row *);
  void (*end)(og_mwriter *, const og_diag *, size_t);
} formats[] = {
    [OG_MATRIX_CSV] = {csv_begin, csv_row, NULL},
    [OG_MATRIX_JSON] = {json_begin, json_row, json_end},
    [OG_MATRIX_MD] = {md_begin, md_row, md_end},
    [OG_MATRIX_HTML] = {og_html_matrix_begin, og_html_matrix_row,
                        og_html_matrix_end},
};

void og_mwriter_init(og_mwriter *w, og_mformat f, const og_ruleset *rs,
                     og_out *out, size_t expected, bool with_parent,
                     const char *details_dir) {
  memset(w, 0, sizeof(*w));
  w->with_parent = with_parent;
  w->format = f;
  w->rs = rs;
  w->out = out;
  w->expected = expected;
  og_buf_init(&w->buf);
  if (f == OG_MATRIX_HTML) {
    /* the HTML writer keeps where its details go */
    w->state = details_dir ? og_xstrdup(details_dir) : NULL;
  }
}

void og_mwriter_flush(og_mwriter *w) {
  if (w->buf.len) {
    og_out_write(w->out, w->buf.data, w->buf.len);
    w->buf.len = 0;
  }
}

void og_mwriter_row(og_mwriter *w, const og_matrix_row *row) {
  if (!w->begun) {
    formats[w->format].begin(w);
    w->begun = true;
  }
  formats[w->format].row(w, row);
  for (size_t k = 0; k < w->rs->nrules; k++) {
    w->counts[row->status[k]]++;
  }
  w->nrows++;
  if (w->buf.len >= OG_MW_FLUSH) {
    og_mwriter_flush(w);
  }
}

void og_mwriter_end(og_mwriter *w, const og_diag *failed, size_t nfailed) {
  if (!w->begun) {
    return; /* no row: nothing is written */
  }
  if (formats[w->format].end) {
    formats[w->format].end(w, failed, nfailed);
  }
  og_mwriter_flush(w);
}

int og_mwriter_commit(og_mwriter *w, og_diags *d) {
  return w->format == OG_MATRIX_HTML ? og_html_matrix_commit(w, d) : 0;
}

void og_mwriter_release(og_mwriter *w) {
  if (w->format == OG_MATRIX_HTML) {
    og_html_matrix_release(w);
  }
  og_buf_free(&w->buf);
}
