/* fuzz_model.c — libFuzzer target for the model loader (issue #3, items 2
 * and 8): dp_models_add_file, and tagging with whatever it accepts.
 *
 * Input: a model file (docs/model-format.md). Each input is loaded twice:
 *   1. as it is, which exercises the header checks and the checksum;
 *   2. when it has a whole header (40 bytes): with its size field and its
 *      checksum rewritten, so that mutations reach the section table and
 *      the section views behind the checksum. Bit 0 of byte 32 (part of the
 *      checksum, overwritten anyway) first pads the file with zeros to a
 *      multiple of 4096 bytes, so that a read past the end of the file
 *      faults instead of landing in the tail of its last page.
 * Seeds: corpus/model/seed-* are written by `tests/test_model --write-seeds
 * DIR` (tiny models trained at test time, then cut and damaged); rewrite
 * them, and merge the corpus again, whenever DP_MODEL_VERSION or
 * DP_FEATURES_VERSION changes, else the valid seeds are refused early.
 *
 * The bytes go to a memfd (one per process) that the loader opens through
 * /proc/self/fd/N, as it takes a path: nothing is written to disk (a file
 * under $TMPDIR is the fallback when memfd_create is unavailable).
 *
 * Checks: a refused file gives DP_ERR_MODEL with a message and no set; an
 * accepted model tags a fixed text (dp_doc_analyze + dp_doc_set_models)
 * and a fixed token list (dp_tag_tokens: invalid UTF-8, empty tokens)
 * without crashing: the doc passes fz_check_doc, tags are in range,
 * mentions lie on their tokens, labels are short strings, and when every
 * lemma is valid UTF-8 the rendering is valid JSON (fz_check_render); the
 * same file added again to the set is refused and leaves the set usable.
 *
 * Checks that once stepped around known bugs, now fixed and on by default
 * (DP_FUZZ_MODEL_KNOWN=0 turns them off):
 *   - a set that already holds an entity model keeps pointers into a
 *     part-of-speech file refused late by view_pos: with the variable set,
 *     each input is also added to a set holding a tiny entity model, which
 *     is then used;
 *   - cluster values are not checked on load and a path length above 32
 *     makes features.c shift by 32 or more: without the variable, such a
 *     model is loaded but not used for tagging;
 *   - lemma script bytes are not checked to be UTF-8: with the variable,
 *     every lemma must be valid UTF-8. */
#define _GNU_SOURCE /* memfd_create */
#include "depeche.h"
#include "fuzz_util.h"
#include "tag/hash.h"
#include "tag/model.h"
#include "tag/tagger.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAGE 4096u

/* A file that holds one model at a time, and its path. */
typedef struct slot {
    int fd;
    char path[64];
} slot;

static char g_unlink[2][64]; /* fallback files, removed at exit */

static void remove_files(void) {
    for (int i = 0; i < 2; i++)
        if (g_unlink[i][0]) unlink(g_unlink[i]);
}

static int slot_open(slot *s, const char *name, int k) {
    s->fd = memfd_create(name, MFD_CLOEXEC);
    if (s->fd >= 0) {
        snprintf(s->path, sizeof s->path, "/proc/self/fd/%d", s->fd);
        if (access(s->path, R_OK) == 0) return 0;
        close(s->fd);
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(s->path, sizeof s->path, "%s/dp-fuzz-model-XXXXXX", tmp && strlen(tmp) < 32 ? tmp : "/tmp");
    s->fd = mkstemp(s->path);
    if (s->fd < 0) return -1;
    if (!g_unlink[0][0] && !g_unlink[1][0]) atexit(remove_files);
    memcpy(g_unlink[k], s->path, sizeof s->path);
    return 0;
}

static void slot_put(slot *s, const unsigned char *b, size_t n) {
    FZ_CHECK(ftruncate(s->fd, 0) == 0);
    size_t done = 0;
    while (done < n) {
        ssize_t w = pwrite(s->fd, b + done, n - done, (off_t)done);
        FZ_CHECK(w > 0);
        done += (size_t)w;
    }
}

static void put64(unsigned char *b, uint64_t v) {
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (8 * i));
}

/* ---- a tiny entity model, for the mixed set (DP_FUZZ_MODEL_KNOWN) ---- */

/* The bytes dp_mw_save would write for w (same layout), malloc'ed. */
static unsigned char *assemble(dp_mwriter *w, size_t *n) {
    size_t table = (size_t)w->n * 24, total = DP_MODEL_HEADER + table + w->body.len;
    unsigned char *b = calloc(1, total);
    FZ_CHECK(b != NULL && !w->failed);
    memcpy(b, DP_MODEL_MAGIC, 8);
    b[8] = DP_MODEL_VERSION;
    b[12] = (unsigned char)w->kind;
    b[16] = (unsigned char)w->n;
    put64(b + 24, total);
    for (uint32_t i = 0; i < w->n; i++) {
        unsigned char *e = b + DP_MODEL_HEADER + 24 * (size_t)i;
        e[0] = (unsigned char)w->ids[i];
        put64(e + 8, DP_MODEL_HEADER + table + w->offs[i]);
        put64(e + 16, w->sizes[i]);
    }
    if (w->body.len) memcpy(b + DP_MODEL_HEADER + table, w->body.data, w->body.len);
    put64(b + 32, dp_checksum(b + DP_MODEL_HEADER, total - DP_MODEL_HEADER));
    *n = total;
    return b;
}

/* An entity model with three labels, an empty feature table and no weights: it tags everything O. */
static unsigned char *tiny_ner(size_t *n) {
    dp_mwriter w;
    dp_mw_init(&w, DP_MODEL_NER);
    dp_mw_begin(&w, SEC_PARAMS);
    dp_mw_u32(&w, PARAM_COUNT);
    dp_mw_u32(&w, DP_FEATURES_VERSION);
    dp_mw_u32(&w, FEAT_POS | FEAT_NER);
    dp_mw_end(&w);
    dp_mw_begin(&w, SEC_LABELS);
    dp_mw_u32(&w, 3);
    dp_mw_bytes(&w, "O\0B-PER\0I-PER", 14);
    dp_mw_end(&w);
    dp_mw_begin(&w, SEC_FEATKEYS);
    dp_mw_u32(&w, 1);
    dp_mw_u32(&w, 0);
    dp_mw_u32(&w, 0);
    dp_mw_end(&w);
    dp_mw_begin(&w, SEC_WEIGHTS);
    dp_mw_f32(&w, 1.0f);
    dp_mw_u32(&w, 0);
    dp_mw_u32(&w, 3);
    dp_mw_end(&w);
    unsigned char *b = assemble(&w, n);
    dp_mw_release(&w);
    return b;
}

/* ---- using a model ---- */

static const char TEXT[] = "Hier, M. Jean Dupont a parlé à Lyon du pain et des vins de l'Élysée. "
                           "« Nous chantons », dit-elle le 3 mai 2021 à 14 h. L'ONU, 1,5 % de 100 000 €.";

static int known; /* DP_FUZZ_MODEL_KNOWN */
static dp_doc *g_doc;
static slot g_in, g_ner;
static unsigned char *g_ner_bytes;
static size_t g_ner_n;
static fz_buf g_json;

/* Whether a cluster value would make the tagger shift out of range (known bug). */
static int bad_clusters(const dp_models *m) {
    const dp_table *t = &m->res.clust;
    for (uint32_t i = 0; i < t->nslots; i++)
        if (dp_rd32(t->keys + 8 * (size_t)i) && dp_rd32(t->keys + 8 * (size_t)i + 4) >> 24 > 32) return 1;
    return 0;
}

static void use(const dp_models *m) {
    if (!known && bad_clusters(m)) return;
    dp_doc *d = g_doc;
    dp_error e;
    FZ_CHECK(dp_doc_set_models(d, m) == DP_OK);
    FZ_CHECK(dp_doc_analyze(d, TEXT, sizeof TEXT - 1, DP_OPT_DEFAULT, &e) == DP_OK);
    fz_check_doc(d, sizeof TEXT - 1, 0);
    size_t n = 0, nm = 0;
    const dp_token *t = dp_doc_tokens(d, &n);
    int lemmas_ok = 1;
    for (size_t i = 0; i < n; i++) {
        FZ_CHECK(t[i].upos < DP_UPOS_COUNT);
        for (int p = 0; p < 3; p++) FZ_CHECK(t[i].part_upos[p] < DP_UPOS_COUNT);
        FZ_CHECK(t[i].nparts <= 3);
        size_t ll = 0;
        const char *l = dp_doc_lemma(d, &t[i], &ll);
        FZ_CHECK(l != NULL);
        if (!fz_utf8_valid(l, ll, 0)) lemmas_ok = 0;
    }
    if (known) FZ_CHECK(lemmas_ok);
    const dp_mention *mv = dp_doc_mentions(d, &nm);
    for (size_t i = 0; i < nm; i++) {
        FZ_CHECK(mv[i].type > DP_ENT_NONE && mv[i].type < DP_ENT_COUNT);
        FZ_CHECK(mv[i].ntokens > 0 && mv[i].first_token + mv[i].ntokens <= n);
        FZ_CHECK(mv[i].start == t[mv[i].first_token].start);
        FZ_CHECK(mv[i].end == t[mv[i].first_token + mv[i].ntokens - 1].end);
        FZ_CHECK(i == 0 || mv[i].start >= mv[i - 1].end);
    }
    if (lemmas_ok) fz_check_render(d, DP_OPT_TOKENS, &g_json);

    static const char *const toks[] = {"M.", "Jean", "Dupont", "\xff\xfe", "", "à", "Lyon", "Jean\0x", "\xc3", "."};
    static const size_t lens[] = {2, 4, 6, 2, 0, 2, 4, 6, 1, 1};
    const size_t nt = sizeof toks / sizeof toks[0];
    const char *const *tags = NULL;
    FZ_CHECK(dp_tag_tokens(m, d, toks, lens, nt, &tags, &e) == DP_OK && tags != NULL);
    for (size_t i = 0; i < nt; i++) FZ_CHECK(tags[i] != NULL && strlen(tags[i]) < 64);
    FZ_CHECK(dp_doc_set_models(d, NULL) == DP_OK);
    dp_doc_reset(d);
}

/* Loads the bytes now in slot s into a fresh set, and into a set holding
 * the tiny entity model when `mixed`. */
static void load(const slot *s, int mixed) {
    dp_models *m = NULL;
    dp_error e = {DP_OK, NULL, 0};
    dp_status st = dp_models_add_file(&m, s->path, &e);
    if (st != DP_OK) {
        FZ_CHECK(st == DP_ERR_MODEL && e.code == DP_ERR_MODEL && e.message != NULL);
        FZ_CHECK(m == NULL);
    } else {
        FZ_CHECK(m != NULL && (dp_models_has_pos(m) || dp_models_has_ner(m)));
        use(m);
        /* the same kind again: refused, the set unchanged */
        int pos = dp_models_has_pos(m), ner = dp_models_has_ner(m);
        e = (dp_error){DP_OK, NULL, 0};
        FZ_CHECK(dp_models_add_file(&m, s->path, &e) == DP_ERR_MODEL && e.message != NULL);
        FZ_CHECK(dp_models_has_pos(m) == pos && dp_models_has_ner(m) == ner);
        use(m);
        dp_models_free(m);
    }
    if (!mixed) return;
    m = NULL;
    FZ_CHECK(dp_models_add_file(&m, g_ner.path, &e) == DP_OK);
    st = dp_models_add_file(&m, s->path, &e);
    FZ_CHECK(st == DP_OK || (st == DP_ERR_MODEL && e.message != NULL));
    FZ_CHECK(dp_models_has_ner(m));
    use(m);
    dp_models_free(m);
}

static void init(void) {
    const char *k = getenv("DP_FUZZ_MODEL_KNOWN");
    /* the bugs these checks stepped around are fixed: on unless DP_FUZZ_MODEL_KNOWN=0 */
    known = !(k && *k == '0');
    FZ_CHECK(slot_open(&g_in, "dp-fuzz-model", 0) == 0);
    FZ_CHECK(slot_open(&g_ner, "dp-fuzz-ner", 1) == 0);
    g_ner_bytes = tiny_ner(&g_ner_n);
    slot_put(&g_ner, g_ner_bytes, g_ner_n);
    g_doc = dp_doc_new();
    FZ_CHECK(g_doc != NULL);
    fz_buf_init(&g_json);
    /* the tiny model itself must load (else the mixed set tests nothing) */
    dp_models *m = NULL;
    dp_error e;
    FZ_CHECK(dp_models_add_file(&m, g_ner.path, &e) == DP_OK);
    dp_models_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int ready;
    if (!ready) {
        init();
        ready = 1;
    }
    if (size > (1u << 22)) return 0; /* models for the fuzzer are small */
    slot_put(&g_in, data, size);
    load(&g_in, known);
    if (size < DP_MODEL_HEADER) return 0;
    size_t n = size;
    if (data[32] & 1) n = (size + PAGE - 1) / PAGE * PAGE;
    unsigned char *b = calloc(1, n);
    FZ_CHECK(b != NULL);
    memcpy(b, data, size);
    put64(b + 24, n);
    put64(b + 32, dp_checksum(b + DP_MODEL_HEADER, n - DP_MODEL_HEADER));
    slot_put(&g_in, b, n);
    free(b);
    load(&g_in, known);
    return 0;
}
