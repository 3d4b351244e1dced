/* test_train.c — depeche's trainer through the public API (issue #3, item 8):
 * a tiny synthetic part-of-speech set and a tiny entity set (modelgen.h) are
 * written to a temporary directory in the build tree, trained with dp_train,
 * loaded, and unseen sentences that follow the same patterns must be tagged
 * as the pattern says: tags, multiword parts, lemmas (from the lexicon and
 * from the learnt suffix rules), IOB2 tags and mentions. Training is
 * deterministic: the same seed gives the same bytes. Training errors are
 * reported, not crashed on. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "modelgen.h"

#include "depeche.h"

static char g_dir[256];
static char g_pos_train[512], g_pos_dev[512], g_lexicon[512], g_clusters[512];
static char g_ner_train[512], g_ner_dev[512], g_gazetteer[512];

static void count_line(void *ctx, const char *line) {
    (void)line;
    ++*(int *)ctx;
}

/* Trains a part-of-speech model into out. */
static dp_status train_pos(const char *out, unsigned seed, int *lines, dp_error *e) {
    const char *train[] = {g_pos_train, NULL}, *dev[] = {g_pos_dev, NULL};
    dp_train_opts o;
    memset(&o, 0, sizeof o);
    o.task = DP_TRAIN_POS;
    o.train = train;
    o.dev = dev;
    o.output = out;
    o.lexicon = g_lexicon;
    o.clusters = g_clusters;
    o.info = "test_train: synthetic part-of-speech set";
    o.epochs = 6;
    o.seed = seed;
    o.progress = lines ? count_line : NULL;
    o.progress_ctx = lines;
    return dp_train(&o, e);
}

/* Trains an entity model into out (with a part-of-speech model's features when
 * pos_model is set); bilou: BILOU labels and a beam of 4, as shipped. */
static dp_status train_ner(const char *out, unsigned seed, const char *pos_model, int bilou, dp_error *e) {
    const char *train[] = {g_ner_train, NULL}, *dev[] = {g_ner_dev, NULL};
    dp_train_opts o;
    memset(&o, 0, sizeof o);
    o.task = DP_TRAIN_NER;
    o.train = train;
    o.dev = dev;
    o.output = out;
    o.gazetteer = g_gazetteer;
    o.pos_model = pos_model;
    o.info = "test_train: synthetic entity set";
    o.epochs = 6;
    o.seed = seed;
    o.bilou = bilou;
    o.beam = bilou ? 4 : 0;
    return dp_train(&o, e);
}

/* The token of a finished doc with text s (the k-th such, from 0). */
static const dp_token *find_nth(const dp_doc *doc, const char *s, int k) {
    size_t n = 0, tl = 0;
    const dp_token *t = dp_doc_tokens(doc, &n);
    const char *text = dp_doc_text(doc, &tl);
    size_t l = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (t[i].nend - t[i].nstart == l && memcmp(text + t[i].nstart, s, l) == 0 && k-- == 0) return &t[i];
    return NULL;
}

/* Checks that once were expected failures of known library bugs (dangling
 * tables after a refused file, lowercased proper nouns, lost suffix rules,
 * unchecked cluster paths and lemma bytes, the reserved header field); all
 * fixed, they are plain checks now. */
static int known_bug(int ok, const char *file, int line, const char *what) { return h_record(ok, file, line, what); }

/* Checks the UPOS and lemma of the k-th token `s` of doc (the lemma as a
 * known bug's expected failure when xfail is set). */
#define CHECK_TAG(doc, s, k, upos, lemma) check_tag(__FILE__, __LINE__, (doc), (s), (k), (upos), (lemma), 0)
#define CHECK_TAG_XFAIL_LEMMA(doc, s, k, upos, lemma) \
    check_tag(__FILE__, __LINE__, (doc), (s), (k), (upos), (lemma), 1)
static void check_tag(const char *file, int line, const dp_doc *doc, const char *s, int k, int upos,
                      const char *lemma, int xfail) {
    const dp_token *t = find_nth(doc, s, k);
    char what[160];
    snprintf(what, sizeof what, "token '%s' #%d present", s, k);
    if (!h_record(t != NULL, file, line, what)) return;
    snprintf(what, sizeof what, "'%s' tagged %s", s, dp_upos_name(upos));
    if (!h_record(t->upos == upos, file, line, what))
        fprintf(stderr, "    got %s\n", t->upos ? dp_upos_name(t->upos) : "(none)");
    if (!lemma) return;
    size_t ll = 0;
    const char *l = dp_doc_lemma(doc, t, &ll);
    snprintf(what, sizeof what, "lemma of '%s' is '%s'", s, lemma);
    int ok = l && ll == strlen(lemma) && memcmp(l, lemma, ll) == 0;
    if (!(xfail ? known_bug(ok, file, line, what) : h_record(ok, file, line, what)))
        fprintf(stderr, "    got '%.*s'\n", (int)ll, l ? l : "");
}

static void test_pos_learns(void) {
    TEST("pos: a tiny set learns its pattern");
    char out[512];
    mg_path(out, sizeof out, g_dir, "pos.dpm");
    int lines = 0;
    dp_error e = {DP_OK, NULL, 0};
    dp_status st = train_pos(out, 1, &lines, &e);
    if (!CHECK_EQ(st, DP_OK)) {
        fprintf(stderr, "    %s\n", e.message ? e.message : "(no message)");
        return;
    }
    CHECK(lines >= 6); /* reading, lexicon, one line an epoch, ... */
    dp_models *m = NULL;
    CHECK_EQ(dp_models_add_file(&m, out, &e), DP_OK);
    if (!CHECK(m != NULL)) return;
    CHECK(dp_models_has_pos(m));
    CHECK(!dp_models_has_ner(m));
    dp_doc *doc = dp_doc_new();
    CHECK_EQ(dp_doc_set_models(doc, m), DP_OK);
    /* none of buvons, Zorglub, gâteau, Kowalski, ajoutons, Brzęczyszczykiewicz was in the training set */
    const char *text = "Nous buvons du lait. M. Zorglub prépare le gâteau. M. Kowalski et nous ajoutons le miel. "
                       "M. Brzęczyszczykiewicz regarde du riz.";
    CHECK_EQ(dp_doc_analyze(doc, text, strlen(text), 0, &e), DP_OK);
    CHECK_INVARIANTS(doc, strlen(text));
    CHECK_TAG(doc, "Nous", 0, DP_UPOS_PRON, "nous");
    CHECK_TAG(doc, "buvons", 0, DP_UPOS_VERB, "boire");   /* lemma from the external lexicon */
    CHECK_TAG(doc, "lait", 0, DP_UPOS_NOUN, "lait");
    CHECK_TAG(doc, ".", 0, DP_UPOS_PUNCT, ".");
    CHECK_TAG(doc, "M.", 0, DP_UPOS_NOUN, "monsieur");  /* lemma learnt from the treebank */
    /* Known bug (src/tag/tag_doc.c, lemmatize): a PROPN missing from the
     * lexicon is meant to keep its form as lemma (script -2), but the next
     * line, `if (script < 0) script = dp_lemma_script(...)`, overrides -2 and,
     * when no suffix rule matches, the lemma falls back to the lowercased
     * form ("zorglub"). */
    CHECK_TAG_XFAIL_LEMMA(doc, "Zorglub", 0, DP_UPOS_PROPN, "Zorglub");
    CHECK_TAG(doc, "prépare", 0, DP_UPOS_VERB, "préparer");
    CHECK_TAG(doc, "le", 0, DP_UPOS_DET, "le");
    CHECK_TAG(doc, "gâteau", 0, DP_UPOS_NOUN, "gâteau");
    CHECK_TAG_XFAIL_LEMMA(doc, "Kowalski", 0, DP_UPOS_PROPN, "Kowalski");
    CHECK_TAG(doc, "et", 0, DP_UPOS_CCONJ, "et");
    CHECK_TAG(doc, "nous", 0, DP_UPOS_PRON, "nous");
    CHECK_TAG(doc, "ajoutons", 0, DP_UPOS_VERB, NULL);
    CHECK_TAG_XFAIL_LEMMA(doc, "Brzęczyszczykiewicz", 0, DP_UPOS_PROPN, "Brzęczyszczykiewicz");
    for (int k = 0; k < 2; k++) {
        const dp_token *du = find_nth(doc, "du", k);
        if (!CHECK(du != NULL)) continue;
        CHECK_EQ(du->nparts, 2);
        CHECK_EQ(du->upos, DP_UPOS_NONE);
        CHECK_EQ(du->part_upos[0], DP_UPOS_ADP);
        CHECK_EQ(du->part_upos[1], DP_UPOS_DET);
        if (du->parts) {
            CHECK_STR(du->parts[0].text, "de");
            CHECK_STR(du->parts[1].text, "le");
        }
        size_t ll = 0;
        const char *l = dp_doc_lemma(doc, du, &ll);
        CHECK_MEM(l, ll, "de"); /* the lemma of a multiword token starts with its first word */
    }
    /* every token tagged, every lemma valid */
    size_t n = 0;
    const dp_token *t = dp_doc_tokens(doc, &n);
    for (size_t i = 0; i < n; i++) {
        CHECK(t[i].nparts ? t[i].part_upos[0] != DP_UPOS_NONE : t[i].upos != DP_UPOS_NONE);
        size_t ll = 0;
        dp_doc_lemma(doc, &t[i], &ll);
        CHECK(ll > 0);
    }
    /* no entity model: the only mentions are the facts layer's people after a title */
    size_t nm = 99;
    const dp_mention *mv = dp_doc_mentions(doc, &nm);
    size_t titled = 0;
    for (const char *p = strstr(text, "M. "); p; p = strstr(p + 1, "M. ")) titled++;
    CHECK_EQ(nm, titled);
    for (size_t i = 0; i < nm && mv; i++) {
        CHECK_EQ(mv[i].type, DP_ENT_PER);
        CHECK(mv[i].first_token > 0 && strncmp(text + t[mv[i].first_token - 1].start, "M.", 2) == 0);
    }

    /* a part-of-speech model alone gives "O" to every token of dp_tag_tokens */
    const char *toks[] = {"M.", "Jean", "Dupont"};
    size_t lens[] = {2, 4, 6};
    const char *const *tags = NULL;
    CHECK_EQ(dp_tag_tokens(m, doc, toks, lens, 3, &tags, &e), DP_OK);
    if (CHECK(tags != NULL))
        for (int i = 0; i < 3; i++) CHECK_STR(tags[i], "O");
    dp_doc_free(doc);
    dp_models_free(m);
}

/* Lemmas of unknown words come from the learnt suffix rules: every verb in
 * -tons of the set has its lemma in -ter. */
static void test_pos_suffix_rules(void) {
    TEST("pos: lemma suffix rules for unknown words");
    char out[512];
    mg_path(out, sizeof out, g_dir, "pos.dpm");
    dp_error e;
    dp_models *m = NULL;
    if (!CHECK_EQ(dp_models_add_file(&m, out, &e), DP_OK)) return;
    dp_doc *doc = dp_doc_new();
    dp_doc_set_models(doc, m);
    const char *text = "Nous ajoutons le miel. Nous adoptons le thé.";
    CHECK_EQ(dp_doc_analyze(doc, text, strlen(text), 0, &e), DP_OK);
    /* Known bug (src/tag/train.c, build_lemmas, second pass over the
     * suffix rules): a script that strips k characters only yields rules for
     * suffixes longer than k, but the second pass walks the suffixes from
     * one character up and stops at the first absent from `best`, so for
     * "-tons" -> "-ter" (strip 3) the walk stops at "s" and no rule is kept:
     * the unknown verb keeps its lowercased form. */
    CHECK_TAG_XFAIL_LEMMA(doc, "ajoutons", 0, DP_UPOS_VERB, "ajouter");
    CHECK_TAG_XFAIL_LEMMA(doc, "adoptons", 0, DP_UPOS_VERB, "adopter");
    dp_doc_free(doc);
    dp_models_free(m);
}

/* Compares the IOB2 tags of dp_tag_tokens with `want` (space-separated). */
static void check_iob(const char *file, int line, const dp_models *m, dp_doc *doc, const char *const *toks,
                      size_t n, const char *want) {
    size_t lens[32];
    for (size_t i = 0; i < n; i++) lens[i] = strlen(toks[i]);
    const char *const *tags = NULL;
    dp_error e;
    if (!h_record(dp_tag_tokens(m, doc, toks, lens, n, &tags, &e) == DP_OK && tags, file, line, "dp_tag_tokens"))
        return;
    char got[512] = "";
    for (size_t i = 0; i < n; i++) {
        if (i) tu_append(got, sizeof got, " ", 1);
        tu_append(got, sizeof got, tags[i], strlen(tags[i]));
    }
    if (!h_record(strcmp(got, want) == 0, file, line, "IOB2 tags"))
        fprintf(stderr, "    got      %s\n    expected %s\n", got, want);
}
#define CHECK_IOB(m, doc, toks, want) \
    check_iob(__FILE__, __LINE__, (m), (doc), (toks), sizeof(toks) / sizeof((toks)[0]), (want))

/* Checks that doc has mention k of type `type` over the input bytes `s`. */
static void check_mention(const char *file, int line, const dp_doc *doc, const char *in, size_t k, int type,
                          const char *s) {
    size_t n = 0, nt = 0;
    const dp_mention *mv = dp_doc_mentions(doc, &n);
    const dp_token *t = dp_doc_tokens(doc, &nt);
    char what[160];
    snprintf(what, sizeof what, "mention %zu (%s %s) present", k, dp_ent_name(type), s);
    if (!h_record(k < n, file, line, what)) return;
    const dp_mention *x = &mv[k];
    int ok = x->type == type && x->end - x->start == strlen(s) && memcmp(in + x->start, s, strlen(s)) == 0 &&
             x->first_token + x->ntokens <= nt && t[x->first_token].start == x->start &&
             t[x->first_token + x->ntokens - 1].end == x->end && x->nstart < x->nend;
    snprintf(what, sizeof what, "mention %zu is %s '%s'", k, dp_ent_name(type), s);
    if (!h_record(ok, file, line, what))
        fprintf(stderr, "    got %s '%.*s' (tokens %u+%u)\n", dp_ent_name(x->type) ? dp_ent_name(x->type) : "?",
                (int)(x->end - x->start), in + x->start, x->first_token, x->ntokens);
}
#define CHECK_MENTION(doc, in, k, type, s) check_mention(__FILE__, __LINE__, (doc), (in), (k), (type), (s))

static void check_ner_model(const dp_models *m) {
    dp_doc *doc = dp_doc_new();
    /* unseen first names, last names and cities */
    static const char *const s1[] = {"M.", "Ambroise", "Kowalczyk", "est", "arrivé", "à", "Tromsø", "."};
    CHECK_IOB(m, doc, s1, "O B-PER I-PER O O O B-LOC O");
    static const char *const s2[] = {"Hier", ",", "M.", "Gaspard", "Zlatanov", "a", "parlé", "à", "Vesoul", "."};
    CHECK_IOB(m, doc, s2, "O O O B-PER I-PER O O O B-LOC O");
    static const char *const s3[] = {"Le", "chat", "de", "la", "voisine", "dort", "."};
    CHECK_IOB(m, doc, s3, "O O O O O O O");

    const char *text = "Hier, M. Ambroise Kowalczyk a parlé à Tromsø. Le chat de la voisine dort. "
                       "Nous sommes allés à Vesoul avec M. Zlatanov.";
    dp_error e;
    CHECK_EQ(dp_doc_set_models(doc, m), DP_OK);
    CHECK_EQ(dp_doc_analyze(doc, text, strlen(text), 0, &e), DP_OK);
    CHECK_INVARIANTS(doc, strlen(text));
    size_t n = 0;
    dp_doc_mentions(doc, &n);
    CHECK_EQ(n, 4);
    CHECK_MENTION(doc, text, 0, DP_ENT_PER, "Ambroise Kowalczyk");
    CHECK_MENTION(doc, text, 1, DP_ENT_LOC, "Tromsø");
    CHECK_MENTION(doc, text, 2, DP_ENT_LOC, "Vesoul");
    CHECK_MENTION(doc, text, 3, DP_ENT_PER, "Zlatanov");
    dp_doc_free(doc);
}

/* Trains an entity model alone into g_dir/name, loads it and checks that it
 * learnt the pattern; NULL (checks recorded) when any step fails. */
static dp_models *learnt_ner(const char *name, int bilou) {
    char out[512];
    mg_path(out, sizeof out, g_dir, name);
    dp_error e = {DP_OK, NULL, 0};
    if (!CHECK_EQ(train_ner(out, 1, NULL, bilou, &e), DP_OK)) {
        fprintf(stderr, "    %s\n", e.message ? e.message : "(no message)");
        return NULL;
    }
    dp_models *m = NULL;
    CHECK_EQ(dp_models_add_file(&m, out, &e), DP_OK);
    if (!CHECK(m != NULL)) return NULL;
    CHECK(dp_models_has_ner(m));
    CHECK(!dp_models_has_pos(m));
    check_ner_model(m);
    return m;
}

static void test_ner_learns(void) {
    TEST("ner: a tiny set learns its pattern");
    dp_models *m = learnt_ner("ner-alone.dpm", 0);
    if (!m) return;
    dp_error e = {DP_OK, NULL, 0};
    /* an entity model alone leaves the tokens untagged */
    dp_doc *doc = dp_doc_new();
    dp_doc_set_models(doc, m);
    CHECK_EQ(dp_doc_analyze(doc, "M. Jean Dupont.", 15, 0, &e), DP_OK);
    size_t n = 0;
    const dp_token *t = dp_doc_tokens(doc, &n);
    for (size_t i = 0; i < n; i++) CHECK_EQ(t[i].upos, DP_UPOS_NONE);
    dp_doc_free(doc);
    dp_models_free(m);
}

/* BILOU labels (Last word, Unit entity) learnt from the same IOB2 files: the
 * model tags in IOB2 all the same (L- as I-, U- as B-) and finds the same
 * mentions, one-word entities at a sentence's end included. */
static void test_ner_bilou(void) {
    TEST("ner: BILOU labels, beam search");
    dp_models *m = learnt_ner("ner-bilou.dpm", 1);
    if (!m) return;
    dp_doc *doc = dp_doc_new();
    static const char *const s1[] = {"Nous", "sommes", "allés", "à", "Bergen", "avec", "M.", "Ruiz"};
    CHECK_IOB(m, doc, s1, "O O O O B-LOC O O B-PER");
    static const char *const s2[] = {"M.", "Ruiz"};
    CHECK_IOB(m, doc, s2, "O B-PER");
    dp_doc_free(doc);
    dp_models_free(m);
}

/* The pipeline: an entity model trained over a part-of-speech model's tags,
 * both loaded from one directory. */
static void test_pipeline(void) {
    TEST("pos + ner from one directory");
    char pos[512], ner[512];
    mg_path(pos, sizeof pos, g_dir, "pos.dpm");
    mg_path(ner, sizeof ner, g_dir, "ner.dpm");
    dp_error e = {DP_OK, NULL, 0};
    if (!CHECK_EQ(train_ner(ner, 1, pos, 0, &e), DP_OK)) {
        fprintf(stderr, "    %s\n", e.message ? e.message : "(no message)");
        return;
    }
    dp_models *m = dp_models_load(g_dir, &e);
    if (!CHECK(m != NULL)) {
        fprintf(stderr, "    %s\n", e.message ? e.message : "(no message)");
        return;
    }
    CHECK(dp_models_has_pos(m));
    CHECK(dp_models_has_ner(m));
    check_ner_model(m);
    dp_doc *doc = dp_doc_new();
    dp_doc_set_models(doc, m);
    const char *text = "Hier, M. Jean Zorglub a parlé à Vesoul. Nous buvons du lait.";
    CHECK_EQ(dp_doc_analyze(doc, text, strlen(text), 0, &e), DP_OK);
    CHECK_TAG(doc, "buvons", 0, DP_UPOS_VERB, "boire");
    CHECK_TAG(doc, "lait", 0, DP_UPOS_NOUN, "lait");
    const dp_token *du = find_nth(doc, "du", 0);
    if (CHECK(du != NULL)) {
        CHECK_EQ(du->part_upos[0], DP_UPOS_ADP);
        CHECK_EQ(du->part_upos[1], DP_UPOS_DET);
    }
    size_t n = 0;
    dp_doc_mentions(doc, &n);
    CHECK_EQ(n, 2);
    CHECK_MENTION(doc, text, 0, DP_ENT_PER, "Jean Zorglub");
    CHECK_MENTION(doc, text, 1, DP_ENT_LOC, "Vesoul");
    /* the same doc, reset by dp_tag_tokens, then analysing again */
    static const char *const s[] = {"M.", "Jean", "Zorglub"};
    CHECK_IOB(m, doc, s, "O B-PER I-PER");
    CHECK_EQ(dp_doc_analyze(doc, text, strlen(text), 0, &e), DP_OK);
    dp_doc_mentions(doc, &n);
    CHECK_EQ(n, 2);
    dp_doc_free(doc);
    dp_models_free(m);
}

static int same_file(const char *a, const char *b) {
    size_t na = 0, nb = 0;
    unsigned char *x = mg_read(a, &na), *y = mg_read(b, &nb);
    int same = x && y && na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* Everything a doc says about its tokens and mentions, as one string. */
static char *describe(const dp_models *m, const char *text) {
    dp_doc *doc = dp_doc_new();
    dp_error e;
    dp_doc_set_models(doc, m);
    if (dp_doc_analyze(doc, text, strlen(text), 0, &e)) {
        dp_doc_free(doc);
        return NULL;
    }
    static char out[4096];
    out[0] = 0;
    size_t n = 0, nm = 0;
    const dp_token *t = dp_doc_tokens(doc, &n);
    for (size_t i = 0; i < n; i++) {
        size_t ll = 0;
        const char *l = dp_doc_lemma(doc, &t[i], &ll);
        char one[256];
        snprintf(one, sizeof one, "%u/%u.%u.%u/%.*s ", t[i].upos, t[i].part_upos[0], t[i].part_upos[1],
                 t[i].part_upos[2], (int)ll, l);
        tu_append(out, sizeof out, one, strlen(one));
    }
    const dp_mention *mv = dp_doc_mentions(doc, &nm);
    for (size_t i = 0; i < nm; i++) {
        char one[64];
        snprintf(one, sizeof one, "[%u-%u %u]", mv[i].start, mv[i].end, mv[i].type);
        tu_append(out, sizeof out, one, strlen(one));
    }
    dp_doc_free(doc);
    return strdup(out);
}

static void test_determinism(void) {
    TEST("same seed, same bytes");
    char a[512], b[512], c[512], na[512], nb[512];
    mg_path(a, sizeof a, g_dir, "det-a.dpm");
    mg_path(b, sizeof b, g_dir, "det-b.dpm");
    mg_path(c, sizeof c, g_dir, "det-c.dpm");
    mg_path(na, sizeof na, g_dir, "det-na.dpm");
    mg_path(nb, sizeof nb, g_dir, "det-nb.dpm");
    dp_error e;
    CHECK_EQ(train_pos(a, 7, NULL, &e), DP_OK);
    CHECK_EQ(train_pos(b, 7, NULL, &e), DP_OK);
    CHECK_EQ(train_pos(c, 8, NULL, &e), DP_OK); /* another seed: a valid model, maybe other bytes */
    CHECK(same_file(a, b));
    CHECK_EQ(train_ner(na, 7, a, 0, &e), DP_OK);
    CHECK_EQ(train_ner(nb, 7, b, 0, &e), DP_OK);
    CHECK(same_file(na, nb));
    CHECK_EQ(train_ner(na, 7, a, 1, &e), DP_OK);
    CHECK_EQ(train_ner(nb, 7, b, 1, &e), DP_OK);
    CHECK(same_file(na, nb));
    /* no temporary file left next to the outputs */
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", a);
    CHECK(access(tmp, F_OK) != 0);
    snprintf(tmp, sizeof tmp, "%s.res", a);
    CHECK(access(tmp, F_OK) != 0);
    snprintf(tmp, sizeof tmp, "%s.res", na);
    CHECK(access(tmp, F_OK) != 0);

    /* loaded, both give the same analysis */
    const char *text = "Nous buvons du lait. Hier, M. Ambroise Kowalczyk a parlé à Tromsø. M. Zorglub et nous "
                       "ajoutons le miel.";
    dp_models *ma = NULL, *mb = NULL, *mc = NULL;
    CHECK_EQ(dp_models_add_file(&ma, a, &e), DP_OK);
    CHECK_EQ(dp_models_add_file(&ma, na, &e), DP_OK);
    CHECK_EQ(dp_models_add_file(&mb, b, &e), DP_OK);
    CHECK_EQ(dp_models_add_file(&mb, nb, &e), DP_OK);
    CHECK_EQ(dp_models_add_file(&mc, c, &e), DP_OK);
    if (ma && mb && mc) {
        char *da = describe(ma, text), *db = describe(mb, text), *dc = describe(mc, text);
        CHECK(da && db && strcmp(da, db) == 0);
        CHECK(dc != NULL);
        if (da && db && strcmp(da, db)) fprintf(stderr, "    a: %s\n    b: %s\n", da, db);
        free(da);
        free(db);
        free(dc);
    }
    dp_models_free(ma);
    dp_models_free(mb);
    dp_models_free(mc);
}

static void test_train_errors(void) {
    TEST("training errors");
    char out[512], bad[512], empty[512], missing[512], nodir[512];
    mg_path(out, sizeof out, g_dir, "err.dpm");
    mg_path(bad, sizeof bad, g_dir, "bad.conllu");
    mg_path(empty, sizeof empty, g_dir, "empty.conllu");
    mg_path(missing, sizeof missing, g_dir, "missing.conllu");
    mg_path(nodir, sizeof nodir, g_dir, "no/such/dir/model.dpm");
    dp_error e;
    dp_train_opts o;

    memset(&o, 0, sizeof o);
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_train(NULL, &e), DP_ERR_ARG);
    CHECK_EQ(dp_train(&o, &e), DP_ERR_ARG); /* no task, no files */
    CHECK(e.message != NULL);
    const char *train[] = {g_pos_train, NULL};
    o.train = train;
    o.output = out;
    o.task = (dp_train_task)3;
    CHECK_EQ(dp_train(&o, &e), DP_ERR_ARG);
    o.task = DP_TRAIN_POS;
    o.output = NULL;
    CHECK_EQ(dp_train(&o, &e), DP_ERR_ARG);
    const char *none[] = {NULL};
    o.output = out;
    o.train = none;
    CHECK_EQ(dp_train(&o, &e), DP_ERR_ARG);

    const char *miss[] = {missing, NULL};
    o.train = miss;
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_train(&o, &e), DP_ERR_IO);
    CHECK(e.code == DP_ERR_IO && e.message != NULL);

    mg_write(empty, "", 0);
    const char *emp[] = {empty, NULL};
    o.train = emp;
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_train(&o, &e), DP_ERR_FIELD);
    CHECK(e.message != NULL);
    o.task = DP_TRAIN_NER;
    CHECK_EQ(dp_train(&o, &e), DP_ERR_FIELD);
    o.task = DP_TRAIN_POS;

    const char *badtext = "# a comment\n1\tNous\tnous\tPRON\n2\tchantons\n";
    mg_write(bad, badtext, strlen(badtext));
    const char *bd[] = {bad, NULL};
    o.train = bd;
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_train(&o, &e), DP_ERR_FIELD);
    CHECK_EQ(e.offset, 3); /* the line number */
    CHECK(e.message != NULL);

    /* a missing lexicon, clusters file or gazetteer is an I/O error */
    o.train = train;
    o.lexicon = missing;
    CHECK_EQ(dp_train(&o, &e), DP_ERR_IO);
    o.lexicon = NULL;
    o.clusters = missing;
    CHECK_EQ(dp_train(&o, &e), DP_ERR_IO);
    o.clusters = NULL;
    const char *ntrain[] = {g_ner_train, NULL};
    o.task = DP_TRAIN_NER;
    o.train = ntrain;
    o.gazetteer = missing;
    CHECK_EQ(dp_train(&o, &e), DP_ERR_IO);
    o.gazetteer = NULL;
    /* an invalid part-of-speech model for the entity model's features */
    o.pos_model = bad;
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_train(&o, &e), DP_ERR_MODEL);
    CHECK(e.message != NULL);
    o.pos_model = NULL;

    /* an output that cannot be written */
    o.task = DP_TRAIN_POS;
    o.train = train;
    o.output = nodir;
    o.epochs = 1;
    e = (dp_error){DP_OK, NULL, 0};
    CHECK_EQ(dp_train(&o, &e), DP_ERR_IO);
    CHECK(e.message != NULL);
    CHECK(access(out, F_OK) != 0); /* nothing written by the failed runs */
}

int main(void) {
    if (mg_mkdtemp(g_dir, sizeof g_dir, "train") != 0) {
        perror("test_train: mkdtemp");
        return 1;
    }
    mg_path(g_pos_train, sizeof g_pos_train, g_dir, "train.conllu");
    mg_path(g_pos_dev, sizeof g_pos_dev, g_dir, "dev.conllu");
    mg_path(g_lexicon, sizeof g_lexicon, g_dir, "lexicon.tsv");
    mg_path(g_clusters, sizeof g_clusters, g_dir, "clusters.tsv");
    mg_path(g_ner_train, sizeof g_ner_train, g_dir, "train.ner");
    mg_path(g_ner_dev, sizeof g_ner_dev, g_dir, "dev.ner");
    mg_path(g_gazetteer, sizeof g_gazetteer, g_dir, "gazetteer.tsv");
    if (mg_write_pos(g_pos_train, 60, 1) || mg_write_pos(g_pos_dev, 10, 2) || mg_write_lexicon(g_lexicon) ||
        mg_write_clusters(g_clusters) || mg_write_ner(g_ner_train, 60, 3) || mg_write_ner(g_ner_dev, 8, 4) ||
        mg_write_gazetteer(g_gazetteer)) {
        perror("test_train: writing the training sets");
        mg_rmtree(g_dir);
        return 1;
    }
    test_pos_learns();
    test_pos_suffix_rules();
    test_ner_learns();
    test_ner_bilou();
    test_pipeline();
    test_determinism();
    test_train_errors();
    if (!getenv("DP_KEEP_TMP")) mg_rmtree(g_dir);
    else fprintf(stderr, "test_train: kept %s\n", g_dir);
    return TEST_DONE();
}
