/* eval.c - evaluating rules against a profile: findings.
 *
 * Conditions are three-valued (Kleene): a test on an absent fact is
 * unknown, `all` is false if any part is false, `any` true if any part is
 * true, and otherwise unknown propagates. The status of a rule is decided
 * by the first of met, partial, gap whose condition is true, and only when
 * every earlier one was definitely false: when a missing fact could have
 * changed the answer, the status is unknown. opgap never turns "we do not
 * know" into "covered" or "not covered".
 */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "opgap.h"


const char *og_role_label(og_role r) {
  static const char *const labels[] = {N_("Requirement created by"),
                                       N_("Explained in"),
                                       N_("Applied to States in")};
  return _(labels[r]);
}

/* Every writer says the same thing of a strength: a recommendation is
 * never presented as a treaty obligation. */
const char *og_strength_gloss(og_strength s) {
  switch (s) {
  case OG_OBLIGATION:
    return _("the Protocol's own binding words");
  case OG_RECOMMENDATION:
    return _("the Committee on the Rights of the Child recommends it; not a "
             "treaty obligation");
  case OG_ENCOURAGEMENT:
    return _("the Committee on the Rights of the Child encourages it; not a "
             "treaty obligation");
  case OG_STRENGTH_COUNT:
    break;
  }
  return "";
}

int og_format_parse(const char *s) {
  static const char *const names[] = {"text", "md",  "json",
                                      "html", "csv", "sarif"};
  for (int i = 0; i < 6; i++) {
    if (strcmp(names[i], s) == 0) {
      return i;
    }
  }
  return -1;
}

/* ---- conditions --------------------------------------------------------- */
typedef struct ctx {
  const og_rule *rule;
  const og_profile *p;
  const og_value *params; /* effective parameter values, by index */
  og_buf *trace;
  og_diags *d;
} ctx;

static const char *tv_name(og_tv v) {
  return v == OG_TRUE ? _("true") : v == OG_FALSE ? _("false") : _("unknown");
}

static const char *const kind_names[] = {
    "all",      "any",          "not",          "present", "eq",
    "ne",       "in",           "includes",     "includes_all",
    "includes_any", "gt",       "gte",          "lt",      "lte",
    "matches",  "quote_matches"};

static og_tv regex_test(ctx *c, const og_cond *cond, const char *subject) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(cond->re, NULL);
  pcre2_match_context *mc = pcre2_match_context_create(NULL);
  pcre2_set_match_limit(mc, OG_PCRE2_MATCH_LIMIT);
  pcre2_set_depth_limit(mc, OG_PCRE2_DEPTH_LIMIT);
  int rc = pcre2_match(cond->re, (PCRE2_SPTR)subject, strlen(subject), 0, 0,
                       md, mc);
  pcre2_match_context_free(mc);
  pcre2_match_data_free(md);
  if (rc >= 0) {
    return OG_TRUE;
  }
  if (rc == PCRE2_ERROR_NOMATCH) {
    return OG_FALSE;
  }
  /* A pattern that gives up must not decide a status: the run fails with
   * the limit named, rather than report a guess. */
  if (rc == PCRE2_ERROR_MATCHLIMIT) {
    og_diag_add(c->d, c->rule->file, cond->line, cond->col,
                "regular expression of rule '%s' on '%s' hit the match "
                "limit (limit is %u)",
                c->rule->id, cond->fact->path, OG_PCRE2_MATCH_LIMIT);
  } else if (rc == PCRE2_ERROR_DEPTHLIMIT) {
    og_diag_add(c->d, c->rule->file, cond->line, cond->col,
                "regular expression of rule '%s' on '%s' hit the depth "
                "limit (limit is %u)",
                c->rule->id, cond->fact->path, OG_PCRE2_DEPTH_LIMIT);
  } else {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof(msg));
    og_diag_add(c->d, c->rule->file, cond->line, cond->col,
                "regular expression of rule '%s' on '%s' failed: %s",
                c->rule->id, cond->fact->path, (const char *)msg);
  }
  return OG_UNK;
}

static og_tv eval_cond(ctx *c, const og_cond *cond, int depth);

/* A rule's unknown sentence opens "Not established: for which offences
 * ..."; where part of the answer is established (the rule is met at
 * least in part, and the report shows what is), it says what is not
 * established in full, so that the sentence does not deny what the
 * report shows beside it. */
static void in_full(og_buf *b) {
  /* TRANSLATORS: how the rules' unknown sentences open (rules/es, e.g.
   * "No está establecido"), and the same with "in full" */
  const char *open = _("Not established");
  const char *full = _("Not established in full");
  size_t n = strlen(open);
  if (b->len < n || memcmp(b->data, open, n) != 0) {
    return;
  }
  og_buf t;
  og_buf_init(&t);
  og_buf_puts(&t, full);
  og_buf_add(&t, b->data + n, b->len - n);
  og_buf_free(b);
  *b = t;
}

static og_tv eval_leaf(ctx *c, const og_cond *cond) {
  const og_fact *f = og_profile_fact(c->p, cond->fact);
  if (cond->kind == OG_C_PRESENT) {
    return (f != NULL) == cond->present ? OG_TRUE : OG_FALSE;
  }
  if (f == NULL) {
    return OG_UNK;
  }
  const og_value *v = &f->value;
  switch (cond->kind) {
  case OG_C_EQ:
  case OG_C_NE: {
    og_tv eq;
    if (v->type == OG_F_SET && v->open) {
      /* equal is false once a known member contradicts; else unknown */
      uint64_t want = cond->operand.set;
      uint64_t some_out = v->not_all & ~v->set;
      eq = (v->set & ~want) || (v->set_out & want) ||
                   (some_out && (some_out & ~want) == 0)
               ? OG_FALSE
               : OG_UNK;
    } else {
      eq = og_value_equal(v, &cond->operand) ? OG_TRUE : OG_FALSE;
    }
    if (cond->kind == OG_C_EQ || eq == OG_UNK) {
      return eq;
    }
    return eq == OG_TRUE ? OG_FALSE : OG_TRUE;
  }
  case OG_C_IN:
    for (size_t i = 0; i < cond->nlist; i++) {
      if (og_value_equal(v, &cond->list[i])) {
        return OG_TRUE;
      }
    }
    return OG_FALSE;
  case OG_C_INCLUDES:
  case OG_C_INCLUDES_ALL: {
    uint64_t want = cond->operand.set;
    if ((v->set & want) == want) {
      return OG_TRUE;
    }
    /* an open list is false only where a wanted member is known out, or
     * where the one of not_all that is out must be among the wanted */
    uint64_t some_out = v->not_all & ~v->set;
    return !v->open || (v->set_out & want) ||
                   (some_out && (some_out & ~want) == 0)
               ? OG_FALSE
               : OG_UNK;
  }
  case OG_C_INCLUDES_ANY: {
    uint64_t want = cond->operand.set;
    if (v->set & want) {
      return OG_TRUE;
    }
    return !v->open || (v->set_out & want) == want ? OG_FALSE : OG_UNK;
  }
  case OG_C_GT:
  case OG_C_GTE:
  case OG_C_LT:
  case OG_C_LTE: {
    long long rhs = cond->param
                        ? c->params[cond->param - c->rule->params].i
                        : cond->operand.i;
    long long lhs = v->i;
    bool r = cond->kind == OG_C_GT    ? lhs > rhs
             : cond->kind == OG_C_GTE ? lhs >= rhs
             : cond->kind == OG_C_LT  ? lhs < rhs
                                      : lhs <= rhs;
    return r ? OG_TRUE : OG_FALSE;
  }
  case OG_C_MATCHES:
    return regex_test(c, cond, v->s);
  case OG_C_QUOTE_MATCHES:
    return f->quote ? regex_test(c, cond, f->quote) : OG_UNK;
  default:
    return OG_UNK;
  }
}

static void trace_line(ctx *c, const og_cond *cond, int depth, og_tv r) {
  og_buf *t = c->trace;
  og_buf_printf(t, "%*s- %s", depth * 2, "", kind_names[cond->kind]);
  if (cond->fact) {
    const og_fact *f = og_profile_fact(c->p, cond->fact);
    og_buf_printf(t, " %s", cond->fact->path);
    if (cond->param) {
      og_buf_printf(t, _(" (parameter %s = %lld)"), cond->param->name,
                    c->params[cond->param - c->rule->params].i);
    }
    if (f == NULL) {
      og_buf_puts(t, _(" [fact absent]"));
    } else {
      og_buf_puts(t, _(" [value: "));
      og_value_render(f->def, &f->value, t);
      og_buf_puts(t, "; ");
      og_buf_puts(t, f->cite ? f->cite : _("section not identified"));
      if (f->source) {
        og_buf_printf(t, "; %s", f->source);
      }
      og_buf_puts(t, "]");
    }
  }
  og_buf_printf(t, " => %s\n", tv_name(r));
}

static og_tv eval_cond(ctx *c, const og_cond *cond, int depth) {
  og_tv r;
  switch (cond->kind) {
  case OG_C_ALL:
  case OG_C_ANY: {
    bool all = cond->kind == OG_C_ALL;
    bool unk = false, decided = false;
    og_buf kids;
    og_buf_init(&kids);
    og_buf *saved = c->trace;
    if (saved) {
      c->trace = &kids;
    }
    for (size_t i = 0; i < cond->nkids; i++) {
      og_tv k = eval_cond(c, cond->kids[i], depth + 1);
      if (k == OG_UNK) {
        unk = true;
      } else if ((k == OG_FALSE && all) || (k == OG_TRUE && !all)) {
        decided = true;
      }
    }
    c->trace = saved;
    r = decided ? (all ? OG_FALSE : OG_TRUE)
                : unk ? OG_UNK
                      : (all ? OG_TRUE : OG_FALSE);
    if (c->trace) {
      trace_line(c, cond, depth, r);
      og_buf_puts(c->trace, og_buf_str(&kids));
    }
    og_buf_free(&kids);
    return r;
  }
  case OG_C_NOT: {
    og_buf kid;
    og_buf_init(&kid);
    og_buf *saved = c->trace;
    if (saved) {
      c->trace = &kid;
    }
    og_tv k = eval_cond(c, cond->kids[0], depth + 1);
    c->trace = saved;
    r = k == OG_UNK ? OG_UNK : (k == OG_TRUE ? OG_FALSE : OG_TRUE);
    if (c->trace) {
      trace_line(c, cond, depth, r);
      og_buf_puts(c->trace, og_buf_str(&kid));
    }
    og_buf_free(&kid);
    return r;
  }
  default:
    r = eval_leaf(c, cond);
    if (c->trace) {
      trace_line(c, cond, depth, r);
    }
    return r;
  }
}

/* ---- templates ---------------------------------------------------------- */
/* {missing:fact}: the members the rule's includes_all tests want that the
 * profile's list lacks, by label; of an open list, those known to be out,
 * then "any of" those it leaves open, saying that which is not known. */
static void render_missing(ctx *c, const og_fact *f, og_buf *out);

/* The members named by `includes_all` on def anywhere in cond. */
static uint64_t required_members(const og_cond *cond, const og_factdef *def) {
  if (cond == NULL) {
    return 0;
  }
  uint64_t m = 0;
  if (cond->fact == def && cond->kind == OG_C_INCLUDES_ALL) {
    m |= cond->operand.set;
  }
  for (size_t i = 0; i < cond->nkids; i++) {
    m |= required_members(cond->kids[i], def);
  }
  return m;
}

static void render_missing(ctx *c, const og_fact *f, og_buf *out) {
  const og_factdef *def = f->def;
  uint64_t need = 0;
  for (int k = 0; k < 3; k++) {
    need |= required_members(c->rule->outcome[k].when, def);
  }
  uint64_t miss = need & ~f->value.set;
  if (!f->value.open) {
    og_say_members(def->values, miss, out);
    return;
  }
  /* of an open list, the members known to be out, then those the texts
   * at hand leave open */
  uint64_t unsure = miss & ~f->value.set_out;
  miss &= f->value.set_out;
  if (miss || !unsure) {
    og_say_members(def->values, miss, out);
  }
  if (unsure) {
    og_buf_puts(out, miss ? _(", and any of ") : _("any of "));
    og_say_members(def->values, unsure, out);
    og_buf_puts(out, _(" not yet covered (the texts at hand do not establish "
                       "which)"));
  }
}

/* Marks a placeholder whose fact the profile does not state, until
 * tidy() decides how to say it. */
#define ABSENT '\x01'
#define ABSENT_TEXT N_("[not established by the texts at hand]")

/* A parenthesis that holds a fact the profile does not state says nothing
 * ("(not established)" after "for not established"): it is dropped with
 * the space before it. Any other unstated fact is said plainly. */
static void tidy(const char *raw, og_buf *out) {
  for (const char *s = raw; *s; s++) {
    if (*s == '(') {
      const char *e = s + 1;
      while (*e && *e != ')' && *e != '(') {
        e++;
      }
      if (*e == ')' && memchr(s, ABSENT, (size_t)(e - s)) != NULL) {
        while (out->len && out->data[out->len - 1] == ' ') {
          out->data[--out->len] = '\0';
        }
        s = e;
        continue;
      }
    }
    if (*s == ABSENT) {
      og_buf_puts(out, _(ABSENT_TEXT));
    } else {
      og_buf_putc(out, *s);
    }
  }
}

static void render(ctx *c, const og_template *t, og_buf *final) {
  og_buf raw;
  og_buf_init(&raw);
  og_buf *out = &raw;
  for (size_t i = 0; i < t->nsegs; i++) {
    const og_seg *seg = &t->segs[i];
    if (seg->kind == OG_SEG_TEXT) {
      og_buf_add(out, seg->text, seg->len);
      continue;
    }
    if (seg->kind == OG_SEG_PARAM) {
      og_factdef def = {.type = c->rule->params[seg->param].type};
      og_value_render(&def, &c->params[seg->param], out);
      continue;
    }
    if (seg->kind == OG_SEG_LABEL) {
      og_say_fact(seg->fact, out);
      continue;
    }
    const og_factdef *def = seg->fact;
    const og_fact *f = og_profile_fact(c->p, def);
    if (f == NULL) {
      og_buf_putc(out, ABSENT);
    } else if (seg->kind == OG_SEG_CITE) {
      og_say_where(f, out);
    } else if (seg->kind == OG_SEG_MISSING) {
      render_missing(c, f, out);
    } else {
      og_say_value(def, &f->value, out);
    }
  }
  tidy(og_buf_str(&raw), final);
  og_buf_free(&raw);
}

/* ---- parameters ------------------------------------------------------- */
int og_check_overrides(const og_ruleset *rs, const og_param_override *ov,
                       size_t n, og_diags *d) {
  size_t before = d->n;
  for (size_t k = 0; k < n; k++) {
    const og_param_override *o = &ov[k];
    const og_rule *only = NULL;
    if (o->rule) {
      only = og_ruleset_find(rs, o->rule);
      if (only == NULL) {
        const char *near = og_ruleset_nearest(rs, o->rule);
        og_diag_add(d, "--param", 0, 0, "unknown rule '%s'%s%s%s", o->rule,
                    near ? " (did you mean '" : "", near ? near : "",
                    near ? "'?)" : "");
        continue;
      }
    }
    /* every parameter name in scope, for the match and a did-you-mean */
    const char *names[256];
    size_t nn = 0;
    bool found = false;
    for (size_t i = 0; i < rs->nrules; i++) {
      const og_rule *r = &rs->rules[i];
      if (only && r != only) {
        continue;
      }
      for (size_t j = 0; j < r->nparams; j++) {
        found = found || strcmp(r->params[j].name, o->name) == 0;
        if (nn < 256) {
          names[nn++] = r->params[j].name;
        }
      }
    }
    if (!found) {
      const char *near = og_did_you_mean(o->name, names, nn);
      char who[160];
      if (only) {
        snprintf(who, sizeof(who), "rule '%s' has no parameter", only->id);
      } else {
        snprintf(who, sizeof(who), "no rule has a parameter");
      }
      og_diag_add(d, "--param", 0, 0, "%s '%s'%s%s%s", who, o->name,
                  near ? " (did you mean '" : "", near ? near : "",
                  near ? "'?)" : "");
    }
  }
  return d->n == before ? 0 : -1;
}

static int resolve_params(const og_rule *r, const og_eval_opts *o,
                          og_value *out, og_diags *d) {
  for (size_t i = 0; i < r->nparams; i++) {
    out[i] = r->params[i].def;
    for (size_t k = 0; o && k < o->noverrides; k++) {
      const og_param_override *ov = &o->overrides[k];
      if ((ov->rule && strcmp(ov->rule, r->id) != 0) ||
          strcmp(ov->name, r->params[i].name) != 0) {
        continue;
      }
      og_value v = {.type = r->params[i].type};
      char *end;
      if (v.type == OG_F_INT) {
        v.i = strtoll(ov->value, &end, 10);
        if (*ov->value == '\0' || *end != '\0') {
          og_diag_add(d, "--param", 0, 0,
                      "parameter '%s' of rule '%s' expects an integer, "
                      "found '%s'",
                      ov->name, r->id, ov->value);
          return -1;
        }
      } else if (v.type == OG_F_BOOL) {
        if (strcmp(ov->value, "true") != 0 && strcmp(ov->value, "false") != 0) {
          og_diag_add(d, "--param", 0, 0,
                      "parameter '%s' of rule '%s' expects true or false",
                      ov->name, r->id);
          return -1;
        }
        v.b = ov->value[0] == 't';
      } else {
        v.s = ov->value;
      }
      out[i] = v;
    }
  }
  return 0;
}

/* ---- findings ----------------------------------------------------------- */
static bool article_overlaps(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  size_t n = la < lb ? la : lb;
  if (strncmp(a, b, n) != 0) {
    return false;
  }
  char next = la > lb ? a[n] : b[n];
  return next == '\0' || next == '(';
}

/* Reservations of the profile on a provision the rule cites. */
static void find_reservations(const og_rule *r, const og_profile *p,
                              og_finding *f) {
  if (p->nreservations == 0) {
    return;
  }
  f->reservations = og_xcalloc(p->nreservations, sizeof(og_reservation *));
  for (size_t i = 0; i < p->nreservations; i++) {
    const og_reservation *res = &p->reservations[i];
    bool hit = false;
    for (size_t k = 0; k < res->nprovisions && !hit; k++) {
      const og_citation *pc = &res->provisions[k];
      for (size_t j = 0; j < r->ncites && !hit; j++) {
        const og_citation *rc = &r->cites[j].cite;
        if (rc->doc != pc->doc) {
          continue;
        }
        for (size_t x = 0; x < rc->nplaces && !hit; x++) {
          for (size_t y = 0; y < pc->nplaces && !hit; y++) {
            const og_place *a = &rc->places[x], *b = &pc->places[y];
            hit = a->kind == OG_PLACE_ARTICLE && b->kind == OG_PLACE_ARTICLE
                      ? article_overlaps(a->article, b->article)
                      : a->kind == b->kind && a->num == b->num;
          }
        }
      }
    }
    if (hit) {
      f->reservations[f->nreservations++] = res;
    }
  }
}

static uint64_t fnv(uint64_t h, const char *s) {
  for (; *s; s++) {
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  }
  return (h ^ 0xffu) * 1099511628211ull; /* a separator after each part */
}

static uint64_t fnv_members(uint64_t h, const og_factdef *def, uint64_t set) {
  for (size_t i = 0; i < def->values->nmembers; i++) {
    if ((set >> i) & 1u) {
      h = fnv(h, def->values->members[i]);
    }
  }
  return fnv(h, "|");
}

/* The hash of one stated fact: path, value and statute cite. */
static uint64_t fact_hash(const og_fact *fact) {
  const og_factdef *def = fact->def;
  const og_value *v = &fact->value;
  uint64_t h = fnv(1469598103934665603ull, def->path);
  char num[32];
  switch (v->type) {
  case OG_F_BOOL:
    h = fnv(h, v->b ? "yes" : "no");
    break;
  case OG_F_INT:
    snprintf(num, sizeof(num), "%lld", v->i);
    h = fnv(h, num);
    break;
  case OG_F_SET:
    h = fnv_members(h, def, v->set);
    if (v->open) {
      h = fnv_members(fnv(h, "open"), def, v->set_out);
      h = fnv_members(h, def, v->not_all);
    }
    break;
  case OG_F_STRING:
  case OG_F_DATE:
  case OG_F_ENUM:
    h = fnv(h, v->s);
    break;
  }
  return fnv(h, fact->cite ? fact->cite : "");
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* A finding's fingerprint hashes what the finding rests on: the
 * jurisdiction, the rule id and each stated fact (path, value, statute
 * cite). The facts' hashes are combined in sorted order, so a rule version
 * that reads the same facts in another order keeps the fingerprint, and two
 * matrices can be compared cell by cell (FNV-1a, 64 bits). */
static void fingerprint(const og_rule *r, const og_profile *p, og_finding *f) {
  uint64_t one[16];
  uint64_t *hs = f->nevidence <= 16
                     ? one
                     : og_xmalloc(f->nevidence * sizeof(uint64_t));
  for (size_t i = 0; i < f->nevidence; i++) {
    hs[i] = fact_hash(f->evidence[i]);
  }
  qsort(hs, f->nevidence, sizeof(uint64_t), cmp_u64);
  uint64_t h = fnv(fnv(1469598103934665603ull, p->id), r->id);
  for (size_t i = 0; i < f->nevidence; i++) {
    for (int k = 0; k < 8; k++) {
      h = (h ^ ((hs[i] >> (8 * k)) & 0xffu)) * 1099511628211ull;
    }
  }
  if (hs != one) {
    free(hs);
  }
  static const char hex[] = "0123456789abcdef";
  for (int k = 15; k >= 0; k--, h >>= 4) { /* "%016llx", without printf */
    f->fingerprint[k] = hex[h & 0xf];
  }
  f->fingerprint[16] = '\0';
}

static const char *outcome_name(int k) {
  static const char *const n[] = {"met", "partial", "gap"};
  return n[k];
}

/* The facts the decision needed and the profile lacks, in words. */
static void put_missing(const og_finding *f, og_buf *b) {
  for (size_t i = 0; i < f->nmissing; i++) {
    og_buf_puts(b, i == 0                   ? ""
                   : f->nmissing == 2       ? _(" and ")
                   : i + 1 == f->nmissing   ? _("; and ")
                                            : "; ");
    og_say_fact(f->missing[i], b);
  }
}

/* The explanation of a finding evaluated without text (opts->no_text):
 * one empty string for all, never freed. */
static char no_text[] = "";

og_status og_evaluate_rule(const og_rule *r, const og_profile *p,
                           const og_eval_opts *opts, og_finding *f,
                           og_diags *d) {
  memset(f, 0, sizeof(*f));
  f->rule = r;
  og_value params[64];
  if (r->nparams > 64 || resolve_params(r, opts, params, d) != 0) {
    f->status = OG_UNKNOWN;
    return OG_UNKNOWN;
  }
  ctx c = {r, p, params, opts ? opts->trace : NULL, d};
  og_status status = OG_UNKNOWN;
  f->decided_by = 3;
  bool blocked = false; /* an earlier outcome was unknown */
  bool below_national = r->national_only && p->level &&
                        strcmp(p->level, "national") != 0;
  if (below_national) {
    status = OG_NA;
    f->decided_by = -1;
  } else if (r->applies_if) {
    if (c.trace) {
      og_buf_puts(c.trace, "applies_if:\n");
    }
    og_tv a = eval_cond(&c, r->applies_if, 1);
    if (a == OG_FALSE) {
      status = OG_NA;
      f->decided_by = -1;
    } else if (a == OG_UNK) {
      blocked = true;
    }
  }
  /* met decides first; a met that might be true (unknown) makes the rule
   * unknown. Once met is definitely false the requirement is not met: a
   * partial that might be true (the sources establish only part of a list)
   * gives partial with extent_unknown, never gap. */
  bool partial_unknown = false, met_unknown = false;
  for (int k = 0; k < 3 && status == OG_UNKNOWN && !blocked; k++) {
    if (!r->outcome[k].defined || r->outcome[k].when == NULL) {
      continue;
    }
    if (c.trace) {
      og_buf_printf(c.trace, "%s when:\n", outcome_name(k));
    }
    og_tv t = eval_cond(&c, r->outcome[k].when, 1);
    met_unknown = met_unknown || (k == 0 && t == OG_UNK);
    if (t == OG_TRUE && !partial_unknown) {
      status = k == 0 ? OG_MET : k == 1 ? OG_PARTIAL : OG_GAP;
      f->decided_by = k;
    } else if (t == OG_UNK && k == 1) {
      partial_unknown = true;
    } else if (t == OG_UNK && !partial_unknown) {
      blocked = true;
    }
  }
  if (status == OG_UNKNOWN && partial_unknown) {
    status = OG_PARTIAL;
    f->decided_by = 1;
    f->extent_unknown = true;
  }
  /* Met unknown, partial true: the law meets at least part of the
   * requirement, and only whether it meets all of it is open. The status
   * stays unknown (met is not ruled out), but the report says what is
   * established. */
  if (status == OG_UNKNOWN && met_unknown && r->outcome[1].defined &&
      r->outcome[1].when != NULL) {
    ctx quiet = c;
    quiet.trace = NULL;
    f->at_least_partial = eval_cond(&quiet, r->outcome[1].when, 1) == OG_TRUE;
  }
  f->status = status;
  if (opts && opts->no_text && opts->no_fingerprint) {
    f->explanation = no_text; /* a matrix cell: the status is all it shows */
    return status;
  }

  /* evidence and missing facts: one block, the missing facts' array after
   * the evidence's (a batch evaluates a hundred rules a profile, and each
   * allocation is one more malloc and free) */
  size_t slots = r->nfacts + 1;
  char *block = og_xcalloc(2 * slots, sizeof(void *));
  f->evidence = (const og_fact **)(void *)block;
  f->missing = (const og_factdef **)(void *)(block + slots * sizeof(void *));
  for (size_t i = 0; i < r->nfacts; i++) {
    const og_fact *fact = og_profile_fact(p, r->facts[i]);
    if (fact) {
      f->evidence[f->nevidence++] = fact;
      f->unconfirmed = f->unconfirmed || !fact->confirmed;
    } else if (i < r->ncond_facts) {
      /* only what the decision reads is reported as not established */
      f->missing[f->nmissing++] = r->facts[i];
    }
  }

  og_buf b;
  og_buf_init(&b);
  if (opts && opts->no_text) {
    f->explanation = no_text;
    find_reservations(r, p, f);
    if (!opts->no_fingerprint) {
      fingerprint(r, p, f);
    }
    return status;
  }
  if (status == OG_NA && below_national) {
    og_buf_puts(&b, _("Not a matter for this jurisdiction's own law: "
                      "extradition and cooperation with other States are "
                      "governed by national law and treaties"));
    if (p->parent_id) {
      og_buf_printf(&b, _(" (see %s)"),
                    p->parent && p->parent->name ? p->parent->name
                                                 : p->parent_id);
    }
    og_buf_puts(&b, ".");
  } else if (status == OG_NA) {
    og_buf_puts(&b, _("The rule does not apply to this jurisdiction: its "
                      "applicability condition is not met."));
  } else if (status == OG_UNKNOWN) {
    /* what is not known is said once, in words: by the rule's own
     * sentence, else by the facts' labels */
    if (r->unknown_because.source) {
      render(&c, &r->unknown_because, &b);
      if (f->at_least_partial) {
        in_full(&b);
      }
    } else if (f->nmissing) {
      og_buf_puts(&b, _("The texts at hand do not establish "));
      put_missing(f, &b);
      og_buf_puts(&b, ".");
    } else {
      og_buf_puts(&b, _("The stated facts do not decide this rule."));
    }
  } else {
    if (f->extent_unknown) {
      /* The partial text speaks of facts the profile lacks; say instead
       * what is established, and that the rest is not. */
      og_buf_puts(&b, _("Not met: "));
      size_t n = 0; /* what the conditions read, as stated */
      for (size_t i = 0; i < r->ncond_facts; i++) {
        const og_fact *e = og_profile_fact(p, r->facts[i]);
        if (e) {
          og_buf_puts(&b, n++ ? "; " : _("the texts at hand establish "));
          og_say_fact(e->def, &b);
          og_buf_puts(&b, ": ");
          og_say_value(e->def, &e->value, &b);
          og_buf_puts(&b, " (");
          og_say_where(e, &b);
          og_buf_puts(&b, ")");
        }
      }
      og_buf_puts(&b, n ? _(", which rules out met")
                        : _("what the texts at hand establish rules out met"));
      og_buf_puts(&b, _(", but not how far the law falls short"));
      if (f->nmissing) {
        og_buf_puts(&b, _(". Not established by the texts at hand: "));
        put_missing(f, &b);
      }
      og_buf_puts(&b, ".");
    } else {
      render(&c, &r->outcome[f->decided_by].because, &b);
    }
  }
  f->explanation = og_buf_release(&b);
  if (status == OG_PARTIAL || status == OG_GAP) {
    og_buf_init(&b);
    render(&c, &r->remedy, &b);
    f->remedy = og_buf_release(&b);
  }
  find_reservations(r, p, f);
  fingerprint(r, p, f);
  return status;
}

void og_finding_parent_cites(const og_finding *f, og_buf *out) {
  size_t first = out->len;
  for (size_t i = 0; i < f->nparent_evidence; i++) {
    const og_fact *fact = f->parent_evidence[i];
    const char *c = fact->cite ? fact->cite : fact->source;
    bool seen = c == NULL;
    for (size_t k = 0; k < i && !seen; k++) {
      const og_fact *o = f->parent_evidence[k];
      const char *oc = o->cite ? o->cite : o->source;
      seen = oc != NULL && strcmp(oc, c) == 0;
    }
    if (!seen) {
      og_buf_printf(out, "%s%s", out->len > first ? "; " : "", c);
    }
  }
}

void og_finding_clear(og_finding *f) {
  if (f->explanation != no_text) {
    free(f->explanation);
  }
  free(f->remedy);
  free(f->evidence); /* and the missing facts, in the same block */
  free(f->parent_evidence);
  free(f->reservations);
  memset(f, 0, sizeof(*f));
}

/* Covered by the jurisdiction's own law or its parent's. */
static og_status combine(og_status own, og_status parent) {
  if (own == OG_MET || parent == OG_MET) {
    return OG_MET;
  }
  if (own == OG_UNKNOWN || parent == OG_UNKNOWN) {
    return OG_UNKNOWN;
  }
  if (own == OG_NA) {
    return parent;
  }
  if (parent == OG_NA) {
    return own;
  }
  return own == OG_PARTIAL || parent == OG_PARTIAL ? OG_PARTIAL : OG_GAP;
}

int og_evaluate(const og_ruleset *rs, const og_profile *p,
                const og_eval_opts *opts, og_report *out, og_diags *d) {
  memset(out, 0, sizeof(*out));
  out->profile = p;
  out->rs = rs;
  out->findings = og_xcalloc(rs->nrules + 1, sizeof(og_finding));
  size_t before = d->n;
  for (size_t i = 0; i < rs->nrules; i++) {
    og_finding *f = &out->findings[out->nfindings++];
    og_evaluate_rule(&rs->rules[i], p, opts, f, d);
    if (p->parent) {
      og_finding pf;
      og_evaluate_rule(&rs->rules[i], p->parent, opts, &pf, d);
      f->has_combined = true;
      f->own_status = f->status;
      f->parent_status = pf.status;
      f->combined_status = combine(f->status, pf.status);
      /* The parent's coverage condition (a federal link) says nothing of
       * what only national law governs (extradition, assistance). */
      if (f->combined_status != f->own_status &&
          f->combined_status == pf.status && !rs->rules[i].national_only) {
        f->combined_note = p->parent->coverage_text;
      }
      /* The parent's law covers what the jurisdiction's own does not. */
      if (f->combined_status != f->own_status &&
          f->combined_status == pf.status &&
          (pf.status == OG_MET || pf.status == OG_PARTIAL)) {
        f->parent_evidence = pf.evidence; /* the finding takes the array */
        f->nparent_evidence = pf.nevidence;
        pf.evidence = NULL;
        pf.nevidence = 0;
      }
      og_finding_clear(&pf);
      out->combined_counts[f->combined_status]++;
    }
    out->counts[f->status]++;
  }
  return d->n == before ? 0 : -1;
}

void og_report_free(og_report *r) {
  for (size_t i = 0; i < r->nfindings; i++) {
    og_finding_clear(&r->findings[i]);
  }
  free(r->findings);
  memset(r, 0, sizeof(*r));
}
