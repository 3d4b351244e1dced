/* test_dedup.c — near-duplicate signatures (src/store/dedup.h, docs/dedup.md):
 * identity, typography, different articles, wire edits (headline, trimmed end,
 * added paragraph), LSH buckets, and hostile input. Linked against depeche_internal. */
#include "harness.h"

#include "store/dedup.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A wire dispatch in the OrangeSum style (paragraphs glued). */
static const char *const P1 =
    "Le gouvernement a annoncé jeudi une enveloppe supplémentaire de 400 millions d'euros pour "
    "revaloriser les salaires des soignants, à l'issue d'une longue nuit de négociations avec les "
    "syndicats de la fonction publique hospitalière. ";
static const char *const P2 =
    "Cette somme porte à sept milliards d'euros le montant total consacré aux hausses de "
    "rémunération du personnel des hôpitaux et des Ehpad, a précisé le ministre de la Santé Olivier "
    "Véran devant la presse. ";
static const char *const P3 =
    "Les organisations syndicales jugent pourtant l'effort \"insuffisant\" et réclament une hausse "
    "de 300 euros net par mois pour tous, faute de quoi elles menacent d'appeler à de nouvelles "
    "journées de mobilisation dès la semaine prochaine. ";
static const char *const P4 =
    "Le ministre a souhaité disposer de quelques jours supplémentaires afin de revenir vers les "
    "partenaires sociaux avec une proposition définitive, la signature d'un accord étant désormais "
    "espérée avant la fin du mois de juillet. ";
static const char *const P5 =
    "Une seconde enveloppe, de 100 millions d'euros celle-ci, a par ailleurs été proposée jeudi "
    "matin aux médecins hospitaliers, qui font l'objet de discussions à part, ce qui porte à 600 "
    "millions le montant promis pour les médecins, les internes et les étudiants. ";

/* Another article entirely. */
static const char *const OTHER =
    "Au moins 275 éléphants sont morts depuis le début de l'année dans le delta de l'Okavango, au "
    "Botswana, sans que les autorités parviennent à expliquer leur disparition. Les analyses menées "
    "par des laboratoires étrangers n'ont pas permis d'écarter la piste d'un empoisonnement ou "
    "d'une maladie, ont indiqué les services de la faune. Les carcasses ont été retrouvées près "
    "des points d'eau, sans trace de braconnage puisque les défenses étaient intactes, selon une "
    "organisation de protection des animaux qui réclame une enquête internationale.";

static double sim_of(const char *a, const char *b) {
    dp_minhash ma, mb;
    dp_minhash_text(a, strlen(a), &ma);
    dp_minhash_text(b, strlen(b), &mb);
    return dp_minhash_similarity(&ma, &mb);
}

static char *join(const char *const *parts, size_t n) {
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += strlen(parts[i]);
    char *s = malloc(len + 1);
    if (!s) abort();
    s[0] = 0;
    for (size_t i = 0; i < n; i++) strcat(s, parts[i]);
    return s;
}

static void test_identity(void) {
    TEST("identical texts");
    const char *parts[] = {P1, P2, P3, P4, P5};
    char *a = join(parts, 5);
    dp_minhash m1, m2;
    size_t n1 = dp_minhash_text(a, strlen(a), &m1);
    size_t n2 = dp_minhash_text(a, strlen(a), &m2);
    CHECK(n1 > 100);
    CHECK_EQ(n1, n2);
    CHECK(dp_minhash_similarity(&m1, &m2) == 1.0);
    CHECK(memcmp(&m1, &m2, sizeof m1) == 0); /* deterministic */
    int64_t k1[DP_LSH_BANDS], k2[DP_LSH_BANDS];
    dp_minhash_buckets(&m1, k1);
    dp_minhash_buckets(&m2, k2);
    CHECK(memcmp(k1, k2, sizeof k1) == 0);
    /* band keys differ between bands (band index mixed in) */
    int distinct = 1;
    for (size_t i = 0; i < DP_LSH_BANDS; i++)
        for (size_t j = i + 1; j < DP_LSH_BANDS; j++) distinct &= k1[i] != k1[j];
    CHECK(distinct);
    /* a fixed seed: the signature of a known text never changes between builds */
    dp_minhash fx;
    dp_minhash_text("un deux trois quatre cinq", 25, &fx);
    CHECK_EQ(dp_minhash_text("un deux trois quatre cinq", 25, &fx), 2);
    /* stored signatures must stay comparable: these values change only with a schema migration */
    CHECK_EQ(fx.h[0], 1316583883u);
    CHECK_EQ(fx.h[63], 848745635u);
    int64_t kf[DP_LSH_BANDS];
    dp_minhash_buckets(&fx, kf);
    CHECK_EQ(kf[0], 2436787046289597461ll);
    free(a);
}

static void test_typography(void) {
    TEST("typographic variants");
    const char *a = "L'enveloppe \"globale\" de sept milliards d'euros reste insuffisante, selon les syndicats : "
                    "ils veulent continuer le rapport de force... Le ministre Véran répond jeudi.";
    const char *b = "L\xE2\x80\x99" "enveloppe \xC2\xAB\xC2\xA0globale\xC2\xA0\xC2\xBB de sept milliards "
                    "d\xE2\x80\x99" "euros reste insuffisante, selon les syndicats\xC2\xA0: ils veulent "
                    "continuer le rapport de force\xE2\x80\xA6 LE MINISTRE V\xC3\x89RAN R\xC3\x89POND JEUDI.";
    CHECK(sim_of(a, b) == 1.0);
    /* NFD accents, soft hyphen inside a word, CRLF, tabs, Œ/oe */
    const char *c = "Le coeur de l'oeuvre est a Noel";
    const char *d = "LE C\xC5\x92UR DE L\xE2\x80\x99\xC5\x92UVRE EST \xC3\x80\r\n\tNoe\xCC\x88l";
    CHECK(sim_of(c, d) == 1.0);
    const char *e = "la m\xC3\xA9" "decine lib\xC3\xA9rale en France aujourd'hui";
    const char *f = "la me\xCC\x81" "de\xC2\xAD" "cine libe\xCC\x81rale en France aujourd\xE2\x80\x99hui";
    CHECK(sim_of(e, f) == 1.0);
    /* glued sentences (OrangeSum) split like spaced ones */
    CHECK(sim_of("les Pyrénées.Alors que la neige tombe encore", "les Pyrénées. Alors que la neige tombe encore") == 1.0);
}

static void test_different(void) {
    TEST("a different article");
    const char *parts[] = {P1, P2, P3, P4, P5};
    char *a = join(parts, 5);
    double s = sim_of(a, OTHER);
    CHECK(s < 0.2);
    if (s >= 0.2) fprintf(stderr, "    similarity %.3f\n", s);
    free(a);
}

static void test_wire_edits(void) {
    TEST("wire edits above the threshold");
    double t = dp_dedup_threshold();
    CHECK(t > 0.2 && t < 1.0);
    const char *orig[] = {"Soignants: 400 millions d'euros de plus\n\n", P1, P2, P3, P4, P5};
    const char *headline[] = {"Olivier Véran débloque une rallonge pour l'hôpital\n\n", P1, P2, P3, P4, P5};
    const char *trimmed[] = {"Soignants: 400 millions d'euros de plus\n\n", P1, P2, P3, P4};
    const char *added[] = {"Soignants: 400 millions d'euros de plus\n\n", P1, P2, P3, P4, P5,
                           "Les discussions doivent reprendre lundi au ministère, en présence des représentants "
                           "des directeurs d'hôpitaux et des fédérations de l'hospitalisation privée."};
    const char *combined[] = {"Hôpital: une rallonge pour les soignants\n\n", P1, P2, P3,
                              "Les discussions doivent reprendre lundi au ministère, en présence des "
                              "représentants des directeurs d'hôpitaux.", P4};
    char *o = join(orig, 6), *h = join(headline, 6), *tr = join(trimmed, 5), *ad = join(added, 7),
         *co = join(combined, 6);
    double sh = sim_of(o, h), st = sim_of(o, tr), sa = sim_of(o, ad), sc = sim_of(o, co);
    CHECK(sh >= t);
    CHECK(st >= t);
    CHECK(sa >= t);
    CHECK(sc >= t);
    if (sh < t || st < t || sa < t || sc < t)
        fprintf(stderr, "    headline %.3f trimmed %.3f added %.3f combined %.3f\n", sh, st, sa, sc);
    /* a copy shares a bucket with its original (LSH candidate) */
    dp_minhash mo, mc;
    dp_minhash_text(o, strlen(o), &mo);
    dp_minhash_text(co, strlen(co), &mc);
    int64_t ko[DP_LSH_BANDS], kc[DP_LSH_BANDS];
    dp_minhash_buckets(&mo, ko);
    dp_minhash_buckets(&mc, kc);
    int shared = 0;
    for (size_t i = 0; i < DP_LSH_BANDS; i++) shared += ko[i] == kc[i];
    CHECK(shared > 0);
    free(o), free(h), free(tr), free(ad), free(co);
}

static void test_bad_input(void) {
    TEST("bad input");
    dp_minhash m, e2;
    CHECK_EQ(dp_minhash_text("", 0, &m), 0);
    CHECK_EQ(dp_minhash_text(NULL, 0, &m), 0);
    CHECK_EQ(dp_minhash_text("un deux trois", 13, &m), 0); /* fewer words than a shingle */
    CHECK_EQ(dp_minhash_text("... ,,, !!! «» — ’", 22, &e2), 0);
    CHECK(dp_minhash_similarity(&m, &e2) == 0.0); /* two empty signatures are not copies */
    CHECK(dp_minhash_similarity(&m, &m) == 0.0);
    /* invalid UTF-8, NUL, truncated sequences, surrogates: separators, no crash */
    const char bad[] = "mot\xFF\xFE" "deux\0trois\xC3 quatre\xED\xA0\x80" "cinq\xF4\x90\x80\x80six\xE2\x82";
    size_t n = dp_minhash_text(bad, sizeof bad - 1, &m);
    CHECK_EQ(n, 3); /* mot deux trois quatre cinq six: 6 words, 3 shingles of 4 */
    /* random bytes of every length up to 300 */
    uint64_t s = 42;
    unsigned char buf[300];
    for (size_t len = 0; len <= sizeof buf; len++) {
        for (size_t i = 0; i < len; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            buf[i] = (unsigned char)(s >> 56);
        }
        dp_minhash_text((const char *)buf, len, &m);
    }
    /* 50 MB: linear, no allocation */
    size_t big = 50u << 20;
    char *t = malloc(big);
    if (CHECK(t != NULL)) {
        const char *parts[] = {P1, P2, P3, P4, P5};
        size_t off = 0, k = 0;
        while (off < big) {
            size_t l = strlen(parts[k % 5]);
            if (l > big - off) l = big - off;
            memcpy(t + off, parts[k % 5], l);
            off += l, k++;
        }
        n = dp_minhash_text(t, big, &m);
        CHECK(n > 1000000);
        free(t);
    }
    /* shingle lengths outside 1..8 */
    CHECK_EQ(dp_minhash_text_k("un deux trois quatre", 20, 0, &m, NULL, 0), 0);
    CHECK_EQ(dp_minhash_text_k("un deux trois quatre", 20, 9, &m, NULL, 0), 0);
    uint64_t sh[2];
    CHECK_EQ(dp_minhash_text_k("un deux trois quatre", 20, 1, &m, sh, 2), 4); /* cap respected */
}

int main(void) {
    test_identity();
    test_typography();
    test_different();
    test_wire_edits();
    test_bad_input();
    return TEST_DONE();
}
