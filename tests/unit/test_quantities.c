/* test_quantities.c — the quantities of the facts layer (src/facts/quantities.c,
 * docs/quantities.md) through the public API, without models (the pass must
 * work on untagged tokens): digits and French number words, scales,
 * currencies, percentages, measures, counted nouns, bare numbers that take the
 * unit of their neighbour; what is not a quantity (years, dates, ordinals,
 * phone numbers, article numbers, durations, ages, clock times); and inputs
 * that must neither crash nor give NaN or infinity. */
#include "harness.h"

#include "depeche.h"

#include <math.h>
#include <stdlib.h>

static dp_doc *doc;
static const char *cur_text;

static size_t analyze(const char *s) {
    cur_text = s;
    dp_status st = dp_doc_analyze(doc, s, strlen(s), 0, NULL);
    CHECK_EQ(st, DP_OK);
    size_t n = 0;
    dp_doc_quantities(doc, &n);
    return n;
}

/* The quantity whose input text is exactly `text`, or NULL. */
static const dp_quantity *find(const char *text) {
    size_t n = 0, len = strlen(text);
    const dp_quantity *q = dp_doc_quantities(doc, &n);
    for (size_t i = 0; i < n; i++)
        if (q[i].span.end - q[i].span.start == len && memcmp(cur_text + q[i].span.start, text, len) == 0)
            return &q[i];
    return NULL;
}

/* Is any quantity's text overlapping the first occurrence of `text` in the input? */
static int any_at(const char *text) {
    const char *p = strstr(cur_text, text);
    if (!p) return 0;
    size_t a = (size_t)(p - cur_text), b = a + strlen(text), n = 0;
    const dp_quantity *q = dp_doc_quantities(doc, &n);
    for (size_t i = 0; i < n; i++)
        if (q[i].span.start < b && a < q[i].span.end) return 1;
    return 0;
}

#define EXPECT(text, value, unit, kind) expect_q((text), (value), (unit), (kind), __LINE__)
static void expect_q(const char *text, double value, const char *unit, int kind, int line) {
    const dp_quantity *q = find(text);
    if (!h_record(q != NULL, __FILE__, line, "quantity found")) {
        fprintf(stderr, "    text \"%s\" in \"%s\"\n", text, cur_text);
        return;
    }
    if (!h_record(fabs(q->value - value) <= 1e-9 * fmax(1.0, fabs(value)), __FILE__, line, "value")) {
        fprintf(stderr, "    \"%s\": %.17g, expected %.17g\n", text, q->value, value);
    }
    if (unit) {
        if (!h_record(q->unit_len == strlen(unit) && memcmp(q->unit, unit, q->unit_len) == 0, __FILE__, line, "unit"))
            fprintf(stderr, "    \"%s\": unit \"%.*s\", expected \"%s\"\n", text, (int)q->unit_len,
                    q->unit ? q->unit : "", unit);
    } else {
        h_record(q->unit_len == 0, __FILE__, line, "no unit");
    }
    if (!h_record(q->kind == kind, __FILE__, line, "kind")) fprintf(stderr, "    \"%s\": kind %d, expected %d\n", text, q->kind, kind);
}

#define NONE_AT(text) CHECK(!any_at(text))

static void test_digits(void) {
    TEST("digits and separators");
    analyze("Au moins 100.000 personnes ont manifesté, puis 100 000 personnes, puis 1 500 000 habitants. "
            "La ville compte 2500 emplois et 6 095 citations.");
    EXPECT("100.000 personnes", 100000, "personnes", DP_QTY_COUNT);
    EXPECT("100 000 personnes", 100000, "personnes", DP_QTY_COUNT);
    EXPECT("1 500 000 habitants", 1500000, "habitants", DP_QTY_COUNT);
    EXPECT("2500 emplois", 2500, "emplois", DP_QTY_COUNT);
    EXPECT("6 095 citations", 6095, "citations", DP_QTY_COUNT);
    /* no-break and narrow no-break spaces group thousands too */
    analyze("Il y a 32\xC2\xA0" "000 euros et 7\xE2\x80\xAF" "600 salariés.");
    EXPECT("32\xC2\xA0" "000 euros", 32000, "euros", DP_QTY_MONEY);
    EXPECT("7\xE2\x80\xAF" "600 salariés", 7600, "salariés", DP_QTY_COUNT);
    /* decimal comma; English thousands commas in a count */
    analyze("Le titre passe de 85 euros à 55,80 euros. Au total, 6,804 dossiers ont été traités.");
    EXPECT("85 euros", 85, "euros", DP_QTY_MONEY);
    EXPECT("55,80 euros", 55.8, "euros", DP_QTY_MONEY);
    EXPECT("6,804 dossiers", 6804, "dossiers", DP_QTY_COUNT);
    analyze("Il a parcouru 1,250 km et 1,234,567 personnes l'ont vu.");
    EXPECT("1,250 km", 1.25, "km", DP_QTY_MEASURE);
    EXPECT("1,234,567 personnes", 1234567, "personnes", DP_QTY_COUNT);
}

static void test_scales_money(void) {
    TEST("scales and money");
    analyze("Le projet coûtera 7 milliards de dollars, soit 2,4 millions d'euros par an et 3 M$ de frais.");
    EXPECT("7 milliards de dollars", 7e9, "dollars", DP_QTY_MONEY);
    EXPECT("2,4 millions d'euros", 2.4e6, "euros", DP_QTY_MONEY);
    EXPECT("3 M$", 3e6, "dollars", DP_QTY_MONEY);
    analyze("Il touche 780 millions $ et 1,3 million $ CA, plus d'un milliard $ CA et 1 milliard US d'argent public. "
            "Il gagne 14 millions CAN, 10 000 $ et 500 €.");
    EXPECT("780 millions $", 780e6, "dollars", DP_QTY_MONEY);
    EXPECT("1,3 million $ CA", 1.3e6, "dollars", DP_QTY_MONEY);
    EXPECT("un milliard $ CA", 1e9, "dollars", DP_QTY_MONEY);
    EXPECT("1 milliard US", 1e9, "dollars", DP_QTY_MONEY);
    EXPECT("14 millions CAN", 14e6, "dollars", DP_QTY_MONEY);
    EXPECT("10 000 $", 10000, "dollars", DP_QTY_MONEY);
    EXPECT("500 €", 500, "euros", DP_QTY_MONEY);
    analyze("Le cacao est à 750 f CFA contre 800 F au Ghana, soit 100 milliards de francs CFA et 7 600 cédis.");
    EXPECT("750 f CFA", 750, "francs CFA", DP_QTY_MONEY);
    EXPECT("800 F", 800, "francs", DP_QTY_MONEY);
    EXPECT("100 milliards de francs CFA", 1e11, "francs CFA", DP_QTY_MONEY);
    EXPECT("7 600 cédis", 7600, "cédis", DP_QTY_MONEY);
    analyze("La ville compte 2,4 millions. Elle attend 1 million et demi de visiteurs.");
    EXPECT("2,4 millions", 2.4e6, NULL, DP_QTY_COUNT);
    EXPECT("1 million et demi de visiteurs", 1.5e6, "visiteurs", DP_QTY_COUNT);
}

static void test_percent_measure(void) {
    TEST("percentages and measures");
    analyze("Une hausse de 12,5 % puis de 60%, une baisse de -0,8 % et 30 pour cent des votes.");
    EXPECT("12,5 %", 12.5, "%", DP_QTY_PERCENT);
    EXPECT("60%", 60, "%", DP_QTY_PERCENT);
    EXPECT("-0,8 %", -0.8, "%", DP_QTY_PERCENT);
    EXPECT("30 pour cent", 30, "%", DP_QTY_PERCENT);
    analyze("Le village est à 300 km de Bagdad, la tour fait 300 mètres, le barrage produit 240 Mégawatts "
            "et la citerne tient 18 mètres cubes ; il fait 50 degrés.");
    EXPECT("300 km", 300, "km", DP_QTY_MEASURE);
    EXPECT("300 mètres", 300, "mètres", DP_QTY_MEASURE);
    EXPECT("240 Mégawatts", 240, "Mégawatts", DP_QTY_MEASURE);
    EXPECT("18 mètres cubes", 18, "mètres cubes", DP_QTY_MEASURE);
    EXPECT("50 degrés", 50, "degrés", DP_QTY_MEASURE);
}

static void test_words(void) {
    TEST("number words");
    analyze("Sur onze pays membres, trois professeurs et vingt-huit intégrateurs, trente-sept postes, "
            "soixante et onze personnes, vingt-et-un villages, quatre-vingt-dix-neuf emplois, quatre-vingts maisons, "
            "soixante-dix salariés, deux cent mille euros, mille deux cents élèves et deux millions de passagers.");
    EXPECT("onze pays", 11, "pays", DP_QTY_COUNT);
    EXPECT("trois professeurs", 3, "professeurs", DP_QTY_COUNT);
    EXPECT("vingt-huit intégrateurs", 28, "intégrateurs", DP_QTY_COUNT);
    EXPECT("trente-sept postes", 37, "postes", DP_QTY_COUNT);
    EXPECT("soixante et onze personnes", 71, "personnes", DP_QTY_COUNT);
    EXPECT("vingt-et-un villages", 21, "villages", DP_QTY_COUNT);
    EXPECT("quatre-vingt-dix-neuf emplois", 99, "emplois", DP_QTY_COUNT);
    EXPECT("quatre-vingts maisons", 80, "maisons", DP_QTY_COUNT);
    EXPECT("soixante-dix salariés", 70, "salariés", DP_QTY_COUNT);
    EXPECT("deux cent mille euros", 200000, "euros", DP_QTY_MONEY);
    EXPECT("mille deux cents élèves", 1200, "élèves", DP_QTY_COUNT);
    EXPECT("deux millions de passagers", 2e6, "passagers", DP_QTY_COUNT);
    analyze("Elle a ouvert deux autres studios et un million de personnes l'ont visité.");
    EXPECT("deux autres studios", 2, "studios", DP_QTY_COUNT);
    EXPECT("un million de personnes", 1e6, "personnes", DP_QTY_COUNT);
    /* "un"/"une" alone is an article */
    CHECK_EQ(analyze("Un homme a vu une voiture et un enseignant."), 0);
}

static void test_approx(void) {
    TEST("approximate counts");
    analyze("Une cinquantaine de salariés, une dizaine de camions, un millier de personnes et deux centaines d'euros.");
    EXPECT("Une cinquantaine de salariés", 50, "salariés", DP_QTY_COUNT);
    EXPECT("une dizaine de camions", 10, "camions", DP_QTY_COUNT);
    EXPECT("un millier de personnes", 1000, "personnes", DP_QTY_COUNT);
    EXPECT("deux centaines d'euros", 200, "euros", DP_QTY_MONEY);
    /* vague: plural without a number, a bound on an approximation, "la quarantaine" */
    CHECK_EQ(analyze("Des dizaines de familles, des milliers de manifestants, plusieurs milliards de dollars."), 0);
    CHECK_EQ(analyze("Plus d'une dizaine de projets sont prêts. Il a fini sa quarantaine."), 0);
}

static void test_bare(void) {
    TEST("bare numbers");
    analyze("Le groupe supprime 881 postes, dont 509 sur un site, et 128 postes (sur 483) à Orvault, 62 à Rennes.");
    EXPECT("881 postes", 881, "postes", DP_QTY_COUNT);
    EXPECT("509", 509, "postes", DP_QTY_COUNT);
    EXPECT("483", 483, "postes", DP_QTY_COUNT);
    EXPECT("62", 62, "postes", DP_QTY_COUNT);
    analyze("Ce ne sont pas 1.800 mais 2.052 emplois qui sont menacés.");
    EXPECT("1.800", 1800, "emplois", DP_QTY_COUNT);
    EXPECT("2.052 emplois", 2052, "emplois", DP_QTY_COUNT);
    analyze("Sur onze pays membres, à peine quatre ont participé.");
    EXPECT("quatre", 4, "pays", DP_QTY_COUNT);
    /* a range shares its scale and unit */
    analyze("La voiture vaut entre 1 et 1,5 million de dollars.");
    EXPECT("1", 1e6, "dollars", DP_QTY_MONEY);
    EXPECT("1,5 million de dollars", 1.5e6, "dollars", DP_QTY_MONEY);
    /* nothing before or after tells what a bare number counts */
    CHECK_EQ(analyze("Il a dit 509 fois non, puis 42."), 0);
    /* a bare number after a duration is a duration */
    CHECK_EQ(analyze("Il faut 10 à 11 semaines de congé sur les 14 à 15."), 0);
}

static void test_exclusions(void) {
    TEST("not quantities");
    CHECK_EQ(analyze("En 2019, le 9 août 2020, depuis 1994 et le 09/08/2020, jeudi 31 octobre, fin 2023."), 0);
    CHECK_EQ(analyze("Le 1er mai, la 2e place, le 66e anniversaire, le XIXe siècle, les 5èmes journées."), 0);
    CHECK_EQ(analyze("Appelez le 514 123-4567 ou le 01 23 45 67 89."), 0);
    CHECK_EQ(analyze("L'article 49.3, la loi 44, le no 5, le n° 12 et l'article 3 de la Constitution."), 0);
    CHECK_EQ(analyze("Il a travaillé pendant trois ans, il est âgé de 66 ans, il a 20 ans, en six mois, 24 heures."), 0);
    CHECK_EQ(analyze("Rendez-vous à 14h30, à 9 h 15 ou à 12:30."), 0);
    CHECK_EQ(analyze("Il habite au 12 rue de la Paix et a pris le Boeing 737."), 0);
    CHECK_EQ(analyze("Un virage à 180 degrés, deux fois plus, la campagne 2018-2019."), 0);
    /* "les deux pays": a known pair, not a count */
    CHECK_EQ(analyze("Les relations entre les deux pays sont compliquées."), 0);
    /* a year-like number before a counted noun is a count */
    analyze("Ubisoft embauchera 1000 employés et 2000 techniciens d'ici 2027.");
    EXPECT("1000 employés", 1000, "employés", DP_QTY_COUNT);
    EXPECT("2000 techniciens", 2000, "techniciens", DP_QTY_COUNT);
    NONE_AT("2027");
}

static void test_spans_dedup(void) {
    TEST("spans and repeats");
    const char *s = "Les 7 ministres ont parlé. Les 7 ministres sont partis. 7 ministres, c'est peu.";
    CHECK_EQ(analyze(s), 3); /* every occurrence, grouped: each points to the first */
    size_t nq = 0;
    const dp_quantity *all = dp_doc_quantities(doc, &nq);
    for (size_t i = 0; i < nq; i++) CHECK_EQ(all[i].group, 0);
    const dp_quantity *q = find("7 ministres");
    if (CHECK(q != NULL)) {
        CHECK_EQ(q->span.start, 4);
        CHECK_EQ(q->span.end, 15);
        size_t tl = 0;
        const char *t = dp_doc_text(doc, &tl);
        CHECK(q->span.nend <= tl);
        CHECK_MEM(t + q->span.nstart, q->span.nend - q->span.nstart, "7 ministres");
    }
    /* offsets are input offsets when the normalised text differs (CR LF, BOM) */
    s = "\xEF\xBB\xBFTitre\r\n\r\nIls sont 541 personnes.";
    CHECK_EQ(analyze(s), 1);
    q = find("541 personnes");
    CHECK(q != NULL);
}

static void test_garbage(void) {
    TEST("hostile inputs");
    /* a 1 MB line of digits */
    size_t n = 1u << 20;
    char *big = malloc(n + 1);
    if (!CHECK(big != NULL)) return;
    memset(big, '7', n);
    big[n] = 0;
    CHECK_EQ(analyze(big), 0);
    /* 10^400 and a long fraction */
    char *p = big;
    p += sprintf(p, "Il y a 1");
    memset(p, '0', 400);
    p += 400;
    p += sprintf(p, " euros et 1,");
    memset(p, '9', 500);
    p += 500;
    sprintf(p, " %% de hausse et un million un million de personnes.");
    size_t k = analyze(big);
    const dp_quantity *q = dp_doc_quantities(doc, &k);
    for (size_t i = 0; i < k; i++) CHECK(isfinite(q[i].value));
    /* 100,000 numbers */
    p = big;
    for (int i = 0; i < 100000 && (size_t)(p - big) < n - 64; i++)
        p += sprintf(p, "%d %s ", i * 7 + 1, i % 3 == 0 ? "personnes," : i % 3 == 1 ? "et" : "%");
    *p = 0;
    k = analyze(big);
    CHECK(k > 10000);
    q = dp_doc_quantities(doc, &k);
    int finite = 1;
    for (size_t i = 0; i < k; i++) finite &= isfinite(q[i].value) && q[i].span.start < q[i].span.end;
    CHECK(finite);
    /* any bytes */
    unsigned seed = 12345;
    for (size_t i = 0; i < 200000; i++) {
        seed = seed * 1103515245u + 12345u;
        big[i] = (char)(seed >> 16);
        if (i % 7 == 0) big[i] = (char)('0' + (seed >> 8) % 10);
    }
    big[200000] = 0;
    k = analyze(big);
    q = dp_doc_quantities(doc, &k);
    finite = 1;
    for (size_t i = 0; i < k; i++) finite &= isfinite(q[i].value) && q[i].span.start < q[i].span.end;
    CHECK(finite);
    free(big);
}

int main(void) {
    doc = dp_doc_new();
    if (!doc) return 1;
    test_digits();
    test_scales_money();
    test_percent_measure();
    test_words();
    test_approx();
    test_bare();
    test_exclusions();
    test_spans_dedup();
    test_garbage();
    dp_doc_free(doc);
    return TEST_DONE();
}
