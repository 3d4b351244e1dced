/* fuzz_json.c — libFuzzer target for the JSON article reader (dp_doc_read_json).
 *
 * Input: one NDJSON line as it is. Checks: no crash; on error a known status,
 * a message and an offset inside the input; the reader agrees with an
 * independent validator (fz_json_valid: valid objects within
 * DP_JSON_MAX_DEPTH are never DP_ERR_JSON, invalid ones are never accepted);
 * an accepted article's text has no NUL, finishes in strict mode exactly
 * when it is valid UTF-8 and always by default, passes fz_check_doc and renders valid JSON; reading it again
 * into the same doc gives the same result; under allocation failure it fails
 * cleanly with DP_ERR_NOMEM and leaks nothing. */
#include "depeche.h"
#include "doc.h" /* the unescaped text (d->src, d->src_len) */
#include "fuzz_util.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct result {
    dp_status st;
    dp_error err;
    fz_snap snap;
    fz_buf json;
} result;

static void read_article(dp_doc *d, const char *js, size_t n, result *r) {
    r->err = (dp_error){DP_OK, NULL, 0};
    fz_buf_init(&r->json);
    r->st = dp_doc_read_json(d, js, n, &r->err);
    if (r->st != DP_OK) {
        FZ_CHECK(r->err.code == r->st && r->err.message != NULL);
        FZ_CHECK(r->err.offset <= n);
        FZ_CHECK(dp_doc_text(d, NULL) == NULL);
        fz_snap_take(&r->snap, d, r->st, &r->err);
        return;
    }
    FZ_CHECK(dp_doc_text(d, NULL) == NULL); /* read, not yet finished */
    /* the unescaped text keeps raw bytes but never NUL (\u0000 is U+FFFD) */
    FZ_CHECK(d->src == NULL && memchr(d->input.data ? d->input.data : "", '\0', d->input.len) == NULL);
    int clean = fz_utf8_valid(d->input.data ? d->input.data : "", d->input.len, 0);
    dp_status st = dp_doc_finish(d, DP_OPT_STRICT_UTF8 | DP_OPT_TOKENS, &r->err);
    FZ_CHECK(st == (clean ? DP_OK : DP_ERR_UTF8)); /* strict mode rejects bad bytes ... */
    if (st != DP_OK) {
        FZ_CHECK(r->err.code == st && r->err.offset < d->src_len);
        st = dp_doc_finish(d, DP_OPT_TOKENS, &r->err); /* ... and the default repairs them */
        FZ_CHECK(st == DP_OK);
    }
    FZ_CHECK(d->src != NULL);
    fz_check_doc(d, d->src_len, 0);
    fz_snap_take(&r->snap, d, st, &r->err);
    fz_check_render(d, DP_OPT_TOKENS, &r->json);
}

static void result_free(result *r) {
    fz_snap_free(&r->snap);
    fz_buf_free(&r->json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *js = (const char *)data;
    dp_doc *d = dp_doc_new();
    FZ_CHECK(d != NULL);
    result a;
    read_article(d, js, size, &a);
    if (a.st != DP_OK)
        FZ_CHECK(a.st == DP_ERR_JSON || a.st == DP_ERR_FIELD || a.st == DP_ERR_DATE);

    /* differential check against an independent validator */
    int depth = 0, is_object = 0;
    size_t bom = size >= 3 && !memcmp(js, "\xEF\xBB\xBF", 3) ? 3 : 0; /* a BOM before the object is skipped */
    int valid = fz_json_valid(js + bom, size - bom, 1, &depth, &is_object);
    if (a.st == DP_OK) FZ_CHECK(valid && is_object && depth <= DP_JSON_MAX_DEPTH);
    if (valid && is_object && depth <= DP_JSON_MAX_DEPTH) FZ_CHECK(a.st != DP_ERR_JSON);
    if (valid && !is_object) FZ_CHECK(a.st == DP_ERR_JSON);

    /* the same line into the same (used) doc: the same result */
    result b;
    read_article(d, js, size, &b);
    FZ_CHECK(a.st == b.st && a.err.offset == b.err.offset);
    fz_snap_same(&a.snap, &b.snap, FZ_SAME_ALL);
    FZ_CHECK(a.json.n == b.json.n && (a.json.n == 0 || memcmp(a.json.p, b.json.p, a.json.n) == 0));
    result_free(&b);
    dp_doc_free(d);

    /* allocation failure at a point drawn from the input */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 16777619u;
    fz_mem m;
    dp_alloc alc = fz_mem_alloc(&m, 1 + h % 24);
    d = dp_doc_new_with_mem(&alc);
    if (d) {
        dp_error err = {DP_OK, NULL, 0};
        dp_status st = dp_doc_read_json(d, js, size, &err);
        if (st == DP_OK) st = dp_doc_finish(d, 0, &err);
        FZ_CHECK(st == DP_OK || st == DP_ERR_NOMEM || st == a.st);
        if (st == DP_OK) {
            fz_snap s;
            fz_snap_take(&s, d, st, &err);
            fz_snap_same(&a.snap, &s, FZ_SAME_ALL);
            fz_snap_free(&s);
        }
        dp_doc_free(d);
    }
    FZ_CHECK(m.live == 0);
    result_free(&a);
    return 0;
}
