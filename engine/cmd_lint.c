/* cmd_lint.c - `opgap lint [--texts DIR] PROFILE...`: every quote is in
 * the text of a section its fact cites.
 *
 * A profile declares where its codes' text is (`texts: [{code, files}]`,
 * files a glob below DIR, by default ../shared/statutes-text beside the
 * repository the rules are in). For each fact that rests on a quoted text
 * (evidence `text`, the default with a quote), each part of its cite that
 * names a declared code is parsed into section numbers, each section is
 * located in the code's files (statute.h) and the quote must occur in one
 * of them. When it does not, every reason is an error at the fact:
 *   FILE:L:C: quote of fact 'g.n' is not in the text of CITE (FILES)
 *   FILE:L:C: cite 'PART' of fact 'g.n' names a code the profile's texts do
 *             not declare (they declare 'A', 'B')
 *   FILE:L:C: section N of 'PART' (fact 'g.n') is not in the text of CODE
 *             (GLOB)
 *   FILE:L:C: cite 'PART' of fact 'g.n' names no section
 * and a declaration whose glob matches no file is an error at it. A quote
 * found in one cited section is enough: the other parts of its cite may
 * name codes or sections whose text is not at hand. Exit 2 on any error.
 */
#define _POSIX_C_SOURCE 200809L
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "statute.h"

typedef struct text_file {
  char *path; /* as opened */
  const char *rel; /* below the texts directory */
  char *data;
  size_t len;
} text_file;

typedef struct code_files {
  const char *code, *glob;
  text_file **files;
  size_t nfiles;
} code_files;

typedef struct lint {
  char *texts; /* the texts directory, once resolved */
  bool no_texts; /* it is not there (said once) */
  const char *rules_dir;
  const char *texts_opt;
  text_file **cache; /* every file read, each once */
  size_t ncache;
  og_diags *d;
} lint;

static int usage(void) {
  puts("usage: opgap lint [OPTIONS] PROFILE.yaml...\n\n"
       "Checks that every quote of a profile occurs in the text of a section\n"
       "its fact cites, in the statute texts the profile declares under\n"
       "`texts:` (code and files). White space, curly quotes, soft hyphens,\n"
       "Markdown emphasis and the case of the first letter are normalised;\n"
       "\"...\" in a quote stands for omitted words. A profile that declares\n"
       "no texts is reported and not checked.\n\n"
       "Exit status: 0 when every quote is found, 2 when one is not, a cite\n"
       "cannot be resolved, or on bad input or usage.\n\nOptions:");
  og_cli_print_options(OPT_RULES | OPT_STATUTES | OPT_TEXTS);
  return OG_EXIT_OK;
}

static bool is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The texts directory: --texts, else ../shared/statutes-text beside the
 * root of the repository the rules are in. NULL after an error. */
static const char *texts_dir(lint *l) {
  if (l->texts) {
    return l->no_texts ? NULL : l->texts;
  }
  if (l->texts_opt) {
    l->texts = og_xstrdup(l->texts_opt);
  } else {
    char *root = og_xstrdup(l->rules_dir);
    char *slash = strrchr(root, '/');
    char *dir;
    if (slash == NULL) {
      dir = og_xstrdup("../shared/statutes-text");
    } else {
      *slash = '\0';
      dir = og_xasprintf("%s/../shared/statutes-text", root);
    }
    free(root);
    l->texts = dir;
  }
  if (!is_dir(l->texts)) {
    fprintf(stderr,
            "opgap lint: no statute texts at %s%s; name them with --texts "
            "DIR\n",
            l->texts,
            l->texts_opt ? "" : " (../shared/statutes-text beside the "
                                "repository the rules are in)");
    l->no_texts = true;
    return NULL;
  }
  return l->texts;
}

static text_file *file_get(lint *l, const char *path, const char *dir) {
  for (size_t i = 0; i < l->ncache; i++) {
    if (strcmp(l->cache[i]->path, path) == 0) {
      return l->cache[i];
    }
  }
  og_diags d;
  og_diags_init(&d);
  size_t len;
  char *data = og_read_file(path, &len, &d);
  if (data == NULL) {
    og_diags_print(&d, stderr);
    og_diags_free(&d);
    return NULL;
  }
  og_diags_free(&d);
  text_file *f = og_xcalloc(1, sizeof(*f));
  l->cache = og_xrealloc(l->cache, (l->ncache + 1) * sizeof(*l->cache));
  l->cache[l->ncache++] = f;
  f->path = og_xstrdup(path);
  size_t dl = strlen(dir);
  f->rel = strncmp(f->path, dir, dl) == 0 && f->path[dl] == '/'
               ? f->path + dl + 1
               : f->path;
  f->data = data;
  f->len = len;
  return f;
}

/* Text of the node s, or NULL when absent or not a scalar. */
static const char *str(const og_node *n) {
  return n && n->kind == OG_NODE_SCALAR ? n->str : NULL;
}

/* Expands each declaration's glob. A glob that matches nothing is an
 * error at the declaration. Returns the number of errors. */
static int load_codes(lint *l, const og_node *texts, code_files *codes,
                      size_t ncodes) {
  int bad = 0;
  const char *dir = texts_dir(l);
  if (dir == NULL) {
    return -1;
  }
  for (size_t i = 0; i < ncodes; i++) {
    const og_node *item = texts->items[i];
    code_files *c = &codes[i];
    c->code = str(og_map_get(item, "code"));
    c->glob = str(og_map_get(item, "files"));
    char *pattern = og_xasprintf("%s/%s", dir, c->glob);
    glob_t g;
    int rc = glob(pattern, 0, NULL, &g);
    free(pattern);
    if (rc != 0 || g.gl_pathc == 0) {
      const og_node *fn = og_map_get(item, "files");
      og_diag_add(l->d, item->file, fn->line, fn->col,
                  "no file of %s matches '%s' (texts of '%s')", dir, c->glob,
                  c->code);
      bad++;
      if (rc == 0) {
        globfree(&g);
      }
      continue;
    }
    c->files = og_xcalloc(g.gl_pathc, sizeof(text_file *));
    for (size_t k = 0; k < g.gl_pathc; k++) {
      text_file *f = file_get(l, g.gl_pathv[k], dir);
      if (f == NULL) {
        bad++;
        continue;
      }
      c->files[c->nfiles++] = f;
    }
    globfree(&g);
  }
  return bad;
}

/* Checks one fact's quote; returns 1 when it was found, 0 when not (the
 * reasons added to l->d). */
static int check_fact(lint *l, const char *name, const og_node *fact,
                      code_files *codes, size_t ncodes) {
  const og_node *qn = og_map_get(fact, "quote");
  const og_node *cn = og_map_get(fact, "cite");
  const char *quote = str(qn), *cite = str(cn);
  const char **names = og_xcalloc(ncodes + 1, sizeof(char *));
  for (size_t i = 0; i < ncodes; i++) {
    names[i] = codes[i].code ? codes[i].code : "";
  }
  og_cite_part *parts;
  size_t nparts = og_cite_parse(cite, names, ncodes, &parts);
  og_buf where; /* the files the cited sections were found in */
  og_buf_init(&where);
  bool found = false;
  og_diags why; /* kept apart: only reported when the quote is not found */
  og_diags_init(&why);
  for (size_t i = 0; i < nparts && !found; i++) {
    og_cite_part *p = &parts[i];
    if (p->code < 0) {
      og_buf declared;
      og_buf_init(&declared);
      for (size_t k = 0; k < ncodes; k++) {
        og_buf_printf(&declared, "%s'%s'", k ? ", " : "", names[k]);
      }
      og_diag_add(&why, fact->file, cn->line, cn->col,
                  "cite '%s' of fact '%s' names a code the profile's texts do "
                  "not declare (they declare %s)",
                  p->text, name, declared.data ? declared.data : "none");
      og_buf_free(&declared);
      continue;
    }
    code_files *c = &codes[p->code];
    if (c->nfiles == 0) {
      continue; /* the declaration's own error says why */
    }
    if (p->nsections == 0) {
      og_diag_add(&why, fact->file, cn->line, cn->col,
                  "cite '%s' of fact '%s' names no section", p->text, name);
      continue;
    }
    for (size_t s = 0; s < p->nsections && !found; s++) {
      bool located = false;
      for (size_t k = 0; k < c->nfiles && !found; k++) {
        text_file *f = c->files[k];
        /* every section of that number: a code may repeat one (the
         * articles of a royal decree before the code's own, a form, a
         * related provision), and the headings alone cannot tell which is
         * meant */
        size_t from = 0, a, b;
        while (!found && og_statute_find(f->data, f->len, p->sections[s],
                                         &from, &a, &b)) {
          if (where.data == NULL || strstr(where.data, f->rel) == NULL) {
            og_buf_printf(&where, "%s%s", where.len ? ", " : "", f->rel);
          }
          located = true;
          found = og_quote_in(quote, f->data + a, b - a);
        }
      }
      if (!located) {
        og_diag_add(&why, fact->file, cn->line, cn->col,
                    "section %s of '%s' (fact '%s') is not in the text of "
                    "'%s' (%s)",
                    p->sections[s], p->text, name, c->code, c->glob);
      }
    }
  }
  if (!found) {
    if (where.len > 0 || why.n == 0) {
      og_diag_add(l->d, fact->file, qn->line, qn->col,
                  "quote of fact '%s' is not in the text of %s (%s)", name,
                  cite, where.len ? where.data : "no section found");
    }
    for (size_t i = 0; i < why.n; i++) {
      og_diag_add(l->d, why.v[i].file, why.v[i].line, why.v[i].col, "%s",
                  why.v[i].msg);
    }
  }
  og_diags_free(&why);
  og_buf_free(&where);
  og_cite_parts_free(parts, nparts);
  free(names);
  return found;
}

/* Lints one profile; returns the number of errors. */
static int lint_profile(lint *l, const og_cli *cli, const og_ruleset *rs,
                        const char *path) {
  og_profile *p = og_cli_load_profile(cli, rs, path);
  if (p == NULL) {
    return 1;
  }
  og_profile_free(p); /* valid: the checks below read the document */
  og_doc doc;
  og_diags d;
  og_diags_init(&d);
  if (og_doc_load(&doc, path, &d) != 0) {
    og_cli_fail(&d);
    og_diags_free(&d);
    return 1;
  }
  og_diags_free(&d);
  const og_node *texts = og_map_get(doc.root, "texts");
  const og_node *facts = og_map_get(doc.root, "facts");
  size_t ncodes = texts && texts->kind == OG_NODE_SEQ ? texts->n : 0;
  code_files *codes = og_xcalloc(ncodes + 1, sizeof(code_files));
  size_t before = l->d->n;
  int bad = 0, quotes = 0, found = 0;
  if (ncodes > 0) {
    bad = load_codes(l, texts, codes, ncodes);
  }
  for (size_t g = 0; bad >= 0 && facts && g < facts->n; g++) {
    const og_node *group = og_map_val(facts, g);
    for (size_t i = 0; group->kind == OG_NODE_MAP && i < group->n; i++) {
      const og_node *fact = og_map_val(group, i);
      const char *ev = str(og_map_get(fact, "evidence"));
      if (str(og_map_get(fact, "quote")) == NULL ||
          str(og_map_get(fact, "cite")) == NULL ||
          (ev && strcmp(ev, "text") != 0)) {
        continue; /* no quote, or a quote of a source's words */
      }
      quotes++;
      if (ncodes == 0) {
        continue;
      }
      char *name = og_xasprintf("%s.%s", og_map_key(facts, g)->str,
                                og_map_key(group, i)->str);
      found += check_fact(l, name, fact, codes, ncodes);
      free(name);
    }
  }
  if (bad >= 0) {
    if (ncodes == 0) {
      printf("%s: declares no texts: its %d quotes are not checked\n", path,
             quotes);
    } else {
      printf("%s: %d of %d quotes found in the sections their facts cite\n",
             path, found, quotes);
    }
  }
  for (size_t i = 0; i < ncodes; i++) {
    free(codes[i].files);
  }
  free(codes);
  og_doc_release(&doc);
  return bad < 0 ? 1 : (int)(l->d->n - before) + (bad > 0);
}

int og_cmd_lint(int argc, char **argv) {
  og_cli cli;
  const unsigned allowed = OPT_RULES | OPT_STATUTES | OPT_TEXTS;
  if (og_cli_wants_help(argc, argv)) {
    return usage();
  }
  if (og_cli_parse(&cli, argc, argv, allowed, "lint") != 0) {
    return OG_EXIT_INPUT;
  }
  int rc = OG_EXIT_INPUT;
  og_ruleset *rs = NULL;
  og_diags d;
  og_diags_init(&d);
  lint l = {.d = &d, .texts_opt = cli.texts_dir};
  if (cli.nargs == 0) {
    fprintf(stderr, "opgap lint: expected one or more profiles (see 'opgap "
                    "lint --help')\n");
    goto done;
  }
  if ((rs = og_cli_load_rules(&cli)) == NULL) {
    goto done;
  }
  l.rules_dir = rs->dir;
  int bad = 0;
  for (size_t i = 0; i < cli.nargs; i++) {
    bad += lint_profile(&l, &cli, rs, cli.args[i]);
  }
  og_diags_print(&d, stderr);
  rc = bad ? OG_EXIT_INPUT : OG_EXIT_OK;
done:
  for (size_t i = 0; i < l.ncache; i++) {
    free(l.cache[i]->path);
    free(l.cache[i]->data);
    free(l.cache[i]);
  }
  free(l.cache);
  free(l.texts);
  og_diags_free(&d);
  og_ruleset_free(rs);
  og_cli_release(&cli);
  return rc;
}
