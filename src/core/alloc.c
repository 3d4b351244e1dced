/* alloc.c — default allocator and geometric growth with overflow checks. */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>

static void *std_malloc(void *ctx, size_t n) { (void)ctx; return malloc(n ? n : 1); }
static void *std_realloc(void *ctx, void *p, size_t n) { (void)ctx; return realloc(p, n ? n : 1); }
static void std_free(void *ctx, void *p) { (void)ctx; free(p); }

const dp_alloc dp_alloc_default = {std_malloc, std_realloc, std_free, NULL};

/* Smallest capacity handed out, so that tiny documents do not realloc per item. */
#define GROW_MIN_ITEMS 16

int dp_grow(const dp_alloc *a, void **ptr, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return 0;
    size_t ncap = *cap ? *cap : GROW_MIN_ITEMS;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) return -1;
        ncap *= 2;
    }
    if (size && ncap > SIZE_MAX / size) return -1;
    void *np = dp_realloc(a, *ptr, ncap * size);
    if (!np) return -1;
    *ptr = np;
    *cap = ncap;
    return 0;
}

void dp_free(void *ptr) { free(ptr); }
