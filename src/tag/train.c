/* train.c — depeche's trainer: averaged perceptron with greedy left-to-right
 * decoding (issue #3, item 1), plus the lexicon, lemma rules, clusters and
 * gazetteer compiled into the model file (items 3, 5).
 *
 * Learning: for each sentence, tokens are tagged left to right with the
 * current weights, the previous predictions feeding the next features; a
 * wrong tag moves the weights toward the gold one. Weights are averaged over
 * all steps (w - u/c, Daumé's trick), which is what the model stores,
 * quantised to int16. Sentences are visited in a shuffled order drawn from
 * the seed, so a seed gives one model, byte for byte. */
#define _POSIX_C_SOURCE 200809L
#include "tagger.h"

#include "core/buf.h"
#include "hash.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sentences longer than this are cut into pieces for training (HIPE's old
 * training file has whole documents as "sentences"). */
#define TRAIN_MAX_SENT 400
#define DP_NER_TRAIN_BEAM 8 /* widest beam the trainer searches with */

/* ------------------------------------------------------------------ utils */

typedef struct trainer {
    const dp_train_opts *o;
    dp_error *err;
    /* corpus: words of all sentences, texts in one buffer */
    dp_buf text;
    struct tw { uint32_t off, len; uint8_t label; } *w;
    size_t nw, capw;
    struct ts { uint32_t first, n; } *s;
    size_t ns, caps;
    size_t ntrain_sents; /* sentences [0, ntrain) train, [ntrain, ns) dev */
    /* labels */
    char *labels[DP_MAX_LABELS];
    uint32_t nlabels;
    /* (form, upos, lemma) triples for the lexicon and the lemma rules */
    struct triple { uint32_t form, flen, lemma, llen; uint8_t upos, external, preferred; } *tr;
    size_t ntr, captr;
    dp_buf trtext;
} trainer;

static void progress(const trainer *T, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void progress(const trainer *T, const char *fmt, ...) {
    if (!T->o->progress) return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    T->o->progress(T->o->progress_ctx, line);
}

static dp_status fail(trainer *T, dp_status code, const char *msg, size_t off) {
    if (T->err) *T->err = (dp_error){code, msg, off};
    return code;
}

static int grow(void **p, size_t *cap, size_t need, size_t size) {
    return dp_grow(&dp_alloc_default, p, cap, need, size);
}

static int label_id(trainer *T, const char *s, size_t n) {
    for (uint32_t i = 0; i < T->nlabels; i++)
        if (strlen(T->labels[i]) == n && memcmp(T->labels[i], s, n) == 0) return (int)i;
    if (T->nlabels >= DP_MAX_LABELS) return -1;
    char *c = malloc(n + 1);
    if (!c) return -1;
    memcpy(c, s, n);
    c[n] = 0;
    T->labels[T->nlabels] = c;
    return (int)T->nlabels++;
}

static int add_word(trainer *T, const char *form, size_t n, int label) {
    void *p = T->w;
    if (grow(&p, &T->capw, T->nw + 1, sizeof *T->w)) return -1;
    T->w = p;
    T->w[T->nw++] = (struct tw){(uint32_t)T->text.len, (uint32_t)n, (uint8_t)label};
    return dp_buf_put(&T->text, form, n);
}

static int end_sent(trainer *T, size_t first) {
    while (first < T->nw) {
        size_t n = T->nw - first;
        if (n > TRAIN_MAX_SENT) n = TRAIN_MAX_SENT;
        void *p = T->s;
        if (grow(&p, &T->caps, T->ns + 1, sizeof *T->s)) return -1;
        T->s = p;
        T->s[T->ns++] = (struct ts){(uint32_t)first, (uint32_t)n};
        first += n;
    }
    return 0;
}

static int add_triple(trainer *T, const char *f, size_t fn, const char *l, size_t ln, int upos, int external) {
    if (!upos || fn == 0 || ln == 0 || fn > 255 || ln > 255) return 0;
    void *p = T->tr;
    if (grow(&p, &T->captr, T->ntr + 1, sizeof *T->tr)) return -1;
    T->tr = p;
    struct triple *t = &T->tr[T->ntr++];
    t->form = (uint32_t)T->trtext.len;
    t->flen = (uint32_t)fn;
    if (dp_buf_put(&T->trtext, f, fn)) return -1;
    t->lemma = (uint32_t)T->trtext.len;
    t->llen = (uint32_t)ln;
    t->upos = (uint8_t)upos;
    t->external = (uint8_t)(external == 1);
    t->preferred = (uint8_t)(external == 2);
    return dp_buf_put(&T->trtext, l, ln);
}

/* Splits a line into tab-separated fields; returns the count. */
static size_t split_tabs(char *line, char **f, size_t max) {
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = 0;
            f[n++] = p + 1;
        }
    return n;
}

static void chomp(char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = 0;
}

/* ------------------------------------------------------------- readers */

/* CoNLL-U: surface tokens labelled with their UPOS, or "A+B" for a multiword
 * token; every syntactic word also gives a (form, upos, lemma) triple. */
/* with_triples: 0 none, 1 (form, upos, lemma) triples, 2 preferred triples */
static dp_status read_conllu(trainer *T, const char *path, int with_triples) {
    FILE *f = fopen(path, "r");
    if (!f) return fail(T, DP_ERR_IO, "cannot open a training file", 0);
    char *line = NULL;
    size_t cap = 0;
    size_t first = T->nw;
    long mwt_end = 0;
    char mwt_form[256];
    size_t mwt_len = 0;
    char mwt_label[64];
    size_t mwt_label_len = 0;
    long lineno = 0;
    dp_status st = DP_OK;
    while (getline(&line, &cap, f) != -1) {
        lineno++;
        chomp(line);
        if (!line[0]) {
            if (end_sent(T, first)) { st = DP_ERR_NOMEM; break; }
            first = T->nw;
            mwt_end = 0;
            continue;
        }
        if (line[0] == '#') continue;
        char *c[10];
        if (split_tabs(line, c, 10) < 4) { st = fail(T, DP_ERR_FIELD, "CoNLL-U line with too few columns", (size_t)lineno); break; }
        if (strchr(c[0], '.')) continue;
        char *dash = strchr(c[0], '-');
        if (dash) {
            mwt_end = strtol(dash + 1, NULL, 10);
            mwt_len = strlen(c[1]) < sizeof mwt_form ? strlen(c[1]) : 0;
            memcpy(mwt_form, c[1], mwt_len);
            mwt_label_len = 0;
            continue;
        }
        long id = strtol(c[0], NULL, 10);
        int upos = dp_upos_from_name(c[3], strlen(c[3]));
        if (with_triples && add_triple(T, c[1], strlen(c[1]), c[2], strlen(c[2]), upos, with_triples == 2 ? 2 : 0)) {
            st = DP_ERR_NOMEM;
            break;
        }
        if (mwt_end && id <= mwt_end) {
            size_t l = strlen(c[3]);
            if (mwt_label_len + l + 1 < sizeof mwt_label) {
                if (mwt_label_len) mwt_label[mwt_label_len++] = '+';
                memcpy(mwt_label + mwt_label_len, c[3], l);
                mwt_label_len += l;
            }
            if (id == mwt_end) {
                int lab = label_id(T, mwt_label, mwt_label_len);
                if (lab < 0 || add_word(T, mwt_form, mwt_len, lab)) { st = fail(T, DP_ERR_NOMEM, "too many labels", 0); break; }
                mwt_end = 0;
            }
            continue;
        }
        int lab = label_id(T, c[3], strlen(c[3]));
        if (lab < 0 || add_word(T, c[1], strlen(c[1]), lab)) { st = fail(T, DP_ERR_NOMEM, "too many labels", 0); break; }
    }
    if (!st && end_sent(T, first)) st = DP_ERR_NOMEM;
    free(line);
    fclose(f);
    return st;
}

/* token<TAB>...<TAB>TAG lines, blank line between sentences, # comments. */
static dp_status read_tsv(trainer *T, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return fail(T, DP_ERR_IO, "cannot open a training file", 0);
    char *line = NULL;
    size_t cap = 0;
    size_t first = T->nw;
    dp_status st = DP_OK;
    while (getline(&line, &cap, f) != -1) {
        chomp(line);
        if (!line[0]) {
            if (end_sent(T, first)) { st = DP_ERR_NOMEM; break; }
            first = T->nw;
            continue;
        }
        if (line[0] == '#') continue;
        char *c[16];
        size_t n = split_tabs(line, c, 16);
        const char *tag = n >= 2 ? c[n - 1] : "O";
        int lab = label_id(T, tag, strlen(tag));
        if (lab < 0 || add_word(T, c[0], strlen(c[0]), lab)) { st = fail(T, DP_ERR_NOMEM, "too many labels", 0); break; }
    }
    if (!st && end_sent(T, first)) st = DP_ERR_NOMEM;
    free(line);
    fclose(f);
    return st;
}

/* An entity label's position letter (B, I, L or U of "B-PER"...), or 0 for O
 * and for anything that is not such a label. */
static int ent_kind(const char *l) { return l[0] && strchr("BILU", l[0]) && l[1] == '-' ? l[0] : 0; }

/* IOB2 labels -> BILOU: a B-X not followed by I-X becomes U-X (a one-word
 * entity), an I-X not followed by I-X becomes L-X (an entity's last word).
 * Every sentence ends its entities, so the decoder can know where they end
 * as well as where they start (Ratinov & Roth 2009). */
static dp_status to_bilou(trainer *T) {
    for (size_t si = 0; si < T->ns; si++) {
        struct tw *w = T->w + T->s[si].first;
        uint32_t n = T->s[si].n;
        for (uint32_t i = 0; i < n; i++) {
            const char *l = T->labels[w[i].label];
            if (ent_kind(l) != 'B' && ent_kind(l) != 'I') continue;
            const char *nx = i + 1 < n ? T->labels[w[i + 1].label] : "O";
            if (ent_kind(nx) == 'I' && !strcmp(nx + 2, l + 2)) continue;
            char b[64];
            snprintf(b, sizeof b, "%c%s", l[0] == 'B' ? 'U' : 'L', l + 1);
            int lab = label_id(T, b, strlen(b));
            if (lab < 0) return fail(T, DP_ERR_NOMEM, "too many labels", 0);
            w[i].label = (uint8_t)lab;
        }
    }
    /* Labels no word carries any more go (a type whose entities are all one
     * word long keeps no B-), so every B-X left has its L-X and the decoder
     * never opens an entity it cannot close. "O" stays label 0. */
    uint8_t used[DP_MAX_LABELS] = {1}, map[DP_MAX_LABELS];
    for (size_t k = 0; k < T->nw; k++) used[T->w[k].label] = 1;
    uint32_t n = 0;
    for (uint32_t l = 0; l < T->nlabels; l++) {
        if (!used[l]) {
            free(T->labels[l]);
            continue;
        }
        map[l] = (uint8_t)n;
        T->labels[n++] = T->labels[l];
    }
    T->nlabels = n;
    for (size_t k = 0; k < T->nw; k++) T->w[k].label = map[T->w[k].label];
    return DP_OK;
}

/* ---------------------------------------------------- u64 -> u32 tables */

typedef struct htab {
    uint64_t *keys;
    uint32_t *vals;
    size_t nslots, used;
} htab;

static size_t hslot(const htab *h, uint64_t key) {
    size_t mask = h->nslots - 1, i = (size_t)(key ^ (key >> 29)) & mask;
    while (h->keys[i] && h->keys[i] != key) i = (i + 1) & mask;
    return i;
}

static int hinit(htab *h, size_t n) {
    size_t s = 16;
    while (s < n * 2) s *= 2;
    h->keys = calloc(s, sizeof *h->keys);
    h->vals = calloc(s, sizeof *h->vals);
    h->nslots = s;
    h->used = 0;
    return h->keys && h->vals ? 0 : -1;
}

static void hfree(htab *h) {
    free(h->keys);
    free(h->vals);
    memset(h, 0, sizeof *h);
}

/* Slot of key, inserting it (value `v`) when absent; -1 when out of memory. */
static long hput(htab *h, uint64_t key, uint32_t v, int *added) {
    if ((h->used + 1) * 2 > h->nslots) {
        htab n;
        if (hinit(&n, h->nslots)) return -1;
        for (size_t i = 0; i < h->nslots; i++)
            if (h->keys[i]) {
                size_t j = hslot(&n, h->keys[i]);
                n.keys[j] = h->keys[i];
                n.vals[j] = h->vals[i];
                n.used++;
            }
        hfree(h);
        *h = n;
    }
    size_t i = hslot(h, key);
    if (added) *added = !h->keys[i];
    if (!h->keys[i]) {
        h->keys[i] = key;
        h->vals[i] = v;
        h->used++;
    }
    return (long)i;
}

/* Writes a table as a (fingerprints, vals) section pair, laid out for the
 * reader's probing (model.h: dp_mtab_find), at a load of 0.8. */
static void write_table(dp_mwriter *w, const htab *h, uint32_t kid, uint32_t vid) {
    uint32_t n = (uint32_t)(h->used + h->used / 4 + 1);
    uint32_t *fps = calloc(n, sizeof *fps), *vals = calloc(n, sizeof *vals);
    if (!fps || !vals) {
        free(fps);
        free(vals);
        w->failed = 1;
        return;
    }
    for (size_t i = 0; i < h->nslots; i++) {
        uint64_t key = h->keys[i];
        if (!key) continue;
        uint32_t fp = dp_mtab_fp(key), j = dp_mtab_start(key, n);
        while (fps[j] && fps[j] != fp) j = j + 1 == n ? 0 : j + 1;
        if (fps[j]) continue; /* two keys share a fingerprint in one run: the first wins */
        fps[j] = fp;
        vals[j] = h->vals[i];
    }
    (void)vid;
    dp_mw_begin(w, kid);
    dp_mw_u32(w, n);
    for (uint32_t i = 0; i < n; i++) {
        dp_mw_u32(w, fps[i]);
        dp_mw_u32(w, vals[i]);
    }
    dp_mw_end(w);
    free(fps);
    free(vals);
}

/* -------------------------------------------------------- the perceptron */

typedef struct ptrain {
    uint32_t L;
    htab *allowed;  /* features seen often enough to get weights (NULL: all) */
    htab feats;    /* feature -> row */
    float *w;      /* [rows][L] current weights */
    double *u;     /* [rows][L] sum of c * update, for averaging */
    size_t nrows, caprows;
    double c;      /* steps so far */
} ptrain;

static long prow(ptrain *P, uint64_t key, int create) {
    if (!create) {
        if (!P->feats.nslots) return -1;
        size_t i = hslot(&P->feats, key);
        return P->feats.keys[i] ? (long)P->feats.vals[i] : -1;
    }
    int added;
    long s = hput(&P->feats, key, (uint32_t)P->nrows, &added);
    if (s < 0) return -1;
    if (added) {
        if (P->nrows + 1 > P->caprows) {
            size_t nc = P->caprows ? P->caprows * 2 : 65536;
            float *nw = realloc(P->w, nc * P->L * sizeof *nw);
            if (!nw) return -1;
            P->w = nw;
            double *nu = realloc(P->u, nc * P->L * sizeof *nu);
            if (!nu) return -1;
            P->u = nu;
            P->caprows = nc;
        }
        memset(P->w + P->nrows * P->L, 0, P->L * sizeof *P->w);
        memset(P->u + P->nrows * P->L, 0, P->L * sizeof *P->u);
        P->nrows++;
    }
    return (long)P->feats.vals[s];
}

/* Scores of all labels (current or averaged weights). */
static void pscores(ptrain *P, const uint64_t *f, size_t nf, int averaged, double *score) {
    for (uint32_t l = 0; l < P->L; l++) score[l] = 0;
    for (size_t k = 0; k < nf; k++) {
        long r = prow(P, f[k], 0);
        if (r < 0) continue;
        const float *w = P->w + (size_t)r * P->L;
        if (averaged) {
            const double *u = P->u + (size_t)r * P->L;
            for (uint32_t l = 0; l < P->L; l++) score[l] += w[l] - u[l] / P->c;
        } else {
            for (uint32_t l = 0; l < P->L; l++) score[l] += w[l];
        }
    }
}

/* Adds delta to the weights of label `l` for features f. */
static int padd(ptrain *P, const uint64_t *f, size_t nf, int l, float delta) {
    for (size_t k = 0; k < nf; k++) {
        if (P->allowed) {
            size_t s = hslot(P->allowed, f[k]);
            if (!P->allowed->keys[s]) continue;
        }
        long r = prow(P, f[k], 1);
        if (r < 0) return -1;
        size_t b = (size_t)r * P->L + (size_t)l;
        P->w[b] += delta;
        P->u[b] += P->c * delta;
    }
    return 0;
}

static int pbest(ptrain *P, const uint64_t *f, size_t nf, int averaged, const uint8_t *allow) {
    double score[DP_MAX_LABELS];
    pscores(P, f, nf, averaged, score);
    int best = -1;
    for (uint32_t l = 0; l < P->L; l++) {
        if (allow && !allow[l]) continue;
        if (best < 0 || score[l] > score[best]) best = (int)l;
    }
    return best < 0 ? 0 : best;
}

/* A greedy step's update: the gold label's weights gain, the predicted one's lose. */
static int pupdate(ptrain *P, const uint64_t *f, size_t nf, int gold, int pred) {
    return padd(P, f, nf, gold, 1.0f) || padd(P, f, nf, pred, -1.0f) ? -1 : 0;
}

/* Writes averaged, quantised weights; rows that quantise to all zeros are dropped. */
static void write_weights(dp_mwriter *mw, ptrain *P, double prune, size_t *kept) {
    uint32_t L = P->L;
    double maxabs = 1e-9;
    for (size_t i = 0; i < P->nrows * L; i++) {
        double a = fabs(P->w[i] - P->u[i] / P->c);
        if (a > maxabs) maxabs = a;
    }
    double scale = maxabs / 32767.0;
    int16_t *q = malloc(P->nrows * L * sizeof *q);
    uint32_t *newrow = malloc(P->nrows * sizeof *newrow);
    if (!q || !newrow) {
        free(q);
        free(newrow);
        mw->failed = 1;
        return;
    }
    size_t n = 0;
    for (size_t r = 0; r < P->nrows; r++) {
        int any = 0;
        for (uint32_t l = 0; l < L; l++) {
            double a = P->w[r * L + l] - P->u[r * L + l] / P->c;
            if (fabs(a) < prune) a = 0;
            long v = lround(a / scale);
            q[n * L + l] = (int16_t)(v > 32767 ? 32767 : v < -32767 ? -32767 : v);
            any |= q[n * L + l] != 0;
        }
        newrow[r] = any ? (uint32_t)n++ : UINT32_MAX;
    }
    htab keep;
    if (hinit(&keep, n + 1)) {
        mw->failed = 1;
    } else {
        for (size_t i = 0; i < P->feats.nslots; i++) {
            uint64_t k = P->feats.keys[i];
            if (!k || newrow[P->feats.vals[i]] == UINT32_MAX) continue;
            hput(&keep, k, newrow[P->feats.vals[i]], NULL);
        }
        write_table(mw, &keep, SEC_FEATKEYS, SEC_FEATROWS);
        hfree(&keep);
        dp_mw_begin(mw, SEC_WEIGHTS);
        dp_mw_f32(mw, (float)scale);
        dp_mw_u32(mw, (uint32_t)n);
        dp_mw_u32(mw, L);
        for (size_t i = 0; i < n * L; i++) dp_mw_u16(mw, (uint16_t)q[i]);
        dp_mw_end(mw);
    }
    *kept = n;
    free(q);
    free(newrow);
}

/* ------------------------------------------------------ lexicon & lemmas */

typedef struct rec {
    uint64_t key;
    uint32_t script;
    uint32_t weight;
    uint8_t upos, external;
} rec;

static int cmp_rec(const void *a, const void *b) {
    const rec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    if (x->upos != y->upos) return x->upos < y->upos ? -1 : 1;
    if (x->script != y->script) return x->script < y->script ? -1 : 1;
    return 0;
}

typedef struct scripts {
    htab map; /* hash(script bytes) -> id */
    dp_buf bytes;
    uint32_t *off;
    size_t n, cap;
} scripts;

static long script_id(scripts *S, const unsigned char *s, size_t n) {
    uint64_t k = dp_hash_bytes(DP_HASH_SEED, s, n);
    if (!k) k = 1;
    int added;
    long slot = hput(&S->map, k, (uint32_t)S->n, &added);
    if (slot < 0) return -1;
    if (added) {
        void *p = S->off;
        if (grow(&p, &S->cap, S->n + 2, sizeof *S->off)) return -1;
        S->off = p;
        S->off[S->n] = (uint32_t)S->bytes.len;
        if (dp_buf_put(&S->bytes, s, n)) return -1;
        S->n++;
        S->off[S->n] = (uint32_t)S->bytes.len;
    }
    return (long)S->map.vals[slot];
}

/* Reads form<TAB>UPOS<TAB>lemma lines as external triples. */
static dp_status read_lexicon(trainer *T, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return fail(T, DP_ERR_IO, "cannot open the lexicon", 0);
    char *line = NULL;
    size_t cap = 0;
    dp_status st = DP_OK;
    while (getline(&line, &cap, f) != -1) {
        chomp(line);
        char *c[4];
        if (line[0] == '#' || split_tabs(line, c, 4) < 3) continue;
        int u = dp_upos_from_name(c[1], strlen(c[1]));
        if (add_triple(T, c[0], strlen(c[0]), c[2], strlen(c[2]), u, 1)) { st = DP_ERR_NOMEM; break; }
    }
    free(line);
    fclose(f);
    return st;
}

typedef struct cand_t {
    uint8_t upos, ext;
    uint32_t script, w;
} cand_t;

/* Keys of the suffixes of 1..DP_LEMMA_MAX_SUFFIX characters of low[0..ln); returns how many. */
static unsigned suffix_keys(int upos, const char *low, size_t ln, uint64_t *keys) {
    size_t chars = 0;
    for (size_t b = 0; b < ln; b++) chars += ((unsigned char)low[b] & 0xC0) != 0x80;
    size_t cut = ln;
    unsigned k = 1;
    for (; k <= DP_LEMMA_MAX_SUFFIX && k <= chars; k++) {
        do cut--; while (cut > 0 && ((unsigned char)low[cut] & 0xC0) == 0x80);
        keys[k - 1] = dp_lemrule_key(upos, low + cut, ln - cut);
    }
    return k - 1;
}

/* Lexicon entries per form and suffix rules for unknown words. */
static dp_status build_lemmas(trainer *T, dp_mwriter *mw) {
    scripts S = {0};
    dp_buf_init(&S.bytes, &dp_alloc_default);
    if (hinit(&S.map, 1024)) return fail(T, DP_ERR_NOMEM, "out of memory", 0);
    /* script 0: the lowercased form itself */
    unsigned char ident[2] = {0, 0};
    script_id(&S, ident, 2);
    rec *lex = malloc((T->ntr + 1) * sizeof *lex);
    rec *rules = malloc((T->ntr * DP_LEMMA_MAX_SUFFIX + 1) * sizeof *rules);
    size_t nlex = 0, nrules = 0;
    if (!lex || !rules) {
        free(lex);
        free(rules);
        return fail(T, DP_ERR_NOMEM, "out of memory", 0);
    }
    for (size_t i = 0; i < T->ntr; i++) {
        const struct triple *t = &T->tr[i];
        const char *form = T->trtext.data + t->form, *lemma = T->trtext.data + t->lemma;
        unsigned char sc[300];
        size_t sl = dp_lemma_make_script(form, t->flen, lemma, t->llen, sc, sizeof sc);
        if (!sl) continue;
        long id = script_id(&S, sc, sl);
        if (id < 0) continue;
        char low[DP_WORD_MAX];
        size_t ln = dp_lower(form, t->flen, low, sizeof low);
        /* treebank conventions win over the lexicon's, a preferred treebank's over the others' */
        uint32_t wgt = t->external ? 1 : t->preferred ? 200 : 20;
        lex[nlex++] = (rec){dp_hash_bytes(DP_HASH_SEED, low, ln), (uint32_t)id, wgt, t->upos, t->external};
        /* suffix rules: open classes only, where unknown words occur */
        if (t->upos == DP_UPOS_PUNCT || t->upos == DP_UPOS_NUM || t->upos == DP_UPOS_SYM) continue;
        uint64_t keys[DP_LEMMA_MAX_SUFFIX];
        unsigned nk = suffix_keys(t->upos, low, ln, keys);
        /* a rule on a suffix of k characters may only rewrite within it: a
         * script that strips more ("IRLANDE" -> "Irlande") is not a suffix rule */
        for (unsigned k = sc[1]; k < nk; k++) rules[nrules++] = (rec){keys[k], (uint32_t)id, t->external ? 1 : 3, 0, 0};
    }
    /* lexicon: per form, per UPOS, the heaviest script; forms' UPOS by weight */
    qsort(lex, nlex, sizeof *lex, cmp_rec);
    htab lt;
    dp_buf data;
    dp_buf_init(&data, &dp_alloc_default);
    if (hinit(&lt, nlex / 2 + 1)) goto nomem;
    for (size_t i = 0; i < nlex;) {
        size_t j = i;
        cand_t cand[DP_UPOS_COUNT];
        size_t nc = 0;
        while (j < nlex && lex[j].key == lex[i].key) {
            size_t k = j;
            uint32_t best_w = 0, best_s = 0, total = 0;
            uint8_t ext = 0;
            while (k < nlex && lex[k].key == lex[i].key && lex[k].upos == lex[j].upos) {
                size_t m = k;
                uint32_t w = 0;
                while (m < nlex && lex[m].key == lex[k].key && lex[m].upos == lex[k].upos && lex[m].script == lex[k].script) {
                    w += lex[m].weight;
                    ext |= lex[m].external;
                    m++;
                }
                if (w > best_w) {
                    best_w = w;
                    best_s = lex[k].script;
                }
                total += w;
                k = m;
            }
            if (nc < DP_UPOS_COUNT) cand[nc++] = (cand_t){lex[j].upos, ext, best_s, total};
            j = k;
        }
        /* heaviest first, at most 8 */
        for (size_t a = 1; a < nc; a++)
            for (size_t b = a; b > 0 && cand[b].w > cand[b - 1].w; b--) {
                cand_t tmp = cand[b];
                cand[b] = cand[b - 1];
                cand[b - 1] = tmp;
            }
        if (nc > 8) nc = 8;
        if (hput(&lt, lex[i].key, (uint32_t)data.len, NULL) < 0) goto nomem;
        dp_buf_putc(&data, (char)nc);
        for (size_t a = 0; a < nc; a++) {
            dp_buf_putc(&data, (char)(cand[a].upos | (cand[a].ext ? 0x80 : 0)));
            dp_buf_putc(&data, (char)(cand[a].script & 0xFF));
            dp_buf_putc(&data, (char)(cand[a].script >> 8));
        }
        i = j;
    }
    if (S.n > 65535) {
        progress(T, "warning: %zu lemma scripts, only 65535 fit", S.n);
    }
    write_table(mw, &lt, SEC_LEXKEYS, SEC_LEXVALS);
    dp_mw_begin(mw, SEC_LEXDATA);
    dp_mw_bytes(mw, data.data, data.len);
    dp_mw_end(mw);
    progress(T, "lexicon: %zu forms, %zu lemma scripts", lt.used, S.n);
    hfree(&lt);
    dp_buf_release(&data);

    /* suffix rules: the heaviest script per (UPOS, suffix), kept when it
     * differs from the answer of the next shorter suffix (which the lookup
     * falls back to) and is seen at least twice */
    qsort(rules, nrules, sizeof *rules, cmp_rec);
    htab rt;
    if (hinit(&rt, 1024)) goto nomem;
    /* first pass: best script of every key */
    htab best;
    if (hinit(&best, nrules / 4 + 1)) goto nomem;
    for (size_t i = 0; i < nrules;) {
        size_t j = i;
        uint32_t bw = 0, bs = 0;
        while (j < nrules && rules[j].key == rules[i].key) {
            size_t m = j;
            uint32_t w = 0;
            while (m < nrules && rules[m].key == rules[j].key && rules[m].script == rules[j].script) w += rules[m++].weight;
            if (w > bw) {
                bw = w;
                bs = rules[j].script;
            }
            j = m;
        }
        if (bw >= 2) hput(&best, rules[i].key, bs, NULL);
        i = j;
    }
    /* second pass: keep a rule unless its parent (one character shorter) gives the same script */
    for (size_t i = 0; i < T->ntr; i++) {
        const struct triple *t = &T->tr[i];
        if (t->upos == DP_UPOS_PUNCT || t->upos == DP_UPOS_NUM || t->upos == DP_UPOS_SYM) continue;
        char low[DP_WORD_MAX];
        size_t ln = dp_lower(T->trtext.data + t->form, t->flen, low, sizeof low);
        uint64_t keys[DP_LEMMA_MAX_SUFFIX];
        unsigned nk = suffix_keys(t->upos, low, ln, keys);
        uint32_t parent = UINT32_MAX;
        for (unsigned k = 0; k < nk; k++) {
            size_t bs = hslot(&best, keys[k]);
            if (!best.keys[bs]) { /* no rule here: the next longer one must not lean on it */
                parent = UINT32_MAX;
                continue;
            }
            uint32_t v = best.vals[bs];
            if (v != parent && hput(&rt, keys[k], v, NULL) < 0) goto nomem;
            parent = v;
        }
    }
    write_table(mw, &rt, SEC_L_FEATKEYS, SEC_L_FEATROWS);
    progress(T, "lemma suffix rules: %zu", rt.used);
    hfree(&rt);
    hfree(&best);
    dp_mw_begin(mw, SEC_SCRIPTS);
    dp_mw_u32(mw, (uint32_t)S.n);
    for (size_t i = 0; i <= S.n; i++) dp_mw_u32(mw, S.off[i]);
    dp_mw_bytes(mw, S.bytes.data, S.bytes.len);
    dp_mw_end(mw);
    free(lex);
    free(rules);
    hfree(&S.map);
    dp_buf_release(&S.bytes);
    free(S.off);
    return DP_OK;
nomem:
    free(lex);
    free(rules);
    return fail(T, DP_ERR_NOMEM, "out of memory", 0);
}

/* bits<TAB>word<TAB>count lines. */
static dp_status build_clusters(trainer *T, dp_mwriter *mw, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return fail(T, DP_ERR_IO, "cannot open the clusters file", 0);
    htab h;
    if (hinit(&h, 1 << 16)) {
        fclose(f);
        return fail(T, DP_ERR_NOMEM, "out of memory", 0);
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) != -1) {
        chomp(line);
        char *c[3];
        if (split_tabs(line, c, 3) < 2) continue;
        size_t bl = strlen(c[0]);
        if (!bl) continue;
        uint32_t bits = 0, len = 0;
        for (size_t i = 0; i < bl && len < 24; i++, len++) bits = bits << 1 | (c[0][i] == '1');
        size_t wl = strlen(c[1]);
        uint64_t k = dp_hash_bytes(DP_HASH_SEED, c[1], wl < DP_WORD_MAX ? wl : DP_WORD_MAX);
        if (hput(&h, k ? k : 1, len << 24 | bits, NULL) < 0) break;
    }
    free(line);
    fclose(f);
    write_table(mw, &h, SEC_CLUSTKEYS, SEC_CLUSTVALS);
    progress(T, "clusters: %zu words", h.used);
    hfree(&h);
    return DP_OK;
}

static const char *const gaz_classes[GAZ_NCLASSES] = {"COUNTRY", "DEMONYM", "REGION", "COMMUNE", "CITY",
                                                      "FIRSTNAME_M", "FIRSTNAME_F", "ORG", "LOC", "PER_NAME"};

/* name<TAB>CLASS lines; names tokenized as depeche tokenizes text. */
static dp_status build_gazetteer(trainer *T, dp_mwriter *mw, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return fail(T, DP_ERR_IO, "cannot open the gazetteer", 0);
    htab h;
    dp_doc *doc = dp_doc_new();
    if (!doc || hinit(&h, 1 << 16)) {
        fclose(f);
        dp_doc_free(doc);
        return fail(T, DP_ERR_NOMEM, "out of memory", 0);
    }
    char *line = NULL;
    size_t cap = 0, names = 0;
    while (getline(&line, &cap, f) != -1) {
        chomp(line);
        char *c[3];
        if (split_tabs(line, c, 3) < 2) continue;
        int cls = -1;
        for (int k = 0; k < GAZ_NCLASSES; k++)
            if (!strcmp(c[1], gaz_classes[k])) cls = k;
        if (cls < 0) continue;
        if (dp_doc_analyze(doc, c[0], strlen(c[0]), 0, NULL)) continue;
        size_t nt, tl;
        const dp_token *t = dp_doc_tokens(doc, &nt);
        const char *txt = dp_doc_text(doc, &tl);
        if (!nt || nt > GAZ_MAX_WORDS) continue;
        const char *forms[GAZ_MAX_WORDS];
        size_t lens[GAZ_MAX_WORDS];
        for (size_t i = 0; i < nt; i++) {
            forms[i] = txt + t[i].nstart;
            lens[i] = t[i].nend - t[i].nstart;
        }
        for (size_t k = 1; k <= nt; k++) {
            uint64_t key = dp_gaz_seq_hash(forms, lens, k);
            long s = hput(&h, key, 0, NULL);
            if (s < 0) break;
            if (k < nt) h.vals[s] |= GAZ_CONTINUES;
            else h.vals[s] |= 1u << cls;
        }
        names++;
    }
    free(line);
    fclose(f);
    dp_doc_free(doc);
    write_table(mw, &h, SEC_GAZKEYS, SEC_GAZVALS);
    progress(T, "gazetteer: %zu names, %zu keys", names, h.used);
    hfree(&h);
    return DP_OK;
}

/* ------------------------------------------------------------ training */

typedef struct run {
    trainer *T;
    ptrain P;
    dp_wordinfo *wi;  /* per corpus word */
    unsigned featset;
    uint8_t *allow_after; /* [L][L]: label b allowed after label a (NER), or NULL */
    int o_label;      /* NER "O" label, or -1 */
    uint8_t end_ok[DP_MAX_LABELS]; /* NER: label may end a sentence */
    int beam;         /* NER: beam width (1: greedy) */
    uint8_t (*hyp)[DP_NER_TRAIN_BEAM][TRAIN_MAX_SENT]; /* [2] beam histories */
} run;

/* Allowed labels after `prev` (-1 at sentence start). */
static const uint8_t *allowed(const run *R, int prev) {
    if (!R->allow_after) return NULL;
    static uint8_t all[DP_MAX_LABELS];
    if (prev < 0) prev = R->o_label;
    if (prev < 0) {
        memset(all, 1, sizeof all);
        return all;
    }
    return R->allow_after + (size_t)prev * R->P.L;
}

/* Tags sentence s greedily; updates when `learn`; returns correct tokens or entity counts. */
static int tag_sentence(run *R, const struct ts *s, int learn, int averaged, uint8_t *pred) {
    uint64_t f[DP_MAX_FEATS];
    const dp_wordinfo *wi = R->wi + s->first;
    for (uint32_t i = 0; i < s->n; i++) {
        size_t nf = dp_features(R->featset, wi, s->n, i, pred, f);
        int g = R->T->w[s->first + i].label;
        /* Labels allowed after the previous one. While learning, after the
         * gold previous label: a gold label the constraint forbids could never
         * be predicted, and its updates would only distort the weights. */
        int prev = i ? (learn ? R->T->w[s->first + i - 1].label : pred[i - 1]) : -1;
        const uint8_t *al = allowed(R, prev);
        uint8_t last[DP_MAX_LABELS];
        if (al && i + 1 == s->n) {
            for (uint32_t l = 0; l < R->P.L; l++) last[l] = al[l] && R->end_ok[l];
            al = last;
        }
        int p = pbest(&R->P, f, nf, averaged, al);
        if (learn) {
            if (p != g && pupdate(&R->P, f, nf, g, p)) return -1;
            R->P.c += 1;
            pred[i] = (uint8_t)p;
        } else {
            pred[i] = (uint8_t)p;
        }
    }
    return 0;
}

/* Beam search over a sentence's labels (entity models, beam > 1): scores summed
 * along each sequence under the IOB2 constraint. Learning uses early update
 * (Collins & Roark): as soon as the gold prefix falls out of the beam, or at
 * the end when the best sequence is wrong, the gold prefix's features gain
 * and the best hypothesis's lose; the scores then fit the search. */
static int beam_sentence(run *R, const struct ts *s, int learn, int averaged, uint8_t *out) {
    int B = R->beam;
    uint32_t L = R->P.L;
    uint64_t f[DP_MAX_FEATS];
    double score[DP_MAX_LABELS], sc[DP_NER_TRAIN_BEAM], nsc[DP_NER_TRAIN_BEAM];
    int is_gold[DP_NER_TRAIN_BEAM], nis_gold[DP_NER_TRAIN_BEAM];
    uint8_t(*hyp)[DP_NER_TRAIN_BEAM][TRAIN_MAX_SENT] = R->hyp;
    const dp_wordinfo *wi = R->wi + s->first;
    const struct tw *gw = R->T->w + s->first;
    int cur = 0, nb = 1;
    sc[0] = 0;
    is_gold[0] = 1;
    uint32_t i = 0, stop = s->n;
    for (; i < s->n; i++) {
        struct cand { int h, l; double s; } cand[DP_NER_TRAIN_BEAM * DP_MAX_LABELS];
        int nc = 0;
        for (int h = 0; h < nb; h++) {
            const uint8_t *hist = hyp[cur][h];
            size_t nf = dp_features(R->featset, wi, s->n, i, hist, f);
            pscores(&R->P, f, nf, averaged, score);
            const uint8_t *al = allowed(R, i ? hist[i - 1] : -1);
            for (uint32_t l = 0; l < L; l++)
                if (!al || (al[l] && (i + 1 < s->n || R->end_ok[l])))
                    cand[nc++] = (struct cand){h, (int)l, sc[h] + score[l]};
        }
        int nn = 0, gold_kept = 0;
        for (int k = 0; k < B && k < nc; k++) {
            int bi = k;
            for (int j = k + 1; j < nc; j++)
                if (cand[j].s > cand[bi].s) bi = j;
            struct cand t = cand[bi];
            cand[bi] = cand[k];
            cand[k] = t;
            memcpy(hyp[!cur][nn], hyp[cur][t.h], i);
            hyp[!cur][nn][i] = (uint8_t)t.l;
            nsc[nn] = t.s;
            nis_gold[nn] = is_gold[t.h] && t.l == gw[i].label;
            gold_kept |= nis_gold[nn];
            nn++;
        }
        cur = !cur;
        nb = nn;
        memcpy(sc, nsc, sizeof(double) * (size_t)nb);
        memcpy(is_gold, nis_gold, sizeof(int) * (size_t)nb);
        if (learn && !gold_kept) {
            stop = i + 1; /* early update on the prefix */
            break;
        }
    }
    const uint8_t *best = hyp[cur][0];
    if (learn) {
        int wrong = 0;
        for (uint32_t k = 0; k < stop && !wrong; k++) wrong = best[k] != gw[k].label;
        if (wrong) {
            uint8_t gold[TRAIN_MAX_SENT];
            for (uint32_t k = 0; k < stop; k++) gold[k] = gw[k].label;
            for (uint32_t k = 0; k < stop; k++) {
                size_t nf = dp_features(R->featset, wi, s->n, k, gold, f);
                if (padd(&R->P, f, nf, gold[k], 1.0f)) return -1;
                nf = dp_features(R->featset, wi, s->n, k, best, f);
                if (padd(&R->P, f, nf, best[k], -1.0f)) return -1;
            }
        }
        R->P.c += s->n;
    }
    memcpy(out, best, i < s->n ? i : s->n);
    for (uint32_t k = i; k < s->n; k++) out[k] = 0;
    return 0;
}

/* Entities as (start, end, type) spans from IOB2 or BILOU labels. */
static size_t spans(const trainer *T, const uint8_t *lab, size_t n, uint32_t *out) {
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        const char *l = T->labels[lab[i]];
        int kind = ent_kind(l);
        if (kind) {
            /* U; or B, then I- and L- of its type up to an L (BILOU) or to
             * anything else (IOB2) */
            size_t j = i + 1;
            while ((kind == 'B' || kind == 'I') && j < n) {
                const char *x = T->labels[lab[j]];
                int kx = ent_kind(x);
                if ((kx != 'I' && kx != 'L') || strcmp(x + 2, l + 2)) break;
                j++;
                if (kx == 'L') break;
            }
            out[3 * k] = (uint32_t)i;
            out[3 * k + 1] = (uint32_t)j;
            out[3 * k + 2] = (uint32_t)(l[2] * 256 + l[3]);
            k++;
            i = j;
        } else {
            i++;
        }
    }
    return k;
}

static double evaluate(run *R, size_t from, size_t to) {
    trainer *T = R->T;
    uint8_t pred[TRAIN_MAX_SENT], gold[TRAIN_MAX_SENT];
    size_t ok = 0, all = 0, tp = 0, np = 0, ng = 0;
    uint32_t ps[3 * TRAIN_MAX_SENT], gs[3 * TRAIN_MAX_SENT];
    for (size_t si = from; si < to; si++) {
        const struct ts *s = &T->s[si];
        if (R->beam > 1) beam_sentence(R, s, 0, 1, pred);
        else tag_sentence(R, s, 0, 1, pred);
        for (uint32_t i = 0; i < s->n; i++) {
            gold[i] = T->w[s->first + i].label;
            ok += pred[i] == gold[i];
        }
        all += s->n;
        if (R->allow_after) {
            size_t a = spans(T, pred, s->n, ps), b = spans(T, gold, s->n, gs);
            np += a;
            ng += b;
            for (size_t x = 0; x < a; x++)
                for (size_t y = 0; y < b; y++)
                    if (ps[3 * x] == gs[3 * y] && ps[3 * x + 1] == gs[3 * y + 1] && ps[3 * x + 2] == gs[3 * y + 2]) tp++;
        }
    }
    if (R->allow_after) {
        double p = np ? (double)tp / np : 0, r = ng ? (double)tp / ng : 0;
        return p + r > 0 ? 2 * p * r / (p + r) : 0;
    }
    return all ? (double)ok / all : 0;
}

static uint64_t rng_next(uint64_t *s) {
    *s += 0x9E3779B97F4A7C15ull;
    return dp_mix64(*s);
}

static void free_trainer(trainer *T) {
    dp_buf_release(&T->text);
    dp_buf_release(&T->trtext);
    free(T->w);
    free(T->s);
    free(T->tr);
    for (uint32_t i = 0; i < T->nlabels; i++) free(T->labels[i]);
}

dp_status dp_train(const dp_train_opts *o, dp_error *err) {
    if (!o || !o->train || !o->train[0] || !o->output || (o->task != DP_TRAIN_POS && o->task != DP_TRAIN_NER)) {
        if (err) *err = (dp_error){DP_ERR_ARG, "training needs a task, training files and an output", 0};
        return DP_ERR_ARG;
    }
    trainer T;
    memset(&T, 0, sizeof T);
    T.o = o;
    T.err = err;
    dp_buf_init(&T.text, &dp_alloc_default);
    dp_buf_init(&T.trtext, &dp_alloc_default);
    int pos = o->task == DP_TRAIN_POS;
    dp_status st = DP_OK;
    if (!pos && label_id(&T, "O", 1) < 0) st = DP_ERR_NOMEM;
    for (size_t i = 0; !st && o->train[i]; i++) {
        int pref = 0;
        for (size_t k = 0; o->prefer && o->prefer[k]; k++) pref |= !strcmp(o->prefer[k], o->train[i]);
        st = pos ? read_conllu(&T, o->train[i], pref ? 2 : 1) : read_tsv(&T, o->train[i]);
        progress(&T, "read %s: %zu sentences, %zu words so far", o->train[i], T.ns, T.nw);
    }
    T.ntrain_sents = T.ns;
    for (size_t i = 0; !st && o->dev && o->dev[i]; i++) st = pos ? read_conllu(&T, o->dev[i], 0) : read_tsv(&T, o->dev[i]);
    if (!st && !pos && o->bilou) st = to_bilou(&T);
    if (!st && pos && o->lexicon) st = read_lexicon(&T, o->lexicon);
    if (st) {
        free_trainer(&T);
        return st;
    }
    if (!T.ntrain_sents) {
        free_trainer(&T);
        return fail(&T, DP_ERR_FIELD, "no training sentences", 0);
    }
    dp_mwriter mw;
    dp_mw_init(&mw, pos ? DP_MODEL_POS : DP_MODEL_NER);
    if (o->info) {
        dp_mw_begin(&mw, SEC_INFO);
        dp_mw_bytes(&mw, o->info, strlen(o->info));
        dp_mw_end(&mw);
    }
    /* resources, written into this model and used for its features */
    dp_models *res_models = NULL;
    if (pos) {
        if (!st) st = build_lemmas(&T, &mw);
        if (!st && o->clusters) st = build_clusters(&T, &mw, o->clusters);
    } else {
        if (o->gazetteer) st = build_gazetteer(&T, &mw, o->gazetteer);
        if (!st && o->pos_model) st = dp_models_add_file(&res_models, o->pos_model, err);
    }
    /* Resources for feature extraction: a POS model's tables come from the
     * file being written, so reopen what was written so far from memory. */
    dp_res res;
    memset(&res, 0, sizeof res);
    dp_mfile partial;
    memset(&partial, 0, sizeof partial);
    char *tmpfile = NULL;
    if (!st && pos) {
        /* Save the resource sections to a temporary file to view them with the reader. */
        size_t pl = strlen(o->output) + 16;
        tmpfile = malloc(pl);
        if (!tmpfile) st = DP_ERR_NOMEM;
        else {
            snprintf(tmpfile, pl, "%s.res", o->output);
            dp_mwriter tmp = mw;
            tmp.body = mw.body; /* shared buffer: only read by save */
            st = dp_mw_save(&tmp, tmpfile, err);
            if (!st) st = dp_mfile_open(&partial, tmpfile, err);
            if (!st) {
                dp_table t;
                size_t sz;
                /* lexicon and clusters as the tagger will see them */
                memset(&t, 0, sizeof t);
                const unsigned char *k = dp_mfile_section(&partial, SEC_LEXKEYS, &sz);
                if (k) {
                    res.lex.keys = k + 4;
                    res.lex.nslots = dp_rd32(k);
                    (void)sz;
                    res.lexdata = dp_mfile_section(&partial, SEC_LEXDATA, &res.lexdata_size);
                }
                k = dp_mfile_section(&partial, SEC_CLUSTKEYS, &sz);
                if (k) {
                    res.clust.keys = k + 4;
                    res.clust.nslots = dp_rd32(k);
                    (void)sz;
                }
            }
        }
    } else if (!st) {
        if (res_models) res = res_models->res;
        /* the gazetteer being built */
        if (o->gazetteer) {
            size_t pl = strlen(o->output) + 16;
            tmpfile = malloc(pl);
            if (!tmpfile) st = DP_ERR_NOMEM;
            else {
                snprintf(tmpfile, pl, "%s.res", o->output);
                st = dp_mw_save(&mw, tmpfile, err);
                if (!st) st = dp_mfile_open(&partial, tmpfile, err);
                size_t sz;
                const unsigned char *k = st ? NULL : dp_mfile_section(&partial, SEC_GAZKEYS, &sz);
                if (k) {
                    res.gaz.keys = k + 4;
                    res.gaz.nslots = dp_rd32(k);
                    (void)sz;
                }
            }
        }
    }
    run R;
    memset(&R, 0, sizeof R);
    R.T = &T;
    R.featset = pos ? FEAT_POS : FEAT_POS | FEAT_NER;
    R.o_label = -1;
    R.beam = pos ? 1 : (o->beam ? (int)o->beam : 1);
    if (R.beam > DP_NER_TRAIN_BEAM) R.beam = DP_NER_TRAIN_BEAM;
    if (R.beam > 1) {
        R.hyp = malloc(2 * sizeof *R.hyp);
        if (!R.hyp) st = DP_ERR_NOMEM;
    }
    if (!st) {
        R.wi = malloc((T.nw + 1) * sizeof *R.wi);
        if (!R.wi) st = fail(&T, DP_ERR_NOMEM, "out of memory", 0);
    }
    /* word infos, once */
    for (size_t si = 0; !st && si < T.ns; si++) {
        const struct ts *s = &T.s[si];
        const char *forms[TRAIN_MAX_SENT];
        size_t lens[TRAIN_MAX_SENT];
        for (uint32_t i = 0; i < s->n; i++) {
            const struct tw *w = &T.w[s->first + i];
            dp_wordinfo_fill(&R.wi[s->first + i], T.text.data + w->off, w->len, &res);
            forms[i] = T.text.data + w->off;
            lens[i] = w->len;
        }
        R.wi[s->first].flags |= WF_FIRST;
        if (!pos) {
            dp_gazetteer_mark(R.wi + s->first, forms, lens, s->n, &res);
            if (res_models && res_models->has_pos) {
                /* the part of speech the pipeline will have predicted */
                uint8_t lab[TRAIN_MAX_SENT];
                uint64_t f[DP_MAX_FEATS];
                for (uint32_t i = 0; i < s->n; i++) {
                    size_t nf = dp_features(res_models->pos.featset, R.wi + s->first, s->n, i, lab, f);
                    lab[i] = (uint8_t)dp_pmodel_best(&res_models->pos, f, nf, NULL);
                    R.wi[s->first + i].upos = res_models->pos_upos[lab[i]][0];
                }
            }
        }
    }
    if (!st && !pos) {
        /* IOB2: I-X only after B-X or I-X. BILOU also: L-X like I-X, and
         * after B-X or I-X only I-X or L-X; a sentence ends after O, L or U. */
        R.allow_after = calloc((size_t)T.nlabels * T.nlabels, 1);
        if (!R.allow_after) st = DP_ERR_NOMEM;
        for (uint32_t a = 0; !st && a < T.nlabels; a++)
            for (uint32_t b = 0; b < T.nlabels; b++) {
                const char *lb = T.labels[b], *la = T.labels[a];
                int ka = ent_kind(la), kb = ent_kind(lb);
                int open = ka == 'B' || ka == 'I', cont = kb == 'I' || kb == 'L';
                int ok = cont ? open && !strcmp(la + 2, lb + 2) : !(o->bilou && open);
                R.allow_after[(size_t)a * T.nlabels + b] = (uint8_t)ok;
            }
        for (uint32_t b = 0; b < T.nlabels; b++)
            R.end_ok[b] = !o->bilou || (ent_kind(T.labels[b]) != 'B' && ent_kind(T.labels[b]) != 'I');
        R.o_label = 0;
    }
    R.P.L = T.nlabels;
    if (!st && hinit(&R.P.feats, 1 << 16)) st = DP_ERR_NOMEM;
    /* Features seen fewer than min_count times (with gold left context) get
     * no weight: rare conjunctions only memorise the training set. */
    htab counts = {0}, allowed = {0};
    unsigned min_count = o->min_count ? o->min_count : 2;
    if (!st && min_count > 1) {
        if (hinit(&counts, 1 << 20) || hinit(&allowed, 1 << 18)) st = DP_ERR_NOMEM;
        uint64_t f[DP_MAX_FEATS];
        uint8_t gl[TRAIN_MAX_SENT];
        for (size_t si = 0; !st && si < T.ntrain_sents; si++) {
            const struct ts *s = &T.s[si];
            for (uint32_t i = 0; i < s->n; i++) gl[i] = T.w[s->first + i].label;
            for (uint32_t i = 0; !st && i < s->n; i++) {
                size_t nf = dp_features(R.featset, R.wi + s->first, s->n, i, gl, f);
                for (size_t k = 0; k < nf; k++) {
                    long slot = hput(&counts, f[k], 0, NULL);
                    if (slot < 0) { st = DP_ERR_NOMEM; break; }
                    if (++counts.vals[slot] == min_count && hput(&allowed, f[k], 0, NULL) < 0) st = DP_ERR_NOMEM;
                }
            }
        }
        hfree(&counts);
        R.P.allowed = &allowed;
        progress(&T, "%zu features seen at least %u times", allowed.used, min_count);
    }
    R.P.c = 1;
    unsigned epochs = o->epochs ? o->epochs : 10;
    uint64_t seed = o->seed ? o->seed : 1;
    size_t *order = st ? NULL : malloc(T.ntrain_sents * sizeof *order);
    if (!st && !order) st = DP_ERR_NOMEM;
    for (size_t i = 0; order && i < T.ntrain_sents; i++) order[i] = i;
    uint8_t pred[TRAIN_MAX_SENT];
    for (unsigned e = 0; !st && e < epochs; e++) {
        uint64_t rs = seed * 0x2545F4914F6CDD1Dull + e;
        for (size_t i = T.ntrain_sents; i > 1; i--) {
            size_t j = (size_t)(rng_next(&rs) % i);
            size_t t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        for (size_t i = 0; i < T.ntrain_sents; i++)
            if (R.beam > 1 ? beam_sentence(&R, &T.s[order[i]], 1, 0, pred) : tag_sentence(&R, &T.s[order[i]], 1, 0, pred)) {
                st = fail(&T, DP_ERR_NOMEM, "out of memory", 0);
                break;
            }
        if (st) break;
        double tr = evaluate(&R, 0, T.ntrain_sents < 2000 ? T.ntrain_sents : 2000);
        if (T.ns > T.ntrain_sents)
            progress(&T, "epoch %u: %zu features, train %s %.4f, dev %.4f", e + 1, R.P.nrows,
                     pos ? "accuracy" : "F1", tr, evaluate(&R, T.ntrain_sents, T.ns));
        else
            progress(&T, "epoch %u: %zu features, train %s %.4f", e + 1, R.P.nrows, pos ? "accuracy" : "F1", tr);
    }
    if (!st) {
        dp_mw_begin(&mw, SEC_PARAMS);
        dp_mw_u32(&mw, 3);
        dp_mw_u32(&mw, DP_FEATURES_VERSION);
        dp_mw_u32(&mw, R.featset);
        dp_mw_u32(&mw, (uint32_t)R.beam); /* PARAM_BEAM: how the model wants to be decoded */
        dp_mw_end(&mw);
        dp_mw_begin(&mw, SEC_LABELS);
        dp_mw_u32(&mw, T.nlabels);
        for (uint32_t i = 0; i < T.nlabels; i++) dp_mw_bytes(&mw, T.labels[i], strlen(T.labels[i]) + 1);
        dp_mw_end(&mw);
        size_t kept = 0;
        write_weights(&mw, &R.P, o->prune, &kept);
        progress(&T, "kept %zu of %zu feature rows", kept, R.P.nrows);
        st = dp_mw_save(&mw, o->output, err);
    }
    if (partial.base) dp_mfile_close(&partial);
    if (tmpfile) {
        remove(tmpfile);
        free(tmpfile);
    }
    dp_models_free(res_models);
    hfree(&R.P.feats);
    hfree(&allowed);
    free(R.P.w);
    free(R.P.u);
    free(R.wi);
    free(R.allow_after);
    free(R.hyp);
    free(order);
    dp_mw_release(&mw);
    free_trainer(&T);
    return st;
}
