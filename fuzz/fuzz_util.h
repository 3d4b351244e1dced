/* fuzz_util.h — checks shared by the fuzz targets (fuzz/README.md).
 *
 * Everything here is independent of the library's own code paths: the UTF-8
 * and JSON validators are written afresh so that a bug in src/ cannot hide
 * itself by being used to check its own output. */
#ifndef DP_FUZZ_UTIL_H
#define DP_FUZZ_UTIL_H

#include "depeche.h"

#include <stddef.h>
#include <stdint.h>

/* An invariant of the library: on failure print it and abort(), which
 * libFuzzer and the replay driver both report as a finding. */
#define FZ_CHECK(cond) ((cond) ? (void)0 : fz_fail(#cond, __FILE__, __LINE__))
_Noreturn void fz_fail(const char *what, const char *file, int line);

/* ## Text */

/** 1 if s[0..n) is well-formed UTF-8 (shortest forms, no surrogates, at most
 * U+10FFFF); NUL bytes are allowed only when allow_nul. */
int fz_utf8_valid(const char *s, size_t n, int allow_nul);
/** 1 if offset i of s[0..n) falls on a code point boundary (i == n included). */
int fz_utf8_boundary(const char *s, size_t n, size_t i);

/* ## JSON */

/** 1 if the brackets of s[0..n) outside strings are balanced and well nested. */
int fz_json_balanced(const char *s, size_t n);
/** Validates s[0..n) as exactly one JSON value (RFC 8259) with optional white
 * space around it. Returns 1 when valid, else 0. *depth receives the deepest
 * nesting of arrays/objects (1 for "{}"); *is_object whether the value is an
 * object. Bytes >= 0x80 inside strings are accepted as they are when
 * lenient_utf8 (the library repairs them), else they must be valid UTF-8. */
int fz_json_valid(const char *s, size_t n, int lenient_utf8, int *depth, int *is_object);

/* ## Output sink */

typedef struct fz_buf {
    char *p;
    size_t n, cap;
    size_t fail_after; /* the sink fails once n would pass this (SIZE_MAX: never) */
} fz_buf;

void fz_buf_init(fz_buf *b);
void fz_buf_free(fz_buf *b);
/** A dp_write_fn appending to the fz_buf in ctx. */
int fz_sink(void *ctx, const char *data, size_t len);

/* ## Allocator that counts and fails on demand */

typedef struct fz_mem {
    size_t calls;   /* malloc/realloc calls so far */
    size_t fail_at; /* calls numbered >= fail_at fail (1-based; SIZE_MAX: never) */
    size_t live;    /* blocks allocated and not freed */
} fz_mem;

/** A dp_alloc over `m` (counted from zero). */
dp_alloc fz_mem_alloc(fz_mem *m, size_t fail_at);

/* ## Snapshot of an analysis, for comparisons */

typedef struct fz_snap {
    int ok;             /* the analysis finished */
    dp_status st;       /* else its status ... */
    size_t err_offset;  /* ... and error offset */
    char *text;
    size_t tlen;
    dp_token *toks;
    size_t ntok;
    dp_sentence *sents;
    size_t nsent;
} fz_snap;

void fz_snap_take(fz_snap *s, const dp_doc *d, dp_status st, const dp_error *err);
void fz_snap_free(fz_snap *s);
/* What fz_snap_same compares. */
enum {
    FZ_SAME_ALL = 0,      /* everything, input offsets included */
    FZ_SAME_NORMALISED = 1 /* normalised text, nstart/nend, kinds, flags, parts, sentence token ranges */
};
/** Aborts unless the two snapshots agree (per `what`). */
void fz_snap_same(const fz_snap *a, const fz_snap *b, int what);

/* ## The invariants of a finished document */

/** Checks a finished doc whose input was `in_len` bytes analysed with `opts`:
 * offsets, order, normalised text, sentences (see fuzz/README.md). */
void fz_check_doc(const dp_doc *d, size_t in_len, unsigned opts);
/** Renders the doc with `opts` into `out` (emptied first) and checks the JSON. */
void fz_check_render(const dp_doc *d, unsigned opts, fz_buf *out);
/** Invariants of the facts layer: entities partition the mentions, every span
 * in bounds and on character boundaries, speakers and roles point to entities,
 * dates valid to their precision, quantities finite. */
void fz_check_facts(const dp_doc *d, size_t in_len);

#endif
