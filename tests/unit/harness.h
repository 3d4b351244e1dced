/* harness.h — a tiny unit-test harness for depeche (STYLE §7).
 *
 * Each test binary includes this header once, calls its test functions from
 * main() and ends with `return TEST_DONE();`, which prints exactly
 * "N passed, M failed" and gives a non-zero exit status on any failure.
 * A failed check prints file:line and what was compared, then the test goes
 * on (checks never abort), so one run shows every failure. */
#ifndef DP_TEST_HARNESS_H
#define DP_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int h_passed, h_failed;
static const char *h_current = "";

/* Records one check; prints the failure with its location. Returns `ok`. */
static inline int h_record(int ok, const char *file, int line, const char *what) {
    if (ok) {
        h_passed++;
    } else {
        h_failed++;
        fprintf(stderr, "%s:%d: [%s] check failed: %s\n", file, line, h_current, what);
    }
    return ok;
}

/** Names the test running, for failure messages. */
#define TEST(name) (h_current = (name))

/** A boolean check. Evaluates to the result, so callers can stop early. */
#define CHECK(cond) h_record((cond) != 0, __FILE__, __LINE__, #cond)

/** Integer equality (any integer type), printing both values on failure. */
#define CHECK_EQ(a, b) h_check_eq((long long)(a), (long long)(b), __FILE__, __LINE__, #a, #b)
static inline int h_check_eq(long long a, long long b, const char *file, int line, const char *ea, const char *eb) {
    if (h_record(a == b, file, line, "equality")) return 1;
    fprintf(stderr, "    %s == %lld\n    %s == %lld\n", ea, a, eb, b);
    return 0;
}

/** NUL-terminated string equality (NULL is a distinct value). */
#define CHECK_STR(a, b) h_check_str((a), (b), __FILE__, __LINE__, #a, #b)
static inline int h_check_str(const char *a, const char *b, const char *file, int line, const char *ea, const char *eb) {
    int ok = (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
    if (h_record(ok, file, line, "string equality")) return 1;
    fprintf(stderr, "    %s == %s%s%s\n    %s == %s%s%s\n", ea, a ? "\"" : "", a ? a : "NULL", a ? "\"" : "", eb,
            b ? "\"" : "", b ? b : "NULL", b ? "\"" : "");
    return 0;
}

/** Byte-range equality: a[0..alen) against the NUL-terminated string b. */
#define CHECK_MEM(a, alen, b) h_check_mem((a), (size_t)(alen), (b), __FILE__, __LINE__, #a)
static inline int h_check_mem(const char *a, size_t alen, const char *b, const char *file, int line, const char *ea) {
    int ok = a && b && strlen(b) == alen && memcmp(a, b, alen) == 0;
    if (h_record(ok, file, line, "bytes equality")) return 1;
    fprintf(stderr, "    %s == \"%.*s\" (%zu bytes)\n    expected \"%s\"\n", ea, a ? (int)alen : 4, a ? a : "NULL",
            alen, b ? b : "NULL");
    return 0;
}

/** Prints the summary line and gives the exit status. */
static inline int h_done(void) {
    printf("%d passed, %d failed\n", h_passed, h_failed);
    return h_failed ? 1 : 0;
}
#define TEST_DONE() h_done()

#endif
