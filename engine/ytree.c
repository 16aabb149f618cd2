/* ytree.c - YAML text to a positioned node tree (see ytree.h).
 *
 * Grammar accepted (libyaml does the YAML; this file narrows it):
 *   stream   := STREAM-START document? STREAM-END
 *   document := DOCUMENT-START node DOCUMENT-END
 *   node     := SCALAR | SEQUENCE-START node* SEQUENCE-END
 *             | MAPPING-START (SCALAR node)* MAPPING-END
 * with no ALIAS events, no anchors and no tags.
 */
#include "ytree.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "limits.h"

typedef struct builder {
  og_doc *doc;
  yaml_parser_t parser;
  og_diags *d;
  const char *text; /* the whole input: reader errors carry only an offset */
  size_t len;
  size_t nodes;
  bool failed;
} builder;

static void offset_to_pos(const char *text, size_t off, int *line, int *col);

static void err_at(builder *b, yaml_mark_t m, const char *fmt, ...)
    OG_PRINTF(3, 4);
static void err_at(builder *b, yaml_mark_t m, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  og_diag_vadd(b->d, b->doc->file, (int)m.line + 1, (int)m.column + 1, fmt,
               ap);
  va_end(ap);
  b->failed = true;
}

static bool is_int(const char *s) {
  const char *p = s;
  if (*p == '-' || *p == '+') {
    p++;
  }
  if (!isdigit((unsigned char)*p)) {
    return false;
  }
  size_t digits = 0;
  for (; *p; p++, digits++) {
    if (!isdigit((unsigned char)*p)) {
      return false;
    }
  }
  return digits <= OG_MAX_INT_DIGITS;
}

/* A plain scalar of digits too many to be an integer: refused, because
 * reading it as a string would turn "a number the reader mistyped" into a
 * confusing type error far from its cause. */
static bool is_long_int(const char *s) {
  const char *p = s + (*s == '-' || *s == '+');
  size_t digits = strspn(p, "0123456789");
  return digits > OG_MAX_INT_DIGITS && p[digits] == '\0';
}

static bool is_date(const char *s) {
  static const char shape[] = "dddd-dd-dd";
  for (size_t i = 0; i < sizeof(shape) - 1; i++) {
    if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i]) {
      return false;
    }
  }
  if (s[10] != '\0') {
    return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* A plain scalar's type. Most are words: the first character rules out
 * every other type before any comparison (a batch of 10,000 profiles
 * spent 5% of its time here comparing every word with six spellings). */
static void resolve_plain(og_node *n) {
  const char *s = n->str;
  n->stype = OG_SCALAR_STRING;
  switch (s[0]) {
  case '\0':
    n->stype = OG_SCALAR_NULL;
    return;
  case '~':
    if (s[1] == '\0') {
      n->stype = OG_SCALAR_NULL;
    }
    return;
  case 'n':
  case 'N':
    if (strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
        strcmp(s, "NULL") == 0) {
      n->stype = OG_SCALAR_NULL;
    }
    return;
  case 't':
  case 'f':
    if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
      n->stype = OG_SCALAR_BOOL;
      n->ival = s[0] == 't';
    }
    return;
  case '-':
  case '+':
  case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9':
    if (is_int(s)) {
      n->stype = OG_SCALAR_INT;
      n->ival = strtoll(s, NULL, 10);
    } else if (is_date(s)) {
      n->stype = OG_SCALAR_DATE;
    }
    return;
  default:
    return;
  }
}

_Static_assert(sizeof(void *) != 8 || sizeof(og_node) <= 56,
               "og_node grew past 56 bytes (see its comment)");

static og_node *new_node(builder *b, og_node_kind kind, yaml_mark_t m) {
  if (++b->nodes > OG_MAX_NODES) {
    if (b->nodes == OG_MAX_NODES + 1) {
      err_at(b, m, "too many YAML nodes (limit is %u)", OG_MAX_NODES);
    }
    return NULL;
  }
  og_node *n = og_arena_alloc8(&b->doc->arena, sizeof(*n));
  n->kind = kind;
  n->file = b->doc->file;
  n->line = (int)m.line + 1;
  n->col = (int)m.column + 1;
  return n;
}

/* Refuses what a legal file never needs: anchors, aliases and tags. */
static bool check_props(builder *b, const yaml_event_t *ev,
                        const yaml_char_t *anchor, const yaml_char_t *tag,
                        int implicit) {
  if (anchor != NULL) {
    err_at(b, ev->start_mark, "anchors and aliases are not allowed ('&%s')",
           (const char *)anchor);
    return false;
  }
  if (tag != NULL && !implicit) {
    err_at(b, ev->start_mark, "tags are not allowed ('%s')",
           (const char *)tag);
    return false;
  }
  return true;
}

static bool next_event(builder *b, yaml_event_t *ev) {
  if (!yaml_parser_parse(&b->parser, ev)) {
    yaml_parser_t *p = &b->parser;
    yaml_mark_t m = p->problem_mark;
    if (p->error == YAML_READER_ERROR) {
      /* libyaml's reader (control characters, bad encodings) leaves
       * problem_mark at the start; its byte offset is the real place. */
      int line, col;
      size_t off = p->problem_offset < b->len ? p->problem_offset : b->len;
      offset_to_pos(b->text, off, &line, &col);
      m.line = (size_t)(line - 1);
      m.column = (size_t)(col - 1);
    }
    if (p->context != NULL) {
      err_at(b, m, "YAML syntax error: %s %s", p->problem ? p->problem : "",
             p->context);
    } else {
      err_at(b, m, "YAML syntax error: %s",
             p->problem ? p->problem : "unknown problem");
    }
    return false;
  }
  return true;
}

/* A collection's children while it is read: on the stack up to
 * LIST_LOCAL of them (most maps and lists of a profile), on the heap
 * beyond. A batch read 10,000 profiles' hundreds of thousands of small
 * maps, each with a malloc, a realloc and a free of its own. */
#define LIST_LOCAL 16
typedef struct node_list {
  og_node **v;
  size_t n, cap;
  og_node *local[LIST_LOCAL];
} node_list;

static void list_init(node_list *l) {
  l->v = l->local;
  l->n = 0;
  l->cap = LIST_LOCAL;
}

static void list_push(node_list *l, og_node *n) {
  if (l->n == l->cap) {
    l->cap *= 2;
    if (l->v == l->local) {
      l->v = og_xmalloc(l->cap * sizeof(*l->v));
      memcpy(l->v, l->local, l->n * sizeof(*l->v));
    } else {
      l->v = og_xrealloc(l->v, l->cap * sizeof(*l->v));
    }
  }
  l->v[l->n++] = n;
}

static void list_free(node_list *l) {
  if (l->v != l->local) {
    free(l->v);
  }
}

static og_node *parse_node(builder *b, yaml_event_t *ev, int depth);

/* Parses the children of a collection whose start event was consumed. */
static og_node *parse_collection(builder *b, og_node *n, yaml_event_type_t end,
                                 int depth) {
  node_list items;
  list_init(&items);
  for (;;) {
    yaml_event_t ev;
    if (!next_event(b, &ev)) {
      list_free(&items);
      return NULL;
    }
    if (ev.type == end) {
      yaml_event_delete(&ev);
      break;
    }
    bool is_key = n->kind == OG_NODE_MAP && items.n % 2 == 0;
    if (is_key && ev.type != YAML_SCALAR_EVENT) {
      err_at(b, ev.start_mark, "mapping keys must be plain scalars");
      yaml_event_delete(&ev);
      list_free(&items);
      return NULL;
    }
    og_node *child = parse_node(b, &ev, depth + 1);
    yaml_event_delete(&ev);
    if (child == NULL) {
      list_free(&items);
      return NULL;
    }
    if (is_key) {
      for (size_t i = 0; i < items.n; i += 2) {
        if (items.v[i]->len == child->len &&
            memcmp(items.v[i]->str, child->str, child->len) == 0) {
          og_diag_add(b->d, b->doc->file, child->line, child->col,
                      "duplicate key '%s' (first defined at line %d)",
                      child->str, items.v[i]->line);
          b->failed = true;
          break;
        }
      }
      if (items.n / 2 >= OG_MAX_MAP_KEYS) {
        og_diag_add(b->d, b->doc->file, child->line, child->col,
                    "too many keys in one mapping (limit is %d)",
                    OG_MAX_MAP_KEYS);
        b->failed = true;
        list_free(&items);
        return NULL;
      }
    }
    list_push(&items, child);
  }
  n->n = n->kind == OG_NODE_MAP ? items.n / 2 : items.n;
  if (items.n > 0) {
    n->items = og_arena_alloc8(&b->doc->arena, items.n * sizeof(og_node *));
    memcpy(n->items, items.v, items.n * sizeof(og_node *));
  }
  list_free(&items);
  return n;
}

static og_node *parse_node(builder *b, yaml_event_t *ev, int depth) {
  if (depth > OG_MAX_DEPTH) {
    err_at(b, ev->start_mark, "nesting too deep (limit is %d)", OG_MAX_DEPTH);
    return NULL;
  }
  og_node *n;
  switch (ev->type) {
  case YAML_ALIAS_EVENT:
    err_at(b, ev->start_mark, "anchors and aliases are not allowed ('*%s')",
           (const char *)ev->data.alias.anchor);
    return NULL;
  case YAML_SCALAR_EVENT: {
    const yaml_char_t *anchor = ev->data.scalar.anchor;
    const yaml_char_t *tag = ev->data.scalar.tag;
    int implicit =
        ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit;
    if (!check_props(b, ev, anchor, tag, implicit)) {
      return NULL;
    }
    size_t len = ev->data.scalar.length;
    if (len > OG_MAX_SCALAR_BYTES) {
      err_at(b, ev->start_mark, "scalar too long (limit is %u bytes)",
             OG_MAX_SCALAR_BYTES);
      return NULL;
    }
    /* a NUL can come only from a double-quoted scalar's "\0" escape: the
     * reader refuses NUL bytes */
    if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
        memchr(ev->data.scalar.value, '\0', len) != NULL) {
      err_at(b, ev->start_mark, "NUL character in scalar");
      return NULL;
    }
    n = new_node(b, OG_NODE_SCALAR, ev->start_mark);
    if (n == NULL) {
      return NULL;
    }
    n->str = og_arena_strndup(&b->doc->arena,
                              (const char *)ev->data.scalar.value, len);
    n->len = len;
    if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
      resolve_plain(n);
      if (n->stype == OG_SCALAR_STRING &&
          (isdigit((unsigned char)n->str[0]) || n->str[0] == '-' ||
           n->str[0] == '+') &&
          is_long_int(n->str)) {
        err_at(b, ev->start_mark, "integer too long (limit is %d digits)",
               OG_MAX_INT_DIGITS);
        return NULL;
      }
    } else {
      n->stype = OG_SCALAR_STRING;
    }
    return n;
  }
  case YAML_SEQUENCE_START_EVENT:
    if (!check_props(b, ev, ev->data.sequence_start.anchor,
                     ev->data.sequence_start.tag,
                     ev->data.sequence_start.implicit)) {
      return NULL;
    }
    n = new_node(b, OG_NODE_SEQ, ev->start_mark);
    return n ? parse_collection(b, n, YAML_SEQUENCE_END_EVENT, depth) : NULL;
  case YAML_MAPPING_START_EVENT:
    if (!check_props(b, ev, ev->data.mapping_start.anchor,
                     ev->data.mapping_start.tag,
                     ev->data.mapping_start.implicit)) {
      return NULL;
    }
    n = new_node(b, OG_NODE_MAP, ev->start_mark);
    return n ? parse_collection(b, n, YAML_MAPPING_END_EVENT, depth) : NULL;
  default:
    err_at(b, ev->start_mark, "unexpected YAML event");
    return NULL;
  }
}

/* Reports the line and column of byte `off` of text. */
static void offset_to_pos(const char *text, size_t off, int *line, int *col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < off; i++) {
    if (text[i] == '\n') {
      (*line)++;
      *col = 1;
    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
      (*col)++;
    }
  }
}

int og_doc_parse(og_doc *doc, const char *file, const char *text, size_t len,
                 og_diags *d) {
  og_arena_init(&doc->arena);
  doc->root = NULL;
  doc->file = og_arena_strdup(&doc->arena, file);
  int skip = og_text_start(file, text, len, d);
  if (skip < 0) {
    og_arena_free(&doc->arena);
    return -1;
  }
  text += skip; /* a UTF-8 byte-order mark: positions as if absent */
  len -= (size_t)skip;
  size_t before = d->n, dropped = d->dropped;
  builder b = {.doc = doc, .d = d, .text = text, .len = len};
  yaml_parser_initialize(&b.parser);
  yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
  yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);
  int documents = 0;
  for (;;) {
    yaml_event_t ev;
    if (!next_event(&b, &ev)) {
      break;
    }
    yaml_event_type_t t = ev.type;
    if (t == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      break;
    }
    if (t == YAML_DOCUMENT_START_EVENT) {
      if (++documents > 1) {
        err_at(&b, ev.start_mark, "only one YAML document per file");
        yaml_event_delete(&ev);
        break;
      }
    } else if (t != YAML_STREAM_START_EVENT && t != YAML_DOCUMENT_END_EVENT) {
      doc->root = parse_node(&b, &ev, 1);
      if (doc->root == NULL) {
        b.failed = true;
        yaml_event_delete(&ev);
        break;
      }
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&b.parser);
  /* Bad bytes are reported alone, by their offset. libyaml's reader checks
   * every byte of the input it reads (UTF-8, and no control characters,
   * NUL among them), and a document is complete only when it has read
   * all of it; so the check runs only when the parse failed, and its
   * finding replaces whatever the parse said. */
  size_t bad;
  if (b.failed && !og_utf8_valid(text, len, &bad)) {
    for (size_t i = before; i < d->n; i++) {
      free(d->v[i].file);
      free(d->v[i].msg);
    }
    d->n = before;
    d->dropped = dropped;
    int line, col;
    offset_to_pos(text, bad, &line, &col);
    og_diag_add(d, file, line, col, "%s (byte offset %zu)",
                text[bad] == '\0' ? "NUL byte in input" : "invalid UTF-8",
                bad);
  }
  if (b.failed) {
    og_arena_free(&doc->arena);
    doc->root = NULL;
    return -1;
  }
  return 0;
}

int og_doc_load(og_doc *doc, const char *path, og_diags *d) {
  size_t len;
  char *text = og_read_file(path, &len, d);
  if (text == NULL) {
    og_arena_init(&doc->arena);
    doc->root = NULL;
    return -1;
  }
  int rc = og_doc_parse(doc, path, text, len, d);
  free(text);
  return rc;
}

void og_doc_release(og_doc *doc) {
  og_arena_free(&doc->arena);
  doc->root = NULL;
}

og_node *og_map_get(const og_node *map, const char *key) {
  if (map == NULL || map->kind != OG_NODE_MAP) {
    return NULL;
  }
  size_t len = strlen(key);
  for (size_t i = 0; i < map->n; i++) {
    const og_node *k = og_map_key(map, i);
    if (k->len == len && memcmp(k->str, key, len) == 0) {
      return og_map_val(map, i);
    }
  }
  return NULL;
}

const char *og_node_kind_name(const og_node *n) {
  if (n == NULL) {
    return "nothing";
  }
  switch (n->kind) {
  case OG_NODE_SEQ:
    return "a list";
  case OG_NODE_MAP:
    return "a mapping";
  case OG_NODE_SCALAR:
    break;
  }
  switch (n->stype) {
  case OG_SCALAR_NULL:
    return "null";
  case OG_SCALAR_BOOL:
    return "a boolean";
  case OG_SCALAR_INT:
    return "an integer";
  case OG_SCALAR_DATE:
    return "a date";
  case OG_SCALAR_STRING:
    break;
  }
  return "a string";
}
