/* facts.c — the order of the facts passes, and small token predicates. */
#include "facts/facts.h"
#include "tag/hash.h"
#include "tag/tagger.h"

/* Lower-cases one code point given as UTF-8 at s (ASCII and Latin-1 upper
 * case only; the typographic apostrophe as '; other bytes unchanged);
 * returns bytes consumed, writes to o. */
static size_t fold1(const unsigned char *s, size_t n, unsigned char o[2], size_t *olen) {
    if (s[0] >= 'A' && s[0] <= 'Z') {
        o[0] = (unsigned char)(s[0] + 32);
        *olen = 1;
        return 1;
    }
    if (s[0] == 0xC3 && n >= 2 && s[1] >= 0x80 && s[1] <= 0x9E && s[1] != 0x97) {
        o[0] = 0xC3;
        o[1] = (unsigned char)(s[1] + 0x20);
        *olen = 2;
        return 2;
    }
    if (s[0] == 0xE2 && n >= 3 && s[1] == 0x80 && (s[2] == 0x99 || s[2] == 0x98)) { /* ’ ‘ as ' */
        o[0] = '\'';
        *olen = 1;
        return 3;
    }
    o[0] = s[0];
    *olen = 1;
    return 1;
}

int dp_str_is(const char *s, size_t n, const char *w) {
    const unsigned char *p = (const unsigned char *)s, *q = (const unsigned char *)w;
    size_t i = 0;
    while (i < n) {
        unsigned char o[2];
        size_t ol, k = fold1(p + i, n - i, o, &ol);
        for (size_t j = 0; j < ol; j++, q++)
            if (*q != o[j]) return 0;
        i += k;
    }
    return *q == 0;
}

int dp_tok_is(const dp_doc *d, const dp_token *t, const char *w) {
    size_t n;
    const char *s = dp_tok_text(d, t, &n);
    return dp_str_is(s, n, w);
}

int dp_tok_in(const dp_doc *d, const dp_token *t, const char *const *words) {
    size_t n;
    const char *s = dp_tok_text(d, t, &n);
    for (int i = 0; words[i]; i++)
        if (dp_str_is(s, n, words[i])) return i;
    return -1;
}

int dp_tok_upper(const dp_doc *d, const dp_token *t) {
    const unsigned char *s = (const unsigned char *)d->norm.data + t->nstart;
    size_t n = t->nend - t->nstart;
    if (!n) return 0;
    if (s[0] >= 'A' && s[0] <= 'Z') return 1;
    return n >= 2 && s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0x9E && s[1] != 0x97;
}

int dp_token_is_title(const dp_doc *d, size_t i) {
    static const char *const titles[] = {"m.", "mm.", "mme", "mmes", "mlle", "mlles", "dr", "dr.", "pr", "pr.",
                                         "me", "mgr", "mme.", "mgr.", NULL};
    const dp_token *t = &d->toks.v[i];
    if (!dp_tok_upper(d, t) || dp_tok_in(d, t, titles) < 0) return 0;
    /* "Me" is a lawyer's title only before a capitalised word, never "Me voici" */
    if (dp_tok_is(d, t, "me") && (i + 1 >= d->toks.n || !dp_tok_upper(d, &d->toks.v[i + 1]))) return 0;
    return 1;
}

uint32_t dp_facts_gaz(const dp_doc *d, size_t a, size_t n) {
    if (!d->models || n == 0 || n > GAZ_MAX_WORDS || a + n > d->toks.n) return 0;
    const char *forms[GAZ_MAX_WORDS];
    size_t lens[GAZ_MAX_WORDS];
    char buf[GAZ_MAX_WORDS][64]; /* the typographic apostrophe as the lists write it: ' */
    for (size_t i = 0; i < n; i++) {
        const char *s = dp_tok_text(d, &d->toks.v[a + i], &lens[i]);
        forms[i] = s;
        int ap = 0;
        for (size_t j = 0; j + 2 < lens[i] && !ap; j++) ap = !memcmp(s + j, "\xe2\x80\x99", 3);
        if (ap && lens[i] <= sizeof buf[i]) {
            size_t k = 0;
            for (size_t j = 0; j < lens[i]; j++) {
                if (j + 2 < lens[i] && !memcmp(s + j, "\xe2\x80\x99", 3)) {
                    buf[i][k++] = '\'';
                    j += 2;
                } else {
                    buf[i][k++] = s[j];
                }
            }
            forms[i] = buf[i];
            lens[i] = k;
        }
    }
    return dp_models_gaz(d->models, forms, lens, n);
}

/* Repeats: item i of a dates or quantities vector gets `group` = the index of
 * the first item with the same text (bytes of the normalised text) and the
 * same value. One pass with an open-addressing table in d->fx[0]. */
#define GROUP(fn, T, vec, SAME, HASHV)                                                               \
    static dp_status fn(dp_doc *d) {                                                                 \
        T *v = d->vec.v;                                                                             \
        size_t n = d->vec.n, cap = 16;                                                               \
        if (!n) return DP_OK;                                                                        \
        while (cap < 2 * n) cap *= 2;                                                                \
        dp_u32vec *tb = &d->fx[0];                                                                   \
        if (dp_grow(&d->alc, (void **)&tb->v, &tb->cap, cap, sizeof *tb->v)) return DP_ERR_NOMEM;    \
        memset(tb->v, 0, cap * sizeof *tb->v);                                                       \
        for (size_t i = 0; i < n; i++) {                                                             \
            const char *s = d->norm.data + v[i].span.nstart;                                         \
            size_t len = v[i].span.nend - v[i].span.nstart;                                          \
            uint64_t h = dp_hash_bytes(HASHV(v[i]), s, len);                                         \
            size_t k = h & (cap - 1);                                                                \
            v[i].group = (uint32_t)i;                                                                \
            for (; tb->v[k]; k = (k + 1) & (cap - 1)) {                                              \
                const T *o = &v[tb->v[k] - 1];                                                       \
                if (o->span.nend - o->span.nstart == len && SAME(*o, v[i]) &&                        \
                    !memcmp(d->norm.data + o->span.nstart, s, len)) {                                \
                    v[i].group = tb->v[k] - 1;                                                       \
                    break;                                                                           \
                }                                                                                    \
            }                                                                                        \
            if (!tb->v[k]) tb->v[k] = (uint32_t)i + 1;                                               \
        }                                                                                            \
        return DP_OK;                                                                                \
    }
#define DATE_SAME(a, b)                                                                              \
    ((a).prec == (b).prec && (a).value.year == (b).value.year && (a).value.month == (b).value.month && \
     (a).value.day == (b).value.day)
#define DATE_HASH(x) ((uint64_t)(x).prec << 40 ^ (uint64_t)(uint16_t)(x).value.year << 16 ^ (uint64_t)(x).value.month << 8 ^ (uint64_t)(x).value.day)
#define QTY_SAME(a, b) ((a).value == (b).value)
static uint64_t qty_hash(double v) {
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}
#define QTY_HASH(x) qty_hash((x).value)
GROUP(group_dates, dp_datex, dates, DATE_SAME, DATE_HASH)
GROUP(group_qtys, dp_quantity, qtys, QTY_SAME, QTY_HASH)

dp_status dp_facts_run(dp_doc *d) {
    d->ents.n = d->entment.n = d->roles.n = d->quotes.n = d->dates.n = d->qtys.n = 0;
    for (size_t i = 0; i < d->mentions.n; i++) d->mentions.v[i].entity = -1;
    dp_status st;
    if ((st = dp_facts_dates(d))) return st;
    if ((st = dp_facts_quantities(d))) return st;
    if ((st = dp_facts_entities(d))) return st;
    if ((st = dp_facts_quotes(d))) return st;
    if ((st = group_dates(d))) return st;
    return group_qtys(d);
}
