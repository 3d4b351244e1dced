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
    dp_date published;
    int has_published;
    int finished;
};

#endif
