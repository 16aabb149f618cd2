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
    og_buf_puts(b, "# OPSC gap report: ");
    put_text(b, st, p->name);
    og_buf_puts(b, "\n\n");
  } else {
    og_buf_printf(b, "OPSC gap report: %s\n", p->name);
  }
  og_buf_printf(b, "%sJurisdiction: %s (%s)%s\n", st->md ? "- " : "", p->id,
                p->level, p->parent_id ? "" : "");
  if (p->parent_id) {
    og_buf_printf(b, "%sParent jurisdiction: %s\n", st->md ? "- " : "",
                  p->parent_id);
  }
  og_buf_printf(b, "%sLaw as of: %s\n", st->md ? "- " : "",
                p->as_of ? p->as_of : "not stated");
  if (p->opsc_status) {
    og_buf_printf(b, "%sOPSC: %s%s%s\n", st->md ? "- " : "", p->opsc_status,
                  p->opsc_date ? " on " : "", p->opsc_date ? p->opsc_date : "");
  }
  og_buf_printf(b, "%sTool: opgap %s, %zu rules from %s\n", st->md ? "- " : "",
                OPGAP_VERSION, r->nfindings, r->rs->dir);
  og_buf_printf(b,
                "%sSummary: %zu met, %zu partial, %zu gap, %zu unknown, %zu "
                "not applicable\n",
                st->md ? "- " : "", r->counts[OG_MET], r->counts[OG_PARTIAL],
                r->counts[OG_GAP], r->counts[OG_UNKNOWN], r->counts[OG_NA]);
  if (p->parent) {
    og_buf_printf(b,
                  "%sWith %s law: %zu met, %zu partial, %zu gap, %zu unknown, "
                  "%zu not applicable\n",
                  st->md ? "- " : "", p->parent_id, r->combined_counts[OG_MET],
                  r->combined_counts[OG_PARTIAL], r->combined_counts[OG_GAP],
                  r->combined_counts[OG_UNKNOWN], r->combined_counts[OG_NA]);
  }
  og_buf_putc(b, '\n');
  if (st->md) {
    og_buf_puts(b, "Unknown means the sources in the profile do not establish "
                   "the facts the rule needs: it is neither met nor a gap.\n\n");
  }
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
      og_buf_printf(b, "%s%s", any ? "; " : "", r->cites[i].cite.text);
      any = true;
    }
    if (any) {
      og_buf_putc(b, '\n');
    }
  }
}

static void evidence(og_buf *b, const style *st, const og_finding *f) {
  const char *ind = st->md ? "" : "  ";
  if (f->nevidence) {
    og_buf_printf(b, "%s%sEvidence:\n", ind, st->md ? "- " : "");
  }
  for (size_t i = 0; i < f->nevidence; i++) {
    const og_fact *fact = f->evidence[i];
    og_buf_printf(b, "%s  - %s = ", ind, fact->def->path);
    og_buf v;
    og_buf_init(&v);
    og_value_render(fact->def, &fact->value, &v);
    put_text(b, st, og_buf_str(&v));
    og_buf_free(&v);
    og_buf_puts(b, " (");
    put_text(b, st, fact->cite ? fact->cite : "section not identified");
    if (fact->source) {
      og_buf_puts(b, "; ");
      put_text(b, st, fact->source);
    }
    if (fact->as_of) {
      og_buf_printf(b, "; as of %s", fact->as_of);
    }
    og_buf_puts(b, ")");
    if (!fact->confirmed) {
      og_buf_puts(b, " [UNCONFIRMED draft fact]");
    }
    og_buf_putc(b, '\n');
    if (fact->quote) {
      og_buf_printf(b, "%s    %s", ind, st->md ? "> " : "\"");
      put_text(b, st, fact->quote);
      og_buf_puts(b, st->md ? "\n" : "\"\n");
    }
  }
  if (f->nmissing && f->status == OG_UNKNOWN) {
    og_buf_printf(b, "%s%sNot established:", ind, st->md ? "- " : "");
    for (size_t i = 0; i < f->nmissing; i++) {
      og_buf_printf(b, "%s%s", i ? ", " : " ", f->missing[i]->path);
    }
    og_buf_putc(b, '\n');
  }
}

static void finding(og_buf *b, const style *st, const og_report *r,
                    const og_finding *f) {
  const og_rule *rule = f->rule;
  const char *status = og_status_name(f->status);
  if (st->md) {
    og_buf_printf(b, "### %s%s: `%s` ", status,
                  f->extent_unknown ? " (extent unknown)" : "", rule->id);
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
                  f->extent_unknown ? ", EXTENT UNKNOWN" : "", rule->id,
                  rule->title);
  }
  const char *li = st->md ? "- " : "  ";
  og_buf_printf(b, "%sStrength: %s (%s)\n", li, og_strength_name(rule->strength),
                og_strength_gloss(rule->strength));
  og_buf_printf(b, "%sRequirement: ", li);
  put_text(b, st, rule->requirement);
  og_buf_putc(b, '\n');
  cites(b, st, rule);
  evidence(b, st, f);
  og_buf_printf(b, "%sWhy: ", li);
  put_text(b, st, f->explanation);
  og_buf_putc(b, '\n');
  if (f->remedy) {
    og_buf_printf(b, "%sWhat to add: ", li);
    put_text(b, st, f->remedy);
    og_buf_putc(b, '\n');
  }
  for (size_t i = 0; i < f->nreservations; i++) {
    const og_reservation *res = f->reservations[i];
    og_buf_printf(b, "%s%s by %s: ", li,
                  res->kind[0] == 'r'   ? "Reservation"
                  : res->kind[0] == 'd' ? "Declaration"
                                        : "Understanding",
                  r->profile->id);
    put_text(b, st, res->text);
    og_buf_puts(b, " (");
    put_text(b, st, res->source);
    og_buf_puts(b, ")\n");
  }
  if (f->has_combined) {
    og_buf_printf(b, "%sWith %s law: own %s, %s %s, combined %s\n", li,
                  r->profile->parent_id, og_status_name(f->own_status),
                  r->profile->parent_id, og_status_name(f->parent_status),
                  og_status_name(f->combined_status));
    if (f->nparent_evidence) {
      og_buf cites;
      og_buf_init(&cites);
      og_finding_parent_cites(f, &cites);
      og_buf_printf(b, "%s%s law decides the combined status: ", li,
                    r->profile->parent_id);
      put_text(b, st, og_buf_str(&cites));
      og_buf_putc(b, '\n');
      og_buf_free(&cites);
    }
    if (f->combined_note) {
      og_buf_printf(b, "%sCoverage through %s depends on: ", li,
                    r->profile->parent_id);
      put_text(b, st, f->combined_note);
      og_buf_putc(b, '\n');
    }
  }
  if (rule->ncrosswalk) {
    og_buf_printf(b, "%sOther frameworks:", li);
    for (size_t i = 0; i < rule->ncrosswalk; i++) {
      og_buf_printf(b, "%s%s", i ? ", " : " ", rule->crosswalk[i]->id);
    }
    og_buf_putc(b, '\n');
  }
  og_buf_putc(b, '\n');
}

static void write_report(const og_report *r, og_buf *out, const style *st) {
  header(out, st, r);
  const char *last = NULL;
  for (size_t i = 0; i < r->nfindings; i++) {
    const og_finding *f = &r->findings[i];
    const char *heading = f->rule->chapter ? f->rule->chapter : f->rule->area;
    if (last == NULL || strcmp(last, heading) != 0) {
      if (st->md) {
        og_buf_printf(out, "## %s\n\n", heading);
      } else {
        og_buf_printf(out, "== %s ==\n\n", heading);
      }
      last = heading;
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
