/* buf.c — growable byte buffer (see buf.h). */
#include "buf.h"

#include <stdint.h>

void dp_buf_init(dp_buf *b, const dp_alloc *alc) {
    b->alc = alc;
    b->data = NULL;
    b->len = b->cap = 0;
}

void dp_buf_release(dp_buf *b) {
    dp_mfree(b->alc, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int dp_buf_reserve(dp_buf *b, size_t extra) {
    if (extra > SIZE_MAX - b->len - 1) return -1;
    void *p = b->data;
    if (dp_grow(b->alc, &p, &b->cap, b->len + extra + 1, 1)) return -1;
    b->data = p;
    return 0;
}

int dp_buf_put(dp_buf *b, const void *p, size_t n) {
    if (!n) return 0;
    if (b->len + n + 1 > b->cap && dp_buf_reserve(b, n)) return -1;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

int dp_buf_putu(dp_buf *b, unsigned long long v) {
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return dp_buf_put(b, tmp + i, sizeof tmp - i);
}

int dp_buf_nul(dp_buf *b) {
    if (dp_buf_reserve(b, 0)) return -1;
    b->data[b->len] = 0;
    return 0;
}
