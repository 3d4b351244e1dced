/* buf.h — a growable byte buffer (geometric growth, overflow-checked). */
#ifndef DP_BUF_H
#define DP_BUF_H

#include "alloc.h"
#include <string.h>

typedef struct dp_buf {
    const dp_alloc *alc;
    char *data; /* NUL-terminated when len > 0 or after dp_buf_nul */
    size_t len, cap;
} dp_buf;

void dp_buf_init(dp_buf *b, const dp_alloc *alc);
void dp_buf_release(dp_buf *b);
/** Makes room for `extra` more bytes plus a NUL. 0 or -1. */
int dp_buf_reserve(dp_buf *b, size_t extra);
int dp_buf_put(dp_buf *b, const void *p, size_t n);
static inline int dp_buf_putc(dp_buf *b, char c) {
    if (b->len + 1 >= b->cap && dp_buf_reserve(b, 1)) return -1;
    b->data[b->len++] = c;
    return 0;
}
static inline int dp_buf_puts(dp_buf *b, const char *s) { return dp_buf_put(b, s, strlen(s)); }
/** Appends a decimal unsigned integer. */
int dp_buf_putu(dp_buf *b, unsigned long long v);
/** NUL-terminates without counting the NUL in len. */
int dp_buf_nul(dp_buf *b);

#endif
