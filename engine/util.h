/* util.h - memory, strings, diagnostics and files shared by every stage.
 *
 * Out-of-memory policy: opgap is a command-line tool; an allocation that
 * fails prints "opgap: out of memory" and aborts (as jq does). Every
 * og_x* function therefore never returns NULL.
 *
 * Ownership: an og_arena owns everything allocated from it and frees it all
 * in og_arena_free(). Loaded documents, rule sets and profiles each own one
 * arena; nothing inside them is freed on its own.
 */
#ifndef OG_UTIL_H
#define OG_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define OG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define OG_PRINTF(f, a)
#endif

void *og_xmalloc(size_t n);
void *og_xcalloc(size_t n, size_t size);
void *og_xrealloc(void *p, size_t n);
char *og_xstrdup(const char *s);
char *og_xstrndup(const char *s, size_t n);
char *og_xasprintf(const char *fmt, ...) OG_PRINTF(1, 2);

/* ---- arena ---------------------------------------------------------- */
typedef struct og_arena_block og_arena_block;
typedef struct og_arena {
  og_arena_block *head;
} og_arena;

void og_arena_init(og_arena *a);
void *og_arena_alloc(og_arena *a, size_t n); /* zeroed, aligned to 16 */
void *og_arena_alloc8(og_arena *a, size_t n); /* zeroed, aligned to 8 */
char *og_arena_strdup(og_arena *a, const char *s);
char *og_arena_strndup(og_arena *a, const char *s, size_t n);
char *og_arena_printf(og_arena *a, const char *fmt, ...) OG_PRINTF(2, 3);
void og_arena_free(og_arena *a);

/* ---- growable string buffer ----------------------------------------- */
typedef struct og_buf {
  char *data; /* always NUL-terminated once anything was appended */
  size_t len, cap;
} og_buf;

void og_buf_init(og_buf *b);
void og_buf_add(og_buf *b, const char *s, size_t n);
void og_buf_puts(og_buf *b, const char *s);
void og_buf_putc(og_buf *b, char c);
void og_buf_printf(og_buf *b, const char *fmt, ...) OG_PRINTF(2, 3);
void og_buf_vprintf(og_buf *b, const char *fmt, va_list ap);
const char *og_buf_str(og_buf *b); /* "" when empty */
char *og_buf_release(og_buf *b);   /* caller frees; buffer is reset */
void og_buf_free(og_buf *b);

/* ---- diagnostics ------------------------------------------------------
 * An error is a value with a place. Loaders collect every error of their
 * input, then the caller refuses to evaluate when any was collected.
 * Lines and columns are 1-based (libyaml's marks are 0-based).
 */
typedef struct og_diag {
  char *file;
  int line, col; /* 0 when the error has no place inside the file */
  char *msg;
} og_diag;

typedef struct og_diags {
  og_diag *v;
  size_t n, cap;
  size_t dropped; /* errors beyond OG_MAX_ERRORS */
} og_diags;

void og_diags_init(og_diags *d);
void og_diags_free(og_diags *d);
void og_diag_add(og_diags *d, const char *file, int line, int col,
                 const char *fmt, ...) OG_PRINTF(5, 6);
void og_diag_vadd(og_diags *d, const char *file, int line, int col,
                  const char *fmt, va_list ap);
/* Prints "FILE:LINE:COL: message", then the source line and a caret. */
void og_diags_print(const og_diags *d, FILE *out);

/* ---- files ---------------------------------------------------------- */
/* Reads a whole file (at most OG_MAX_FILE_BYTES). On failure adds an error
 * naming the file and returns NULL. The result is NUL-terminated; *len
 * excludes the NUL. Caller frees. */
char *og_read_file(const char *path, size_t *len, og_diags *d);
/* The same with a limit of max bytes (og_read_file's is OG_MAX_FILE_BYTES).
 * Both results are followed by OG_READ_PAD zero bytes after the NUL, so
 * that they can be PCRE2 subjects (its JIT may read a little past one). */
#define OG_READ_PAD 64
char *og_read_file_max(const char *path, size_t max, size_t *len,
                       og_diags *d);

/* A text to scan, read whole: a regular file is mapped (no copy of a
 * large text), anything else (standard input as "-", a pipe) is read.
 * Either way data is NUL-terminated and followed by OG_READ_PAD zero
 * bytes. A mapped file that another program shortens while it is mapped
 * ends the process (SIGBUS), as it does ripgrep's. */
typedef struct og_text {
  char *data;
  size_t len;
  size_t mapped; /* the bytes mapped; 0: data is malloc'd */
} og_text;
/* Loads path (at most max bytes). 0, or -1 with an error in d. */
int og_text_load(og_text *t, const char *path, size_t max, og_diags *d);
void og_text_release(og_text *t);

/* Writes data to path atomically: a temporary file in the same directory,
 * fsync, then rename. "-" writes to stdout. Returns 0, or -1 with an error
 * added. */
int og_write_file_atomic(const char *path, const char *data, size_t len,
                         og_diags *d);

/* The same, written as it is made: og_out_open, og_out_write as often as
 * needed, then og_out_commit, which renames the temporary file into place
 * only when every write succeeded (and removes it otherwise). */
typedef struct og_out {
  const char *path;
  char *tmp; /* NULL for stdout */
  int fd, err;
} og_out;

int og_out_open(og_out *o, const char *path, og_diags *d);
void og_out_write(og_out *o, const char *data, size_t len);
int og_out_commit(og_out *o, og_diags *d);
/* Ends o without a trace: the temporary file is removed. */
void og_out_abort(og_out *o);

/* ---- JSON written a piece at a time ----------------------------------- */
/* s as cJSON prints a string: quoted; " \\ and control characters
 * escaped, the rest as it is. */
void og_json_str(og_buf *b, const char *s);

/* A JSON template: an object printed once by cJSON, unformatted (so every
 * byte of its layout is cJSON_PrintUnformatted's), with slots where a
 * string og_jtmpl_slot(c) stood. Writing it is then copying its pieces
 * and putting each slot's value between them. */
#define OG_JTMPL_MAX 16
typedef struct og_jtmpl {
  char *text;
  size_t n; /* pieces; piece i is followed by slot[i] ('\0' after the last) */
  size_t off[OG_JTMPL_MAX], len[OG_JTMPL_MAX];
  char slot[OG_JTMPL_MAX];
} og_jtmpl;
struct cJSON;
/* The string that marks slot c (a letter) in a template's object. */
const char *og_jtmpl_slot(char c);
void og_jtmpl_init(og_jtmpl *t, const struct cJSON *item);
void og_jtmpl_free(og_jtmpl *t);
/* A document whose one slot (og_jtmpl_slot('M')) stands where its items
 * go, unformatted and cut there: what comes before the first item into
 * head, a newline and what comes after the last (and a newline) into
 * foot. Items go one a line: "\n" before the first, ",\n" before the
 * others (og_jtmpl_sep). */
void og_jtmpl_frame(const struct cJSON *doc, og_buf *head, og_buf *foot);
void og_jtmpl_sep(og_buf *b, size_t nth);

/* ---- text ------------------------------------------------------------ */
/* Levenshtein distance, capped: returns cap+1 when larger. */
size_t og_edit_distance(const char *a, const char *b, size_t cap);
/* The candidate closest to word, or NULL when none is close enough. */
const char *og_did_you_mean(const char *word, const char *const *cands,
                            size_t n);
bool og_str_eq(const char *a, const char *b);
bool og_utf8_valid(const char *s, size_t n, size_t *bad_offset);
/* How a loaded file's text starts (every loader and opgap scan ask this
 * first): returns the number of bytes to skip, 3 for a UTF-8 byte-order
 * mark (YAML allows one at the start of a stream; Windows editors write
 * it), else 0; positions are then counted as if the mark were absent.
 * A UTF-16 or UTF-32 text (told by its byte-order mark, or without one by
 * the NUL bytes of its first characters) is refused: returns -1 with an
 * error at FILE:1:1 naming the encoding and the iconv command that
 * converts it (no error when d is NULL). */
int og_text_start(const char *file, const char *text, size_t len,
                  og_diags *d);
/* The length (1 to 4) of the UTF-8 character at p (n bytes left), or 0
 * when it is a NUL or not valid UTF-8 (overlong, surrogate, cut short). */
size_t og_utf8_char(const unsigned char *p, size_t n);

#endif
