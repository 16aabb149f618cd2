/* report_json.c - the JSON report: a documented, stable shape.
 *
 * Keys appear in a fixed order (cJSON keeps insertion order). The shape is
 * documented in docs/json-report.md; `schema_version` changes when a key is
 * removed or changes meaning, never when one is added.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "opgap.h"

static const char *role_key(og_role r) { return og_role_name(r); }

static cJSON *str_or_null(const char *s) {
  return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

cJSON *og_finding_json(const og_finding *f, bool with_profile_id,
                       const og_profile *p) {
  const og_rule *r = f->rule;
  cJSON *o = cJSON_CreateObject();
  if (with_profile_id) {
    cJSON_AddStringToObject(o, "jurisdiction", p->id);
  }
  cJSON_AddStringToObject(o, "rule", r->id);
  cJSON_AddStringToObject(o, "area", r->area);
  cJSON_AddStringToObject(o, "title", r->title);
  cJSON_AddStringToObject(o, "status", og_status_name(f->status));
  cJSON_AddStringToObject(o, "strength", og_strength_name(r->strength));
  cJSON_AddStringToObject(o, "requirement", r->requirement);
  cJSON *cites = cJSON_AddArrayToObject(o, "requirement_citations");
  for (size_t i = 0; i < r->ncites; i++) {
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "cite", r->cites[i].cite.text);
    cJSON_AddStringToObject(c, "role", role_key(r->cites[i].role));
    cJSON_AddStringToObject(c, "document", r->cites[i].cite.doc->symbol);
    cJSON_AddItemToArray(cites, c);
  }
  cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
  for (size_t i = 0; i < f->nevidence; i++) {
    cJSON_AddItemToArray(ev, og_fact_json(f->evidence[i]));
  }
  cJSON *miss = cJSON_AddArrayToObject(o, "missing_facts");
  for (size_t i = 0; i < f->nmissing; i++) {
    cJSON_AddItemToArray(miss, cJSON_CreateString(f->missing[i]->path));
  }
  cJSON_AddStringToObject(o, "explanation", f->explanation);
  cJSON_AddItemToObject(o, "remedy", str_or_null(f->remedy));
  cJSON *res = cJSON_AddArrayToObject(o, "reservations");
  for (size_t i = 0; i < f->nreservations; i++) {
    const og_reservation *rv = f->reservations[i];
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "kind", rv->kind);
    cJSON *prov = cJSON_AddArrayToObject(e, "provisions");
    for (size_t k = 0; k < rv->nprovisions; k++) {
      cJSON_AddItemToArray(prov, cJSON_CreateString(rv->provisions[k].text));
    }
    cJSON_AddStringToObject(e, "text", rv->text);
    cJSON_AddStringToObject(e, "source", rv->source);
    cJSON_AddItemToArray(res, e);
  }
  if (f->has_combined) {
    cJSON *c = cJSON_AddObjectToObject(o, "combined");
    cJSON_AddStringToObject(c, "own_status", og_status_name(f->own_status));
    cJSON_AddStringToObject(c, "parent", p->parent_id);
    cJSON_AddStringToObject(c, "parent_status",
                            og_status_name(f->parent_status));
    cJSON_AddStringToObject(c, "status", og_status_name(f->combined_status));
    cJSON_AddItemToObject(c, "coverage_condition",
                          str_or_null(f->combined_note));
    cJSON *pc = cJSON_AddArrayToObject(c, "parent_cites");
    for (size_t i = 0; i < f->nparent_evidence; i++) {
      const og_fact *fact = f->parent_evidence[i];
      const char *cite = fact->cite ? fact->cite : fact->source;
      bool seen = cite == NULL;
      for (int k = 0; !seen && k < cJSON_GetArraySize(pc); k++) {
        seen = strcmp(cJSON_GetArrayItem(pc, k)->valuestring, cite) == 0;
      }
      if (!seen) {
        cJSON_AddItemToArray(pc, cJSON_CreateString(cite));
      }
    }
  }
  cJSON *cw = cJSON_AddArrayToObject(o, "crosswalk");
  for (size_t i = 0; i < r->ncrosswalk; i++) {
    cJSON_AddItemToArray(cw, cJSON_CreateString(r->crosswalk[i]->id));
  }
  cJSON_AddBoolToObject(o, "extent_unknown", f->extent_unknown);
  cJSON_AddBoolToObject(o, "at_least_partial", f->at_least_partial);
  cJSON_AddBoolToObject(o, "unconfirmed_facts", f->unconfirmed);
  cJSON_AddStringToObject(o, "fingerprint", f->fingerprint);
  return o;
}

cJSON *og_fact_json(const og_fact *fact) {
  cJSON *e = cJSON_CreateObject();
  og_buf b;
  og_buf_init(&b);
  og_value_render(fact->def, &fact->value, &b);
  cJSON_AddStringToObject(e, "fact", fact->def->path);
  cJSON_AddStringToObject(e, "value", og_buf_str(&b));
  og_buf_free(&b);
  cJSON_AddItemToObject(e, "cite", str_or_null(fact->cite));
  cJSON_AddItemToObject(e, "source", str_or_null(fact->source));
  if (fact->quote) {
    cJSON_AddStringToObject(e, "quote", fact->quote);
  }
  if (fact->as_of) {
    cJSON_AddStringToObject(e, "as_of", fact->as_of);
  }
  cJSON_AddItemToObject(e, "evidence", str_or_null(fact->evidence));
  if (fact->def->type == OG_F_SET) {
    cJSON_AddItemToObject(e, "exhaustive", str_or_null(fact->exhaustive));
  }
  cJSON_AddBoolToObject(e, "confirmed", fact->confirmed);
  return e;
}

cJSON *og_json_document(void) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddNumberToObject(root, "schema_version", OPGAP_JSON_SCHEMA_VERSION);
  cJSON *tool = cJSON_AddObjectToObject(root, "tool");
  cJSON_AddStringToObject(tool, "name", "opgap");
  cJSON_AddStringToObject(tool, "version", OPGAP_VERSION);
  return root;
}

cJSON *og_report_json(const og_report *r) {
  const og_profile *p = r->profile;
  cJSON *root = og_json_document();
  cJSON *j = cJSON_AddObjectToObject(root, "jurisdiction");
  cJSON_AddStringToObject(j, "id", p->id);
  cJSON_AddStringToObject(j, "name", p->name);
  cJSON_AddStringToObject(j, "level", p->level);
  cJSON_AddItemToObject(j, "parent", str_or_null(p->parent_id));
  cJSON_AddItemToObject(j, "as_of", str_or_null(p->as_of));
  cJSON_AddItemToObject(j, "opsc_status", str_or_null(p->opsc_status));
  cJSON_AddStringToObject(j, "file", p->file);
  cJSON *sum = cJSON_AddObjectToObject(root, "summary");
  for (int s = 0; s < OG_STATUS_COUNT; s++) {
    static const og_status order[] = {OG_MET, OG_PARTIAL, OG_GAP, OG_UNKNOWN,
                                      OG_NA};
    cJSON_AddNumberToObject(sum, og_status_name(order[s]),
                            (double)r->counts[order[s]]);
  }
  cJSON_AddNumberToObject(sum, "rules", (double)r->nfindings);
  if (p->parent) {
    cJSON *comb = cJSON_AddObjectToObject(sum, "combined");
    for (int s = 0; s < OG_STATUS_COUNT; s++) {
      static const og_status order[] = {OG_MET, OG_PARTIAL, OG_GAP,
                                        OG_UNKNOWN, OG_NA};
      cJSON_AddNumberToObject(comb, og_status_name(order[s]),
                              (double)r->combined_counts[order[s]]);
    }
  }
  cJSON *fs = cJSON_AddArrayToObject(root, "findings");
  for (size_t i = 0; i < r->nfindings; i++) {
    cJSON_AddItemToArray(fs, og_finding_json(&r->findings[i], false, p));
  }
  return root;
}

void og_write_json(const og_report *r, og_buf *out) {
  cJSON *root = og_report_json(r);
  char *s = cJSON_Print(root);
  og_buf_puts(out, s);
  og_buf_putc(out, '\n');
  cJSON_free(s);
  cJSON_Delete(root);
}
