/* lang_fr.c — French data for the text layer (see lang.h). The conventions
 * follow Universal Dependencies French (GSD, Sequoia): elided articles and
 * pronouns are their own tokens ("l'" "avion"), "aujourd'hui" and "l'on" stay
 * whole, a final clitic pronoun is split off with its hyphen ("dit" "-elle",
 * "a" "-t-il"), "du/des/au/aux" are multiword tokens. */
#include "lang.h"

#include <string.h>

static const char *const fr_elisions[] = {
    "l", "d", "j", "m", "n", "s", "t", "c", "ç", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    "presqu", "y", NULL};

static const char *const fr_apos_words[] = {
    "aujourd'hui", "quelqu'un", "quelqu'une", "quelqu'uns", "prud'homme", "prud'hommes",
    "prud'homal", "prud'homale", "prud'homaux", "presqu'île", "presqu'îles", "entr'ouvert",
    "l'on", "main-d'oeuvre", "main-d'œuvre", "c'est-à-dire", NULL};

static const char *const fr_clitics[] = {
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "le", "la", "les", "lui",
    "leur", "moi", "toi", "y", "en", "ce", "ci", "là", NULL};

static const char *const fr_hyphen_words[] = {
    "rendez-vous", "chez-moi", "chez-soi", "chez-nous", "chez-toi", "va-t-en", "m'as-tu-vu",
    "sur-le-champ", "qu'en-dira-t-on", "suivez-moi", "laissez-nous", "je-ne-sais-quoi",
    "après-nous", "rez-de-chaussée", "crois-moi", "celui-ci", "celle-ci", "ceux-ci", "celles-ci",
    "celui-là", "celle-là", "ceux-là", "celles-là", "de-ci", "de-là", "par-ci", "par-là",
    "jusque-là", "ci-là", NULL};

static const char *const fr_titles[] = {
    "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Drs", "Pr", "Me", "Mgr", "St", "Ste",
    "Sts", "Stes", "Prof", "Gal", "Gén", "gén", "Cdt", "Col", "Lt", "Cne", "Sgt", "Vve", "Ier",
    "Jr", "Sr", "Mr", "Mrs", "Ms", "av", "apr", "cf", "p", "pp", "vol", "chap", "art",
    "fig", "éd", "coll", "hab", "env", "tél", "Tél", "Bd", "bd", "boul", "No", "no", "nos",
    "resp", "trad", "dir", "vs", NULL};

static const char *const fr_abbrevs[] = {"etc", "al", "ex", "Cie", "Inc", "Ltd", "cie", "J.-C", "apr. J.-C",
                                         "av. J.-C", NULL};

static const char *const fr_sentence_starters[] = {
    "Le", "La", "Les", "L", "Un", "Une", "Des", "Du", "De", "D", "Au", "Aux", "Ce", "Cet", "Cette",
    "Ces", "C", "Il", "Ils", "Elle", "Elles", "On", "Je", "J", "Nous", "Vous", "Tu", "Son", "Sa",
    "Ses", "Leur", "Leurs", "Mais", "Et", "Or", "Donc", "Car", "Puis", "Ainsi", "Alors", "Après",
    "Avant", "Dans", "En", "Pour", "Par", "Sur", "Selon", "Depuis", "Lors", "Cependant", "Pourtant",
    "Enfin", "Si", "Quand", "Comme", "Qui", "Que", "Qu", "Quel", "Quelle", "Tout", "Tous", "Toute",
    "Toutes", "Plus", "Aucun", "Aucune", "Chaque", "Parmi", "Entre", "Sans", "Avec", "Lorsque",
    "Pendant", "Cela", "Ceci", "Ça", "Y", "À", "Là", "Ici", "Voici", "Voilà", NULL};

static const char *const fr_ordinal_suffixes[] = {
    "e", "er", "re", "ère", "ème", "eme", "è", "nd", "nde", "es", "ers", "res", "ères", "èmes",
    "nds", "ndes", "o", NULL};

static const char *const fr_slash_units[] = {"km", "m", "cm", "mm", "g", "kg", "mg", "l", "ml", "kWh",
                                             "Wh", "W", "kW", "h", "s", "j", "an", "hab", "m2", "m²",
                                             "m3", "t", "dl", "mol", NULL};

static const dp_mwt fr_mwts[] = {
    {"du", 2, 2, {{"de", "de"}, {"le", "le"}, {NULL, NULL}}},
    {"des", 3, 2, {{"de", "de"}, {"les", "le"}, {NULL, NULL}}},
    {"au", 2, 2, {{"à", "à"}, {"le", "le"}, {NULL, NULL}}},
    {"aux", 3, 2, {{"à", "à"}, {"les", "le"}, {NULL, NULL}}},
    {"auquel", 6, 2, {{"à", "à"}, {"lequel", "lequel"}, {NULL, NULL}}},
    {"auxquels", 8, 2, {{"à", "à"}, {"lesquels", "lequel"}, {NULL, NULL}}},
    {"auxquelles", 10, 2, {{"à", "à"}, {"lesquelles", "lequel"}, {NULL, NULL}}},
    {"duquel", 6, 2, {{"de", "de"}, {"lequel", "lequel"}, {NULL, NULL}}},
    {"desquels", 8, 2, {{"de", "de"}, {"lesquels", "lequel"}, {NULL, NULL}}},
    {"desquelles", 10, 2, {{"de", "de"}, {"lesquelles", "lequel"}, {NULL, NULL}}},
};

const dp_lang dp_lang_fr = {
    .code = "fr",
    .elisions = fr_elisions,
    .apos_words = fr_apos_words,
    .clitics = fr_clitics,
    .hyphen_words = fr_hyphen_words,
    .titles = fr_titles,
    .abbrevs = fr_abbrevs,
    .sentence_starters = fr_sentence_starters,
    .ordinal_suffixes = fr_ordinal_suffixes,
    .slash_units = fr_slash_units,
    .mwts = fr_mwts,
    .mwt_initials = "ad",
    .nmwts = sizeof fr_mwts / sizeof fr_mwts[0],
};

int dp_lang_in(const char *const *list, const char *s, size_t n) {
    if (!n) return 0;
    for (; *list; list++)
        if ((*list)[0] == s[0] && strlen(*list) == n && memcmp(*list, s, n) == 0) return 1;
    return 0;
}

/* Folds s[0..n) (ASCII lowercase, ’ to ') into out (cap bytes); returns its
 * length or -1 if too long. */
static long fold(const char *s, size_t n, char *out, size_t cap) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
            c = '\'';
            i += 2;
        } else if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c + 32);
        } else if (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9E &&
                   (unsigned char)s[i + 1] != 0x97) {
            /* Latin-1 capitals À..Þ (not ×) to lowercase: second byte + 0x20 */
            if (o + 2 > cap) return -1;
            out[o++] = (char)0xC3;
            out[o++] = (char)((unsigned char)s[i + 1] + 0x20);
            i++;
            continue;
        }
        if (o >= cap) return -1;
        out[o++] = (char)c;
    }
    return (long)o;
}

/* Longest word any list holds, with room: lookups of longer strings fail fast. */
#define LANG_MAX_WORD 64

size_t dp_lang_prefix_fold(const char *const *list, const char *s, size_t n) {
    char tmp[LANG_MAX_WORD];
    size_t best = 0;
    unsigned char c0 = n ? (unsigned char)s[0] : 0;
    if (c0 >= 'A' && c0 <= 'Z') c0 = (unsigned char)(c0 + 32);
    for (; *list; list++) {
        if ((unsigned char)(*list)[0] != c0 && c0 < 0x80) continue; /* cheap reject on the first letter */
        size_t want = strlen(*list), used = 0, o = 0;
        /* fold input characters one at a time until `want` folded bytes are compared */
        while (o < want && used < n) {
            size_t cl = 1;
            unsigned char c = (unsigned char)s[used];
            if (c >= 0xC0) cl = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (used + cl > n) break;
            long fl = fold(s + used, cl, tmp, sizeof tmp);
            if (fl < 0 || o + (size_t)fl > want || memcmp(*list + o, tmp, (size_t)fl) != 0) break;
            o += (size_t)fl;
            used += cl;
        }
        if (o == want && used > best) best = used;
    }
    return best;
}

int dp_lang_in_fold(const char *const *list, const char *s, size_t n) {
    char tmp[LANG_MAX_WORD];
    if (n > sizeof tmp) return 0;
    long l = fold(s, n, tmp, sizeof tmp);
    return l >= 0 && dp_lang_in(list, tmp, (size_t)l);
}

const dp_mwt *dp_lang_mwt(const dp_lang *lang, const char *s, size_t n) {
    if (n > 10 || n < 2) return NULL; /* "auxquelles" is the longest */
    /* every word reaches here: reject by the first letter, then compare
     * ASCII case-insensitively only the surfaces of the same length */
    unsigned char c0 = (unsigned char)(s[0] | 0x20);
    const char *ini = lang->mwt_initials;
    while (*ini && (unsigned char)*ini != c0) ini++;
    if (!*ini) return NULL;
    for (size_t i = 0; i < lang->nmwts; i++) {
        const dp_mwt *m = &lang->mwts[i];
        if (m->len != n) continue;
        size_t j = 0;
        for (; j < n; j++) {
            unsigned char c = (unsigned char)s[j];
            if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
            if (c != (unsigned char)m->surface[j]) break;
        }
        if (j == n) return m;
    }
    return NULL;
}
