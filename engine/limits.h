/* limits.h - every named limit of opgap, in one place.
 *
 * A limit that is hit is an error naming the limit ("too many rules (limit
 * is 4096)"), never a silent truncation: a truncated legal file is a wrong
 * legal answer.
 */
#ifndef OG_LIMITS_H
#define OG_LIMITS_H

#define OG_MAX_FILE_BYTES      (16u * 1024u * 1024u) /* one YAML or text file */
#define OG_MAX_SCALAR_BYTES    (64u * 1024u)         /* one YAML scalar */
#define OG_MAX_INT_DIGITS      15                    /* digits of a plain integer */
#define OG_MAX_DEPTH           64                    /* YAML nesting depth */
#define OG_MAX_NODES           (1u << 20)            /* nodes in one YAML document */
#define OG_MAX_MAP_KEYS        4096                  /* keys in one mapping */
#define OG_MAX_RULES           4096
#define OG_MAX_FACTS           4096                  /* facts in the vocabulary */
#define OG_MAX_ENUM_MEMBERS    64                    /* members of one enum (a set is a bitmask) */
#define OG_MAX_COND_DEPTH      32                    /* nesting of all/any/not */
#define OG_MAX_PARENT_DEPTH    8                     /* parent chain of a profile */
#define OG_MAX_ERRORS          100                   /* errors reported per run */
#define OG_PCRE2_MATCH_LIMIT   1000000u              /* pcre2_set_match_limit */
#define OG_PCRE2_DEPTH_LIMIT   10000u                /* pcre2_set_depth_limit */
#define OG_SCAN_WINDOW         (8u * 1024u * 1024u)  /* a scan report reads a text this much at a time */
#define OG_MAX_SCAN_BYTES      (1024u * 1024u * 1024u) /* one text given to opgap scan */
#define OG_MAX_SCAN_THREADS    16                    /* opgap scan --jobs */
#define OG_SCAN_SHARE_MIN      (1024u * 1024u)       /* least text per scan worker */
#define OG_PCRE2_JIT_STACK     (1024u * 1024u)       /* JIT stack of one scan worker */
#define OG_MAX_PATH            4096                  /* the executable's path, the working directory */

#endif
