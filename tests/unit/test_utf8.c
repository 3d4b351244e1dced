/* test_utf8.c — UTF-8 repair, BOM, CR/LF folding, NFC and the offset map,
 * through the public API (issue #2 item 3). Every offset the library reports
 * must point into the input exactly as given, whatever happened inside.
 * Spans are written "text@start-end", joined by '|'. */
#include "harness.h"
#include "testutil.h"

#define FFFD "\xEF\xBF\xBD"

/* "text@start-end|..." for the tokens of in[0..len) analysed with opts. */
static const char *spans_of(const char *in, size_t len, unsigned opts, char *out, size_t cap) {
    dp_doc *d = dp_doc_new();
    out[0] = 0;
    if (!d || dp_doc_analyze(d, in, len, opts, NULL) != DP_OK) {
        snprintf(out, cap, "(analyze failed)");
        dp_doc_free(d);
        return out;
    }
    size_t n = 0, tl = 0;
    const dp_token *t = dp_doc_tokens(d, &n);
    const char *text = dp_doc_text(d, &tl);
    for (size_t i = 0; i < n; i++) {
        char num[48];
        if (i) tu_append(out, cap, "|", 1);
        tu_append(out, cap, text + t[i].nstart, t[i].nend - t[i].nstart);
        snprintf(num, sizeof num, "@%u-%u", t[i].start, t[i].end);
        tu_append(out, cap, num, strlen(num));
    }
    dp_doc_free(d);
    return out;
}

#define CHECK_SPANS(in, len, opts, expected) check_spans(__FILE__, __LINE__, (in), (len), (opts), (expected))
static int check_spans(const char *file, int line, const char *in, size_t len, unsigned opts, const char *expected) {
    static char got[TU_JOIN_CAP];
    spans_of(in, len, opts, got, sizeof got);
    if (h_record(strcmp(got, expected) == 0, file, line, "token spans")) return 1;
    fprintf(stderr, "    got      %s\n    expected %s\n", got, expected);
    return 0;
}

/* The normalised text of in[0..len), with the invariants and the end of the map checked. */
#define CHECK_TEXT(in, len, opts, expected) check_text(__FILE__, __LINE__, (in), (len), (opts), (expected))
static int check_text(const char *file, int line, const char *in, size_t len, unsigned opts, const char *expected) {
    dp_doc *d = dp_doc_new();
    int ok = 0;
    if (h_record(d && dp_doc_analyze(d, in, len, opts, NULL) == DP_OK, file, line, "analyze")) {
        size_t tl = 0;
        const char *text = dp_doc_text(d, &tl);
        tu_check_invariants(file, line, d, len);
        ok = h_check_mem(text, tl, expected, file, line, "normalised text");
        if (text) h_record(text[tl] == 0, file, line, "normalised text is NUL-terminated");
        /* the end of the text maps to the end of the input; the map never goes back */
        h_check_eq((long long)dp_doc_orig_offset(d, tl), (long long)len, file, line, "orig_offset(text end)",
                   "input length");
        size_t prev = 0;
        int mono = 1;
        for (size_t p = 0; p <= tl; p++) {
            size_t o = dp_doc_orig_offset(d, p);
            if (o < prev || o > len) mono = 0;
            prev = o;
        }
        h_record(mono, file, line, "orig_offset is monotonic and inside the input");
    }
    dp_doc_free(d);
    return ok;
}

static void test_invalid_bytes(void) {
    TEST("invalid bytes and NUL");
    CHECK_TEXT("a\xff" "b", 3, 0, "a" FFFD "b");
    /* a repaired byte is a letter of its word (mis-encoded "pr\xe9sident" stays one word) */
    CHECK_SPANS("a\xff" "b", 3, 0, "a" FFFD "b@0-3");
    CHECK_TEXT("a\0b", 3, 0, "a" FFFD "b");
    CHECK_SPANS("a\0b", 3, 0, "a" FFFD "b@0-3");
    CHECK_SPANS("mot \xff\xfe suite", 12, 0, "mot@0-3|" FFFD FFFD "@4-6|suite@7-12");
    /* invalid bytes close to each other must not blur the words between them */
    CHECK_SPANS("ab\xff cd\xff ef", 10, 0, "ab" FFFD "@0-3|cd" FFFD "@4-7|ef@8-10");
    CHECK_SPANS("Le\xff chat\0 dort", 14, 0, "Le" FFFD "@0-3|chat" FFFD "@4-9|dort@10-14");
    /* overlong, surrogate, beyond U+10FFFF, truncated: repaired, words around exact */
    CHECK_SPANS("ab \xC0\xAF cd", 8, 0, "ab@0-2|" FFFD FFFD "@3-5|cd@6-8");
    CHECK_TEXT("\xED\xA0\x80", 3, 0, FFFD FFFD FFFD);
    CHECK_TEXT("\xF4\x90\x80\x80", 4, 0, FFFD FFFD FFFD FFFD);
    CHECK_TEXT("x \xE2\x82", 4, 0, "x " FFFD FFFD);
    CHECK_TEXT("\x80", 1, 0, FFFD);
    /* a U+FFFD already in the input is text like any other */
    CHECK_SPANS("a " FFFD " b", 7, 0, "a@0-1|" FFFD "@2-5|b@6-7");
    /* uniform runs of repairs map exactly: each byte's U+FFFD to that byte */
    CHECK_SPANS("x \xff\xff\xff\xff y", 8, 0, "x@0-1|" FFFD FFFD FFFD FFFD "@2-6|y@7-8");
    CHECK_SPANS("a\r\nb\r\n\r\nc", 9, 0, "a@0-1|b@3-4|c@8-9");
    /* valid 4-byte characters pass */
    CHECK_TEXT("emoji \xF0\x9F\x98\x80", 10, 0, "emoji \xF0\x9F\x98\x80");
}

static void test_bom(void) {
    TEST("BOM");
    CHECK_TEXT("\xEF\xBB\xBFLe chat", 10, 0, "Le chat");
    CHECK_SPANS("\xEF\xBB\xBFLe chat", 10, 0, "Le@3-5|chat@6-10");
    CHECK_TEXT("\xEF\xBB\xBF", 3, 0, "");
    /* only a leading BOM is skipped: elsewhere U+FEFF separates words */
    CHECK_SPANS("a\xEF\xBB\xBF" "b", 5, 0, "a@0-1|b@4-5");
}

static void test_line_breaks(void) {
    TEST("CRLF and CR");
    CHECK_TEXT("a\r\nb\r\nc", 7, 0, "a\nb\nc");
    CHECK_SPANS("a\r\nb\r\nc", 7, 0, "a@0-1|b@3-4|c@6-7");
    CHECK_SPANS("Un\r\n\r\nDeux mots\r\n", 17, 0, "Un@0-2|Deux@6-10|mots@11-15");
    CHECK_TEXT("a\rb\r", 4, 0, "a\nb\n");
    CHECK_SPANS("a\rb", 3, 0, "a@0-1|b@2-3");
    CHECK_TEXT("a\r\r\nb", 5, 0, "a\n\nb");

    dp_doc *d = dp_doc_new();
    const char *in = "Titre\r\rTexte";
    if (CHECK(d && dp_doc_analyze(d, in, strlen(in), 0, NULL) == DP_OK)) {
        const dp_token *t = tu_find(d, "Texte");
        if (CHECK(t != NULL)) {
            CHECK(t->flags & DP_TF_PARA_BEFORE);
            CHECK_EQ(t->start, 7);
        }
    }
    dp_doc_free(d);
}

static void test_nfc(void) {
    TEST("NFC");
    CHECK_TEXT("e\xCC\x81", 3, 0, "\xC3\xA9");
    CHECK_SPANS("e\xCC\x81", 3, 0, "\xC3\xA9@0-3");
    CHECK_SPANS("Cafe\xCC\x81 noir", 11, 0, "Caf\xC3\xA9@0-6|noir@7-11");
    /* decomposed accents all along a sentence: each word keeps its own span */
    CHECK_SPANS("e\xCC\x81te\xCC\x81 ici", 11, 0, "\xC3\xA9t\xC3\xA9@0-7|ici@8-11");
    CHECK_SPANS("Le re\xCC\x81seau a e\xCC\x81te\xCC\x81 coupe\xCC\x81.", 30, 0,
                "Le@0-2|r\xC3\xA9seau@3-11|a@12-13|\xC3\xA9t\xC3\xA9@14-21|coup\xC3\xA9@22-29|.@29-30");
    /* BOM, NFC and CRLF together */
    CHECK_SPANS("\xEF\xBB\xBF" "Cafe\xCC\x81 cre\xCC\x80me.\r\nFin", 23, 0,
                "Caf\xC3\xA9@3-9|cr\xC3\xA8me@10-17|.@17-18|Fin@20-23");
    /* U+212B ANGSTROM SIGN is a singleton: NFC gives U+00C5 */
    CHECK_SPANS("\xE2\x84\xAB", 3, 0, "\xC3\x85@0-3");
    /* compatibility characters are kept by NFC (ﬁ ligature) */
    CHECK_TEXT("\xEF\xAC\x81n", 4, 0, "\xEF\xAC\x81n");
    /* DP_OPT_NO_NFC keeps the decomposed form */
    CHECK_TEXT("e\xCC\x81", 3, DP_OPT_NO_NFC, "e\xCC\x81");
    CHECK_SPANS("e\xCC\x81 x", 5, DP_OPT_NO_NFC, "e\xCC\x81@0-3|x@4-5");
    /* a long run of combining marks is kept as it is, with its span */
    char marks[1 + 2 * 40 + 1];
    marks[0] = 'a';
    for (int i = 0; i < 40; i++) {
        marks[1 + 2 * i] = (char)0xCC;
        marks[2 + 2 * i] = (char)0x81;
    }
    marks[81] = 0;
    dp_doc *d = dp_doc_new();
    if (CHECK(d && dp_doc_analyze(d, marks, 81, 0, NULL) == DP_OK)) {
        size_t n = 0;
        const dp_token *t = dp_doc_tokens(d, &n);
        CHECK_INVARIANTS(d, 81);
        if (CHECK(n >= 1)) {
            CHECK_EQ(t[0].start, 0);
            CHECK_EQ(t[n - 1].end, 81);
        }
    }
    dp_doc_free(d);
}

/* A long text in NFD with CRLF line ends: every word's span, read back from
 * the input and normalised by hand, gives the token text. */
static void test_long_nfd(void) {
    TEST("long NFD text");
    static const char unit[] = "Le re\xCC\x81seau e\xCC\x81tait coupe\xCC\x81 a\xCC\x80 Mine\xCC\x81.\r\n";
    static const char unit_nfc[] = "Le r\xC3\xA9seau \xC3\xA9tait coup\xC3\xA9 \xC3\xA0 Min\xC3\xA9.\n";
    enum { REPEAT = 200 };
    size_t ul = strlen(unit), nl = strlen(unit_nfc);
    char *in = malloc(ul * REPEAT + 1), *want = malloc(nl * REPEAT + 1);
    if (!CHECK(in && want)) {
        free(in);
        free(want);
        return;
    }
    for (int i = 0; i < REPEAT; i++) {
        memcpy(in + ul * (size_t)i, unit, ul);
        memcpy(want + nl * (size_t)i, unit_nfc, nl);
    }
    in[ul * REPEAT] = want[nl * REPEAT] = 0;
    CHECK_TEXT(in, ul * REPEAT, 0, want);
    dp_doc *d = dp_doc_new();
    if (CHECK(d && dp_doc_analyze(d, in, ul * REPEAT, 0, NULL) == DP_OK)) {
        size_t n = 0;
        const dp_token *t = dp_doc_tokens(d, &n);
        CHECK_EQ(n, 7 * REPEAT);
        /* token k of each repeat has the same span relative to the repeat's start */
        static const unsigned rel[7][2] = {{0, 2}, {3, 11}, {12, 19}, {20, 27}, {28, 31}, {32, 38}, {38, 39}};
        int bad = 0;
        for (size_t i = 0; i < n && bad < 3; i++) {
            size_t base = ul * (i / 7);
            if (t[i].start != base + rel[i % 7][0] || t[i].end != base + rel[i % 7][1]) {
                bad++;
                fprintf(stderr, "    token %zu: %u-%u, expected %zu-%zu\n", i, t[i].start, t[i].end,
                        base + rel[i % 7][0], base + rel[i % 7][1]);
            }
        }
        CHECK(bad == 0);
    }
    dp_doc_free(d);
    free(in);
    free(want);
}

static void test_strict(void) {
    TEST("DP_OPT_STRICT_UTF8");
    static const struct {
        const char *in;
        size_t len, off;
    } bad[] = {
        {"ab\xff" "c", 4, 2},
        {"abc\0d", 5, 3},
        {"abc\xE2\x82", 5, 3},
        {"\xEF\xBB\xBF" "ab\xff", 6, 5},
        {"caf\xC3\xA9 \xC0\xAF", 8, 6},
        {"x\xED\xA0\x80", 4, 1},
        {"\x80", 1, 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dp_doc *d = dp_doc_new();
        dp_error e = {DP_OK, NULL, 99};
        CHECK_EQ(dp_doc_analyze(d, bad[i].in, bad[i].len, DP_OPT_STRICT_UTF8, &e), DP_ERR_UTF8);
        CHECK_EQ(e.code, DP_ERR_UTF8);
        CHECK_EQ(e.offset, bad[i].off);
        CHECK(e.message != NULL);
        /* nothing is left readable from a failed analysis */
        CHECK(dp_doc_text(d, NULL) == NULL);
        size_t n = 7;
        CHECK(dp_doc_tokens(d, &n) == NULL);
        CHECK_EQ(n, 0);
        /* the same doc then takes valid text */
        CHECK_EQ(dp_doc_analyze(d, "ok", 2, DP_OPT_STRICT_UTF8, &e), DP_OK);
        dp_doc_free(d);
    }
    /* the same failure through feed + finish */
    dp_doc *d = dp_doc_new();
    dp_error e = {DP_OK, NULL, 0};
    CHECK_EQ(dp_doc_feed(d, "abc", 3), DP_OK);
    CHECK_EQ(dp_doc_feed(d, "\xff", 1), DP_OK);
    CHECK_EQ(dp_doc_finish(d, DP_OPT_STRICT_UTF8, &e), DP_ERR_UTF8);
    CHECK_EQ(e.offset, 3);
    dp_doc_free(d);
    /* valid input, BOM and CRLF included, passes strict mode */
    CHECK_SPANS("\xEF\xBB\xBF" "caf\xC3\xA9\r\nok", 12, DP_OPT_STRICT_UTF8, "caf\xC3\xA9@3-8|ok@10-12");
}

int main(void) {
    test_invalid_bytes();
    test_bom();
    test_line_breaks();
    test_nfc();
    test_long_nfd();
    test_strict();
    return TEST_DONE();
}
