/* i18n.h - the language reports are written in (--lang).
 *
 * English is the reference: with --lang en (the default) every string is
 * printed as written in the source, whatever the environment's locale.
 * With --lang es the program's own strings come from the gettext
 * catalogue po/es.po (compiled to LOCALEDIR/es/LC_MESSAGES/opgap.mo) and
 * the rule texts from rules/es/ (rules.c). JSON keys, rule ids and status
 * ids never change.
 *
 * glibc ignores LANGUAGE in the C locale, and a machine may have no es_ES
 * locale installed: opgap sets only LC_MESSAGES, to C.UTF-8 (built into
 * glibc since 2.35), selects the catalogue with LANGUAGE and binds the
 * domain to the directory the catalogue was found in, with UTF-8 output.
 * Numbers, dates and sorting stay in the C locale.
 */
#ifndef OG_I18N_H
#define OG_I18N_H

#include <stdbool.h>
#include <stddef.h>

typedef enum og_lang { OG_LANG_EN, OG_LANG_ES, OG_LANG_COUNT } og_lang;

/* "en", "es"; -1 when not a supported language. */
int og_lang_parse(const char *s);
const char *og_lang_name(og_lang l);
/* The language reports are written in (English until og_lang_use). */
og_lang og_lang_current(void);
/* Selects the language. For a language other than English, the catalogue
 * is looked for in each of dirs (NULL-terminated) as
 * DIR/LANG/LC_MESSAGES/opgap.mo. Returns 0, or -1 with a message in err
 * (the directories searched) when the catalogue cannot be used. */
int og_lang_use(og_lang l, const char *const *dirs, char *err, size_t errlen);

/* The translation of a program string (msgid) in the current language. */
const char *og_tr(const char *msgid) __attribute__((format_arg(1)));
/* The same, singular or plural by n. */
const char *og_trn(const char *msgid, const char *plural, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));

#define _(s) og_tr(s)
#define N_(s) s

#endif
