/* tokenize.h — normalised text to surface tokens (issue #2, item 4). */
#ifndef DP_TOKENIZE_H
#define DP_TOKENIZE_H

#include "core/alloc.h"
#include "lang.h"

typedef struct dp_tokvec {
    const dp_alloc *alc;
    dp_token *v;
    size_t n, cap;
} dp_tokvec;

/** Tokenizes s[0..n) (valid UTF-8 from dp_normalize; s[n] must be NUL) into
 * `out` (emptied first). Fills nstart/nend, kind, flags, parts; start/end are
 * left equal to nstart/nend for the caller to map. Linear in n: each byte is
 * looked at a bounded number of times. Returns DP_OK or DP_ERR_NOMEM. */
dp_status dp_tokenize(const dp_lang *lang, const char *s, size_t n, dp_tokvec *out);

#endif
