/* alloc.h — the allocator hook used by every module (see dp_alloc in depeche.h).
 * Each object keeps a copy of the dp_alloc it was created with and allocates
 * only through these helpers, so tests can count or fail allocations. */
#ifndef DP_ALLOC_H
#define DP_ALLOC_H

#include "depeche.h"
#include <stddef.h>

/** The default allocator: malloc, realloc, free. */
extern const dp_alloc dp_alloc_default;

static inline void *dp_malloc(const dp_alloc *a, size_t n) { return a->malloc(a->ctx, n); }
static inline void *dp_realloc(const dp_alloc *a, void *p, size_t n) { return a->realloc(a->ctx, p, n); }
static inline void dp_mfree(const dp_alloc *a, void *p) { a->free(a->ctx, p); }

/** Grows *cap geometrically until it holds `need` items of `size` bytes and
 * reallocates *ptr. Returns 0, or -1 on overflow or allocation failure (the
 * old block then stays valid and owned by the caller). */
int dp_grow(const dp_alloc *a, void **ptr, size_t *cap, size_t need, size_t size);

#endif
