/* chars.h — character classes for the tokenizer, over valid (normalised) UTF-8.
 * ASCII is classified by a 128-entry table; other code points through
 * utf8proc's two-stage property tables, with the few punctuation marks that
 * matter to French (’ « » … – —) singled out. */
#ifndef DP_CHARS_H
#define DP_CHARS_H

#include <stddef.h>
#include <stdint.h>

typedef enum dp_cc {
    CC_SPACE = 0, /* space, tab, NBSP, narrow NBSP, other Zs, controls */
    CC_NL,        /* LF, U+2028, VT, FF, NEL */
    CC_PARA,      /* U+2029 paragraph separator */
    CC_UPPER,     /* Lu, Lt */
    CC_LOWER,     /* Ll */
    CC_LETTER,    /* Lm, Lo */
    CC_MARK,      /* M* */
    CC_DIGIT,     /* Nd */
    CC_APOS,      /* ' ’ ʼ */
    CC_HYPHEN,    /* - ‐ ‑ */
    CC_DOT,       /* . */
    CC_COMMA,     /* , */
    CC_QUOTE,     /* " « » “ ” „ ‹ › ‘ */
    CC_OPEN,      /* ( [ { */
    CC_CLOSE,     /* ) ] } */
    CC_TERM,      /* ! ? */
    CC_ELLIPSIS,  /* … */
    CC_DASH,      /* – — ― */
    CC_PUNCT,     /* other punctuation: ; : / … */
    CC_SYMBOL,    /* S*, No, other */
    CC_AT,        /* @ */
    CC_HASH,      /* # */
    CC_SLASH,     /* / */
    CC_COLON,     /* : */
    CC_AMP,       /* & */
    CC_UNDER,     /* _ */
    CC_NUMOTHER   /* Nl, No as letters of a word (², ½) */
} dp_cc;

/** Class of the code point at s[0..] (valid UTF-8); *len gets its byte length. */
dp_cc dp_cc_at(const unsigned char *s, int *len);

static inline int dp_cc_is_alnum(dp_cc c) {
    return c == CC_UPPER || c == CC_LOWER || c == CC_LETTER || c == CC_MARK || c == CC_DIGIT;
}
static inline int dp_cc_is_letter(dp_cc c) {
    return c == CC_UPPER || c == CC_LOWER || c == CC_LETTER;
}
static inline int dp_cc_is_space(dp_cc c) { return c == CC_SPACE || c == CC_NL || c == CC_PARA; }

#endif
