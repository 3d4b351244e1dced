/* test_model.c — depeche's model files (docs/model-format.md; issue #3,
 * items 2 and 8): the writer/reader round trip, and every way a file can be
 * wrong. Tiny models are trained at test time (modelgen.h) in a temporary
 * directory of the build tree, then:
 *   - every truncation, and single-byte corruptions at every offset, are
 *     refused with DP_ERR_MODEL and a message (the checksum, the header);
 *   - the header's failures each have their own message and offset;
 *   - structural damage behind a valid checksum (files re-signed with the
 *     internal dp_checksum) is refused by the section views with a message;
 *   - single-byte changes and extreme u32 values behind a valid checksum,
 *     at every offset (weights and table fingerprints, where any value is
 *     valid, sampled), are refused or, when the file loads, tag without
 *     crashing (this runs under ASan + UBSan in `make asan`);
 *   - dp_models_load / dp_models_add_file on directories and odd paths;
 *   - dp_tag_tokens on odd tokens and at its 1000-token limit.
 * White box (depeche_internal): the section table is parsed here to aim the
 * damage. Known bugs of the library are checked with known_bug(): printed
 * as XFAIL and not counted until fixed (see each use).
 *
 *   test_model                      run the tests
 *   test_model --write-seeds DIR    write the seed corpus of fuzz/fuzz_model.c
 */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "modelgen.h"

#include "tag/hash.h"
#include "tag/model.h"
#include "tag/tagger.h"
#include "text/utf8.h"

#include <fcntl.h>
#include <stdint.h>

static char g_dir[256];
static char g_pos[512], g_ner[512], g_work[512];
static unsigned char *g_posb, *g_nerb;
static size_t g_posn, g_nern;

/* Checks that once were expected failures of known library bugs (dangling
 * tables after a refused file, lowercased proper nouns, lost suffix rules,
 * unchecked cluster paths and lemma bytes, the reserved header field); all
 * fixed, they are plain checks now. */
static int known_bug(int ok, const char *file, int line, const char *what) { return h_record(ok, file, line, what); }
#define KNOWN_BUG(cond) known_bug((cond) != 0, __FILE__, __LINE__, #cond)

/* ---- bytes of a model file ---- */

static void put32(unsigned char *b, uint32_t v) {
    for (int i = 0; i < 4; i++) b[i] = (unsigned char)(v >> (8 * i));
}
static void put64(unsigned char *b, uint64_t v) {
    put32(b, (uint32_t)v);
    put32(b + 4, (uint32_t)(v >> 32));
}

/** Makes b[0..n) pass the header checks again: size field and checksum. */
static void resign(unsigned char *b, size_t n) {
    put64(b + 24, n);
    put64(b + 32, dp_checksum(b + DP_MODEL_HEADER, n - DP_MODEL_HEADER));
}

/** Offset and size of section `id` of a well-formed file; 0 when absent. */
static size_t sec_find(const unsigned char *b, uint32_t id, size_t *size) {
    uint32_t ns = dp_rd32(b + 16);
    for (uint32_t i = 0; i < ns; i++) {
        const unsigned char *e = b + DP_MODEL_HEADER + 24 * (size_t)i;
        if (dp_rd32(e) == id) {
            if (size) *size = (size_t)dp_rd64(e + 16);
            return (size_t)dp_rd64(e + 8);
        }
    }
    if (size) *size = 0;
    return 0;
}

/** Index of section `id` in the table, or -1. */
static int sec_index(const unsigned char *b, uint32_t id) {
    uint32_t ns = dp_rd32(b + 16);
    for (uint32_t i = 0; i < ns; i++)
        if (dp_rd32(b + DP_MODEL_HEADER + 24 * (size_t)i) == id) return (int)i;
    return -1;
}

static unsigned char *dup_bytes(const unsigned char *b, size_t n) {
    unsigned char *c = malloc(n ? n : 1);
    if (c && n) memcpy(c, b, n);
    return c;
}

/* ---- using a model ---- */

static dp_doc *g_doc; /* exercise()'s doc */

/* Lemmas that are not valid UTF-8 (counted apart: see test_resigned_sweep). */
static size_t g_bad_lemmas;

static int lemma_ok(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l = dp_utf8_check((const unsigned char *)s + i, n - i, &cp);
        if (l <= 0 || cp == 0) return 0;
        i += (size_t)l;
    }
    return 1;
}

/* Tags a fixed text and a fixed token list with m and checks what a loaded
 * model must never break: the analysis invariants, tags in range, lemmas
 * and labels readable. Returns the number of problems. */
static int exercise(const dp_models *m) {
    static const char text[] = "Hier, M. Jean Dupont a parlé à Lyon du pain. Nous chantons le vin de Nantes !";
    static const char *const toks[] = {"M.", "Jean", "Dupont", "est", "arrivé", "à", "Lyon", "\xff", "", "."};
    size_t lens[sizeof toks / sizeof toks[0]];
    int bad = 0;
    static dp_doc *doc; /* one doc for every call (kept for speed; freed in main) */
    dp_error e;
    if (!doc && !(doc = g_doc = dp_doc_new())) return 1;
    dp_doc_set_models(doc, m);
    if (dp_doc_analyze(doc, text, sizeof text - 1, 0, &e) != DP_OK) bad++;
    size_t n = 0, nm = 0, tl = 0;
    const dp_token *t = dp_doc_tokens(doc, &n);
    dp_doc_text(doc, &tl);
    for (size_t i = 0; i < n; i++) {
        if (t[i].upos >= DP_UPOS_COUNT) bad++;
        for (int p = 0; p < 3; p++)
            if (t[i].part_upos[p] >= DP_UPOS_COUNT) bad++;
        size_t ll = 0;
        const char *l = dp_doc_lemma(doc, &t[i], &ll);
        if (!l) bad++;
        else if (!lemma_ok(l, ll)) g_bad_lemmas++;
    }
    const dp_mention *mv = dp_doc_mentions(doc, &nm);
    for (size_t i = 0; i < nm; i++)
        if (mv[i].type == DP_ENT_NONE || mv[i].type >= DP_ENT_COUNT || mv[i].start >= mv[i].end ||
            mv[i].end > sizeof text - 1 || mv[i].first_token + mv[i].ntokens > n)
            bad++;
    for (size_t i = 0; i < sizeof toks / sizeof toks[0]; i++) lens[i] = strlen(toks[i]);
    const char *const *tags = NULL;
    if (dp_tag_tokens(m, doc, toks, lens, sizeof toks / sizeof toks[0], &tags, &e) != DP_OK || !tags) {
        bad++;
    } else {
        for (size_t i = 0; i < sizeof toks / sizeof toks[0]; i++)
            if (!tags[i] || strlen(tags[i]) > 64) bad++;
    }
    dp_doc_set_models(doc, NULL);
    dp_doc_reset(doc);
    return bad;
}

/* Writes b[0..n) to g_work and loads it into a fresh set. On success the set
 * is exercised (problems counted into *bad) and freed. */
static dp_status load_bytes(const unsigned char *b, size_t n, dp_error *e, int *bad) {
    *e = (dp_error){DP_OK, NULL, 0};
    if (mg_write(g_work, b, n)) return DP_ERR_IO;
    dp_models *m = NULL;
    dp_status st = dp_models_add_file(&m, g_work, e);
    if (st == DP_OK) {
        if (!m) (*bad)++;
        else *bad += exercise(m);
        dp_models_free(m);
    } else if (m) {
        (*bad)++; /* a set created by a failed call must not be handed back */
        dp_models_free(m);
    }
    return st;
}

/* A load that must fail with DP_ERR_MODEL and a message containing `want`. */
#define CHECK_REFUSED(b, n, want) check_refused(__FILE__, __LINE__, (b), (n), (want))
static int check_refused(const char *file, int line, const unsigned char *b, size_t n, const char *want) {
    dp_error e;
    int bad = 0;
    dp_status st = load_bytes(b, n, &e, &bad);
    int ok = st == DP_ERR_MODEL && e.code == DP_ERR_MODEL && e.message && (!want || strstr(e.message, want));
    char what[200];
    snprintf(what, sizeof what, "refused with a message containing '%s'", want ? want : "");
    if (h_record(ok, file, line, what)) return 1;
    fprintf(stderr, "    status %d, message %s\n", (int)st, e.message ? e.message : "(none)");
    return 0;
}

/* ---- the models under test ---- */

static dp_status train(const char *dir, const char *pos_out, const char *ner_out) {
    char ptrain[512], lex[512], clu[512], ntrain[512], gaz[512];
    mg_path(ptrain, sizeof ptrain, dir, "train.conllu");
    mg_path(lex, sizeof lex, dir, "lexicon.tsv");
    mg_path(clu, sizeof clu, dir, "clusters.tsv");
    mg_path(ntrain, sizeof ntrain, dir, "train.ner");
    mg_path(gaz, sizeof gaz, dir, "gazetteer.tsv");
    if (mg_write_pos(ptrain, 40, 11) || mg_write_lexicon(lex) || mg_write_clusters(clu) ||
        mg_write_ner(ntrain, 40, 12) || mg_write_gazetteer(gaz))
        return DP_ERR_IO;
    const char *pt[] = {ptrain, NULL}, *nt[] = {ntrain, NULL};
    dp_train_opts o;
    memset(&o, 0, sizeof o);
    o.task = DP_TRAIN_POS;
    o.train = pt;
    o.output = pos_out;
    o.lexicon = lex;
    o.clusters = clu;
    o.info = "test_model part of speech";
    o.epochs = 4;
    dp_error e;
    dp_status st = dp_train(&o, &e);
    if (st) return st;
    memset(&o, 0, sizeof o);
    o.task = DP_TRAIN_NER;
    o.train = nt;
    o.output = ner_out;
    o.gazetteer = gaz;
    o.pos_model = pos_out;
    o.info = "test_model entities";
    o.epochs = 4;
    return dp_train(&o, &e);
}

/* ---- tests ---- */

/* The writer and the reader agree on every section, byte for byte. */
static void test_writer_round_trip(void) {
    TEST("writer -> reader round trip");
    dp_mwriter w;
    dp_mw_init(&w, DP_MODEL_NER);
    dp_mw_begin(&w, SEC_INFO);
    dp_mw_bytes(&w, "hello", 5);
    dp_mw_end(&w);
    dp_mw_begin(&w, 42); /* an id the reader does not know: kept, ignored */
    dp_mw_u8(&w, 0xAB);
    dp_mw_u16(&w, 0xBEEF);
    dp_mw_u32(&w, 0xDEADBEEFu);
    dp_mw_u64(&w, 0x0123456789ABCDEFull);
    dp_mw_f32(&w, 1.5f);
    dp_mw_end(&w);
    dp_mw_begin(&w, 43); /* empty */
    dp_mw_end(&w);
    char path[512];
    mg_path(path, sizeof path, g_dir, "writer.dpm");
    dp_error e;
    CHECK_EQ(dp_mw_save(&w, path, &e), DP_OK);
    dp_mw_release(&w);
    dp_mfile f;
    if (!CHECK_EQ(dp_mfile_open(&f, path, &e), DP_OK)) return;
    CHECK_EQ(f.kind, DP_MODEL_NER);
    CHECK_EQ(f.nsections, 3);
    CHECK_EQ(f.size, DP_MODEL_HEADER + 3 * 24 + 8 + 24); /* sections 8-aligned: 5 -> 8, then 19 -> 24 */
    size_t sz = 0;
    const unsigned char *p = dp_mfile_section(&f, SEC_INFO, &sz);
    CHECK(p && sz == 5 && memcmp(p, "hello", 5) == 0);
    p = dp_mfile_section(&f, 42, &sz);
    if (CHECK(p && sz == 19)) {
        CHECK_EQ(p[0], 0xAB);
        CHECK_EQ(dp_rd16(p + 1), 0xBEEF);
        CHECK_EQ(dp_rd32(p + 3), 0xDEADBEEFu);
        CHECK(dp_rd64(p + 7) == 0x0123456789ABCDEFull);
        float x;
        uint32_t u = dp_rd32(p + 15);
        memcpy(&x, &u, 4);
        CHECK(x == 1.5f);
    }
    p = dp_mfile_section(&f, 43, &sz);
    CHECK(p != NULL && sz == 0);
    sz = 99;
    CHECK(dp_mfile_section(&f, 44, &sz) == NULL && sz == 0);
    /* the same bytes validated in memory */
    dp_mfile g;
    CHECK_EQ(dp_mfile_open_mem(&g, f.base, f.size, &e), DP_OK);
    CHECK_EQ(g.nsections, 3);
    CHECK_EQ(g.mapped, 0);
    dp_mfile_close(&g);
    CHECK_EQ(dp_mfile_open_mem(&g, NULL, 0, &e), DP_ERR_MODEL);
    dp_mfile_close(&f);
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    CHECK(access(tmp, F_OK) != 0); /* written atomically */
    /* a writer that cannot write */
    dp_mw_init(&w, DP_MODEL_POS);
    mg_path(path, sizeof path, g_dir, "no/such/dir.dpm");
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_mw_save(&w, path, &e), DP_ERR_IO);
    CHECK(e.message != NULL);
    dp_mw_release(&w);
    /* more sections than the format allows: the writer refuses */
    dp_mw_init(&w, DP_MODEL_POS);
    for (unsigned i = 0; i <= DP_MODEL_MAX_SECTIONS; i++) {
        dp_mw_begin(&w, 100 + i);
        dp_mw_end(&w);
    }
    mg_path(path, sizeof path, g_dir, "toomany.dpm");
    CHECK(dp_mw_save(&w, path, &e) != DP_OK);
    CHECK(access(path, F_OK) != 0);
    dp_mw_release(&w);
}

/* Trained models load, and what was written is what is read. */
static void test_trained_round_trip(void) {
    TEST("trained models round trip");
    dp_error e;
    dp_models *m = NULL;
    CHECK_EQ(dp_models_add_file(&m, g_pos, &e), DP_OK);
    CHECK_EQ(dp_models_add_file(&m, g_ner, &e), DP_OK);
    if (!CHECK(m != NULL)) return;
    CHECK(dp_models_has_pos(m) && dp_models_has_ner(m));
    int have_mwt = 0, have_propn = 0, have_bper = 0, have_iloc = 0, have_o = 0;
    for (uint32_t l = 0; l < m->pos.nlabels; l++) {
        have_mwt |= !strcmp(m->pos.labels[l], "ADP+DET");
        have_propn |= !strcmp(m->pos.labels[l], "PROPN");
        if (!strcmp(m->pos.labels[l], "ADP+DET")) {
            CHECK_EQ(m->pos_nparts[l], 2);
            CHECK_EQ(m->pos_upos[l][0], DP_UPOS_ADP);
            CHECK_EQ(m->pos_upos[l][1], DP_UPOS_DET);
        }
    }
    for (uint32_t l = 0; l < m->ner.nlabels; l++) {
        have_bper |= !strcmp(m->ner.labels[l], "B-PER");
        have_iloc |= !strcmp(m->ner.labels[l], "I-LOC") || !strcmp(m->ner.labels[l], "B-LOC");
        have_o |= !strcmp(m->ner.labels[l], "O");
    }
    CHECK(have_mwt && have_propn && have_bper && have_iloc && have_o);
    CHECK(m->pos.featset == FEAT_POS);
    CHECK(m->ner.featset == (FEAT_POS | FEAT_NER));
    CHECK(m->pos.nrows > 0 && m->ner.nrows > 0);
    CHECK(m->res.lex.nslots > 0);   /* lexicon */
    CHECK(m->res.clust.nslots > 0); /* clusters */
    CHECK(m->res.gaz.nslots > 0);   /* gazetteer */
    CHECK(m->nscripts > 0 && m->lemrules.nslots > 0);
    size_t sz = 0;
    const unsigned char *info = dp_mfile_section(&m->posf, SEC_INFO, &sz);
    CHECK(info && sz == strlen("test_model part of speech") && memcmp(info, "test_model part of speech", sz) == 0);
    /* the cluster of a word, as written */
    int64_t cl = dp_table_get(&m->res.clust, dp_hash_bytes(DP_HASH_SEED, "pain", 4));
    CHECK_EQ(cl, (int64_t)(4u << 24 | 2u)); /* "0010" */
    CHECK_EQ(dp_table_get(&m->res.clust, dp_hash_bytes(DP_HASH_SEED, "absent", 6)), -1);
    CHECK_EQ(exercise(m), 0);
    dp_models_free(m);
    /* the bytes in memory validate as the file does */
    dp_mfile f;
    CHECK_EQ(dp_mfile_open_mem(&f, g_posb, g_posn, &e), DP_OK);
    CHECK_EQ(f.kind, DP_MODEL_POS);
    dp_mfile_close(&f);
    CHECK_EQ(dp_mfile_open_mem(&f, g_nerb, g_nern, &e), DP_OK);
    CHECK_EQ(f.kind, DP_MODEL_NER);
    dp_mfile_close(&f);
    /* the directory form */
    dp_models *d = dp_models_load(g_dir, &e);
    if (CHECK(d != NULL)) CHECK(dp_models_has_pos(d) && dp_models_has_ner(d));
    dp_models_free(d);
}

/* Every truncation of each model is refused (ftruncate shortens one file
 * step by step, so every length costs one load, not one write). */
static void truncations(const unsigned char *b, size_t n, const char *name) {
    if (mg_write(g_work, b, n)) return;
    int fd = open(g_work, O_WRONLY);
    if (!CHECK(fd >= 0)) return;
    size_t fails = 0, first = SIZE_MAX;
    for (size_t len = n; len-- > 0;) {
        if (ftruncate(fd, (off_t)len) != 0) {
            fails++;
            break;
        }
        dp_models *m = NULL;
        dp_error e = {DP_OK, NULL, 0};
        dp_status st = dp_models_add_file(&m, g_work, &e);
        if (st != DP_ERR_MODEL || e.code != DP_ERR_MODEL || !e.message || m != NULL) {
            if (first == SIZE_MAX) first = len;
            fails++;
            dp_models_free(m);
        }
    }
    close(fd);
    if (!CHECK_EQ(fails, 0)) fprintf(stderr, "    %s: first accepted truncation at %zu of %zu bytes\n", name, first, n);
}

static void test_truncations(void) {
    TEST("every truncation refused");
    truncations(g_posb, g_posn, "pos");
    truncations(g_nerb, g_nern, "ner");
    /* one byte more is refused too */
    unsigned char *c = malloc(g_posn + 1);
    memcpy(c, g_posb, g_posn);
    c[g_posn] = 0;
    CHECK_REFUSED(c, g_posn + 1, "size mismatch");
    free(c);
}

/* Single-byte corruptions at every offset, without re-signing: the header
 * checks or the checksum refuse them all. */
static void corruptions(const unsigned char *b, size_t n, const char *name) {
    if (mg_write(g_work, b, n)) return;
    int fd = open(g_work, O_WRONLY);
    if (!CHECK(fd >= 0)) return;
    static const unsigned char flips[] = {0x01, 0x80, 0xFF};
    size_t tried = 0, fails = 0, first = SIZE_MAX;
    for (size_t off = 0; off < n; off++) {
        if (off >= 20 && off < 24) continue; /* reserved header field: see test_reserved */
        for (size_t k = 0; k < sizeof flips; k++) {
            /* every flip in the header and section table; one flip per byte beyond */
            if (k && off >= DP_MODEL_HEADER + 24 * (size_t)dp_rd32(b + 16) && (off + k) % 3) continue;
            unsigned char x = b[off] ^ flips[k];
            if (pwrite(fd, &x, 1, (off_t)off) != 1) break;
            dp_models *m = NULL;
            dp_error e = {DP_OK, NULL, 0};
            dp_status st = dp_models_add_file(&m, g_work, &e);
            tried++;
            if (st != DP_ERR_MODEL || !e.message || m != NULL) {
                if (first == SIZE_MAX) first = off;
                fails++;
                dp_models_free(m);
            }
            if (pwrite(fd, b + off, 1, (off_t)off) != 1) break;
        }
    }
    close(fd);
    CHECK(tried >= n);
    if (!CHECK_EQ(fails, 0)) fprintf(stderr, "    %s: first accepted corruption at offset %zu\n", name, first);
}

static void test_corruptions(void) {
    TEST("single-byte corruptions refused");
    corruptions(g_posb, g_posn, "pos");
    corruptions(g_nerb, g_nern, "ner");
}

/* The header's reserved field (bytes 20..23) is outside the checksum and
 * never read. Known gap (src/tag/model.c, dp_mfile_open_mem): the format
 * says "reserved (0)" but a non-zero value is not refused, so a corrupted
 * byte there goes unnoticed. Harmless today (nothing reads it), but it is
 * the one corruption the loader cannot see. */
static void test_reserved(void) {
    TEST("reserved header field");
    unsigned char *c = dup_bytes(g_posb, g_posn);
    c[21] ^= 0x10;
    dp_error e;
    int bad = 0;
    dp_status st = load_bytes(c, g_posn, &e, &bad);
    KNOWN_BUG(st == DP_ERR_MODEL);
    CHECK_EQ(bad, 0);
    free(c);
}

/* Each failure of the header has its own message (and offset). */
static void test_header_messages(void) {
    TEST("header failures: one message each");
    const char *msg[9] = {0};
    unsigned char *c = dup_bytes(g_posb, g_posn);
    dp_error e;
    int bad = 0, k = 0;

    CHECK_EQ(load_bytes(c, 0, &e, &bad), DP_ERR_MODEL); /* empty */
    CHECK(e.message != NULL);
    CHECK_EQ(load_bytes(c, 39, &e, &bad), DP_ERR_MODEL); /* shorter than a header */
    msg[k++] = e.message;
    c[0] = 'X'; /* wrong magic */
    CHECK_EQ(load_bytes(c, g_posn, &e, &bad), DP_ERR_MODEL);
    msg[k++] = e.message;
    CHECK(e.message && strstr(e.message, "magic"));
    CHECK_EQ(e.offset, 0);
    c[0] = g_posb[0];
    put32(c + 8, DP_MODEL_VERSION + 1); /* a future version */
    CHECK_EQ(load_bytes(c, g_posn, &e, &bad), DP_ERR_MODEL);
    msg[k++] = e.message;
    CHECK(e.message && strstr(e.message, "version"));
    CHECK_EQ(e.offset, 8);
    put32(c + 8, DP_MODEL_VERSION - 1); /* an older one */
    CHECK_EQ(load_bytes(c, g_posn, &e, &bad), DP_ERR_MODEL);
    CHECK(e.message == msg[k - 1]);
    put32(c + 8, DP_MODEL_VERSION);
    CHECK_EQ(load_bytes(c, g_posn - 8, &e, &bad), DP_ERR_MODEL); /* size mismatch */
    msg[k++] = e.message;
    CHECK(e.message && strstr(e.message, "size"));
    CHECK_EQ(e.offset, 24);
    put32(c + 16, DP_MODEL_MAX_SECTIONS + 1); /* too many sections */
    CHECK_EQ(load_bytes(c, g_posn, &e, &bad), DP_ERR_MODEL);
    msg[k++] = e.message;
    CHECK_EQ(e.offset, 16);
    memcpy(c + 16, g_posb + 16, 4);
    c[g_posn - 1] ^= 1; /* checksum */
    CHECK_EQ(load_bytes(c, g_posn, &e, &bad), DP_ERR_MODEL);
    msg[k++] = e.message;
    CHECK(e.message && strstr(e.message, "checksum"));
    CHECK_EQ(e.offset, 32);
    c[g_posn - 1] ^= 1;
    /* a section out of bounds, behind a valid checksum */
    int si = sec_index(c, SEC_WEIGHTS);
    if (CHECK(si >= 0)) {
        unsigned char *ent = c + DP_MODEL_HEADER + 24 * (size_t)si;
        put64(ent + 8, g_posn - dp_rd64(ent + 16) + 1); /* moved to end one byte past the file */
        resign(c, g_posn);
        CHECK_EQ(load_bytes(c, g_posn, &e, &bad), DP_ERR_MODEL);
        msg[k++] = e.message;
        CHECK(e.message && strstr(e.message, "outside"));
        CHECK_EQ(e.offset, DP_MODEL_HEADER + 24 * (size_t)si);
        memcpy(c, g_posb, g_posn);
    }
    /* a section table past the end of a short file */
    unsigned char hdr[DP_MODEL_HEADER + 8];
    memcpy(hdr, g_posb, DP_MODEL_HEADER);
    memset(hdr + DP_MODEL_HEADER, 0, 8);
    put32(hdr + 16, 1);
    resign(hdr, sizeof hdr);
    CHECK_EQ(load_bytes(hdr, sizeof hdr, &e, &bad), DP_ERR_MODEL);
    msg[k++] = e.message;
    /* all different */
    for (int i = 0; i < k; i++) {
        CHECK(msg[i] != NULL);
        for (int j = 0; j < i; j++)
            if (!CHECK(msg[i] && msg[j] && strcmp(msg[i], msg[j]) != 0))
                fprintf(stderr, "    same message twice: %s\n", msg[i] ? msg[i] : "(null)");
    }
    CHECK_EQ(k, 8);
    CHECK_EQ(bad, 0);
    free(c);
}

/* Damage behind a valid checksum, aimed at each structure the views check. */
static void test_structure(void) {
    TEST("structural damage behind a valid checksum");
    unsigned char *c = dup_bytes(g_posb, g_posn);
    size_t sz, o;
#define RESET() memcpy(c, g_posb, g_posn)
#define REFUSED(want)            \
    do {                         \
        resign(c, g_posn);       \
        CHECK_REFUSED(c, g_posn, want); \
        RESET();                 \
    } while (0)

    /* the untouched copy, re-signed, loads */
    {
        dp_error e;
        int bad = 0;
        resign(c, g_posn);
        CHECK_EQ(load_bytes(c, g_posn, &e, &bad), DP_OK);
        CHECK_EQ(bad, 0);
    }
    /* kind */
    put32(c + 12, 7);
    REFUSED("unknown kind");
    put32(c + 12, DP_MODEL_NER); /* a part-of-speech file claiming to be an entity model */
    REFUSED("entity model");
    /* sections: offset inside the table, length overflowing */
    int si = sec_index(c, SEC_LABELS);
    if (CHECK(si >= 0)) {
        unsigned char *ent = c + DP_MODEL_HEADER + 24 * (size_t)si;
        put64(ent + 8, DP_MODEL_HEADER);
        REFUSED("outside");
        ent = c + DP_MODEL_HEADER + 24 * (size_t)si;
        put64(ent + 16, UINT64_MAX);
        REFUSED("outside");
        put64(ent + 8, UINT64_MAX - 2);
        put64(ent + 16, 4);
        REFUSED("outside");
    }
    /* a required section missing (its id changed) */
    static const struct {
        uint32_t id;
        const char *want;
    } required[] = {{SEC_PARAMS, "parameters"}, {SEC_LABELS, "labels"}, {SEC_FEATKEYS, "table missing"},
                    {SEC_WEIGHTS, "weights missing"}, {SEC_LEXDATA, "lexicon data missing"}};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        int k = sec_index(c, required[i].id);
        if (!CHECK(k >= 0)) continue;
        put32(c + DP_MODEL_HEADER + 24 * (size_t)k, 99);
        REFUSED(required[i].want);
    }
    /* PARAMS */
    o = sec_find(c, SEC_PARAMS, &sz);
    put32(c + o + 4, DP_FEATURES_VERSION + 1);
    REFUSED("feature version");
    put32(c + o, 1000); /* more parameters than the section holds */
    REFUSED("parameters");
    /* LABELS */
    o = sec_find(c, SEC_LABELS, &sz);
    put32(c + o, 0);
    REFUSED("label count");
    put32(c + o, DP_MAX_LABELS + 1);
    REFUSED("label count");
    put32(c + o, dp_rd32(c + o) + 1); /* one more label than there are */
    REFUSED("label");
    memset(c + o + 4, 'A', sz - 4); /* no terminator */
    REFUSED("not terminated");
    memcpy(c + o + 4, "XOUN", 4); /* the first label unknown ("ADJ..." or another UPOS) */
    REFUSED("unknown label");
    /* FEATKEYS: nslots, rows */
    o = sec_find(c, SEC_FEATKEYS, &sz);
    uint32_t nslots = dp_rd32(c + o);
    put32(c + o, 0);
    REFUSED("empty");
    put32(c + o, nslots + 1);
    REFUSED("truncated");
    for (uint32_t i = 0; i < nslots; i++)
        if (dp_rd32(c + o + 4 + 8 * (size_t)i) == 0) put32(c + o + 4 + 8 * (size_t)i, 0x12345679u);
    REFUSED("no empty slot");
    for (uint32_t i = 0; i < nslots; i++)
        if (dp_rd32(c + o + 4 + 8 * (size_t)i)) {
            size_t wo = sec_find(c, SEC_WEIGHTS, NULL);
            put32(c + o + 8 + 8 * (size_t)i, dp_rd32(c + wo + 4)); /* row == nrows */
            break;
        }
    REFUSED("row out of range");
    /* WEIGHTS */
    o = sec_find(c, SEC_WEIGHTS, &sz);
    put32(c + o + 8, dp_rd32(c + o + 8) + 1);
    REFUSED("do not match");
    put32(c + o + 4, dp_rd32(c + o + 4) + 1);
    REFUSED("weights truncated");
    put32(c + o + 4, UINT32_MAX);
    REFUSED("weights truncated");
    /* SCRIPTS */
    o = sec_find(c, SEC_SCRIPTS, &sz);
    uint32_t nsc = dp_rd32(c + o);
    put32(c + o, UINT32_MAX);
    REFUSED("scripts truncated");
    put32(c + o + 4 + 4 * (size_t)nsc, (uint32_t)sz); /* the end offset past the bytes */
    REFUSED("script out of range");
    put32(c + o + 4 + 4, 1); /* a script of fewer than 2 bytes */
    REFUSED("script out of range");
    put32(c + o, 0); /* no scripts: every lexicon entry and rule names a missing one */
    REFUSED("script");
    /* lemma rules */
    o = sec_find(c, SEC_L_FEATKEYS, &sz);
    for (uint32_t i = 0; i < dp_rd32(c + o); i++)
        if (dp_rd32(c + o + 4 + 8 * (size_t)i)) {
            put32(c + o + 8 + 8 * (size_t)i, nsc);
            break;
        }
    REFUSED("missing script");
    /* lexicon */
    o = sec_find(c, SEC_LEXKEYS, &sz);
    size_t lo = sec_find(c, SEC_LEXDATA, &sz);
    size_t lsz = sz;
    for (uint32_t i = 0; i < dp_rd32(c + o); i++)
        if (dp_rd32(c + o + 4 + 8 * (size_t)i)) {
            put32(c + o + 8 + 8 * (size_t)i, (uint32_t)lsz);
            break;
        }
    REFUSED("lexicon entry out of range");
    c[lo] = 0xFF; /* the first entry claims 255 readings */
    REFUSED("lexicon entry out of range");
    c[lo + 1] = 0x80; /* reading with UPOS 0 */
    REFUSED("bad tag");
    c[lo + 1] = DP_UPOS_COUNT;
    REFUSED("bad tag");
    c[lo + 2] = 0xFF; /* script id 65535 */
    c[lo + 3] = 0xFF;
    REFUSED("bad tag or script");
    /* clusters table with no empty slot */
    o = sec_find(c, SEC_CLUSTKEYS, &sz);
    if (CHECK(o != 0)) {
        for (uint32_t i = 0; i < dp_rd32(c + o); i++)
            if (!dp_rd32(c + o + 4 + 8 * (size_t)i)) put32(c + o + 4 + 8 * (size_t)i, 3);
        REFUSED("no empty slot");
    }
    free(c);

    /* the entity model */
    c = dup_bytes(g_nerb, g_nern);
#undef RESET
#undef REFUSED
#define RESET() memcpy(c, g_nerb, g_nern)
#define REFUSED(want)            \
    do {                         \
        resign(c, g_nern);       \
        CHECK_REFUSED(c, g_nern, want); \
        RESET();                 \
    } while (0)
    o = sec_find(c, SEC_LABELS, &sz);
    char *lab = (char *)c + o + 4;
    for (size_t i = 0; i + 5 <= sz - 4; i++)
        if (!memcmp(lab + i, "B-PER", 5)) {
            lab[i + 4] = 'X'; /* B-PEX */
            break;
        }
    REFUSED("unknown type");
    for (size_t i = 0; i + 5 <= sz - 4; i++)
        if (!memcmp(lab + i, "B-PER", 5)) {
            lab[i] = 'E'; /* E-PER */
            break;
        }
    REFUSED("unknown label");
    /* I-PER read as L-PER makes a BILOU label set; read as U-PER, one whose
     * B-PER has no I-PER nor L-PER to go on with (only damage does that:
     * the trainer keeps no such B-): both load and tag without a problem */
    for (const char *k = "LU"; *k; k++) {
        int found = 0;
        for (size_t i = 0; i + 5 <= sz - 4 && !found; i++)
            if (!memcmp(lab + i, "I-PER", 5)) {
                lab[i] = *k;
                found = 1;
            }
        CHECK(found);
        resign(c, g_nern);
        dp_error e;
        int bad = 0;
        CHECK_EQ(load_bytes(c, g_nern, &e, &bad), DP_OK);
        CHECK_EQ(bad, 0);
        RESET();
    }
    put32(c + 12, DP_MODEL_POS); /* an entity file claiming part of speech */
    REFUSED("unknown label");
    o = sec_find(c, SEC_GAZKEYS, &sz);
    if (CHECK(o != 0)) {
        for (uint32_t i = 0; i < dp_rd32(c + o); i++)
            if (!dp_rd32(c + o + 4 + 8 * (size_t)i)) put32(c + o + 4 + 8 * (size_t)i, 3);
        REFUSED("no empty slot");
        put32(c + o, dp_rd32(c + o) * 2);
        REFUSED("truncated");
    }
#undef RESET
#undef REFUSED
    free(c);
}

/* Loads g_work (kept equal to c[0..n) by patching) into a fresh set and
 * tallies the outcome; a loaded set is exercised. */
typedef struct tally {
    size_t loaded, refused, wrong, problems, first;
} tally;

static void load_tally(tally *t, size_t off) {
    dp_models *m = NULL;
    dp_error e = {DP_OK, NULL, 0};
    dp_status st = dp_models_add_file(&m, g_work, &e);
    int bad = 0;
    if (st == DP_OK) {
        t->loaded++;
        bad = m ? exercise(m) : 1;
    } else if (st == DP_ERR_MODEL && e.message && !m) {
        t->refused++;
    } else {
        t->wrong++;
    }
    dp_models_free(m);
    if (bad && t->first == SIZE_MAX) t->first = off;
    t->problems += (size_t)bad;
}

/* Rewrites bytes [off, off + len) and the re-signed header fields of c into fd. */
static int patch(int fd, const unsigned char *c, size_t off, size_t len) {
    return pwrite(fd, c + off, len, (off_t)off) == (ssize_t)len && pwrite(fd, c + 24, 16, 24) == 16 ? 0 : -1;
}

/* Whether bytes [off, off + len) of b touch the path length (top byte) of
 * a word-cluster value. Known bug (src/tag/tagger.c, view_pos, and
 * src/tag/features.c, clpre): cluster values are not checked on load, and a
 * path length above 32 makes clpre shift a 32-bit value by 32 or more
 * (undefined behaviour; UBSan aborts): see test_cluster_values. The sweep
 * leaves those bytes alone so that it can look for other problems. */
/* Whether offset off of b holds a weight or a table fingerprint: any value
 * is valid there, so the sweep only samples those bytes. */
static int boring(const unsigned char *b, size_t off) {
    size_t sz, o = sec_find(b, SEC_WEIGHTS, &sz);
    if (o && off >= o + 12 && off < o + sz) return 1;
    static const uint32_t tables[] = {SEC_FEATKEYS, SEC_LEXKEYS, SEC_L_FEATKEYS, SEC_CLUSTKEYS, SEC_GAZKEYS};
    for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++) {
        o = sec_find(b, tables[k], &sz);
        if (o && off >= o + 4 && off < o + sz && (off - o - 4) % 8 < 4) return 1;
    }
    return 0;
}

static int touches_cluster_len(const unsigned char *b, size_t off, size_t len) {
    size_t sz, o = sec_find(b, SEC_CLUSTKEYS, &sz);
    if (!o) return 0;
    for (size_t i = off; i < off + len; i++)
        if (i >= o + 4 && i < o + sz && (i - o - 4) % 8 == 7) return 1;
    return 0;
}

/* Any single-byte change behind a valid checksum: refused with a message,
 * or loaded and then tagging works (no crash; ASan checks the reads). */
static void resigned_sweep(const unsigned char *b, size_t n, const char *name) {
    unsigned char *c = dup_bytes(b, n);
    tally t = {0, 0, 0, 0, SIZE_MAX};
    if (mg_write(g_work, b, n)) return;
    int fd = open(g_work, O_WRONLY);
    if (!CHECK(fd >= 0)) return;
    static const unsigned char flips[] = {0xFF, 0x01, 0x80};
    for (size_t off = DP_MODEL_HEADER; off < n; off++) {
        for (size_t k = 0; k < sizeof flips; k++) {
            if (k && (off + k) % 4) continue; /* 0xFF everywhere, the others at some offsets */
            if (touches_cluster_len(b, off, 1) || (boring(b, off) && off % 29)) continue;
            c[off] = b[off] ^ flips[k];
            resign(c, n);
            if (patch(fd, c, off, 1)) break;
            load_tally(&t, off);
            c[off] = b[off];
            if (pwrite(fd, b + off, 1, (off_t)off) != 1) break;
        }
    }
    /* whole u32 fields set to extremes at every aligned offset of the table and the sections */
    for (size_t off = DP_MODEL_HEADER; off + 4 <= n; off += 4) {
        static const uint32_t vals[] = {0, 0xFFFFFFFFu, 0x80000000u};
        if (touches_cluster_len(b, off, 4) || (boring(b, off) && off % 116)) continue;
        for (size_t k = 0; k < 3; k++) {
            put32(c + off, vals[k]);
            resign(c, n);
            if (patch(fd, c, off, 4)) break;
            load_tally(&t, off);
            memcpy(c + off, b + off, 4);
            if (pwrite(fd, b + off, 4, (off_t)off) != 4) break;
        }
    }
    resign(c, n);
    patch(fd, c, 0, 0);
    close(fd);
    CHECK_EQ(t.wrong, 0);
    if (!CHECK_EQ(t.problems, 0)) fprintf(stderr, "    %s: first problem at offset %zu\n", name, t.first);
    CHECK(t.refused > 0 && t.loaded > 0);
    printf("resigned sweep %s (%zu bytes): %zu loaded and tagged, %zu refused; %zu lemmas not UTF-8 so far\n",
           name, n, t.loaded, t.refused, g_bad_lemmas);
    free(c);
}

/* A word-cluster path length must be refused on load when the tagger
 * cannot use it (above 32 bits): see touches_cluster_len for the bug. */
static void test_cluster_values(void) {
    TEST("cluster values checked on load");
    unsigned char *c = dup_bytes(g_posb, g_posn);
    size_t sz, o = sec_find(c, SEC_CLUSTKEYS, &sz);
    if (CHECK(o != 0)) {
        for (uint32_t i = 0; i < dp_rd32(c + o); i++)
            if (dp_rd32(c + o + 4 + 8 * (size_t)i)) c[o + 4 + 8 * (size_t)i + 7] = 0xFF; /* path length 255 */
        resign(c, g_posn);
        mg_write(g_work, c, g_posn);
        dp_models *m = NULL;
        dp_error e;
        dp_status st = dp_models_add_file(&m, g_work, &e);
        /* not tagged here: under UBSan the shift would abort the test */
        KNOWN_BUG(st == DP_ERR_MODEL);
        dp_models_free(m);
    }
    free(c);
}

static void test_resigned_sweep(void) {
    TEST("single-byte changes behind a valid checksum");
    g_bad_lemmas = 0;
    resigned_sweep(g_posb, g_posn, "pos");
    resigned_sweep(g_nerb, g_nern, "ner");
    /* Known gap (src/tag/tagger.c, view_pos): the bytes a lemma script
     * appends are not checked to be UTF-8 on load, so a re-signed model can
     * make dp_doc_lemma return invalid UTF-8, which depeche.h promises not to. */
    KNOWN_BUG(g_bad_lemmas == 0);
}

static void test_load_dirs(void) {
    TEST("dp_models_load");
    char d[512], p[600], q[600];
    dp_error e = {DP_OK, NULL, 0};
    mg_path(d, sizeof d, g_dir, "models");
    CHECK(mkdir(d, 0700) == 0);
    /* empty directory */
    CHECK(dp_models_load(d, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_MODEL);
    CHECK(e.message != NULL);
    /* a directory that does not exist */
    mg_path(p, sizeof p, g_dir, "no-such-dir");
    e = (dp_error){DP_OK, NULL, 0};
    CHECK(dp_models_load(p, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_MODEL);
    e = (dp_error){DP_OK, NULL, 0};
    CHECK(dp_models_load(NULL, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_ARG);
    CHECK(dp_models_load(d, NULL) == NULL); /* err may be NULL */
    /* a path too long */
    char *longp = malloc(5000);
    memset(longp, 'a', 4999);
    longp[4999] = 0;
    e = (dp_error){DP_OK, NULL, 0};
    CHECK(dp_models_load(longp, &e) == NULL);
    CHECK(e.code == DP_ERR_ARG || e.code == DP_ERR_MODEL);
    free(longp);
    /* an invalid pos.dpm */
    mg_path(p, sizeof p, d, "pos.dpm");
    mg_path(q, sizeof q, d, "ner.dpm");
    mg_write(p, "not a model", 11);
    e = (dp_error){DP_OK, NULL, 0};
    CHECK(dp_models_load(d, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_MODEL);
    CHECK(e.message != NULL);
    /* ... with a valid ner.dpm beside it: still refused */
    mg_write(q, g_nerb, g_nern);
    CHECK(dp_models_load(d, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_MODEL);
    /* a truncated pos.dpm */
    mg_write(p, g_posb, g_posn / 2);
    CHECK(dp_models_load(d, &e) == NULL);
    /* the kinds swapped: pos.dpm holds the entity model and ner.dpm the part-of-speech one */
    mg_write(p, g_nerb, g_nern);
    mg_write(q, g_posb, g_posn);
    dp_models *m = dp_models_load(d, &e);
    if (CHECK(m != NULL)) CHECK(dp_models_has_pos(m) && dp_models_has_ner(m));
    dp_models_free(m);
    /* both the same kind */
    mg_write(q, g_nerb, g_nern);
    e = (dp_error){DP_OK, NULL, 0};
    CHECK(dp_models_load(d, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_MODEL);
    /* only an entity model */
    remove(p);
    m = dp_models_load(d, &e);
    if (CHECK(m != NULL)) CHECK(!dp_models_has_pos(m) && dp_models_has_ner(m));
    dp_models_free(m);
    /* only a part-of-speech model */
    remove(q);
    mg_write(p, g_posb, g_posn);
    m = dp_models_load(d, &e);
    if (CHECK(m != NULL)) CHECK(dp_models_has_pos(m) && !dp_models_has_ner(m));
    dp_models_free(m);
    /* a directory named pos.dpm */
    remove(p);
    CHECK(mkdir(p, 0700) == 0);
    e = (dp_error){DP_OK, NULL, 0};
    CHECK(dp_models_load(d, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_MODEL);
    rmdir(p);
    dp_models_free(NULL);
    CHECK(!dp_models_has_pos(NULL) && !dp_models_has_ner(NULL));
}

static void test_add_file(void) {
    TEST("dp_models_add_file");
    dp_error e = {DP_OK, NULL, 0};
    dp_models *m = NULL;
    CHECK_EQ(dp_models_add_file(NULL, g_pos, &e), DP_ERR_ARG);
    CHECK_EQ(dp_models_add_file(&m, NULL, &e), DP_ERR_ARG);
    char p[512];
    mg_path(p, sizeof p, g_dir, "no-such-file.dpm");
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_models_add_file(&m, p, &e), DP_ERR_MODEL);
    CHECK(m == NULL && e.message != NULL);
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_models_add_file(&m, g_dir, &e), DP_ERR_MODEL); /* a directory */
    CHECK(m == NULL && e.message != NULL);
    CHECK_EQ(dp_models_add_file(&m, "/dev/null", &e), DP_ERR_MODEL);
    CHECK(m == NULL);
    /* entity model first, then part of speech */
    CHECK_EQ(dp_models_add_file(&m, g_ner, &e), DP_OK);
    CHECK_EQ(dp_models_add_file(&m, g_pos, &e), DP_OK);
    if (!CHECK(m != NULL)) return;
    /* a second model of a kind the set has: refused, the set unchanged and usable */
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_models_add_file(&m, g_pos, &e), DP_ERR_MODEL);
    CHECK(e.message != NULL);
    CHECK_EQ(dp_models_add_file(&m, g_ner, &e), DP_ERR_MODEL);
    /* and a broken one (truncated, wrong checksum) */
    mg_write(g_work, g_posb, g_posn - 1);
    CHECK_EQ(dp_models_add_file(&m, g_work, &e), DP_ERR_MODEL);
    CHECK(dp_models_has_pos(m) && dp_models_has_ner(m));
    CHECK_EQ(exercise(m), 0);
    dp_models_free(m);
    /* a broken file into a set that has the other kind: refused, the set keeps what it had */
    m = NULL;
    CHECK_EQ(dp_models_add_file(&m, g_ner, &e), DP_OK);
    CHECK_EQ(dp_models_add_file(&m, g_work, &e), DP_ERR_MODEL);
    CHECK(m && !dp_models_has_pos(m) && dp_models_has_ner(m));
    if (m) CHECK_EQ(exercise(m), 0);
    dp_models_free(m);
}

/* Known bug (src/tag/tagger.c, dp_models_add_file / view_pos): when a
 * part-of-speech file passes the header and checksum but a later check of
 * view_pos fails (a lexicon entry out of range, a lemma rule naming a
 * missing script, ...), the lexicon and cluster tables it already installed
 * in m->res stay there while the file is unmapped. A set that already held
 * an entity model keeps pointing into the unmapped file, and the next
 * tagging (dp_wordinfo_fill -> dp_table_get(&res->lex)) reads it: SEGV.
 * Checked on the set's state, so the test itself does not crash; the set is
 * used only once its state is sound. */
static void test_failed_add_keeps_set(void) {
    TEST("a failed add leaves the set as it was");
    unsigned char *c = dup_bytes(g_posb, g_posn);
    size_t lo = sec_find(c, SEC_LEXDATA, NULL);
    c[lo] = 0xFF; /* first lexicon entry: 255 readings, refused after the tables are viewed */
    resign(c, g_posn);
    mg_write(g_work, c, g_posn);
    free(c);
    dp_models *m = NULL;
    dp_error e;
    CHECK_EQ(dp_models_add_file(&m, g_ner, &e), DP_OK);
    if (!CHECK(m != NULL)) return;
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_models_add_file(&m, g_work, &e), DP_ERR_MODEL);
    CHECK(e.message && strstr(e.message, "lexicon"));
    CHECK(!dp_models_has_pos(m) && dp_models_has_ner(m));
    int clean = m->res.lex.nslots == 0 && m->res.clust.nslots == 0 && m->res.lexdata == NULL &&
                m->lemrules.nslots == 0 && m->nscripts == 0;
    if (known_bug(clean, __FILE__, __LINE__, "no table of the refused file left in the set")) CHECK_EQ(exercise(m), 0);
    dp_models_free(m);
}

static void test_tag_tokens(void) {
    TEST("dp_tag_tokens");
    dp_error e = {DP_OK, NULL, 0};
    dp_models *m = NULL;
    CHECK_EQ(dp_models_add_file(&m, g_pos, &e), DP_OK);
    CHECK_EQ(dp_models_add_file(&m, g_ner, &e), DP_OK);
    if (!CHECK(m != NULL)) return;
    dp_doc *doc = dp_doc_new();
    const char *const *tags = NULL;
    static const char *const one[] = {"Lyon"};
    size_t onel[] = {4};
    /* arguments */
    CHECK_EQ(dp_tag_tokens(NULL, doc, one, onel, 1, &tags, &e), DP_ERR_ARG);
    CHECK_EQ(dp_tag_tokens(m, NULL, one, onel, 1, &tags, &e), DP_ERR_ARG);
    CHECK_EQ(dp_tag_tokens(m, doc, NULL, onel, 1, &tags, &e), DP_ERR_ARG);
    CHECK_EQ(dp_tag_tokens(m, doc, one, onel, 1, NULL, &e), DP_ERR_ARG);
    /* no tokens */
    tags = NULL;
    CHECK_EQ(dp_tag_tokens(m, doc, NULL, NULL, 0, &tags, &e), DP_OK);
    CHECK(tags != NULL);
    /* invalid UTF-8, empty tokens, NUL bytes, a long token */
    static const char *const odd[] = {"\xff\xfe", "", "\xc3", "M.", "\xe2\x82", "Jean\0x", "", "\xed\xa0\x80", "."};
    size_t oddl[] = {2, 0, 1, 2, 2, 6, 0, 3, 1};
    tags = NULL;
    CHECK_EQ(dp_tag_tokens(m, doc, odd, oddl, 9, &tags, NULL), DP_OK);
    if (CHECK(tags != NULL))
        for (size_t i = 0; i < 9; i++) CHECK(tags[i] && (tags[i][0] == 'O' || tags[i][1] == '-'));
    char *big = malloc(20000);
    memset(big, 'a', 20000);
    big[0] = 'Z';
    const char *bigt[] = {"M.", big, "est", "là"};
    size_t bigl[] = {2, 20000, 3, 3};
    CHECK_EQ(dp_tag_tokens(m, doc, bigt, bigl, 4, &tags, &e), DP_OK);
    free(big);
    /* 1000 tokens: the limit; 1001: too large */
    const char **many = malloc(1001 * sizeof *many);
    size_t *manyl = malloc(1001 * sizeof *manyl);
    static const char *const cycle[] = {"M.", "Jean", "Dupont", "est", "arrivé", "à", "Lyon", "."};
    for (size_t i = 0; i < 1001; i++) {
        many[i] = cycle[i % 8];
        manyl[i] = strlen(many[i]);
    }
    tags = NULL;
    CHECK_EQ(dp_tag_tokens(m, doc, many, manyl, 1000, &tags, &e), DP_OK);
    if (CHECK(tags != NULL)) {
        size_t per = 0;
        for (size_t i = 0; i < 1000; i++) {
            CHECK(tags[i] != NULL);
            per += tags[i] && !strcmp(tags[i], "B-PER");
        }
        CHECK(per >= 100); /* the pattern holds far into the sentence */
    }
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_tag_tokens(m, doc, many, manyl, 1001, &tags, &e), DP_ERR_TOO_LARGE);
    CHECK_EQ(e.code, DP_ERR_TOO_LARGE);
    CHECK(e.message != NULL);
    CHECK_EQ(dp_tag_tokens(m, doc, many, manyl, (size_t)-1, &tags, &e), DP_ERR_TOO_LARGE);
    free(many);
    free(manyl);
    /* the doc lent its memory: it analyses again afterwards */
    dp_doc_set_models(doc, m);
    const char *text = "M. Jean Dupont est arrivé à Lyon.";
    CHECK_EQ(dp_doc_analyze(doc, text, strlen(text), 0, &e), DP_OK);
    CHECK_INVARIANTS(doc, strlen(text));
    size_t nm = 0;
    dp_doc_mentions(doc, &nm);
    CHECK_EQ(nm, 2);
    /* tag_tokens after an analysis resets it */
    CHECK_EQ(dp_tag_tokens(m, doc, one, onel, 1, &tags, &e), DP_OK);
    dp_doc_mentions(doc, &nm);
    CHECK_EQ(nm, 0);
    dp_doc_free(doc);
    dp_models_free(m);
}

/* ---- seeds of fuzz/fuzz_model.c ---- */

static int write_seed(const char *dir, const char *name, const unsigned char *b, size_t n) {
    char p[1024];
    mg_path(p, sizeof p, dir, name);
    if (mg_write(p, b, n)) {
        perror(p);
        return 1;
    }
    return 0;
}

static int write_seeds(const char *out) {
    int rc = 0;
    unsigned char *c;
    rc |= write_seed(out, "seed-pos.dpm", g_posb, g_posn);
    rc |= write_seed(out, "seed-ner.dpm", g_nerb, g_nern);
    rc |= write_seed(out, "seed-empty", (const unsigned char *)"", 0);
    rc |= write_seed(out, "seed-header", g_posb, DP_MODEL_HEADER);
    rc |= write_seed(out, "seed-pos-truncated", g_posb, g_posn / 3);
    c = dup_bytes(g_posb, g_posn);
    c[g_posn / 2] ^= 0x55;
    rc |= write_seed(out, "seed-pos-badsum", c, g_posn);
    free(c);
    /* header, version and counts damaged */
    c = dup_bytes(g_nerb, g_nern);
    put32(c + 8, DP_MODEL_VERSION + 1);
    rc |= write_seed(out, "seed-ner-version", c, g_nern);
    memcpy(c, g_nerb, g_nern);
    size_t o = sec_find(c, SEC_LABELS, NULL);
    put32(c + o, 0);
    resign(c, g_nern);
    rc |= write_seed(out, "seed-ner-nolabels", c, g_nern);
    memcpy(c, g_nerb, g_nern);
    int si = sec_index(c, SEC_WEIGHTS);
    put64(c + DP_MODEL_HEADER + 24 * (size_t)si + 16, g_nern);
    resign(c, g_nern);
    rc |= write_seed(out, "seed-ner-section-outside", c, g_nern);
    free(c);
    c = dup_bytes(g_posb, g_posn);
    o = sec_find(c, SEC_SCRIPTS, NULL);
    put32(c + o, 0xFFFF);
    resign(c, g_posn);
    rc |= write_seed(out, "seed-pos-scripts", c, g_posn);
    free(c);
    if (!rc) printf("seeds written to %s\n", out);
    return rc;
}

int main(int argc, char **argv) {
    const char *seeds = NULL;
    if (argc == 3 && !strcmp(argv[1], "--write-seeds")) seeds = argv[2];
    else if (argc != 1) {
        fprintf(stderr, "usage: %s [--write-seeds DIR]\n", argv[0]);
        return 2;
    }
    if (mg_mkdtemp(g_dir, sizeof g_dir, "model") != 0) {
        perror("test_model: mkdtemp");
        return 1;
    }
    mg_path(g_pos, sizeof g_pos, g_dir, "pos.dpm");
    mg_path(g_ner, sizeof g_ner, g_dir, "ner.dpm");
    mg_path(g_work, sizeof g_work, g_dir, "work.dpm");
    if (train(g_dir, g_pos, g_ner) != DP_OK || !(g_posb = mg_read(g_pos, &g_posn)) ||
        !(g_nerb = mg_read(g_ner, &g_nern))) {
        fprintf(stderr, "test_model: cannot train the test models\n");
        mg_rmtree(g_dir);
        return 1;
    }
    int rc;
    if (seeds) {
        rc = write_seeds(seeds);
    } else {
        test_writer_round_trip();
        test_trained_round_trip();
        test_truncations();
        test_corruptions();
        test_reserved();
        test_header_messages();
        test_structure();
        test_resigned_sweep();
        test_cluster_values();
        test_load_dirs();
        test_add_file();
        test_failed_add_keeps_set();
        test_tag_tokens();
        rc = TEST_DONE();
    }
    free(g_posb);
    free(g_nerb);
    dp_doc_free(g_doc);
    if (!getenv("DP_KEEP_TMP")) mg_rmtree(g_dir);
    else fprintf(stderr, "test_model: kept %s\n", g_dir);
    return rc;
}
