/* tagger.h — loaded models and the taggers that use them (issue #3).
 *
 * A perceptron model is a table from feature ids to rows of int16 weights,
 * one per label, with one float scale. The part-of-speech model labels
 * surface tokens with a UPOS or, for multiword tokens, a compound such as
 * "ADP+DET" (du = de + le); its file also holds the lexicon (lowercased form
 * -> UPOS and lemma edit scripts), the suffix rules that lemmatise unknown
 * words, and the word clusters. The entity model labels tokens with IOB2
 * tags over PER/LOC/ORG and carries the gazetteer. */
#ifndef DP_TAGGER_H
#define DP_TAGGER_H

#include "depeche.h"
#include "features.h"
#include "model.h"

/* Bumped whenever features.c changes what a template means: a model made
 * with other features is refused instead of silently tagging badly. */
#define DP_FEATURES_VERSION 3u
#define DP_MAX_LABELS 64
/* Position of a word in an entity: IOB2, or BILOU (Last word, Unit entity). */
enum { DP_IOB_O, DP_IOB_B, DP_IOB_I, DP_IOB_L, DP_IOB_U };
#define DP_LEMMA_MAX_SUFFIX 7 /* longest suffix a lemma rule looks at, in characters */

/* PARAMS section indexes */
enum { PARAM_FEATVER, PARAM_FEATSET, PARAM_COUNT, PARAM_BEAM = PARAM_COUNT /* optional */ };
#define DP_NER_BEAM 8 /* widest beam a model may ask for */

typedef struct dp_pmodel {
    uint32_t nlabels;
    const char *labels[DP_MAX_LABELS];
    dp_table feats;          /* feature id -> row */
    const unsigned char *w;  /* i16[nrows * nlabels] */
    uint32_t nrows;
    float scale;
    uint32_t featset;
    uint32_t beam; /* decoding beam width (1: greedy) */
} dp_pmodel;

struct dp_models {
    dp_mfile posf, nerf;
    int has_pos, has_ner;
    dp_pmodel pos, ner;
    dp_res res;            /* lexicon + clusters (pos file), gazetteer (ner file) */
    dp_res ner_res;        /* what the entity model was trained with */
    /* per POS label: UPOS of each word (1 for plain, 2-3 for compounds) */
    uint8_t pos_nparts[DP_MAX_LABELS];
    uint8_t pos_upos[DP_MAX_LABELS][3];
    /* lemma edit scripts and suffix rules */
    const unsigned char *scripts;   /* bytes */
    const unsigned char *script_off; /* u32[nscripts + 1] */
    uint32_t nscripts;
    size_t scripts_size;
    dp_table lemrules;      /* hash(upos, suffix) -> script */
    /* per NER label: entity type and position in the entity (DP_IOB_*) */
    uint8_t ner_type[DP_MAX_LABELS];
    uint8_t ner_iob[DP_MAX_LABELS]; /* DP_IOB_* */
    const char *ner_out[DP_MAX_LABELS]; /* the label in IOB2 (L- as I-, U- as B-) */
    int ner_bilou; /* the model's labels are BILOU (L-, U- labels) */
};

/** Validates and views a perceptron model's sections (prefix selects the lemma set or not). */
dp_status dp_pmodel_view(dp_pmodel *pm, const dp_mfile *f, dp_error *err);

/** Scores of every label for the features f[0..nf) (score[nlabels]). */
void dp_pmodel_scores(const dp_pmodel *pm, const uint64_t *f, size_t nf, int32_t *score);
/** Label of the best score for the features f[0..nf), among labels allowed by `allow` (NULL: all). */
int dp_pmodel_best(const dp_pmodel *pm, const uint64_t *f, size_t nf, const uint8_t *allow);

/** Lemma script id (or -1) for a token. */
int dp_lemma_script(const dp_models *m, const char *low, size_t lown, int upos);
/** Applies script `id` to the form (cased form `s`, lowercased `low`) into out; returns length. */
size_t dp_lemma_apply(const dp_models *m, int id, const char *s, size_t n, const char *low, size_t lown,
                      char *out, size_t cap);

/* Lemma scripts are computed the same way at training time. Encoded as:
 * byte 0 mode (0: apply to the lowercased form; 1: to the form as written),
 * byte 1 characters stripped from the end, then the bytes to append. */
size_t dp_lemma_make_script(const char *form, size_t fn, const char *lemma, size_t ln, unsigned char *out,
                            size_t cap);

uint64_t dp_lemrule_key(int upos, const char *suffix, size_t n);
uint64_t dp_gaz_seq_hash(const char *const *forms, const size_t *lens, size_t n);
/** Gazetteer class bits (1 << GAZ_*) of exactly this token sequence; 0 when unknown or no entity model. */
uint32_t dp_models_gaz(const dp_models *m, const char *const *forms, const size_t *lens, size_t n);

/** Index of a UPOS name ("NOUN"), or 0. */
int dp_upos_from_name(const char *s, size_t n);

#endif
