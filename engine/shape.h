/* shape.h - the one schema of opgap's YAML files.
 *
 * Stage 2 of the data's path: a node tree is checked against a shape before
 * any loader reads it. The shapes below are the only description of what
 * the files may contain: the loaders use them to refuse unknown keys (with
 * a did-you-mean), wrong types and missing keys, and `opgap schema` exports
 * them, with the fact vocabulary, as JSON Schema for editors.
 *
 * Conditions, citations and profile facts have shapes of their own kind;
 * their inner checks belong to the loaders that understand them (a
 * condition names a fact of the vocabulary, a citation a registered
 * document).
 */
#ifndef OG_SHAPE_H
#define OG_SHAPE_H

#include <stdbool.h>

#include "util.h"
#include "ytree.h"

typedef enum og_shape_kind {
  OG_T_STRING,    /* any string scalar */
  OG_T_ID,        /* a string matching `pattern` */
  OG_T_INT,
  OG_T_BOOL,
  OG_T_DATE,      /* YYYY-MM-DD, plain */
  OG_T_ENUM,      /* a string from `values` */
  OG_T_SCALAR,    /* any scalar (a value typed later by the vocabulary) */
  OG_T_VALUE,     /* a scalar or a list of scalars (a fact value) */
  OG_T_MAP,       /* fixed keys: `fields` */
  OG_T_DICT,      /* free keys matching `pattern`, values of shape `item` */
  OG_T_LIST,      /* items of shape `item` */
  OG_T_CITATION,  /* a citation string, parsed by cite.c */
  OG_T_CONDITION, /* a condition mapping, compiled by rules.c */
  OG_T_TEMPLATE,  /* a string with {placeholders}, checked by rules.c */
  OG_T_REGEX      /* a PCRE2 pattern, compiled by its loader */
} og_shape_kind;

typedef struct og_field og_field;
typedef struct og_shape og_shape;

struct og_shape {
  og_shape_kind kind;
  const og_field *fields;     /* OG_T_MAP: terminated by a NULL key */
  const og_shape *item;       /* OG_T_LIST, OG_T_DICT */
  const char *const *values;  /* OG_T_ENUM: NULL-terminated */
  const char *pattern;        /* OG_T_ID, OG_T_DICT keys: a PCRE2 pattern */
  const char *description;
};

struct og_field {
  const char *key;
  const og_shape *shape;
  bool required;
  const char *description;
};

/* The top-level shapes of each kind of file. */
extern const og_shape og_shape_sources_file;
extern const og_shape og_shape_facts_file;
extern const og_shape og_shape_rules_file;
extern const og_shape og_shape_lang_rules_file; /* rules/LANG/NAME.yaml */
extern const og_shape og_shape_profile_file;
extern const og_shape og_shape_condition; /* for the JSON Schema export */

/* Checks node against shape; adds an error per problem. Returns true when
 * the node conforms. A NULL node (empty document) fails a MAP shape. */
bool og_shape_check(const og_node *node, const og_shape *shape,
                    const char *file, og_diags *d);

/* Whether s matches the anchored PCRE2 pattern (compiled once, cached). */
bool og_id_matches(const char *pattern, const char *s);

#define OG_RULE_ID_PATTERN "^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z0-9]+(-[a-z0-9]+)*$"
#define OG_NAME_PATTERN "^[a-z][a-z0-9_]*$"
#define OG_PROFILE_ID_PATTERN "^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$"

#endif
