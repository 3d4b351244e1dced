/* render/json.c — the analysis document as JSON (shared/eval/README.md).
 * The only place that writes the contract. Output goes through a small
 * buffer to the caller's write function, so a 50 MB article never needs its
 * whole JSON in memory. */
#include "doc.h"

#include <string.h>

/* Mentions grouped into entities by exact name: the grouping is quadratic,
 * so past this many mentions in one article the rest are listed only in
 * "mentions" (a 50 MB article must not stall the writer). */
#define DP_MAX_GROUPED_MENTIONS 2000

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

static void date(out *o, const dp_date *d) {
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
    putstr(o, b, 10);
}

static void span(out *o, uint32_t a, uint32_t b) {
    puts_(o, "{\"start\":");
    putu(o, a);
    puts_(o, ",\"end\":");
    putu(o, b);
}

/* Entity mentions, as found by the entity tagger, and entities grouped by
 * identical name and type (the facts layer, issue #4, merges name variants). */
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
        put(o, "}", 1);
    }
    put(o, "]", 1);
    key(o, "entities", 0);
    put(o, "[", 1);
    o->depth++;
    unsigned id = 0;
    size_t ng = n < DP_MAX_GROUPED_MENTIONS ? n : DP_MAX_GROUPED_MENTIONS;
    for (size_t i = 0; i < ng; i++) {
        size_t li = m[i].nend - m[i].nstart;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++) /* quadratic in mentions of one article, bounded below */
            seen = m[j].type == m[i].type && m[j].nend - m[j].nstart == li &&
                   memcmp(text + m[j].nstart, text + m[i].nstart, li) == 0;
        if (seen) continue;
        if (id) put(o, ",", 1);
        nl(o);
        puts_(o, "{\"id\":");
        putu(o, id++);
        puts_(o, ",\"name\":");
        putstr(o, text + m[i].nstart, li);
        puts_(o, ",\"type\":");
        putstr(o, dp_ent_name(m[i].type), 3);
        puts_(o, ",\"mentions\":[");
        int first = 1;
        for (size_t j = i; j < ng; j++) {
            if (m[j].type != m[i].type || m[j].nend - m[j].nstart != li ||
                memcmp(text + m[j].nstart, text + m[i].nstart, li) != 0)
                continue;
            if (!first) put(o, ",", 1);
            first = 0;
            span(o, m[j].start, m[j].end);
            puts_(o, ",\"text\":");
            putstr(o, text + m[j].nstart, li);
            put(o, "}", 1);
        }
        puts_(o, "],\"roles\":[]}");
    }
    o->depth--;
    if (id) nl(o);
    put(o, "]", 1);
}

dp_status dp_doc_write_json(const dp_doc *d, unsigned opts, dp_write_fn write, void *ctx) {
    if (!d || !write) return DP_ERR_ARG;
    if (!d->finished) return DP_ERR_STATE;
    out *o = dp_malloc(&d->alc, sizeof *o);
    if (!o) return DP_ERR_NOMEM;
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
    if (d->has_published) date(o, &d->published);
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
    /* filled by the facts layer (issue #4) */
    static const char *const empty[] = {"quotes", "dates", "quantities"};
    for (size_t i = 0; i < 3; i++) {
        key(o, empty[i], 0);
        put(o, "[]", 2);
    }
    o->depth = 0;
    nl(o);
    put(o, "}", 1);
    flush(o);
    int failed = o->failed;
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
        if (err) *err = (dp_error){st, "invalid publication date (expected YYYY-MM-DD)", 0};
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
