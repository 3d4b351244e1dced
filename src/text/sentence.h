/* sentence.h — tokens to sentences (issue #2, item 5). */
#ifndef DP_SENTENCE_H
#define DP_SENTENCE_H

#include "core/alloc.h"
#include "lang.h"

typedef struct dp_sentvec {
    const dp_alloc *alc;
    dp_sentence *v;
    size_t n, cap;
} dp_sentvec;

/* A sentence longer than this is cut: later stages work per sentence and
 * need a bound (UD French's longest sentences are under 300 tokens). */
#define DP_MAX_SENTENCE_TOKENS 1000

/** Splits toks[0..n) (over normalised text `s`) into sentences. start/end of
 * each sentence are set from the tokens' start/end (so map tokens first). */
dp_status dp_split_sentences(const dp_lang *lang, const char *s, const dp_token *toks, size_t n,
                             dp_sentvec *out);

#endif
