/* test_tokenize.c — the French tokenizer through the public API
 * (dp_doc_analyze + dp_doc_tokens), issue #2 item 4. Expected tokens follow
 * UD French (GSD) conventions. Tokens are written joined by '|'. */
#include "harness.h"
#include "testutil.h"

/* U+00A0 no-break space, U+202F narrow no-break space, U+2009 thin space */
#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"
#define THIN "\xE2\x80\x89"
#define RSQUO "\xE2\x80\x99" /* ’ */

/* A doc analysed from a string literal, freed by the caller. */
static dp_doc *doc_of(const char *in) {
    dp_doc *d = dp_doc_new();
    if (d && dp_doc_analyze(d, in, strlen(in), 0, NULL) != DP_OK) {
        dp_doc_free(d);
        return NULL;
    }
    return d;
}

static void test_elisions(void) {
    TEST("elisions");
    CHECK_TOKENS("L'avion d'Air France qu'il jusqu'à lorsqu'il puisqu'elle",
                 "L'|avion|d'|Air|France|qu'|il|jusqu'|à|lorsqu'|il|puisqu'|elle");
    CHECK_TOKENS("L" RSQUO "avion d" RSQUO "Air qu" RSQUO "il jusqu" RSQUO "à lorsqu" RSQUO "il puisqu" RSQUO "on",
                 "L" RSQUO "|avion|d" RSQUO "|Air|qu" RSQUO "|il|jusqu" RSQUO "|à|lorsqu" RSQUO "|il|puisqu" RSQUO
                 "|on");
    CHECK_TOKENS("j'ai n'est s'il c'est m'a t'a", "j'|ai|n'|est|s'|il|c'|est|m'|a|t'|a");
    CHECK_TOKENS("J'ai dit qu'aujourd'hui l'État", "J'|ai|dit|qu'|aujourd'hui|l'|État");
    CHECK_TOKENS("Aujourd'hui, aujourd" RSQUO "hui.", "Aujourd'hui|,|aujourd" RSQUO "hui|.");
    CHECK_TOKENS("quelqu'un", "quelqu'un");
    CHECK_TOKENS("l'Élysée d'Ukraine", "l'|Élysée|d'|Ukraine");
    /* a capital N then a capital is a name, not the elided negation */
    CHECK_TOKENS("Denis Sassou N" RSQUO "Guesso à N'Djamena", "Denis|Sassou|N" RSQUO "Guesso|à|N'Djamena");
    CHECK_TOKENS("N'hésitez pas. N" RSQUO "est-ce pas", "N'|hésitez|pas|.|N" RSQUO "|est|-ce|pas");

    dp_doc *d = doc_of("l'heure");
    const dp_token *t = d ? tu_find(d, "l'") : NULL;
    if (CHECK(t != NULL)) {
        CHECK(t->flags & DP_TF_ELISION);
        CHECK_EQ(t->kind, DP_TOK_WORD);
        CHECK_EQ(t->start, 0);
        CHECK_EQ(t->end, 2);
    }
    t = d ? tu_find(d, "heure") : NULL;
    if (CHECK(t != NULL)) CHECK(!(t->flags & (DP_TF_ELISION | DP_TF_SPACE_BEFORE)));
    dp_doc_free(d);
}

static void test_clitics(void) {
    TEST("clitics");
    CHECK_TOKENS("A-t-il dit", "A|-t-il|dit");
    CHECK_TOKENS("« Non », a-t-il dit.", "«|Non|»|,|a|-t-il|dit|.");
    CHECK_TOKENS("dit-elle, disent-ils", "dit|-elle|,|disent|-ils");
    CHECK_TOKENS("Peut-on ? sommes-nous", "Peut|-on|?|sommes|-nous");
    CHECK_TOKENS("Que faire-t-elle ?", "Que|faire|-t-elle|?");
    /* lexical hyphens stay */
    CHECK_TOKENS("peut-être Saint-Étienne porte-parole", "peut-être|Saint-Étienne|porte-parole");
    CHECK_TOKENS("grand-mère Jean-Pierre vis-à-vis anti-russe pro-occidental",
                 "grand-mère|Jean-Pierre|vis-à-vis|anti-russe|pro-occidental");
    CHECK_TOKENS("arc-en-ciel rendez-vous c'est-à-dire", "arc-en-ciel|rendez-vous|c'est-à-dire");

    dp_doc *d = doc_of("dit-elle");
    const dp_token *t = d ? tu_find(d, "-elle") : NULL;
    if (CHECK(t != NULL)) {
        CHECK(t->flags & DP_TF_CLITIC);
        CHECK(!(t->flags & DP_TF_SPACE_BEFORE));
        CHECK_EQ(t->start, 3);
        CHECK_EQ(t->end, 8);
    }
    dp_doc_free(d);
}

static void test_numbers(void) {
    TEST("numbers");
    CHECK_TOKENS("100.000 personnes", "100.000|personnes");
    CHECK_TOKENS("100 000 personnes", "100 000|personnes");
    CHECK_TOKENS("100" NBSP "000 personnes", "100" NBSP "000|personnes");
    CHECK_TOKENS("100" NNBSP "000 personnes", "100" NNBSP "000|personnes");
    CHECK_TOKENS("1 000 000 d'euros", "1 000 000|d'|euros");
    CHECK_TOKENS("1,5 million", "1,5|million");
    CHECK_TOKENS("12,5 % des voix", "12,5|%|des|voix");
    CHECK_TOKENS("12,5" NBSP "%", "12,5|%");
    CHECK_TOKENS("12,5%", "12,5|%");
    CHECK_TOKENS("une baisse de -0,8 point", "une|baisse|de|-0,8|point");
    CHECK_TOKENS("3, 4 et 5.", "3|,|4|et|5|.");
    CHECK_TOKENS("en 1994 et 2020", "en|1994|et|2020");
    CHECK_TOKENS("le 11/09/2020 à 12:30", "le|11/09/2020|à|12:30");
    CHECK_TOKENS("20 000" THIN "€", "20 000|€");

    dp_doc *d = doc_of("100 000 et 1,5 et 100.000 et 12,5 %");
    const char *nums[] = {"100 000", "1,5", "100.000", "12,5"};
    for (size_t i = 0; d && i < 4; i++) {
        const dp_token *t = tu_find(d, nums[i]);
        if (CHECK(t != NULL)) CHECK_EQ(t->kind, DP_TOK_NUMBER);
    }
    const dp_token *pct = d ? tu_find(d, "%") : NULL;
    if (CHECK(pct != NULL)) CHECK_EQ(pct->kind, DP_TOK_SYMBOL);
    dp_doc_free(d);

    /* "100 000" with a no-break space: one token spanning the 8 input bytes */
    d = doc_of("Les 100" NBSP "000 manifestants");
    const dp_token *t = d ? tu_find(d, "100" NBSP "000") : NULL;
    if (CHECK(t != NULL)) {
        CHECK_EQ(t->start, 4);
        CHECK_EQ(t->end, 12);
    }
    dp_doc_free(d);
}

static void test_ordinals(void) {
    TEST("ordinals");
    CHECK_TOKENS("son 66e anniversaire", "son|66e|anniversaire");
    CHECK_TOKENS("le XIXe siècle", "le|XIXe|siècle");
    CHECK_TOKENS("le 1er mai et la 1re fois", "le|1er|mai|et|la|1re|fois");
    CHECK_TOKENS("la 2nde guerre, le 3e jour", "la|2nde|guerre|,|le|3e|jour");
    /* an ordinal is an adjective: a word, not a number (depeche.h) */
    dp_doc *d = doc_of("son 66e anniversaire");
    const dp_token *t = d ? tu_find(d, "66e") : NULL;
    if (CHECK(t != NULL)) CHECK_EQ(t->kind, DP_TOK_WORD);
    dp_doc_free(d);
}

static void test_abbreviations(void) {
    TEST("abbreviations");
    CHECK_TOKENS("M. Peskov a dit", "M.|Peskov|a|dit");
    CHECK_TOKENS("MM. Dupont et Durand", "MM.|Dupont|et|Durand");
    CHECK_TOKENS("Mme Martin et Mmes Roux, Mlle Petit", "Mme|Martin|et|Mmes|Roux|,|Mlle|Petit");
    CHECK_TOKENS("le Dr. House et Me Dupond", "le|Dr.|House|et|Me|Dupond");
    CHECK_TOKENS("Mgr Lustiger à St. Louis", "Mgr|Lustiger|à|St.|Louis");
    CHECK_TOKENS("en 52 av. J.-C. à Alésia", "en|52|av.|J.-C.|à|Alésia");
    CHECK_TOKENS("des pommes, des poires, etc. et", "des|pommes|,|des|poires|,|etc.|et");
    /* initials */
    CHECK_TOKENS("J. Chirac", "J.|Chirac");
    CHECK_TOKENS("J.-M. Le Pen", "J.-M.|Le|Pen");
    CHECK_TOKENS("selon J.-P. Sartre", "selon|J.-P.|Sartre");

    dp_doc *d = doc_of("M. Peskov");
    const dp_token *t = d ? tu_find(d, "M.") : NULL;
    if (CHECK(t != NULL)) CHECK_EQ(t->kind, DP_TOK_ABBREV);
    dp_doc_free(d);
}

static void test_acronyms(void) {
    TEST("acronyms");
    CHECK_TOKENS("Le groupe R.E.M. joue ce soir.", "Le|groupe|R.E.M.|joue|ce|soir|.");
    CHECK_TOKENS("en tant que R.E.M., sommes-nous encore R.E.M. ?",
                 "en|tant|que|R.E.M.|,|sommes|-nous|encore|R.E.M.|?");
    CHECK_TOKENS("les U.S.A. et l'URSS", "les|U.S.A.|et|l'|URSS");
    CHECK_TOKENS("l'ONU et l'OTAN", "l'|ONU|et|l'|OTAN");
}

static void test_web(void) {
    TEST("web");
    CHECK_TOKENS("Voir https://www.lemonde.fr/article.html, puis", "Voir|https://www.lemonde.fr/article.html|,|puis");
    CHECK_TOKENS("(voir www.afp.com)", "(|voir|www.afp.com|)");
    CHECK_TOKENS("http://x.fr/a?b=1&c=2.", "http://x.fr/a?b=1&c=2|.");
    CHECK_TOKENS("écrire à redaction@afp.fr.", "écrire|à|redaction@afp.fr|.");
    CHECK_TOKENS("#Bélarus et @AFP", "#Bélarus|et|@AFP");

    dp_doc *d = doc_of("https://afp.com jean.dupont@afp.fr #Minsk @Kremlin");
    static const struct {
        const char *text;
        int kind;
    } want[] = {{"https://afp.com", DP_TOK_URL},
                {"jean.dupont@afp.fr", DP_TOK_EMAIL},
                {"#Minsk", DP_TOK_HASHTAG},
                {"@Kremlin", DP_TOK_MENTION}};
    for (size_t i = 0; d && i < sizeof want / sizeof want[0]; i++) {
        const dp_token *t = tu_find(d, want[i].text);
        if (CHECK(t != NULL)) CHECK_EQ(t->kind, want[i].kind);
    }
    dp_doc_free(d);
}

static void test_quotes_dashes(void) {
    TEST("quotes, dashes, ellipsis");
    CHECK_TOKENS("« Bonjour » “oui” \"non\" ‹ a ›", "«|Bonjour|»|“|oui|”|\"|non|\"|‹|a|›");
    CHECK_TOKENS("«Bonjour»", "«|Bonjour|»");
    CHECK_TOKENS("« C'est fini. »", "«|C'|est|fini|.|»");
    CHECK_TOKENS("– tiret — long -- double", "–|tiret|—|long|--|double");
    CHECK_TOKENS("Paris - Lyon", "Paris|-|Lyon");
    CHECK_TOKENS("C'est fini... Et après ?! Rien…", "C'|est|fini|...|Et|après|?!|Rien|…");
    CHECK_TOKENS("(selon l'AFP) [sic]", "(|selon|l'|AFP|)|[|sic|]");
    CHECK_TOKENS("mot;mot:mot", "mot|;|mot|:|mot");
}

/* The direction of each quotation mark: TF_QUOTE_OPEN / TF_QUOTE_CLOSE. */
static void test_quote_flags(void) {
    TEST("quote direction flags");
    const char *in = "« Oui », “non” et \"peut-être\".";
    dp_doc *d = doc_of(in);
    static const struct {
        const char *text;
        unsigned flag;
    } want[] = {{"«", DP_TF_QUOTE_OPEN}, {"»", DP_TF_QUOTE_CLOSE}, {"“", DP_TF_QUOTE_OPEN}, {"”", DP_TF_QUOTE_CLOSE}};
    for (size_t i = 0; d && i < sizeof want / sizeof want[0]; i++) {
        const dp_token *t = tu_find(d, want[i].text);
        if (CHECK(t != NULL)) {
            CHECK_EQ(t->flags & (DP_TF_QUOTE_OPEN | DP_TF_QUOTE_CLOSE), want[i].flag);
            CHECK_EQ(t->kind, DP_TOK_PUNCT);
        }
    }
    /* straight quotes: the first opens, the one glued after the word closes */
    size_t n = 0;
    const dp_token *t = d ? dp_doc_tokens(d, &n) : NULL;
    int seen = 0;
    for (size_t i = 0; t && i < n; i++) {
        if (t[i].nend - t[i].nstart != 1 || dp_doc_text(d, NULL)[t[i].nstart] != '"') continue;
        CHECK_EQ(t[i].flags & (DP_TF_QUOTE_OPEN | DP_TF_QUOTE_CLOSE), seen ? DP_TF_QUOTE_CLOSE : DP_TF_QUOTE_OPEN);
        seen++;
    }
    CHECK_EQ(seen, 2);
    dp_doc_free(d);
}

static void test_mwt(void) {
    TEST("multiword tokens");
    CHECK_TOKENS("le porte-parole du Kremlin", "le|porte-parole|du|Kremlin");
    static const struct {
        const char *in, *a, *b;
    } mwt[] = {{"du", "de", "le"}, {"des", "de", "les"}, {"au", "à", "le"}, {"aux", "à", "les"},
               {"Du", "de", "le"}, {"AUX", "à", "les"}};
    for (size_t i = 0; i < sizeof mwt / sizeof mwt[0]; i++) {
        dp_doc *d = doc_of(mwt[i].in);
        size_t n = 0;
        const dp_token *t = d ? dp_doc_tokens(d, &n) : NULL;
        if (CHECK_EQ(n, 1) && CHECK_EQ(t[0].nparts, 2) && CHECK(t[0].parts != NULL)) {
            CHECK_STR(t[0].parts[0].text, mwt[i].a);
            CHECK_STR(t[0].parts[1].text, mwt[i].b);
        }
        dp_doc_free(d);
    }
    /* not multiword tokens */
    dp_doc *d = doc_of("de le la dune aussi");
    size_t n = 0;
    const dp_token *t = d ? dp_doc_tokens(d, &n) : NULL;
    CHECK_EQ(n, 5);
    for (size_t i = 0; t && i < n; i++) {
        CHECK_EQ(t[i].nparts, 0);
        CHECK(t[i].parts == NULL);
    }
    dp_doc_free(d);
}

static void test_flags_and_spans(void) {
    TEST("flags and spans");
    const char *in = "Un titre\nLe texte.\n\nSuite";
    dp_doc *d = doc_of(in);
    size_t n = 0;
    const dp_token *t = d ? dp_doc_tokens(d, &n) : NULL;
    if (CHECK_EQ(n, 6)) {
        CHECK_EQ(t[0].flags & (DP_TF_SPACE_BEFORE | DP_TF_NEWLINE_BEFORE | DP_TF_PARA_BEFORE), 0);
        CHECK_EQ(t[1].flags & (DP_TF_SPACE_BEFORE | DP_TF_NEWLINE_BEFORE), DP_TF_SPACE_BEFORE);
        CHECK(t[2].flags & DP_TF_NEWLINE_BEFORE);
        CHECK(!(t[2].flags & DP_TF_PARA_BEFORE));
        CHECK(!(t[4].flags & DP_TF_SPACE_BEFORE)); /* "." glued */
        CHECK(t[5].flags & DP_TF_PARA_BEFORE);
        CHECK(t[5].flags & DP_TF_NEWLINE_BEFORE);
        CHECK_EQ(t[5].start, 20);
        CHECK_EQ(t[5].end, 25);
        CHECK_EQ(t[4].kind, DP_TOK_PUNCT);
    }
    dp_doc_free(d);

    CHECK_TOKENS("", "");
    CHECK_TOKENS(" \t\n\n  ", "");
    CHECK_TOKENS("  mot  ", "mot");
}

int main(void) {
    test_elisions();
    test_clitics();
    test_numbers();
    test_ordinals();
    test_abbreviations();
    test_acronyms();
    test_web();
    test_quotes_dashes();
    test_quote_flags();
    test_mwt();
    test_flags_and_spans();
    return TEST_DONE();
}
