/* i18n.c - the language of the program's own strings (see i18n.h). */
#define _POSIX_C_SOURCE 200809L
#include "i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DOMAIN "opgap"

static og_lang current = OG_LANG_EN;
static const char *const names[OG_LANG_COUNT] = {"en", "es"};

int og_lang_parse(const char *s) {
  for (int i = 0; s && i < OG_LANG_COUNT; i++) {
    if (strcmp(names[i], s) == 0) {
      return i;
    }
  }
  return -1;
}

const char *og_lang_name(og_lang l) { return names[l]; }

og_lang og_lang_current(void) { return current; }

static bool is_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int og_lang_use(og_lang l, const char *const *dirs, char *err, size_t errlen) {
  if (l == OG_LANG_EN) {
    current = l;
    return 0;
  }
  const char *found = NULL;
  size_t used = 0;
  err[0] = '\0';
  for (size_t i = 0; dirs[i] && !found; i++) {
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/" DOMAIN ".mo", dirs[i],
             names[l]);
    if (is_file(path)) {
      found = dirs[i];
    } else if (used < errlen) {
      int k = snprintf(err + used, errlen - used, "%s%s", used ? ", " : "",
                       path);
      used += k > 0 ? (size_t)k : 0;
    }
  }
  if (found == NULL) {
    return -1;
  }
  /* Any locale but C makes glibc honour LANGUAGE; C.UTF-8 is always there
   * in glibc >= 2.35. Only messages change: numbers stay C. */
  const char *const locales[] = {"C.UTF-8", "C.utf8", ""};
  const char *set = NULL;
  for (size_t i = 0; i < 3 && set == NULL; i++) {
    set = setlocale(LC_MESSAGES, locales[i]);
    if (set && (strcmp(set, "C") == 0 || strcmp(set, "POSIX") == 0)) {
      set = NULL;
    }
  }
  if (set == NULL) {
    snprintf(err, errlen, "no locale other than C is available for messages");
    return -1;
  }
  setenv("LANGUAGE", names[l], 1);
  if (bindtextdomain(DOMAIN, found) == NULL ||
      bind_textdomain_codeset(DOMAIN, "UTF-8") == NULL) {
    snprintf(err, errlen, "cannot bind the catalogue in %s", found);
    return -1;
  }
  current = l;
  return 0;
}

const char *og_tr(const char *msgid) {
  if (current == OG_LANG_EN || msgid == NULL || *msgid == '\0') {
    return msgid;
  }
  return dgettext(DOMAIN, msgid);
}

const char *og_trn(const char *msgid, const char *plural, unsigned long n) {
  if (current == OG_LANG_EN) {
    return n == 1 ? msgid : plural;
  }
  return dngettext(DOMAIN, msgid, plural, n);
}
