/* fuzz_analyze.c — libFuzzer target for the analyze entry point (issue #2, item 7).
 *
 * Input: two header bytes, then the article text.
 *   byte 0, bit 0  DP_OPT_STRICT_UTF8     bit 4-5  API path:
 *           bit 1  DP_OPT_NO_NFC            0 dp_doc_analyze (twice, with a reset between)
 *           bit 2  DP_OPT_TOKENS            1 dp_doc_feed in small chunks + dp_doc_finish
 *           bit 3  DP_OPT_PRETTY            2 dp_doc_read_json + dp_doc_finish (NDJSON line)
 *           bit 6  extras (date, metadata,  3 dp_analyze_json
 *                  JSON-escaped text)
 *           bit 7  also run through an allocator that fails from allocation byte1 + 1 on
 *   byte 1  chunk sizes for path 1 (bit 7 set: every chunk is (byte1 & 0x7f) + 1 bytes;
 *           else sizes 1..(byte1 & 7) + 1 drawn from a generator seeded with byte1),
 *           the sink failure point for path 3, the failing allocation for bit 7.
 *
 * Every path is compared with the one-call dp_doc_analyze of the same text (any
 * chunking, any API path gives the same result), and every finished doc is
 * checked by fz_check_doc and rendered through fz_check_render (fuzz_util.h). */
#include "depeche.h"
#include "doc.h" /* the NDJSON path reads the unescaped text back (d->src, d->src_len) */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

enum { PATH_ANALYZE, PATH_FEED, PATH_JSON, PATH_ONECALL };

#define HEADER 2
static const char PUBLISHED[] = "2020-09-11";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct input {
    const char *text;
    size_t len;
    unsigned opts;
    int path, extra, oom;
    unsigned b1;
} input;

/* The status of an analysis of text[0..len) is OK, or DP_ERR_UTF8 at the
 * first invalid byte in strict mode. */
static void check_status(const char *text, size_t len, unsigned opts, dp_status st, const dp_error *err) {
    if (!(opts & DP_OPT_STRICT_UTF8)) {
        FZ_CHECK(st == DP_OK);
        return;
    }
    if (st == DP_OK) {
        FZ_CHECK(fz_utf8_valid(text, len, 0));
        return;
    }
    FZ_CHECK(st == DP_ERR_UTF8);
    FZ_CHECK(err->code == st && err->message != NULL);
    size_t off = err->offset;
    FZ_CHECK(off < len);
    FZ_CHECK(fz_utf8_valid(text, off, 0)); /* everything before is fine ... */
    /* ... and no well-formed sequence (other than NUL) starts here */
    for (size_t l = 1; l <= 4 && off + l <= len; l++) FZ_CHECK(!fz_utf8_valid(text + off, l, 0));
}

/* Feeds text in chunks (sizes from b1) and finishes. The first error is returned. */
static dp_status feed_chunks(dp_doc *d, const input *in, dp_error *err) {
    uint32_t r = in->b1 * 2654435761u + 1u;
    size_t i = 0;
    while (i < in->len) {
        r = r * 1103515245u + 12345u;
        size_t k = (in->b1 & 0x80) ? (in->b1 & 0x7F) + 1 : 1 + (r >> 16) % ((in->b1 & 7) + 1);
        if (k > in->len - i) k = in->len - i;
        dp_status st = dp_doc_feed(d, in->text + i, k);
        if (st) return st;
        if (((r >> 8) & 15) == 0 && (st = dp_doc_feed(d, NULL, 0))) return st; /* a no-op */
        i += k;
    }
    return dp_doc_finish(d, in->opts, err);
}

static void render_same(const dp_doc *d, unsigned opts, const fz_buf *ref) {
    fz_buf b;
    fz_buf_init(&b);
    fz_check_render(d, opts, &b);
    FZ_CHECK(b.n == ref->n && memcmp(b.p, ref->p, b.n) == 0);
    fz_buf_free(&b);
}

/* Path 0: determinism (reset, analyse again), idempotence of the
 * normalisation, metadata and dates from the text. */
static void path_analyze(dp_doc *d, const input *in, const fz_snap *base, const fz_buf *json) {
    dp_doc_reset(d);
    FZ_CHECK(dp_doc_text(d, NULL) == NULL);
    if (in->extra) FZ_CHECK(dp_doc_set_published(d, PUBLISHED, 10) == DP_OK);
    dp_error err;
    dp_status st = dp_doc_analyze(d, in->text, in->len, in->opts, &err);
    fz_snap again;
    fz_snap_take(&again, d, st, &err);
    fz_snap_same(base, &again, FZ_SAME_ALL);
    fz_snap_free(&again);
    if (st == DP_OK) render_same(d, in->opts, json);

    /* normalising the normalised text changes nothing. Tolerated: a text
     * that starts with U+FEFF (the input had two BOMs; only the first is
     * skipped), which a second pass skips as a BOM (fuzz/README.md, findings). */
    int leading_bom = base->ok && base->tlen >= 3 && !memcmp(base->text, "\xEF\xBB\xBF", 3);
    if (base->ok && !leading_bom) {
        dp_doc *e = dp_doc_new();
        FZ_CHECK(e != NULL);
        st = dp_doc_analyze(e, base->text, base->tlen, in->opts, &err);
        FZ_CHECK(st == DP_OK); /* valid UTF-8 without NUL, even in strict mode */
        fz_check_doc(e, base->tlen, in->opts);
        fz_snap_take(&again, e, st, &err);
        fz_snap_same(base, &again, FZ_SAME_NORMALISED);
        fz_snap_free(&again);
        dp_doc_free(e);
    }

    if (in->extra && st == DP_OK) {
        /* metadata taken from the text (repaired to UTF-8) must render as valid JSON */
        size_t m = in->len < 48 ? in->len : 48;
        FZ_CHECK(dp_doc_set_meta(d, "title", in->text, m) == DP_OK);
        FZ_CHECK(dp_doc_set_meta(d, "id", in->text + in->len - m, m) == DP_OK);
        FZ_CHECK(dp_doc_set_meta(d, "url", in->text, in->len / 2) == DP_OK);
        FZ_CHECK(dp_doc_set_meta(d, "source", NULL, 0) == DP_OK);
        FZ_CHECK(dp_doc_set_meta(d, "nokey", in->text, m) == DP_ERR_ARG);
        fz_buf b;
        fz_buf_init(&b);
        fz_check_render(d, in->opts | DP_OPT_TOKENS, &b);
        fz_buf_free(&b);
        /* a date from the first bytes: accepted only when it exists */
        dp_date dt;
        size_t dl = in->len < 10 ? in->len : 10;
        if (dp_date_parse(in->text, dl, &dt) == DP_OK) {
            FZ_CHECK(dl == 10 && dt.year >= 1000 && dt.year <= 9999);
            FZ_CHECK(dt.month >= 1 && dt.month <= 12 && dt.day >= 1 && dt.day <= 31);
            FZ_CHECK(dp_doc_set_published(d, in->text, dl) == DP_OK);
        } else {
            FZ_CHECK(dp_doc_set_published(d, in->text, dl) == (dl ? DP_ERR_DATE : DP_OK));
        }
    }
}

/* Path 1: the same doc, not reset (a feed after a finished doc starts a new
 * text), fed in chunks: identical to the one-call analysis. */
static void path_feed(dp_doc *d, const input *in, const fz_snap *base, const fz_buf *json) {
    dp_error err;
    dp_status st = feed_chunks(d, in, &err);
    fz_snap s;
    fz_snap_take(&s, d, st, &err);
    fz_snap_same(base, &s, FZ_SAME_ALL);
    fz_snap_free(&s);
    if (st == DP_OK) render_same(d, in->opts, json);
}

/* JSON string body for s[0..n) into b: escapes what must be, passes other bytes as they are. */
static void json_escape(fz_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            fz_sink(b, e, 2);
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            fz_sink(b, e, 6);
        } else {
            fz_sink(b, (const char *)&c, 1);
        }
    }
}

/* Path 2: an NDJSON line. Without extras the input itself is the line; with
 * extras the text is escaped into {"id":…,"title":…,"published":…,"text":…}. */
static void path_json(dp_doc *d, const input *in, const fz_snap *base) {
    fz_buf line;
    fz_buf_init(&line);
    const char *js = in->text;
    size_t jl = in->len;
    if (in->extra) {
        static const char head[] = "{\"id\": 12, \"title\": \"";
        fz_sink(&line, head, sizeof head - 1);
        json_escape(&line, in->text, in->len < 32 ? in->len : 32);
        static const char mid[] = "\", \"published\": \"2020-09-11\", \"url\": null, \"text\": \"";
        fz_sink(&line, mid, sizeof mid - 1);
        json_escape(&line, in->text, in->len);
        fz_sink(&line, "\"}", 2);
        js = line.p;
        jl = line.n;
    }
    dp_error err = {DP_OK, NULL, 0};
    dp_status st = dp_doc_read_json(d, js, jl, &err);
    if (in->extra) FZ_CHECK(st == DP_OK);
    if (st != DP_OK) {
        FZ_CHECK(st == DP_ERR_JSON || st == DP_ERR_FIELD || st == DP_ERR_DATE);
        FZ_CHECK(err.code == st && err.message != NULL && err.offset <= jl);
        FZ_CHECK(dp_doc_text(d, NULL) == NULL);
        fz_buf_free(&line);
        return;
    }
    /* the unescaped text (raw bytes kept, no NUL: \u0000 becomes U+FFFD) is
     * analysed as dp_doc_analyze would: strict mode rejects bad UTF-8 in it */
    FZ_CHECK(d->src == NULL);
    st = dp_doc_finish(d, in->opts, &err);
    const char *src = d->src;
    size_t src_len = d->src_len;
    FZ_CHECK(src != NULL && memchr(src, '\0', src_len) == NULL);
    check_status(src, src_len, in->opts, st, &err);
    fz_buf b;
    fz_buf_init(&b);
    if (st == DP_OK) {
        fz_check_doc(d, src_len, in->opts);
        fz_check_render(d, in->opts, &b);
    }

    /* the same text analysed in one call gives the same analysis */
    char *copy = malloc(src_len ? src_len : 1);
    FZ_CHECK(copy != NULL);
    memcpy(copy, src, src_len);
    fz_snap s, t;
    fz_snap_take(&s, d, st, &err);
    dp_doc *e = dp_doc_new();
    FZ_CHECK(e != NULL);
    st = dp_doc_analyze(e, copy, src_len, in->opts, &err);
    fz_snap_take(&t, e, st, &err);
    fz_snap_same(&s, &t, FZ_SAME_ALL);
    if (in->extra && memchr(in->text, '\0', in->len) == NULL) {
        /* text without NUL survives escaping byte for byte */
        FZ_CHECK(src_len == in->len && memcmp(src, in->text, in->len) == 0);
        fz_snap_same(base, &s, FZ_SAME_ALL);
    }
    fz_snap_free(&s);
    fz_snap_free(&t);
    dp_doc_free(e);
    free(copy);
    fz_buf_free(&b);
    fz_buf_free(&line);
}

/* Path 3: the one-call helper renders exactly what the doc renders; a sink
 * that fails makes dp_doc_write_json fail. */
static void path_onecall(dp_doc *d, const input *in, const fz_snap *base, const fz_buf *json) {
    size_t olen = 0;
    dp_error err = {DP_OK, NULL, 0};
    char *out = dp_analyze_json(in->text, in->len, in->extra ? PUBLISHED : NULL, in->opts, &olen, &err);
    if (!base->ok) {
        FZ_CHECK(out == NULL);
        FZ_CHECK(err.code == base->st && err.offset == base->err_offset);
        return;
    }
    FZ_CHECK(out != NULL);
    FZ_CHECK(olen == json->n && memcmp(out, json->p, olen) == 0 && out[olen] == '\0');
    dp_free(out);
    fz_buf b;
    fz_buf_init(&b);
    b.fail_after = in->b1 * 61u;
    dp_status st = dp_doc_write_json(d, in->opts, fz_sink, &b);
    FZ_CHECK(st == (json->n > b.fail_after ? DP_ERR_ARG : DP_OK));
    fz_buf_free(&b);
}

/* Allocation failure: the call fails with DP_ERR_NOMEM or succeeds with the
 * same result; nothing leaks; the doc works again once memory is back. */
static void run_oom(const input *in, const fz_snap *base, const fz_buf *json) {
    fz_mem m;
    dp_alloc a = fz_mem_alloc(&m, (size_t)in->b1 + 1);
    dp_doc *d = dp_doc_new_with_mem(&a);
    if (!d) {
        FZ_CHECK(m.live == 0);
        return;
    }
    if (in->extra) FZ_CHECK(dp_doc_set_published(d, PUBLISHED, 10) == DP_OK);
    dp_error err = {DP_OK, NULL, 0};
    dp_status st;
    if (in->path == PATH_JSON) {
        st = dp_doc_read_json(d, in->text, in->len, &err);
        if (st == DP_OK) st = dp_doc_finish(d, in->opts, &err);
        FZ_CHECK(st == DP_OK || st == DP_ERR_NOMEM || st == DP_ERR_JSON || st == DP_ERR_FIELD ||
                 st == DP_ERR_DATE || st == DP_ERR_UTF8);
    } else {
        st = in->path == PATH_FEED ? feed_chunks(d, in, &err) : dp_doc_analyze(d, in->text, in->len, in->opts, &err);
        if (st == DP_ERR_NOMEM) {
            FZ_CHECK(dp_doc_text(d, NULL) == NULL);
        } else {
            fz_snap s;
            fz_snap_take(&s, d, st, &err);
            fz_snap_same(base, &s, FZ_SAME_ALL);
            fz_snap_free(&s);
            if (st == DP_OK) {
                fz_buf b;
                fz_buf_init(&b);
                st = dp_doc_write_json(d, in->opts, fz_sink, &b);
                FZ_CHECK(st == DP_OK || st == DP_ERR_NOMEM);
                if (st == DP_OK) FZ_CHECK(b.n == json->n && memcmp(b.p, json->p, b.n) == 0);
                fz_buf_free(&b);
            }
        }
    }
    /* memory is back: the same doc, reset, gives the reference result */
    m.fail_at = SIZE_MAX;
    dp_doc_reset(d);
    if (in->extra) FZ_CHECK(dp_doc_set_published(d, PUBLISHED, 10) == DP_OK);
    st = dp_doc_analyze(d, in->text, in->len, in->opts, &err);
    fz_snap s;
    fz_snap_take(&s, d, st, &err);
    fz_snap_same(base, &s, FZ_SAME_ALL);
    fz_snap_free(&s);
    if (st == DP_OK) render_same(d, in->opts, json);
    dp_doc_free(d);
    FZ_CHECK(m.live == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < HEADER) return 0;
    input in;
    unsigned b0 = data[0];
    in.b1 = data[1];
    in.opts = ((b0 & 1) ? DP_OPT_STRICT_UTF8 : 0) | ((b0 & 2) ? DP_OPT_NO_NFC : 0) |
              ((b0 & 4) ? DP_OPT_TOKENS : 0) | ((b0 & 8) ? DP_OPT_PRETTY : 0);
    in.path = (int)((b0 >> 4) & 3);
    in.extra = (b0 & 0x40) != 0;
    in.oom = (b0 & 0x80) != 0;
    in.text = (const char *)data + HEADER;
    in.len = size - HEADER;

    /* the reference: one call */
    dp_doc *d = dp_doc_new();
    FZ_CHECK(d != NULL);
    if (in.extra) FZ_CHECK(dp_doc_set_published(d, PUBLISHED, 10) == DP_OK);
    dp_error err = {DP_OK, NULL, 0};
    dp_status st = dp_doc_analyze(d, in.text, in.len, in.opts, &err);
    check_status(in.text, in.len, in.opts, st, &err);
    fz_snap base;
    fz_snap_take(&base, d, st, &err);
    fz_buf json;
    fz_buf_init(&json);
    if (st == DP_OK) {
        fz_check_doc(d, in.len, in.opts);
        fz_check_render(d, in.opts, &json);
    } else {
        FZ_CHECK(dp_doc_text(d, NULL) == NULL);
        FZ_CHECK(dp_doc_write_json(d, in.opts, fz_sink, &json) == DP_ERR_STATE);
    }

    switch (in.path) {
    case PATH_ANALYZE: path_analyze(d, &in, &base, &json); break;
    case PATH_FEED: path_feed(d, &in, &base, &json); break;
    case PATH_JSON: path_json(d, &in, &base); break;
    default: path_onecall(d, &in, &base, &json); break;
    }
    if (in.oom) run_oom(&in, &base, &json);

    dp_doc_free(d);
    fz_snap_free(&base);
    fz_buf_free(&json);
    return 0;
}
