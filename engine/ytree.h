/* ytree.h - a YAML document as a tree of nodes that keep their positions.
 *
 * Stage 1 of the data's path: YAML text -> og_node tree. libyaml's parser
 * events are copied into an arena and libyaml's state is released at once.
 *
 * What this stage refuses, each as FILE:LINE:COL errors: YAML syntax
 * errors; invalid UTF-8 and NUL bytes; aliases and anchors (no legal file
 * needs them, and they are how "billion laughs" expansion works); tags;
 * more than one document; duplicate mapping keys; non-scalar keys; nesting
 * deeper than OG_MAX_DEPTH; scalars longer than OG_MAX_SCALAR_BYTES.
 *
 * Plain scalars are resolved to a type here (null, bool, int, date,
 * string); quoted and block scalars are always strings, so `"18"` is a
 * string and `18` an integer. yes/no/on/off stay strings.
 */
#ifndef OG_YTREE_H
#define OG_YTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef enum og_node_kind {
  OG_NODE_SCALAR,
  OG_NODE_SEQ,
  OG_NODE_MAP
} og_node_kind;

typedef enum og_scalar_type {
  OG_SCALAR_NULL,
  OG_SCALAR_BOOL,
  OG_SCALAR_INT,
  OG_SCALAR_DATE,
  OG_SCALAR_STRING
} og_scalar_type;

typedef struct og_node og_node;
struct og_node {
  /* 56 bytes on 64-bit machines, pointers first (ytree.c asserts it): a
   * profile is some 700 nodes, built, then walked by the shape check and
   * the loader, and smaller nodes are fewer cache lines to wait for */
  const char *file; /* owned by the tree's arena */
  const char *str;  /* scalar: its text, NUL-terminated */
  /* sequence: items[i]; mapping: items[2*i] key, items[2*i+1] value */
  og_node **items;
  long long ival; /* OG_SCALAR_INT; OG_SCALAR_BOOL: 0/1 */
  uint32_t len;   /* scalar: strlen(str) (at most OG_MAX_SCALAR_BYTES) */
  uint32_t n;     /* items in a sequence; pairs in a mapping */
  int line, col;  /* 1-based */
  og_node_kind kind;
  og_scalar_type stype; /* scalar */
};

typedef struct og_doc {
  og_arena arena;
  og_node *root; /* NULL for an empty document */
  const char *file;
} og_doc;

/* Parses text (len bytes) named `file`. Returns 0 and fills doc, or -1 with
 * errors added to d (doc is then released). */
int og_doc_parse(og_doc *doc, const char *file, const char *text, size_t len,
                 og_diags *d);
/* Reads and parses a file. */
int og_doc_load(og_doc *doc, const char *path, og_diags *d);
void og_doc_release(og_doc *doc);

/* Mapping helpers. */
og_node *og_map_get(const og_node *map, const char *key);
static inline og_node *og_map_key(const og_node *m, size_t i) {
  return m->items[2 * i];
}
static inline og_node *og_map_val(const og_node *m, size_t i) {
  return m->items[2 * i + 1];
}
const char *og_node_kind_name(const og_node *n);

#endif
