/* utf8.h — input bytes to normalised text with a map back to input offsets.
 *
 * The normalised text is valid UTF-8 in NFC, with LF line breaks: invalid
 * sequences and NUL become U+FFFD (or are rejected under DP_OPT_STRICT_UTF8),
 * a leading BOM is skipped, CRLF becomes LF and a lone CR becomes LF.
 * Offsets stay exact through a list of "replaced segments": stretches where
 * the normalised bytes differ in length from the input bytes. Between
 * segments the two texts run in parallel, so the map costs nothing for clean
 * input (issue #2, item 3). */
#ifndef DP_UTF8_H
#define DP_UTF8_H

#include "core/alloc.h"
#include "core/buf.h"
#include <stdint.h>

/** norm [n0,n1) stands for input [o0,o1). A uniform segment is a run of
 * identical replacements, `nu` normalised bytes for every `ou` input bytes
 * (U+FFFD for one bad byte: 3 for 1; LF for CRLF: 1 for 2), mapped exactly;
 * other segments (an NFC cluster) map their inside to their end. */
typedef struct dp_seg {
    uint32_t n0, n1, o0, o1;
    uint8_t nu, ou; /* 0, 0: not uniform */
} dp_seg;

typedef struct dp_offmap {
    const dp_alloc *alc;
    dp_seg *segs;
    size_t nsegs, cap;
} dp_offmap;

void dp_offmap_init(dp_offmap *m, const dp_alloc *alc);
void dp_offmap_release(dp_offmap *m);

/** Normalises in[0..n) into `out` (reset first, NUL-terminated) and fills the map.
 * Returns DP_OK, DP_ERR_NOMEM, or DP_ERR_UTF8 (strict mode; err->offset set). */
dp_status dp_normalize(const char *in, size_t n, unsigned opts, dp_buf *out, dp_offmap *map,
                       dp_error *err);

/** Input offset of a normalised offset (binary search). */
uint32_t dp_offmap_orig(const dp_offmap *m, uint32_t pos);

/** A cursor for mapping offsets that come in non-decreasing order in O(1) each. */
typedef struct dp_offcursor {
    const dp_offmap *m;
    size_t i; /* index of the first segment with n0 > last position, as found so far */
} dp_offcursor;
static inline void dp_offcursor_init(dp_offcursor *c, const dp_offmap *m) { c->m = m; c->i = 0; }
uint32_t dp_offcursor_orig(dp_offcursor *c, uint32_t pos);

/** Decodes one code point of valid UTF-8 at s (as produced by dp_normalize);
 * *len receives its byte length. */
static inline uint32_t dp_utf8_decode_valid(const unsigned char *s, int *len) {
    unsigned c = s[0];
    if (c < 0x80) { *len = 1; return c; }
    if (c < 0xE0) { *len = 2; return ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu); }
    if (c < 0xF0) { *len = 3; return ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu); }
    *len = 4;
    return ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
}

/** Checks one code point of untrusted input at s[0..n): returns its length
 * (1..4) and stores it in *cp, or returns 0 for an invalid sequence
 * (overlong, surrogate, beyond U+10FFFF, truncated). */
int dp_utf8_check(const unsigned char *s, size_t n, uint32_t *cp);

/** Encodes cp into out (4 bytes room); returns the length. */
int dp_utf8_encode(uint32_t cp, char *out);

/** Appends s[0..n) to out, replacing every invalid sequence and NUL by U+FFFD. */
int dp_utf8_repair(dp_buf *out, const char *s, size_t n);

#endif
