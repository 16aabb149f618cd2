/* agree.c - the agreement harness: does opgap find what the Committee found?
 *
 * usage: agree --opgap PATH FILE.yaml...
 *
 * Each FILE names a statute profile and what a treaty body (or another
 * authority) found about that jurisdiction, rule by rule:
 *
 *   profile: statutes/pa.yaml            # required, run from the repo root
 *   expectations:                        # required, at least one
 *     - rule: liability.legal-persons    # required
 *       status: [met, partial]           # required: one status or a list
 *       because: CRC/C/OPSC/PAN/CO/1, para. 35   # the finding relied on
 *       cited: true                      # optional: `because` must be
 *                                        #   among the rule's citations
 *       combined: false                  # optional: compare combined.status
 *
 * Files are loaded strictly with the engine's YAML stage (ytree: duplicate
 * keys, aliases, tags refused) and an unknown key is an error with a
 * did-you-mean. Every file is checked before anything runs; any error is
 * printed as FILE:LINE:COL and the exit status is 2.
 *
 * Then, per file, `opgap check --format json --fail-on none PROFILE` runs
 * and its JSON (read with cJSON) is compared with each expectation:
 * the finding's status must be one of those listed; when `cited` is true,
 * some citation of the rule on the same document must name the paragraph
 * of `because` (a range "60-61" includes 60; sub-letters are compared only
 * when both sides have one, so "para. 29(a)" is satisfied by "paras.
 * 28(b), 29(a)" and by "para. 29"). Citations are split with PCRE2.
 *
 * Each mismatch is printed as FILE:LINE:COL: RULE: what differs. The last
 * line is "agreement: N passed, N failed". Exit 0 when none failed, 1 when
 * some did, 2 on bad input or when opgap could not be run.
 *
 * Memory: each file's tree lives in its own arena (og_doc), the JSON in its
 * cJSON tree; both are released before the next file.
 */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "opgap.h"
#include "util.h"
#include "ytree.h"

#define AGREE_MAX_PLACES 64 /* places in one citation */
#define AGREE_MAX_STATUSES OG_STATUS_COUNT

typedef struct expectation {
  const og_node *at; /* the list item, for FILE:LINE:COL */
  const char *rule;
  int statuses[AGREE_MAX_STATUSES];
  size_t nstatuses;
  const char *because; /* NULL when absent */
  bool cited, combined;
} expectation;

typedef struct agreement_file {
  og_doc doc;
  const char *path;
  const char *profile;
  expectation *exps;
  size_t nexps;
} agreement_file;

/* One cited place: paragraphs lo..hi, with a sub-letter or "". */
typedef struct place {
  long lo, hi;
  char sub[8];
} place;

typedef struct citation_re {
  pcre2_code *head;  /* "DOC, para(s). PLACES" */
  pcre2_code *place; /* one place among PLACES */
} citation_re;

static const char *const top_keys[] = {"profile", "expectations"};
static const char *const exp_keys[] = {"rule", "status", "because", "cited",
                                       "combined"};
#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- loading ------------------------------------------------------------ */

static bool check_keys(const og_node *map, const char *const *keys,
                       size_t nkeys, og_diags *d) {
  bool ok = true;
  for (size_t i = 0; i < map->n; i++) {
    const og_node *k = og_map_key(map, i);
    bool known = false;
    for (size_t j = 0; j < nkeys; j++) {
      if (strcmp(k->str, keys[j]) == 0) {
        known = true;
      }
    }
    if (!known) {
      const char *near = og_did_you_mean(k->str, keys, nkeys);
      og_diag_add(d, k->file, k->line, k->col, "unknown key '%s'%s%s%s",
                  k->str, near ? " (did you mean '" : "", near ? near : "",
                  near ? "'?)" : "");
      ok = false;
    }
  }
  return ok;
}

static bool is_string(const og_node *n) {
  return n->kind == OG_NODE_SCALAR && n->stype == OG_SCALAR_STRING;
}

static bool is_bool(const og_node *n) {
  return n->kind == OG_NODE_SCALAR && n->stype == OG_SCALAR_BOOL;
}

static const char *want_string(const og_node *map, const char *key,
                               bool required, og_diags *d) {
  const og_node *v = og_map_get(map, key);
  if (v == NULL) {
    if (required) {
      og_diag_add(d, map->file, map->line, map->col,
                  "missing required key '%s'", key);
    }
    return NULL;
  }
  if (!is_string(v) || v->len == 0) {
    og_diag_add(d, v->file, v->line, v->col,
                "'%s' must be a non-empty string, not %s", key,
                og_node_kind_name(v));
    return NULL;
  }
  return v->str;
}

static bool want_bool(const og_node *map, const char *key, og_diags *d) {
  const og_node *v = og_map_get(map, key);
  if (v == NULL) {
    return false;
  }
  if (!is_bool(v)) {
    og_diag_add(d, v->file, v->line, v->col,
                "'%s' must be true or false, not %s", key,
                og_node_kind_name(v));
    return false;
  }
  return v->ival != 0;
}

static void add_status(expectation *e, const og_node *n, og_diags *d) {
  int s = is_string(n) ? og_status_parse(n->str) : -1;
  if (s < 0) {
    og_diag_add(d, n->file, n->line, n->col,
                "unknown status '%s' (expected met, partial, gap, unknown "
                "or not-applicable)",
                n->kind == OG_NODE_SCALAR ? n->str : og_node_kind_name(n));
    return;
  }
  for (size_t i = 0; i < e->nstatuses; i++) {
    if (e->statuses[i] == s) {
      og_diag_add(d, n->file, n->line, n->col, "status '%s' listed twice",
                  n->str);
      return;
    }
  }
  e->statuses[e->nstatuses++] = s;
}

static void load_expectation(expectation *e, const og_node *n, og_diags *d) {
  e->at = n;
  if (n->kind != OG_NODE_MAP) {
    og_diag_add(d, n->file, n->line, n->col,
                "an expectation must be a mapping, not %s",
                og_node_kind_name(n));
    return;
  }
  check_keys(n, exp_keys, NKEYS(exp_keys), d);
  e->rule = want_string(n, "rule", true, d);
  e->because = want_string(n, "because", false, d);
  e->cited = want_bool(n, "cited", d);
  e->combined = want_bool(n, "combined", d);
  const og_node *st = og_map_get(n, "status");
  if (st == NULL) {
    og_diag_add(d, n->file, n->line, n->col,
                "missing required key 'status'");
  } else if (st->kind == OG_NODE_SEQ) {
    if (st->n == 0) {
      og_diag_add(d, st->file, st->line, st->col, "'status' lists nothing");
    }
    for (size_t i = 0; i < st->n; i++) {
      add_status(e, st->items[i], d);
    }
  } else {
    add_status(e, st, d);
  }
  if (e->cited && e->because == NULL) {
    og_diag_add(d, n->file, n->line, n->col,
                "'cited: true' needs 'because' (the citation to look for)");
  }
}

/* Loads and checks one file. Errors go to d; the file is kept either way
 * so that its arena is released by the caller. */
static void load_file(agreement_file *f, const char *path, og_diags *d) {
  f->path = path;
  if (og_doc_load(&f->doc, path, d) != 0) {
    f->doc.root = NULL;
    return;
  }
  const og_node *root = f->doc.root;
  if (root == NULL || root->kind != OG_NODE_MAP) {
    og_diag_add(d, path, root ? root->line : 1, root ? root->col : 1,
                "an agreement file must be a mapping with 'profile' and "
                "'expectations'");
    return;
  }
  check_keys(root, top_keys, NKEYS(top_keys), d);
  f->profile = want_string(root, "profile", true, d);
  const og_node *ex = og_map_get(root, "expectations");
  if (ex == NULL) {
    og_diag_add(d, path, root->line, root->col,
                "missing required key 'expectations'");
    return;
  }
  if (ex->kind != OG_NODE_SEQ || ex->n == 0) {
    og_diag_add(d, ex->file, ex->line, ex->col,
                "'expectations' must be a non-empty list");
    return;
  }
  f->exps = og_arena_alloc(&f->doc.arena, ex->n * sizeof(*f->exps));
  f->nexps = ex->n;
  for (size_t i = 0; i < ex->n; i++) {
    load_expectation(&f->exps[i], ex->items[i], d);
  }
}

/* ---- citations ------------------------------------------------------------ */

static pcre2_code *compile(const char *pattern) {
  int err;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF, &err, &off, NULL);
  if (re == NULL) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof(msg));
    fprintf(stderr, "agree: internal regex error at %zu: %s\n", (size_t)off,
            (const char *)msg);
    exit(OG_EXIT_INPUT);
  }
  return re;
}

static long group_long(const char *s, const PCRE2_SIZE *ov, int g) {
  if (ov[2 * g] == PCRE2_UNSET) {
    return -1;
  }
  return strtol(s + ov[2 * g], NULL, 10);
}

static void group_copy(const char *s, const PCRE2_SIZE *ov, int g, char *out,
                       size_t cap) {
  out[0] = '\0';
  if (ov[2 * g] == PCRE2_UNSET) {
    return;
  }
  size_t n = ov[2 * g + 1] - ov[2 * g];
  if (n >= cap) {
    n = cap - 1;
  }
  memcpy(out, s + ov[2 * g], n);
  out[n] = '\0';
}

/* Splits "DOC, para(s). PLACES" or "DOC, note(s) PLACES" into the document
 * (copied to doc, with "#note" for footnotes) and its places. Returns the
 * number of places, or -1 when text cites neither. */
static int parse_citation(const citation_re *re, const char *text, char *doc,
                          size_t doccap, place *places) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->head, NULL);
  int n = -1;
  if (pcre2_match(re->head, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0, md,
                  NULL) < 0) {
    goto done;
  }
  const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  group_copy(text, ov, 1, doc, doccap);
  /* a footnote is another kind of place: "DOC#note" never matches "DOC" */
  if (text[ov[2 * 2]] == 'n' && strlen(doc) + 6 < doccap) {
    strcat(doc, "#note");
  }
  const char *tail = text + ov[2 * 3];
  pcre2_match_data *pm = pcre2_match_data_create_from_pattern(re->place, NULL);
  PCRE2_SIZE at = 0;
  long last = -1;
  n = 0;
  while (n < AGREE_MAX_PLACES &&
         pcre2_match(re->place, (PCRE2_SPTR)tail, PCRE2_ZERO_TERMINATED, at, 0,
                     pm, NULL) >= 0) {
    const PCRE2_SIZE *pv = pcre2_get_ovector_pointer(pm);
    place *p = &places[n];
    long lo = group_long(tail, pv, 1);
    if (lo >= 0) {
      long hi = group_long(tail, pv, 2);
      p->lo = lo;
      p->hi = hi >= lo ? hi : lo;
      group_copy(tail, pv, 3, p->sub, sizeof(p->sub));
      last = lo;
    } else if (last >= 0) { /* "(d)" continuing "97(a), (d)" */
      p->lo = p->hi = last;
      group_copy(tail, pv, 4, p->sub, sizeof(p->sub));
    } else {
      at = pv[1];
      continue;
    }
    n++;
    at = pv[1];
  }
  pcre2_match_data_free(pm);
done:
  pcre2_match_data_free(md);
  return n;
}

/* Whether cited place c covers wanted place w. */
static bool place_covers(const place *c, const place *w) {
  if (w->lo < c->lo || w->hi > c->hi) {
    return false;
  }
  return c->sub[0] == '\0' || w->sub[0] == '\0' || strcmp(c->sub, w->sub) == 0;
}

/* Whether every place of `because` is among the finding's citations on the
 * same document. */
static bool cited_in(const citation_re *re, const char *because,
                     const cJSON *cites) {
  char want_doc[128], doc[128];
  place want[AGREE_MAX_PLACES], have[AGREE_MAX_PLACES];
  int nwant = parse_citation(re, because, want_doc, sizeof(want_doc), want);
  if (nwant <= 0) {
    return false;
  }
  for (int i = 0; i < nwant; i++) {
    bool found = false;
    const cJSON *c;
    cJSON_ArrayForEach(c, cites) {
      const char *text = cJSON_GetStringValue(cJSON_GetObjectItem(c, "cite"));
      if (text == NULL) {
        continue;
      }
      /* the same document and the same kind of place (paragraph or note) */
      doc[0] = '\0';
      int nhave = parse_citation(re, text, doc, sizeof(doc), have);
      if (strcmp(doc, want_doc) != 0) {
        continue;
      }
      for (int j = 0; j < nhave && !found; j++) {
        found = place_covers(&have[j], &want[i]);
      }
      if (found) {
        break;
      }
    }
    if (!found) {
      return false;
    }
  }
  return true;
}

/* ---- running opgap -------------------------------------------------------- */

/* Runs OPGAP check on profile; returns its stdout (caller frees) or NULL
 * after printing why. */
static char *run_check(const char *opgap, const char *profile) {
  int fds[2];
  if (pipe(fds) != 0) {
    fprintf(stderr, "agree: pipe: %s\n", strerror(errno));
    return NULL;
  }
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "agree: fork: %s\n", strerror(errno));
    close(fds[0]);
    close(fds[1]);
    return NULL;
  }
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(opgap, opgap, "check", "--format", "json", "--fail-on", "none",
          profile, (char *)NULL);
    fprintf(stderr, "agree: cannot run '%s': %s\n", opgap, strerror(errno));
    _exit(127);
  }
  close(fds[1]);
  og_buf b;
  og_buf_init(&b);
  char chunk[65536];
  ssize_t got;
  while ((got = read(fds[0], chunk, sizeof(chunk))) > 0) {
    og_buf_add(&b, chunk, (size_t)got);
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "agree: '%s check %s' failed (exit %d)\n", opgap, profile,
            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    og_buf_free(&b);
    return NULL;
  }
  return og_buf_release(&b);
}

static const cJSON *find_rule(const cJSON *findings, const char *rule) {
  const cJSON *f;
  cJSON_ArrayForEach(f, findings) {
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(f, "rule"));
    if (id != NULL && strcmp(id, rule) == 0) {
      return f;
    }
  }
  return NULL;
}

static void print_expected(const expectation *e) {
  for (size_t i = 0; i < e->nstatuses; i++) {
    printf("%s%s", i == 0 ? "" : (i + 1 == e->nstatuses ? " or " : ", "),
           og_status_name((og_status)e->statuses[i]));
  }
}

/* Checks one expectation; prints the mismatch. Returns true when it holds. */
static bool check_one(const citation_re *re, const expectation *e,
                      const cJSON *findings) {
  const og_node *at = e->at;
  const cJSON *f = find_rule(findings, e->rule);
  if (f == NULL) {
    printf("%s:%d:%d: %s: no such rule in the report\n", at->file, at->line,
           at->col, e->rule);
    return false;
  }
  const cJSON *from = f;
  if (e->combined) {
    from = cJSON_GetObjectItem(f, "combined");
    if (from == NULL) {
      printf("%s:%d:%d: %s: no combined status (the profile has no parent)\n",
             at->file, at->line, at->col, e->rule);
      return false;
    }
  }
  const char *got = cJSON_GetStringValue(cJSON_GetObjectItem(from, "status"));
  int s = got ? og_status_parse(got) : -1;
  bool ok = false;
  for (size_t i = 0; i < e->nstatuses; i++) {
    ok = ok || e->statuses[i] == s;
  }
  if (!ok) {
    printf("%s:%d:%d: %s: expected %s", at->file, at->line, at->col, e->rule,
           e->combined ? "combined status " : "");
    print_expected(e);
    printf(", got %s%s%s\n", got ? got : "(none)",
           e->because ? " - the Committee: " : "",
           e->because ? e->because : "");
  }
  if (e->cited &&
      !cited_in(re, e->because, cJSON_GetObjectItem(f, "requirement_citations"))) {
    printf("%s:%d:%d: %s: '%s' is not among the rule's citations\n", at->file,
           at->line, at->col, e->rule, e->because);
    ok = false;
  }
  return ok;
}

/* Runs one file's expectations. Returns -1 when opgap's report could not be
 * had, else adds to the counters. */
static int check_file(const char *opgap, const citation_re *re,
                      const agreement_file *f, int *pass, int *fail) {
  char *json = run_check(opgap, f->profile);
  if (json == NULL) {
    return -1;
  }
  cJSON *root = cJSON_Parse(json);
  free(json);
  const cJSON *findings = cJSON_GetObjectItem(root, "findings");
  if (!cJSON_IsArray(findings)) {
    fprintf(stderr, "agree: %s: opgap's report has no findings array\n",
            f->profile);
    cJSON_Delete(root);
    return -1;
  }
  for (size_t i = 0; i < f->nexps; i++) {
    if (check_one(re, &f->exps[i], findings)) {
      (*pass)++;
    } else {
      (*fail)++;
    }
  }
  cJSON_Delete(root);
  return 0;
}

int main(int argc, char **argv) {
  const char *opgap = NULL;
  int first = 1;
  if (argc > 2 && strcmp(argv[1], "--opgap") == 0) {
    opgap = argv[2];
    first = 3;
  }
  if (opgap == NULL || first >= argc) {
    fprintf(stderr, "usage: agree --opgap PATH FILE.yaml...\n");
    return OG_EXIT_INPUT;
  }
  size_t nfiles = (size_t)(argc - first);
  agreement_file *files = calloc(nfiles, sizeof(*files));
  if (files == NULL) {
    fprintf(stderr, "agree: out of memory\n");
    return OG_EXIT_INPUT;
  }
  og_diags d;
  og_diags_init(&d);
  for (size_t i = 0; i < nfiles; i++) {
    load_file(&files[i], argv[first + (int)i], &d);
  }
  int rc = OG_EXIT_OK;
  int pass = 0, fail = 0;
  citation_re re = {NULL, NULL};
  if (d.n > 0) {
    og_diags_print(&d, stderr);
    rc = OG_EXIT_INPUT;
    goto out;
  }
  re.head = compile("^(.+?),\\s+(paras?\\.|notes?)\\s+(.+)$");
  re.place = compile("(\\d+)(?:\\s*[-\\x{2013}]\\s*(\\d+))?(?:\\(([a-z]+)\\))?"
                     "|\\(([a-z]+)\\)");
  for (size_t i = 0; i < nfiles; i++) {
    if (check_file(opgap, &re, &files[i], &pass, &fail) != 0) {
      rc = OG_EXIT_INPUT;
      goto out;
    }
  }
  printf("agreement: %d passed, %d failed\n", pass, fail);
  rc = fail > 0 ? OG_EXIT_FINDINGS : OG_EXIT_OK;
out:
  pcre2_code_free(re.head);
  pcre2_code_free(re.place);
  for (size_t i = 0; i < nfiles; i++) {
    og_doc_release(&files[i].doc);
  }
  free(files);
  og_diags_free(&d);
  return rc;
}
