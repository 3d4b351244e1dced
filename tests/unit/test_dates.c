/* test_dates.c — temporal expressions through the public API (no models:
 * the tense cues then come from word lists). Each case lists the expected
 * dates as "text=value" joined by '|', value "null" when unresolved. */
#include "harness.h"
#include "testutil.h"

#define OUT_CAP 4096

/* Analyses `text` with publication date `pub` (NULL: none) and writes the
 * dates found as "text=value|..." into out. */
static const char *dates_of(const char *pub, const char *text, char *out, size_t cap) {
    out[0] = 0;
    dp_doc *doc = dp_doc_new();
    if (!doc) return "(no doc)";
    if (pub && dp_doc_set_published(doc, pub, strlen(pub)) != DP_OK) {
        dp_doc_free(doc);
        return "(bad published)";
    }
    if (dp_doc_analyze(doc, text, strlen(text), 0, NULL) != DP_OK) {
        dp_doc_free(doc);
        return "(analyze failed)";
    }
    size_t n = 0;
    const dp_datex *x = dp_doc_dates(doc, &n);
    for (size_t i = 0; i < n; i++) {
        char v[32];
        if (i) tu_append(out, cap, "|", 1);
        tu_append(out, cap, text + x[i].span.start, x[i].span.end - x[i].span.start);
        switch (x[i].prec) {
        case DP_PREC_YEAR: snprintf(v, sizeof v, "=%04d", x[i].value.year); break;
        case DP_PREC_MONTH: snprintf(v, sizeof v, "=%04d-%02d", x[i].value.year, x[i].value.month); break;
        case DP_PREC_DAY:
            snprintf(v, sizeof v, "=%04d-%02d-%02d", x[i].value.year, x[i].value.month, x[i].value.day);
            break;
        default: snprintf(v, sizeof v, "=null"); break;
        }
        tu_append(out, cap, v, strlen(v));
    }
    dp_doc_free(doc);
    return out;
}

static const struct {
    const char *pub, *text, *want;
} cases[] = {
    /* absolute and partial dates; "le" and "en" stay out of the span */
    {"2020-09-11", "La présidentielle du 9 août a été contestée.", "9 août=2020-08-09"},
    {"2020-09-11", "Il est arrivé le 9 août 2020 à Minsk.", "9 août 2020=2020-08-09"},
    {"2020-09-11", "Le 09/08/2020, la police a arrêté des manifestants.", "09/08/2020=2020-08-09"},
    {"2020-09-11", "Ils se sont vus en août.", "août=2020-08"},
    {"2020-09-11", "Le parti a été fondé en 2019.", "2019=2019"},
    {"2020-09-11", "Il est au pouvoir depuis 1994.", "1994=1994"},
    {"2018-10-01", "Ouvert le vendredi 28 septembre 2018, le salon a fermé ce lundi 1er octobre 2018.",
     "vendredi 28 septembre 2018=2018-09-28|lundi 1er octobre 2018=2018-10-01"},
    {"2020-09-11", "Les ventes ont baissé de 2018 à 2020.", "2018=2018|2020=2020"},
    {"2020-09-11", "Entre 2013 et 2017, le groupe a gagné de l'argent.", "2013=2013|2017=2017"},
    {"2020-09-11", "Il a publié un roman (2016) remarqué.", "2016=2016"},
    {"2020-09-11", "L'année 2021 sera difficile.", "2021=2021"},
    {"2020-09-11", "Le prix sera fixé dès janvier 2019.", "janvier 2019=2019-01"},
    /* weekdays by tense */
    {"2020-09-11", "Jeudi, l'ambassadeur a offert un atlas au président.", "Jeudi=2020-09-10"},
    {"2020-09-11", "L'ambassadeur a offert jeudi un atlas au président.", "jeudi=2020-09-10"},
    {"2020-09-11", "Une nouvelle manifestation est attendue dimanche à Minsk.", "dimanche=2020-09-13"},
    {"2020-09-11", "Le texte sera voté mardi.", "mardi=2020-09-15"},
    {"2020-09-11", "Le ministre a parlé vendredi.", "vendredi=2020-09-11"},
    {"2020-09-11", "Il l'a dit mercredi dernier.", "mercredi dernier=2020-09-09"},
    {"2020-09-11", "Il le dira vendredi prochain.", "vendredi prochain=2020-09-18"},
    {"2020-09-11", "Il est arrivé hier dimanche.", "hier dimanche=2020-09-10"},
    {"2020-09-11", "Le lundi, les musées ferment.", ""},
    /* relative expressions */
    {"2020-09-11", "Il est parti hier et reviendra demain.", "hier=2020-09-10|demain=2020-09-12"},
    {"2020-09-11", "Le président a annoncé aujourd'hui sa démission.", "aujourd'hui=2020-09-11"},
    {"2020-09-11", "Aujourd'hui, la sécheresse menace le village.", ""},
    {"2020-09-11", "Il a démissionné la semaine dernière.", "la semaine dernière=2020-09"},
    {"2020-09-11", "Il viendra le mois prochain.", "le mois prochain=2020-10"},
    {"2020-09-11", "Le mois prochain, il viendra.", "Le mois prochain=2020-10"},
    {"2020-09-11", "Le mouvement a commencé il y a un mois.", "il y a un mois=2020-08"},
    {"2020-09-11", "La loi entrera en vigueur dans deux semaines.", "dans deux semaines=2020-09"},
    {"2020-09-11", "L'an dernier, la récolte a été faible.", "L'an dernier=2019"},
    {"2020-09-11", "Cette année, la récolte est bonne.", "Cette année=2020"},
    {"2020-09-11", "Cette année-là, il pleuvait.", ""},
    {"2017-08-28", "L'interdiction avait été annoncée six mois plus tôt.", "six mois plus tôt=2017-02"},
    {"2020-09-11", "Ces dernières années, il a accusé Moscou.", "Ces dernières années=null"},
    /* edges and seasons: year only, as annotated */
    {"2022-11-14", "Le plafond sera prêt d'ici la fin 2023.", "fin 2023=2023"},
    {"2022-11-14", "Le règlement sera prêt d'ici la fin de 2023.", "fin de 2023=2023"},
    {"2013-10-31", "Le groupe avait annoncé début octobre des suppressions.", "début octobre=2013-10"},
    {"2022-03-29", "Elle l'expliquait à la mi-mars.", "mi-mars=2022-03"},
    {"2023-05-23", "Le lancement n'aura pas lieu d'ici la fin du printemps.", "fin du printemps=2023"},
    {"2020-06-19", "L'opération a été reportée à l'automne.", "l'automne=2020"},
    {"2018-05-10", "Le thermomètre dépasse souvent 50 degrés en été.", ""},
    /* month without a year: moved across the year boundary by tense */
    {"2021-01-15", "Les prix avaient baissé en décembre.", "décembre=2020-12"},
    {"2021-01-15", "Les prix ont baissé en décembre.", "décembre=2020-12"},
    {"2020-12-20", "Le vaccin sera livré en janvier.", "janvier=2021-01"},
    {"2020-12-20", "Le vaccin sera livré le 5 janvier.", "5 janvier=2021-01-05"},
    {"2021-01-05", "Il est venu le 28 décembre.", "28 décembre=2020-12-28"},
    {"2020-11-10", "La grève a été fixée au 14 décembre.", "14 décembre=2020-12-14"},
    /* across month and year boundaries, leap years */
    {"2020-03-01", "Il est arrivé hier.", "hier=2020-02-29"},
    {"2019-03-01", "Il est arrivé hier.", "hier=2019-02-28"},
    {"2021-01-01", "Il est arrivé hier.", "hier=2020-12-31"},
    {"2020-12-31", "Il arrivera demain.", "demain=2021-01-01"},
    {"2021-01-01", "Il est arrivé jeudi.", "jeudi=2020-12-31"},
    {"2021-01-15", "Il a démissionné le mois dernier.", "le mois dernier=2020-12"},
    {"2020-01-03", "Il a démissionné la semaine dernière.", "la semaine dernière=2019-12"},
    {"2020-09-11", "La date du 29 février 2020 est valide, pas celle du 29 février 2021.",
     "29 février 2020=2020-02-29|février 2021=2021-02"},
    /* publication known to the month: what needs a day is null */
    {"2018-05", "L'année dernière, le fleuve a baissé. Il est venu jeudi.", "L'année dernière=2017|jeudi=null"},
    {"2018-05", "Il a plu en mars, puis il y a un mois.", "mars=2018-03|il y a un mois=2018-04"},
    /* no publication date: relative values null, absolute ones kept */
    {NULL, "Il est arrivé hier, le 9 août 2020, et repartira jeudi. En 2019, rien.",
     "hier=null|9 août 2020=2020-08-09|jeudi=null|2019=2019"},
    {NULL, "Il est arrivé le 9 août.", "9 août=null"},
    /* not dates: counts, durations, ages, clock times, names */
    {"2020-09-11", "La police a arrêté 2000 personnes.", ""},
    {"2020-09-11", "Plus de 2000 personnes ont manifesté.", ""},
    {"2020-09-11", "Ils étaient entre 1950 et 2000 personnes.", ""},
    {"2020-09-11", "Il a travaillé pendant trois ans.", ""},
    {"2020-09-11", "Il a célébré son 66e anniversaire. Il a 73 ans.", ""},
    {"2020-09-11", "Le train est parti à 14h30.", ""},
    {"2020-09-11", "Le robot a atterri sur Mars. Avril Lavigne chante.", ""},
    {"2020-09-11", "Il a payé 2019 €.", ""},
};

static void test_cases(void) {
    TEST("expressions");
    char out[OUT_CAP];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = dates_of(cases[i].pub, cases[i].text, out, sizeof out);
        if (!CHECK_STR(got, cases[i].want)) fprintf(stderr, "    text: %s\n", cases[i].text);
    }
}

static void test_spans(void) {
    TEST("spans and flags");
    static const char text[] = "Jeudi, il a vu Marie. Jeudi, il a revu Marie. En 2019, rien.";
    dp_doc *doc = dp_doc_new();
    CHECK_EQ(dp_doc_set_published(doc, "2020-09-11", 10), DP_OK);
    CHECK_EQ(dp_doc_analyze(doc, text, sizeof text - 1, 0, NULL), DP_OK);
    size_t n = 0, tl = 0;
    const dp_datex *x = dp_doc_dates(doc, &n);
    const char *norm = dp_doc_text(doc, &tl);
    if (CHECK_EQ(n, 3)) {
        CHECK_EQ(x[0].span.start, 0);
        CHECK_EQ(x[0].span.end, 5);
        CHECK_MEM(norm + x[0].span.nstart, x[0].span.nend - x[0].span.nstart, "Jeudi");
        CHECK_EQ(x[0].relative, 1);
        CHECK_EQ(x[0].group, 0);
        CHECK_EQ(x[1].group, 0); /* same text, same value: grouped with the first */
        CHECK_EQ(x[2].relative, 0);
        CHECK_EQ(x[2].group, 2);
        CHECK_EQ(x[2].value.year, 2019);
        CHECK_EQ(x[2].value.month, 0);
        CHECK_EQ(x[2].prec, DP_PREC_YEAR);
    }
    dp_doc_free(doc);
}

/* Bad input never crashes and stays linear. */
static void test_garbage(void) {
    TEST("garbage");
    enum { N = 200000 };
    char *buf = malloc(N + 1);
    if (!CHECK(buf != NULL)) return;
    dp_doc *doc = dp_doc_new();
    /* random bytes */
    unsigned s = 12345;
    for (size_t i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        buf[i] = (char)(s >> 16);
    }
    CHECK_EQ(dp_doc_set_published(doc, "2020-09-11", 10), DP_OK);
    CHECK_EQ(dp_doc_analyze(doc, buf, N, 0, NULL), DP_OK);
    /* 10,000 digits in one run */
    memset(buf, '7', 10000);
    CHECK_EQ(dp_doc_analyze(doc, buf, 10000, 0, NULL), DP_OK);
    size_t n = 99;
    dp_doc_dates(doc, &n);
    CHECK_EQ(n, 0);
    /* 100,000 numbers that look like years, and date words with no end */
    size_t len = 0;
    static const char *const pieces[] = {"en 2019 ", "2000 ", "lundi ", "il y a ", "fin ", "de ", "9 ", "août ",
                                         "ces dernières ", "dans ", "mi-", "1er ", "hier ", "l'", "an "};
    for (size_t i = 0; len + 20 < N; i++) {
        const char *p = pieces[(i * 7 + i / 3) % (sizeof pieces / sizeof pieces[0])];
        size_t pl = strlen(p);
        memcpy(buf + len, p, pl);
        len += pl;
    }
    CHECK_EQ(dp_doc_analyze(doc, buf, len, 0, NULL), DP_OK);
    dp_doc_dates(doc, &n);
    CHECK(n > 1000);
    /* the same with no publication date */
    CHECK_EQ(dp_doc_set_published(doc, NULL, 0), DP_OK);
    CHECK_EQ(dp_doc_analyze(doc, buf, len, 0, NULL), DP_OK);
    len = 0;
    for (int i = 0; i < 10000 && len + 12 < N; i++) len += (size_t)snprintf(buf + len, N - len, "%d ", 1900 + i % 200);
    CHECK_EQ(dp_doc_analyze(doc, buf, len, 0, NULL), DP_OK);
    dp_doc_free(doc);
    free(buf);
}

int main(void) {
    test_cases();
    test_spans();
    test_garbage();
    return TEST_DONE();
}
