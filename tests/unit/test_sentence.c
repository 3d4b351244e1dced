/* test_sentence.c — the sentence splitter through the public API, issue #2
 * item 5. Sentences are written as the input text of each, joined by '|'. */
#include "harness.h"
#include "testutil.h"

static void test_basic(void) {
    TEST("basic");
    CHECK_SENTENCES("Il pleut. Il vente.", "Il pleut.|Il vente.");
    CHECK_SENTENCES("Vraiment ? Oui ! Bon.", "Vraiment ?|Oui !|Bon.");
    CHECK_SENTENCES("Et après ?! Rien.", "Et après ?!|Rien.");
    CHECK_SENTENCES("C'est fini... Et après", "C'est fini...|Et après");
    CHECK_SENTENCES("Rien… Vraiment.", "Rien…|Vraiment.");
    CHECK_SENTENCES("Il hésite... et repart.", "Il hésite... et repart.");
    CHECK_SENTENCES("Sans point final", "Sans point final");
    CHECK_SENTENCES("", "");
    CHECK_SENTENCES("Il a 3 ans. 2020 fut dure.", "Il a 3 ans.|2020 fut dure.");
}

static void test_abbreviations(void) {
    TEST("abbreviations and initials");
    CHECK_SENTENCES("M. Peskov a dit.", "M. Peskov a dit.");
    CHECK_SENTENCES("Selon M. Peskov, la visite aura lieu. MM. Dupont et Durand sont venus.",
                    "Selon M. Peskov, la visite aura lieu.|MM. Dupont et Durand sont venus.");
    CHECK_SENTENCES("Le Dr. House et Mgr Lustiger sont là.", "Le Dr. House et Mgr Lustiger sont là.");
    CHECK_SENTENCES("Il est mort en 52 av. J.-C. à Rome.", "Il est mort en 52 av. J.-C. à Rome.");
    CHECK_SENTENCES("Selon J. Chirac, non.", "Selon J. Chirac, non.");
    CHECK_SENTENCES("Selon J.-M. Le Pen, non.", "Selon J.-M. Le Pen, non.");
    CHECK_SENTENCES("Le groupe R.E.M. joue ce soir.", "Le groupe R.E.M. joue ce soir.");
    CHECK_SENTENCES("Des pommes, des poires, etc. Le reste suit.", "Des pommes, des poires, etc.|Le reste suit.");
}

static void test_quotes(void) {
    TEST("quotes");
    CHECK_SENTENCES("« Non ! », a-t-il dit.", "« Non ! », a-t-il dit.");
    CHECK_SENTENCES("« Non ! » a-t-il dit.", "« Non ! » a-t-il dit.");
    CHECK_SENTENCES("Il a dit : « C'est fini. » Puis il est parti.", "Il a dit : « C'est fini. »|Puis il est parti.");
    CHECK_SENTENCES("Il a dit \"C'est fini.\" Puis rien.", "Il a dit \"C'est fini.\"|Puis rien.");
    CHECK_SENTENCES("Il a dit “C'est fini.” Puis rien.", "Il a dit “C'est fini.”|Puis rien.");
    CHECK_SENTENCES("Il a demandé : « Pourquoi ? » Personne n'a répondu.",
                    "Il a demandé : « Pourquoi ? »|Personne n'a répondu.");
    CHECK_SENTENCES("(C'est la fin.) Ensuite.", "(C'est la fin.)|Ensuite.");
}

static void test_lines(void) {
    TEST("headlines and paragraphs");
    CHECK_SENTENCES("Un titre sans point\nLe texte commence ici. Il continue.",
                    "Un titre sans point|Le texte commence ici.|Il continue.");
    CHECK_SENTENCES("Premier paragraphe\n\nsecond paragraphe", "Premier paragraphe|second paragraphe");
    CHECK_SENTENCES("Une ligne coupée\nen deux reste une phrase.", "Une ligne coupée\nen deux reste une phrase.");
    CHECK_SENTENCES("Il a cité :\nLe Monde et Libération.", "Il a cité :\nLe Monde et Libération.");
    CHECK_SENTENCES("Titre\r\n\r\nLe texte.", "Titre|Le texte.");
}

static void test_glued(void) {
    TEST("glued sentences");
    CHECK_SENTENCES("Il pleut sur les Pyrénées.Alors que le soleil brille ailleurs.",
                    "Il pleut sur les Pyrénées.|Alors que le soleil brille ailleurs.");
    CHECK_SENTENCES("La crise dure depuis 2020.Le pays souffre.", "La crise dure depuis 2020.|Le pays souffre.");
    CHECK_TOKENS("les Pyrénées.Alors que", "les|Pyrénées|.|Alors|que");
    /* but not web addresses or dotted names */
    CHECK_SENTENCES("Lire lemonde.fr puis rentrer.", "Lire lemonde.fr puis rentrer.");
}

int main(void) {
    test_basic();
    test_abbreviations();
    test_quotes();
    test_lines();
    test_glued();
    return TEST_DONE();
}
