/* report_html.c - self-contained HTML: the single-jurisdiction report
 * (opgap check --format html) and the batch matrix (opgap batch).
 *
 * One file each, no external scripts, fonts or network. Both share one
 * stylesheet: one colour per status, chosen so that the statuses also
 * differ in lightness (readable in greyscale) and avoid red/green pairs
 * (colour-blind readers), and every status also shows its letter
 * (og_status_letter). A print stylesheet hides the controls and keeps the
 * colours. All text is escaped; writers never change a decision.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <dirent.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opgap.h"

/* ---- escaping -------------------------------------------------------------- */
static void esc(og_buf *b, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&':
      og_buf_puts(b, "&amp;");
      break;
    case '<':
      og_buf_puts(b, "&lt;");
      break;
    case '>':
      og_buf_puts(b, "&gt;");
      break;
    case '"':
      og_buf_puts(b, "&quot;");
      break;
    case '\'':
      og_buf_puts(b, "&#39;");
      break;
    default:
      og_buf_putc(b, *s);
    }
  }
}

/* Formats, then escapes: a translated sentence with a name in it. */
static void esc_printf(og_buf *b, const char *fmt, ...) OG_PRINTF(2, 3);
static void esc_printf(og_buf *b, const char *fmt, ...) {
  og_buf w;
  og_buf_init(&w);
  va_list ap;
  va_start(ap, fmt);
  og_buf_vprintf(&w, fmt, ap);
  va_end(ap);
  esc(b, og_buf_str(&w));
  og_buf_free(&w);
}

/* Status class names: "s-met", "s-gap", ... (also used by the script). */
static const char *status_class(og_status s) {
  switch (s) {
  case OG_MET:
    return "s-met";
  case OG_NA:
    return "s-na";
  case OG_UNKNOWN:
    return "s-unknown";
  case OG_PARTIAL:
    return "s-partial";
  case OG_GAP:
    return "s-gap";
  case OG_STATUS_COUNT:
    break;
  }
  return "";
}

/* Light to dark in the order met, n/a, unknown, partial, gap: the
 * lightness alone tells the statuses apart in greyscale. Blue/orange/
 * purple-black avoid the red-green confusion. */
static const char css[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "margin:1.5em;color:#1a1a1a;max-width:80em}\n"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin-top:1.6em;"
    "border-bottom:1px solid #bbb}h3{font-size:1.05em;margin:1.2em 0 .3em}\n"
    ".st{display:inline-block;min-width:1.6em;text-align:center;"
    "font-weight:700;border:1px solid #555;border-radius:3px;padding:0 .2em}\n"
    ".s-met{background:#deebf7;color:#08306b}\n"
    ".s-na{background:#ffffff;color:#555;border-style:dashed}\n"
    ".s-unknown{background:#c8c8c8;color:#1a1a1a}\n"
    ".s-partial{background:#f4a442;color:#1a1a1a}\n"
    ".s-gap{background:#5e1a6e;color:#ffffff}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.4em 1.2em;margin:.6em 0;"
    "padding:0;list-style:none}\n"
    ".finding{border-left:4px solid #999;padding:.2em .8em;margin:.8em 0}\n"
    ".finding dl{margin:.2em 0}.finding dt{font-weight:600;float:left;"
    "clear:left;margin-right:.4em}.finding dd{margin:0 0 .15em 0;overflow:hidden}\n"
    ".finding dd ul{margin:0;padding-left:1.1em}\n"
    ".note{color:#444;font-size:.92em}\n"
    "table.m{border-collapse:collapse;font-size:12px}\n"
    "table.m th,table.m td{border:1px solid #777;padding:1px 3px;"
    "text-align:center}\n"
    "table.m thead th.r{writing-mode:vertical-rl;transform:rotate(180deg);"
    "white-space:nowrap;font-weight:400;max-height:16em}\n"
    "table.m td a{color:inherit;text-decoration:none;display:block;"
    "font-weight:700}\n"
    "table.m th.j{text-align:left;white-space:nowrap}\n"
    ".controls{margin:.8em 0;display:flex;flex-wrap:wrap;gap:.6em;"
    "align-items:center}\n"
    ".controls button,.controls select{font:inherit}\n"
    ".hidden{display:none}\n"
    "@media print{body{margin:0;font-size:10pt;max-width:none}"
    ".controls{display:none}a{color:inherit;text-decoration:none}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".finding,tr{break-inside:avoid}h2{break-after:avoid}"
    "table.m{font-size:7pt}}\n";

static void head(og_buf *b, const char *title) {
  og_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n",
                og_lang_name(og_lang_current()));
  og_buf_puts(b, "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                 "content=\"width=device-width, initial-scale=1\">\n"
                 "<meta name=\"generator\" content=\"opgap " OPGAP_VERSION
                 "\">\n<title>");
  esc(b, title);
  og_buf_puts(b, "</title>\n<style>\n");
  og_buf_puts(b, css);
  og_buf_puts(b, "</style>\n</head>\n<body>\n");
}

static void badge(og_buf *b, og_status s) {
  og_buf_printf(b, "<span class=\"st %s\" title=\"%s\">%s</span>",
                status_class(s), og_status_word(s), og_status_letter(s));
}

static void legend(og_buf *b) {
  static const og_status order[] = {OG_GAP, OG_PARTIAL, OG_UNKNOWN, OG_MET,
                                    OG_NA};
  static const char *const gloss[] = {
      N_("the law does not meet the requirement"),
      N_("the law meets part of it (or, marked extent unknown, falls short to "
         "an extent the sources do not establish)"),
      N_("the profile's sources do not establish the facts: neither met nor "
         "a gap"),
      N_("the law meets it"), N_("the rule does not apply")};
  og_buf_puts(b, "<ul class=\"legend\" id=\"legend\">\n");
  for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
    og_buf_puts(b, "<li>");
    badge(b, order[i]);
    og_buf_printf(b, " <b>%s</b>: %s</li>\n", og_status_word(order[i]),
                  _(gloss[i]));
  }
  og_buf_puts(b, "</ul>\n");
}

/* The rule's citations by role: creates / explains / applies. */
static void citations(og_buf *b, const og_rule *r) {
  for (int role = 0; role < 3; role++) {
    bool any = false;
    for (size_t i = 0; i < r->ncites; i++) {
      if ((int)r->cites[i].role != role) {
        continue;
      }
      if (!any) {
        og_buf_printf(b, "<dt>%s:</dt><dd class=\"cite-%s\">",
                      og_role_label((og_role)role), og_role_name((og_role)role));
      } else {
        og_buf_puts(b, "; ");
      }
      og_buf c;
      og_buf_init(&c);
      og_say_cite(r->cites[i].cite.text, &c);
      esc(b, og_buf_str(&c));
      og_buf_free(&c);
      any = true;
    }
    if (any) {
      og_buf_puts(b, "</dd>\n");
    }
  }
}

static void evidence(og_buf *b, const og_report *r, const og_finding *f) {
  if (f->nevidence) {
    og_buf_printf(b, "<dt>%s</dt><dd><ul>\n", _("Evidence:"));
    for (size_t i = 0; i < f->nevidence; i++) {
      const og_fact *fact = f->evidence[i];
      og_buf v;
      og_buf_init(&v);
      og_say_fact(fact->def, &v);
      og_buf_puts(&v, ": ");
      og_say_stated(fact, &v);
      og_buf_puts(b, "<li>");
      esc(b, og_buf_str(&v));
      og_buf_free(&v);
      og_buf_init(&v);
      og_say_basis(&r->rs->reg, fact, &v);
      og_buf_printf(b, " <span class=\"basis ev-%s\">&mdash; ",
                    fact->evidence ? fact->evidence : "unstated");
      esc(b, og_buf_str(&v));
      og_buf_puts(b, "</span>");
      og_buf_free(&v);
      if (!fact->confirmed) {
        og_buf_printf(b, " <b>%s</b>", _("unconfirmed draft fact"));
      }
      if (fact->quote) {
        og_buf_puts(b, "<blockquote>");
        esc(b, fact->quote);
        og_buf_puts(b, "</blockquote>");
      }
      og_buf_puts(b, "</li>\n");
    }
    og_buf_puts(b, "</ul></dd>\n");
  }
  /* what is not established is said once, in the finding's "why" */
}

/* One finding. anchor: the element id. */
static void finding(og_buf *b, const og_report *r, const og_finding *f,
                    const char *anchor, bool full) {
  const og_rule *rule = f->rule;
  og_buf_printf(b, "<div class=\"finding\" id=\"%s\">\n<h3>", anchor);
  badge(b, f->status);
  if (f->extent_unknown) {
    og_buf_printf(b, " <em>%s</em>", _("extent unknown"));
  }
  og_buf_puts(b, " <code>");
  esc(b, rule->id);
  og_buf_puts(b, "</code> ");
  esc(b, rule->title);
  og_buf_printf(b, "</h3>\n<dl>\n<dt>%s</dt><dd>", _("Strength:"));
  og_buf_printf(b, "%s (%s)", og_strength_word(rule->strength),
                og_strength_gloss(rule->strength));
  og_buf_puts(b, "</dd>\n");
  if (full) {
    og_buf_printf(b, "<dt>%s</dt><dd>", _("Requirement:"));
    esc(b, rule->requirement);
    og_buf_puts(b, "</dd>\n");
  }
  citations(b, rule);
  if (full) {
    evidence(b, r, f);
  }
  og_buf_printf(b, "<dt>%s</dt><dd>", _("Why:"));
  esc(b, f->explanation);
  og_buf_puts(b, "</dd>\n");
  if (f->remedy) {
    og_buf_printf(b, "<dt>%s</dt><dd>", _("What to add:"));
    esc(b, f->remedy);
    og_buf_puts(b, "</dd>\n");
  }
  for (size_t i = 0; i < f->nreservations; i++) {
    const og_reservation *res = f->reservations[i];
    og_buf_printf(b, "<dt>%s:</dt><dd>",
                  res->kind[0] == 'r'   ? _("Reservation")
                  : res->kind[0] == 'd' ? _("Declaration")
                                        : _("Understanding"));
    esc(b, res->text);
    og_buf_puts(b, " (");
    og_buf src;
    og_buf_init(&src);
    og_say_cite(res->source, &src);
    esc(b, og_buf_str(&src));
    og_buf_free(&src);
    og_buf_puts(b, ")</dd>\n");
  }
  if (f->has_combined) {
    og_buf_puts(b, "<dt>");
    esc_printf(b, _("With %s law:"), r->profile->parent_id);
    og_buf_printf(b, "</dt><dd>%s ", _("own"));
    badge(b, f->own_status);
    og_buf_puts(b, ", ");
    esc(b, r->profile->parent_id);
    og_buf_puts(b, " ");
    badge(b, f->parent_status);
    og_buf_printf(b, ", %s ", _("combined"));
    badge(b, f->combined_status);
    if (f->nparent_evidence) {
      og_buf cites;
      og_buf_init(&cites);
      og_finding_parent_cites(f, &cites);
      esc_printf(b, _("; decided by %s law: "), r->profile->parent_id);
      esc(b, og_buf_str(&cites));
      og_buf_free(&cites);
    }
    if (f->combined_note) {
      esc(b, _("; coverage through the parent depends on: "));
      esc(b, f->combined_note);
    }
    og_buf_puts(b, "</dd>\n");
  }
  og_buf_puts(b, "</dl>\n</div>\n");
}

/* ---- opgap check --format html ---------------------------------------------- */
/* The first page: each gap, then each partial finding, obligations first,
 * one line each with what it rests on and a link to its detail. */
static void glance(og_buf *b, const og_report *r) {
  og_buf_printf(b, "<h2 id=\"glance\">%s</h2>\n",
                _("Gaps and partial findings"));
  const og_finding **list = og_xcalloc(r->nfindings + 1, sizeof(*list));
  size_t nlist = og_glance_findings(r, list);
  for (size_t i = 0; i < nlist; i++) {
    const og_finding *f = list[i];
    og_buf_puts(b, i > 0 ? "<li>" : "<ul class=\"glance\">\n<li>");
    badge(b, f->status);
    og_buf_printf(b, " %s%s(%s): <a href=\"#",
                  f->extent_unknown ? _("extent unknown") : "",
                  f->extent_unknown ? " " : "",
                  og_strength_word(f->rule->strength));
    esc(b, f->rule->id);
    og_buf_puts(b, "\">");
    esc(b, f->rule->title);
    og_buf_printf(b, "</a> &mdash; %s", _("rests on "));
    og_buf w;
    og_buf_init(&w);
    og_say_rests_on(f, &w);
    esc(b, og_buf_str(&w));
    og_buf_free(&w);
    if (f->has_combined) {
      esc_printf(b, _("; with %s law: "), r->profile->parent_id);
      badge(b, f->combined_status);
    }
    og_buf_puts(b, "</li>\n");
  }
  free(list);
  if (nlist) {
    og_buf_puts(b, "</ul>\n");
  } else {
    og_buf_printf(b, "<p>%s</p>\n",
                  _("None: no rule is found a gap or partly met."));
  }
}

/* Unknown rules together, each with what would decide it. */
static void undecided(og_buf *b, const og_report *r) {
  if (r->counts[OG_UNKNOWN] == 0) {
    return;
  }
  og_buf_puts(b, "<h2 id=\"undecided\">");
  og_buf_printf(b,
                og_trn("Not decided by the texts at hand (%zu rule)",
                       "Not decided by the texts at hand (%zu rules)",
                       r->counts[OG_UNKNOWN]),
                r->counts[OG_UNKNOWN]);
  og_buf_printf(b, "</h2>\n<p class=\"note\">%s</p>\n<ul>\n",
                _("The texts and sources in the profile do not establish "
                  "what these rules need: each is neither met nor a gap. "
                  "What would decide each:"));
  for (size_t i = 0; i < r->nfindings; i++) {
    const og_finding *f = &r->findings[i];
    if (f->status != OG_UNKNOWN) {
      continue;
    }
    og_buf_puts(b, "<li id=\"");
    esc(b, f->rule->id);
    og_buf_puts(b, "\">");
    badge(b, f->status);
    og_buf_puts(b, " ");
    esc(b, f->rule->title);
    og_buf_printf(b, " (%s): ", og_strength_word(f->rule->strength));
    if (f->at_least_partial) {
      esc(b, _("met at least in part (whether in full is not "
               "established). "));
    }
    og_buf w;
    og_buf_init(&w);
    og_say_short(f->explanation, 200, &w);
    esc(b, og_buf_str(&w));
    og_buf_free(&w);
    if (f->has_combined && f->combined_status != OG_UNKNOWN) {
      esc_printf(b, _(" With %s law: "), r->profile->parent_id);
      badge(b, f->combined_status);
    }
    og_buf_puts(b, "</li>\n");
  }
  og_buf_puts(b, "</ul>\n");
}

void og_write_html(const og_report *r, og_buf *out) {
  const og_profile *p = r->profile;
  og_buf title;
  og_buf_init(&title);
  og_buf_printf(&title, "%s%s", _("OPSC gap report: "), p->name);
  head(out, og_buf_str(&title));
  og_buf_free(&title);
  og_buf_puts(out, "<header>\n<h1>");
  esc(out, _("OPSC gap report: "));
  esc(out, p->name);
  og_buf_printf(out, "</h1>\n<p class=\"note\">%s</p>\n<dl>\n<dt>%s</dt><dd><code>",
                _("Optional Protocol to the Convention on the Rights of the "
                  "Child on the sale of children, child prostitution and "
                  "child pornography"),
                _("Jurisdiction"));
  esc(out, p->id);
  og_buf_puts(out, "</code> (");
  esc(out, og_say_profile_word(p->level));
  og_buf_puts(out, ")</dd>\n");
  if (p->parent_id) {
    og_buf_printf(out, "<dt>%s</dt><dd><code>", _("Parent jurisdiction"));
    esc(out, p->parent_id);
    og_buf_printf(out, "</code>: %s</dd>\n",
                  _("each finding also gives the combined status with the "
                    "parent's law"));
  }
  og_buf_printf(out, "<dt>%s</dt><dd>", _("Law as of"));
  esc(out, p->as_of ? p->as_of : _("not stated"));
  og_buf_puts(out, "</dd>\n");
  if (p->opsc_status) {
    og_buf_puts(out, "<dt>OPSC</dt><dd>");
    esc(out, og_say_profile_word(p->opsc_status));
    if (p->opsc_date) {
      og_buf_puts(out, _(" on "));
      esc(out, p->opsc_date);
    }
    og_buf_puts(out, "</dd>\n");
  }
  og_buf_printf(out, _("<dt>Tool</dt><dd>opgap %s, %zu rules from "),
                OPGAP_VERSION, r->nfindings);
  esc(out, r->rs->dir);
  og_buf_puts(out, "</dd>\n</dl>\n</header>\n");
  if (p->nreservations) {
    og_buf_printf(out, "<h2>%s</h2>\n<ul>\n",
                  _("Reservations and declarations"));
    for (size_t i = 0; i < p->nreservations; i++) {
      og_buf_puts(out, "<li>");
      esc(out, og_say_profile_word(p->reservations[i].kind));
      og_buf_puts(out, ": ");
      esc(out, p->reservations[i].text);
      og_buf_puts(out, " (");
      og_buf src;
      og_buf_init(&src);
      og_say_cite(p->reservations[i].source, &src);
      esc(out, og_buf_str(&src));
      og_buf_free(&src);
      og_buf_puts(out, ")</li>\n");
    }
    og_buf_puts(out, "</ul>\n");
  }
  og_buf_printf(out, "<h2 id=\"summary\">%s</h2>\n<table class=\"m\" "
                     "id=\"summary-table\"><tr>",
                _("Summary"));
  static const og_status order[] = {OG_GAP, OG_PARTIAL, OG_UNKNOWN, OG_MET,
                                    OG_NA};
  for (size_t i = 0; i < 5; i++) {
    og_buf_printf(out, "<th>%s</th>", og_status_word(order[i]));
  }
  og_buf_puts(out, "</tr><tr>");
  for (size_t i = 0; i < 5; i++) {
    og_buf_printf(out, "<td class=\"%s\">%zu</td>", status_class(order[i]),
                  r->counts[order[i]]);
  }
  og_buf_puts(out, "</tr></table>\n");
  legend(out);
  og_buf_printf(out, "<p class=\"note\">%s</p>\n",
                _("Obligations are the Protocol's own words. Recommendations "
                  "and encouragements are the Committee's reading of it, "
                  "never treaty obligations. Findings are grouped by the "
                  "parts of the Protocol."));
  glance(out, r);
  undecided(out, r);
  /* Rules come in the Protocol's order (rule files' `order`); each file's
   * title heads its findings. */
  const char *last = NULL;
  for (size_t n = 0; n < r->nfindings; n++) {
    const og_finding *f = &r->findings[n];
    if (!og_finding_in_detail(f)) {
      continue;
    }
    const char *h = f->rule->chapter ? f->rule->chapter : f->rule->area;
    if (last == NULL || strcmp(last, h) != 0) {
      og_buf_puts(out, "<h2>");
      esc(out, h);
      og_buf_puts(out, "</h2>\n");
      last = h;
    }
    og_buf anchor;
    og_buf_init(&anchor);
    esc(&anchor, f->rule->id);
    finding(out, r, f, og_buf_str(&anchor), true);
    og_buf_free(&anchor);
  }
  og_buf_printf(out, "<p class=\"note\">%s</p>\n</body>\n</html>\n",
                _("opgap is a research and drafting aid, not legal advice: a "
                  "finding is only as good as the profile's facts."));
}

/* ---- opgap batch: the matrix ------------------------------------------------ */
void og_html_matrix_details(const og_report *r, size_t index, og_buf *out) {
  const og_profile *p = r->profile;
  og_buf_printf(out, "<section class=\"jur\" id=\"j%zu\">\n<h2>", index);
  esc(out, p->name);
  og_buf_puts(out, " <code>");
  esc(out, p->id);
  og_buf_puts(out, "</code></h2>\n<p class=\"note\">");
  esc(out, p->file);
  og_buf_puts(out, _("; law as of "));
  esc(out, p->as_of ? p->as_of : _("not stated"));
  og_buf_puts(out, "</p>\n");
  /* Compact: the rule's requirement and citations are in the Rules
   * section once (each finding links to it); a finding gives its status,
   * why, the remedy and the statute sections it rests on. */
  for (size_t n = 0; n < r->nfindings; n++) {
    const og_finding *f = &r->findings[n];
    size_t k = (size_t)(f->rule - r->rs->rules);
    og_buf_printf(out, "<div class=\"finding\" id=\"j%zu-%zu\">", index, k);
    badge(out, f->status);
    og_buf_printf(out, " <a href=\"#r%zu\"><code>", k);
    esc(out, f->rule->id);
    og_buf_puts(out, "</code></a> ");
    esc(out, f->explanation);
    if (f->remedy) {
      og_buf_printf(out, " <b>%s</b> ", _("What to add:"));
      esc(out, f->remedy);
    }
    if (f->nevidence) {
      og_buf_printf(out, " <span class=\"note\">(%s", _("rests on "));
      og_buf w;
      og_buf_init(&w);
      og_say_rests_on(f, &w);
      esc(out, og_buf_str(&w));
      og_buf_free(&w);
      og_buf_puts(out, ")</span>");
    }
    if (f->has_combined) {
      og_buf_printf(out, " %s ", _("With the parent's law:"));
      badge(out, f->combined_status);
    }
    og_buf_puts(out, "</div>\n");
  }
  og_buf_puts(out, "</section>\n");
}

/* ---- the matrix page --------------------------------------------------------
 * The page grows by bytes per cell: each jurisdiction is one call in the
 * data script, R("id","letters"), a status letter per rule, and the script
 * draws the table from them (500 rows at a time, with "show more"), sorts
 * it, filters it by jurisdiction, area and strength. A jurisdiction's
 * findings are shown on demand, below the table, when one of its cells is
 * chosen: inline in a small page (up to OG_MW_INLINE profiles), else from
 * script files beside the page, 64 jurisdictions a file
 * (NAME-details/cN.js), which a page opened from disk loads with no
 * server. URL parameters for tests and links: ?q=TEXT filters the
 * jurisdictions, ?open=ID shows one jurisdiction's findings, ?test=sort
 * clicks "sort by number of gaps". */
#define DETAILS_CHUNK 64

typedef struct html_matrix {
  char *dir;    /* the details directory's final path, or NULL */
  char *tmpdir; /* where its files are written until committed */
  int mode;     /* 0 inline, 1 files, 2 none */
  og_buf chunk; /* the chunk being filled (mode 1) */
  size_t chunk_no;
  bool chunk_open;
  int err;      /* errno of a failed details write */
} html_matrix;

/* s as a JavaScript string literal that is safe inside <script>. */
static void js_str(og_buf *b, const char *s) {
  og_buf_putc(b, '"');
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '"':
      og_buf_puts(b, "\\\"");
      break;
    case '\\':
      og_buf_puts(b, "\\\\");
      break;
    case '\n':
      og_buf_puts(b, "\\n");
      break;
    case '<':
      og_buf_puts(b, "\\x3c");
      break;
    default:
      if (c < 0x20) {
        og_buf_printf(b, "\\x%02x", c);
      } else if (c == 0xe2 && (unsigned char)s[1] == 0x80 &&
                 ((unsigned char)s[2] == 0xa8 || (unsigned char)s[2] == 0xa9)) {
        og_buf_printf(b, "\\u%04x", (unsigned char)s[2] == 0xa8 ? 0x2028 : 0x2029);
        s += 2;
      } else {
        og_buf_putc(b, (char)c);
      }
    }
  }
  og_buf_putc(b, '"');
}

static const char script[] =
    "(function(){\n"
    "var tb=document.getElementById('rows'),det=document.getElementById('details');\n"
    "var heads=document.querySelectorAll('#matrix thead th.r');\n"
    "var L={M:['s-met','met'],P:['s-partial','partial'],G:['s-gap','gap'],"
    "'?':['s-unknown','unknown'],'-':['s-na','not-applicable']};\n"
    "var rows=OG.rows,view=rows.slice(),limit=500,fa='',fs='',fq='';\n"
    "function n(r,c){var k=0;for(var i=0;i<r[1].length;i++)if(r[1][i]===c)k++;return k;}\n"
    "function esc(s){return s.replace(/&/g,'&amp;').replace(/</g,'&lt;')"
    ".replace(/>/g,'&gt;').replace(/\"/g,'&quot;');}\n"
    "function colOk(k){var h=heads[k];return(!fa||h.dataset.area===fa)&&"
    "(!fs||h.dataset.strength===fs);}\n"
    "function draw(){\n"
    " var ok=[],h=[];for(var k=0;k<heads.length;k++){ok.push(colOk(k));"
    "heads[k].classList.toggle('hidden',!ok[k]);}\n"
    " var shown=view.slice(0,limit);\n"
    " for(var i=0;i<shown.length;i++){var r=shown[i],st=r[1];\n"
    "  h.push('<tr data-id=\"'+esc(r[0])+'\" data-gaps=\"'+n(r,'G')+'\"><th class=\"j\" scope=\"row\">"
    "<a href=\"#j'+r[2]+'\">'+esc(r[0])+'</a></th>');\n"
    "  for(var k=0;k<st.length;k++){var c=L[st[k]];\n"
    "   h.push('<td class=\"'+c[0]+(ok[k]?'':' hidden')+'\"><a href=\"#j'+r[2]+'-'+k+'\" "
    "title=\"'+c[1]+'\">'+st[k]+'</a></td>');}\n"
    "  h.push('<td>'+n(r,'G')+'</td><td>'+n(r,'P')+'</td><td>'+n(r,'?')+'</td>"
    "<td>'+n(r,'M')+'</td><td>'+n(r,'-')+'</td></tr>');}\n"
    " tb.innerHTML=h.join('');\n"
    " document.getElementById('count').textContent=view.length<rows.length?"
    "view.length+' of '+rows.length:String(rows.length);\n"
    " var m=document.getElementById('more');m.classList.toggle('hidden',view.length<=limit);\n"
    " m.firstChild.textContent=OG.t.more.replace('%d',view.length-Math.min(limit,view.length));}\n"
    "function refilter(){var q=fq.toLowerCase();view=rows.filter(function(r){"
    "return !q||r[0].toLowerCase().indexOf(q)>=0||r[3].toLowerCase().indexOf(q)>=0;});sortBy(order);}\n"
    "var order='id';\n"
    "function sortBy(key){order=key;view.sort(function(a,b){\n"
    "  if(key==='gaps'){var d=n(b,'G')-n(a,'G');if(d)return d;d=n(b,'P')-n(a,'P');if(d)return d;}\n"
    "  return a[0]<b[0]?-1:a[0]>b[0]?1:0;});\n"
    " document.body.setAttribute('data-sorted',key);draw();}\n"
    "function show(j,k){var html=OG.det[j];\n"
    " if(html===undefined){\n"
    "  if(OG.mode===1&&!OG.asked[Math.floor(j/OG.chunk)]){var c=Math.floor(j/OG.chunk);OG.asked[c]=1;\n"
    "   var s=document.createElement('script');s.src=OG.dir+'/c'+c+'.js';\n"
    "   s.onload=function(){show(j,k);};s.onerror=function(){det.innerHTML="
    "'<p class=\"note\">'+esc(OG.t.unread.replace('%s',s.src))+'</p>';};\n"
    "   document.head.appendChild(s);return;}\n"
    "  det.innerHTML='<p class=\"note\">'+esc(OG.t.none)+'</p>';return;}\n"
    " det.innerHTML=html;var r=rows.filter(function(x){return x[2]===j;})[0];\n"
    " if(r)document.body.setAttribute('data-opened',r[0]);\n"
    " var t=document.getElementById(k===undefined?'j'+j:'j'+j+'-'+k);if(t&&t.scrollIntoView)t.scrollIntoView();}\n"
    "OG.D=function(start,a){for(var i=0;i<a.length;i++)OG.det[start+i]=a[i];};\n"
    "tb.onclick=function(e){var a=e.target.closest('a');if(!a)return;"
    "var m=/^#j(\\d+)(?:-(\\d+))?$/.exec(a.getAttribute('href'));if(!m)return;\n"
    " e.preventDefault();show(+m[1],m[2]===undefined?undefined:+m[2]);};\n"
    "document.getElementById('sort-id').onclick=function(){sortBy('id');};\n"
    "document.getElementById('sort-gaps').onclick=function(){sortBy('gaps');};\n"
    "document.getElementById('f-area').onchange=function(){fa=this.value;draw();};\n"
    "document.getElementById('f-strength').onchange=function(){fs=this.value;draw();};\n"
    "document.getElementById('f-jur').oninput=function(){fq=this.value;refilter();};\n"
    "document.getElementById('more').firstChild.onclick=function(){limit+=500;draw();};\n"
    "var P=new URLSearchParams(location.search);\n"
    "if(P.get('q')){fq=P.get('q');document.getElementById('f-jur').value=fq;}\n"
    "refilter();\n"
    "if(P.get('test')==='sort'){document.getElementById('sort-gaps').click();}\n"
    "if(P.get('open')){var o=rows.filter(function(x){return x[0]===P.get('open');})[0];if(o)show(o[2]);}\n"
    "})();\n";

static html_matrix *hm(og_mwriter *w) { return w->state; }

void og_html_matrix_begin(og_mwriter *w) {
  const og_ruleset *rs = w->rs;
  og_buf *out = &w->buf;
  html_matrix *h = og_xcalloc(1, sizeof(*h));
  h->dir = w->state; /* og_mwriter_init left the details directory there */
  w->state = h;
  og_buf_init(&h->chunk);
  h->mode = w->expected <= OG_MW_INLINE ? 0 : h->dir ? 1 : 2;
  if (h->mode == 1) {
    h->tmpdir = og_xasprintf("%s.tmpXXXXXX", h->dir);
    if (mkdtemp(h->tmpdir) == NULL) {
      h->err = errno;
    }
  }
  head(out, _("OPSC gap matrix"));
  og_buf_printf(out, "<h1>%s</h1>\n<p class=\"note\"><span id=\"count\"></span> ",
                _("OPSC gap matrix"));
  og_buf_printf(out,
                _("jurisdictions &times; %zu rules, opgap %s. Choose a cell "
                  "to see the jurisdiction's findings, their reasons and "
                  "their citations."),
                rs->nrules, OPGAP_VERSION);
  og_buf_puts(out, "</p>\n");
  legend(out);
  og_buf_puts(out, "<p class=\"note\">");
  esc(out, og_matrix_view_note(w->with_parent));
  og_buf_puts(out, "</p>\n");
  og_buf_printf(out, "<p class=\"note\">%s</p>\n",
                _("Obligations are the Protocol's own words. Recommendations "
                  "and encouragements are the Committee's reading of it, "
                  "never treaty obligations."));
  og_buf_printf(out,
                "<div class=\"controls\">\n<button type=\"button\" "
                "id=\"sort-id\">%s</button>\n<button "
                "type=\"button\" id=\"sort-gaps\">%s</button>\n<label>%s "
                "<input id=\"f-jur\" type=\"search\" placeholder=\"%s\"></label>\n"
                "<label>%s <select id=\"f-area\">"
                "<option value=\"\">%s</option>",
                _("Sort by jurisdiction"), _("Sort by number of gaps"),
                _("Jurisdiction"), _("id or name"), _("Area"), _("all"));
  for (size_t k = 0; k < rs->nrules; k++) {
    bool seen = false;
    for (size_t j = 0; j < k && !seen; j++) {
      seen = strcmp(rs->rules[j].area, rs->rules[k].area) == 0;
    }
    if (!seen) {
      og_buf_puts(out, "<option>");
      esc(out, rs->rules[k].area);
      og_buf_puts(out, "</option>");
    }
  }
  og_buf_printf(out,
                "</select></label>\n<label>%s <select "
                "id=\"f-strength\"><option value=\"\">%s</option>",
                _("Strength"), _("all"));
  for (int s = OG_STRENGTH_COUNT - 1; s >= 0; s--) {
    const char *id = og_strength_name((og_strength)s);
    const char *word = og_strength_word((og_strength)s);
    if (strcmp(id, word) == 0) {
      og_buf_printf(out, "<option>%s</option>", id);
    } else { /* the filter compares the value with data-strength */
      og_buf_printf(out, "<option value=\"%s\">%s</option>", id, word);
    }
  }
  og_buf_puts(out, "</select></label>\n</div>\n");
  og_buf_printf(out, "<table class=\"m\" id=\"matrix\">\n<thead><tr>"
                     "<th class=\"j\">%s</th>",
                _("jurisdiction"));
  for (size_t k = 0; k < rs->nrules; k++) {
    const og_rule *r = &rs->rules[k];
    og_buf_puts(out, "<th class=\"r\" scope=\"col\" data-area=\"");
    esc(out, r->area);
    og_buf_printf(out, "\" data-strength=\"%s\" title=\"",
                  og_strength_name(r->strength));
    esc(out, r->title);
    og_buf_printf(out, " (%s)\"><a href=\"#r%zu\">",
                  og_strength_word(r->strength), k);
    esc(out, r->id);
    og_buf_puts(out, "</a></th>");
  }
  og_buf_printf(out, "<th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                     "<th>%s</th></tr></thead>\n<tbody id=\"rows\"></tbody>\n"
                     "</table>\n<p id=\"more\" class=\"hidden\"><button "
                     "type=\"button\">%s</button></p>\n"
                     "<div id=\"details\"></div>\n",
                og_status_word(OG_GAP), og_status_word(OG_PARTIAL),
                og_status_word(OG_UNKNOWN), og_status_word(OG_MET), _("n/a"),
                _("Show more"));
  og_buf_puts(out, "<script>\nvar OG={rows:[],det:{},asked:{},chunk:");
  og_buf_printf(out, "%d,mode:%d,dir:", DETAILS_CHUNK, h->mode);
  if (h->dir) {
    const char *slash = strrchr(h->dir, '/');
    js_str(out, slash ? slash + 1 : h->dir);
  } else {
    og_buf_puts(out, "\"\"");
  }
  /* the script's sentences, in the page's language */
  og_buf_puts(out, ",t:{more:");
  js_str(out, _("Show more (%d not shown)"));
  og_buf_puts(out, ",unread:");
  js_str(out, _("The findings file %s could not be read."));
  og_buf_puts(out, ",none:");
  js_str(out, _("The findings of this jurisdiction were not written: write "
                "the matrix to a file (-o FILE or --out-dir DIR) to have "
                "them."));
  og_buf_puts(out, "}};\nfunction R(i,s,j,n){OG.rows.push([i,s,j,n]);}\n");
}

/* Writes the chunk being filled to its file in the temporary directory. */
static void flush_chunk(html_matrix *h) {
  if (!h->chunk_open) {
    return;
  }
  og_buf_puts(&h->chunk, "]);\n");
  if (h->err == 0) {
    char *path = og_xasprintf("%s/c%zu.js", h->tmpdir, h->chunk_no);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(h->chunk.data, 1, h->chunk.len, f) != h->chunk.len) {
      h->err = errno ? errno : EIO;
    }
    if (f && fclose(f) != 0 && h->err == 0) {
      h->err = errno;
    }
    free(path);
  }
  h->chunk.len = 0;
  h->chunk_open = false;
}

void og_html_matrix_row(og_mwriter *w, const og_matrix_row *row) {
  html_matrix *h = hm(w);
  og_buf *out = &w->buf;
  og_buf_puts(out, "R(");
  js_str(out, row->id);
  og_buf_puts(out, ",\"");
  for (size_t k = 0; k < w->rs->nrules; k++) {
    og_buf_puts(out, og_status_letter((og_status)row->status[k]));
  }
  og_buf_printf(out, "\",%zu,", row->index);
  js_str(out, row->name);
  og_buf_puts(out, ");\n");
  if (row->details == NULL || h->mode == 2) {
    return;
  }
  if (h->mode == 0) {
    og_buf_printf(out, "OG.det[%zu]=", row->index);
    js_str(out, row->details);
    og_buf_puts(out, ";\n");
    return;
  }
  size_t c = row->index / DETAILS_CHUNK;
  if (h->chunk_open && c != h->chunk_no) {
    flush_chunk(h);
  }
  if (!h->chunk_open) {
    h->chunk_no = c;
    h->chunk_open = true;
    og_buf_printf(&h->chunk, "OG.D(%zu,[", c * DETAILS_CHUNK);
    /* holes (profiles that could not be read) keep the indices in step */
    for (size_t i = c * DETAILS_CHUNK; i < row->index; i++) {
      og_buf_puts(&h->chunk, "null,");
    }
  } else {
    og_buf_putc(&h->chunk, ',');
  }
  js_str(&h->chunk, row->details);
}

void og_html_matrix_end(og_mwriter *w, const og_diag *failed, size_t nfailed) {
  const og_ruleset *rs = w->rs;
  og_buf *out = &w->buf;
  flush_chunk(hm(w));
  og_buf_puts(out, "</script>\n");
  if (nfailed) {
    og_buf_printf(out, "<h2>%s</h2>\n<ul id=\"failed\">\n",
                  _("Profiles that could not be read"));
    for (size_t i = 0; i < nfailed; i++) {
      const og_diag *d = &failed[i];
      og_buf_puts(out, "<li><code>");
      esc(out, d->file);
      og_buf_printf(out, ":%d:%d</code>: ", d->line, d->col);
      esc(out, d->msg);
      og_buf_puts(out, "</li>\n");
    }
    og_buf_puts(out, "</ul>\n");
  }
  og_buf_printf(out, "<h2 id=\"rules\">%s</h2>\n<dl>\n", _("Rules"));
  for (size_t k = 0; k < rs->nrules; k++) {
    const og_rule *r = &rs->rules[k];
    og_buf_printf(out, "<dt id=\"r%zu\"><code>", k);
    esc(out, r->id);
    og_buf_puts(out, "</code> ");
    esc(out, r->title);
    og_buf_printf(out, " (%s)</dt><dd>", og_strength_word(r->strength));
    esc(out, r->requirement);
    og_buf_puts(out, "<dl>");
    citations(out, r);
    og_buf_puts(out, "</dl></dd>\n");
  }
  og_buf_puts(out, "</dl>\n<script>\n");
  og_buf_puts(out, script);
  og_buf_puts(out, "</script>\n</body>\n</html>\n");
}

/* Removes dir's details files (cN.js) and dir; 0 when dir is gone. */
static int remove_details_dir(const char *dir) {
  DIR *dh = opendir(dir);
  if (dh == NULL) {
    return errno == ENOENT ? 0 : -1;
  }
  struct dirent *e;
  while ((e = readdir(dh)) != NULL) {
    const char *n = e->d_name;
    size_t len = strlen(n);
    if (n[0] == 'c' && len > 4 && strcmp(n + len - 3, ".js") == 0 &&
        strspn(n + 1, "0123456789") == len - 4) {
      char *p = og_xasprintf("%s/%s", dir, n);
      unlink(p);
      free(p);
    }
  }
  closedir(dh);
  return rmdir(dir);
}

int og_html_matrix_commit(og_mwriter *w, og_diags *d) {
  html_matrix *h = hm(w);
  if (!w->begun || h == NULL || h->mode != 1) {
    return 0;
  }
  if (h->err != 0) {
    og_diag_add(d, h->dir, 0, 0, "cannot write the findings files: %s",
                strerror(h->err));
    return -1;
  }
  if (remove_details_dir(h->dir) != 0) {
    og_diag_add(d, h->dir, 0, 0,
                "cannot replace the findings directory (it holds files "
                "opgap did not write?): %s",
                strerror(errno));
    return -1;
  }
  if (chmod(h->tmpdir, 0755) != 0 || rename(h->tmpdir, h->dir) != 0) {
    og_diag_add(d, h->dir, 0, 0, "cannot write the findings directory: %s",
                strerror(errno));
    return -1;
  }
  free(h->tmpdir);
  h->tmpdir = NULL;
  return 0;
}

void og_html_matrix_release(og_mwriter *w) {
  if (!w->begun) {
    free(w->state); /* the details directory's path */
    w->state = NULL;
    return;
  }
  html_matrix *h = hm(w);
  if (h->tmpdir) {
    remove_details_dir(h->tmpdir); /* not committed */
    free(h->tmpdir);
  }
  free(h->dir);
  og_buf_free(&h->chunk);
  free(h);
  w->state = NULL;
}
