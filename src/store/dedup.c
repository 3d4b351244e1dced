/* dedup.c — MinHash over word shingles, LSH by bands (dedup.h, docs/dedup.md).
 *
 * One pass over the bytes, no allocation: each word is hashed as it is read
 * (code points folded: lower case, Latin diacritics removed, œ → oe), the last
 * k word hashes are kept in a ring, and every k-word window gives a shingle
 * hash that updates the DP_MINHASH_K minima. Word characters are letters,
 * digits and number-like signs; combining marks, soft hyphens and joiners are
 * skipped inside a word (so NFC and NFD spell the same word); everything else
 * (spaces of any kind, punctuation, quotes, apostrophes, hyphens, symbols,
 * invalid UTF-8, NUL) separates words. Typography therefore does not change
 * the shingles: ' and ’, « » and ", NBSP and space, "É" and "e" are the same.
 *
 * Hash family: the shingle hash x (64 bits, well mixed) gives the i-th value
 * (A_i·x + B_i) >> 32 with A_i odd, B_i drawn from a fixed splitmix64 stream
 * (multiply-shift, 2-universal); deterministic across runs and platforms. */
#include "store/dedup.h"
#include "tag/hash.h"
#include "text/utf8.h"

#include <string.h>
#include <utf8proc.h>

#define SEED_FAMILY 0x6A09E667F3BCC909ull /* the hash family */
#define SEED_WORD 0xBB67AE8584CAA73Bull   /* word hashes */
#define SEED_BAND 0x3C6EF372FE94F82Bull   /* bucket keys */
#define FNV_PRIME 0x100000001B3ull
#define MAX_SHINGLE_K 8

_Static_assert(DP_MINHASH_K % DP_LSH_BANDS == 0, "bands must divide the signature");

static inline uint64_t mix64(uint64_t x) { return dp_mix64(x); } /* tag/hash.h: signatures are pinned by tests */

static inline uint64_t splitmix64(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Base letters of U+00C0..U+00FF and U+0100..U+017F; '_' separates, '2' is a
 * two-letter fold (handled in fold_cp). */
static const char latin1_fold[64 + 1] = "aaaaaa2ceeeeiiii"  /* C0 À..Ï (Æ) */
                                        "dnooooo_ouuuuyt2"  /* D0 Ð..ß (× ß) */
                                        "aaaaaa2ceeeeiiii"  /* E0 à..ï (æ) */
                                        "dnooooo_ouuuuyty"; /* F0 ð..ÿ (÷) */
static const char latin_a_fold[128 + 1] = "aaaaaaccccccccdd"  /* 0100 */
                                          "ddeeeeeeeeeegggg"  /* 0110 */
                                          "gggghhhhiiiiiiii"  /* 0120 */
                                          "ii22jjkkklllllll"  /* 0130 (Ĳ ĳ) */
                                          "lllnnnnnnnnnoooo"  /* 0140 */
                                          "oo22rrrrrrssssss"  /* 0150 (Œ œ) */
                                          "ssttttttuuuuuuuu"  /* 0160 */
                                          "uuuuwwyyyzzzzzzs"; /* 0170 */

enum { C_SEP, C_SKIP, C_WORD };

/* Folds one code point: C_WORD with up to 2 folded units in f[], C_SKIP for a
 * character that is ignored inside a word, C_SEP for a separator. */
static int fold_cp(uint32_t cp, uint32_t f[2], int *nf) {
    *nf = 1;
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z') { f[0] = cp; return C_WORD; }
        if (cp >= 'A' && cp <= 'Z') { f[0] = cp + 32; return C_WORD; }
        if (cp >= '0' && cp <= '9') { f[0] = cp; return C_WORD; }
        return C_SEP;
    }
    char c = 0;
    if (cp >= 0xC0 && cp <= 0xFF) c = latin1_fold[cp - 0xC0];
    else if (cp >= 0x100 && cp <= 0x17F) c = latin_a_fold[cp - 0x100];
    if (c == '_') return C_SEP;
    if (c == '2') {
        *nf = 2;
        switch (cp) {
        case 0xC6: case 0xE6: f[0] = 'a'; f[1] = 'e'; break;
        case 0xDF: f[0] = 's'; f[1] = 's'; break;
        case 0x132: case 0x133: f[0] = 'i'; f[1] = 'j'; break;
        default: f[0] = 'o'; f[1] = 'e'; break; /* Œ œ */
        }
        return C_WORD;
    }
    if (c) { f[0] = (uint32_t)(unsigned char)c; return C_WORD; }
    if (cp == 0xAD || cp == 0x200C || cp == 0x200D || cp == 0x2060) return C_SKIP;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LL:
        f[0] = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        return C_WORD;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        f[0] = cp;
        return C_WORD;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_SKIP;
    default:
        return C_SEP;
    }
}

/* One code point of untrusted UTF-8 (text/utf8.h): its length, 0 when invalid. */
static int decode(const unsigned char *s, size_t n, uint32_t *cp) { return dp_utf8_check(s, n, cp); }

typedef struct shingler {
    uint64_t a[DP_MINHASH_K], b[DP_MINHASH_K];
    uint32_t *h;
    uint64_t ring[MAX_SHINGLE_K];
    size_t words, shingles;
    int k;
    uint64_t *out;
    size_t cap;
} shingler;

/* One word (its running hash) has ended: update the ring, hash the shingle. */
static void end_word(shingler *s, uint64_t wh) {
    s->ring[s->words % (size_t)s->k] = mix64(wh ^ SEED_WORD);
    s->words++;
    if (s->words < (size_t)s->k) return;
    uint64_t x = (uint64_t)s->k * 0x9E3779B97F4A7C15ull;
    for (size_t j = s->words - (size_t)s->k; j < s->words; j++)
        x = (x ^ s->ring[j % (size_t)s->k]) * 0xC2B2AE3D27D4EB4Full + 0x165667B19E3779F9ull;
    x = mix64(x);
    if (s->out && s->shingles < s->cap) s->out[s->shingles] = x;
    s->shingles++;
    uint32_t *h = s->h;
    for (size_t i = 0; i < DP_MINHASH_K; i++) {
        uint32_t v = (uint32_t)((s->a[i] * x + s->b[i]) >> 32);
        h[i] = v < h[i] ? v : h[i];
    }
}

size_t dp_minhash_text_k(const char *text, size_t len, int k, dp_minhash *out, uint64_t *shingles,
                         size_t cap) {
    for (size_t i = 0; i < DP_MINHASH_K; i++) out->h[i] = UINT32_MAX;
    if (!text || k < 1 || k > MAX_SHINGLE_K) return 0;
    shingler s;
    memset(&s, 0, sizeof s);
    uint64_t seed = SEED_FAMILY;
    for (size_t i = 0; i < DP_MINHASH_K; i++) {
        s.a[i] = splitmix64(&seed) | 1;
        s.b[i] = splitmix64(&seed);
    }
    s.h = out->h;
    s.k = k;
    s.out = shingles;
    s.cap = shingles ? cap : 0;

    const unsigned char *p = (const unsigned char *)text;
    uint64_t wh = 0;
    int inword = 0;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        uint32_t f[2];
        int nf = 1, cls;
        if (c < 0x80) { /* ASCII fast path */
            i++;
            if (c >= 'a' && c <= 'z') { f[0] = c; cls = C_WORD; }
            else if (c >= 'A' && c <= 'Z') { f[0] = c + 32; cls = C_WORD; }
            else if (c >= '0' && c <= '9') { f[0] = c; cls = C_WORD; }
            else cls = C_SEP;
        } else {
            uint32_t cp;
            int l = decode(p + i, len - i, &cp);
            if (!l) { i++; cls = C_SEP; }
            else { i += (size_t)l; cls = fold_cp(cp, f, &nf); }
        }
        if (cls == C_WORD) {
            if (!inword) { wh = 0xCBF29CE484222325ull; inword = 1; }
            for (int j = 0; j < nf; j++) wh = (wh ^ f[j]) * FNV_PRIME;
        } else if (cls == C_SEP && inword) {
            end_word(&s, wh);
            inword = 0;
        }
    }
    if (inword) end_word(&s, wh);
    return s.shingles;
}

size_t dp_minhash_text(const char *text, size_t len, dp_minhash *out) {
    return dp_minhash_text_k(text, len, DP_SHINGLE_K, out, NULL, 0);
}

double dp_minhash_similarity(const dp_minhash *a, const dp_minhash *b) {
    size_t same = 0;
    for (size_t i = 0; i < DP_MINHASH_K; i++) same += a->h[i] == b->h[i] && a->h[i] != UINT32_MAX;
    return (double)same / DP_MINHASH_K;
}

void dp_minhash_buckets(const dp_minhash *m, int64_t keys[DP_LSH_BANDS]) {
    enum { ROWS = DP_MINHASH_K / DP_LSH_BANDS };
    for (size_t b = 0; b < DP_LSH_BANDS; b++) {
        uint64_t x = SEED_BAND ^ ((uint64_t)(b + 1) * 0x9E3779B97F4A7C15ull);
        for (size_t r = 0; r < ROWS; r++) x = mix64(x ^ m->h[b * ROWS + r]) + r;
        uint64_t v = mix64(x);
        int64_t key;
        memcpy(&key, &v, sizeof key); /* two's complement reinterpretation, no UB */
        keys[b] = key;
    }
}

double dp_dedup_threshold(void) { return 0.5; }
