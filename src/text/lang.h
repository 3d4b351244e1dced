/* lang.h — the language data the text layer reads. The tokenizer and the
 * sentence splitter hold no French in their code: elisions, clitics,
 * abbreviations and multiword tokens come from a dp_lang table, so another
 * language is another table (issue #2: "the design serves other languages by data"). */
#ifndef DP_LANG_H
#define DP_LANG_H

#include "depeche.h"

/** A multiword token: surface form (lowercase) and its words. */
typedef struct dp_mwt {
    const char *surface;
    uint8_t len; /* bytes of surface */
    uint8_t nparts;
    dp_word parts[3];
} dp_mwt;

typedef struct dp_lang {
    const char *code; /* "fr" */
    /* Elided forms, lowercase, without the apostrophe: "l", "qu", "jusqu". */
    const char *const *elisions;
    /* Whole words that contain an elision-looking apostrophe: "aujourd'hui"
     * (lowercase, with ASCII apostrophe; ’ is matched as '). */
    const char *const *apos_words;
    /* Pronouns split off after a hyphen at the end of a word: "il", "moi". */
    const char *const *clitics;
    /* Hyphenated words whose last part looks like a clitic but is not: "rendez-vous". */
    const char *const *hyphen_words;
    /* Abbreviations that keep their dot, case-sensitive, without the dot:
     * titles that never end a sentence ... */
    const char *const *titles;
    /* ... and others that may end one ("etc"). */
    const char *const *abbrevs;
    /* Capitalised words that usually start a sentence (articles, pronouns,
     * conjunctions): after "X." they tell a sentence end from an initial. */
    const char *const *sentence_starters;
    /* Ordinal suffixes kept with their digits: "66e", "1er", "2nde". */
    const char *const *ordinal_suffixes;
    /* Units that keep a slash between them: "km/h". */
    const char *const *slash_units;
    /* Multiword tokens ("du" = "de" + "le"). */
    const dp_mwt *mwts;
    size_t nmwts;
    /* Lowercase ASCII first letters of the multiword tokens (a fast reject). */
    const char *mwt_initials;
} dp_lang;

extern const dp_lang dp_lang_fr;

/** Is the lowercase ASCII-or-UTF-8 string s[0..n) in the NULL-terminated list? */
int dp_lang_in(const char *const *list, const char *s, size_t n);
/** The same, ignoring ASCII case and treating ’ as '. */
int dp_lang_in_fold(const char *const *list, const char *s, size_t n);
/** Length in s[0..n) of the longest list entry that s starts with (folded as
 * dp_lang_in_fold), or 0. The caller checks what follows the match. */
size_t dp_lang_prefix_fold(const char *const *list, const char *s, size_t n);
/** The multiword token whose surface is s[0..n) (case-insensitive), or NULL. */
const dp_mwt *dp_lang_mwt(const dp_lang *l, const char *s, size_t n);

#endif
