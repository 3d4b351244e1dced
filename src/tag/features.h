/* features.h — what the taggers see of a word (issue #3, item 1).
 *
 * Each token is described once per document by a dp_wordinfo: hashes of
 * its form, lowercased form, prefixes, suffixes and shape, its ambiguity
 * class in the lexicon, its word-cluster path and its gazetteer matches.
 * Features for position i combine the infos of i and its neighbours with
 * the tags already predicted on the left (greedy decoding). Everything is a
 * 64-bit hash: no strings, no allocation on the tagging path. */
#ifndef DP_FEATURES_H
#define DP_FEATURES_H

#include <stddef.h>
#include <stdint.h>

/* A u64 -> u32 hash table inside a model file (linear probing). */
typedef struct dp_table {
    const unsigned char *keys; /* nslots x (u32 fingerprint (0 = empty), u32 value) */
    uint32_t nslots;           /* 0 for an absent table */
} dp_table;

/** Value of key, or -1 when absent. */
int64_t dp_table_get(const dp_table *t, uint64_t key);

/* Lexicon, clusters and gazetteer: read-only views into a model file. */
typedef struct dp_res {
    dp_table lex;                 /* hash(lowercase form) -> offset in lexdata */
    const unsigned char *lexdata; /* u8 count, count x (u8 upos, u16 script) */
    size_t lexdata_size;
    dp_table clust;               /* hash(form) -> (len << 24) | path bits */
    dp_table gaz;                 /* hash(token sequence) -> class bits (bit 31: a longer name continues) */
} dp_res;

/* Gazetteer classes (bits of dp_wordinfo.gaz: B- at bit c, I- at bit c + 16). */
enum {
    GAZ_COUNTRY, GAZ_DEMONYM, GAZ_REGION, GAZ_COMMUNE, GAZ_CITY, GAZ_FIRST_M, GAZ_FIRST_F,
    GAZ_ORG, GAZ_LOC, GAZ_PER, GAZ_NCLASSES
};
#define GAZ_CONTINUES 0x80000000u
#define GAZ_MAX_WORDS 6 /* longest name matched, in tokens */

/* Word flags. */
#define WF_FIRST 0x01u   /* first word of its sentence */
#define WF_DIGIT 0x02u
#define WF_HYPHEN 0x04u
#define WF_UPPER1 0x08u  /* initial capital */
#define WF_ALLCAP 0x10u
#define WF_APOS 0x20u
#define WF_PUNCT 0x40u   /* no letter nor digit */
#define WF_LONG 0x80u    /* more than 12 characters */

typedef struct dp_wordinfo {
    uint64_t w, lw;          /* form, lowercased form */
    uint64_t pre[3], suf[4]; /* lowercased prefixes and suffixes of 1..3 / 1..4 characters */
    uint64_t suf56[2];       /* suffixes of 5 and 6 characters (names: -ovitch, -bourg) */
    uint64_t shape;
    uint32_t lexclass;       /* bit u set when the lexicon knows the word as UPOS u */
    uint32_t clust;          /* (path length << 24) | path bits, 0 when unknown */
    uint32_t gaz;            /* gazetteer B-/I- class bits */
    uint16_t flags;          /* WF_* */
    uint8_t upos;            /* predicted part of speech (NER features) */
    uint8_t pad_;
} dp_wordinfo;

/* Bounded scratch for a lowercased word: longer words are hashed on their first bytes. */
#define DP_WORD_MAX 128

/** Lowercases s[0..n) (valid UTF-8) into out (cap bytes); returns the length written. */
size_t dp_lower(const char *s, size_t n, char *out, size_t cap);

/** Fills wi for the word s[0..n). `res` may be NULL. */
void dp_wordinfo_fill(dp_wordinfo *wi, const char *s, size_t n, const dp_res *res);

/** Marks gazetteer matches over a sentence's words (forms given as spans). */
void dp_gazetteer_mark(dp_wordinfo *wi, const char *const *forms, const size_t *lens, size_t n,
                       const dp_res *res);

/* Feature sets. */
#define FEAT_POS 1u
#define FEAT_NER 2u
#define DP_MAX_FEATS 80

/** Features of position i of a sentence of n words; prev[k] = label of
 * position k < i (as predicted so far). Returns the count written to out. */
size_t dp_features(unsigned set, const dp_wordinfo *wi, size_t n, size_t i, const uint8_t *prev, uint64_t *out);
/** The same in two parts: what does not depend on earlier labels, and what does. */
size_t dp_features_static(unsigned set, const dp_wordinfo *wi, size_t n, size_t i, uint64_t *out);
size_t dp_features_dyn(unsigned set, const dp_wordinfo *wi, size_t n, size_t i, const uint8_t *prev, uint64_t *out);

#endif
