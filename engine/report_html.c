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
#include <stdlib.h>
#include <string.h>

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
  og_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                 "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
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
                status_class(s), og_status_name(s), og_status_letter(s));
}

static void legend(og_buf *b) {
  static const og_status order[] = {OG_GAP, OG_PARTIAL, OG_UNKNOWN, OG_MET,
                                    OG_NA};
  static const char *const gloss[] = {
      "the law does not meet the requirement",
      "the law meets part of it (or, marked extent unknown, falls short to an extent the sources do not establish)",
      "the profile's sources do not establish the facts: neither met nor a "
      "gap",
      "the law meets it", "the rule does not apply"};
  og_buf_puts(b, "<ul class=\"legend\" id=\"legend\">\n");
  for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
    og_buf_puts(b, "<li>");
    badge(b, order[i]);
    og_buf_printf(b, " <b>%s</b>: %s</li>\n", og_status_name(order[i]),
                  gloss[i]);
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
      esc(b, r->cites[i].cite.text);
      any = true;
    }
    if (any) {
      og_buf_puts(b, "</dd>\n");
    }
  }
}

static void evidence(og_buf *b, const og_report *r, const og_finding *f) {
  if (f->nevidence) {
    og_buf_puts(b, "<dt>Evidence:</dt><dd><ul>\n");
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
        og_buf_puts(b, " <b>unconfirmed draft fact</b>");
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
    og_buf_puts(b, " <em>extent unknown</em>");
  }
  og_buf_puts(b, " <code>");
  esc(b, rule->id);
  og_buf_puts(b, "</code> ");
  esc(b, rule->title);
  og_buf_puts(b, "</h3>\n<dl>\n<dt>Strength:</dt><dd>");
  og_buf_printf(b, "%s (%s)", og_strength_name(rule->strength),
                og_strength_gloss(rule->strength));
  og_buf_puts(b, "</dd>\n");
  if (full) {
    og_buf_puts(b, "<dt>Requirement:</dt><dd>");
    esc(b, rule->requirement);
    og_buf_puts(b, "</dd>\n");
  }
  citations(b, rule);
  if (full) {
    evidence(b, r, f);
  }
  og_buf_puts(b, "<dt>Why:</dt><dd>");
  esc(b, f->explanation);
  og_buf_puts(b, "</dd>\n");
  if (f->remedy) {
    og_buf_puts(b, "<dt>What to add:</dt><dd>");
    esc(b, f->remedy);
    og_buf_puts(b, "</dd>\n");
  }
  for (size_t i = 0; i < f->nreservations; i++) {
    const og_reservation *res = f->reservations[i];
    og_buf_printf(b, "<dt>%s:</dt><dd>",
                  res->kind[0] == 'r'   ? "Reservation"
                  : res->kind[0] == 'd' ? "Declaration"
                                        : "Understanding");
    esc(b, res->text);
    og_buf_puts(b, " (");
    esc(b, res->source);
    og_buf_puts(b, ")</dd>\n");
  }
  if (f->has_combined) {
    og_buf_puts(b, "<dt>With ");
    esc(b, r->profile->parent_id);
    og_buf_puts(b, " law:</dt><dd>own ");
    badge(b, f->own_status);
    og_buf_puts(b, ", ");
    esc(b, r->profile->parent_id);
    og_buf_puts(b, " ");
    badge(b, f->parent_status);
    og_buf_puts(b, ", combined ");
    badge(b, f->combined_status);
    if (f->combined_note) {
      og_buf_puts(b, "; coverage through the parent depends on: ");
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
  og_buf_puts(b, "<h2 id=\"glance\">Gaps and partial findings</h2>\n");
  size_t n = 0;
  static const og_status order[] = {OG_GAP, OG_PARTIAL};
  for (size_t k = 0; k < 2; k++) {
    for (int s = OG_STRENGTH_COUNT - 1; s >= 0; s--) {
      for (size_t i = 0; i < r->nfindings; i++) {
        const og_finding *f = &r->findings[i];
        if (f->status != order[k] || (int)f->rule->strength != s) {
          continue;
        }
        og_buf_puts(b, n++ ? "<li>" : "<ul class=\"glance\">\n<li>");
        badge(b, f->status);
        og_buf_printf(b, " %s(%s): <a href=\"#",
                      f->extent_unknown ? "extent unknown " : "",
                      og_strength_name(f->rule->strength));
        esc(b, f->rule->id);
        og_buf_puts(b, "\">");
        esc(b, f->rule->title);
        og_buf_puts(b, "</a> &mdash; rests on ");
        og_buf w;
        og_buf_init(&w);
        og_say_rests_on(f, &w);
        esc(b, og_buf_str(&w));
        og_buf_free(&w);
        if (f->has_combined) {
          og_buf_puts(b, "; with ");
          esc(b, r->profile->parent_id);
          og_buf_puts(b, " law: ");
          badge(b, f->combined_status);
        }
        og_buf_puts(b, "</li>\n");
      }
    }
  }
  og_buf_puts(b, n ? "</ul>\n"
                   : "<p>None: no rule is found a gap or partly met.</p>\n");
}

/* Unknown rules together, each with what would decide it. */
static void undecided(og_buf *b, const og_report *r) {
  if (r->counts[OG_UNKNOWN] == 0) {
    return;
  }
  og_buf_printf(b,
                "<h2 id=\"undecided\">Not decided by the texts at hand (%zu "
                "rule%s)</h2>\n<p class=\"note\">The texts and sources in "
                "the profile do not establish what these rules need: each is "
                "neither met nor a gap. What would decide each:</p>\n<ul>\n",
                r->counts[OG_UNKNOWN], r->counts[OG_UNKNOWN] == 1 ? "" : "s");
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
    og_buf_printf(b, " (%s): ", og_strength_name(f->rule->strength));
    og_buf w;
    og_buf_init(&w);
    og_say_short(f->explanation, 200, &w);
    esc(b, og_buf_str(&w));
    og_buf_free(&w);
    if (f->has_combined && f->combined_status != OG_UNKNOWN) {
      og_buf_puts(b, " With ");
      esc(b, r->profile->parent_id);
      og_buf_puts(b, " law: ");
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
  og_buf_printf(&title, "OPSC gap report: %s", p->name);
  head(out, og_buf_str(&title));
  og_buf_free(&title);
  og_buf_puts(out, "<header>\n<h1>OPSC gap report: ");
  esc(out, p->name);
  og_buf_puts(out, "</h1>\n<p class=\"note\">Optional Protocol to the "
                   "Convention on the Rights of the Child on the sale of "
                   "children, child prostitution and child pornography</p>\n"
                   "<dl>\n<dt>Jurisdiction</dt><dd><code>");
  esc(out, p->id);
  og_buf_puts(out, "</code> (");
  esc(out, p->level);
  og_buf_puts(out, ")</dd>\n");
  if (p->parent_id) {
    og_buf_puts(out, "<dt>Parent jurisdiction</dt><dd><code>");
    esc(out, p->parent_id);
    og_buf_puts(out, "</code>: each finding also gives the combined status "
                     "with the parent's law</dd>\n");
  }
  og_buf_puts(out, "<dt>Law as of</dt><dd>");
  esc(out, p->as_of ? p->as_of : "not stated");
  og_buf_puts(out, "</dd>\n");
  if (p->opsc_status) {
    og_buf_puts(out, "<dt>OPSC</dt><dd>");
    esc(out, p->opsc_status);
    if (p->opsc_date) {
      og_buf_puts(out, " on ");
      esc(out, p->opsc_date);
    }
    og_buf_puts(out, "</dd>\n");
  }
  og_buf_printf(out, "<dt>Tool</dt><dd>opgap %s, %zu rules from ",
                OPGAP_VERSION, r->nfindings);
  esc(out, r->rs->dir);
  og_buf_puts(out, "</dd>\n</dl>\n</header>\n");
  if (p->nreservations) {
    og_buf_puts(out, "<h2>Reservations and declarations</h2>\n<ul>\n");
    for (size_t i = 0; i < p->nreservations; i++) {
      og_buf_puts(out, "<li>");
      esc(out, p->reservations[i].kind);
      og_buf_puts(out, ": ");
      esc(out, p->reservations[i].text);
      og_buf_puts(out, " (");
      esc(out, p->reservations[i].source);
      og_buf_puts(out, ")</li>\n");
    }
    og_buf_puts(out, "</ul>\n");
  }
  og_buf_puts(out, "<h2 id=\"summary\">Summary</h2>\n<table class=\"m\" "
                   "id=\"summary-table\"><tr>");
  static const og_status order[] = {OG_GAP, OG_PARTIAL, OG_UNKNOWN, OG_MET,
                                    OG_NA};
  for (size_t i = 0; i < 5; i++) {
    og_buf_printf(out, "<th>%s</th>", og_status_name(order[i]));
  }
  og_buf_puts(out, "</tr><tr>");
  for (size_t i = 0; i < 5; i++) {
    og_buf_printf(out, "<td class=\"%s\">%zu</td>", status_class(order[i]),
                  r->counts[order[i]]);
  }
  og_buf_puts(out, "</tr></table>\n");
  legend(out);
  og_buf_puts(out, "<p class=\"note\">Obligations are the Protocol's own "
                   "words. Recommendations and encouragements are the "
                   "Committee's reading of it, never treaty obligations. "
                   "Findings are grouped by the parts of the Protocol.</p>\n");
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
  og_buf_puts(out, "<p class=\"note\">opgap is a research and drafting aid, "
                   "not legal advice: a finding is only as good as the "
                   "profile's facts.</p>\n</body>\n</html>\n");
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
  og_buf_puts(out, "; law as of ");
  esc(out, p->as_of ? p->as_of : "not stated");
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
      og_buf_puts(out, " <b>What to add:</b> ");
      esc(out, f->remedy);
    }
    if (f->nevidence) {
      og_buf_puts(out, " <span class=\"note\">(rests on ");
      og_buf w;
      og_buf_init(&w);
      og_say_rests_on(f, &w);
      esc(out, og_buf_str(&w));
      og_buf_free(&w);
      og_buf_puts(out, ")</span>");
    }
    if (f->has_combined) {
      og_buf_puts(out, " With the parent's law: ");
      badge(out, f->combined_status);
    }
    og_buf_puts(out, "</div>\n");
  }
  og_buf_puts(out, "</section>\n");
}

/* Sorting and filtering, inline. Rows carry data-id and data-gaps; cells
 * and rule headers carry data-area and data-strength. With ?test=sort in
 * the URL the page clicks its own sort-by-gaps button once loaded (the
 * browser test). */
static const char script[] =
    "(function(){\n"
    "var tb=document.getElementById('rows');\n"
    "function sortBy(key){\n"
    " var rows=Array.prototype.slice.call(tb.rows);\n"
    " rows.sort(function(a,b){\n"
    "  if(key==='gaps'){var d=b.dataset.gaps-a.dataset.gaps;if(d)return d;\n"
    "   d=b.dataset.partial-a.dataset.partial;if(d)return d;}\n"
    "  return a.dataset.id<b.dataset.id?-1:a.dataset.id>b.dataset.id?1:0;});\n"
    " rows.forEach(function(r){tb.appendChild(r);});\n"
    " document.body.setAttribute('data-sorted',key);}\n"
    "function filter(){\n"
    " var a=document.getElementById('f-area').value,"
    "s=document.getElementById('f-strength').value;\n"
    " var cells=document.querySelectorAll('[data-area]');\n"
    " for(var i=0;i<cells.length;i++){var c=cells[i];\n"
    "  var show=(!a||c.dataset.area===a)&&(!s||c.dataset.strength===s);\n"
    "  c.classList.toggle('hidden',!show);}}\n"
    "document.getElementById('sort-id').onclick=function(){sortBy('id');};\n"
    "document.getElementById('sort-gaps').onclick=function(){sortBy('gaps');};\n"
    "document.getElementById('f-area').onchange=filter;\n"
    "document.getElementById('f-strength').onchange=filter;\n"
    "if(/[?&]test=sort\\b/.test(location.search)){"
    "document.getElementById('sort-gaps').click();}\n"
    "})();\n";

void og_write_matrix_html(const og_matrix *m, og_buf *out) {
  const og_ruleset *rs = m->rs;
  head(out, "OPSC gap matrix");
  og_buf_printf(out, "<h1>OPSC gap matrix</h1>\n<p class=\"note\">%zu "
                     "jurisdictions &times; %zu rules, opgap %s. Each cell "
                     "links to the finding, its reasons and its citations "
                     "below.</p>\n",
                m->nrows, rs->nrules, OPGAP_VERSION);
  legend(out);
  og_buf_puts(out, "<p class=\"note\">Obligations are the Protocol's own "
                   "words. Recommendations and encouragements are the "
                   "Committee's reading of it, never treaty "
                   "obligations.</p>\n");
  /* Controls: sort buttons, area and strength filters. */
  og_buf_puts(out, "<div class=\"controls\">\n<button type=\"button\" "
                   "id=\"sort-id\">Sort by jurisdiction</button>\n<button "
                   "type=\"button\" id=\"sort-gaps\">Sort by number of "
                   "gaps</button>\n<label>Area <select id=\"f-area\">"
                   "<option value=\"\">all</option>");
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
  og_buf_puts(out, "</select></label>\n<label>Strength <select "
                   "id=\"f-strength\"><option value=\"\">all</option>");
  for (int s = OG_STRENGTH_COUNT - 1; s >= 0; s--) {
    og_buf_printf(out, "<option>%s</option>", og_strength_name((og_strength)s));
  }
  og_buf_puts(out, "</select></label>\n</div>\n");
  /* The table. */
  og_buf_puts(out, "<table class=\"m\" id=\"matrix\">\n<thead><tr>"
                   "<th class=\"j\">jurisdiction</th>");
  for (size_t k = 0; k < rs->nrules; k++) {
    const og_rule *r = &rs->rules[k];
    og_buf_puts(out, "<th class=\"r\" scope=\"col\" data-area=\"");
    esc(out, r->area);
    og_buf_printf(out, "\" data-strength=\"%s\" title=\"",
                  og_strength_name(r->strength));
    esc(out, r->title);
    og_buf_printf(out, " (%s)\"><a href=\"#r%zu\">", og_strength_name(r->strength),
                  k);
    esc(out, r->id);
    og_buf_puts(out, "</a></th>");
  }
  og_buf_puts(out, "<th>gap</th><th>partial</th><th>unknown</th><th>met</th>"
                   "<th>n/a</th></tr></thead>\n<tbody id=\"rows\">\n");
  for (size_t i = 0; i < m->nrows; i++) {
    const og_matrix_row *row = &m->rows[i];
    og_buf_puts(out, "<tr data-id=\"");
    esc(out, row->id);
    og_buf_printf(out, "\" data-gaps=\"%zu\" data-partial=\"%zu\">"
                       "<th class=\"j\" scope=\"row\"><a href=\"#j%zu\">",
                  row->counts[OG_GAP], row->counts[OG_PARTIAL], row->index);
    esc(out, row->id);
    og_buf_puts(out, "</a></th>");
    for (size_t k = 0; k < rs->nrules; k++) {
      og_status s = (og_status)row->status[k];
      og_buf_printf(out, "<td class=\"%s\" data-area=\"", status_class(s));
      esc(out, rs->rules[k].area);
      og_buf_printf(out,
                    "\" data-strength=\"%s\"><a href=\"#j%zu-%zu\" "
                    "title=\"%s\">%s</a></td>",
                    og_strength_name(rs->rules[k].strength), row->index, k,
                    og_status_name(s), og_status_letter(s));
    }
    og_buf_printf(out, "<td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>"
                       "<td>%zu</td></tr>\n",
                  row->counts[OG_GAP], row->counts[OG_PARTIAL],
                  row->counts[OG_UNKNOWN], row->counts[OG_MET],
                  row->counts[OG_NA]);
  }
  og_buf_puts(out, "</tbody>\n</table>\n");
  if (m->nfailed) {
    og_buf_puts(out, "<h2>Profiles that could not be read</h2>\n<ul "
                     "id=\"failed\">\n");
    for (size_t i = 0; i < m->nfailed; i++) {
      const og_diag *d = &m->failed[i];
      og_buf_puts(out, "<li><code>");
      esc(out, d->file);
      og_buf_printf(out, ":%d:%d</code>: ", d->line, d->col);
      esc(out, d->msg);
      og_buf_puts(out, "</li>\n");
    }
    og_buf_puts(out, "</ul>\n");
  }
  /* Rules, in the rule set's order, with their citations. */
  og_buf_puts(out, "<h2 id=\"rules\">Rules</h2>\n<dl>\n");
  for (size_t k = 0; k < rs->nrules; k++) {
    const og_rule *r = &rs->rules[k];
    og_buf_printf(out, "<dt id=\"r%zu\"><code>", k);
    esc(out, r->id);
    og_buf_puts(out, "</code> ");
    esc(out, r->title);
    og_buf_printf(out, " (%s)</dt><dd>", og_strength_name(r->strength));
    esc(out, r->requirement);
    og_buf_puts(out, "<dl>");
    citations(out, r);
    og_buf_puts(out, "</dl></dd>\n");
  }
  og_buf_puts(out, "</dl>\n<h2 id=\"findings\">Findings by "
                   "jurisdiction</h2>\n");
  for (size_t i = 0; i < m->nrows; i++) {
    if (m->rows[i].details) {
      og_buf_puts(out, m->rows[i].details);
    }
  }
  og_buf_puts(out, "<script>\n");
  og_buf_puts(out, script);
  og_buf_puts(out, "</script>\n</body>\n</html>\n");
}
