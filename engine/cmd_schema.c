/* cmd_schema.c - `opgap schema KIND`: the file formats as JSON Schema.
 *
 * Generated, never written by hand: the shapes of shape.c (the tables the
 * loaders check every file against), the condition tests of cond.c's
 * table, and the fact vocabulary of the rule set (rules/facts). Profile
 * facts and rule examples are typed fact by fact, so an editor flags an
 * unknown group, an unknown fact or a wrongly typed value as the loader
 * does. Draft 2020-12; every mapping is closed (additionalProperties
 * false), as the loaders refuse unknown keys.
 *
 * What JSON Schema cannot say stays with the loaders: that a citation
 * names a registered document, that a regex compiles, that a rule id is
 * defined once.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "shape.h"

#define SCHEMA_DRAFT "https://json-schema.org/draft/2020-12/schema"
#define DATE_PATTERN "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

static cJSON *shape_json(const og_shape *s, const og_vocab *v);
static cJSON *closed_object(cJSON **props);

/* {includes, excludes, not_all}, each a list like `list` (copied). */
static cJSON *open_list_json(const cJSON *list) {
  cJSON *props;
  cJSON *open = closed_object(&props);
  for (size_t i = 0; i < OG_OPEN_LIST_KEYS; i++) {
    cJSON_AddItemToObject(props, og_open_list_keys[i],
                          cJSON_Duplicate(list, true));
  }
  cJSON_AddNumberToObject(open, "minProperties", 1);
  return open;
}

static cJSON *typed(const char *type) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "type", type);
  return o;
}

static cJSON *string_list(const char *const *items, size_t n) {
  cJSON *a = cJSON_CreateArray();
  for (size_t i = 0; i < n; i++) {
    cJSON_AddItemToArray(a, cJSON_CreateString(items[i]));
  }
  return a;
}

/* The schema of one fact's value, from its vocabulary entry. */
static cJSON *fact_value_json(const og_factdef *f) {
  cJSON *o;
  switch (f->type) {
  case OG_F_BOOL:
    o = typed("boolean");
    break;
  case OG_F_INT:
    o = typed("integer");
    if (f->has_min) {
      cJSON_AddNumberToObject(o, "minimum", (double)f->min);
    }
    if (f->has_max) {
      cJSON_AddNumberToObject(o, "maximum", (double)f->max);
    }
    break;
  case OG_F_DATE:
    o = typed("string");
    cJSON_AddStringToObject(o, "pattern", DATE_PATTERN);
    break;
  case OG_F_ENUM:
    o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "enum", string_list(f->values->members,
                                                 f->values->nmembers));
    break;
  case OG_F_SET: {
    /* A list, or a list known only in part: {includes, excludes, not_all}
     * (vocab.c's open-list keys). */
    cJSON *list = typed("array");
    cJSON *item = cJSON_CreateObject();
    cJSON_AddItemToObject(item, "enum", string_list(f->values->members,
                                                    f->values->nmembers));
    cJSON_AddItemToObject(list, "items", item);
    cJSON_AddBoolToObject(list, "uniqueItems", true);
    cJSON *open = open_list_json(list);
    o = cJSON_CreateObject();
    cJSON *any = cJSON_AddArrayToObject(o, "anyOf");
    cJSON_AddItemToArray(any, list);
    cJSON_AddItemToArray(any, open);
    break;
  }
  case OG_F_STRING:
  default:
    o = typed("string");
    break;
  }
  if (f->description) {
    cJSON_AddStringToObject(o, "description", f->description);
  }
  return o;
}

/* A closed object: properties, required, additionalProperties false. */
static cJSON *closed_object(cJSON **props) {
  cJSON *o = typed("object");
  *props = cJSON_AddObjectToObject(o, "properties");
  cJSON_AddBoolToObject(o, "additionalProperties", false);
  return o;
}

static cJSON *map_json(const og_shape *s, const og_vocab *v) {
  cJSON *props;
  cJSON *o = closed_object(&props);
  cJSON *req = cJSON_CreateArray();
  for (const og_field *f = s->fields; f->key; f++) {
    cJSON *p = shape_json(f->shape, v);
    if (f->description && !cJSON_HasObjectItem(p, "description")) {
      cJSON_AddStringToObject(p, "description", f->description);
    }
    cJSON_AddItemToObject(props, f->key, p);
    if (f->required) {
      cJSON_AddItemToArray(req, cJSON_CreateString(f->key));
    }
  }
  if (cJSON_GetArraySize(req) > 0) {
    cJSON_AddItemToObject(o, "required", req);
  } else {
    cJSON_Delete(req);
  }
  return o;
}

/* A profile's `facts`: group -> fact -> entry, each entry the shape's own
 * fact mapping with `value` typed by the vocabulary. */
static cJSON *profile_facts_json(const og_shape *dict, const og_vocab *v) {
  const og_shape *entry = dict->item->item;
  cJSON *groups;
  cJSON *o = closed_object(&groups);
  for (size_t g = 0; g < v->ngroups; g++) {
    cJSON *facts;
    cJSON *go = closed_object(&facts);
    if (v->groups[g].title) {
      cJSON_AddStringToObject(go, "description", v->groups[g].title);
    }
    for (size_t i = 0; i < v->nfacts; i++) {
      const og_factdef *f = &v->facts[i];
      if (f->group != &v->groups[g]) {
        continue;
      }
      cJSON *fo = map_json(entry, v);
      cJSON *fprops = cJSON_GetObjectItem(fo, "properties");
      cJSON_ReplaceItemInObject(fprops, "value", fact_value_json(f));
      cJSON_AddItemToObject(facts, f->name, fo);
    }
    cJSON_AddItemToObject(groups, v->groups[g].name, go);
  }
  return o;
}

/* A rule example's `facts`: "group.fact" -> typed value. */
static cJSON *fact_paths_json(const og_vocab *v) {
  cJSON *props;
  cJSON *o = closed_object(&props);
  for (size_t i = 0; i < v->nfacts; i++) {
    cJSON_AddItemToObject(props, v->facts[i].path,
                          fact_value_json(&v->facts[i]));
  }
  return o;
}

static cJSON *shape_json(const og_shape *s, const og_vocab *v) {
  cJSON *o = NULL;
  switch (s->kind) {
  case OG_T_STRING:
  case OG_T_CITATION:
  case OG_T_TEMPLATE:
  case OG_T_REGEX:
    o = typed("string");
    break;
  case OG_T_ID:
    o = typed("string");
    cJSON_AddStringToObject(o, "pattern", s->pattern);
    break;
  case OG_T_INT:
    o = typed("integer");
    break;
  case OG_T_BOOL:
    o = typed("boolean");
    break;
  case OG_T_DATE:
    o = typed("string");
    cJSON_AddStringToObject(o, "pattern", DATE_PATTERN);
    break;
  case OG_T_ENUM: {
    size_t n = 0;
    while (s->values[n]) {
      n++;
    }
    o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "enum", string_list(s->values, n));
    break;
  }
  case OG_T_SCALAR:
    o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "type", string_list((const char *const[]){
                                         "string", "integer", "boolean"}, 3));
    break;
  case OG_T_VALUE: {
    o = cJSON_CreateObject();
    cJSON *scalar = cJSON_CreateObject();
    cJSON_AddItemToObject(scalar, "type", string_list((const char *const[]){
                                              "string", "integer", "boolean"},
                                              3));
    cJSON *list = typed("array");
    cJSON_AddItemToObject(list, "items", cJSON_Duplicate(scalar, true));
    /* a list known only in part, typed by the fact once it is known */
    cJSON *open = open_list_json(list);
    cJSON *any = cJSON_AddArrayToObject(o, "anyOf");
    cJSON_AddItemToArray(any, scalar);
    cJSON_AddItemToArray(any, list);
    cJSON_AddItemToArray(any, open);
    break;
  }
  case OG_T_MAP:
    o = map_json(s, v);
    break;
  case OG_T_DICT:
    if (s->item->kind == OG_T_DICT && s->item->item->kind == OG_T_MAP) {
      o = profile_facts_json(s, v);
    } else if (s->item->kind == OG_T_VALUE && s->pattern == NULL) {
      o = fact_paths_json(v);
    } else {
      o = typed("object");
      cJSON *pn = cJSON_AddObjectToObject(o, "propertyNames");
      if (s->pattern) {
        cJSON_AddStringToObject(pn, "pattern", s->pattern);
      }
      cJSON_AddItemToObject(o, "additionalProperties", shape_json(s->item, v));
    }
    break;
  case OG_T_LIST:
    o = typed("array");
    cJSON_AddItemToObject(o, "items", shape_json(s->item, v));
    break;
  case OG_T_CONDITION:
    o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "$ref", "#/$defs/condition");
    break;
  }
  if (s->description && !cJSON_HasObjectItem(o, "$ref")) {
    cJSON_AddStringToObject(o, "description", s->description);
  }
  return o;
}

/* all/any/not, or {fact: PATH, TEST: operand} with exactly one test. */
static cJSON *condition_json(const og_vocab *v) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "description", og_shape_condition.description);
  cJSON *alts = cJSON_AddArrayToObject(o, "oneOf");
  static const char *const lists[] = {"all", "any"};
  for (size_t i = 0; i < 2; i++) {
    cJSON *props;
    cJSON *c = closed_object(&props);
    cJSON *arr = typed("array");
    cJSON_AddNumberToObject(arr, "minItems", 1);
    cJSON *ref = cJSON_AddObjectToObject(arr, "items");
    cJSON_AddStringToObject(ref, "$ref", "#/$defs/condition");
    cJSON_AddItemToObject(props, lists[i], arr);
    cJSON_AddItemToObject(c, "required", string_list(&lists[i], 1));
    cJSON_AddItemToArray(alts, c);
  }
  cJSON *props;
  cJSON *c = closed_object(&props);
  cJSON *notref = cJSON_AddObjectToObject(props, "not");
  cJSON_AddStringToObject(notref, "$ref", "#/$defs/condition");
  cJSON_AddItemToObject(c, "required",
                        string_list((const char *const[]){"not"}, 1));
  cJSON_AddItemToArray(alts, c);

  c = closed_object(&props);
  const char **paths = og_xmalloc((v->nfacts + 1) * sizeof(char *));
  for (size_t i = 0; i < v->nfacts; i++) {
    paths[i] = v->facts[i].path;
  }
  cJSON *fact = cJSON_AddObjectToObject(props, "fact");
  cJSON_AddItemToObject(fact, "enum", string_list(paths, v->nfacts));
  free(paths);
  og_cond_kind kind;
  const char *name;
  for (size_t i = 0; (name = og_cond_test_name(i, &kind)) != NULL; i++) {
    cJSON *t;
    switch (kind) {
    case OG_C_PRESENT:
      t = typed("boolean");
      break;
    case OG_C_IN:
    case OG_C_INCLUDES_ALL:
    case OG_C_INCLUDES_ANY:
      t = typed("array");
      break;
    case OG_C_GT:
    case OG_C_GTE:
    case OG_C_LT:
    case OG_C_LTE: {
      t = cJSON_CreateObject();
      cJSON *any = cJSON_AddArrayToObject(t, "anyOf");
      cJSON_AddItemToArray(any, typed("integer"));
      cJSON *pprops;
      cJSON *param = closed_object(&pprops);
      cJSON_AddItemToObject(pprops, "param", typed("string"));
      cJSON_AddItemToObject(param, "required",
                            string_list((const char *const[]){"param"}, 1));
      cJSON_AddItemToArray(any, param);
      break;
    }
    case OG_C_MATCHES:
    case OG_C_QUOTE_MATCHES:
      t = typed("string");
      break;
    default:
      t = cJSON_CreateObject(); /* eq, ne, includes: typed by the fact */
      break;
    }
    cJSON_AddItemToObject(props, name, t);
  }
  cJSON_AddItemToObject(c, "required",
                        string_list((const char *const[]){"fact"}, 1));
  cJSON_AddNumberToObject(c, "minProperties", 2);
  cJSON_AddNumberToObject(c, "maxProperties", 2);
  cJSON_AddItemToArray(alts, c);
  return o;
}

static const struct {
  const char *name, *title;
  const og_shape *shape;
} kinds[] = {
    {"profile", "opgap statute profile (statutes/**/*.yaml)",
     &og_shape_profile_file},
    {"rules", "opgap rules file (rules/*.yaml)", &og_shape_rules_file},
    {"facts", "opgap fact vocabulary file (rules/facts/*.yaml)",
     &og_shape_facts_file},
    {"sources", "opgap sources registry (rules/sources.yaml)",
     &og_shape_sources_file},
    {"rules-lang", "opgap rule texts in another language (rules/es/*.yaml)",
     &og_shape_lang_rules_file},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static int usage(void) {
  puts("usage: opgap schema KIND [--rules DIR] [-o FILE]\n\n"
       "Prints the JSON Schema (draft 2020-12) of one kind of file, generated\n"
       "from the shapes the loaders check and the rule set's fact vocabulary.\n"
       "KIND is one of: profile, rules, facts, sources, rules-lang (the\n"
       "texts of rules/es/*.yaml; rules/es/facts/*.yaml are facts files).\n");
  og_cli_print_options(OPT_RULES | OPT_OUTPUT);
  return OG_EXIT_OK;
}

int og_cmd_schema(int argc, char **argv) {
  if (argc == 0) {
    usage();
    return OG_EXIT_INPUT;
  }
  if (og_cli_wants_help(argc, argv)) {
    return usage();
  }
  size_t which = NKINDS;
  const char *names[NKINDS];
  for (size_t i = 0; i < NKINDS; i++) {
    names[i] = kinds[i].name;
    if (strcmp(kinds[i].name, argv[0]) == 0) {
      which = i;
    }
  }
  if (which == NKINDS) {
    const char *near = og_did_you_mean(argv[0], names, NKINDS);
    fprintf(stderr, "opgap schema: unknown kind '%s'%s%s%s\n", argv[0],
            near ? " (did you mean '" : "", near ? near : "",
            near ? "'?)" : "");
    return OG_EXIT_INPUT;
  }
  og_cli cli;
  if (og_cli_parse(&cli, argc - 1, argv + 1, OPT_RULES | OPT_OUTPUT,
                   "schema") != 0) {
    return OG_EXIT_INPUT;
  }
  int rc = OG_EXIT_INPUT;
  og_ruleset *rs = og_cli_load_rules(&cli);
  if (rs == NULL) {
    goto done;
  }
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "$schema", SCHEMA_DRAFT);
  cJSON_AddStringToObject(root, "title", kinds[which].title);
  cJSON *body = shape_json(kinds[which].shape, &rs->vocab);
  cJSON *item = body->child;
  while (item != NULL) { /* move the body's keywords into the root */
    cJSON *next = item->next;
    cJSON_AddItemToObject(root, item->string,
                          cJSON_DetachItemViaPointer(body, item));
    item = next;
  }
  cJSON_Delete(body);
  cJSON *defs = cJSON_AddObjectToObject(root, "$defs");
  cJSON_AddItemToObject(defs, "condition", condition_json(&rs->vocab));
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  size_t len = strlen(text);
  text = og_xrealloc(text, len + 2);
  text[len++] = '\n';
  text[len] = '\0';
  rc = og_cli_emit(&cli, text, len);
  free(text);
  og_ruleset_free(rs);
done:
  og_cli_release(&cli);
  return rc;
}
