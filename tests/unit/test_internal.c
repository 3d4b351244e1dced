/* test_internal.c — white-box tests of private modules (src/ headers):
 * UTF-8 checking, encoding and repair, the normaliser's offset map and its
 * cursor, the growable buffer. Linked against depeche_internal. */
#include "harness.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "text/utf8.h"

#include <stdlib.h>

static void test_check(void) {
    TEST("dp_utf8_check");
    static const struct {
        const char *s;
        size_t n;
        int len;
        uint32_t cp;
    } cases[] = {
        {"A", 1, 1, 0x41},
        {"\xC3\xA9", 2, 2, 0xE9},
        {"\xE2\x82\xAC", 3, 3, 0x20AC},
        {"\xF0\x9F\x98\x80", 4, 4, 0x1F600},
        {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
        {"\xEF\xBF\xBF", 3, 3, 0xFFFF},
        {"\xC2\x80", 2, 2, 0x80},
        {"\xE0\xA0\x80", 3, 3, 0x800},
        {"\xF0\x90\x80\x80", 4, 4, 0x10000},
        {"\xC0\x80", 2, 0, 0},         /* overlong NUL */
        {"\xC1\xBF", 2, 0, 0},         /* overlong */
        {"\xE0\x9F\xBF", 3, 0, 0},     /* overlong */
        {"\xF0\x8F\xBF\xBF", 4, 0, 0}, /* overlong */
        {"\xED\xA0\x80", 3, 0, 0},     /* surrogate */
        {"\xED\xBF\xBF", 3, 0, 0},     /* surrogate */
        {"\xF4\x90\x80\x80", 4, 0, 0}, /* beyond U+10FFFF */
        {"\xF5\x80\x80\x80", 4, 0, 0},
        {"\xFF", 1, 0, 0},
        {"\x80", 1, 0, 0},
        {"\xC3", 1, 0, 0},             /* truncated */
        {"\xE2\x82", 2, 0, 0},
        {"\xF0\x9F\x98", 3, 0, 0},
        {"\xC3\x28", 2, 0, 0},         /* bad continuation */
        {"\xE2\x28\xA1", 3, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        int l = dp_utf8_check((const unsigned char *)cases[i].s, cases[i].n, &cp);
        if (!CHECK_EQ(l, cases[i].len)) fprintf(stderr, "    case %zu\n", i);
        if (l) CHECK_EQ(cp, cases[i].cp);
    }
    /* every code point round-trips through encode and check */
    int bad = 0;
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp += (cp < 0x3000 ? 1 : 97)) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        char buf[4];
        int l = dp_utf8_encode(cp, buf);
        uint32_t back = 0;
        if (dp_utf8_check((const unsigned char *)buf, (size_t)l, &back) != l || back != cp) bad++;
        int dl = 0;
        if (dp_utf8_decode_valid((const unsigned char *)buf, &dl) != cp || dl != l) bad++;
    }
    CHECK_EQ(bad, 0);
}

static void test_repair(void) {
    TEST("dp_utf8_repair");
    dp_buf b;
    dp_buf_init(&b, &dp_alloc_default);
    CHECK_EQ(dp_utf8_repair(&b, "a\xff" "b\0c\xC3\xA9\xE2\x82", 9), 0);
    CHECK(dp_buf_nul(&b) == 0);
    CHECK_MEM(b.data, b.len, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD");
    b.len = 0;
    CHECK_EQ(dp_utf8_repair(&b, "", 0), 0);
    CHECK_EQ(b.len, 0);
    dp_buf_release(&b);
}

/* Normalises in[0..n) and checks the text and the map at the given points. */
typedef struct probe {
    uint32_t norm, orig;
} probe;

static void check_norm(const char *what, const char *in, size_t n, unsigned opts, const char *want,
                       const probe *pr, size_t npr) {
    TEST(what);
    dp_buf out;
    dp_offmap map;
    dp_error e = {DP_OK, NULL, 0};
    dp_buf_init(&out, &dp_alloc_default);
    dp_offmap_init(&map, &dp_alloc_default);
    if (CHECK_EQ(dp_normalize(in, n, opts, &out, &map, &e), DP_OK)) {
        CHECK_MEM(out.data, out.len, want);
        for (size_t i = 0; i < npr; i++) {
            if (!CHECK_EQ(dp_offmap_orig(&map, pr[i].norm), pr[i].orig)) fprintf(stderr, "    at norm %u\n", pr[i].norm);
        }
        /* the cursor agrees with the binary search on increasing positions */
        dp_offcursor c;
        dp_offcursor_init(&c, &map);
        int bad = 0;
        for (uint32_t p = 0; p <= (uint32_t)out.len; p++)
            if (dp_offcursor_orig(&c, p) != dp_offmap_orig(&map, p)) bad++;
        CHECK_EQ(bad, 0);
        /* and after going back */
        dp_offcursor_init(&c, &map);
        (void)dp_offcursor_orig(&c, (uint32_t)out.len);
        CHECK_EQ(dp_offcursor_orig(&c, 0), dp_offmap_orig(&map, 0));
        /* the map never exceeds the input in size */
        CHECK(map.nsegs <= n + 1);
    }
    dp_offmap_release(&map);
    dp_buf_release(&out);
}

static void test_normalize(void) {
    static const probe p1[] = {{0, 0}, {1, 1}, {4, 2}, {5, 3}};
    check_norm("normalize invalid byte", "a\xff" "b", 3, 0, "a\xEF\xBF\xBD" "b", p1, 4);
    static const probe p2[] = {{0, 3}, {2, 5}, {3, 6}};
    check_norm("normalize BOM", "\xEF\xBB\xBF" "ab c", 7, 0, "ab c", p2, 3);
    static const probe p3[] = {{0, 0}, {1, 1}, {2, 3}, {3, 4}, {4, 6}, {5, 7}};
    check_norm("normalize CRLF", "a\r\nb\r\nc", 7, 0, "a\nb\nc", p3, 6);
    static const probe p4[] = {{0, 0}, {2, 3}, {3, 4}, {5, 7}};
    check_norm("normalize NFC", "e\xCC\x81 e\xCC\x81", 7, 0, "\xC3\xA9 \xC3\xA9", p4, 4);
    /* many small replacements close together: every boundary between them stays exact */
    static const probe p5[] = {{0, 0}, {2, 2}, {5, 3}, {6, 4}, {8, 6}, {11, 7}, {12, 8}, {14, 10}};
    check_norm("normalize close replacements", "ab\xff cd\xff ef", 10, 0,
               "ab\xEF\xBF\xBD cd\xEF\xBF\xBD ef", p5, 8);

    TEST("normalize strict");
    dp_buf out;
    dp_offmap map;
    dp_error e = {DP_OK, NULL, 0};
    dp_buf_init(&out, &dp_alloc_default);
    dp_offmap_init(&map, &dp_alloc_default);
    CHECK_EQ(dp_normalize("abc\xC3", 4, DP_OPT_STRICT_UTF8, &out, &map, &e), DP_ERR_UTF8);
    CHECK_EQ(e.offset, 3);
    dp_offmap_release(&map);
    dp_buf_release(&out);
}

static void test_buf(void) {
    TEST("dp_buf and dp_grow");
    dp_buf b;
    dp_buf_init(&b, &dp_alloc_default);
    int fails = 0;
    for (int i = 0; i < 10000; i++) fails += dp_buf_putc(&b, (char)('a' + i % 26)) != 0;
    CHECK_EQ(fails, 0);
    CHECK_EQ(b.len, 10000);
    CHECK(dp_buf_putu(&b, 18446744073709551615ull) == 0);
    CHECK(dp_buf_nul(&b) == 0);
    CHECK_STR(b.data + 10000, "18446744073709551615");
    /* a reservation that cannot fit fails without touching the buffer */
    CHECK_EQ(dp_buf_reserve(&b, (size_t)-1), -1);
    CHECK_EQ(b.len, 10020);
    dp_buf_release(&b);
    void *p = NULL;
    size_t cap = 0;
    CHECK_EQ(dp_grow(&dp_alloc_default, &p, &cap, (size_t)-1 / 2, 16), -1);
    CHECK(p == NULL);
    CHECK_EQ(dp_grow(&dp_alloc_default, &p, &cap, 3, 16), 0);
    CHECK(cap >= 3);
    dp_mfree(&dp_alloc_default, p);
}

int main(void) {
    test_check();
    test_repair();
    test_normalize();
    test_buf();
    return TEST_DONE();
}
