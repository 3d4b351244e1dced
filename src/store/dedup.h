/* dedup.h — near-duplicate detection: MinHash signatures and LSH buckets
 * (docs/dedup.md). Pure computation, no SQLite: the store persists the
 * signatures (articles.minhash) and the buckets (table lsh). */
#ifndef DP_STORE_DEDUP_H
#define DP_STORE_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#define DP_MINHASH_K 64   /* hash functions per signature */
#define DP_LSH_BANDS 32   /* bands of DP_MINHASH_K / DP_LSH_BANDS rows (2: docs/dedup.md) */
#define DP_SHINGLE_K 4    /* words per shingle (docs/dedup.md: chosen by measurement) */

typedef struct dp_minhash {
    uint32_t h[DP_MINHASH_K];
} dp_minhash;

/** The signature of a text (UTF-8). Returns the number of shingles hashed; 0
 * when the text is too short to have one (then the article is never a duplicate:
 * the store should not insert its buckets, which all empty signatures share). */
size_t dp_minhash_text(const char *text, size_t len, dp_minhash *out);

/** Estimated Jaccard similarity of the shingle sets (0..1); 0 when either
 * signature is empty. */
double dp_minhash_similarity(const dp_minhash *a, const dp_minhash *b);

/** The LSH bucket keys of a signature, one per band (band index mixed in). */
void dp_minhash_buckets(const dp_minhash *m, int64_t keys[DP_LSH_BANDS]);

/** Similarity from which an article is a copy of an earlier one (docs/dedup.md). */
double dp_dedup_threshold(void);

/** For the evaluation (tools/dupeval.c): dp_minhash_text with shingles of
 * `k` words (1..8; k = 1 gives the word set), and, when `shingles` is not NULL,
 * the first `cap` shingle hashes in text order (with repeats). Returns the
 * number of shingles. */
size_t dp_minhash_text_k(const char *text, size_t len, int k, dp_minhash *out, uint64_t *shingles,
                         size_t cap);

#endif
