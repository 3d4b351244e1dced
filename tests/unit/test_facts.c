/* test_facts.c — entities, roles and quotes of the facts layer
 * (src/facts/entities.c, quotes.c; docs/facts.md) through the public API.
 *
 * Two halves: without models, the rules that need no tagger (titles,
 * acronyms, institution names, quotation marks, reporting verbs by their
 * surface forms); with the shipped models (models/fr, or $DEPECHE_MODELS), the
 * whole path on the seed dispatch and on small articles written for the test:
 * name variants merged, roles, speakers through inversion, pronouns and role
 * nouns. Where the models are absent the second half is reported and skipped. */
#define _GNU_SOURCE /* memmem */
#include "harness.h"

#include "depeche.h"

#include <stdlib.h>

static dp_doc *doc;
static const char *cur;

static void analyze(const char *s, const char *published) {
    cur = s;
    CHECK_EQ(dp_doc_set_published(doc, published, published ? strlen(published) : 0), DP_OK);
    CHECK_EQ(dp_doc_analyze(doc, s, strlen(s), 0, NULL), DP_OK);
}

static int span_is(const dp_span *sp, const char *text) {
    size_t n = strlen(text);
    return sp->end - sp->start == n && memcmp(cur + sp->start, text, n) == 0;
}

/* The entity named `name`, or -1. */
static int entity(const char *name) {
    size_t n = 0;
    const dp_entity *e = dp_doc_entities(doc, &n);
    for (size_t i = 0; i < n; i++)
        if (span_is(&e[i].name, name)) return (int)i;
    return -1;
}

static int has_role(int ent, const char *role) {
    size_t ne = 0, nr = 0;
    const dp_entity *e = dp_doc_entities(doc, &ne);
    const dp_role *r = dp_doc_roles(doc, &nr);
    if (ent < 0 || (size_t)ent >= ne) return 0;
    for (uint32_t k = 0; k < e[ent].nroles; k++)
        if (span_is(&r[e[ent].first_role + k].span, role)) return 1;
    return 0;
}

/* Does entity `ent` have a mention whose text is `text`? */
static int has_mention(int ent, const char *text) {
    size_t ne = 0, nm = 0, nem = 0;
    const dp_entity *e = dp_doc_entities(doc, &ne);
    const dp_mention *m = dp_doc_mentions(doc, &nm);
    const uint32_t *em = dp_doc_entity_mentions(doc, &nem);
    if (ent < 0 || (size_t)ent >= ne) return 0;
    for (uint32_t k = 0; k < e[ent].nmentions; k++) {
        const dp_mention *x = &m[em[e[ent].first_mention + k]];
        dp_span s = {x->start, x->end, x->nstart, x->nend};
        if (span_is(&s, text)) return 1;
    }
    return 0;
}

/* The quote whose text is `text`, or NULL. */
static const dp_quote *quote(const char *text) {
    size_t n = 0;
    const dp_quote *q = dp_doc_quotes(doc, &n);
    for (size_t i = 0; i < n; i++)
        if (span_is(&q[i].span, text)) return &q[i];
    return NULL;
}

static size_t nquotes(void) {
    size_t n = 0;
    dp_doc_quotes(doc, &n);
    return n;
}

#define EXPECT_QUOTE(text, kind, speaker) expect_quote((text), (kind), (speaker), __LINE__)
static void expect_quote(const char *text, int kind, const char *speaker, int line) {
    const dp_quote *q = quote(text);
    if (!h_record(q != NULL, __FILE__, line, "quote found")) {
        fprintf(stderr, "    \"%s\"\n", text);
        size_t n = 0;
        const dp_quote *all = dp_doc_quotes(doc, &n);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "    have \"%.*s\"\n", (int)(all[i].span.end - all[i].span.start), cur + all[i].span.start);
        return;
    }
    h_record(q->kind == kind, __FILE__, line, "quote kind");
    if (speaker) {
        int want = entity(speaker);
        if (!h_record(want >= 0 && q->speaker == want, __FILE__, line, "speaker"))
            fprintf(stderr, "    \"%s\": speaker %d, expected %s (%d)\n", text, (int)q->speaker, speaker, want);
    } else {
        h_record(q->speaker == -1, __FILE__, line, "no speaker");
    }
}

/* ---- without models ---------------------------------------------------- */

static void test_titles_and_acronyms(void) {
    TEST("titles and acronyms");
    analyze("Mme Plante a rencontré M. Jean Tremblay. Selon la CFDT, les GES baissent, et la COP27 commence.", NULL);
    int p = entity("Plante"), t = entity("Jean Tremblay");
    CHECK(p >= 0 && t >= 0);
    size_t n = 0;
    const dp_entity *e = dp_doc_entities(doc, &n);
    if (p >= 0) {
        CHECK_EQ(e[p].type, DP_ENT_PER);
        CHECK_EQ(e[p].gender, 'f');
        CHECK(has_mention(p, "Plante"));
    }
    if (t >= 0) CHECK_EQ(e[t].gender, 'm');
    int c = entity("CFDT");
    CHECK(c >= 0 && e[c].type == DP_ENT_ORG);
    CHECK_EQ(entity("GES"), -1);   /* a common-noun acronym */
    CHECK_EQ(entity("COP27"), -1); /* an event */
}

static void test_direct_quotes(void) {
    TEST("direct quotes");
    analyze("« Ce sera une visite de travail », a-t-il dit. Il parle de « crise ». "
            "Le livre intitulé « Les Misérables » sort.\n\n"
            "« Nous avons gagné.\n\n« Et nous gagnerons encore », a ajouté le maire.\n\n"
            "« Le constat est clair, a-t-il insisté. Il faut agir. »",
            NULL);
    EXPECT_QUOTE("Ce sera une visite de travail", DP_QUOTE_DIRECT, NULL);
    CHECK(quote("crise") == NULL);          /* one quoted word: no quote */
    CHECK(quote("Les Misérables") == NULL); /* a title */
    /* reopened at the next paragraph: one quote */
    EXPECT_QUOTE("Nous avons gagné.\n\n« Et nous gagnerons encore", DP_QUOTE_DIRECT, NULL);
    /* an incise splits a quote in two */
    EXPECT_QUOTE("Le constat est clair", DP_QUOTE_DIRECT, NULL);
    EXPECT_QUOTE("Il faut agir.", DP_QUOTE_DIRECT, NULL);

    analyze("« Un mot « dedans » et la suite » fin. \"Une autre phrase ici\", dit-elle.", NULL);
    EXPECT_QUOTE("Un mot « dedans » et la suite", DP_QUOTE_DIRECT, NULL); /* nested marks */
    EXPECT_QUOTE("Une autre phrase ici", DP_QUOTE_DIRECT, NULL);
}

static void test_no_facts(void) {
    TEST("DP_OPT_NO_FACTS");
    const char *s = "« Ce sera une visite de travail », a dit Mme Plante le 9 août devant 100 personnes.";
    CHECK_EQ(dp_doc_analyze(doc, s, strlen(s), DP_OPT_NO_FACTS, NULL), DP_OK);
    size_t n = 1;
    dp_doc_quotes(doc, &n);
    CHECK_EQ(n, 0);
    dp_doc_dates(doc, &n);
    CHECK_EQ(n, 0);
    dp_doc_quantities(doc, &n);
    CHECK_EQ(n, 0);
    dp_doc_entities(doc, &n);
    CHECK_EQ(n, 0);
    CHECK_EQ(dp_doc_analyze(doc, s, strlen(s), 0, NULL), DP_OK); /* and back */
    dp_doc_quotes(doc, &n);
    CHECK_EQ(n, 1);
}

static void test_unnamed_sources(void) {
    TEST("unnamed sources");
    analyze("Selon la police, 100 000 personnes ont défilé dans la capitale.", NULL);
    const dp_quote *q = quote("100 000 personnes ont défilé dans la capitale");
    CHECK(q != NULL);
    if (q) {
        CHECK_EQ(q->kind, DP_QUOTE_INDIRECT);
        CHECK_EQ(q->speaker, -1);
        CHECK(span_is(&q->speaker_span, "la police"));
    }
    analyze("Selon l'accord proposé, le gazoduc sera prolongé jusqu'en Égypte.", NULL);
    CHECK_EQ(nquotes(), 0); /* a document, not a speaker */
    analyze("Notons que le groupe dispose de quarante projets, ainsi que des plans détaillés.", NULL);
    CHECK_EQ(nquotes(), 0); /* "Notons que", "ainsi que": no reported speech */
}

static void test_pathological(void) {
    TEST("pathological");
    /* many quotes, marks never closed, titles without names: bounded work, valid output */
    size_t reps = 3000, cap = reps * 64 + 1;
    char *s = malloc(cap);
    CHECK(s != NULL);
    if (!s) return;
    s[0] = 0;
    for (size_t i = 0; i < reps; i++) strcat(s, i % 3 ? "« a b c, a-t-il dit. M. Mme « « " : "Selon M. X, il a dit que oui. ");
    CHECK_EQ(dp_doc_analyze(doc, s, strlen(s), 0, NULL), DP_OK);
    size_t n = 0;
    const dp_quote *q = dp_doc_quotes(doc, &n);
    for (size_t i = 0; i < n; i++) CHECK(q[i].span.start < q[i].span.end && q[i].span.end <= strlen(s));
    free(s);
}

/* ---- with the shipped models --------------------------------------------- */

static void test_institutions(void) {
    TEST("institution names with models");
    analyze("Il travaille au ministère des Ressources hydrauliques. La Compagnie égyptienne de gaz naturel liquéfié "
            "signe avec le Pool énergétique de l'Afrique centrale (PEAC). Le texte passe au Sénat mardi.",
            NULL);
    size_t n = 0;
    const dp_entity *e = dp_doc_entities(doc, &n);
    int m = entity("ministère des Ressources hydrauliques");
    CHECK(m >= 0 && e[m].type == DP_ENT_ORG);
    CHECK(entity("Compagnie égyptienne de gaz naturel liquéfié") >= 0);
    int pool = entity("Pool énergétique de l'Afrique centrale");
    CHECK(pool >= 0);
    CHECK(has_mention(pool, "PEAC")); /* the acronym defined in parentheses */
    int s = entity("Sénat");
    CHECK(s >= 0 && e[s].type == DP_ENT_ORG);
}


static const char SEED_CUT[] =
    "\"Ce sera une visite de travail\", a indiqué à la presse le porte-parole du Kremlin, Dmitri Peskov, alors que "
    "les deux pays négocient.\n\n"
    "Interrogé, M. Peskov n'a pas apporté de précisions.\n\n"
    "Jeudi, l'ambassadeur de Russie à Minsk, Dmitri Mezentsev, a offert à Alexandre Loukachenko un atlas.\n\n"
    "Un témoignage historique des relations unissant les deux pays et \"une réponse à ceux qui pensent "
    "autrement\", a expliqué l'ambassadeur.";

typedef struct json_buf {
    char *p;
    size_t n;
} json_buf;

static int json_put(void *ctx, const char *s, size_t n) {
    json_buf *b = ctx;
    char *p = realloc(b->p, b->n + n);
    if (!p) return 1;
    memcpy(p + b->n, s, n);
    b->p = p;
    b->n += n;
    return 0;
}

static void test_seed(void) {
    TEST("seed with models");
    analyze(SEED_CUT, "2020-09-11");
    size_t n = 0;
    const dp_entity *e = dp_doc_entities(doc, &n);
    int peskov = entity("Dmitri Peskov"), mez = entity("Dmitri Mezentsev"), kremlin = entity("Kremlin");
    CHECK(peskov >= 0 && mez >= 0 && kremlin >= 0);
    if (peskov < 0 || mez < 0 || kremlin < 0) return;
    CHECK_EQ(e[peskov].type, DP_ENT_PER);
    CHECK_EQ(e[kremlin].type, DP_ENT_ORG); /* a seat of power as an institution */
    CHECK(has_mention(peskov, "Peskov")); /* "M. Peskov" joins "Dmitri Peskov" */
    /* the analysis lists the mention with its title, the name without */
    char *json = NULL;
    size_t len = 0;
    json_buf jb = {NULL, 0};
    CHECK_EQ(dp_doc_write_json(doc, 0, json_put, &jb), DP_OK);
    json = jb.p;
    len = jb.n;
    CHECK(json && memmem(json, len, "\"text\":\"M. Peskov\"", strlen("\"text\":\"M. Peskov\"")) != NULL);
    CHECK(json && memmem(json, len, "\"name\":\"Dmitri Peskov\"", strlen("\"name\":\"Dmitri Peskov\"")) != NULL);
    free(json);
    CHECK(has_role(peskov, "porte-parole du Kremlin"));
    CHECK(has_role(mez, "ambassadeur de Russie à Minsk"));
    EXPECT_QUOTE("Ce sera une visite de travail", DP_QUOTE_DIRECT, "Dmitri Peskov");
    /* "l'ambassadeur": the person given that role earlier */
    EXPECT_QUOTE("une réponse à ceux qui pensent autrement", DP_QUOTE_DIRECT, "Dmitri Mezentsev");
    EXPECT_QUOTE("Un témoignage historique des relations unissant les deux pays", DP_QUOTE_INDIRECT,
                 "Dmitri Mezentsev");
}

static void test_speakers(void) {
    TEST("speakers with models");
    analyze("La ministre de la Santé, Marie Lefebvre, a présenté son plan lundi. Son collègue Paul Martin était "
            "présent.\n\n"
            "« Nous allons embaucher mille infirmières », a-t-elle affirmé.\n\n"
            "Paul Martin a déclaré que le budget serait respecté.\n\n"
            "« C'est un grand jour », a lancé avec humour la ministre.",
            "2021-03-02");
    int marie = entity("Marie Lefebvre"), paul = entity("Paul Martin");
    CHECK(marie >= 0 && paul >= 0);
    CHECK(has_role(marie, "ministre de la Santé"));
    EXPECT_QUOTE("Nous allons embaucher mille infirmières", DP_QUOTE_DIRECT, "Marie Lefebvre"); /* "elle" */
    EXPECT_QUOTE("le budget serait respecté", DP_QUOTE_INDIRECT, "Paul Martin");
    EXPECT_QUOTE("C'est un grand jour", DP_QUOTE_DIRECT, "Marie Lefebvre"); /* "la ministre" */
}

int main(void) {
    doc = dp_doc_new();
    CHECK(doc != NULL);
    test_titles_and_acronyms();
    test_direct_quotes();
    test_unnamed_sources();
    test_no_facts();
    test_pathological();
    dp_error err;
    dp_models *m = dp_models_load(dp_models_default_dir(), &err);
    if (m && dp_models_has_ner(m)) {
        CHECK_EQ(dp_doc_set_models(doc, m), DP_OK);
        test_institutions();
        test_seed();
        test_speakers();
        CHECK_EQ(dp_doc_set_models(doc, NULL), DP_OK);
    } else {
        printf("models not found in %s: model tests skipped\n", dp_models_default_dir());
    }
    dp_models_free(m);
    dp_doc_free(doc);
    return TEST_DONE();
}
