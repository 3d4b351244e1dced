/* render/json.c — the analysis document as JSON (shared/eval/README.md).
 * The only place that writes the contract. Output goes through a small
 * buffer to the caller's write function, so a 50 MB article never needs its
 * whole JSON in memory. */
#include "doc.h"

#include "facts/facts.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Bytes gathered before each call to the caller's write function. */
#define OUT_CHUNK 65536

typedef struct out {
    dp_write_fn write;
    void *ctx;
    char buf[OUT_CHUNK];
    size_t len;
    int failed;
    int pretty;
    int depth;
    uint32_t *links; /* grouping of repeated dates and quantities (2 words per item) */
} out;

static void flush(out *o) {
    if (o->len && !o->failed && o->write(o->ctx, o->buf, o->len)) o->failed = 1;
    o->len = 0;
}

static void put(out *o, const char *s, size_t n) {
    while (n) {
        if (o->len == OUT_CHUNK) flush(o);
        size_t k = OUT_CHUNK - o->len;
        if (k > n) k = n;
        memcpy(o->buf + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
    }
}

static void puts_(out *o, const char *s) { put(o, s, strlen(s)); }

static void putu(out *o, unsigned long long v) {
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(o, tmp + i, sizeof tmp - i);
}

/* A JSON string from valid UTF-8. */
static void putstr(out *o, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    put(o, "\"", 1);
    size_t a = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        put(o, s + a, i - a);
        a = i + 1;
        switch (c) {
        case '"': put(o, "\\\"", 2); break;
        case '\\': put(o, "\\\\", 2); break;
        case '\n': put(o, "\\n", 2); break;
        case '\t': put(o, "\\t", 2); break;
        case '\r': put(o, "\\r", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(o, e, 6);
        }
        }
    }
    put(o, s + a, n - a);
    put(o, "\"", 1);
}

static void nl(out *o) {
    if (!o->pretty) return;
    put(o, "\n", 1);
    for (int i = 0; i < o->depth; i++) put(o, "  ", 2);
}

static void key(out *o, const char *k, int first) {
    if (!first) put(o, ",", 1);
    nl(o);
    putstr(o, k, strlen(k));
    put(o, o->pretty ? ": " : ":", o->pretty ? 2 : 1);
}

static void meta(out *o, const char *k, const dp_meta_str *m) {
    if (!m->s) return;
    key(o, k, 0);
    if (m->is_number) put(o, m->s, m->len);
    else putstr(o, m->s, m->len);
}

/* An ISO date to the given precision: YYYY, YYYY-MM or YYYY-MM-DD. */
static void date(out *o, const dp_date *d, dp_date_prec prec) {
    char b[16];
    int y = d->year, m = d->month, dd = d->day;
    b[0] = (char)('0' + y / 1000 % 10);
    b[1] = (char)('0' + y / 100 % 10);
    b[2] = (char)('0' + y / 10 % 10);
    b[3] = (char)('0' + y % 10);
    b[4] = '-';
    b[5] = (char)('0' + m / 10);
    b[6] = (char)('0' + m % 10);
    b[7] = '-';
    b[8] = (char)('0' + dd / 10);
    b[9] = (char)('0' + dd % 10);
    putstr(o, b, prec == DP_PREC_YEAR ? 4 : prec == DP_PREC_MONTH ? 7 : 10);
}

/* A JSON number: integers exactly, others with 15 significant digits. */
static void number(out *o, double v) {
    if (!(v == v) || v > 1e300 || v < -1e300) { /* NaN or infinite: not JSON */
        puts_(o, "null");
        return;
    }
    char b[40];
    if (v >= -9e15 && v <= 9e15 && v == (double)(long long)v) snprintf(b, sizeof b, "%lld", (long long)v);
    else snprintf(b, sizeof b, "%.15g", v);
    puts_(o, b);
}

static void span(out *o, uint32_t a, uint32_t b) {
    puts_(o, "{\"start\":");
    putu(o, a);
    puts_(o, ",\"end\":");
    putu(o, b);
}

/* Text of a normalised span. */
static void spantext(out *o, const dp_doc *d, const dp_span *s) {
    putstr(o, d->norm.data + s->nstart, s->nend - s->nstart);
}

static void spanobj(out *o, const dp_doc *d, const dp_span *s) {
    span(o, s->start, s->end);
    puts_(o, ",\"text\":");
    spantext(o, d, s);
}

/* Opens an array member; items then go through item(). */
static void arr_open(out *o, const char *k) {
    key(o, k, 0);
    put(o, "[", 1);
    o->depth++;
}

static void item(out *o, size_t i) {
    if (i) put(o, ",", 1);
    nl(o);
}

static void arr_close(out *o, size_t n) {
    o->depth--;
    if (n) nl(o);
    put(o, "]", 1);
}

/* The mention as the entity lists it: a title before the name ("M. Peskov")
 * belongs to the mention, not to the name. */
static dp_span mention_span(const dp_doc *d, const dp_mention *m) {
    dp_span s = {m->start, m->end, m->nstart, m->nend};
    if (m->first_token > 0 && dp_token_is_title(d, m->first_token - 1)) {
        const dp_token *t = &d->toks.v[m->first_token - 1];
        s.start = t->start;
        s.nstart = t->nstart;
    }
    return s;
}

/* Entity mentions as found by the tagger, then the merged entities. */
static void write_entities(out *o, const dp_doc *d) {
    const char *text = d->norm.data;
    const dp_mention *m = d->mentions.v;
    size_t n = d->mentions.n;
    key(o, "mentions", 0);
    put(o, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i) put(o, ",", 1);
        span(o, m[i].start, m[i].end);
        puts_(o, ",\"text\":");
        putstr(o, text + m[i].nstart, m[i].nend - m[i].nstart);
        puts_(o, ",\"type\":");
        putstr(o, dp_ent_name(m[i].type), 3);
        if (m[i].entity >= 0) {
            puts_(o, ",\"entity\":");
            putu(o, (unsigned)m[i].entity);
        }
        put(o, "}", 1);
    }
    put(o, "]", 1);
    arr_open(o, "entities");
    for (size_t i = 0; i < d->ents.n; i++) {
        const dp_entity *e = &d->ents.v[i];
        item(o, i);
        puts_(o, "{\"id\":");
        putu(o, i);
        puts_(o, ",\"name\":");
        spantext(o, d, &e->name);
        puts_(o, ",\"type\":");
        putstr(o, dp_ent_name(e->type), 3);
        if (e->gender) {
            puts_(o, ",\"gender\":");
            putstr(o, e->gender == 'f' ? "f" : "m", 1);
        }
        puts_(o, ",\"mentions\":[");
        for (uint32_t k = 0; k < e->nmentions; k++) {
            if (k) put(o, ",", 1);
            dp_span s = mention_span(d, &m[d->entment.v[e->first_mention + k]]);
            spanobj(o, d, &s);
            put(o, "}", 1);
        }
        puts_(o, "],\"roles\":[");
        for (uint32_t k = 0; k < e->nroles; k++) {
            if (k) put(o, ",", 1);
            spantext(o, d, &d->roles.v[e->first_role + k].span);
        }
        puts_(o, "]}");
    }
    arr_close(o, d->ents.n);
}

/* next[i]: the next item of i's group (or UINT32_MAX); items are records of
 * `size` bytes with their uint32_t group at byte `goff`; nx holds 2n words
 * (next, then the heads). */
static void links(uint32_t *nx, size_t n, const void *items, size_t size, size_t goff) {
    uint32_t *next = nx, *head = nx + n;
    for (size_t i = 0; i < n; i++) head[i] = UINT32_MAX;
    for (size_t i = n; i-- > 0;) {
        uint32_t g;
        memcpy(&g, (const char *)items + i * size + goff, sizeof g);
        if (g >= n) g = (uint32_t)i;
        next[i] = head[g];
        head[g] = (uint32_t)i;
    }
}

/* "occurrences": every span of the group led by item i (spans are the records' first member). */
static void occurrences(out *o, const uint32_t *next, size_t i, const void *items, size_t size) {
    if (next[i] == UINT32_MAX) return;
    puts_(o, ",\"occurrences\":[");
    for (uint32_t j = (uint32_t)i, first = 1; j != UINT32_MAX; j = next[j], first = 0) {
        dp_span sp;
        memcpy(&sp, (const char *)items + (size_t)j * size, sizeof sp);
        if (!first) put(o, ",", 1);
        span(o, sp.start, sp.end);
        put(o, "}", 1);
    }
    put(o, "]", 1);
}

static void write_facts(out *o, const dp_doc *d) {
    arr_open(o, "quotes");
    for (size_t i = 0; i < d->quotes.n; i++) {
        const dp_quote *q = &d->quotes.v[i];
        item(o, i);
        spanobj(o, d, &q->span);
        puts_(o, ",\"kind\":");
        puts_(o, q->kind == DP_QUOTE_INDIRECT ? "\"indirect\"" : "\"direct\"");
        puts_(o, ",\"speaker\":");
        if (q->speaker >= 0) putu(o, (unsigned)q->speaker);
        else puts_(o, "null");
        puts_(o, ",\"speaker_text\":");
        if (q->speaker_span.nend > q->speaker_span.nstart) spantext(o, d, &q->speaker_span);
        else puts_(o, "null");
        put(o, "}", 1);
    }
    arr_close(o, d->quotes.n);
    /* dates and quantities: one item per distinct text and value, the
     * first occurrence's span, then every occurrence when it repeats */
    uint32_t *nx = o->links;
    arr_open(o, "dates");
    size_t k = 0;
    if (d->dates.n) links(nx, d->dates.n, d->dates.v, sizeof *d->dates.v, offsetof(dp_datex, group));
    for (size_t i = 0; i < d->dates.n; i++) {
        const dp_datex *x = &d->dates.v[i];
        if (x->group != i) continue;
        item(o, k++);
        spanobj(o, d, &x->span);
        puts_(o, ",\"value\":");
        if (x->prec == DP_PREC_NONE) puts_(o, "null");
        else date(o, &x->value, x->prec);
        occurrences(o, nx, i, d->dates.v, sizeof *d->dates.v);
        put(o, "}", 1);
    }
    arr_close(o, k);
    arr_open(o, "quantities");
    k = 0;
    if (d->qtys.n) links(nx, d->qtys.n, d->qtys.v, sizeof *d->qtys.v, offsetof(dp_quantity, group));
    for (size_t i = 0; i < d->qtys.n; i++) {
        const dp_quantity *q = &d->qtys.v[i];
        if (q->group != i) continue;
        item(o, k++);
        spanobj(o, d, &q->span);
        puts_(o, ",\"value\":");
        number(o, q->value);
        puts_(o, ",\"unit\":");
        if (q->unit_len) putstr(o, q->unit, q->unit_len);
        else puts_(o, "null");
        static const char *const kinds[] = {"count", "money", "percent", "measure"};
        puts_(o, ",\"kind\":");
        putstr(o, kinds[q->kind < 4 ? q->kind : 0], strlen(kinds[q->kind < 4 ? q->kind : 0]));
        occurrences(o, nx, i, d->qtys.v, sizeof *d->qtys.v);
        put(o, "}", 1);
    }
    arr_close(o, k);
}

dp_status dp_doc_write_json(const dp_doc *d, unsigned opts, dp_write_fn write, void *ctx) {
    if (!d || !write) return DP_ERR_ARG;
    if (!d->finished) return DP_ERR_STATE;
    out *o = dp_malloc(&d->alc, sizeof *o);
    if (!o) return DP_ERR_NOMEM;
    size_t nmax = d->dates.n > d->qtys.n ? d->dates.n : d->qtys.n;
    o->links = nmax ? dp_malloc(&d->alc, 2 * nmax * sizeof *o->links) : NULL;
    if (nmax && !o->links) {
        dp_mfree(&d->alc, o);
        return DP_ERR_NOMEM;
    }
    o->write = write;
    o->ctx = ctx;
    o->len = 0;
    o->failed = 0;
    o->pretty = (opts & DP_OPT_PRETTY) != 0;
    o->depth = 1;
    const char *text = d->norm.data;

    put(o, "{", 1);
    key(o, "language", 1);
    putstr(o, d->lang->code, strlen(d->lang->code));
    meta(o, "id", &d->id);
    key(o, "published", 0);
    if (d->has_published) date(o, &d->published, d->published_prec);
    else puts_(o, "null");
    meta(o, "title", &d->title);
    meta(o, "url", &d->url);
    meta(o, "source", &d->source);

    key(o, "sentences", 0);
    put(o, "[", 1);
    o->depth++;
    for (size_t i = 0; i < d->sents.n; i++) {
        if (i) put(o, ",", 1);
        if (o->pretty) nl(o);
        span(o, d->sents.v[i].start, d->sents.v[i].end);
        put(o, "}", 1);
    }
    o->depth--;
    if (d->sents.n) nl(o);
    put(o, "]", 1);

    if (opts & DP_OPT_TOKENS) {
        key(o, "tokens", 0);
        put(o, "[", 1);
        o->depth++;
        for (size_t i = 0; i < d->toks.n; i++) {
            const dp_token *t = &d->toks.v[i];
            if (i) put(o, ",", 1);
            if (o->pretty) nl(o);
            span(o, t->start, t->end);
            puts_(o, ",\"text\":");
            putstr(o, text + t->nstart, t->nend - t->nstart);
            if (t->upos) {
                puts_(o, ",\"upos\":");
                putstr(o, dp_upos_name(t->upos), strlen(dp_upos_name(t->upos)));
            }
            if (t->lemma_len && !t->nparts) {
                puts_(o, ",\"lemma\":");
                putstr(o, d->lemmas.data + t->lemma_off, t->lemma_len);
            }
            if (t->nparts) {
                puts_(o, ",\"parts\":[");
                for (unsigned p = 0; p < t->nparts; p++) {
                    if (p) put(o, ",", 1);
                    puts_(o, "{\"text\":");
                    putstr(o, t->parts[p].text, strlen(t->parts[p].text));
                    if (p < 3 && t->part_upos[p]) {
                        puts_(o, ",\"upos\":");
                        putstr(o, dp_upos_name(t->part_upos[p]), strlen(dp_upos_name(t->part_upos[p])));
                        puts_(o, ",\"lemma\":");
                        putstr(o, t->parts[p].lemma, strlen(t->parts[p].lemma));
                    }
                    put(o, "}", 1);
                }
                put(o, "]", 1);
            }
            put(o, "}", 1);
        }
        o->depth--;
        if (d->toks.n) nl(o);
        put(o, "]", 1);
    }
    write_entities(o, d);
    write_facts(o, d);
    o->depth = 0;
    nl(o);
    put(o, "}", 1);
    flush(o);
    int failed = o->failed;
    dp_mfree(&d->alc, o->links);
    dp_mfree(&d->alc, o);
    return failed ? DP_ERR_ARG : DP_OK;
}

static int to_buf(void *ctx, const char *p, size_t n) { return dp_buf_put(ctx, p, n); }

char *dp_analyze_json(const char *text, size_t len, const char *published, unsigned opts, size_t *out_len,
                      dp_error *err) {
    dp_doc *d = dp_doc_new();
    if (!d) {
        if (err) *err = (dp_error){DP_ERR_NOMEM, "out of memory", 0};
        return NULL;
    }
    dp_status st = DP_OK;
    if (published && (st = dp_doc_set_published(d, published, strlen(published)))) {
        if (err) *err = (dp_error){st, "invalid publication date (expected YYYY-MM-DD, YYYY-MM or YYYY)", 0};
        dp_doc_free(d);
        return NULL;
    }
    if ((st = dp_doc_analyze(d, text, len, opts, err))) {
        dp_doc_free(d);
        return NULL;
    }
    dp_buf b;
    dp_buf_init(&b, &dp_alloc_default);
    st = dp_doc_write_json(d, opts, to_buf, &b);
    dp_doc_free(d);
    if (st || dp_buf_nul(&b)) {
        if (err) *err = (dp_error){DP_ERR_NOMEM, "out of memory", 0};
        dp_buf_release(&b);
        return NULL;
    }
    if (out_len) *out_len = b.len;
    return b.data; /* malloc'ed by the default allocator: dp_free releases it */
}
