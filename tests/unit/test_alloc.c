/* test_alloc.c — allocation failure (STYLE §7, test_allocator). A counting
 * allocator fails the k-th allocation, for every k up to the number a whole
 * scenario needs; each call must then give DP_ERR_NOMEM or succeed, never
 * crash, and once the doc is freed no block may be left. After a failure the
 * same doc, with allocations allowed again, must give the normal result. */
#include "harness.h"
#include "testutil.h"

typedef struct counting {
    long calls;     /* allocations attempted (malloc, and realloc that grows or creates) */
    long fail_at;   /* the allocation number that fails (1-based); 0: never */
    int fail_all;   /* after fail_at, fail every later allocation too */
    long live;      /* blocks currently held by the library */
    long failures;  /* allocations refused */
    size_t bytes;   /* bytes currently held */
    size_t peak;    /* most bytes held at once */
} counting;

/* Each block carries its size in a header so the counts stay exact. */
typedef union hdr {
    size_t size;
    max_align_t align_;
} hdr;

static int refuse(counting *c) {
    c->calls++;
    if (c->fail_at && (c->calls == c->fail_at || (c->fail_all && c->calls > c->fail_at))) {
        c->failures++;
        return 1;
    }
    return 0;
}

static void *c_malloc(void *ctx, size_t n) {
    counting *c = ctx;
    if (refuse(c)) return NULL;
    hdr *h = malloc(sizeof(hdr) + n);
    if (!h) return NULL;
    h->size = n;
    c->live++;
    c->bytes += n;
    if (c->bytes > c->peak) c->peak = c->bytes;
    return h + 1;
}

static void c_free(void *ctx, void *p) {
    counting *c = ctx;
    if (!p) return;
    hdr *h = (hdr *)p - 1;
    c->live--;
    c->bytes -= h->size;
    free(h);
}

static void *c_realloc(void *ctx, void *p, size_t n) {
    counting *c = ctx;
    if (!p) return c_malloc(ctx, n);
    if (refuse(c)) return NULL;
    hdr *h = (hdr *)p - 1;
    size_t old = h->size;
    hdr *nh = realloc(h, sizeof(hdr) + n);
    if (!nh) return NULL;
    nh->size = n;
    c->bytes = c->bytes - old + n;
    if (c->bytes > c->peak) c->peak = c->bytes;
    return nh + 1;
}

static const char text[] =
    "\xEF\xBB\xBF\"Ce sera une visite de travail\", a indiqué à la presse le porte-parole du Kremlin, "
    "Dmitri Peskov.\r\n\r\nM. J.-M. Le Pen a réuni 100 000 personnes, soit 12,5 % de plus qu'en 2019.\xff "
    "Cafe\xCC\x81 cre\xCC\x80me… « Non ! », a-t-il dit.\n\nLes Pyrénées.Alors que…";

static const char article[] =
    "{\"id\":\"a-1\",\"published\":\"2020-09-11\",\"title\":\"Titre \\u00e9\",\"url\":\"https://x.fr\","
    "\"source\":\"AFP\",\"extra\":[{\"a\":[1,2,3]}],\"text\":\"Le porte-parole du Kremlin a parl\\u00e9. Fin.\"}";

/* The whole scenario; returns the first failing status (0 if none) and, when
 * `out` is given, the concatenated documents rendered along the way. */
static dp_status scenario(counting *c, tu_sink *out) {
    dp_alloc alc = {c_malloc, c_realloc, c_free, c};
    dp_doc *d = dp_doc_new_with_mem(&alc);
    dp_status first = DP_OK, st;
    if (!d) return DP_ERR_NOMEM;
#define STEP(call)                                                                                                 \
    do {                                                                                                           \
        st = (call);                                                                                               \
        if (!CHECK(st == DP_OK || st == DP_ERR_NOMEM)) fprintf(stderr, "    %s gave %d\n", #call, (int)st);        \
        if (st && !first) first = st;                                                                              \
    } while (0)
    dp_error e;
    STEP(dp_doc_set_published(d, "2020-09-11", 10));
    STEP(dp_doc_set_meta(d, "id", "premier", 7));
    STEP(dp_doc_set_meta(d, "title", "Un titre assez long pour le tas", 31));
    /* streaming in chunks */
    for (size_t p = 0; p < sizeof text - 1; p += 7) {
        size_t k = sizeof text - 1 - p < 7 ? sizeof text - 1 - p : 7;
        STEP(dp_doc_feed(d, text + p, k));
    }
    STEP(dp_doc_finish(d, 0, &e));
    if (st == DP_OK) {
        STEP(dp_doc_write_json(d, DP_OPT_TOKENS, tu_sink_write, out));
        CHECK_INVARIANTS(d, sizeof text - 1);
    }
    /* one-call analysis on the reset doc */
    dp_doc_reset(d);
    STEP(dp_doc_analyze(d, text, sizeof text - 1, 0, &e));
    if (st == DP_OK) STEP(dp_doc_write_json(d, DP_OPT_TOKENS | DP_OPT_PRETTY, tu_sink_write, out));
    /* a JSON article */
    STEP(dp_doc_read_json(d, article, sizeof article - 1, &e));
    if (st == DP_OK) {
        STEP(dp_doc_finish(d, 0, &e));
        if (st == DP_OK) STEP(dp_doc_write_json(d, DP_OPT_TOKENS, tu_sink_write, out));
    }
    /* a big text that makes every buffer grow again */
    size_t big = 64 * 1024;
    char *t = malloc(big);
    if (t) {
        for (size_t i = 0; i < big; i++) t[i] = text[3 + i % (sizeof text - 4)];
        STEP(dp_doc_analyze(d, t, big, 0, &e));
        free(t);
    }
#undef STEP
    dp_doc_free(d);
    return first;
}

int main(void) {
    TEST("reference run");
    counting ref = {0, 0, 0, 0, 0, 0, 0};
    tu_sink want = {NULL, 0, 0, -1};
    CHECK_EQ(scenario(&ref, &want), DP_OK);
    CHECK_EQ(ref.live, 0);
    CHECK_EQ(ref.bytes, 0);
    CHECK(ref.calls > 5);
    CHECK(want.len > 1000);
    printf("reference scenario: %ld allocations\n", ref.calls);

    TEST("fail the k-th allocation");
    long worst_leak = 0, reached = 0;
    for (long k = 1; k <= ref.calls + 1; k++) {
        counting c = {0, k, 0, 0, 0, 0, 0};
        tu_sink got = {NULL, 0, 0, -1};
        dp_status st = scenario(&c, &got);
        if (c.live != 0 || c.bytes != 0) {
            if (!worst_leak) fprintf(stderr, "    failing allocation %ld leaves %ld blocks\n", k, c.live);
            worst_leak = c.live ? c.live : 1;
        }
        if (c.failures) reached++;
        /* with no allocation refused the run must succeed and be identical */
        if (!c.failures) {
            CHECK_EQ(st, DP_OK);
            CHECK(got.data && want.data && strcmp(got.data, want.data) == 0);
        } else {
            CHECK(st == DP_ERR_NOMEM || st == DP_OK);
        }
        free(got.data);
    }
    CHECK_EQ(worst_leak, 0);
    CHECK_EQ(reached, ref.calls);

    TEST("fail every allocation from the k-th on");
    for (long k = 1; k <= ref.calls; k++) {
        counting c = {0, k, 1, 0, 0, 0, 0};
        tu_sink got = {NULL, 0, 0, -1};
        scenario(&c, &got);
        if (!CHECK_EQ(c.live, 0)) fprintf(stderr, "    failing from allocation %ld on\n", k);
        free(got.data);
    }

    TEST("recovery after NOMEM");
    /* a doc whose analysis failed for memory gives the normal result once memory is back */
    for (long k = 1; k <= 12; k++) {
        counting c = {0, 0, 0, 0, 0, 0, 0};
        dp_alloc alc = {c_malloc, c_realloc, c_free, &c};
        dp_doc *d = dp_doc_new_with_mem(&alc);
        if (!CHECK(d != NULL)) continue;
        c.fail_at = c.calls + k;
        c.fail_all = 1;
        dp_error e;
        dp_status st = dp_doc_analyze(d, text, sizeof text - 1, 0, &e);
        CHECK(st == DP_OK || st == DP_ERR_NOMEM);
        if (st == DP_ERR_NOMEM) {
            CHECK_EQ(e.code, DP_ERR_NOMEM);
            CHECK(dp_doc_text(d, NULL) == NULL);
        }
        c.fail_at = 0;
        CHECK_EQ(dp_doc_analyze(d, text, sizeof text - 1, 0, &e), DP_OK);
        CHECK_INVARIANTS(d, sizeof text - 1);
        char *out = tu_render(d, DP_OPT_TOKENS);
        dp_doc *fresh = dp_doc_new();
        dp_doc_analyze(fresh, text, sizeof text - 1, 0, NULL);
        char *ref_out = tu_render(fresh, DP_OPT_TOKENS);
        CHECK(out && ref_out && strcmp(out, ref_out) == 0);
        free(out);
        free(ref_out);
        dp_doc_free(fresh);
        dp_doc_free(d);
        CHECK_EQ(c.live, 0);
    }

    TEST("allocation failure in dp_doc_new_with_mem");
    counting c = {0, 1, 1, 0, 0, 0, 0};
    dp_alloc alc = {c_malloc, c_realloc, c_free, &c};
    CHECK(dp_doc_new_with_mem(&alc) == NULL);
    CHECK_EQ(c.live, 0);

    free(want.data);
    return TEST_DONE();
}
