/* dates.c — temporal expressions resolved against the publication date
 * (docs/dates.md).
 *
 * One left-to-right pass over each sentence's tokens. At each token a small
 * set of matchers, each looking a bounded number of tokens ahead or behind,
 * tries to recognise an expression: numeric dates (09/08/2020), [weekday]
 * day month [year], month [year], weekdays, seasons, relative days (hier),
 * relative units (la semaine dernière, cette année, il y a un mois, dans deux
 * semaines, six mois plus tôt), edges (fin 2023, début octobre, mi-mars) and
 * bare years that the context makes years (en 2019, depuis 1994). A match
 * pushes one dp_datex and the scan resumes after it.
 *
 * Values are resolved against d->published. Tense cues of the sentence
 * (auxiliary + participle, imparfait, futur, "est attendu") are computed once
 * per sentence, lazily, into a fixed array; a weekday or a month without a
 * year takes the nearest cue. Everything is linear in the number of tokens and
 * allocates nothing but the amortised pushes to d->dates.
 *
 * All words live in the language tables below (dt_lang); the matchers only
 * see word classes. */
#include "facts/facts.h"

#include <stddef.h>

/* ------------------------------------------------------------------------ */
/* Language data                                                            */
/* ------------------------------------------------------------------------ */

/* Word classes of the calendar lexicon. */
enum {
    K_NONE = 0,
    K_MONTH,     /* arg: 1..12 */
    K_MONTHABBR, /* arg: 1..12; only next to a day or a year */
    K_WEEKDAY,   /* arg: 0 (Monday) .. 6 */
    K_SEASON,    /* arg: first month of the season */
    K_RELDAY,    /* arg: offset in days from publication (hier = -1) */
    K_UNIT,      /* arg: U_DAY .. U_YEAR */
    K_LAST,      /* dernier, passé */
    K_NEXT,      /* prochain */
    K_THIS,      /* ce, cette */
    K_THESE,     /* ces */
    K_DET,       /* arg 1: article kept in the span (la, l'); 0: fused preposition (du, au) */
    K_EDGE,      /* début, fin, mi */
    K_NUM,       /* number word; arg its value */
    K_VAGUE,     /* quelques, plusieurs */
    K_DAYPART,   /* matin, soir */
    K_ORD1       /* 1er, premier: day 1 before a month */
};

enum { U_DAY = 1, U_WEEK, U_MONTH, U_YEAR };

typedef struct dt_word {
    const char *w; /* lower case; apostrophe as ' */
    uint8_t cls;
    int8_t arg;
} dt_word;

#define W(s, c, a) {s, c, a}
#define WEND {NULL, 0, 0}

static const dt_word fr_calendar[] = {
    W("janvier", K_MONTH, 1), W("février", K_MONTH, 2), W("fevrier", K_MONTH, 2), W("mars", K_MONTH, 3),
    W("avril", K_MONTH, 4), W("mai", K_MONTH, 5), W("juin", K_MONTH, 6), W("juillet", K_MONTH, 7),
    W("août", K_MONTH, 8), W("aout", K_MONTH, 8), W("septembre", K_MONTH, 9), W("octobre", K_MONTH, 10),
    W("novembre", K_MONTH, 11), W("décembre", K_MONTH, 12), W("decembre", K_MONTH, 12),
    W("janv.", K_MONTHABBR, 1), W("janv", K_MONTHABBR, 1), W("févr.", K_MONTHABBR, 2), W("févr", K_MONTHABBR, 2),
    W("fév.", K_MONTHABBR, 2), W("avr.", K_MONTHABBR, 4), W("avr", K_MONTHABBR, 4), W("juil.", K_MONTHABBR, 7),
    W("juil", K_MONTHABBR, 7), W("sept.", K_MONTHABBR, 9), W("oct.", K_MONTHABBR, 10), W("oct", K_MONTHABBR, 10),
    W("nov.", K_MONTHABBR, 11), W("nov", K_MONTHABBR, 11), W("déc.", K_MONTHABBR, 12), W("déc", K_MONTHABBR, 12),
    W("lundi", K_WEEKDAY, 0), W("mardi", K_WEEKDAY, 1), W("mercredi", K_WEEKDAY, 2), W("jeudi", K_WEEKDAY, 3),
    W("vendredi", K_WEEKDAY, 4), W("samedi", K_WEEKDAY, 5), W("dimanche", K_WEEKDAY, 6),
    W("printemps", K_SEASON, 3), W("été", K_SEASON, 6), W("automne", K_SEASON, 9), W("hiver", K_SEASON, 12),
    W("hier", K_RELDAY, -1), W("avant-hier", K_RELDAY, -2), W("aujourd'hui", K_RELDAY, 0),
    W("demain", K_RELDAY, 1), W("après-demain", K_RELDAY, 2),
    W("jour", K_UNIT, U_DAY), W("jours", K_UNIT, U_DAY), W("semaine", K_UNIT, U_WEEK),
    W("semaines", K_UNIT, U_WEEK), W("mois", K_UNIT, U_MONTH), W("an", K_UNIT, U_YEAR), W("ans", K_UNIT, U_YEAR),
    W("année", K_UNIT, U_YEAR), W("années", K_UNIT, U_YEAR),
    W("dernier", K_LAST, 0), W("dernière", K_LAST, 0), W("derniers", K_LAST, 0), W("dernières", K_LAST, 0),
    W("passé", K_LAST, 1), W("passée", K_LAST, 1), W("passés", K_LAST, 1), W("passées", K_LAST, 1),
    W("prochain", K_NEXT, 0), W("prochaine", K_NEXT, 0), W("prochains", K_NEXT, 0), W("prochaines", K_NEXT, 0),
    W("ce", K_THIS, 0), W("cet", K_THIS, 0), W("cette", K_THIS, 0), W("ces", K_THESE, 0),
    W("le", K_DET, 1), W("la", K_DET, 1), W("l'", K_DET, 1), W("du", K_DET, 0), W("au", K_DET, 0),
    W("début", K_EDGE, 1), W("mi", K_EDGE, 2), W("milieu", K_EDGE, 2), W("fin", K_EDGE, 3),
    W("un", K_NUM, 1), W("une", K_NUM, 1), W("deux", K_NUM, 2), W("trois", K_NUM, 3), W("quatre", K_NUM, 4),
    W("cinq", K_NUM, 5), W("six", K_NUM, 6), W("sept", K_NUM, 7), W("huit", K_NUM, 8), W("neuf", K_NUM, 9),
    W("dix", K_NUM, 10), W("onze", K_NUM, 11), W("douze", K_NUM, 12), W("quinze", K_NUM, 15),
    W("vingt", K_NUM, 20), W("trente", K_NUM, 30), W("quarante", K_NUM, 40), W("cinquante", K_NUM, 50),
    W("cent", K_NUM, 100),
    W("quelques", K_VAGUE, 0), W("plusieurs", K_VAGUE, 0),
    W("matin", K_DAYPART, 0), W("soir", K_DAYPART, 0), W("après-midi", K_DAYPART, 0),
    W("1er", K_ORD1, 1), W("premier", K_ORD1, 1),
    WEND,
};

/* Tense cues. */
/* T_PAST: imparfait, plus-que-parfait, passé simple, "hier" (a past frame);
 * T_PASTPC: passé composé (often a report of something still ahead). */
enum { T_NONE = 0, T_PAST, T_PASTPC, T_FUT, T_PRES };
enum {
    C_FUT = 1,  /* a future or conditional form, or a word pointing ahead */
    C_PAST,     /* an imparfait or a word pointing back */
    C_AUXHAVE,  /* present of avoir: passé composé with a participle */
    C_AUXBE,    /* present of être: passé composé, or "est attendu" (future) */
    C_EXPECT,   /* participles of expectation: "est attendu(e)", "est prévu(e)" */
    C_SKIP,     /* words between an auxiliary and its participle */
    C_SUBJ      /* subject and object clitics before a verb (untagged imparfait) */
};

static const dt_word fr_tense[] = {
    W("sera", C_FUT, 0), W("seront", C_FUT, 0), W("serons", C_FUT, 0), W("serez", C_FUT, 0),
    W("aura", C_FUT, 0), W("auront", C_FUT, 0), W("fera", C_FUT, 0), W("feront", C_FUT, 0),
    W("ira", C_FUT, 0), W("iront", C_FUT, 0), W("pourra", C_FUT, 0), W("pourront", C_FUT, 0),
    W("devra", C_FUT, 0), W("devront", C_FUT, 0), W("faudra", C_FUT, 0), W("viendra", C_FUT, 0),
    W("viendront", C_FUT, 0), W("tiendra", C_FUT, 0), W("tiendront", C_FUT, 0), W("verra", C_FUT, 0),
    W("va", C_FUT, 0), W("vont", C_FUT, 0), W("doit", C_FUT, 0), W("doivent", C_FUT, 0),
    W("devrait", C_FUT, 0), W("devraient", C_FUT, 0), W("pourrait", C_FUT, 0), W("pourraient", C_FUT, 0),
    W("serait", C_FUT, 0), W("seraient", C_FUT, 0), W("prévoit", C_FUT, 0), W("prévoient", C_FUT, 0),
    W("demain", C_FUT, 0), W("prochain", C_FUT, 0), W("prochaine", C_FUT, 0),
    W("hier", C_PAST, 0), W("était", C_PAST, 0), W("étaient", C_PAST, 0), W("avait", C_PAST, 0),
    W("avaient", C_PAST, 0), W("fut", C_PAST, 0), W("furent", C_PAST, 0), W("eut", C_PAST, 0),
    W("a", C_AUXHAVE, 0), W("ont", C_AUXHAVE, 0), W("ai", C_AUXHAVE, 0), W("as", C_AUXHAVE, 0),
    W("avons", C_AUXHAVE, 0), W("avez", C_AUXHAVE, 0),
    W("est", C_AUXBE, 0), W("sont", C_AUXBE, 0), W("suis", C_AUXBE, 0), W("es", C_AUXBE, 0),
    W("sommes", C_AUXBE, 0), W("êtes", C_AUXBE, 0),
    W("attendu", C_EXPECT, 0), W("attendue", C_EXPECT, 0), W("attendus", C_EXPECT, 0),
    W("attendues", C_EXPECT, 0), W("prévu", C_EXPECT, 0), W("prévue", C_EXPECT, 0), W("prévus", C_EXPECT, 0),
    W("prévues", C_EXPECT, 0), W("programmé", C_EXPECT, 0), W("programmée", C_EXPECT, 0),
    W("programmés", C_EXPECT, 0), W("programmées", C_EXPECT, 0), W("censé", C_EXPECT, 0),
    W("censée", C_EXPECT, 0), W("censés", C_EXPECT, 0), W("censées", C_EXPECT, 0),
    W("pas", C_SKIP, 0), W("plus", C_SKIP, 0), W("jamais", C_SKIP, 0), W("déjà", C_SKIP, 0),
    W("encore", C_SKIP, 0), W("aussi", C_SKIP, 0), W("également", C_SKIP, 0), W("notamment", C_SKIP, 0),
    W("bien", C_SKIP, 0), W("récemment", C_SKIP, 0), W("toujours", C_SKIP, 0), W("ainsi", C_SKIP, 0),
    W("enfin", C_SKIP, 0), W("finalement", C_SKIP, 0), W("officiellement", C_SKIP, 0), W("même", C_SKIP, 0),
    W("il", C_SUBJ, 0), W("elle", C_SUBJ, 0), W("on", C_SUBJ, 0), W("ils", C_SUBJ, 0), W("elles", C_SUBJ, 0),
    W("qui", C_SUBJ, 0), W("ne", C_SUBJ, 0), W("n'", C_SUBJ, 0), W("se", C_SUBJ, 0), W("s'", C_SUBJ, 0),
    W("y", C_SUBJ, 0), W("c'", C_SUBJ, 0), W("je", C_SUBJ, 0), W("j'", C_SUBJ, 0), W("nous", C_SUBJ, 0),
    W("vous", C_SUBJ, 0), W("lui", C_SUBJ, 0), W("leur", C_SUBJ, 0),
    WEND,
};

/* Irregular conditional/future stems are in fr_tense; regular ones end so. */
static const char *const fr_future_suffixes[] = {"era", "eront", "erons", "erez", "erai", "eras", NULL};
static const char *const fr_cond_suffixes[] = {"erait", "eraient", NULL};
static const char *const fr_impf_suffixes[] = {"ait", "aient", NULL};
/* Past participles (untagged text): after an auxiliary only. */
static const char *const fr_participle_suffixes[] = {"é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue",
                                                     "us", "ues", "it", "ite", "its", "ites", "ert", "erte",
                                                     "int", "inte", "ts", NULL};

/* Phrases, NULL-terminated word lists. */
typedef const char *const dt_phrase[5];

/* Before a 4-digit number: makes it a year. ("de" is checked apart.) */
static dt_phrase fr_year_before[] = {
    {"en"},          {"depuis"},        {"dès"},        {"d'", "ici"},    {"jusqu'", "en"}, {"jusqu'", "à"},
    {"avant"},       {"après"},         {"entre"},      {"vers"},         {"pour"},        {"courant"},
    {"durant"},      {"partir", "de"},  {"cours", "de"}, {"année"},       {"an"},          {"saison"},
    {"exercice"},    {"édition"},       {"rentrée"},    {"fin"},          {"début"},       {"mi"},
    {NULL},
};
/* Between two years of a list or range ("2013 et 2017", "2021, ou 2022"). */
static const char *const fr_year_links[] = {",", "et", "ou", "à", "-", "puis", "voire", "au", NULL};
/* Before "de" + number: the number is a count ("plus de 2000"). */
static const char *const fr_count_before_de[] = {"plus", "moins", "près", "environ", "quelque", "total", "hausse",
                                                 "baisse", "somme", "montant", "nombre", "autour", "lot", NULL};
/* Words that may follow a year (a counted noun may not). */
static const char *const fr_after_year[] = {
    "de", "d'", "du", "des", "le", "la", "l'", "les", "et", "ou", "à", "au", "aux", "en", "pour", "par", "sur",
    "dans", "avec", "contre", "selon", "sous", "vers", "chez", "entre", "a", "ont", "est", "sont", "était",
    "avait", "sera", "aura", "qui", "que", "qu'", "il", "elle", "ils", "elles", "on", "ce", "c'", "cette", "ces",
    "son", "sa", "ses", "leur", "leurs", "un", "une", "mais", "puis", "alors", "ainsi", "déjà", "encore", "aussi",
    "n'", "ne", "se", "s'", "y", "dont", "où", "comme", "après", "avant", "depuis", "lors", "grâce", "afin",
    "tandis", "jusqu'", "quand", "lorsque", "lorsqu'", "si", "notamment", "seulement", "contre", "soit", "voire",
    "déjà", "jusqu'à", "j'", "je", "nous", "vous", "cela", "ça", "tout", "tous", "toute", "toutes", NULL};
/* Before a weekday: a habit, not a date ("chaque lundi", "le lundi"). */
static const char *const fr_habit_before[] = {"chaque", "le", "les", "tous", "toutes", NULL};
/* Before a weekday or a month: the direction of time. */
static const char *const fr_since[] = {"depuis", NULL};
static dt_phrase fr_until[] = {{"dès"}, {"d'", "ici"}, {"jusqu'", "à"}, {"jusqu'", "au"}, {"partir", "de"}, {NULL}};
/* Before "demain"/"aujourd'hui": "de demain" is the future, not a day. */
static const char *const fr_not_day_before[] = {"de", "d'", "jusqu'à", NULL};
/* Phrases of the relative units. */
static const char *const fr_ago[] = {"il", "y", "a", NULL};
static const char *const fr_in[] = {"dans", NULL};
static dt_phrase fr_shift_after[] = {{"plus", "tôt"}, {"plus", "tard"}, {"auparavant"}, {NULL}};
static const int fr_shift_sign[] = {-1, +1, -1};
/* Linking "de" forms after an edge: "fin de 2023", "fin du printemps", "début d'année". */
static const char *const fr_edge_links[] = {"de", "du", "d'", NULL};
/* After "cette année": the year of the story, not of the article. */
static const char *const fr_anaphoric_after[] = {"-là", NULL};
static const char *const fr_here_after[] = {"-ci", NULL};
/* After "ce soir": another evening ("ce soir de juin 1994", "ce soir-là"). */
static const char *const fr_daypart_not_before[] = {"de", "d'", "-là", NULL};

typedef struct dt_lang {
    const dt_word *calendar, *tense;
    const char *const *future_suffixes, *const *cond_suffixes, *const *impf_suffixes, *const *participle_suffixes;
    dt_phrase *year_before;
    const char *const *year_links, *const *count_before_de, *const *after_year, *const *habit_before;
    const char *const *since;
    dt_phrase *until;
    const char *const *not_day_before, *const *ago, *const *in;
    dt_phrase *shift_after;
    const int *shift_sign;
    const char *const *edge_links, *const *anaphoric_after, *const *here_after, *const *daypart_not_before;
    const char *mid_prefix; /* "mi-" glued to a month or a year */
} dt_lang;

static const dt_lang dt_fr = {
    fr_calendar,       fr_tense,          fr_future_suffixes, fr_cond_suffixes,   fr_impf_suffixes,
    fr_participle_suffixes,               fr_year_before,     fr_year_links,      fr_count_before_de,
    fr_after_year,     fr_habit_before,   fr_since,           fr_until,           fr_not_day_before,
    fr_ago,            fr_in,             fr_shift_after,     fr_shift_sign,      fr_edge_links,
    fr_anaphoric_after, fr_here_after,    fr_daypart_not_before, "mi-",
};

/* ------------------------------------------------------------------------ */
/* Calendar arithmetic (proleptic Gregorian, days since 1970-01-01)         */
/* ------------------------------------------------------------------------ */

static long dt_days(int y, int m, int d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void dt_civil(long z, int *y, int *m, int *d) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

static int dt_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int dt_mdays(int y, int m) {
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && dt_leap(y) ? 29 : n[m - 1];
}

/* 0 = Monday. */
static int dt_weekday(long z) { return (int)(((z % 7) + 7 + 3) % 7); }

/* ------------------------------------------------------------------------ */
/* Token access                                                             */
/* ------------------------------------------------------------------------ */

#define DT_KEYMAX 40

typedef struct dt_ctx {
    dp_doc *d;
    const dt_lang *L;
    size_t first, end; /* the sentence's tokens */
    int tagged;        /* the doc has part-of-speech tags */
    int has_pub, pub_prec, py, pm, pd;
    long pdays;
    int cues_ready;
    size_t last_year_end; /* token after the last year found, for lists "2013 et 2017" */
    int8_t cue[DP_MAX_SENTENCE_TOKENS];
    /* dt_cls of the sentence's tokens, memoised (the matchers ask again and again): -1 unknown */
    int16_t kcls[DP_MAX_SENTENCE_TOKENS];
    int32_t karg[DP_MAX_SENTENCE_TOKENS];
} dt_ctx;

/* The token's text folded to lower case (ASCII, Latin-1), apostrophes as ';
 * 0 when empty or longer than the key buffer. */
static size_t dt_key(const dt_ctx *c, size_t i, char out[DT_KEYMAX]) {
    if (i >= c->end) return 0;
    const dp_token *t = &c->d->toks.v[i];
    const unsigned char *s = (const unsigned char *)c->d->norm.data + t->nstart;
    size_t n = t->nend - t->nstart, o = 0;
    for (size_t k = 0; k < n;) {
        if (o + 2 >= DT_KEYMAX) return 0;
        unsigned char b = s[k];
        if (b >= 'A' && b <= 'Z') {
            out[o++] = (char)(b + 32);
            k++;
        } else if (b == 0xC3 && k + 1 < n && s[k + 1] >= 0x80 && s[k + 1] <= 0x9E && s[k + 1] != 0x97) {
            out[o++] = (char)0xC3;
            out[o++] = (char)(s[k + 1] + 0x20);
            k += 2;
        } else if (b == 0xE2 && k + 2 < n && s[k + 1] == 0x80 && (s[k + 2] == 0x99 || s[k + 2] == 0x98)) {
            out[o++] = '\'';
            k += 3;
        } else {
            out[o++] = (char)b;
            k++;
        }
    }
    out[o] = 0;
    return o;
}

static const dt_word *dt_lookup(const dt_word *tab, const char *key) {
    for (const dt_word *w = tab; w->w; w++)
        if (w->w[0] == key[0] && !strcmp(w->w, key)) return w;
    return NULL;
}

static int dt_in_list(const char *const *list, const char *key) {
    for (int i = 0; list[i]; i++)
        if (!strcmp(list[i], key)) return 1;
    return 0;
}

/* Class of token i in the calendar lexicon; *arg set. */
static int dt_cls_compute(const dt_ctx *c, size_t i, int *arg) {
    const dp_token *t = &c->d->toks.v[i];
    if (t->kind != DP_TOK_WORD && t->kind != DP_TOK_ABBREV) return K_NONE;
    char k[DT_KEYMAX];
    if (!dt_key(c, i, k)) return K_NONE;
    const dt_word *w = dt_lookup(c->L->calendar, k);
    if (!w) return K_NONE;
    *arg = w->arg;
    return w->cls;
}

static int dt_cls(const dt_ctx *c, size_t i, int *arg) {
    if (i >= c->end || i < c->first) return K_NONE;
    size_t r = i - c->first;
    dt_ctx *m = (dt_ctx *)c; /* the memo is a cache, not the context's meaning */
    if (m->kcls[r] < 0) {
        int a = 0;
        m->kcls[r] = (int16_t)dt_cls_compute(c, i, &a);
        m->karg[r] = a;
    }
    if (m->kcls[r] != K_NONE && arg) *arg = m->karg[r];
    return m->kcls[r];
}

static int dt_is(const dt_ctx *c, size_t i, const char *w) {
    char k[DT_KEYMAX];
    return i < c->end && dt_key(c, i, k) && !strcmp(k, w);
}

static int dt_in(const dt_ctx *c, size_t i, const char *const *list) {
    char k[DT_KEYMAX];
    return i < c->end && dt_key(c, i, k) && dt_in_list(list, k);
}

/* Do the tokens [i, i+len) spell `ph`? Returns the number of words or 0. */
static size_t dt_phrase_at(const dt_ctx *c, size_t i, const char *const *ph) {
    size_t n = 0;
    while (ph[n]) {
        if (i + n < c->first || i + n >= c->end || !dt_is(c, i + n, ph[n])) return 0;
        n++;
    }
    return n;
}

/* Does one of the phrases end just before token i? Index or -1. */
static int dt_phrase_before(const dt_ctx *c, size_t i, dt_phrase *phs) {
    for (int p = 0; phs[p][0]; p++) {
        size_t n = 0;
        while (phs[p][n]) n++;
        if (i >= c->first + n && dt_phrase_at(c, i - n, phs[p])) return p;
    }
    return -1;
}

/* All ASCII digits: the value (capped), else -1. */
static long dt_digits(const dt_ctx *c, size_t i, size_t *len) {
    if (i >= c->end) return -1;
    const dp_token *t = &c->d->toks.v[i];
    if (t->kind != DP_TOK_NUMBER) return -1;
    const char *s = c->d->norm.data + t->nstart;
    size_t n = t->nend - t->nstart;
    if (!n || n > 9) return -1;
    long v = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9') return -1;
        v = v * 10 + (s[k] - '0');
    }
    if (len) *len = n;
    return v;
}

/* A day of the month before a month name: "9", "09", "1er". 0 if none. */
static int dt_day_at(const dt_ctx *c, size_t i) {
    size_t n;
    long v = dt_digits(c, i, &n);
    if (v >= 1 && v <= 31 && n <= 2) return (int)v;
    int a;
    if (dt_cls(c, i, &a) == K_ORD1) return 1;
    return 0;
}

/* A 4-digit year token: its value, else -1. */
static int dt_year_at(const dt_ctx *c, size_t i, int lo, int hi) {
    size_t n;
    long v = dt_digits(c, i, &n);
    return n == 4 && v >= lo && v <= hi ? (int)v : -1;
}

static int dt_lower(const dt_ctx *c, size_t i) { return i < c->end && !dp_tok_upper(c->d, &c->d->toks.v[i]); }

/* Where a capital is expected: first token of a sentence or line, or after punctuation. */
static int dt_initial(const dt_ctx *c, size_t i) {
    if (i >= c->end) return 0;
    const dp_token *t = &c->d->toks.v[i];
    if (i == c->first || (t->flags & DP_TF_NEWLINE_BEFORE)) return 1;
    const dp_token *p = &c->d->toks.v[i - 1];
    return p->kind == DP_TOK_PUNCT && c->d->norm.data[p->nstart] != ',';
}

static int dt_upos(const dt_ctx *c, size_t i) { return i < c->end ? c->d->toks.v[i].upos : DP_UPOS_NONE; }

static int dt_ends(const char *k, size_t n, const char *const *suffixes) {
    for (int s = 0; suffixes[s]; s++) {
        size_t m = strlen(suffixes[s]);
        if (n > m && !memcmp(k + n - m, suffixes[s], m)) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Tense of the sentence around a token                                     */
/* ------------------------------------------------------------------------ */

static int dt_tense_class(const dt_ctx *c, size_t i, const char *k) {
    (void)i;
    const dt_word *w = dt_lookup(c->L->tense, k);
    return w ? w->cls : 0;
}

/* Is token j a past participle? */
static int dt_participle(const dt_ctx *c, size_t j, const char *k, size_t n) {
    int u = dt_upos(c, j);
    if (c->tagged) return u == DP_UPOS_VERB || (u == DP_UPOS_AUX && dt_ends(k, n, c->L->participle_suffixes));
    return n >= 3 && c->d->toks.v[j].kind == DP_TOK_WORD && dt_ends(k, n, c->L->participle_suffixes);
}

/* Fills c->cue for the sentence: one tense cue per token, or T_NONE. */
static void dt_cues(dt_ctx *c) {
    size_t n = c->end - c->first;
    if (n > DP_MAX_SENTENCE_TOKENS) n = DP_MAX_SENTENCE_TOKENS;
    memset(c->cue, 0, n);
    for (size_t r = 0; r < n; r++) {
        size_t i = c->first + r;
        const dp_token *t = &c->d->toks.v[i];
        if (t->kind != DP_TOK_WORD) continue;
        char k[DT_KEYMAX];
        size_t kl = dt_key(c, i, k);
        if (!kl) continue;
        int u = t->upos, cls = dt_tense_class(c, i, k);
        int verb = c->tagged ? (u == DP_UPOS_VERB || u == DP_UPOS_AUX) : 1;
        if (cls == C_FUT) {
            c->cue[r] = T_FUT;
        } else if (cls == C_PAST) {
            c->cue[r] = T_PAST;
        } else if (cls == C_AUXHAVE || cls == C_AUXBE) {
            if (c->tagged && u != DP_UPOS_AUX && u != DP_UPOS_VERB) continue;
            int cue = T_PRES;
            for (size_t j = i + 1; j < c->end && j <= i + 4; j++) {
                char k2[DT_KEYMAX];
                size_t kl2 = dt_key(c, j, k2);
                if (!kl2) break;
                int c2 = dt_tense_class(c, j, k2);
                if (c2 == C_SKIP || (c->d->toks.v[j].flags & DP_TF_CLITIC)) continue;
                if (c2 == C_EXPECT && cls == C_AUXBE) cue = T_FUT;
                else if (dt_participle(c, j, k2, kl2)) cue = T_PASTPC;
                break;
            }
            c->cue[r] = (int8_t)cue;
        } else if (verb && kl >= 4 && (dt_ends(k, kl, c->L->cond_suffixes) || dt_ends(k, kl, c->L->future_suffixes))) {
            char kp[DT_KEYMAX];
            int subj = i > c->first && dt_key(c, i - 1, kp) && dt_tense_class(c, i - 1, kp) == C_SUBJ;
            if (c->tagged || subj || dt_ends(k, kl, c->L->future_suffixes)) c->cue[r] = T_FUT;
        } else if (verb && kl >= 4 && dt_ends(k, kl, c->L->impf_suffixes)) {
            if (c->tagged) c->cue[r] = T_PAST;
            else if (i > c->first) {
                char kp[DT_KEYMAX];
                if (dt_key(c, i - 1, kp) && dt_tense_class(c, i - 1, kp) == C_SUBJ) c->cue[r] = T_PAST;
            }
        } else if (c->tagged && (u == DP_UPOS_VERB || u == DP_UPOS_AUX)) {
            /* a finite verb of the present; infinitives and participles say nothing */
            if (dt_ends(k, kl, c->L->participle_suffixes)) continue;
            if (kl > 2 && (!strcmp(k + kl - 2, "er") || !strcmp(k + kl - 2, "ir") || !strcmp(k + kl - 2, "re")))
                continue;
            int prev_aux = 0;
            for (size_t j = i; j > c->first && j + 3 > i; j--) {
                int pu = c->d->toks.v[j - 1].upos;
                if (pu == DP_UPOS_AUX) prev_aux = 1;
            }
            if (!prev_aux) c->cue[r] = T_PRES;
        }
    }
    c->cues_ready = 1;
}

/* The tense governing the expression [a, b): nearest cue, left first. */
static int dt_tense(dt_ctx *c, size_t a, size_t b) {
    if (a > c->first) {
        if (dt_in(c, a - 1, c->L->since)) return T_PAST;
        if (dt_phrase_before(c, a, c->L->until) >= 0) return T_FUT;
    }
    if (!c->cues_ready) dt_cues(c);
    size_t n = c->end - c->first;
    for (size_t dist = 1; dist <= 30; dist++) {
        if (a >= c->first + dist) {
            size_t r = a - dist - c->first;
            if (r < n && c->cue[r]) return c->cue[r];
        }
        size_t r = b - 1 + dist - c->first;
        if (r < n && r < DP_MAX_SENTENCE_TOKENS && c->cue[r]) return c->cue[r];
    }
    return T_NONE;
}

/* ------------------------------------------------------------------------ */
/* Matches and their values                                                 */
/* ------------------------------------------------------------------------ */

typedef struct dt_match {
    size_t a, b;     /* tokens [a, b) */
    int y, m, dd;    /* value up to prec */
    int prec;        /* dp_date_prec */
    int rel;         /* resolved against the publication date */
} dt_match;

static void dt_set_day(dt_match *x, long z) {
    int y, m, d;
    dt_civil(z, &y, &m, &d);
    x->y = y, x->m = m, x->dd = d, x->prec = DP_PREC_DAY;
}

static void dt_set_month(dt_match *x, int y, int m0) { /* m0 may be out of 1..12 */
    long t = (long)y * 12 + (m0 - 1);
    x->y = (int)(t >= 0 ? t / 12 : -((-t + 11) / 12));
    x->m = (int)(t - (long)x->y * 12) + 1;
    x->prec = DP_PREC_MONTH;
}

/* A day shift from publication; null without a day-precise publication. */
static void dt_rel_days(const dt_ctx *c, dt_match *x, long delta) {
    x->rel = 1;
    if (c->has_pub && c->pub_prec == DP_PREC_DAY) dt_set_day(x, c->pdays + delta);
    else x->prec = DP_PREC_NONE;
}

/* A shift of `n` units (signed) from publication, at the unit's precision
 * (weeks give the month, as annotated). */
static void dt_rel_units(const dt_ctx *c, dt_match *x, int unit, long n) {
    x->rel = 1;
    x->prec = DP_PREC_NONE;
    if (!c->has_pub) return;
    if (n > 100000 || n < -100000) return;
    if (unit == U_DAY || unit == U_WEEK) {
        if (c->pub_prec != DP_PREC_DAY) {
            if (unit == U_WEEK && n == 0 && c->pub_prec == DP_PREC_MONTH) dt_set_month(x, c->py, c->pm);
            return;
        }
        dt_set_day(x, c->pdays + n * (unit == U_WEEK ? 7 : 1));
        if (unit == U_WEEK) x->prec = DP_PREC_MONTH;
    } else if (unit == U_MONTH) {
        if (c->pub_prec < DP_PREC_MONTH) return;
        dt_set_month(x, c->py, c->pm + (int)n);
    } else {
        x->y = c->py + (int)n;
        x->prec = DP_PREC_YEAR;
    }
}

/* Year of month m (day dd, 0 if none) mentioned without a year, from the
 * publication date and the tense. */
static void dt_month_year(dt_ctx *c, dt_match *x, int m, int dd, int dir) {
    x->rel = 1;
    if (!c->has_pub) {
        x->prec = DP_PREC_NONE;
        return;
    }
    int y = c->py;
    if (c->pub_prec == DP_PREC_YEAR) {
        /* nothing to compare with */
    } else if (dir) { /* dernier / prochain */
        if (dir < 0 && (m > c->pm || (m == c->pm && (!dd || c->pub_prec < DP_PREC_DAY || dd >= c->pd)))) y--;
        if (dir > 0 && (m < c->pm || (m == c->pm && (!dd || c->pub_prec < DP_PREC_DAY || dd <= c->pd)))) y++;
    } else {
        int tense = dt_tense(c, x->a, x->b);
        long diff; /* date minus publication, in days (or months * 31) */
        if (dd && c->pub_prec == DP_PREC_DAY && dd <= dt_mdays(y, m)) diff = dt_days(y, m, dd) - c->pdays;
        else diff = (long)(m - c->pm) * 31;
        if (tense == T_PAST) {
            if (diff > (dd ? 7 : 0)) y--;
        } else if (tense == T_PASTPC) {
            if (diff > 183) y--; /* "a appelé à une grève le 14 décembre": still ahead */
        } else if (tense == T_FUT) {
            if (diff < (dd ? -7 : 0)) y++;
        } else {
            if (diff > 183) y--;
            if (diff < -183) y++;
        }
    }
    x->y = y;
    x->m = m;
    x->dd = dd;
    x->prec = dd ? DP_PREC_DAY : DP_PREC_MONTH;
    if (dd && dd > dt_mdays(y, m)) x->prec = DP_PREC_NONE; /* 29 février of a common year */
}

/* A weekday w (0 = Monday) from the publication date; dir -1 dernier, +1 prochain. */
static void dt_weekday_value(dt_ctx *c, dt_match *x, int w, int dir) {
    x->rel = 1;
    if (!c->has_pub || c->pub_prec != DP_PREC_DAY) {
        x->prec = DP_PREC_NONE;
        return;
    }
    int pw = dt_weekday(c->pdays);
    int back = (pw - w + 7) % 7, ahead = (w - pw + 7) % 7;
    long delta;
    if (dir < 0) delta = back ? -back : -7;
    else if (dir > 0) delta = ahead ? ahead : 7;
    else if (w == pw) delta = 0;
    else {
        int tense = dt_tense(c, x->a, x->b);
        if (tense == T_FUT) delta = ahead;
        else if (tense == T_PASTPC) delta = -back;
        else if (tense == T_PRES) delta = w - pw; /* the same week */
        else delta = -back;
    }
    dt_set_day(x, c->pdays + delta);
}

/* ------------------------------------------------------------------------ */
/* Matchers: each returns 1 and fills *x for an expression starting at i    */
/* ------------------------------------------------------------------------ */

static int dt_year_ok_after(const dt_ctx *c, size_t j);

/* "09/08/2020", "9/8/20", "09.08.2020", "2020-08-09": one number token. */
static int m_numeric(const dt_ctx *c, size_t i, dt_match *x) {
    const dp_token *t = &c->d->toks.v[i];
    if (t->kind != DP_TOK_NUMBER && t->kind != DP_TOK_WORD) return 0;
    const char *s = c->d->norm.data + t->nstart;
    size_t n = t->nend - t->nstart;
    if (n < 6 || n > 10) return 0;
    long f[3] = {0, 0, 0};
    size_t len[3] = {0, 0, 0};
    int k = 0;
    char sep = 0;
    for (size_t p = 0; p < n; p++) {
        char ch = s[p];
        if (ch >= '0' && ch <= '9') {
            f[k] = f[k] * 10 + (ch - '0');
            if (++len[k] > 4) return 0;
        } else if ((ch == '/' || ch == '.' || ch == '-') && k < 2 && len[k] && (!sep || ch == sep)) {
            sep = ch;
            k++;
        } else {
            return 0;
        }
    }
    if (k != 2 || !len[2]) return 0;
    int y, m, d;
    if (len[0] == 4 && sep == '-' && len[1] == 2 && len[2] == 2) {
        y = (int)f[0], m = (int)f[1], d = (int)f[2];
    } else if (len[0] <= 2 && len[1] <= 2 && (len[2] == 4 || (len[2] == 2 && sep == '/')) && sep != '-') {
        d = (int)f[0], m = (int)f[1], y = (int)f[2];
        if (len[2] == 2) y += 2000;
    } else {
        return 0;
    }
    if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > dt_mdays(y, m)) return 0;
    x->a = i, x->b = i + 1, x->y = y, x->m = m, x->dd = d, x->prec = DP_PREC_DAY;
    return 1;
}

/* [day] month [year] [dernier|prochain] from token i (a day or a month). */
static int m_day_month(dt_ctx *c, size_t i, dt_match *x, int need_day) {
    if (i >= c->end) return 0;
    size_t j = i;
    int day = dt_day_at(c, j), arg = 0;
    if (day) j++;
    else if (need_day) return 0;
    int cls = dt_cls(c, j, &arg);
    if (cls != K_MONTH && cls != K_MONTHABBR) return 0;
    int month = arg;
    int year = dt_year_at(c, j + 1, 1000, 2999);
    if (cls == K_MONTHABBR && !day && year < 0) return 0;
    /* a capitalised month inside a sentence is a name ("Mars", "Avril"), unless dated */
    if (!day && year < 0 && !dt_lower(c, j)) {
        /* sentence-initial, it still needs a date-like follower: "Mars dernier", "Janvier :" */
        int a2, next = dt_cls(c, j + 1, &a2);
        int punct = j + 1 < c->end && c->d->toks.v[j + 1].kind == DP_TOK_PUNCT;
        if (!dt_initial(c, j) || (next != K_LAST && next != K_NEXT && !punct)) return 0;
    }
    x->a = i;
    if (year >= 0) {
        x->b = j + 2;
        x->y = year, x->m = month, x->dd = day;
        x->prec = day ? DP_PREC_DAY : DP_PREC_MONTH;
        if (day > dt_mdays(year, month)) return 0;
        return 1;
    }
    if (day > dt_mdays(2000, month)) return 0; /* 31 avril; 29 février is checked with its year */
    int mod = dt_cls(c, j + 1, &arg), dir = 0;
    x->b = j + 1;
    if (mod == K_LAST || mod == K_NEXT) {
        dir = mod == K_LAST ? -1 : 1;
        x->b = j + 2;
    }
    dt_month_year(c, x, month, day, dir);
    return 1;
}

/* weekday [day month [year]] | weekday dernier/prochain | weekday */
static int m_weekday(dt_ctx *c, size_t i, dt_match *x) {
    if (i >= c->end) return 0;
    int w;
    if (dt_cls(c, i, &w) != K_WEEKDAY) return 0;
    int dated = dt_day_at(c, i + 1) != 0;
    if (!dt_lower(c, i) && !dt_initial(c, i) && !dated) return 0;
    if (dated && m_day_month(c, i + 1, x, 1)) {
        x->a = i;
        return 1;
    }
    if (i > c->first && dt_in(c, i - 1, c->L->habit_before)) return 0;
    int arg, mod = dt_cls(c, i + 1, &arg), dir = 0;
    x->a = i, x->b = i + 1;
    if (mod == K_LAST || mod == K_NEXT) {
        dir = mod == K_LAST ? -1 : 1;
        x->b = i + 2;
    }
    dt_weekday_value(c, x, w, dir);
    return 1;
}

/* hier [dimanche] | demain | aujourd'hui (a day only in a dated clause) */
static int m_relday(dt_ctx *c, size_t i, dt_match *x) {
    if (i >= c->end) return 0;
    int off;
    if (dt_cls(c, i, &off) != K_RELDAY) return 0;
    if (off >= 0 && i > c->first && dt_in(c, i - 1, c->L->not_day_before)) return 0;
    x->a = i, x->b = i + 1;
    int w;
    if (dt_cls(c, i + 1, &w) == K_WEEKDAY) {
        x->b = i + 2;
        dt_match y;
        if (dt_day_at(c, i + 2) && m_day_month(c, i + 2, &y, 1)) x->b = y.b;
    } else if (off == 0) {
        /* "aujourd'hui" is "nowadays" unless the clause dates an event (a
         * passé composé or a future; an imparfait nearby is a contrast) */
        int tense = dt_tense(c, i, i + 1);
        if (tense != T_PASTPC && tense != T_FUT) return 0;
    }
    dt_rel_days(c, x, off);
    return 1;
}

/* [l'|le|au|cet] season [year|dernier|prochain]; "en été" alone is generic. */
static int m_season(dt_ctx *c, size_t i, dt_match *x, int after_edge) {
    if (i >= c->end) return 0;
    int first, arg;
    if (dt_cls(c, i, &first) != K_SEASON) return 0;
    if (!dt_lower(c, i) && !dt_initial(c, i)) return 0;
    int before = i > c->first ? dt_cls(c, i - 1, &arg) : K_NONE;
    int det_kept = before == K_DET && arg == 1, this_ = before == K_THIS;
    x->a = (det_kept || this_) ? i - 1 : i;
    x->b = i + 1;
    int year = dt_year_at(c, i + 1, 1000, 2999);
    if (year >= 0) {
        x->b = i + 2;
        x->y = year, x->prec = DP_PREC_YEAR;
        return 1;
    }
    int mod = dt_cls(c, i + 1, &arg);
    int dir = mod == K_LAST ? -1 : mod == K_NEXT ? 1 : 0;
    if (dir) x->b = i + 2;
    else if (after_edge || this_) {
        /* "fin du printemps", "cet été": a given season */
    } else if (before != K_DET || !dt_lower(c, i)) {
        return 0; /* "en été", "été comme hiver" */
    } else {
        int tense = dt_tense(c, x->a, x->b);
        if (tense == T_PRES || tense == T_NONE) return 0; /* "au printemps, les arbres…" */
    }
    x->rel = 1;
    if (!c->has_pub) {
        x->prec = DP_PREC_NONE;
        return 1;
    }
    int y = c->py;
    if (c->pub_prec >= DP_PREC_MONTH) {
        if (dir < 0 && first >= c->pm) y--;
        if (dir > 0 && first <= c->pm) y++;
    }
    x->y = y, x->prec = DP_PREC_YEAR;
    return 1;
}

/* [le|la|l'|du|au|ce|cette] unit [dernier|prochain] | cette unit | ce mois-ci |
 * ces derniers/dernières unit (vague) */
static int m_unit(dt_ctx *c, size_t i, dt_match *x, int after_edge) {
    if (i >= c->end) return 0;
    int arg, cls = dt_cls(c, i, &arg);
    size_t j = i;
    int this_ = 0, these = 0, det = 0;
    if (cls == K_THIS) this_ = 1, j++;
    else if (cls == K_THESE) these = 1, j++;
    else if (cls == K_DET) det = 1 + (arg == 1), j++;
    if (!dt_lower(c, i) && !dt_initial(c, i)) return 0;
    int unit, mod, marg;
    if (these) {
        mod = dt_cls(c, j, &marg);
        if ((mod != K_LAST && mod != K_NEXT) || marg) return 0;
        if (dt_cls(c, j + 1, &unit) != K_UNIT) return 0;
        x->a = i, x->b = j + 2, x->rel = 1, x->prec = DP_PREC_NONE; /* vague: no value */
        return 1;
    }
    if (dt_cls(c, j, &unit) != K_UNIT || unit == U_DAY) return 0;
    mod = dt_cls(c, j + 1, &marg);
    x->a = det == 1 ? j : i; /* "du mois dernier": the span starts at the noun */
    if (this_) {
        if (dt_in(c, j + 1, c->L->anaphoric_after)) return 0;
        x->b = j + 1;
        if (dt_in(c, j + 1, c->L->here_after)) x->b = j + 2;
        dt_rel_units(c, x, unit, 0);
        return 1;
    }
    if (mod == K_LAST || mod == K_NEXT) {
        if (!det && !after_edge) return 0;
        x->b = j + 2;
        dt_rel_units(c, x, unit, mod == K_LAST ? -1 : 1);
        return 1;
    }
    if (after_edge && (unit == U_MONTH || unit == U_YEAR)) { /* "fin de l'année", "début du mois" */
        x->b = j + 1;
        dt_rel_units(c, x, unit, 0);
        return 1;
    }
    return 0;
}

/* A count before a time unit: digits or a number word; -2 vague; -1 none. */
static long dt_count_at(const dt_ctx *c, size_t i) {
    size_t n;
    long v = dt_digits(c, i, &n);
    if (v >= 0) return v;
    int arg, cls = dt_cls(c, i, &arg);
    if (cls == K_NUM) return arg;
    if (cls == K_VAGUE) return -2;
    return -1;
}

/* il y a N unit | dans N unit | N unit plus tôt */
static int m_shift(dt_ctx *c, size_t i, dt_match *x) {
    if (i >= c->end) return 0;
    size_t j = i, k;
    int sign = 0;
    if ((k = dt_phrase_at(c, i, c->L->ago))) sign = -1, j = i + k;
    else if ((k = dt_phrase_at(c, i, c->L->in))) sign = 1, j = i + k;
    long n = dt_count_at(c, j);
    if (n == -1) return 0;
    int unit;
    if (dt_cls(c, j + 1, &unit) != K_UNIT) return 0;
    x->a = i, x->b = j + 2;
    if (!sign) {
        int p = -1;
        for (int q = 0; c->L->shift_after[q][0]; q++)
            if (dt_phrase_at(c, j + 2, c->L->shift_after[q])) {
                p = q;
                break;
            }
        if (p < 0) return 0;
        size_t len = 0;
        while (c->L->shift_after[p][len]) len++;
        x->b = j + 2 + len;
        sign = c->L->shift_sign[p];
    }
    if (n == -2) return 0; /* "il y a quelques mois": too vague to annotate */
    dt_rel_units(c, x, unit, sign * n);
    return 1;
}

/* ce matin | ce soir */
static int m_daypart(dt_ctx *c, size_t i, dt_match *x) {
    if (i >= c->end) return 0;
    int arg;
    if (dt_cls(c, i, &arg) != K_THIS || dt_cls(c, i + 1, &arg) != K_DAYPART) return 0;
    if (!dt_lower(c, i) && !dt_initial(c, i)) return 0;
    if (dt_in(c, i + 2, c->L->daypart_not_before)) return 0;
    x->a = i, x->b = i + 2;
    dt_rel_days(c, x, 0);
    return 1;
}

/* May a year be followed by token j? Not by a counted noun ("2000 personnes")
 * or a unit ("2000 €"). */
static int dt_year_ok_after(const dt_ctx *c, size_t j) {
    if (j >= c->end) return 1;
    const dp_token *t = &c->d->toks.v[j];
    if (t->kind == DP_TOK_SYMBOL) return 0;
    if (t->kind == DP_TOK_NUMBER) return 0; /* "2000 000", "1990 2,5" */
    if (t->kind != DP_TOK_WORD || !dt_lower(c, j)) return 1;
    char k[DT_KEYMAX];
    if (!dt_key(c, j, k)) return 0;
    if (dt_in_list(c->L->after_year, k)) return 1;
    int arg;
    if (dt_cls(c, j, &arg) != K_NONE) return 1;
    if (c->tagged) {
        int u = t->upos;
        return u != DP_UPOS_NOUN && u != DP_UPOS_ADJ && u != DP_UPOS_NUM && u != DP_UPOS_SYM && u != DP_UPOS_X;
    }
    return 0;
}

/* A bare 4-digit year with evidence from its context. */
static int m_year(dt_ctx *c, size_t i, dt_match *x, int after_edge) {
    if (i >= c->end) return 0;
    int y = dt_year_at(c, i, 1900, 2099);
    if (y < 0) return 0;
    int ev = after_edge;
    if (!ev && i > c->first) {
        int p = dt_phrase_before(c, i, c->L->year_before);
        if (p >= 0) ev = 1;
        else if (dt_is(c, i - 1, "de") || dt_is(c, i - 1, "d'")) {
            ev = !(i - 1 > c->first && dt_in(c, i - 2, c->L->count_before_de));
            if (ev && i - 1 > c->first && c->d->toks.v[i - 2].kind != DP_TOK_WORD) ev = 0;
        } else if (dt_is(c, i - 1, "(") && i + 1 < c->end && dt_is(c, i + 1, ")")) {
            ev = 1;
        } else if (c->last_year_end && c->last_year_end <= i && i - c->last_year_end <= 2) {
            ev = 1;
            for (size_t k = c->last_year_end; k < i; k++)
                if (!dt_in(c, k, c->L->year_links)) ev = 0;
        }
    }
    if (!ev) return 0;
    if (!dt_year_ok_after(c, i + 1)) return 0;
    /* a range of counts: "entre 1950 et 2000 personnes" */
    if (i + 2 < c->end && dt_in(c, i + 1, c->L->year_links) && dt_digits(c, i + 2, NULL) >= 0 &&
        !dt_year_ok_after(c, i + 3))
        return 0;
    x->a = i, x->b = i + 1, x->y = y, x->prec = DP_PREC_YEAR;
    return 1;
}

/* fin/début/mi [de|du|d'] <month|year|season|l'année|le mois> ; "mi-mars" */
static int m_edge(dt_ctx *c, size_t i, dt_match *x) {
    if (i >= c->end) return 0;
    const dp_token *t = &c->d->toks.v[i];
    size_t ml = strlen(c->L->mid_prefix);
    char k[DT_KEYMAX];
    size_t kl = dt_key(c, i, k);
    if (t->kind == DP_TOK_WORD && kl > ml && !memcmp(k, c->L->mid_prefix, ml)) {
        /* "mi-septembre [2020]", "mi-2020" */
        const char *rest = k + ml;
        const dt_word *w = dt_lookup(c->L->calendar, rest);
        x->a = i, x->b = i + 1;
        if (w && w->cls == K_MONTH) {
            int year = dt_year_at(c, i + 1, 1000, 2999);
            if (year >= 0) {
                x->b = i + 2, x->y = year, x->m = w->arg, x->prec = DP_PREC_MONTH;
                return 1;
            }
            dt_month_year(c, x, w->arg, 0, 0);
            return 1;
        }
        size_t rl = kl - ml;
        if (rl == 4) {
            int y = 0;
            for (size_t q = 0; q < 4; q++) {
                if (rest[q] < '0' || rest[q] > '9') return 0;
                y = y * 10 + rest[q] - '0';
            }
            if (y < 1900 || y > 2099) return 0;
            x->y = y, x->prec = DP_PREC_YEAR;
            return 1;
        }
        return 0;
    }
    int arg;
    if (dt_cls(c, i, &arg) != K_EDGE) return 0;
    if (!dt_lower(c, i) && !dt_initial(c, i)) return 0;
    size_t j = i + 1;
    if (dt_in(c, j, c->L->edge_links)) j++;
    int unit, a2;
    if (dt_cls(c, j, &unit) == K_UNIT && unit == U_MONTH && dt_in(c, j + 1, c->L->edge_links) &&
        dt_cls(c, j + 2, &a2) == K_MONTH)
        j += 2; /* "début du mois de mai" */
    dt_match in = {0};
    in.a = j;
    int ok = m_day_month(c, j, &in, 0) || m_season(c, j, &in, 1) || m_year(c, j, &in, 1) || m_unit(c, j, &in, 1);
    if (!ok) return 0;
    *x = in;
    x->a = i;
    if (x->prec == DP_PREC_DAY) x->prec = DP_PREC_MONTH; /* "fin août" has no day */
    return 1;
}

static int dt_match_at(dt_ctx *c, size_t i, dt_match *x) {
    memset(x, 0, sizeof *x);
    const dp_token *t = &c->d->toks.v[i];
    if (t->kind == DP_TOK_NUMBER) {
        if (m_numeric(c, i, x)) return 1;
        if (m_day_month(c, i, x, 1)) return 1;
        if (m_shift(c, i, x)) return 1;
        return m_year(c, i, x, 0);
    }
    if (t->kind != DP_TOK_WORD && t->kind != DP_TOK_ABBREV) return 0;
    return m_numeric(c, i, x) || m_edge(c, i, x) || m_relday(c, i, x) || m_weekday(c, i, x) ||
           m_day_month(c, i, x, 0) || m_season(c, i, x, 0) || m_daypart(c, i, x) || m_shift(c, i, x) ||
           m_unit(c, i, x, 0);
}


dp_status dp_facts_dates(dp_doc *d) {
    dt_ctx *c = NULL, cbuf;
    c = &cbuf;
    memset(c, 0, offsetof(dt_ctx, cue));
    c->d = d;
    c->L = &dt_fr;
    c->tagged = d->models != NULL;
    if (d->has_published && d->published.year > 0) {
        c->has_pub = 1;
        c->py = d->published.year;
        c->pm = d->published.month;
        c->pd = d->published.day;
        c->pub_prec = d->published_prec ? (int)d->published_prec
                                        : (c->pd ? DP_PREC_DAY : c->pm ? DP_PREC_MONTH : DP_PREC_YEAR);
        if (c->pm < 1 || c->pm > 12) c->pub_prec = DP_PREC_YEAR;
        else if (c->pub_prec == DP_PREC_DAY && (c->pd < 1 || c->pd > dt_mdays(c->py, c->pm)))
            c->pub_prec = DP_PREC_MONTH;
        if (c->pub_prec == DP_PREC_DAY) c->pdays = dt_days(c->py, c->pm, c->pd);
    }
    for (size_t s = 0; s < d->sents.n; s++) {
        const dp_sentence *se = &d->sents.v[s];
        c->first = se->first_token;
        c->end = (size_t)se->first_token + se->ntokens;
        if (c->end > d->toks.n) c->end = d->toks.n;
        c->cues_ready = 0;
        memset(c->kcls, 0xFF, (c->end - c->first) * sizeof c->kcls[0]);
        c->last_year_end = 0;
        size_t prev_end = c->first;
        for (size_t i = c->first; i < c->end;) {
            dt_match x;
            if (!dt_match_at(c, i, &x) || x.b <= i || x.b > c->end || x.a < c->first) {
                i++;
                continue;
            }
            if (x.a < prev_end) x.a = prev_end; /* never overlap the previous expression */
            dp_datex e;
            memset(&e, 0, sizeof e);
            e.span = dp_span_toks(d, x.a, x.b);
            e.prec = (uint8_t)x.prec;
            e.relative = (uint8_t)x.rel;
            if (x.prec != DP_PREC_NONE) {
                if (x.y < 1 || x.y > 9999) e.prec = DP_PREC_NONE;
                else e.value = (dp_date){(int16_t)x.y, (int8_t)(x.prec >= DP_PREC_MONTH ? x.m : 0),
                                         (int8_t)(x.prec >= DP_PREC_DAY ? x.dd : 0)};
            }
            dp_status st = DP_FACT_PUSH(d, &d->dates, e);
            if (st) return st;
            if (x.prec == DP_PREC_YEAR && x.b == x.a + 1 && dt_year_at(c, x.a, 0, 9999) >= 0) c->last_year_end = x.b;
            else if (x.prec != DP_PREC_NONE && dt_year_at(c, x.b - 1, 0, 9999) >= 0) c->last_year_end = x.b;
            i = prev_end = x.b;
        }
    }
    return DP_OK;
}
