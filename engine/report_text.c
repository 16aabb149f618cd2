/* report_text.c - the plain-text and Markdown gap reports.
 *
 * Both say the same things in the same order, so one walker prints both;
 * only the markup differs. Writers never change a decision: they print the
 * findings the evaluator made.
 */
#include <string.h>

#include "opgap.h"

typedef struct style {
  bool md;
} style;

/* Markdown treats a few characters as markup; statute text contains them. */
static void put_text(og_buf *b, const style *st, const char *s) {
  if (!st->md) {
    og_buf_puts(b, s);
    return;
  }
  for (; *s; s++) {
    if (strchr("\\`*_[]<>|#", *s) != NULL) {
      og_buf_putc(b, '\\');
    }
    og_buf_putc(b, *s);
  }
}

static void header(og_buf *b, const style *st, const og_report *r) {
  const og_profile *p = r->profile;
  if (st->md) {
    og_buf_puts(b, "# ");
    og_buf_puts(b, _("OPSC gap report: "));
    put_text(b, st, p->name);
    og_buf_puts(b, "\n\n");
  } else {
    og_buf_printf(b, "%s%s\n", _("OPSC gap report: "), p->name);
  }
  og_buf_printf(b, _("%sJurisdiction: %s (%s)\n"), st->md ? "- " : "", p->id,
                og_say_profile_word(p->level));
  if (p->parent_id) {
    og_buf_printf(b, _("%sParent jurisdiction: %s\n"), st->md ? "- " : "",
                  p->parent_id);
  }
  og_buf_printf(b, _("%sLaw as of: %s\n"), st->md ? "- " : "",
                p->as_of ? p->as_of : _("not stated"));
  if (p->opsc_status) {
    og_buf_printf(b, "%sOPSC: %s%s%s\n", st->md ? "- " : "",
                  og_say_profile_word(p->opsc_status),
                  p->opsc_date ? _(" on ") : "", p->opsc_date ? p->opsc_date : "");
  }
  og_buf_printf(b, _("%sTool: opgap %s, %zu rules from %s\n"), st->md ? "- " : "",
                OPGAP_VERSION, r->nfindings, r->rs->dir);
  og_buf_printf(b,
                _("%sSummary: %zu met, %zu partial, %zu gap, %zu unknown, %zu "
                  "not applicable\n"),
                st->md ? "- " : "", r->counts[OG_MET], r->counts[OG_PARTIAL],
                r->counts[OG_GAP], r->counts[OG_UNKNOWN], r->counts[OG_NA]);
  if (p->parent) {
    og_buf_printf(b,
                  _("%sWith %s law: %zu met, %zu partial, %zu gap, %zu unknown, "
                    "%zu not applicable\n"),
                  st->md ? "- " : "", p->parent_id, r->combined_counts[OG_MET],
                  r->combined_counts[OG_PARTIAL], r->combined_counts[OG_GAP],
                  r->combined_counts[OG_UNKNOWN], r->combined_counts[OG_NA]);
  }
  og_buf_putc(b, '\n');
}

static void cites(og_buf *b, const style *st, const og_rule *r) {
  for (int role = 0; role < 3; role++) {
    bool any = false;
    for (size_t i = 0; i < r->ncites; i++) {
      if ((int)r->cites[i].role != role) {
        continue;
      }
      if (!any) {
        og_buf_printf(b, "%s%s: ", st->md ? "- " : "  ",
                      og_role_label((og_role)role));
      }
      og_buf_puts(b, any ? "; " : "");
      og_say_cite(r->cites[i].cite.text, b);
      any = true;
    }
    if (any) {
      og_buf_putc(b, '\n');
    }
  }
}

static void evidence(og_buf *b, const style *st, const og_report *r,
                     const og_finding *f) {
  const char *ind = st->md ? "" : "  ";
  if (f->nevidence) {
    og_buf_printf(b, "%s%s%s\n", ind, st->md ? "- " : "", _("Evidence:"));
  }
  for (size_t i = 0; i < f->nevidence; i++) {
    const og_fact *fact = f->evidence[i];
    og_buf v;
    og_buf_init(&v);
    og_say_fact(fact->def, &v);
    og_buf_puts(&v, ": ");
    og_say_stated(fact, &v);
    og_buf_puts(&v, " - ");
    og_say_basis(&r->rs->reg, fact, &v);
    og_buf_printf(b, "%s  - ", ind);
    put_text(b, st, og_buf_str(&v));
    og_buf_free(&v);
    if (!fact->confirmed) {
      og_buf_puts(b, _(" [UNCONFIRMED draft fact]"));
    }
    og_buf_putc(b, '\n');
    if (fact->quote) {
      og_buf_printf(b, "%s    %s", ind, st->md ? "> " : "\"");
      put_text(b, st, fact->quote);
      og_buf_puts(b, st->md ? "\n" : "\"\n");
    }
  }
}

static void finding(og_buf *b, const style *st, const og_report *r,
                    const og_finding *f) {
  const og_rule *rule = f->rule;
  const char *status = og_status_word(f->status);
  if (st->md) {
    og_buf_printf(b, "### %s%s: `%s` ", status,
                  f->extent_unknown ? _(" (extent unknown)") : "", rule->id);
    put_text(b, st, rule->title);
    og_buf_puts(b, "\n\n");
  } else {
    char up[32];
    size_t i = 0;
    for (; status[i] && i < sizeof(up) - 1; i++) {
      up[i] = (char)(status[i] >= 'a' && status[i] <= 'z' ? status[i] - 32
                                                          : status[i]);
    }
    up[i] = '\0';
    og_buf_printf(b, "[%s%s] %s - %s\n", up,
                  f->extent_unknown ? _(", EXTENT UNKNOWN") : "", rule->id,
                  rule->title);
  }
  const char *li = st->md ? "- " : "  ";
  og_buf_printf(b, _("%sStrength: %s (%s)\n"), li, og_strength_word(rule->strength),
                og_strength_gloss(rule->strength));
  og_buf_printf(b, "%s%s", li, _("Requirement: "));
  put_text(b, st, rule->requirement);
  og_buf_putc(b, '\n');
  cites(b, st, rule);
  evidence(b, st, r, f);
  og_buf_printf(b, "%s%s", li, _("Why: "));
  put_text(b, st, f->explanation);
  og_buf_putc(b, '\n');
  if (f->remedy) {
    og_buf_printf(b, "%s%s", li, _("What to add: "));
    put_text(b, st, f->remedy);
    og_buf_putc(b, '\n');
  }
  for (size_t i = 0; i < f->nreservations; i++) {
    const og_reservation *res = f->reservations[i];
    og_buf_printf(b, "%s", li);
    og_buf_printf(b,
                  res->kind[0] == 'r'   ? _("Reservation by %s: ")
                  : res->kind[0] == 'd' ? _("Declaration by %s: ")
                                        : _("Understanding by %s: "),
                  r->profile->id);
    put_text(b, st, res->text);
    og_buf_puts(b, " (");
    og_buf src;
    og_buf_init(&src);
    og_say_cite(res->source, &src);
    put_text(b, st, og_buf_str(&src));
    og_buf_free(&src);
    og_buf_puts(b, ")\n");
  }
  if (f->has_combined) {
    og_buf_printf(b, _("%sWith %s law: own %s, %s %s, combined %s\n"), li,
                  r->profile->parent_id, og_status_word(f->own_status),
                  r->profile->parent_id, og_status_word(f->parent_status),
                  og_status_word(f->combined_status));
    if (f->nparent_evidence) {
      og_buf cites;
      og_buf_init(&cites);
      og_finding_parent_cites(f, &cites);
      og_buf_printf(b, _("%s%s law decides the combined status: "), li,
                    r->profile->parent_id);
      put_text(b, st, og_buf_str(&cites));
      og_buf_putc(b, '\n');
      og_buf_free(&cites);
    }
    if (f->combined_note) {
      og_buf_printf(b, _("%sCoverage through %s depends on: "), li,
                    r->profile->parent_id);
      put_text(b, st, f->combined_note);
      og_buf_putc(b, '\n');
    }
  }
  if (rule->ncrosswalk) {
    og_buf_printf(b, "%s%s", li, _("Other frameworks:"));
    for (size_t i = 0; i < rule->ncrosswalk; i++) {
      og_buf_printf(b, "%s%s", i ? ", " : " ", rule->crosswalk[i]->id);
    }
    og_buf_putc(b, '\n');
  }
  og_buf_putc(b, '\n');
}

static void heading(og_buf *b, const style *st, const char *h) {
  if (st->md) {
    og_buf_printf(b, "## %s\n\n", h);
  } else {
    og_buf_printf(b, "== %s ==\n\n", h);
  }
}

/* The first page: each gap, then each partial finding, obligations first,
 * one line each with what it rests on. */
static void at_a_glance(og_buf *b, const style *st, const og_report *r) {
  heading(b, st, _("Gaps and partial findings"));
  const og_finding **list = og_xcalloc(r->nfindings + 1, sizeof(*list));
  size_t nlist = og_glance_findings(r, list);
  for (size_t i = 0; i < nlist; i++) {
    const og_finding *f = list[i];
    og_buf line;
    og_buf_init(&line);
    og_buf_printf(&line, _("%s (%s): %s - rests on "),
                  f->extent_unknown ? _("partial, extent unknown")
                                    : og_status_word(f->status),
                  og_strength_word(f->rule->strength), f->rule->title);
    og_say_rests_on(f, &line);
    if (f->has_combined) {
      og_buf_printf(&line, _("; with %s law: %s"), r->profile->parent_id,
                    og_status_word(f->combined_status));
    }
    og_buf_puts(b, st->md ? "- " : "  ");
    put_text(b, st, og_buf_str(&line));
    og_buf_putc(b, '\n');
    og_buf_free(&line);
  }
  free(list);
  if (nlist == 0) {
    og_buf_puts(b, st->md ? "" : "  ");
    og_buf_puts(b, _("None: no rule is found a gap or partly met."));
    og_buf_putc(b, '\n');
  }
  og_buf_putc(b, '\n');
}

/* Unknown rules together, each with what would decide it. */
static void undecided(og_buf *b, const style *st, const og_report *r) {
  if (r->counts[OG_UNKNOWN] == 0) {
    return;
  }
  char h[160];
  snprintf(h, sizeof(h),
           og_trn("Not decided by the texts at hand (%zu rule)",
                  "Not decided by the texts at hand (%zu rules)",
                  r->counts[OG_UNKNOWN]),
           r->counts[OG_UNKNOWN]);
  heading(b, st, h);
  og_buf_puts(b, st->md ? "" : "  ");
  og_buf_puts(b, _("The texts and sources in the profile do not establish "
                   "what these rules need: each is neither met nor a gap. "
                   "What would decide each:"));
  og_buf_puts(b, "\n\n");
  for (size_t i = 0; i < r->nfindings; i++) {
    const og_finding *f = &r->findings[i];
    if (f->status != OG_UNKNOWN) {
      continue;
    }
    og_buf line;
    og_buf_init(&line);
    og_buf_printf(&line, "%s (%s): ", f->rule->title,
                  og_strength_word(f->rule->strength));
    if (f->at_least_partial) {
      og_buf_puts(&line, _("met at least in part (whether in full is not "
                           "established). "));
    }
    og_say_short(f->explanation, 200, &line);
    if (f->has_combined && f->combined_status != OG_UNKNOWN) {
      og_buf_printf(&line, _(" With %s law: %s."), r->profile->parent_id,
                    og_status_word(f->combined_status));
    }
    og_buf_puts(b, st->md ? "- " : "  - ");
    put_text(b, st, og_buf_str(&line));
    og_buf_putc(b, '\n');
    og_buf_free(&line);
  }
  og_buf_putc(b, '\n');
}

static void write_report(const og_report *r, og_buf *out, const style *st) {
  header(out, st, r);
  at_a_glance(out, st, r);
  undecided(out, st, r);
  const char *last = NULL;
  for (size_t i = 0; i < r->nfindings; i++) {
    const og_finding *f = &r->findings[i];
    if (!og_finding_in_detail(f)) {
      continue;
    }
    const char *h = f->rule->chapter ? f->rule->chapter : f->rule->area;
    if (last == NULL || strcmp(last, h) != 0) {
      heading(out, st, h);
      last = h;
    }
    finding(out, st, r, f);
  }
}

void og_write_text(const og_report *r, og_buf *out) {
  style st = {false};
  write_report(r, out, &st);
}

void og_write_md(const og_report *r, og_buf *out) {
  style st = {true};
  write_report(r, out, &st);
}
