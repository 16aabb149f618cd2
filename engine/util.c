/* util.c - memory, strings, diagnostics and files (see util.h). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#define _GNU_SOURCE     /* fallocate */
#define OG_OUT_RESERVE_MIN (1u << 20) /* bytes a write reserves from */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "limits.h"

static void out_of_memory(void) {
  fputs("opgap: out of memory\n", stderr);
  abort();
}

void *og_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (p == NULL) {
    out_of_memory();
  }
  return p;
}

void *og_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (p == NULL) {
    out_of_memory();
  }
  return p;
}

void *og_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (q == NULL) {
    out_of_memory();
  }
  return q;
}

char *og_xstrdup(const char *s) { return og_xstrndup(s, strlen(s)); }

char *og_xstrndup(const char *s, size_t n) {
  char *p = og_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *og_xasprintf(const char *fmt, ...) {
  og_buf b;
  va_list ap;
  og_buf_init(&b);
  va_start(ap, fmt);
  og_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  return og_buf_release(&b);
}

/* ---- arena ---------------------------------------------------------- */
struct og_arena_block {
  og_arena_block *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

#define ARENA_BLOCK (64u * 1024u)

void og_arena_init(og_arena *a) { a->head = NULL; }

/* n bytes of the arena aligned to `align` (a power of two up to 16), not
 * cleared. Strings take no alignment and a tree's nodes eight bytes: a
 * profile's tree is denser for it, and faster to walk. */
static void *arena_take(og_arena *a, size_t n, size_t align) {
  og_arena_block *b = a->head;
  size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
  if (b == NULL || at > b->cap || b->cap - at < n) {
    size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    b = og_xmalloc(sizeof(*b) + cap);
    b->cap = cap;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    at = 0;
  }
  b->used = at + n;
  return b->data + at;
}

void *og_arena_alloc(og_arena *a, size_t n) {
  void *p = arena_take(a, n, 16);
  memset(p, 0, n);
  return p;
}

void *og_arena_alloc8(og_arena *a, size_t n) {
  void *p = arena_take(a, n, 8);
  memset(p, 0, n);
  return p;
}

char *og_arena_strndup(og_arena *a, const char *s, size_t n) {
  char *p = arena_take(a, n + 1, 1); /* every byte written below */
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *og_arena_strdup(og_arena *a, const char *s) {
  return s ? og_arena_strndup(a, s, strlen(s)) : NULL;
}

char *og_arena_printf(og_arena *a, const char *fmt, ...) {
  og_buf b;
  va_list ap;
  og_buf_init(&b);
  va_start(ap, fmt);
  og_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  char *s = og_arena_strndup(a, og_buf_str(&b), b.len);
  og_buf_free(&b);
  return s;
}

void og_arena_free(og_arena *a) {
  og_arena_block *b = a->head;
  while (b != NULL) {
    og_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}

/* ---- buffer --------------------------------------------------------- */
void og_buf_init(og_buf *b) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

static void buf_reserve(og_buf *b, size_t extra) {
  if (b->len + extra + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
      cap *= 2;
    }
    b->data = og_xrealloc(b->data, cap);
    b->cap = cap;
  }
}

void og_buf_add(og_buf *b, const char *s, size_t n) {
  if (n == 0) {
    return; /* s may be an empty buffer's NULL */
  }
  buf_reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void og_buf_puts(og_buf *b, const char *s) { og_buf_add(b, s, strlen(s)); }

void og_buf_putc(og_buf *b, char c) { og_buf_add(b, &c, 1); }

void og_buf_vprintf(og_buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) {
    return;
  }
  buf_reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void og_buf_printf(og_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  og_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

const char *og_buf_str(og_buf *b) { return b->data ? b->data : ""; }

char *og_buf_release(og_buf *b) {
  char *s = b->data ? b->data : og_xstrdup("");
  og_buf_init(b);
  return s;
}

void og_buf_free(og_buf *b) {
  free(b->data);
  og_buf_init(b);
}

/* ---- diagnostics ---------------------------------------------------- */
void og_diags_init(og_diags *d) { memset(d, 0, sizeof(*d)); }

void og_diags_free(og_diags *d) {
  for (size_t i = 0; i < d->n; i++) {
    free(d->v[i].file);
    free(d->v[i].msg);
  }
  free(d->v);
  og_diags_init(d);
}

void og_diag_vadd(og_diags *d, const char *file, int line, int col,
                  const char *fmt, va_list ap) {
  if (d->n >= OG_MAX_ERRORS) {
    d->dropped++;
    return;
  }
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 8;
    d->v = og_xrealloc(d->v, d->cap * sizeof(*d->v));
  }
  og_buf b;
  og_buf_init(&b);
  og_buf_vprintf(&b, fmt, ap);
  og_diag *e = &d->v[d->n++];
  e->file = og_xstrdup(file ? file : "opgap");
  e->line = line;
  e->col = col;
  e->msg = og_buf_release(&b);
}

void og_diag_add(og_diags *d, const char *file, int line, int col,
                 const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  og_diag_vadd(d, file, line, col, fmt, ap);
  va_end(ap);
}

/* Prints line `line` of `file` and a caret under `col`, as jq does. The
 * caret counts bytes; tabs are kept so the caret lines up. */
static void print_source_line(FILE *out, const char *file, int line, int col) {
  FILE *f = fopen(file, "rb");
  if (f == NULL) {
    return;
  }
  char buf[512];
  size_t head = fread(buf, 1, 4, f);
  if (og_text_start(file, buf, head, NULL) < 0) {
    fclose(f); /* UTF-16 or UTF-32: no line to show */
    return;
  }
  rewind(f);
  int cur = 1;
  bool found = false;
  while (fgets(buf, sizeof(buf), f) != NULL) {
    size_t n = strlen(buf);
    if (cur == line) {
      found = true;
      while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) {
        buf[--n] = '\0';
      }
      break;
    }
    if (n > 0 && buf[n - 1] == '\n') {
      cur++;
    }
  }
  fclose(f);
  if (!found) {
    return;
  }
  if (line == 1 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
    memmove(buf, buf + 3, strlen(buf + 3) + 1); /* columns skip the mark */
  }
  for (size_t i = 0; buf[i]; i++) {
    unsigned char c = (unsigned char)buf[i];
    if (c < 0x20 && c != '\t') {
      buf[i] = ' ';
    }
  }
  fprintf(out, "  %s\n  ", buf);
  for (int i = 1; i < col && buf[i - 1] != '\0'; i++) {
    fputc(buf[i - 1] == '\t' ? '\t' : ' ', out);
  }
  fputs("^\n", out);
}

void og_diags_print(const og_diags *d, FILE *out) {
  for (size_t i = 0; i < d->n; i++) {
    const og_diag *e = &d->v[i];
    if (e->line > 0) {
      fprintf(out, "%s:%d:%d: %s\n", e->file, e->line, e->col, e->msg);
      print_source_line(out, e->file, e->line, e->col);
    } else {
      fprintf(out, "%s: %s\n", e->file, e->msg);
    }
  }
  if (d->dropped) {
    fprintf(out, "opgap: %zu more errors not shown (limit is %d)\n", d->dropped,
            OG_MAX_ERRORS);
  }
}

/* ---- files ---------------------------------------------------------- */
char *og_read_file(const char *path, size_t *len, og_diags *d) {
  return og_read_file_max(path, OG_MAX_FILE_BYTES, len, d);
}

char *og_read_file_max(const char *path, size_t max, size_t *len,
                       og_diags *d) {
  /* open, fstat and read, without stdio: a batch reads thousands of small
   * files, and stdio added a buffer, a second fstat and a read at the end
   * of each */
  bool is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    og_diag_add(d, path, 0, 0, "cannot read file: %s", strerror(errno));
    return NULL;
  }
  og_buf b;
  og_buf_init(&b);
  struct stat st;
  bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  size_t want = 0; /* a regular file's size: read until then, then stop */
  if (regular && st.st_size > 0 && (size_t)st.st_size <= max) {
    want = (size_t)st.st_size;
  }
  buf_reserve(&b, (want ? want : 65536) + 1 + OG_READ_PAD); /* and the pad */
  bool too_big = false, failed = false;
  int err = 0;
  for (;;) {
    if (b.cap - 1 - b.len == 0) {
      buf_reserve(&b, b.cap * 2);
    }
    size_t room = b.cap - 1 - b.len;
    if (room > max + 1 - b.len) {
      room = max + 1 - b.len; /* one byte over the limit tells it */
    }
    ssize_t got = read(fd, b.data + b.len, room);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      failed = true;
      err = errno;
      break;
    }
    if (got == 0) {
      break;
    }
    b.len += (size_t)got;
    b.data[b.len] = '\0';
    if (b.len > max) {
      b.len = max; /* name the place of the first byte over the limit */
      b.data[b.len] = '\0';
      too_big = true;
      break;
    }
    if (want && b.len == want) {
      break; /* the whole regular file, as fstat gave its size */
    }
  }
  if (!is_stdin) {
    close(fd);
  }
  if (too_big) {
    int line = 1, col = 1;
    for (size_t i = 0; i < b.len; i++) {
      if (b.data[i] == '\n') {
        line++;
        col = 1;
      } else if (((unsigned char)b.data[i] & 0xC0) != 0x80) {
        col++;
      }
    }
    og_diag_add(d, path, line, col, "file too large (limit is %zu bytes)",
                max);
    og_buf_free(&b);
    return NULL;
  }
  if (failed) {
    og_diag_add(d, path, 0, 0, "cannot read file: %s", strerror(err));
    og_buf_free(&b);
    return NULL;
  }
  /* zeroed past the end: PCRE2's JIT may read a few bytes past a subject */
  buf_reserve(&b, OG_READ_PAD);
  memset(b.data + b.len, 0, OG_READ_PAD + 1);
  *len = b.len;
  return og_buf_release(&b);
}

/* Maps a regular file of 1 to max bytes into a reservation of zeroed
 * pages, so that the NUL and the pad follow it. NULL when it cannot. */
static char *map_text(const char *path, size_t max, size_t *len,
                      size_t *mapped) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    return NULL; /* og_read_file_max names the error */
  }
  char *base = NULL;
  struct stat st;
  long pg = sysconf(_SC_PAGESIZE);
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      (uintmax_t)st.st_size <= max && pg > 0) {
    size_t n = (size_t)st.st_size;
    size_t room = (n + 1 + OG_READ_PAD + (size_t)pg - 1) / (size_t)pg *
                  (size_t)pg;
    base = mmap(NULL, room, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
      base = NULL;
    } else if (mmap(base, n, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) ==
               MAP_FAILED) {
      munmap(base, room);
      base = NULL;
    } else {
      *len = n;
      *mapped = room;
    }
  }
  close(fd);
  return base;
}

int og_text_load(og_text *t, const char *path, size_t max, og_diags *d) {
  memset(t, 0, sizeof(*t));
  if (strcmp(path, "-") != 0 &&
      (t->data = map_text(path, max, &t->len, &t->mapped)) != NULL) {
    return 0;
  }
  t->data = og_read_file_max(path, max, &t->len, d);
  return t->data ? 0 : -1;
}

void og_text_release(og_text *t) {
  if (t->mapped) {
    munmap(t->data, t->mapped);
  } else {
    free(t->data);
  }
  memset(t, 0, sizeof(*t));
}

/* The temporary files being written, so that an interrupt (SIGINT,
 * SIGTERM, SIGHUP) removes them before the process dies as the signal
 * says: a scan stopped half way through a 1 GB text left its 300 MB
 * "NAME.tmpXXXXXX" beside the report. A slot is cleared before its name
 * is freed; the handler only reads slots and calls unlink. */
#define OUT_LIVE_MAX 16
static char *volatile out_live[OUT_LIVE_MAX];
static pthread_mutex_t out_live_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t out_signals_once = PTHREAD_ONCE_INIT;
static const int out_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void out_on_signal(int sig) {
  for (int i = 0; i < OUT_LIVE_MAX; i++) {
    char *t = out_live[i];
    if (t != NULL) {
      unlink(t);
    }
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

static void out_install_signals(void) {
  for (size_t i = 0; i < sizeof(out_signals) / sizeof(out_signals[0]); i++) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = out_on_signal;
    sigemptyset(&sa.sa_mask);
    /* a signal the caller ignores (nohup) stays ignored */
    if (sigaction(out_signals[i], NULL, &old) == 0 &&
        old.sa_handler != SIG_IGN) {
      sigaction(out_signals[i], &sa, NULL);
    }
  }
}

static void out_live_set(char *old, char *now) {
  pthread_mutex_lock(&out_live_mu);
  for (int i = 0; i < OUT_LIVE_MAX; i++) {
    if (out_live[i] == old) {
      out_live[i] = now;
      break;
    }
  }
  pthread_mutex_unlock(&out_live_mu);
}

/* Forgets o's temporary file (removed or renamed): before its name is
 * freed. */
static void out_forget(og_out *o) {
  out_live_set(o->tmp, NULL);
  free(o->tmp);
  o->tmp = NULL;
}

int og_out_open(og_out *o, const char *path, og_diags *d) {
  memset(o, 0, sizeof(*o));
  o->path = path;
  if (strcmp(path, "-") == 0) {
    fflush(stdout);
    o->fd = STDOUT_FILENO;
    return 0;
  }
  pthread_once(&out_signals_once, out_install_signals);
  o->tmp = og_xasprintf("%s.tmpXXXXXX", path);
  out_live_set(NULL, o->tmp);
  o->fd = mkstemp(o->tmp);
  if (o->fd < 0) {
    og_diag_add(d, path, 0, 0, "cannot create temporary file: %s",
                strerror(errno));
    out_forget(o);
    return -1;
  }
  return 0;
}

void og_out_write(og_out *o, const char *data, size_t len) {
  size_t off = 0;
#if defined(__linux__) && defined(FALLOC_FL_KEEP_SIZE)
  /* A large write to a file goes to blocks reserved first (the size
   * unchanged): ext4 then skips its block-by-block delayed allocation,
   * which took half of writing a 135 MB scan report. Not a file (a pipe,
   * a terminal) or no support: nothing is reserved, and nothing else
   * changes. */
  if (len >= OG_OUT_RESERVE_MIN) {
    off_t at = lseek(o->fd, 0, SEEK_CUR);
    if (at >= 0) {
      (void)fallocate(o->fd, FALLOC_FL_KEEP_SIZE, at, (off_t)len);
    }
  }
#endif
  while (off < len && o->err == 0) {
    ssize_t w = write(o->fd, data + off, len - off);
    if (w < 0) {
      o->err = errno == EINTR ? 0 : errno;
    } else if (w == 0) {
      o->err = EIO; /* no progress: do not loop for ever */
    } else {
      off += (size_t)w;
    }
  }
}

/* Ends o: an error when a write failed (the temporary file is removed). */
static int out_fail(og_out *o, og_diags *d) {
  if (o->tmp == NULL) {
    og_diag_add(d, "-", 0, 0, "cannot write to standard output");
    return -1;
  }
  og_diag_add(d, o->path, 0, 0, "cannot write file: %s", strerror(o->err));
  if (o->fd >= 0) {
    close(o->fd);
  }
  unlink(o->tmp);
  out_forget(o);
  return -1;
}

int og_out_commit(og_out *o, og_diags *d) {
  if (o->err != 0) {
    return out_fail(o, d);
  }
  if (o->tmp == NULL) {
    return 0;
  }
  if (fsync(o->fd) != 0 || fchmod(o->fd, 0644) != 0) {
    o->err = errno;
    return out_fail(o, d);
  }
  int rc = close(o->fd);
  o->fd = -1;
  if (rc != 0 || rename(o->tmp, o->path) != 0) {
    o->err = errno;
    return out_fail(o, d);
  }
  out_forget(o);
  return 0;
}

void og_out_abort(og_out *o) {
  if (o->tmp == NULL) {
    return; /* standard output: what was written stays */
  }
  if (o->fd >= 0) {
    close(o->fd);
  }
  unlink(o->tmp);
  out_forget(o);
}

int og_write_file_atomic(const char *path, const char *data, size_t len,
                         og_diags *d) {
  og_out o;
  if (og_out_open(&o, path, d) != 0) {
    return -1;
  }
  og_out_write(&o, data, len);
  return og_out_commit(&o, d);
}

/* ---- text ----------------------------------------------------------- */
size_t og_edit_distance(const char *a, const char *b, size_t cap) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64) {
    return cap + 1;
  }
  size_t prev[65], cur[65];
  for (size_t j = 0; j <= lb; j++) {
    prev[j] = j;
  }
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    size_t best = cur[0];
    for (size_t j = 1; j <= lb; j++) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
      size_t m = sub < del ? sub : del;
      cur[j] = m < ins ? m : ins;
      if (cur[j] < best) {
        best = cur[j];
      }
    }
    if (best > cap) {
      return cap + 1;
    }
    memcpy(prev, cur, (lb + 1) * sizeof(size_t));
  }
  return prev[lb] > cap ? cap + 1 : prev[lb];
}

const char *og_did_you_mean(const char *word, const char *const *cands,
                            size_t n) {
  size_t cap = strlen(word) / 3 + 1;
  if (cap > 3) {
    cap = 3;
  }
  const char *best = NULL;
  size_t best_d = cap + 1;
  for (size_t i = 0; i < n; i++) {
    size_t dist = og_edit_distance(word, cands[i], cap);
    if (dist < best_d) {
      best_d = dist;
      best = cands[i];
    }
  }
  return best;
}

bool og_str_eq(const char *a, const char *b) {
  return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

size_t og_utf8_char(const unsigned char *p, size_t n) {
  unsigned char c = p[0];
  size_t need;
  uint32_t cp;
  if (c == 0) {
    return 0;
  } else if (c < 0x80) {
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    need = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    need = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    need = 3;
    cp = c & 0x07;
  } else {
    return 0;
  }
  for (size_t k = 1; k <= need; k++) {
    if (k >= n || (p[k] & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
      (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return need + 1;
}

int og_text_start(const char *file, const char *text, size_t len,
                  og_diags *d) {
  const unsigned char *p = (const unsigned char *)text;
  const char *enc = NULL, *from = NULL; /* "UTF-16 text (...", iconv's name */
  bool bom = true;
  if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    return 3;
  }
  if (len >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF) {
    enc = "UTF-32 text (big-endian", from = "UTF-32";
  } else if (len >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 &&
             p[3] == 0) {
    enc = "UTF-32 text (little-endian", from = "UTF-32";
  } else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
    enc = "UTF-16 text (big-endian", from = "UTF-16";
  } else if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
    enc = "UTF-16 text (little-endian", from = "UTF-16";
  } else {
    /* no mark: the first character, if ASCII, gives itself away */
    bom = false;
    if (len >= 4 && p[0] != 0 && p[1] == 0 && p[2] == 0 && p[3] == 0) {
      enc = "UTF-32 text (little-endian", from = "UTF-32LE";
    } else if (len >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0 &&
               p[3] != 0) {
      enc = "UTF-32 text (big-endian", from = "UTF-32BE";
    } else if (len >= 2 && p[0] != 0 && p[1] == 0) {
      enc = "UTF-16 text (little-endian", from = "UTF-16LE";
    } else if (len >= 2 && p[0] == 0 && p[1] != 0) {
      enc = "UTF-16 text (big-endian", from = "UTF-16BE";
    }
  }
  if (enc == NULL) {
    return 0;
  }
  if (d == NULL) {
    return -1;
  }
  og_diag_add(d, file, 1, 1,
              "the file is %s%s), not UTF-8: convert it with "
              "'iconv -f %s -t UTF-8 %s >NEWFILE'",
              enc, bom ? ", with a byte-order mark" : "", from, file);
  return -1;
}

bool og_utf8_valid(const char *s, size_t n, size_t *bad_offset) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    /* ASCII without NUL, eight bytes at a time */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      bool ascii = (w & 0x8080808080808080ull) == 0;
      bool nul = ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0;
      if (!ascii || nul) {
        break;
      }
      i += 8;
    }
    if (i >= n) {
      break;
    }
    size_t len = og_utf8_char(p + i, n - i);
    if (len == 0) {
      if (bad_offset) {
        *bad_offset = i;
      }
      return false;
    }
    i += len;
  }
  return true;
}

/* ---- JSON written a piece at a time --------------------------------------- */
void og_json_str(og_buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  og_buf_putc(b, '"');
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    og_buf_add(b, run, (size_t)(s - run));
    run = s + 1;
    og_buf_putc(b, '\\');
    switch (c) {
    case '"':
    case '\\':
      og_buf_putc(b, (char)c);
      break;
    case '\b':
      og_buf_putc(b, 'b');
      break;
    case '\f':
      og_buf_putc(b, 'f');
      break;
    case '\n':
      og_buf_putc(b, 'n');
      break;
    case '\r':
      og_buf_putc(b, 'r');
      break;
    case '\t':
      og_buf_putc(b, 't');
      break;
    default:
      og_buf_puts(b, "u00");
      og_buf_putc(b, hex[c >> 4]);
      og_buf_putc(b, hex[c & 0xf]);
    }
  }
  og_buf_add(b, run, (size_t)(s - run));
  og_buf_putc(b, '"');
}

const char *og_jtmpl_slot(char c) {
  static char slots[26][3];
  if (c < 'A' || c > 'z' || (c > 'Z' && c < 'a')) {
    return "";
  }
  char *m = slots[c <= 'Z' ? c - 'A' : c - 'a'];
  m[0] = '\x01'; /* no text has it: the scanner never matches a control */
  m[1] = c;
  return m;
}

void og_jtmpl_init(og_jtmpl *t, const cJSON *item) {
  memset(t, 0, sizeof(*t));
  char *s = cJSON_PrintUnformatted(item);
  t->text = og_xstrdup(s);
  cJSON_free(s);
  /* cJSON prints a slot's marker as "\u0001c" */
  static const char mark[] = "\"\\u0001";
  size_t at = 0;
  const char *p = t->text;
  const char *m;
  while ((m = strstr(p, mark)) != NULL && t->n < OG_JTMPL_MAX - 1) {
    t->off[t->n] = at;
    t->len[t->n] = (size_t)(m - t->text) - at;
    t->slot[t->n] = m[sizeof(mark) - 1];
    t->n++;
    at = (size_t)(m - t->text) + sizeof(mark) + 1; /* the letter, the quote */
    p = t->text + at;
  }
  t->off[t->n] = at;
  t->len[t->n] = strlen(t->text) - at;
  t->slot[t->n] = '\0';
  t->n++;
}

void og_jtmpl_frame(const cJSON *doc, og_buf *head, og_buf *foot) {
  og_jtmpl t;
  og_jtmpl_init(&t, doc);
  og_buf_add(head, t.text + t.off[0], t.len[0]);
  og_buf_putc(foot, '\n');
  og_buf_add(foot, t.text + t.off[1], t.len[1]);
  og_buf_putc(foot, '\n');
  og_jtmpl_free(&t);
}

void og_jtmpl_sep(og_buf *b, size_t nth) {
  if (nth > 0) {
    og_buf_putc(b, ',');
  }
  og_buf_putc(b, '\n');
}

void og_jtmpl_free(og_jtmpl *t) {
  free(t->text);
  memset(t, 0, sizeof(*t));
}
