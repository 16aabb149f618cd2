/* cmd_rules.c - `opgap rules list|show|lint|test|coverage|crosswalk`.
 *
 * lint:     strength and citation roles agree (an obligation is created by
 *           an OPSC article; a recommendation or encouragement is not), every
 *           rule has met, gap and unknown examples. Loading has already
 *           checked ids, citations, facts and regexes.
 * test:     every example of every rule gives its expected status
 *           (in the spirit of `opa test`).
 * coverage: OPSC articles and CRC/C/156 paragraphs -> rules.
 * crosswalk: framework criteria -> rules.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static bool cites_treaty_in(const og_rule *r, og_role role) {
  for (size_t i = 0; i < r->ncites; i++) {
    if (r->cites[i].role == role && r->cites[i].cite.doc->kind == OG_DOC_TREATY) {
      return true;
    }
  }
  return false;
}

static int cmd_list(const og_ruleset *rs, og_buf *out) {
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_rule *r = &rs->rules[i];
    og_buf_printf(out, "%-40s %-14s %s\n", r->id, og_strength_name(r->strength),
                  r->title);
  }
  return OG_EXIT_OK;
}

static void show_cond(og_buf *out, const og_cond *c, int depth) {
  static const char *const names[] = {
      "all", "any", "not", "present", "eq", "ne", "in", "includes",
      "includes_all", "includes_any", "gt", "gte", "lt", "lte", "matches",
      "quote_matches"};
  og_buf_printf(out, "%*s- %s", depth * 2, "", names[c->kind]);
  if (c->fact) {
    og_buf_printf(out, " %s", c->fact->path);
    if (c->kind == OG_C_MATCHES || c->kind == OG_C_QUOTE_MATCHES) {
      og_buf_printf(out, " /%s/", c->regex);
    } else if (c->kind == OG_C_PRESENT) {
      og_buf_puts(out, c->present ? " true" : " false");
    } else if (c->param) {
      og_buf_printf(out, " {param: %s}", c->param->name);
    } else if (c->kind == OG_C_IN) {
      for (size_t i = 0; i < c->nlist; i++) {
        og_buf_puts(out, i ? ", " : " ");
        og_value_render(c->fact, &c->list[i], out);
      }
    } else {
      og_buf_putc(out, ' ');
      og_value_render(c->fact, &c->operand, out);
    }
  }
  og_buf_putc(out, '\n');
  for (size_t i = 0; i < c->nkids; i++) {
    show_cond(out, c->kids[i], depth + 1);
  }
}

static int cmd_show(const og_ruleset *rs, const char *id, og_buf *out) {
  const og_rule *r = og_ruleset_find(rs, id);
  if (r == NULL) {
    const char *near = og_ruleset_nearest(rs, id);
    fprintf(stderr, "opgap rules show: unknown rule '%s'%s%s%s\n", id,
            near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    return OG_EXIT_INPUT;
  }
  og_buf_printf(out, "%s - %s\n", r->id, r->title);
  og_buf_printf(out, "defined at: %s:%d:%d\n", r->file, r->line, r->col);
  og_buf_printf(out, "strength: %s\nrequirement: %s\n",
                og_strength_name(r->strength), r->requirement);
  og_buf_puts(out, "citations:\n");
  for (size_t i = 0; i < r->ncites; i++) {
    og_buf_printf(out, "  %s: %s\n", og_role_name(r->cites[i].role),
                  r->cites[i].cite.text);
  }
  for (size_t i = 0; i < r->nparams; i++) {
    og_buf_printf(out, "parameter %s (default ", r->params[i].name);
    og_factdef def = {.type = r->params[i].type};
    og_value_render(&def, &r->params[i].def, out);
    og_buf_printf(out, "): %s\n", r->params[i].description);
  }
  if (r->applies_if) {
    og_buf_puts(out, "applies if:\n");
    show_cond(out, r->applies_if, 1);
  }
  static const char *const names[] = {"met", "partial", "gap"};
  for (int k = 0; k < 3; k++) {
    if (r->outcome[k].defined && r->outcome[k].when) {
      og_buf_printf(out, "%s when:\n", names[k]);
      show_cond(out, r->outcome[k].when, 1);
    }
  }
  og_buf_printf(out, "remedy: %s\n", r->remedy.source);
  for (size_t i = 0; i < r->ncrosswalk; i++) {
    og_buf_printf(out, "crosswalk: %s (%s)\n", r->crosswalk[i]->id,
                  r->crosswalk[i]->text);
  }
  og_buf_printf(out, "patterns: %zu, examples: %zu\n", r->npatterns,
                r->nexamples);
  return OG_EXIT_OK;
}

/* Reports name facts and members in words: each needs a label
 * (member_labels, fact_labels in the vocabulary), or a report prints an
 * id where a person reads a sentence. */
static void lint_labels(const og_ruleset *rs, og_diags *d) {
  char *where = og_xasprintf("%s/facts", rs->dir);
  const og_vocab *v = &rs->vocab;
  for (size_t i = 0; i < v->nfacts; i++) {
    const og_factdef *def = &v->facts[i];
    if (def->label == NULL) {
      og_diag_add(d, where, 0, 0, "fact '%s' has no label (fact_labels)",
                  def->path);
    }
    const og_enum *e = def->values;
    bool own = e && strcmp(e->name, def->path) == 0; /* inline values */
    for (size_t k = 0; own && k < e->nmembers; k++) {
      if (e->labels == NULL || e->labels[k] == NULL) {
        og_diag_add(d, where, 0, 0,
                    "member '%s' of '%s' has no label (member_labels)",
                    e->members[k], e->name);
      }
    }
  }
  for (size_t i = 0; i < v->nenums; i++) {
    const og_enum *e = &v->enums[i];
    for (size_t k = 0; k < e->nmembers; k++) {
      if (e->labels == NULL || e->labels[k] == NULL) {
        og_diag_add(d, where, 0, 0,
                    "member '%s' of '%s' has no label (member_labels)",
                    e->members[k], e->name);
      }
    }
  }
  free(where);
}

/* The texts of each language beside the English (rules/es/): every rule
 * and field translated, every id known, the same placeholders. With
 * --lang the language's directory must exist; without, the languages
 * whose directory exists are checked. */
static void lint_langs(og_ruleset *rs, og_diags *d) {
  og_lang want = og_lang_current();
  for (int l = 1; l < OG_LANG_COUNT; l++) {
    const char *name = og_lang_name((og_lang)l);
    char *dir = og_xasprintf("%s/%s", rs->dir, name);
    DIR *dp = opendir(dir);
    free(dir);
    if (dp) {
      closedir(dp);
    } else if (want != (og_lang)l) {
      continue;
    }
    og_ruleset_translate(rs, name, d, d);
  }
}

/* A rule's sentences are for people: a member id with a hyphen
 * ("proof-of-harm", "sale-organs") written in a text is an id in a
 * sentence; the text should say it in words (placeholders print labels). */
static void lint_template_ids(const og_ruleset *rs, const og_rule *r,
                              const og_template *t, og_diags *d) {
  const og_vocab *v = &rs->vocab;
  for (size_t i = 0; i < t->nsegs; i++) {
    const og_seg *seg = &t->segs[i];
    if (seg->kind != OG_SEG_TEXT) {
      continue;
    }
    for (size_t e = 0; e < v->nfacts; e++) {
      const og_enum *en = v->facts[e].values;
      for (size_t m = 0; en && m < en->nmembers; m++) {
        const char *id = en->members[m];
        size_t n = strlen(id);
        if (strchr(id, '-') == NULL) {
          continue;
        }
        for (size_t k = 0; k + n <= seg->len; k++) {
          const char *s = seg->text + k;
          bool left = k == 0 || !(isalnum((unsigned char)s[-1]) || s[-1] == '-');
          bool right = k + n == seg->len ||
                       !(isalnum((unsigned char)s[n]) || s[n] == '-');
          if (left && right && strncmp(s, id, n) == 0) {
            og_diag_add(d, r->file, r->line, r->col,
                        "rule '%s' writes the id '%s' in a sentence: say it "
                        "in words",
                        r->id, id);
            return;
          }
        }
      }
    }
  }
}

static int cmd_lint(og_ruleset *rs, og_buf *out) {
  og_diags d;
  og_diags_init(&d);
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_rule *r = &rs->rules[i];
    bool treaty = cites_treaty_in(r, OG_ROLE_CREATES);
    if (r->strength == OG_OBLIGATION && !treaty) {
      og_diag_add(&d, r->file, r->line, r->col,
                  "rule '%s' is an obligation but no OPSC article creates it",
                  r->id);
    }
    if (r->strength != OG_OBLIGATION && treaty) {
      og_diag_add(&d, r->file, r->line, r->col,
                  "rule '%s' is a %s but cites an OPSC article as creating it: "
                  "the Protocol creates obligations only",
                  r->id, og_strength_name(r->strength));
    }
    bool seen[OG_STATUS_COUNT] = {false};
    for (size_t k = 0; k < r->nexamples; k++) {
      seen[r->examples[k].expect] = true;
    }
    static const og_status needed[] = {OG_MET, OG_GAP, OG_UNKNOWN};
    for (size_t k = 0; k < 3; k++) {
      if (!seen[needed[k]]) {
        og_diag_add(&d, r->file, r->line, r->col,
                    "rule '%s' has no '%s' example", r->id,
                    og_status_name(needed[k]));
      }
    }
    if (r->outcome[1].defined && !seen[OG_PARTIAL]) {
      og_diag_add(&d, r->file, r->line, r->col,
                  "rule '%s' defines partial but has no 'partial' example",
                  r->id);
    }
    for (int k = 0; k < 3; k++) {
      lint_template_ids(rs, r, &r->outcome[k].because, &d);
    }
    lint_template_ids(rs, r, &r->unknown_because, &d);
    lint_template_ids(rs, r, &r->remedy, &d);
    if (r->outcome[0].when && r->nfacts == 0) {
      og_diag_add(&d, r->file, r->line, r->col,
                  "rule '%s' reads no fact: it cannot rest on the law", r->id);
    }
  }
  lint_labels(rs, &d);
  lint_langs(rs, &d);
  if (d.n) {
    og_diags_print(&d, stderr);
    fprintf(stderr, "%zu lint problem%s in %zu rules\n", d.n,
            d.n == 1 ? "" : "s", rs->nrules);
    og_diags_free(&d);
    return OG_EXIT_FINDINGS;
  }
  og_buf_printf(out, "%zu rules, %zu facts, %zu documents: lint clean\n",
                rs->nrules, rs->vocab.nfacts, rs->reg.ndocs);
  og_diags_free(&d);
  return OG_EXIT_OK;
}

static int cmd_test(const og_ruleset *rs, og_buf *out) {
  size_t passed = 0, failed = 0;
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_rule *r = &rs->rules[i];
    for (size_t k = 0; k < r->nexamples; k++) {
      const og_example *e = &r->examples[k];
      og_diags d;
      og_diags_init(&d);
      og_profile *p = og_profile_from_examples(rs, e->facts, r->file, &d);
      og_param_override ov[64];
      size_t nov = 0;
      for (size_t j = 0; e->params && j < e->params->n && nov < 64; j++) {
        ov[nov].rule = r->id;
        ov[nov].name = og_map_key(e->params, j)->str;
        ov[nov].value = og_map_val(e->params, j)->str;
        nov++;
      }
      og_eval_opts opts = {.overrides = ov, .noverrides = nov};
      og_finding f = {0};
      og_status got = OG_UNKNOWN;
      if (p) { /* the params were checked when the rules loaded */
        got = og_evaluate_rule(r, p, &opts, &f, &d);
      }
      if (d.n || got != e->expect) {
        failed++;
        og_diags_print(&d, stderr);
        fprintf(stderr, "%s:%d:%d: FAIL %s: expected %s, got %s\n", r->file,
                e->line, e->col, r->id, og_status_name(e->expect),
                p ? og_status_name(got) : "a load error");
      } else {
        passed++;
      }
      og_finding_clear(&f);
      og_profile_free(p);
      og_diags_free(&d);
    }
  }
  og_buf_printf(out, "rules test: %zu passed, %zu failed\n", passed, failed);
  return failed ? OG_EXIT_FINDINGS : OG_EXIT_OK;
}

/* The rules citing place `num` (or article `art`) of doc, as "a, b". */
static bool rules_citing(const og_ruleset *rs, const og_document *doc,
                         const char *art, int num, og_buf *out) {
  bool any = false;
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_rule *r = &rs->rules[i];
    bool hit = false;
    for (size_t c = 0; c < r->ncites && !hit; c++) {
      if (r->cites[c].cite.doc != doc) {
        continue;
      }
      for (size_t p = 0; p < r->cites[c].cite.nplaces && !hit; p++) {
        const og_place *pl = &r->cites[c].cite.places[p];
        if (art) {
          size_t n = strlen(pl->article);
          hit = pl->kind == OG_PLACE_ARTICLE &&
                strncmp(art, pl->article, n) == 0 &&
                (art[n] == '\0' || art[n] == '(');
          size_t m = strlen(art);
          hit = hit || (pl->kind == OG_PLACE_ARTICLE &&
                        strncmp(pl->article, art, m) == 0 &&
                        pl->article[m] == '(');
        } else {
          hit = pl->kind == OG_PLACE_PARA && pl->num == num;
        }
      }
    }
    if (hit) {
      og_buf_printf(out, "%s`%s`", any ? ", " : "", r->id);
      any = true;
    }
  }
  return any;
}

static int cmd_coverage(const og_ruleset *rs, og_buf *out) {
  const og_document *opsc = NULL, *guide = NULL;
  for (size_t i = 0; i < rs->reg.ndocs; i++) {
    if (rs->reg.docs[i].kind == OG_DOC_TREATY && opsc == NULL) {
      opsc = &rs->reg.docs[i];
    }
    if (rs->reg.docs[i].kind == OG_DOC_GUIDELINES && guide == NULL) {
      guide = &rs->reg.docs[i];
    }
  }
  og_buf_puts(out, _("# Coverage of the OPSC and CRC/C/156 by the rule set\n\n"
                     "Generated by `opgap rules coverage`.\n\n"));
  size_t uncovered = 0;
  og_buf gaps;
  og_buf_init(&gaps);
  if (opsc) {
    og_buf_printf(out, _("## %s articles 1-10\n\n| article | rules |\n|---|---|\n"),
                  opsc->symbol);
    for (size_t i = 0; i < opsc->narticles; i++) {
      const char *art = opsc->articles[i];
      if (atoi(art) > 10) {
        continue;
      }
      og_buf_printf(out, "| art. %s | ", art);
      const char *exempt = NULL;
      for (size_t k = 0; k < opsc->nnot_legislative; k++) {
        if (strcmp(opsc->not_legislative[k].article, art) == 0) {
          exempt = opsc->not_legislative[k].reason;
        }
      }
      bool cited = rules_citing(rs, opsc, art, 0, out);
      if (exempt) {
        og_buf_printf(out, _("%snot a legislative requirement: %s"),
                      cited ? "; " : "", exempt);
      } else if (!cited) {
        og_buf_printf(out, "**%s**", _("no rule"));
        og_buf_printf(&gaps, "- %s art. %s\n", opsc->symbol, art);
        uncovered++;
      }
      og_buf_puts(out, " |\n");
    }
    og_buf_putc(out, '\n');
  }
  if (guide) {
    static const char *const wanted[] = {"III.A", "V", "VI", "VII", "VIII"};
    for (size_t s = 0; s < guide->nsections; s++) {
      const og_section *sec = &guide->sections[s];
      bool want = false;
      for (size_t w = 0; w < sizeof(wanted) / sizeof(wanted[0]); w++) {
        want = want || strcmp(sec->id, wanted[w]) == 0;
      }
      if (!want) {
        continue;
      }
      og_buf_printf(out, _("## %s section %s: %s (paras. %d-%d)\n\n"
                           "| para. | rules |\n|---|---|\n"),
                    guide->symbol, sec->id, sec->title, sec->paras.lo,
                    sec->paras.hi);
      for (int n = sec->paras.lo; n <= sec->paras.hi; n++) {
        og_buf_printf(out, "| %d | ", n);
        if (!rules_citing(rs, guide, NULL, n, out)) {
          og_buf_puts(out, _("no rule"));
          og_buf_printf(&gaps, _("- %s, para. %d\n"), guide->symbol, n);
        }
        og_buf_puts(out, " |\n");
      }
      og_buf_putc(out, '\n');
    }
  }
  og_buf_puts(out, _("## Places with no rule\n\n"));
  og_buf_puts(out, gaps.len ? og_buf_str(&gaps) : _("None.\n"));
  og_buf_free(&gaps);
  (void)uncovered;
  return OG_EXIT_OK;
}

static int cmd_crosswalk(const og_ruleset *rs, og_buf *out) {
  og_buf_puts(out, "# Crosswalk: other frameworks' criteria and opgap rules\n\n"
                   "| framework | criterion | summary | rules |\n"
                   "|---|---|---|---|\n");
  og_buf none;
  og_buf_init(&none);
  for (size_t f = 0; f < rs->reg.nframeworks; f++) {
    const og_framework *fw = &rs->reg.frameworks[f];
    for (size_t c = 0; c < fw->ncriteria; c++) {
      const og_criterion *cr = &fw->criteria[c];
      og_buf_printf(out, "| %s | %s | %s | ", fw->id, cr->id, cr->text);
      bool any = false;
      for (size_t i = 0; i < rs->nrules; i++) {
        for (size_t k = 0; k < rs->rules[i].ncrosswalk; k++) {
          if (rs->rules[i].crosswalk[k] == cr) {
            og_buf_printf(out, "%s`%s`", any ? ", " : "", rs->rules[i].id);
            any = true;
          }
        }
      }
      if (!any) {
        og_buf_puts(out, "no rule");
        og_buf_printf(&none, "- %s: %s\n", cr->id, cr->text);
      }
      og_buf_puts(out, " |\n");
    }
  }
  og_buf_puts(out, "\n## Criteria no rule covers\n\n");
  og_buf_puts(out, none.len ? og_buf_str(&none) : "None.\n");
  og_buf_free(&none);
  return OG_EXIT_OK;
}

static int usage(void) {
  puts("usage: opgap rules COMMAND [OPTIONS]\n\n"
       "Commands:\n"
       "  list            every rule: id, strength, title\n"
       "  show ID         one rule: requirement, strength, citations, "
       "conditions, remedy\n"
       "  lint            check strengths, citation roles and examples\n"
       "  test            run every rule's examples\n"
       "  coverage        OPSC articles and CRC/C/156 paragraphs -> rules "
       "(Markdown)\n"
       "  crosswalk       other frameworks' criteria -> rules (Markdown)\n\n"
       "Options:");
  og_cli_print_options(OPT_RULES | OPT_OUTPUT | OPT_LANG);
  return OG_EXIT_OK;
}

int og_cmd_rules(int argc, char **argv) {
  if (argc == 0) {
    usage();
    return OG_EXIT_INPUT;
  }
  if (og_cli_wants_help(argc, argv)) {
    return usage();
  }
  const char *sub = argv[0];
  og_cli cli;
  if (og_cli_parse(&cli, argc - 1, argv + 1,
                   OPT_RULES | OPT_OUTPUT | OPT_LANG, "rules") != 0) {
    return OG_EXIT_INPUT;
  }
  cli.keep_english = strcmp(sub, "lint") == 0;
  static const char *const subs[] = {"list", "show", "lint", "test", "coverage",
                                     "crosswalk"};
  int which = -1;
  for (int i = 0; i < 6; i++) {
    if (strcmp(subs[i], sub) == 0) {
      which = i;
    }
  }
  int rc = OG_EXIT_INPUT;
  og_ruleset *rs = NULL;
  if (which < 0) {
    const char *near = og_did_you_mean(sub, subs, 6);
    fprintf(stderr, "opgap rules: unknown command '%s'%s%s%s\n", sub,
            near ? " (did you mean '" : "", near ? near : "",
            near ? "'?)" : "");
    goto done;
  }
  if ((which == 1) != (cli.nargs == 1) || cli.nargs > 1) {
    fprintf(stderr, "opgap rules %s: wrong number of arguments\n", sub);
    goto done;
  }
  if ((rs = og_cli_load_rules(&cli)) == NULL) {
    goto done;
  }
  og_buf out;
  og_buf_init(&out);
  switch (which) {
  case 0:
    rc = cmd_list(rs, &out);
    break;
  case 1:
    rc = cmd_show(rs, cli.args[0], &out);
    break;
  case 2:
    rc = cmd_lint(rs, &out);
    break;
  case 3:
    rc = cmd_test(rs, &out);
    break;
  case 4:
    rc = cmd_coverage(rs, &out);
    break;
  default:
    rc = cmd_crosswalk(rs, &out);
    break;
  }
  if (rc != OG_EXIT_INPUT && out.len) {
    int wrc = og_cli_emit(&cli, og_buf_str(&out), out.len);
    if (wrc != OG_EXIT_OK) {
      rc = wrc;
    }
  }
  og_buf_free(&out);
done:
  og_ruleset_free(rs);
  og_cli_release(&cli);
  return rc;
}
