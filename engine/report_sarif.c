/* report_sarif.c - scan matches as a SARIF 2.1.0 log, so that bill text
 * kept in git shows the matches inline in code-review tools.
 *
 * One run; tool.driver.rules lists every rule that has patterns (ruleIndex
 * points into it). The log is written as the results come (cmd_scan.c):
 * its frame and each result's template are printed here by cJSON, once.
 * Levels: a match suggesting a gap is "error", partial
 * "warning", anything else "note"; each rule's default level is that of
 * most of its patterns, and a result states its level only when it
 * differs. Columns are counted in Unicode code
 * points, as run.columnKind says. The message names the rule's strength:
 * a Committee recommendation is never shown as a treaty obligation.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

static const char *level_of(og_status s) {
  switch (s) {
  case OG_GAP:
    return "error";
  case OG_PARTIAL:
    return "warning";
  default:
    return "note";
  }
}

/* A rule's default level (driver.rules[].defaultConfiguration): that of
 * most of its patterns, the first of them on a tie. A result at its
 * rule's default level leaves "level" out (SARIF 2.1.0, 3.27.10), as a
 * result on one line leaves out "endLine" (3.30.7): the bench's 100 MB
 * scan log is 5% smaller for both. */
static const char *rule_level(const og_rule *r) {
  const char *best = "note";
  size_t best_n = 0;
  for (size_t i = 0; i < r->npatterns; i++) {
    const char *l = level_of(r->patterns[i].suggests);
    size_t n = 0;
    for (size_t k = 0; k < r->npatterns; k++) {
      n += strcmp(level_of(r->patterns[k].suggests), l) == 0;
    }
    if (n > best_n) {
      best = l;
      best_n = n;
    }
  }
  return best;
}

static cJSON *text_obj(const char *s) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "text", s);
  return o;
}

/* The log around its results: what comes before the first result and
 * after the last, cut from the whole log printed by cJSON with a slot
 * where the results go. */
void og_sarif_frame(const og_ruleset *rs, og_buf *head, og_buf *foot) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "$schema",
                          "https://json.schemastore.org/sarif-2.1.0.json");
  cJSON_AddStringToObject(root, "version", "2.1.0");
  cJSON *runs = cJSON_AddArrayToObject(root, "runs");
  cJSON *run = cJSON_CreateObject();
  cJSON_AddItemToArray(runs, run);
  cJSON *tool = cJSON_AddObjectToObject(run, "tool");
  cJSON *driver = cJSON_AddObjectToObject(tool, "driver");
  cJSON_AddStringToObject(driver, "name", "opgap");
  cJSON_AddStringToObject(driver, "version", OPGAP_VERSION);
  cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_rule *r = &rs->rules[i];
    if (r->npatterns == 0) {
      continue;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddItemToObject(o, "shortDescription", text_obj(r->title));
    cJSON_AddItemToObject(o, "fullDescription", text_obj(r->requirement));
    cJSON *conf = cJSON_AddObjectToObject(o, "defaultConfiguration");
    cJSON_AddStringToObject(conf, "level", rule_level(r));
    cJSON *props = cJSON_AddObjectToObject(o, "properties");
    cJSON_AddStringToObject(props, "strength", og_strength_name(r->strength));
    cJSON_AddItemToArray(rules, o);
  }
  cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
  cJSON *results = cJSON_AddArrayToObject(run, "results");
  cJSON_AddItemToArray(results, cJSON_CreateString(og_jtmpl_slot('M')));
  og_jtmpl_frame(root, head, foot);
  cJSON_Delete(root);
}

/* One result, with the slots of og_jtmpl: F (the file's uri), l (the
 * start line), k (the start column, and the end line's member when it
 * is not the start line), E (the end column, exclusive), T (the snippet)
 * and, with_section, S (the section). */
cJSON *og_sarif_result_template(const og_ruleset *rs, const og_rule *rule,
                                const og_pattern *p, bool with_section) {
  long index = 0; /* the rule's place in driver.rules */
  for (const og_rule *r = rs->rules; r < rule; r++) {
    index += r->npatterns > 0;
  }
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "ruleId", rule->id);
  cJSON_AddNumberToObject(o, "ruleIndex", (double)index);
  if (strcmp(level_of(p->suggests), rule_level(rule)) != 0) {
    cJSON_AddStringToObject(o, "level", level_of(p->suggests));
  }
  og_buf mb;
  og_buf_init(&mb);
  /* the rule is the result's ruleId: the message does not repeat it */
  og_buf_printf(&mb, _("Suggests %s (%s): %s"), og_status_word(p->suggests),
                og_strength_word(rule->strength), p->why);
  char *msg = og_buf_release(&mb);
  cJSON_AddItemToObject(o, "message", text_obj(msg));
  free(msg);
  cJSON *locs = cJSON_AddArrayToObject(o, "locations");
  cJSON *loc = cJSON_CreateObject();
  cJSON_AddItemToArray(locs, loc);
  cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
  cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
  cJSON_AddStringToObject(art, "uri", og_jtmpl_slot('F'));
  cJSON *reg = cJSON_AddObjectToObject(phys, "region");
  cJSON_AddStringToObject(reg, "startLine", og_jtmpl_slot('l'));
  /* the start column, then "endLine" when the match ends on another line */
  cJSON_AddStringToObject(reg, "startColumn", og_jtmpl_slot('k'));
  cJSON_AddStringToObject(reg, "endColumn", og_jtmpl_slot('E'));
  cJSON_AddItemToObject(reg, "snippet", text_obj(og_jtmpl_slot('T')));
  if (with_section) {
    cJSON *logs = cJSON_AddArrayToObject(loc, "logicalLocations");
    cJSON *ll = cJSON_CreateObject();
    cJSON_AddStringToObject(ll, "name", og_jtmpl_slot('S'));
    cJSON_AddStringToObject(ll, "kind", "section");
    cJSON_AddItemToArray(logs, ll);
  }
  cJSON *props = cJSON_AddObjectToObject(o, "properties");
  cJSON_AddStringToObject(props, "pattern", p->id);
  cJSON_AddStringToObject(props, "lang", p->lang);
  cJSON_AddStringToObject(props, "suggests", og_status_name(p->suggests));
  return o;
}
