/* test_json.c — the JSON article reader (dp_doc_read_json) and the rendered
 * document: members, types, escapes, repairs, depth, trailing bytes, and the
 * byte offset of every error. */
#include "harness.h"
#include "testutil.h"

/* Reads `json` into a fresh doc; on success finishes and renders it (returned,
 * malloc'ed) ; on failure returns NULL with *st and *e set. */
static char *read_render(const char *json, dp_status *st, dp_error *e) {
    dp_doc *d = dp_doc_new();
    char *out = NULL;
    *e = (dp_error){DP_OK, NULL, 0};
    *st = d ? dp_doc_read_json(d, json, strlen(json), e) : DP_ERR_NOMEM;
    if (*st == DP_OK) *st = dp_doc_finish(d, DP_OPT_TOKENS, e);
    if (*st == DP_OK) out = tu_render(d, DP_OPT_TOKENS);
    dp_doc_free(d);
    return out;
}

/* The reader must fail on `json` with `code` at byte `off`, and the message must be set. */
#define CHECK_JSON_ERR(json, code, off) check_json_err(__FILE__, __LINE__, (json), (code), (off))
static void check_json_err(const char *file, int line, const char *json, dp_status code, size_t off) {
    dp_status st;
    dp_error e;
    char *out = read_render(json, &st, &e);
    free(out);
    if (!h_check_eq(st, code, file, line, "status", "expected") ||
        !h_check_eq((long long)e.offset, (long long)off, file, line, "error offset", "expected") ||
        !h_record(e.code == code && e.message != NULL, file, line, "error code and message"))
        fprintf(stderr, "    json: %s\n    message: %s\n", json, e.message ? e.message : "(null)");
}

/* The reader must accept `json` and the rendered document must contain `want`. */
#define CHECK_JSON_HAS(json, want) check_json_has(__FILE__, __LINE__, (json), (want))
static void check_json_has(const char *file, int line, const char *json, const char *want) {
    dp_status st;
    dp_error e;
    char *out = read_render(json, &st, &e);
    if (!h_check_eq(st, DP_OK, file, line, "status", "DP_OK"))
        fprintf(stderr, "    json: %s\n    error: %s at %zu\n", json, e.message ? e.message : "(null)", e.offset);
    else if (!h_record(out && strstr(out, want) != NULL, file, line, "rendered document contains"))
        fprintf(stderr, "    json: %s\n    want: %s\n    got:  %s\n", json, want, out ? out : "(null)");
    free(out);
}

static void test_valid(void) {
    TEST("valid articles");
    const char *art = "{\"id\":\"a1\",\"text\":\"Le chat dort.\",\"published\":\"2020-09-11\",\"title\":\"T\","
                      "\"url\":\"https://x.fr/1\",\"source\":\"AFP\",\"extra\":[1,{\"x\":null}],\"n\":true}";
    CHECK_JSON_HAS(art, "{\"language\":\"fr\",\"id\":\"a1\",\"published\":\"2020-09-11\",\"title\":\"T\","
                        "\"url\":\"https://x.fr/1\",\"source\":\"AFP\",\"sentences\":[{\"start\":0,\"end\":13}],");
    CHECK_JSON_HAS(art, "\"entities\":[");
    CHECK_JSON_HAS("{\"text\":\"x\",\"id\":42}", "\"id\":42,");
    CHECK_JSON_HAS("{\"text\":\"x\",\"id\":-1.5e3}", "\"id\":-1.5e3,");
    CHECK_JSON_HAS("{\"text\":\"x\",\"id\":null,\"title\":null,\"published\":null}",
                   "{\"language\":\"fr\",\"published\":null,\"sentences\"");
    CHECK_JSON_HAS(" \t\r\n{ \"text\" : \"x\" } \n", "\"text\":\"x\"");
    CHECK_JSON_HAS("{\"text\":\"x\",\"a\":{\"b\":[1,2.5,-0,1e9,{\"c\":null}]},\"t\":true,\"f\":false,\"s\":\"\"}",
                   "\"text\":\"x\"");
    CHECK_JSON_HAS("{\"text\":\"\"}", "\"sentences\":[],\"tokens\":[]");
    /* offsets refer to the unescaped text */
    CHECK_JSON_HAS("{\"text\":\"caf\\u00e9 noir\"}",
                   "{\"start\":0,\"end\":5,\"text\":\"café\"},{\"start\":6,\"end\":10,\"text\":\"noir\"}");
    CHECK_JSON_HAS("{\"text\":\"a\\nb\"}", "{\"start\":2,\"end\":3,\"text\":\"b\"}");
    /* strings in the output are escaped */
    CHECK_JSON_HAS("{\"text\":\"x\",\"title\":\"a \\\"q\\\" \\\\ \\u0001 \\t\"}",
                   "\"title\":\"a \\\"q\\\" \\\\ \\u0001 \\t\"");
}

/* the token "a", U+FFFD, "b" (a repaired character is a letter of its word):
 * offsets count the unescaped text's bytes, the escape's U+FFFD being 3 of them */
#define AFB "{\"start\":0,\"end\":5,\"text\":\"a\xEF\xBF\xBD" "b\"}"
/* the same from one raw invalid byte, which the text layer repairs in place */
#define AFB_RAW "{\"start\":0,\"end\":3,\"text\":\"a\xEF\xBF\xBD" "b\"}"

static void test_escapes(void) {
    TEST("escapes and repairs");
    CHECK_JSON_HAS("{\"text\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "\"sentences\"");
    CHECK_JSON_HAS("{\"text\":\"\\ud83d\\ude00\"}", "\"text\":\"\xF0\x9F\x98\x80\"");
    /* lone surrogates become U+FFFD (documented repair) */
    CHECK_JSON_HAS("{\"text\":\"a\\ud800b\"}", AFB);
    CHECK_JSON_HAS("{\"text\":\"a\\udc00b\"}", AFB);
    CHECK_JSON_HAS("{\"text\":\"a \\ud800\\u0041\"}",
                   "{\"start\":2,\"end\":6,\"text\":\"\xEF\xBF\xBD" "A\"}");
    CHECK_JSON_HAS("{\"text\":\"x \\ud800\"}", "{\"start\":2,\"end\":5,\"text\":\"\xEF\xBF\xBD\"}");
    /* \u0000 is never text */
    CHECK_JSON_HAS("{\"text\":\"a\\u0000b\"}", AFB);
    /* raw invalid UTF-8 inside a string is repaired */
    CHECK_JSON_HAS("{\"text\":\"a\xff" "b\"}", AFB_RAW);
    CHECK_JSON_HAS("{\"text\":\"x\",\"title\":\"t\xff\"}", "\"title\":\"t\xEF\xBF\xBD\"");
    /* bad escapes: offset of the backslash */
    CHECK_JSON_ERR("{\"text\":\"a\\qb\"}", DP_ERR_JSON, 10);
    CHECK_JSON_ERR("{\"text\":\"a\\u12G4\"}", DP_ERR_JSON, 10);
    CHECK_JSON_ERR("{\"text\":\"a\\u00\"}", DP_ERR_JSON, 10);
    CHECK_JSON_ERR("{\"text\":\"a\\", DP_ERR_JSON, 10);
    /* raw control characters and unterminated strings */
    CHECK_JSON_ERR("{\"text\":\"a\nb\"}", DP_ERR_JSON, 10);
    CHECK_JSON_ERR("{\"text\":\"a\tb\"}", DP_ERR_JSON, 10);
    CHECK_JSON_ERR("{\"text\":\"abc", DP_ERR_JSON, 12);
}

static void test_fields(void) {
    TEST("missing and mistyped fields");
    CHECK_JSON_ERR("{\"id\":1}", DP_ERR_FIELD, 0);
    CHECK_JSON_ERR("{}", DP_ERR_FIELD, 0);
    CHECK_JSON_ERR("{\"text\":5}", DP_ERR_FIELD, 8);
    CHECK_JSON_ERR("{\"text\":null}", DP_ERR_FIELD, 8);
    CHECK_JSON_ERR("{\"text\":[\"a\"]}", DP_ERR_FIELD, 8);
    CHECK_JSON_ERR("{\"text\":\"x\",\"title\":5}", DP_ERR_FIELD, 20);
    CHECK_JSON_ERR("{\"text\":\"x\",\"url\":{}}", DP_ERR_FIELD, 18);
    CHECK_JSON_ERR("{\"text\":\"x\",\"id\":true}", DP_ERR_FIELD, 17);
    CHECK_JSON_ERR("{\"text\":\"x\",\"published\":\"2020-02-30\"}", DP_ERR_DATE, 24);
    CHECK_JSON_ERR("{\"text\":\"x\",\"published\":\"11/09/2020\"}", DP_ERR_DATE, 24);
    /* a "published" of the wrong type: an error at the value (DATE or FIELD) */
    dp_status st;
    dp_error e;
    char *out = read_render("{\"text\":\"x\",\"published\":5}", &st, &e);
    CHECK(out == NULL);
    CHECK(st == DP_ERR_DATE || st == DP_ERR_FIELD);
    CHECK_EQ(e.offset, 24);
    free(out);
}

static void test_syntax(void) {
    TEST("syntax errors");
    CHECK_JSON_ERR("", DP_ERR_JSON, 0);
    CHECK_JSON_ERR("   ", DP_ERR_JSON, 3);
    CHECK_JSON_ERR("[]", DP_ERR_JSON, 0);
    CHECK_JSON_ERR("\"text\"", DP_ERR_JSON, 0);
    CHECK_JSON_ERR("{text:\"x\"}", DP_ERR_JSON, 1);
    CHECK_JSON_ERR("{\"text\":\"x\",}", DP_ERR_JSON, 12);
    CHECK_JSON_ERR("{\"text\":\"x\" \"id\":1}", DP_ERR_JSON, 12);
    CHECK_JSON_ERR("{\"text\" \"x\"}", DP_ERR_JSON, 8);
    CHECK_JSON_ERR("{\"text\":\"x\"", DP_ERR_JSON, 11);
    CHECK_JSON_ERR("{\"text\":", DP_ERR_JSON, 8);
    CHECK_JSON_ERR("{\"text\":\"x\",\"n\":01}", DP_ERR_JSON, 17);
    CHECK_JSON_ERR("{\"text\":\"x\",\"n\":-}", DP_ERR_JSON, 16);
    CHECK_JSON_ERR("{\"text\":\"x\",\"n\":1.}", DP_ERR_JSON, 18);
    CHECK_JSON_ERR("{\"text\":\"x\",\"n\":1e}", DP_ERR_JSON, 18);
    CHECK_JSON_ERR("{\"text\":\"x\",\"n\":+1}", DP_ERR_JSON, 16);
    CHECK_JSON_ERR("{\"text\":\"x\",\"n\":tru}", DP_ERR_JSON, 16);
    CHECK_JSON_ERR("{\"text\":\"x\",\"n\":nul}", DP_ERR_JSON, 16);
    CHECK_JSON_ERR("{\"text\":\"x\",\"a\":[1,]}", DP_ERR_JSON, 19);
    CHECK_JSON_ERR("{\"text\":\"x\",\"a\":[1 2]}", DP_ERR_JSON, 19);
    CHECK_JSON_ERR("{\"text\":\"x\",\"a\":{\"b\"}}", DP_ERR_JSON, 20);
    CHECK_JSON_ERR("{\"text\":\"x\",\"a\":[}", DP_ERR_JSON, 17);
    /* trailing garbage */
    CHECK_JSON_ERR("{\"text\":\"x\"} y", DP_ERR_JSON, 13);
    CHECK_JSON_ERR("{\"text\":\"x\"}{}", DP_ERR_JSON, 12);
    CHECK_JSON_ERR("{\"text\":\"x\"},", DP_ERR_JSON, 12);
}

/* "{"text":"x","a":" + depth '[' + depth ']' + "}" */
static char *nested(int depth, int closed) {
    size_t n = 16 + 2 * (size_t)depth + 2;
    char *s = malloc(n);
    if (!s) return NULL;
    memcpy(s, "{\"text\":\"x\",\"a\":", 16);
    size_t k = 16;
    for (int i = 0; i < depth; i++) s[k++] = '[';
    if (closed) {
        for (int i = 0; i < depth; i++) s[k++] = ']';
        s[k++] = '}';
    }
    s[k] = 0;
    return s;
}

static void test_depth(void) {
    TEST("depth limit");
    /* the top-level object counts as one level: 63 arrays inside reach DP_JSON_MAX_DEPTH */
    char *s = nested(DP_JSON_MAX_DEPTH - 1, 1);
    CHECK_JSON_HAS(s, "\"text\":\"x\"");
    free(s);
    s = nested(DP_JSON_MAX_DEPTH, 1);
    CHECK_JSON_ERR(s, DP_ERR_JSON, 16 + DP_JSON_MAX_DEPTH - 1);
    free(s);
    s = nested(10000, 0);
    CHECK_JSON_ERR(s, DP_ERR_JSON, 16 + DP_JSON_MAX_DEPTH - 1);
    free(s);
    s = nested(DP_JSON_MAX_DEPTH - 1, 0);
    CHECK_JSON_ERR(s, DP_ERR_JSON, 16 + DP_JSON_MAX_DEPTH - 1);
    free(s);
}

static void test_reuse(void) {
    TEST("reuse after errors and metadata isolation");
    dp_doc *d = dp_doc_new();
    dp_error e;
    const char *a = "{\"id\":\"one\",\"title\":\"Titre\",\"published\":\"2020-09-11\",\"text\":\"Un.\"}";
    const char *bad = "{\"id\":\"two\",\"text\":\"Deux.\",";
    const char *c = "{\"text\":\"Trois.\"}";
    if (!CHECK(d != NULL)) return;
    CHECK_EQ(dp_doc_read_json(d, a, strlen(a), &e), DP_OK);
    CHECK_EQ(dp_doc_finish(d, 0, &e), DP_OK);
    CHECK_EQ(dp_doc_read_json(d, bad, strlen(bad), &e), DP_ERR_JSON);
    /* a failed read leaves nothing to render */
    tu_sink sink = {NULL, 0, 0, -1};
    CHECK_EQ(dp_doc_write_json(d, 0, tu_sink_write, &sink), DP_ERR_STATE);
    free(sink.data);
    CHECK_EQ(dp_doc_read_json(d, c, strlen(c), &e), DP_OK);
    CHECK_EQ(dp_doc_finish(d, 0, &e), DP_OK);
    char *out = tu_render(d, 0);
    /* nothing of the first article leaks into the third */
    CHECK_DOC(out, "{\"language\":\"fr\",\"published\":null,\"sentences\":[{\"start\":0,\"end\":6}],");
    free(out);
    dp_doc_free(d);
}

int main(void) {
    test_valid();
    test_escapes();
    test_fields();
    test_syntax();
    test_depth();
    test_reuse();
    return TEST_DONE();
}
