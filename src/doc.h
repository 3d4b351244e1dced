/* doc.h — the dp_doc object: one article, its normalised text and analysis. */
#ifndef DP_DOC_H
#define DP_DOC_H

#include "core/arena.h"
#include "core/buf.h"
#include "text/lang.h"
#include "text/sentence.h"
#include "text/tokenize.h"
#include "text/utf8.h"

/* Metadata echoed in the analysis. */
typedef struct dp_meta_str {
    const char *s; /* in the doc's arena, valid UTF-8, NUL-terminated; NULL when unset */
    size_t len;
    int is_number; /* for "id": a JSON number echoed as a number */
} dp_meta_str;

typedef struct dp_mentvec {
    dp_mention *v;
    size_t n, cap;
} dp_mentvec;

/* Growable arrays of the facts layer (src/facts/). */
#define DP_VEC(T, name) typedef struct name { T *v; size_t n, cap; } name
DP_VEC(dp_entity, dp_entvec);
DP_VEC(uint32_t, dp_u32vec);
DP_VEC(dp_role, dp_rolevec);
DP_VEC(dp_quote, dp_quotevec);
DP_VEC(dp_datex, dp_datevec);
DP_VEC(dp_quantity, dp_qtyvec);
#undef DP_VEC

struct dp_tagscratch; /* per-sentence working arrays of the taggers (src/tag/tag_doc.c) */

struct dp_doc {
    dp_alloc alc;
    dp_arena arena;     /* metadata strings */
    const dp_lang *lang;
    dp_buf input;       /* fed or JSON-unescaped text, when owned */
    const char *src;    /* the text analysed: input.data or the caller's */
    size_t src_len;
    dp_buf norm;        /* normalised text */
    dp_offmap map;
    dp_tokvec toks;
    dp_sentvec sents;
    dp_buf key, val;    /* JSON reading scratch */
    dp_meta_str id, title, url, source;
    dp_date published;  /* month or day 0 when the date is known only to the year or month */
    int has_published;
    dp_date_prec published_prec;
    int finished;
    const dp_models *models; /* borrowed; NULL: no tagging */
    dp_buf lemmas;           /* lemma texts, referenced by tokens */
    dp_mentvec mentions;
    /* the facts layer (src/facts/facts.h) */
    dp_entvec ents;
    dp_u32vec entment;  /* mention indices grouped by entity */
    dp_rolevec roles;
    dp_quotevec quotes;
    dp_datevec dates;
    dp_qtyvec qtys;
    dp_u32vec fx[4];    /* facts scratch, reused across articles */
    void *fxforms;      /* entities.c working records */
    size_t fxforms_cap;
    struct dp_tagscratch *scratch;
    const char *scratch_tags[DP_MAX_SENTENCE_TOKENS]; /* dp_tag_tokens results */
};

/** Tags a tokenized, split doc with its models (src/tag/tag_doc.c). */
dp_status dp_tag_doc(dp_doc *d);
void dp_tagscratch_free(dp_doc *d);

#endif
