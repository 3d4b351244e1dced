/* dedup.c — see dedup.h. (First version: no signature, never a duplicate.) */
#include "store/dedup.h"

#include <string.h>

size_t dp_minhash_text(const char *text, size_t len, dp_minhash *out) {
    (void)text;
    (void)len;
    memset(out, 0, sizeof *out);
    return 0;
}

double dp_minhash_similarity(const dp_minhash *a, const dp_minhash *b) {
    size_t same = 0;
    for (size_t i = 0; i < DP_MINHASH_K; i++) same += a->h[i] == b->h[i];
    return (double)same / DP_MINHASH_K;
}

void dp_minhash_buckets(const dp_minhash *m, int64_t keys[DP_LSH_BANDS]) {
    (void)m;
    for (size_t b = 0; b < DP_LSH_BANDS; b++) keys[b] = (int64_t)b;
}

double dp_dedup_threshold(void) { return 0.8; }
