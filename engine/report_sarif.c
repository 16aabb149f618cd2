/* report_sarif.c - scan matches as a SARIF 2.1.0 log, so that bill text
 * kept in git shows the matches inline in code-review tools.
 *
 * One run; tool.driver.rules lists every rule that has patterns (ruleIndex
 * points into it). Levels: a match suggesting a gap is "error", partial
 * "warning", anything else "note". Columns are counted in Unicode code
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

static cJSON *text_obj(const char *s) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "text", s);
  return o;
}

void og_write_scan_sarif(const og_ruleset *rs, const og_scan_result *res,
                         size_t nres, og_buf *out) {
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
  /* index of each rule in driver.rules, -1 when it has no patterns */
  long *index = og_xcalloc(rs->nrules + 1, sizeof(long));
  long nrules = 0;
  for (size_t i = 0; i < rs->nrules; i++) {
    const og_rule *r = &rs->rules[i];
    index[i] = -1;
    if (r->npatterns == 0) {
      continue;
    }
    index[i] = nrules++;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddItemToObject(o, "shortDescription", text_obj(r->title));
    cJSON_AddItemToObject(o, "fullDescription", text_obj(r->requirement));
    cJSON *props = cJSON_AddObjectToObject(o, "properties");
    cJSON_AddStringToObject(props, "strength", og_strength_name(r->strength));
    cJSON_AddItemToArray(rules, o);
  }
  cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
  cJSON *results = cJSON_AddArrayToObject(run, "results");
  for (size_t f = 0; f < nres; f++) {
    const char *uri = strcmp(res[f].file, "-") == 0 ? "stdin" : res[f].file;
    for (size_t i = 0; i < res[f].n; i++) {
      const og_scan_match *m = &res[f].v[i];
      cJSON *o = cJSON_CreateObject();
      cJSON_AddStringToObject(o, "ruleId", m->rule->id);
      cJSON_AddNumberToObject(o, "ruleIndex",
                              (double)index[m->rule - rs->rules]);
      cJSON_AddStringToObject(o, "level", level_of(m->pattern->suggests));
      char *msg = og_xasprintf(
          "Suggests %s for %s (%s): %s", og_status_name(m->pattern->suggests),
          m->rule->id, og_strength_name(m->rule->strength), m->pattern->why);
      cJSON_AddItemToObject(o, "message", text_obj(msg));
      free(msg);
      cJSON *locs = cJSON_AddArrayToObject(o, "locations");
      cJSON *loc = cJSON_CreateObject();
      cJSON_AddItemToArray(locs, loc);
      cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
      cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
      cJSON_AddStringToObject(art, "uri", uri);
      cJSON *reg = cJSON_AddObjectToObject(phys, "region");
      cJSON_AddNumberToObject(reg, "startLine", m->line);
      cJSON_AddNumberToObject(reg, "startColumn", m->col);
      cJSON_AddNumberToObject(reg, "endLine", m->end_line);
      cJSON_AddNumberToObject(reg, "endColumn", m->end_col + 1);
      cJSON_AddItemToObject(reg, "snippet", text_obj(m->text));
      if (m->section) {
        cJSON *logs = cJSON_AddArrayToObject(loc, "logicalLocations");
        cJSON *ll = cJSON_CreateObject();
        cJSON_AddStringToObject(ll, "name", m->section);
        cJSON_AddStringToObject(ll, "kind", "section");
        cJSON_AddItemToArray(logs, ll);
      }
      cJSON *props = cJSON_AddObjectToObject(o, "properties");
      cJSON_AddStringToObject(props, "pattern", m->pattern->id);
      cJSON_AddStringToObject(props, "lang", m->pattern->lang);
      cJSON_AddStringToObject(props, "suggests",
                              og_status_name(m->pattern->suggests));
      cJSON_AddItemToArray(results, o);
    }
  }
  free(index);
  char *txt = cJSON_Print(root);
  og_buf_puts(out, txt);
  og_buf_putc(out, '\n');
  free(txt);
  cJSON_Delete(root);
}
