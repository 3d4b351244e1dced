/* facts.h — the facts layer: after tagging, one pass per kind of fact over
 * the doc's tokens (docs/facts.md).
 *
 *   dates.c       temporal expressions resolved against the publication date
 *   quantities.c  numbers (digits and words) with their unit
 *   entities.c    mentions merged into entities, roles
 *   quotes.c      direct and reported speech, speakers
 *
 * Each module appends to its vector of the doc (doc.h); spans are built from
 * token boundaries so they carry both normalised and input offsets. Dates run
 * before quantities (a year or "9 août" is not a quantity), entities before
 * quotes (speakers are entities). */
#ifndef DP_FACTS_H
#define DP_FACTS_H

#include "doc.h"

#include <string.h>

dp_status dp_facts_run(dp_doc *d);

dp_status dp_facts_dates(dp_doc *d);
dp_status dp_facts_quantities(dp_doc *d);
dp_status dp_facts_entities(dp_doc *d);
dp_status dp_facts_quotes(dp_doc *d);

/** Appends one item to a dp_*vec of the doc; DP_ERR_NOMEM on failure. */
#define DP_FACT_PUSH(d, vec, item)                                                                   \
    (((vec)->n < (vec)->cap || !dp_grow(&(d)->alc, (void **)&(vec)->v, &(vec)->cap, (vec)->n + 1,     \
                                        sizeof *(vec)->v))                                           \
         ? ((vec)->v[(vec)->n++] = (item), DP_OK)                                                    \
         : DP_ERR_NOMEM)

/** The span of tokens [a, b) (b > a). */
static inline dp_span dp_span_toks(const dp_doc *d, size_t a, size_t b) {
    const dp_token *t = d->toks.v;
    return (dp_span){t[a].start, t[b - 1].end, t[a].nstart, t[b - 1].nend};
}

/** Token text in the normalised text. */
static inline const char *dp_tok_text(const dp_doc *d, const dp_token *t, size_t *len) {
    *len = t->nend - t->nstart;
    return d->norm.data + t->nstart;
}

/** Lemma of a plain token (empty when untagged). */
static inline const char *dp_tok_lemma(const dp_doc *d, const dp_token *t, size_t *len) {
    *len = t->lemma_len;
    return t->lemma_len ? d->lemmas.data + t->lemma_off : "";
}

/** Does the token's text equal `w` (given in lower case), ignoring the case of
 * ASCII and Latin-1 letters ("Août" == "août")? */
int dp_tok_is(const dp_doc *d, const dp_token *t, const char *w);
/** Same for a byte string. */
int dp_str_is(const char *s, size_t n, const char *w);
/** Is the token's text one of `words` (NULL-terminated list, lower case)? Index or -1. */
int dp_tok_in(const dp_doc *d, const dp_token *t, const char *const *words);
/** Is token i a civility title that may precede a name (M. Mme Dr Me …)? */
int dp_token_is_title(const dp_doc *d, size_t i);
/** Gazetteer classes (bits 1 << GAZ_* of tag/features.h) of tokens [a, a + n) as written; 0 without models. */
uint32_t dp_facts_gaz(const dp_doc *d, size_t a, size_t n);
/** Does the token start with an upper-case letter? */
int dp_tok_upper(const dp_doc *d, const dp_token *t);

#endif
