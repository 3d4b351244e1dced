/* arena.h — bump allocation for one document's lifetime.
 * Everything a document points to (metadata strings, unescaped JSON text) is
 * carved from its arena and dies with one reset; a reset keeps the largest
 * block so that a stream of documents stops allocating once warmed up. */
#ifndef DP_ARENA_H
#define DP_ARENA_H

#include "alloc.h"

typedef struct dp_arena_block dp_arena_block;

typedef struct dp_arena {
    const dp_alloc *alc;
    dp_arena_block *head; /* current block; older blocks chained behind it */
} dp_arena;

void dp_arena_init(dp_arena *ar, const dp_alloc *alc);
/** `n` bytes aligned to 16, or NULL when out of memory. Never returns NULL for n == 0. */
void *dp_arena_alloc(dp_arena *ar, size_t n);
/** A NUL-terminated copy of s[0..n). */
char *dp_arena_strndup(dp_arena *ar, const char *s, size_t n);
/** Forgets all allocations, keeping the largest block. */
void dp_arena_reset(dp_arena *ar);
void dp_arena_release(dp_arena *ar);

#endif
