/* features.c — word infos and feature templates (features.h). */
#include "features.h"

#include "hash.h"
#include "model.h"
#include "text/chars.h"
#include "text/utf8.h"

#include <string.h>
#include <utf8proc.h>

int64_t dp_table_get(const dp_table *t, uint64_t key) {
    if (!t->nslots) return -1;
    long slot = dp_mtab_find(t->keys, t->nslots, key);
    if (slot < 0) return -1;
    return (int64_t)dp_rd32(t->keys + 8 * (size_t)slot + 4);
}

size_t dp_lower(const char *s, size_t n, char *out, size_t cap) {
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (o + 1 > cap) break;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        int l;
        uint32_t cp = dp_utf8_decode_valid((const unsigned char *)s + i, &l);
        if (i + (size_t)l > n) break;
        uint32_t lc = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        char tmp[4];
        int tl = dp_utf8_encode(lc, tmp);
        if (o + (size_t)tl > cap) break;
        memcpy(out + o, tmp, (size_t)tl);
        o += (size_t)tl;
        i += (size_t)l;
    }
    return o;
}

/* Byte length of the last k characters of s[0..n) (or all of it). */
static size_t tail_bytes(const char *s, size_t n, int k) {
    size_t i = n;
    while (i > 0 && k > 0) {
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
        k--;
    }
    return n - i;
}

static size_t head_bytes(const char *s, size_t n, int k) {
    size_t i = 0;
    while (i < n && k > 0) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
        k--;
    }
    return i;
}

/* Template ids: stable numbers, part of the model format (changing one
 * means retraining: bump DP_FEATURES_VERSION in tagger.h). */
enum {
    T_BIAS = 1, T_LW, T_W, T_SUF1, T_SUF2, T_SUF3, T_SUF4, T_PRE1, T_PRE2, T_PRE3, T_SHAPE,
    T_LW_M1, T_LW_P1, T_LW_M2, T_LW_P2, T_SUF3_M1, T_SUF3_P1, T_TAG_M1, T_TAG_M2M1, T_TAG_M1_LW,
    T_LEX, T_LEX_M1, T_LEX_P1, T_LEX_TAGM1, T_LEX_P2, T_CL4, T_CL6, T_CL10, T_CL20, T_CL_M1,
    T_CL_P1, T_FLAGS, T_FIRST_SHAPE, T_LW_M1_LW, T_LW_LW_P1, T_SUF2_LEX,
    T_UPOS = 40, T_UPOS_M1, T_UPOS_P1, T_GAZ, T_GAZ_M1, T_GAZ_P1, T_W_M1, T_W_P1, T_SHAPE_M1,
    T_SHAPE_P1, T_SHAPE_LW_M1, T_UPOS_M1_UPOS, T_W_M2, T_SHAPE_LW_P1, T_TAG_M1_SHAPE, T_CL_P2,
    T_LW_UPOS, T_W_P2, T_WW_M1, T_WW_P1, T_GAZ_M2, T_GAZ_P2, T_CL_M1_10, T_CL_P1_10, T_LEX_SHAPE,
    T_SUF3_SHAPE, T_GAZ_SHAPE, T_SUF5, T_SUF6
};

void dp_wordinfo_fill(dp_wordinfo *wi, const char *s, size_t n, const dp_res *res) {
    char low[DP_WORD_MAX];
    size_t hn = n < DP_WORD_MAX ? n : DP_WORD_MAX;
    size_t ln = dp_lower(s, hn, low, sizeof low);
    wi->w = dp_hash_bytes(DP_HASH_SEED, s, hn);
    wi->lw = dp_hash_bytes(DP_HASH_SEED, low, ln);
    for (int k = 0; k < 3; k++) wi->pre[k] = dp_hash_bytes(DP_HASH_SEED + 7, low, head_bytes(low, ln, k + 1));
    for (int k = 0; k < 4; k++) {
        size_t tb = tail_bytes(low, ln, k + 1);
        wi->suf[k] = dp_hash_bytes(DP_HASH_SEED + 11, low + ln - tb, tb);
    }
    for (int k = 0; k < 2; k++) {
        size_t tb = tail_bytes(low, ln, k + 5);
        wi->suf56[k] = dp_hash_bytes(DP_HASH_SEED + 17, low + ln - tb, tb);
    }
    /* shape: X x d or the character itself, runs cut at two */
    char shape[32];
    size_t sl = 0;
    unsigned flags = 0;
    int letters = 0, uppers = 0, chars = 0, alnum = 0;
    for (size_t i = 0; i < n;) {
        int l;
        dp_cc k = dp_cc_at((const unsigned char *)s + i, &l);
        char c;
        switch (k) {
        case CC_UPPER: c = 'X'; letters++; uppers++; alnum++; break;
        case CC_LOWER: case CC_LETTER: c = 'x'; letters++; alnum++; break;
        case CC_DIGIT: c = 'd'; flags |= WF_DIGIT; alnum++; break;
        case CC_HYPHEN: c = '-'; flags |= WF_HYPHEN; break;
        case CC_APOS: c = '\''; flags |= WF_APOS; break;
        case CC_MARK: c = 0; break;
        default: c = (s[i] & 0x80) ? '*' : s[i]; break;
        }
        if (c && sl < sizeof shape && !(sl >= 2 && shape[sl - 1] == c && shape[sl - 2] == c)) shape[sl++] = c;
        if (i == 0 && k == CC_UPPER) flags |= WF_UPPER1;
        i += (size_t)l;
        chars++;
    }
    if (letters > 1 && uppers == letters) flags |= WF_ALLCAP;
    if (!alnum) flags |= WF_PUNCT;
    if (chars > 12) flags |= WF_LONG;
    wi->shape = dp_hash_bytes(DP_HASH_SEED + 13, shape, sl);
    wi->flags = (uint16_t)flags;
    wi->lexclass = 0;
    wi->clust = 0;
    wi->gaz = 0;
    wi->upos = 0;
    if (!res) return;
    int64_t off = dp_table_get(&res->lex, wi->lw);
    if (off >= 0) {
        const unsigned char *e = res->lexdata + off; /* validated at load */
        unsigned cnt = e[0];
        /* the ambiguity class comes from the external lexicon only: entries
         * learnt from the training treebanks would always contain the gold
         * tag there, and the tagger would learn to trust them too much */
        for (unsigned j = 0; j < cnt; j++)
            if (e[1 + 3 * j] & 0x80) wi->lexclass |= 1u << (e[1 + 3 * j] & 0x1F);
    }
    int64_t cl = dp_table_get(&res->clust, wi->w);
    if (cl < 0) cl = dp_table_get(&res->clust, wi->lw);
    if (cl >= 0) wi->clust = (uint32_t)cl;
}

static uint64_t gaz_step(uint64_t h, const char *s, size_t n) {
    uint64_t r = dp_hash_bytes(h ^ 0x3C6EF372FE94F82Bull, s, n);
    return r ? r : 1;
}

void dp_gazetteer_mark(dp_wordinfo *wi, const char *const *forms, const size_t *lens, size_t n, const dp_res *res) {
    if (!res || !res->gaz.nslots) return;
    for (size_t i = 0; i < n; i++) {
        uint64_t h = DP_HASH_SEED;
        size_t best_end = 0;
        uint32_t best = 0;
        for (size_t j = i; j < n && j - i < GAZ_MAX_WORDS; j++) {
            h = gaz_step(h, forms[j], lens[j]);
            int64_t v = dp_table_get(&res->gaz, h);
            if (v < 0) break;
            uint32_t bits = (uint32_t)v & ~GAZ_CONTINUES;
            if (bits) {
                best = bits;
                best_end = j + 1;
            }
            if (!((uint32_t)v & GAZ_CONTINUES)) break;
        }
        if (best) {
            wi[i].gaz |= best & 0xFFFFu;
            for (size_t k = i + 1; k < best_end; k++) wi[k].gaz |= (best & 0xFFFFu) << 16;
        }
    }
}

/* The hash every sequence key of a gazetteer is built with (tagger training uses it too). */
uint64_t dp_gaz_seq_hash(const char *const *forms, const size_t *lens, size_t n);
uint64_t dp_gaz_seq_hash(const char *const *forms, const size_t *lens, size_t n) {
    uint64_t h = DP_HASH_SEED;
    for (size_t j = 0; j < n; j++) h = gaz_step(h, forms[j], lens[j]);
    return h;
}

/* Padding infos for positions before the start and after the end. */
static const dp_wordinfo BOS = {.w = 0xB0B0B0B0ull, .lw = 0xB0B0B0B0ull, .shape = 0xB0ull, .lexclass = 1u << 30};
static const dp_wordinfo EOS = {.w = 0xE0E0E0E0ull, .lw = 0xE0E0E0E0ull, .shape = 0xE0ull, .lexclass = 1u << 29};

static inline const dp_wordinfo *at(const dp_wordinfo *wi, size_t n, long i) {
    if (i < 0) return &BOS;
    if ((size_t)i >= n) return &EOS;
    return &wi[i];
}

static inline uint64_t clpre(uint32_t c, unsigned k) {
    unsigned len = c >> 24;
    uint32_t bits = c & 0xFFFFFFu;
    if (!len) return 0xC1C1u;
    if (len > k) bits >>= (len - k);
    return ((uint64_t)(len < k ? len : k) << 32) | bits;
}

/* The features that depend on the labels already predicted (few): beam
 * search recomputes only these for each hypothesis. */
size_t dp_features_dyn(unsigned set, const dp_wordinfo *wi, size_t n, size_t i, const uint8_t *prev, uint64_t *f) {
    const dp_wordinfo *c = &wi[i];
    uint64_t t1 = i >= 1 ? prev[i - 1] : 0xFE, t2 = i >= 2 ? prev[i - 2] : 0xFE;
    size_t k = 0;
    (void)n;
    f[k++] = dp_feat_u(T_TAG_M1, t1);
    f[k++] = dp_feat_u(T_TAG_M2M1, t2 << 8 | t1);
    f[k++] = dp_feat_and(dp_feat_u(T_TAG_M1_LW, t1), c->lw);
    f[k++] = dp_feat_u(T_LEX_TAGM1, (uint64_t)c->lexclass << 8 | t1);
    if (set & FEAT_NER) f[k++] = dp_feat_and(dp_feat_u(T_TAG_M1_SHAPE, t1), c->shape);
    return k;
}

size_t dp_features(unsigned set, const dp_wordinfo *wi, size_t n, size_t i, const uint8_t *prev, uint64_t *f) {
    size_t k = dp_features_static(set, wi, n, i, f);
    return k + dp_features_dyn(set, wi, n, i, prev, f + k);
}

size_t dp_features_static(unsigned set, const dp_wordinfo *wi, size_t n, size_t i, uint64_t *f) {
    const dp_wordinfo *c = &wi[i], *m1 = at(wi, n, (long)i - 1), *m2 = at(wi, n, (long)i - 2),
                      *p1 = at(wi, n, (long)i + 1), *p2 = at(wi, n, (long)i + 2);
    size_t k = 0;
    f[k++] = dp_feat_u(T_BIAS, 0);
    f[k++] = dp_feat_u(T_LW, c->lw);
    f[k++] = dp_feat_u(T_W, c->w);
    f[k++] = dp_feat_u(T_SUF1, c->suf[0]);
    f[k++] = dp_feat_u(T_SUF2, c->suf[1]);
    f[k++] = dp_feat_u(T_SUF3, c->suf[2]);
    f[k++] = dp_feat_u(T_SUF4, c->suf[3]);
    f[k++] = dp_feat_u(T_PRE1, c->pre[0]);
    f[k++] = dp_feat_u(T_PRE2, c->pre[1]);
    f[k++] = dp_feat_u(T_PRE3, c->pre[2]);
    f[k++] = dp_feat_u(T_SHAPE, c->shape);
    f[k++] = dp_feat_u(T_LW_M1, m1->lw);
    f[k++] = dp_feat_u(T_LW_P1, p1->lw);
    f[k++] = dp_feat_u(T_LW_M2, m2->lw);
    f[k++] = dp_feat_u(T_LW_P2, p2->lw);
    f[k++] = dp_feat_u(T_SUF3_M1, m1->suf[2]);
    f[k++] = dp_feat_u(T_SUF3_P1, p1->suf[2]);
    f[k++] = dp_feat_u(T_LEX, c->lexclass);
    f[k++] = dp_feat_u(T_LEX_M1, m1->lexclass);
    f[k++] = dp_feat_u(T_LEX_P1, p1->lexclass);
    f[k++] = dp_feat_u(T_LEX_P2, p2->lexclass);
    f[k++] = dp_feat_u(T_CL4, clpre(c->clust, 4));
    f[k++] = dp_feat_u(T_CL6, clpre(c->clust, 6));
    f[k++] = dp_feat_u(T_CL10, clpre(c->clust, 10));
    f[k++] = dp_feat_u(T_CL20, clpre(c->clust, 20));
    f[k++] = dp_feat_u(T_CL_M1, clpre(m1->clust, 6));
    f[k++] = dp_feat_u(T_CL_P1, clpre(p1->clust, 6));
    f[k++] = dp_feat_u(T_FLAGS, c->flags);
    f[k++] = dp_feat_u(T_FIRST_SHAPE, (c->flags & WF_FIRST) ? c->shape : 0);
    f[k++] = dp_feat_and(dp_feat_u(T_LW_M1_LW, m1->lw), c->lw);
    f[k++] = dp_feat_and(dp_feat_u(T_LW_LW_P1, c->lw), p1->lw);
    f[k++] = dp_feat_u(T_SUF2_LEX, c->suf[1] ^ ((uint64_t)c->lexclass << 40));
    if (set & FEAT_NER) {
        f[k++] = dp_feat_u(T_UPOS, c->upos);
        f[k++] = dp_feat_u(T_UPOS_M1, m1->upos);
        f[k++] = dp_feat_u(T_UPOS_P1, p1->upos);
        f[k++] = dp_feat_u(T_UPOS_M1_UPOS, (uint64_t)m1->upos << 8 | c->upos);
        f[k++] = dp_feat_u(T_GAZ, c->gaz);
        f[k++] = dp_feat_u(T_GAZ_M1, m1->gaz);
        f[k++] = dp_feat_u(T_GAZ_P1, p1->gaz);
        f[k++] = dp_feat_u(T_W_M1, m1->w);
        f[k++] = dp_feat_u(T_W_P1, p1->w);
        f[k++] = dp_feat_u(T_W_M2, m2->w);
        f[k++] = dp_feat_u(T_SHAPE_M1, m1->shape);
        f[k++] = dp_feat_u(T_SHAPE_P1, p1->shape);
        f[k++] = dp_feat_and(dp_feat_u(T_SHAPE_LW_M1, c->shape), m1->lw);
        f[k++] = dp_feat_and(dp_feat_u(T_SHAPE_LW_P1, c->shape), p1->lw);
        f[k++] = dp_feat_u(T_CL_P2, clpre(p2->clust, 6));
        f[k++] = dp_feat_and(dp_feat_u(T_LW_UPOS, c->upos), c->lw);
        f[k++] = dp_feat_u(T_SUF5, c->suf56[0]);
        f[k++] = dp_feat_u(T_SUF6, c->suf56[1]);
    }
    return k;
}
