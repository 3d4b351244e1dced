/* fuzz_util.c — validators, sink, allocator and invariant checks for the
 * fuzz targets (fuzz_util.h). Only the public API of depeche.h is used to
 * inspect a document, plus utf8proc to check the NFC claim independently. */
#include "fuzz_util.h"

#include "text/sentence.h" /* DP_MAX_SENTENCE_TOKENS */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

_Noreturn void fz_fail(const char *what, const char *file, int line) {
    fprintf(stderr, "depeche fuzz: invariant failed: %s (%s:%d)\n", what, file, line);
    fflush(stderr);
    abort();
}

/* ## UTF-8 */

/* Length of the well-formed sequence at s[0..n), or 0. */
static size_t seq_len(const unsigned char *s, size_t n, uint32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t l;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { l = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { l = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { l = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < l) return 0;
    for (size_t k = 1; k < l; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[k] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return l;
}

int fz_utf8_valid(const char *s_, size_t n, int allow_nul) {
    const unsigned char *s = (const unsigned char *)s_;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = seq_len(s + i, n - i, &cp);
        if (!l || (cp == 0 && !allow_nul)) return 0;
        i += l;
    }
    return 1;
}

int fz_utf8_boundary(const char *s, size_t n, size_t i) {
    if (i > n) return 0;
    return i == n || ((unsigned char)s[i] & 0xC0) != 0x80;
}

/* ## JSON */

#define JSON_STACK 1024

int fz_json_balanced(const char *s, size_t n) {
    char stack[JSON_STACK];
    size_t depth = 0;
    int in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = 0;
            continue;
        }
        if (c == '"') in_str = 1;
        else if (c == '{' || c == '[') {
            if (depth == JSON_STACK) return 0;
            stack[depth++] = c == '{' ? '}' : ']';
        } else if (c == '}' || c == ']') {
            if (!depth || stack[--depth] != c) return 0;
        }
    }
    return !in_str && depth == 0;
}

typedef struct jv {
    const unsigned char *s;
    size_t n, i;
    int lenient;
} jv;

static void jv_ws(jv *v) {
    while (v->i < v->n && (v->s[v->i] == ' ' || v->s[v->i] == '\t' || v->s[v->i] == '\n' || v->s[v->i] == '\r'))
        v->i++;
}

static int is_hex(unsigned c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static int jv_string(jv *v) {
    if (v->i >= v->n || v->s[v->i] != '"') return 0;
    v->i++;
    while (v->i < v->n) {
        unsigned c = v->s[v->i];
        if (c == '"') {
            v->i++;
            return 1;
        }
        if (c < 0x20) return 0;
        if (c == '\\') {
            if (v->i + 1 >= v->n) return 0;
            unsigned e = v->s[v->i + 1];
            if (e == 'u') {
                if (v->i + 6 > v->n) return 0;
                for (size_t k = 2; k < 6; k++)
                    if (!is_hex(v->s[v->i + k])) return 0;
                v->i += 6;
            } else if (strchr("\"\\/bfnrt", (int)e) && e) {
                v->i += 2;
            } else {
                return 0;
            }
            continue;
        }
        if (c >= 0x80 && !v->lenient) {
            uint32_t cp;
            size_t l = seq_len(v->s + v->i, v->n - v->i, &cp);
            if (!l) return 0;
            v->i += l;
            continue;
        }
        v->i++;
    }
    return 0;
}

static int jv_digits(jv *v) {
    size_t a = v->i;
    while (v->i < v->n && v->s[v->i] >= '0' && v->s[v->i] <= '9') v->i++;
    return v->i > a;
}

static int jv_number(jv *v) {
    if (v->i < v->n && v->s[v->i] == '-') v->i++;
    if (v->i >= v->n) return 0;
    if (v->s[v->i] == '0') v->i++;
    else if (v->s[v->i] >= '1' && v->s[v->i] <= '9') jv_digits(v);
    else return 0;
    if (v->i < v->n && v->s[v->i] == '.') {
        v->i++;
        if (!jv_digits(v)) return 0;
    }
    if (v->i < v->n && (v->s[v->i] == 'e' || v->s[v->i] == 'E')) {
        v->i++;
        if (v->i < v->n && (v->s[v->i] == '+' || v->s[v->i] == '-')) v->i++;
        if (!jv_digits(v)) return 0;
    }
    return 1;
}

static int jv_word(jv *v, const char *w) {
    size_t l = strlen(w);
    if (v->n - v->i < l || memcmp(v->s + v->i, w, l) != 0) return 0;
    v->i += l;
    return 1;
}

/* A member name and its colon. */
static int jv_name(jv *v) {
    jv_ws(v);
    if (!jv_string(v)) return 0;
    jv_ws(v);
    if (v->i >= v->n || v->s[v->i] != ':') return 0;
    v->i++;
    return 1;
}

int fz_json_valid(const char *s, size_t n, int lenient_utf8, int *depth_out, int *is_object) {
    jv v = {(const unsigned char *)s, n, 0, lenient_utf8};
    char stack[JSON_STACK]; /* the closer expected at each level */
    int depth = 0, maxd = 0, need_value = 1;
    *depth_out = 0;
    *is_object = 0;
    jv_ws(&v);
    *is_object = v.i < n && s[v.i] == '{';
    for (;;) {
        jv_ws(&v);
        if (need_value) {
            if (v.i >= n) return 0;
            unsigned c = v.s[v.i];
            if (c == '{' || c == '[') {
                if (depth == JSON_STACK) {
                    *depth_out = JSON_STACK + 1;
                    return 0;
                }
                stack[depth++] = c == '{' ? '}' : ']';
                if (depth > maxd) maxd = depth;
                *depth_out = maxd;
                v.i++;
                jv_ws(&v);
                if (v.i < n && v.s[v.i] == (unsigned char)stack[depth - 1]) {
                    v.i++;
                    depth--;
                    need_value = 0;
                } else if (c == '{' && !jv_name(&v)) {
                    return 0;
                }
                continue;
            }
            int ok;
            if (c == '"') ok = jv_string(&v);
            else if (c == '-' || (c >= '0' && c <= '9')) ok = jv_number(&v);
            else ok = jv_word(&v, "true") || jv_word(&v, "false") || jv_word(&v, "null");
            if (!ok) return 0;
            need_value = 0;
            continue;
        }
        if (depth == 0) return v.i == n;
        if (v.i >= n) return 0;
        unsigned c = v.s[v.i];
        if (c == ',') {
            v.i++;
            if (stack[depth - 1] == '}' && !jv_name(&v)) return 0;
            need_value = 1;
        } else if (c == (unsigned char)stack[depth - 1]) {
            v.i++;
            depth--;
        } else {
            return 0;
        }
    }
}

/* ## Sink */

void fz_buf_init(fz_buf *b) {
    b->p = NULL;
    b->n = b->cap = 0;
    b->fail_after = SIZE_MAX;
}

void fz_buf_free(fz_buf *b) {
    free(b->p);
    fz_buf_init(b);
}

int fz_sink(void *ctx, const char *data, size_t len) {
    fz_buf *b = ctx;
    FZ_CHECK(data != NULL || len == 0);
    if (len > b->fail_after - b->n) return 1;
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + len) cap *= 2;
        char *p = realloc(b->p, cap);
        FZ_CHECK(p != NULL);
        b->p = p;
        b->cap = cap;
    }
    if (len) memcpy(b->p + b->n, data, len);
    b->n += len;
    return 0;
}

/* ## Allocator */

static void *fz_malloc(void *ctx, size_t n) {
    fz_mem *m = ctx;
    if (++m->calls >= m->fail_at) return NULL;
    void *p = malloc(n ? n : 1);
    if (p) m->live++;
    return p;
}

static void *fz_realloc(void *ctx, void *ptr, size_t n) {
    fz_mem *m = ctx;
    if (++m->calls >= m->fail_at) return NULL;
    void *p = realloc(ptr, n ? n : 1);
    if (p && !ptr) m->live++;
    return p;
}

static void fz_free(void *ctx, void *ptr) {
    fz_mem *m = ctx;
    if (!ptr) return;
    FZ_CHECK(m->live > 0);
    m->live--;
    free(ptr);
}

dp_alloc fz_mem_alloc(fz_mem *m, size_t fail_at) {
    m->calls = 0;
    m->live = 0;
    m->fail_at = fail_at;
    return (dp_alloc){fz_malloc, fz_realloc, fz_free, m};
}

/* ## Snapshots */

static void *dup_mem(const void *p, size_t n) {
    void *q = malloc(n ? n : 1);
    FZ_CHECK(q != NULL);
    if (n) memcpy(q, p, n);
    return q;
}

void fz_snap_take(fz_snap *s, const dp_doc *d, dp_status st, const dp_error *err) {
    memset(s, 0, sizeof *s);
    s->st = st;
    s->err_offset = err ? err->offset : 0;
    if (st != DP_OK) return;
    const char *t = dp_doc_text(d, &s->tlen);
    FZ_CHECK(t != NULL);
    s->ok = 1;
    s->text = dup_mem(t, s->tlen);
    const dp_token *tk = dp_doc_tokens(d, &s->ntok);
    FZ_CHECK(tk != NULL || s->ntok == 0);
    s->toks = dup_mem(tk, s->ntok * sizeof *tk);
    const dp_sentence *se = dp_doc_sentences(d, &s->nsent);
    FZ_CHECK(se != NULL || s->nsent == 0);
    s->sents = dup_mem(se, s->nsent * sizeof *se);
}

void fz_snap_free(fz_snap *s) {
    free(s->text);
    free(s->toks);
    free(s->sents);
    memset(s, 0, sizeof *s);
}

void fz_snap_same(const fz_snap *a, const fz_snap *b, int what) {
    FZ_CHECK(a->ok == b->ok);
    if (!a->ok) {
        FZ_CHECK(a->st == b->st);
        FZ_CHECK(a->err_offset == b->err_offset);
        return;
    }
    FZ_CHECK(a->tlen == b->tlen);
    FZ_CHECK(memcmp(a->text, b->text, a->tlen) == 0);
    FZ_CHECK(a->ntok == b->ntok);
    for (size_t i = 0; i < a->ntok; i++) {
        const dp_token *x = &a->toks[i], *y = &b->toks[i];
        FZ_CHECK(x->nstart == y->nstart && x->nend == y->nend);
        FZ_CHECK(x->kind == y->kind && x->flags == y->flags);
        FZ_CHECK(x->nparts == y->nparts && x->parts == y->parts);
        if (what == FZ_SAME_ALL) FZ_CHECK(x->start == y->start && x->end == y->end);
    }
    FZ_CHECK(a->nsent == b->nsent);
    for (size_t i = 0; i < a->nsent; i++) {
        const dp_sentence *x = &a->sents[i], *y = &b->sents[i];
        FZ_CHECK(x->first_token == y->first_token && x->ntokens == y->ntokens);
        if (what == FZ_SAME_ALL) FZ_CHECK(x->start == y->start && x->end == y->end);
    }
}

/* ## Document invariants */

/* Every token flag the header defines. */
#ifdef DP_TF_QUOTE_OPEN
#define FZ_TF_QUOTES (DP_TF_QUOTE_OPEN | DP_TF_QUOTE_CLOSE)
#else
#define FZ_TF_QUOTES 0u
#endif
#define FZ_TF_ALL \
    (DP_TF_SPACE_BEFORE | DP_TF_NEWLINE_BEFORE | DP_TF_PARA_BEFORE | DP_TF_ELISION | DP_TF_CLITIC | FZ_TF_QUOTES)

/* Characters that may stand between tokens: white space, controls, formats. */
static int is_gap(uint32_t cp) {
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
        return 1;
    default:
        return 0;
    }
}

/* Characters no token may begin or end with. */
static int is_blank(uint32_t cp) {
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
        return 1;
    default:
        return 0;
    }
}

static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *len) {
    uint32_t cp = 0;
    size_t l = seq_len((const unsigned char *)s + i, n - i, &cp);
    FZ_CHECK(l > 0);
    if (len) *len = l;
    return cp;
}

/* The code point ending just before i. */
static uint32_t cp_before(const char *s, size_t n, size_t i) {
    size_t j = i;
    do j--;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80);
    (void)n;
    return cp_at(s, i, j, NULL);
}

/* A code point that NFC may join to the one before it (the library's clusters). */
static int is_nonstarter(uint32_t cp) {
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    if (p->combining_class) return 1;
    switch (p->boundclass) {
    case UTF8PROC_BOUNDCLASS_EXTEND: case UTF8PROC_BOUNDCLASS_SPACINGMARK: case UTF8PROC_BOUNDCLASS_ZWJ:
    case UTF8PROC_BOUNDCLASS_V: case UTF8PROC_BOUNDCLASS_T:
        return 1;
    default:
        return 0;
    }
}

/* The normalised text must be NFC, except where the library documents that it
 * copies a run of more than 30 combining marks as it is (Unicode's
 * stream-safe limit; src/text/utf8.c MAX_CLUSTER_CPS). */
static void check_nfc(const char *t, size_t n) {
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = seq_len((const unsigned char *)t + i, n - i, &cp);
        FZ_CHECK(l > 0);
        run = is_nonstarter(cp) ? run + 1 : 0;
        if (run >= 30) return;
        i += l;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t k =
        utf8proc_map((const utf8proc_uint8_t *)t, (utf8proc_ssize_t)n, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    FZ_CHECK(k >= 0);
    int same = (size_t)k == n && memcmp(nfc, t, n) == 0;
    free(nfc);
    FZ_CHECK(same); /* dp_doc_text is NFC */
}

void fz_check_doc(const dp_doc *d, size_t in_len, unsigned opts) {
    size_t n = 0;
    const char *t = dp_doc_text(d, &n);
    FZ_CHECK(t != NULL);
    FZ_CHECK(t[n] == '\0');
    FZ_CHECK(fz_utf8_valid(t, n, 0)); /* valid UTF-8, NUL repaired */
    FZ_CHECK(memchr(t, '\r', n) == NULL); /* CR and CRLF folded to LF */
    FZ_CHECK(dp_doc_orig_offset(d, n) == in_len); /* the end maps to the end */
    FZ_CHECK(dp_doc_orig_offset(d, 0) <= in_len);
    if (!(opts & DP_OPT_NO_NFC)) check_nfc(t, n);

    size_t ntok = 0, nsent = 0;
    const dp_token *tk = dp_doc_tokens(d, &ntok);
    const dp_sentence *se = dp_doc_sentences(d, &nsent);
    FZ_CHECK(tk != NULL || ntok == 0);
    FZ_CHECK(se != NULL || nsent == 0);
    size_t gap = 0; /* start of the text not yet covered by a token */
    for (size_t i = 0; i < ntok; i++) {
        const dp_token *x = &tk[i];
        FZ_CHECK(x->start <= x->end && x->end <= in_len);
        FZ_CHECK(x->nstart < x->nend && x->nend <= n); /* never empty */
        FZ_CHECK(fz_utf8_boundary(t, n, x->nstart) && fz_utf8_boundary(t, n, x->nend));
        FZ_CHECK(x->kind <= DP_TOK_MENTION);
        FZ_CHECK((x->flags & ~FZ_TF_ALL) == 0);
#ifdef DP_TF_QUOTE_OPEN
        /* a quotation mark opens or closes, not both; only punctuation is a quote */
        FZ_CHECK((x->flags & FZ_TF_QUOTES) != FZ_TF_QUOTES);
        if (x->flags & FZ_TF_QUOTES) FZ_CHECK(x->kind == DP_TOK_PUNCT);
#endif
        FZ_CHECK((x->nparts == 0) == (x->parts == NULL));
        for (unsigned p = 0; p < x->nparts; p++) {
            FZ_CHECK(x->parts[p].text != NULL);
            FZ_CHECK(fz_utf8_valid(x->parts[p].text, strlen(x->parts[p].text), 0));
        }
        /* ordered and disjoint, in both coordinate systems */
        if (i) {
            FZ_CHECK(x->nstart >= tk[i - 1].nend);
            FZ_CHECK(x->start >= tk[i - 1].end);
        }
        /* the map the tokens used agrees with the public one */
        FZ_CHECK(dp_doc_orig_offset(d, x->nstart) == x->start);
        FZ_CHECK(dp_doc_orig_offset(d, x->nend) == x->end);
        /* no character is dropped: between tokens only spaces, controls, formats */
        for (size_t p = gap, l = 0; p < x->nstart; p += l) FZ_CHECK(is_gap(cp_at(t, n, p, &l)));
        gap = x->nend;
        FZ_CHECK(!is_blank(cp_at(t, n, x->nstart, NULL)));
        FZ_CHECK(!is_blank(cp_before(t, n, x->nend)));
        /* flags describe what precedes: a newline implies a space */
        if (x->flags & DP_TF_PARA_BEFORE) FZ_CHECK(x->flags & DP_TF_NEWLINE_BEFORE);
        if (x->flags & DP_TF_NEWLINE_BEFORE) FZ_CHECK(x->flags & DP_TF_SPACE_BEFORE);
        size_t prev_end = i ? tk[i - 1].nend : 0;
        if (x->flags & DP_TF_SPACE_BEFORE) FZ_CHECK(x->nstart > prev_end);
        else FZ_CHECK(x->nstart == prev_end);
    }
    for (size_t p = gap, l = 0; p < n; p += l) FZ_CHECK(is_gap(cp_at(t, n, p, &l)));

    /* sentences partition the tokens, in order */
    FZ_CHECK((ntok == 0) == (nsent == 0));
    size_t next = 0;
    for (size_t i = 0; i < nsent; i++) {
        const dp_sentence *x = &se[i];
        FZ_CHECK(x->first_token == next);
        FZ_CHECK(x->ntokens >= 1 && x->ntokens <= DP_MAX_SENTENCE_TOKENS);
        FZ_CHECK(x->ntokens <= ntok - x->first_token);
        FZ_CHECK(x->start == tk[x->first_token].start);
        FZ_CHECK(x->end == tk[x->first_token + x->ntokens - 1].end);
        FZ_CHECK(x->start <= x->end && x->end <= in_len);
        if (i) FZ_CHECK(x->start >= se[i - 1].end);
        next = x->first_token + x->ntokens;
    }
    FZ_CHECK(next == ntok);
    fz_check_facts(d, in_len);
}

void fz_check_facts(const dp_doc *d, size_t in_len);

void fz_check_render(const dp_doc *d, unsigned opts, fz_buf *out) {
    out->n = 0;
    out->fail_after = SIZE_MAX;
    FZ_CHECK(dp_doc_write_json(d, opts, fz_sink, out) == DP_OK);
    FZ_CHECK(out->n > 0);
    FZ_CHECK(fz_utf8_valid(out->p, out->n, 0));
    FZ_CHECK(fz_json_balanced(out->p, out->n));
    int depth, is_object;
    FZ_CHECK(fz_json_valid(out->p, out->n, 0, &depth, &is_object));
    FZ_CHECK(is_object && depth <= 5); /* {"tokens":[{"parts":[{...}]}]} */
    FZ_CHECK(out->p[out->n - 1] == '}'); /* no trailing newline */
    if (!(opts & DP_OPT_PRETTY)) FZ_CHECK(memchr(out->p, '\n', out->n) == NULL);
}

/* A span of the facts layer: in bounds, ordered, on character boundaries, and
 * its two coordinate systems agree. Empty spans are allowed only when `may_be_empty`. */
static void check_span(const dp_doc *d, const dp_span *s, size_t in_len, int may_be_empty) {
    size_t n = 0;
    const char *t = dp_doc_text(d, &n);
    if (may_be_empty && s->nstart == s->nend) return;
    FZ_CHECK(s->nstart < s->nend && s->nend <= n);
    FZ_CHECK(s->start < s->end && s->end <= in_len);
    FZ_CHECK(fz_utf8_boundary(t, n, s->nstart) && fz_utf8_boundary(t, n, s->nend));
    FZ_CHECK(dp_doc_orig_offset(d, s->nstart) == s->start);
    FZ_CHECK(dp_doc_orig_offset(d, s->nend) == s->end);
}

void fz_check_facts(const dp_doc *d, size_t in_len) {
    size_t nm = 0, ne = 0, nem = 0, nr = 0, nq = 0, nd = 0, nqt = 0;
    const dp_mention *m = dp_doc_mentions(d, &nm);
    const dp_entity *e = dp_doc_entities(d, &ne);
    const uint32_t *em = dp_doc_entity_mentions(d, &nem);
    const dp_role *r = dp_doc_roles(d, &nr);
    const dp_quote *q = dp_doc_quotes(d, &nq);
    const dp_datex *dt = dp_doc_dates(d, &nd);
    const dp_quantity *qt = dp_doc_quantities(d, &nqt);
    size_t ntok = 0;
    dp_doc_tokens(d, &ntok);
    /* mentions: ordered, typed, each in exactly one entity */
    FZ_CHECK(nem == nm);
    for (size_t i = 0; i < nm; i++) {
        dp_span s = {m[i].start, m[i].end, m[i].nstart, m[i].nend};
        check_span(d, &s, in_len, 0);
        FZ_CHECK(m[i].type > DP_ENT_NONE && m[i].type < DP_ENT_COUNT);
        FZ_CHECK(m[i].ntokens >= 1 && m[i].first_token + m[i].ntokens <= ntok);
        FZ_CHECK(m[i].entity >= 0 && (size_t)m[i].entity < ne);
        if (i) FZ_CHECK(m[i].nstart >= m[i - 1].nstart);
    }
    /* entities: their mention lists partition the mentions; roles point back */
    size_t covered = 0;
    for (size_t k = 0; k < ne; k++) {
        check_span(d, &e[k].name, in_len, 0);
        FZ_CHECK(e[k].type > DP_ENT_NONE && e[k].type < DP_ENT_COUNT);
        FZ_CHECK(e[k].gender == 0 || e[k].gender == 'm' || e[k].gender == 'f');
        FZ_CHECK(e[k].nmentions >= 1 && e[k].first_mention + e[k].nmentions <= nem);
        FZ_CHECK(e[k].first_mention == covered);
        for (uint32_t j = 0; j < e[k].nmentions; j++) {
            uint32_t mi = em[e[k].first_mention + j];
            FZ_CHECK(mi < nm && (size_t)m[mi].entity == k);
        }
        covered += e[k].nmentions;
        FZ_CHECK(e[k].nroles == 0 || e[k].first_role + e[k].nroles <= nr);
        for (uint32_t j = 0; j < e[k].nroles; j++) FZ_CHECK(r[e[k].first_role + j].entity == k);
    }
    FZ_CHECK(covered == nm);
    for (size_t k = 0; k < nr; k++) {
        check_span(d, &r[k].span, in_len, 0);
        FZ_CHECK(r[k].entity < ne);
    }
    for (size_t k = 0; k < nq; k++) {
        check_span(d, &q[k].span, in_len, 0);
        check_span(d, &q[k].speaker_span, in_len, 1);
        FZ_CHECK(q[k].kind == DP_QUOTE_DIRECT || q[k].kind == DP_QUOTE_INDIRECT);
        FZ_CHECK(q[k].speaker == -1 || (q[k].speaker >= 0 && (size_t)q[k].speaker < ne));
    }
    for (size_t k = 0; k < nd; k++) {
        check_span(d, &dt[k].span, in_len, 0);
        FZ_CHECK(dt[k].prec <= DP_PREC_DAY);
        if (dt[k].prec >= DP_PREC_YEAR) FZ_CHECK(dt[k].value.year >= 1 && dt[k].value.year <= 9999);
        if (dt[k].prec >= DP_PREC_MONTH) FZ_CHECK(dt[k].value.month >= 1 && dt[k].value.month <= 12);
        if (dt[k].prec == DP_PREC_DAY) FZ_CHECK(dt[k].value.day >= 1 && dt[k].value.day <= 31);
    }
    for (size_t k = 0; k < nqt; k++) {
        check_span(d, &qt[k].span, in_len, 0);
        FZ_CHECK(qt[k].value == qt[k].value && qt[k].value < 1e300 && qt[k].value > -1e300);
        FZ_CHECK(qt[k].unit_len == 0 || qt[k].unit != NULL);
        if (qt[k].unit_len) FZ_CHECK(fz_utf8_valid(qt[k].unit, qt[k].unit_len, 0));
        FZ_CHECK(qt[k].kind <= DP_QTY_MEASURE);
    }
}
