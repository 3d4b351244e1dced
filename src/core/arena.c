/* arena.c — bump allocator (see arena.h). */
#include "arena.h"

#include <stdint.h>
#include <string.h>

struct dp_arena_block {
    dp_arena_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    /* data follows, aligned to 16 */
};

#define ARENA_ALIGN 16
/* First block size: one typical news article's metadata fits without a second block. */
#define ARENA_MIN_BLOCK (16 * 1024)
#define HDR ((sizeof(dp_arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

void dp_arena_init(dp_arena *ar, const dp_alloc *alc) {
    ar->alc = alc;
    ar->head = NULL;
}

static unsigned char *block_data(dp_arena_block *b) { return (unsigned char *)b + HDR; }

void *dp_arena_alloc(dp_arena *ar, size_t n) {
    if (n > SIZE_MAX - 2 * ARENA_ALIGN - HDR) return NULL;
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need == 0) need = ARENA_ALIGN;
    dp_arena_block *b = ar->head;
    if (!b || b->size - b->used < need) {
        size_t size = b ? b->size * 2 : ARENA_MIN_BLOCK;
        if (size < need) size = need;
        dp_arena_block *nb = dp_malloc(ar->alc, HDR + size);
        if (!nb) return NULL;
        nb->next = b;
        nb->size = size;
        nb->used = 0;
        ar->head = b = nb;
    }
    void *p = block_data(b) + b->used;
    b->used += need;
    return p;
}

char *dp_arena_strndup(dp_arena *ar, const char *s, size_t n) {
    if (n == SIZE_MAX) return NULL;
    char *p = dp_arena_alloc(ar, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void dp_arena_reset(dp_arena *ar) {
    /* keep the largest block (the head: sizes only grow), free the rest */
    dp_arena_block *b = ar->head;
    if (!b) return;
    dp_arena_block *rest = b->next;
    while (rest) {
        dp_arena_block *nx = rest->next;
        dp_mfree(ar->alc, rest);
        rest = nx;
    }
    b->next = NULL;
    b->used = 0;
}

void dp_arena_release(dp_arena *ar) {
    dp_arena_block *b = ar->head;
    while (b) {
        dp_arena_block *nx = b->next;
        dp_mfree(ar->alc, b);
        b = nx;
    }
    ar->head = NULL;
}
