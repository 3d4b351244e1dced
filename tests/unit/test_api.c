/* test_api.c — the public API contract: NULL arguments, error strings,
 * dates, versions, streaming in chunks, reuse after reset, rendering and the
 * one-call helper. */
#include "harness.h"
#include "testutil.h"

static const char seed_like[] =
    "\"Ce sera une visite de travail\", a indiqué à la presse le porte-parole du Kremlin, Dmitri Peskov.\n\n"
    "Interrogé si la rencontre aura lieu à Moscou, M. Peskov n'a pas apporté de précisions.\n\n"
    "Alexandre Loukachenko, qui a célébré son 66e anniversaire, a reçu un atlas du XIXe siècle.\n"
    "Les précédentes ont rassemblé au moins 100.000 personnes, soit 12,5 % de plus.";

/* Inputs for the streaming and reuse tests: clean text and text that needs repair. */
static const struct {
    const char *s;
    size_t len;
} inputs[] = {
#define LIT(s) {s, sizeof s - 1}
    LIT(seed_like),
    LIT("\xEF\xBB\xBF" "Cafe\xCC\x81 cre\xCC\x80me.\r\nL'\xff\xfe" "abc a\0b fin\rici « Non ! », a-t-il dit."),
    LIT("M. J.-M. Le Pen, 100 000 personnes.Alors… R.E.M. joue aux Pyrénées"),
    LIT(""),
    LIT("\xE2\x80\xA6\xE2\x80"),
#undef LIT
};
#define NINPUTS (sizeof inputs / sizeof inputs[0])

static void test_version(void) {
    TEST("version");
    CHECK_EQ(dp_version(), DP_VERSION);
    CHECK_STR(dp_version_string(), DP_VERSION_STRING);
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", DP_VERSION_MAJOR, DP_VERSION_MINOR, DP_VERSION_PATCH);
    CHECK_STR(dp_version_string(), v);
}

static void test_strerror(void) {
    TEST("dp_strerror");
    static const dp_status codes[] = {DP_OK,         DP_ERR_NOMEM,     DP_ERR_ARG,   DP_ERR_UTF8, DP_ERR_JSON,
                                      DP_ERR_DATE,   DP_ERR_TOO_LARGE, DP_ERR_STATE, DP_ERR_FIELD};
    const size_t n = sizeof codes / sizeof codes[0];
    for (size_t i = 0; i < n; i++) {
        const char *s = dp_strerror(codes[i]);
        if (!CHECK(s != NULL && s[0] != 0)) continue;
        /* each code has its own message */
        for (size_t j = 0; j < i; j++) CHECK(strcmp(s, dp_strerror(codes[j])) != 0);
    }
    /* every code, including ones added later, has a message */
    for (int c = 1; c >= -16; c--) CHECK(dp_strerror((dp_status)c) != NULL);
    const char *unknown = dp_strerror((dp_status)-99);
    CHECK(unknown != NULL && unknown[0] != 0);
    CHECK(dp_strerror((dp_status)1) != NULL);
}

static void test_dates(void) {
    TEST("dp_date_parse");
    static const struct {
        const char *s;
        int ok, y, m, d;
    } cases[] = {
        {"2020-09-11", 1, 2020, 9, 11}, {"2020-02-29", 1, 2020, 2, 29}, {"2000-02-29", 1, 2000, 2, 29},
        {"2019-02-29", 0, 0, 0, 0},     {"1900-02-29", 0, 0, 0, 0},     {"2100-02-29", 0, 0, 0, 0},
        {"2019-02-28", 1, 2019, 2, 28}, {"2020-04-31", 0, 0, 0, 0},     {"2020-04-30", 1, 2020, 4, 30},
        {"2020-06-31", 0, 0, 0, 0},     {"2020-12-31", 1, 2020, 12, 31}, {"2020-01-32", 0, 0, 0, 0},
        {"2020-00-10", 0, 0, 0, 0},     {"2020-13-01", 0, 0, 0, 0},     {"2020-01-00", 0, 0, 0, 0},
        {"1000-01-01", 1, 1000, 1, 1},  {"9999-12-31", 1, 9999, 12, 31}, {"0999-12-31", 0, 0, 0, 0},
        {"0000-01-01", 0, 0, 0, 0},     {"2020-1-01", 0, 0, 0, 0},      {"2020/01/01", 0, 0, 0, 0},
        {"2020-01-011", 0, 0, 0, 0},    {"2020-01-1", 0, 0, 0, 0},      {" 2020-01-01", 0, 0, 0, 0},
        {"2020-01-0a", 0, 0, 0, 0},     {"+020-01-01", 0, 0, 0, 0},     {"2020-+1-01", 0, 0, 0, 0},
        {"11/09/2020", 0, 0, 0, 0},     {"", 0, 0, 0, 0},               {"2020-01-01T00", 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dp_date d = {0, 0, 0};
        dp_status st = dp_date_parse(cases[i].s, strlen(cases[i].s), &d);
        if (cases[i].ok) {
            if (!CHECK_EQ(st, DP_OK)) fprintf(stderr, "    date: %s\n", cases[i].s);
            CHECK_EQ(d.year, cases[i].y);
            CHECK_EQ(d.month, cases[i].m);
            CHECK_EQ(d.day, cases[i].d);
        } else if (!CHECK_EQ(st, DP_ERR_DATE)) {
            fprintf(stderr, "    date: %s\n", cases[i].s);
        }
    }
    /* only `len` bytes are read */
    dp_date d;
    CHECK_EQ(dp_date_parse("2020-09-11garbage", 10, &d), DP_OK);
    CHECK_EQ(dp_date_parse("2020-09-11", 9, &d), DP_ERR_DATE);
    CHECK(dp_date_parse(NULL, 10, &d) != DP_OK);
    CHECK(dp_date_parse("2020-09-11", 10, NULL) != DP_OK);

    /* dp_doc_set_published: errors leave the previous value, NULL clears */
    dp_doc *doc = dp_doc_new();
    CHECK_EQ(dp_doc_set_published(doc, "2020-09-11", 10), DP_OK);
    CHECK_EQ(dp_doc_set_published(doc, "2020-02-30", 10), DP_ERR_DATE);
    CHECK_EQ(dp_doc_analyze(doc, "x", 1, 0, NULL), DP_OK);
    char *out = tu_render(doc, 0);
    CHECK(out && strstr(out, "\"published\":\"2020-09-11\""));
    free(out);
    CHECK_EQ(dp_doc_set_published(doc, NULL, 0), DP_OK);
    CHECK_EQ(dp_doc_analyze(doc, "x", 1, 0, NULL), DP_OK);
    out = tu_render(doc, 0);
    CHECK(out && strstr(out, "\"published\":null"));
    free(out);
    dp_doc_free(doc);
}

static int null_write(void *ctx, const char *p, size_t n) {
    (void)ctx;
    (void)p;
    (void)n;
    return 0;
}

static void test_null_arguments(void) {
    TEST("NULL arguments");
    dp_error e = {DP_OK, NULL, 0};
    size_t n = 123, len = 456;
    CHECK(dp_doc_new_with_mem(NULL) == NULL);
    dp_alloc partial = {NULL, NULL, NULL, NULL};
    CHECK(dp_doc_new_with_mem(&partial) == NULL);
    dp_doc_free(NULL);
    dp_doc_reset(NULL);
    dp_free(NULL);
    CHECK_EQ(dp_doc_set_published(NULL, "2020-09-11", 10), DP_ERR_ARG);
    CHECK_EQ(dp_doc_set_meta(NULL, "id", "x", 1), DP_ERR_ARG);
    CHECK_EQ(dp_doc_feed(NULL, "x", 1), DP_ERR_ARG);
    CHECK_EQ(dp_doc_finish(NULL, 0, &e), DP_ERR_ARG);
    CHECK_EQ(dp_doc_finish(NULL, 0, NULL), DP_ERR_ARG);
    e.code = DP_OK;
    CHECK_EQ(dp_doc_analyze(NULL, "x", 1, 0, &e), DP_ERR_ARG);
    CHECK_EQ(e.code, DP_ERR_ARG);
    CHECK_EQ(dp_doc_analyze(NULL, "x", 1, 0, NULL), DP_ERR_ARG);
    CHECK_EQ(dp_doc_read_json(NULL, "{}", 2, &e), DP_ERR_ARG);
    CHECK_EQ(dp_doc_read_json(NULL, "{}", 2, NULL), DP_ERR_ARG);
    CHECK(dp_doc_text(NULL, &len) == NULL);
    CHECK(dp_doc_text(NULL, NULL) == NULL);
    CHECK_EQ(dp_doc_orig_offset(NULL, 5), 0);
    CHECK(dp_doc_tokens(NULL, &n) == NULL);
    CHECK_EQ(n, 0);
    n = 123;
    CHECK(dp_doc_sentences(NULL, &n) == NULL);
    CHECK_EQ(n, 0);
    CHECK(dp_doc_tokens(NULL, NULL) == NULL);
    CHECK(dp_doc_sentences(NULL, NULL) == NULL);
    CHECK_EQ(dp_doc_write_json(NULL, 0, null_write, NULL), DP_ERR_ARG);

    dp_doc *d = dp_doc_new();
    if (!CHECK(d != NULL)) return;
    /* NULL text with a length is an error; with length 0 it is the empty text */
    CHECK_EQ(dp_doc_feed(d, NULL, 3), DP_ERR_ARG);
    CHECK_EQ(dp_doc_feed(d, NULL, 0), DP_OK);
    CHECK_EQ(dp_doc_analyze(d, NULL, 3, 0, &e), DP_ERR_ARG);
    CHECK_EQ(dp_doc_analyze(d, NULL, 0, 0, &e), DP_OK);
    CHECK_EQ(dp_doc_tokens(d, &n) != NULL || n == 0, 1);
    CHECK_EQ(n, 0);
    CHECK_EQ(dp_doc_read_json(d, NULL, 5, &e), DP_ERR_ARG);
    CHECK_EQ(dp_doc_read_json(d, NULL, 0, &e), DP_ERR_JSON);
    CHECK_EQ(dp_doc_set_meta(d, NULL, "x", 1), DP_ERR_ARG);
    CHECK_EQ(dp_doc_set_meta(d, "id", NULL, 1), DP_ERR_ARG);
    CHECK_EQ(dp_doc_set_meta(d, "nope", "x", 1), DP_ERR_ARG);
    CHECK_EQ(dp_doc_set_meta(d, "id", NULL, 0), DP_OK);
    CHECK_EQ(dp_doc_set_published(d, NULL, 10), DP_OK);
    CHECK_EQ(dp_doc_analyze(d, "x", 1, 0, NULL), DP_OK);
    CHECK_EQ(dp_doc_write_json(d, 0, NULL, NULL), DP_ERR_ARG);
    CHECK_EQ(dp_doc_write_json(d, 0, null_write, NULL), DP_OK);
    /* beyond DP_MAX_INPUT: refused from the length alone, before any byte is read */
    CHECK_EQ(dp_doc_feed(d, "x", DP_MAX_INPUT + 1), DP_ERR_TOO_LARGE);
    e.code = DP_OK;
    CHECK_EQ(dp_doc_analyze(d, "x", DP_MAX_INPUT + 1, 0, &e), DP_ERR_TOO_LARGE);
    CHECK_EQ(e.code, DP_ERR_TOO_LARGE);
    dp_doc_free(d);

    /* dp_analyze_json */
    size_t ol = 0;
    e.code = DP_OK;
    CHECK(dp_analyze_json(NULL, 3, NULL, 0, &ol, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_ARG);
    CHECK(dp_analyze_json(NULL, 3, NULL, 0, NULL, NULL) == NULL);
    char *out = dp_analyze_json(NULL, 0, NULL, 0, NULL, NULL);
    CHECK_DOC(out, "{\"language\":\"fr\",\"published\":null,\"sentences\":[],");
    dp_free(out);
}

static void test_state(void) {
    TEST("call order");
    dp_doc *d = dp_doc_new();
    size_t n = 9, len = 9;
    if (!CHECK(d != NULL)) return;
    /* nothing to read before an analysis */
    CHECK(dp_doc_text(d, &len) == NULL);
    CHECK(dp_doc_tokens(d, &n) == NULL);
    CHECK_EQ(n, 0);
    CHECK_EQ(dp_doc_write_json(d, 0, null_write, NULL), DP_ERR_STATE);
    /* fed but not finished */
    CHECK_EQ(dp_doc_feed(d, "Bonjour.", 8), DP_OK);
    CHECK(dp_doc_text(d, NULL) == NULL);
    CHECK_EQ(dp_doc_write_json(d, 0, null_write, NULL), DP_ERR_STATE);
    CHECK_EQ(dp_doc_finish(d, 0, NULL), DP_OK);
    CHECK_STR(dp_doc_text(d, &len), "Bonjour.");
    CHECK_EQ(len, 8);
    /* finishing twice gives the same analysis */
    CHECK_EQ(dp_doc_finish(d, 0, NULL), DP_OK);
    dp_doc_tokens(d, &n);
    CHECK_EQ(n, 2);
    /* a feed after a finish starts a new text */
    CHECK_EQ(dp_doc_feed(d, "Au revoir", 9), DP_OK);
    CHECK_EQ(dp_doc_finish(d, 0, NULL), DP_OK);
    CHECK_STR(dp_doc_text(d, NULL), "Au revoir");
    /* reset forgets the analysis */
    dp_doc_reset(d);
    CHECK(dp_doc_text(d, NULL) == NULL);
    CHECK_EQ(dp_doc_write_json(d, 0, null_write, NULL), DP_ERR_STATE);
    /* finishing an empty doc gives an empty analysis */
    CHECK_EQ(dp_doc_finish(d, 0, NULL), DP_OK);
    CHECK_STR(dp_doc_text(d, &len), "");
    CHECK_EQ(len, 0);
    dp_doc_free(d);
}

/* Everything observable of a finished doc, for comparisons. */
static char *snapshot(const dp_doc *d) {
    size_t nt = 0, ns = 0, tl = 0;
    const dp_token *t = dp_doc_tokens(d, &nt);
    const dp_sentence *s = dp_doc_sentences(d, &ns);
    const char *text = dp_doc_text(d, &tl);
    tu_sink k = {NULL, 0, 0, -1};
    char line[160];
    if (!text) return NULL;
    for (size_t i = 0; i < nt; i++) {
        int l = snprintf(line, sizeof line, "t %u %u %u %u %u %u %u %s/%s\n", t[i].start, t[i].end, t[i].nstart,
                         t[i].nend, (unsigned)t[i].kind, (unsigned)t[i].flags, (unsigned)t[i].nparts,
                         t[i].nparts ? t[i].parts[0].text : "", t[i].nparts ? t[i].parts[1].text : "");
        tu_sink_write(&k, line, (size_t)l);
    }
    for (size_t i = 0; i < ns; i++) {
        int l = snprintf(line, sizeof line, "s %u %u %u %u\n", s[i].start, s[i].end, s[i].first_token, s[i].ntokens);
        tu_sink_write(&k, line, (size_t)l);
    }
    tu_sink_write(&k, text, tl);
    char *json = tu_render(d, DP_OPT_TOKENS);
    if (json) tu_sink_write(&k, json, strlen(json));
    free(json);
    if (!k.data) tu_sink_write(&k, "", 0);
    return k.data ? k.data : calloc(1, 1);
}

static void test_chunking(void) {
    TEST("feed in chunks");
    for (size_t i = 0; i < NINPUTS; i++) {
        dp_doc *ref = dp_doc_new();
        if (!CHECK(ref && dp_doc_analyze(ref, inputs[i].s, inputs[i].len, 0, NULL) == DP_OK)) {
            dp_doc_free(ref);
            continue;
        }
        CHECK_INVARIANTS(ref, inputs[i].len);
        char *want = snapshot(ref);
        dp_doc_free(ref);
        /* any chunking gives the same result (STYLE), one doc reused throughout */
        dp_doc *d = dp_doc_new();
        for (size_t chunk = 1; chunk <= 7; chunk++) {
            dp_doc_reset(d);
            for (size_t p = 0; p < inputs[i].len; p += chunk) {
                size_t k = inputs[i].len - p < chunk ? inputs[i].len - p : chunk;
                CHECK_EQ(dp_doc_feed(d, inputs[i].s + p, k), DP_OK);
            }
            CHECK_EQ(dp_doc_finish(d, 0, NULL), DP_OK);
            char *got = snapshot(d);
            if (!CHECK(want && got && strcmp(want, got) == 0))
                fprintf(stderr, "    input %zu, chunks of %zu bytes\n", i, chunk);
            free(got);
        }
        /* empty chunks change nothing */
        dp_doc_reset(d);
        for (size_t p = 0; p < inputs[i].len; p++) {
            dp_doc_feed(d, inputs[i].s + p, 0);
            dp_doc_feed(d, inputs[i].s + p, 1);
        }
        CHECK_EQ(dp_doc_finish(d, 0, NULL), DP_OK);
        char *got = snapshot(d);
        CHECK(want && got && strcmp(want, got) == 0);
        free(got);
        dp_doc_free(d);
        free(want);
    }
}

static void test_reuse(void) {
    TEST("reuse after reset");
    /* one doc through all inputs twice, with metadata, gives what fresh docs give */
    dp_doc *d = dp_doc_new();
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < NINPUTS; i++) {
            dp_doc *fresh = dp_doc_new();
            dp_doc_set_published(fresh, "2020-09-11", 10);
            dp_doc_set_meta(fresh, "id", "art", 3);
            dp_doc_analyze(fresh, inputs[i].s, inputs[i].len, 0, NULL);
            char *want = snapshot(fresh);
            dp_doc_free(fresh);

            dp_doc_reset(d);
            dp_doc_set_published(d, "2020-09-11", 10);
            CHECK_EQ(dp_doc_set_meta(d, "id", "art", 3), DP_OK);
            CHECK_EQ(dp_doc_analyze(d, inputs[i].s, inputs[i].len, 0, NULL), DP_OK);
            char *got = snapshot(d);
            if (!CHECK(want && got && strcmp(want, got) == 0)) fprintf(stderr, "    round %d input %zu\n", round, i);
            free(want);
            free(got);
        }
    }
    /* reset forgets metadata */
    dp_doc_reset(d);
    dp_doc_analyze(d, "x", 1, 0, NULL);
    char *out = tu_render(d, 0);
    CHECK_DOC(out, "{\"language\":\"fr\",\"published\":null,\"sentences\":[{\"start\":0,\"end\":1}],");
    free(out);
    /* analyze keeps metadata set before it */
    dp_doc_reset(d);
    dp_doc_set_meta(d, "title", "Un titre", 8);
    dp_doc_set_meta(d, "source", "AFP", 3);
    dp_doc_set_meta(d, "url", "https://x.fr/\xff", 14);
    dp_doc_analyze(d, "x", 1, 0, NULL);
    dp_doc_analyze(d, "y", 1, 0, NULL);
    out = tu_render(d, 0);
    CHECK(out && strstr(out, "\"title\":\"Un titre\",\"url\":\"https://x.fr/\xEF\xBF\xBD\",\"source\":\"AFP\""));
    free(out);
    dp_doc_free(d);
}

static void test_render(void) {
    TEST("rendering");
    dp_doc *d = dp_doc_new();
    const char *in = "Le chat du voisin.";
    dp_doc_analyze(d, in, strlen(in), 0, NULL);
    char *out = tu_render(d, DP_OPT_TOKENS);
    CHECK_DOC(out, "{\"language\":\"fr\",\"published\":null,\"sentences\":[{\"start\":0,\"end\":18}],\"tokens\":["
                   "{\"start\":0,\"end\":2,\"text\":\"Le\"},{\"start\":3,\"end\":7,\"text\":\"chat\"},"
                   "{\"start\":8,\"end\":10,\"text\":\"du\",\"parts\":[{\"text\":\"de\"},{\"text\":\"le\"}]},"
                   "{\"start\":11,\"end\":17,\"text\":\"voisin\"},{\"start\":17,\"end\":18,\"text\":\".\"}],");
    free(out);
    /* pretty output is the same document */
    out = tu_render(d, DP_OPT_TOKENS | DP_OPT_PRETTY);
    CHECK(out && out[0] == '{' && strchr(out, '\n') != NULL);
    CHECK(out && out[strlen(out) - 1] == '}');
    free(out);
    /* a failing sink stops the rendering with DP_ERR_ARG */
    tu_sink s = {NULL, 0, 0, 0};
    CHECK_EQ(dp_doc_write_json(d, DP_OPT_TOKENS, tu_sink_write, &s), DP_ERR_ARG);
    free(s.data);
    /* a big document goes through the sink in pieces, and failing late stops it too */
    size_t big = 200000;
    char *text = malloc(big + 1);
    if (CHECK(text != NULL)) {
        for (size_t i = 0; i < big; i++) text[i] = (i % 6 == 5) ? ' ' : 'a';
        text[big] = 0;
        CHECK_EQ(dp_doc_analyze(d, text, big, 0, NULL), DP_OK);
        tu_sink s2 = {NULL, 0, 0, 100000};
        CHECK_EQ(dp_doc_write_json(d, DP_OPT_TOKENS, tu_sink_write, &s2), DP_ERR_ARG);
        free(s2.data);
        out = tu_render(d, DP_OPT_TOKENS);
        CHECK(out && strlen(out) > 1000000);
        free(out);
    }
    free(text);
    dp_doc_free(d);

    /* dp_analyze_json agrees with the doc API */
    size_t ol = 0;
    dp_error e;
    out = dp_analyze_json(in, strlen(in), "2020-09-11", DP_OPT_TOKENS, &ol, &e);
    if (CHECK(out != NULL)) {
        CHECK_EQ(ol, strlen(out));
        CHECK(strstr(out, "\"published\":\"2020-09-11\",\"sentences\":[{\"start\":0,\"end\":18}],\"tokens\":[") != NULL);
    }
    dp_free(out);
    e.code = DP_OK;
    CHECK(dp_analyze_json(in, strlen(in), "2020-02-30", 0, NULL, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_DATE);
    e.code = DP_OK;
    CHECK(dp_analyze_json("a\xff", 2, NULL, DP_OPT_STRICT_UTF8, NULL, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_UTF8);
    CHECK_EQ(e.offset, 1);
}

int main(void) {
    test_version();
    test_strerror();
    test_dates();
    test_null_arguments();
    test_state();
    test_chunking();
    test_reuse();
    test_render();
    return TEST_DONE();
}
