/* chars.c — character classes (chars.h). */
#include "chars.h"
#include "utf8.h"

#include <utf8proc.h>

#define S CC_SPACE
#define N CC_NL
#define U CC_UPPER
#define L CC_LOWER
#define D CC_DIGIT
#define P CC_PUNCT
#define Y CC_SYMBOL
static const unsigned char ascii_cc[128] = {
    /* 0x00 */ S, S, S, S, S, S, S, S, S, S, N, N, N, S, S, S,
    /* 0x10 */ S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    /* ' ' */ S, CC_TERM, CC_QUOTE, CC_HASH, Y, Y, CC_AMP, CC_APOS,
    /* ( */ CC_OPEN, CC_CLOSE, Y, Y, CC_COMMA, CC_HYPHEN, CC_DOT, CC_SLASH,
    /* 0 */ D, D, D, D, D, D, D, D, D, D, CC_COLON, P, Y, Y, Y, CC_TERM,
    /* @ */ CC_AT, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
    /* P */ U, U, U, U, U, U, U, U, U, U, U, CC_OPEN, P, CC_CLOSE, Y, CC_UNDER,
    /* ` */ P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    /* p */ L, L, L, L, L, L, L, L, L, L, L, CC_OPEN, Y, CC_CLOSE, Y, S,
};
#undef S
#undef N
#undef U
#undef L
#undef D
#undef P
#undef Y

dp_cc dp_cc_at(const unsigned char *s, int *len) {
    if (s[0] < 0x80) {
        *len = 1;
        return (dp_cc)ascii_cc[s[0]];
    }
    if (s[0] == 0xC3) {
        /* Latin-1 letters, most of French's non-ASCII: À..Þ upper, ß..ÿ lower, but × ÷ */
        *len = 2;
        if (s[1] == 0x97 || s[1] == 0xB7) return CC_SYMBOL;
        return s[1] < 0x9F ? CC_UPPER : CC_LOWER;
    }
    uint32_t cp = dp_utf8_decode_valid(s, len);
    switch (cp) {
    case 0x2019: case 0x02BC: case 0x2032:
        return CC_APOS;
    case 0x2010: case 0x2011:
        return CC_HYPHEN;
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: case 0x2039: case 0x203A:
    case 0x2018: case 0x201A: case 0x201F:
        return CC_QUOTE;
    case 0x2026:
        return CC_ELLIPSIS;
    case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        return CC_DASH;
    case 0x0085: case 0x2028:
        return CC_NL;
    case 0x2029:
        return CC_PARA;
    case 0x00A0: case 0x202F: case 0x2007: case 0x2009: case 0xFEFF: case 0x200B:
        return CC_SPACE;
    case 0xFFFD:
        return CC_LETTER; /* a repaired byte is most often a letter of a mis-encoded word */
    case 0x00AD: case 0x200C: case 0x200D: /* soft hyphen and joiners stay inside words */
        return CC_MARK;
    default:
        break;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
        return CC_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return CC_LOWER;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return CC_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return CC_MARK;
    case UTF8PROC_CATEGORY_ND:
        return CC_DIGIT;
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return CC_NUMOTHER;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
        return CC_SPACE;
    case UTF8PROC_CATEGORY_ZL:
        return CC_NL;
    case UTF8PROC_CATEGORY_ZP:
        return CC_PARA;
    case UTF8PROC_CATEGORY_PS:
        return CC_OPEN;
    case UTF8PROC_CATEGORY_PE:
        return CC_CLOSE;
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
        return CC_QUOTE;
    case UTF8PROC_CATEGORY_PD:
        return CC_DASH;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PO:
        return CC_PUNCT;
    default:
        return CC_SYMBOL;
    }
}
