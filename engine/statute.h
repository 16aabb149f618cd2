/* statute.h - cites, the sections of a code's text, and quotes in them.
 *
 * What `opgap lint` needs to check that a fact's quote occurs in the text
 * of a section its fact cites (issue 16):
 *
 *   cite      := part ("; " part)*
 *   part      := CODE [","] [marker] item ("," item)*    CODE as a profile's
 *                                                       `texts:` declare it
 *   marker    := "§" | "§§" | "s." | "ss." | "art." | "arts." | "sec." | ...
 *   item      := NUMBER subdivision* | subdivision+      "(c)" alone belongs
 *                                                       to the item before
 *   NUMBER    := "2256", "2251A", "22-1834", "163.1", "43.26", "16-4-1";
 *                after "art."/"arts." (Spanish) "189" or "177 bis", and
 *                ".1.a)" after it is a subdivision
 *   part      := CODE "," PROVISION                    a Spanish statute's
 *   PROVISION := "disposición" KIND ORDINAL            additional, final,
 *                ("adicional octava", "final quinta")  ... provision
 *
 * A code's text is a file whose sections start at a heading line:
 *   "§ 2256. Title" (US Code, D.C. Code, O.C.G.A.),  "Sec. 43.26. TITLE"
 *   (Texas), "787.025 Title.—" (Florida), a Markdown heading "### 163.1
 *   Marginal note" (Canada), "##### Artículo 177 bis." or "#####
 *   Disposición adicional octava. Title." (Spain, with or without the #s). A section runs to the next such heading, or to the
 *   next Markdown heading of its own level or higher.
 *
 * Quotes are compared after normalising both sides: runs of white space
 * (no-break and thin spaces too) are one space, curly quotes are straight,
 * soft hyphens and Markdown's '*' are dropped, and so is a "- " or "> "
 * that opens a line; "...", "…", "[...]" or "[…]" in a quote stands for
 * omitted words (the pieces must occur in that order); the case of each
 * piece's first letter is free.
 */
#ifndef OG_STATUTE_H
#define OG_STATUTE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct og_cite_part {
  char *text;      /* the part as written */
  int code;        /* index of its code among those declared; -1: none */
  char **sections; /* the section numbers it names, e.g. "1591", "177 bis" */
  size_t nsections;
} og_cite_part;

/* Splits cite into its parts and parses each against the declared codes
 * (the longest code that opens the part wins). Returns the number of
 * parts in *out (caller frees with og_cite_parts_free). */
size_t og_cite_parse(const char *cite, const char *const *codes, size_t ncodes,
                     og_cite_part **out);
void og_cite_parts_free(og_cite_part *v, size_t n);

/* Finds the next section numbered num in text at or after *from: sets
 * [*start, *end) to the section (heading included) and *from past it, and
 * returns true; false when there is no more. */
bool og_statute_find(const char *text, size_t len, const char *num,
                     size_t *from, size_t *start, size_t *end);

/* Whether quote occurs in text[0..len) (normalised as above). */
bool og_quote_in(const char *quote, const char *text, size_t len);

#endif
