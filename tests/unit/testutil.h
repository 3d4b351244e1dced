/* testutil.h — helpers over the public API for the text-layer tests.
 * Include after harness.h. Everything is static inline so each test binary
 * takes only what it uses. */
#ifndef DP_TEST_UTIL_H
#define DP_TEST_UTIL_H

#include "depeche.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TU_JOIN_CAP 8192

/* Appends s[0..n) to out (cap bytes, NUL-terminated), truncating. */
static inline void tu_append(char *out, size_t cap, const char *s, size_t n) {
    size_t l = strlen(out);
    if (l + 1 >= cap) return;
    if (n > cap - l - 1) n = cap - l - 1;
    memcpy(out + l, s, n);
    out[l + n] = 0;
}

/** The normalised text of every token of a finished doc, joined by '|'. */
static inline const char *tu_join_tokens(const dp_doc *doc, char *out, size_t cap) {
    size_t n = 0, tl = 0;
    const dp_token *t = dp_doc_tokens(doc, &n);
    const char *text = dp_doc_text(doc, &tl);
    out[0] = 0;
    for (size_t i = 0; i < n && text; i++) {
        if (i) tu_append(out, cap, "|", 1);
        tu_append(out, cap, text + t[i].nstart, t[i].nend - t[i].nstart);
    }
    return out;
}

/** The input bytes of every sentence of a finished doc, joined by '|'. */
static inline const char *tu_join_sentences(const dp_doc *doc, const char *in, char *out, size_t cap) {
    size_t n = 0;
    const dp_sentence *s = dp_doc_sentences(doc, &n);
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) tu_append(out, cap, "|", 1);
        tu_append(out, cap, in + s[i].start, s[i].end - s[i].start);
    }
    return out;
}

/** Structural invariants of a finished analysis of in[0..len): tokens in
 * order and inside both texts, offsets consistent with dp_doc_orig_offset,
 * sentences tiling the token array. Records one check; returns it. */
#define CHECK_INVARIANTS(doc, len) tu_check_invariants(__FILE__, __LINE__, (doc), (len))
static inline int tu_check_invariants(const char *file, int line, const dp_doc *doc, size_t len) {
    size_t nt = 0, ns = 0, tl = 0;
    const dp_token *t = dp_doc_tokens(doc, &nt);
    const dp_sentence *s = dp_doc_sentences(doc, &ns);
    const char *text = dp_doc_text(doc, &tl);
    char why[256] = "";
    if (!text) snprintf(why, sizeof why, "no text after finish");
    for (size_t i = 0; i < nt && !why[0]; i++) {
        if (t[i].start > t[i].end || t[i].end > len)
            snprintf(why, sizeof why, "token %zu: input span %u-%u (input %zu bytes)", i, t[i].start, t[i].end, len);
        else if (t[i].nstart >= t[i].nend || t[i].nend > tl)
            snprintf(why, sizeof why, "token %zu: text span %u-%u (text %zu bytes)", i, t[i].nstart, t[i].nend, tl);
        else if (i && (t[i].start < t[i - 1].end || t[i].nstart < t[i - 1].nend))
            snprintf(why, sizeof why, "token %zu overlaps or precedes token %zu", i, i - 1);
        else if (dp_doc_orig_offset(doc, t[i].nstart) != t[i].start)
            snprintf(why, sizeof why, "token %zu: orig_offset(%u) = %zu, start = %u", i, t[i].nstart,
                     dp_doc_orig_offset(doc, t[i].nstart), t[i].start);
        else if ((t[i].nparts == 0) != (t[i].parts == NULL))
            snprintf(why, sizeof why, "token %zu: nparts %u with parts %p", i, (unsigned)t[i].nparts, (const void *)t[i].parts);
    }
    size_t next = 0;
    for (size_t i = 0; i < ns && !why[0]; i++) {
        if (s[i].first_token != next || s[i].ntokens == 0 || s[i].first_token + s[i].ntokens > nt)
            snprintf(why, sizeof why, "sentence %zu: tokens %u+%u (expected first %zu, %zu tokens)", i,
                     s[i].first_token, s[i].ntokens, next, nt);
        else if (s[i].start != t[s[i].first_token].start || s[i].end != t[s[i].first_token + s[i].ntokens - 1].end)
            snprintf(why, sizeof why, "sentence %zu: span %u-%u does not match its tokens", i, s[i].start, s[i].end);
        else
            next = s[i].first_token + s[i].ntokens;
    }
    if (!why[0] && next != nt) snprintf(why, sizeof why, "sentences cover %zu of %zu tokens", next, nt);
    if (h_record(why[0] == 0, file, line, "analysis invariants")) return 1;
    fprintf(stderr, "    %s\n", why);
    return 0;
}

/** Analyses `in` (NUL-terminated) with a fresh doc and compares the tokens
 * joined by '|' with `expected`; checks the invariants too. */
#define CHECK_TOKENS(in, expected) tu_check_tokens(__FILE__, __LINE__, (in), (expected))
static inline int tu_check_tokens(const char *file, int line, const char *in, const char *expected) {
    static char got[TU_JOIN_CAP];
    dp_doc *doc = dp_doc_new();
    dp_error e;
    if (!h_record(doc && dp_doc_analyze(doc, in, strlen(in), 0, &e) == DP_OK, file, line, "analyze")) {
        dp_doc_free(doc);
        return 0;
    }
    tu_check_invariants(file, line, doc, strlen(in));
    tu_join_tokens(doc, got, sizeof got);
    dp_doc_free(doc);
    if (h_record(strcmp(got, expected) == 0, file, line, "tokens")) return 1;
    fprintf(stderr, "    input    %s\n    got      %s\n    expected %s\n", in, got, expected);
    return 0;
}

/** The same for sentences: the input text of each, joined by '|'. */
#define CHECK_SENTENCES(in, expected) tu_check_sentences(__FILE__, __LINE__, (in), (expected))
static inline int tu_check_sentences(const char *file, int line, const char *in, const char *expected) {
    static char got[TU_JOIN_CAP];
    dp_doc *doc = dp_doc_new();
    dp_error e;
    if (!h_record(doc && dp_doc_analyze(doc, in, strlen(in), 0, &e) == DP_OK, file, line, "analyze")) {
        dp_doc_free(doc);
        return 0;
    }
    tu_check_invariants(file, line, doc, strlen(in));
    tu_join_sentences(doc, in, got, sizeof got);
    dp_doc_free(doc);
    if (h_record(strcmp(got, expected) == 0, file, line, "sentences")) return 1;
    fprintf(stderr, "    input    %s\n    got      %s\n    expected %s\n", in, got, expected);
    return 0;
}

/** The first token of a finished doc whose normalised text is `s`, or NULL. */
static inline const dp_token *tu_find(const dp_doc *doc, const char *s) {
    size_t n = 0, tl = 0;
    const dp_token *t = dp_doc_tokens(doc, &n);
    const char *text = dp_doc_text(doc, &tl);
    size_t l = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (t[i].nend - t[i].nstart == l && memcmp(text + t[i].nstart, s, l) == 0) return &t[i];
    return NULL;
}

/** A dp_write_fn appending to a malloc'ed string (tu_sink). */
typedef struct tu_sink {
    char *data;
    size_t len, cap;
    int fail_after; /* fail the call after this many bytes were taken (-1: never) */
} tu_sink;

static inline int tu_sink_write(void *ctx, const char *p, size_t n) {
    tu_sink *s = ctx;
    if (s->fail_after >= 0 && s->len + n > (size_t)s->fail_after) return 1;
    if (s->len + n + 1 > s->cap) {
        size_t nc = s->cap ? s->cap : 256;
        while (nc < s->len + n + 1) nc *= 2;
        char *d = realloc(s->data, nc);
        if (!d) return 1;
        s->data = d;
        s->cap = nc;
    }
    memcpy(s->data + s->len, p, n);
    s->len += n;
    s->data[s->len] = 0;
    return 0;
}

/** The JSON document of a finished doc as a malloc'ed string (NULL on error). */
static inline char *tu_render(const dp_doc *doc, unsigned opts) {
    tu_sink s = {NULL, 0, 0, -1};
    if (dp_doc_write_json(doc, opts, tu_sink_write, &s) != DP_OK) {
        free(s.data);
        return NULL;
    }
    if (!s.data) return NULL;
    return s.data;
}

/** A rendered document: `doc` must start with `prefix` (the fields of the
 * text layer, exactly) and be a complete object holding the fact arrays of
 * the contract. Later layers may add fields after the prefix. */
#define CHECK_DOC(doc, prefix) tu_check_doc(__FILE__, __LINE__, (doc), (prefix))
static inline int tu_check_doc(const char *file, int line, const char *doc, const char *prefix) {
    size_t pl = strlen(prefix), dl = doc ? strlen(doc) : 0;
    int ok = doc && dl > pl && strncmp(doc, prefix, pl) == 0 && doc[dl - 1] == '}';
    static const char *const facts[] = {"\"entities\":[", "\"quotes\":[", "\"dates\":[", "\"quantities\":["};
    for (size_t i = 0; ok && i < sizeof facts / sizeof facts[0]; i++) ok = strstr(doc + pl, facts[i]) != NULL;
    if (h_record(ok, file, line, "rendered document")) return 1;
    fprintf(stderr, "    got      %s\n    expected %s...}\n", doc ? doc : "(null)", prefix);
    return 0;
}

#endif
