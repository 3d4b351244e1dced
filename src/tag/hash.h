/* hash.h — 64-bit hashing of feature strings and the model checksum.
 * Features are hashed to integers at the boundary (issue #3, item 1): a
 * feature is (template id, bytes), mixed by a multiply-xorshift hash that is
 * fast on short strings and has no bias on the low bits used for slots. */
#ifndef DP_HASH_H
#define DP_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DP_HASH_SEED 0x9E3779B97F4A7C15ull

static inline uint64_t dp_mix64(uint64_t x) {
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ull;
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ull;
    x ^= x >> 32;
    return x;
}

/** Hash of s[0..n) continuing from h. */
static inline uint64_t dp_hash_bytes(uint64_t h, const void *p, size_t n) {
    const unsigned char *s = p;
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        h = dp_mix64(h ^ v) + 0x2545F4914F6CDD1Dull;
        s += 8;
        n -= 8;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) v |= (uint64_t)s[i] << (8 * i);
    return dp_mix64(h ^ v ^ ((uint64_t)n << 56));
}

/** A feature id: template `tpl` applied to s[0..n). Never 0 (0 marks empty slots). */
static inline uint64_t dp_feat(uint32_t tpl, const void *s, size_t n) {
    uint64_t h = dp_hash_bytes(DP_HASH_SEED ^ ((uint64_t)tpl * 0xA24BAED4963EE407ull), s, n);
    return h ? h : 1;
}

/** A feature id from a template and an integer value. */
static inline uint64_t dp_feat_u(uint32_t tpl, uint64_t v) {
    uint64_t h = dp_mix64(DP_HASH_SEED ^ ((uint64_t)tpl * 0xA24BAED4963EE407ull) ^ dp_mix64(v + 0x632BE59BD9B4E019ull));
    return h ? h : 1;
}

/** Combines two feature ids into a conjunction feature. */
static inline uint64_t dp_feat_and(uint64_t a, uint64_t b) {
    uint64_t h = dp_mix64(a ^ (b * 0x9FB21C651E98DF25ull) ^ 0x5851F42D4C957F2Dull);
    return h ? h : 1;
}

/** Checksum of a model body (64-bit, word-at-a-time). */
uint64_t dp_checksum(const void *p, size_t n);

#endif
