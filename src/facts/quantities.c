/* quantities.c — see facts.h and docs/quantities.md.
 *
 * One left-to-right pass over each sentence's tokens. At a number (a digit
 * token, or a run of number words) the pass reads what follows — a scale
 * ("millions"), "de", then a currency, "%", a unit of measure, a unit of time
 * or a counted noun — and keeps the quantity unless it is a year, a date, a
 * clock time, a duration or age, a label ("article 49.3"), a code or phone
 * number. A bare number ("dont 509", "sur 3.277") takes the unit of the
 * quantity before it in the sentence, or of the one right after it
 * ("1.800 mais 2.052 emplois"). Every occurrence is kept; the analysis groups
 * repeats of one text and value (dp_quantity.group).
 *
 * Every look-ahead and look-behind is bounded by a constant, and each token
 * starts at most one number, so the pass is linear in the tokens; the only
 * memory it takes is the doc's vector of quantities.
 *
 * All the words live in the language table (qty_lang) below; the code holds
 * none. */
#include "facts/facts.h"

#include <math.h>

/* ---- language data ------------------------------------------------------ */

typedef struct qty_word {
    const char *w; /* lower case */
    double v;
} qty_word;

typedef struct qty_unitw {
    const char *w;    /* lower case, as a token reads */
    const char *unit; /* the unit reported; NULL: the words as written */
} qty_unitw;

typedef struct qty_lang {
    /* cardinal number words; 100 and 1000 multiply what comes before */
    const qty_word *numbers;
    /* number words that are a count only inside a number ("vingt et un") or
     * before a scale or an approximation ("un million", "une dizaine") */
    const char *const *one;
    /* the word joining tens and one ("vingt et un", "soixante et onze") */
    const char *const *and_;
    /* the word that a following 20 multiplies: "quatre-vingt(s)" is 80 */
    const char *four;
    /* scales after a number: "1,5 million", "7 milliards" */
    const qty_word *scales;
    /* "et demi": "1 million et demi" */
    const char *const *half;
    /* abbreviated scales, only right before a currency: "3 M$", "10 k€" */
    const qty_word *scale_abbrevs;
    /* approximate counts: "une cinquantaine de salariés" */
    const qty_word *approx;
    /* comparatives that make an approximation vague: "plus d'une dizaine" */
    const char *const *comparatives;
    /* "de" between a scale or an approximation and what is counted */
    const char *const *of;
    /* currencies; `unit` the normalised name */
    const qty_unitw *currencies;
    /* currencies that are single letters, read only right after digits: "750 f CFA" */
    const qty_unitw *currency_letters;
    /* words after a currency or a scale that name the currency: "$ CA", "millions CAN" */
    const qty_unitw *currency_qualifiers;
    /* percent: one token, or two ("pour cent") */
    const char *const *percent1;
    const char *const *percent2a, *const *percent2b;
    /* units of measure */
    const char *const *measures;
    /* words after a unit of measure that belong to it: "mètres cubes" */
    const char *const *measure_qualifiers;
    /* units of time: a number of them is a duration or an age, not a quantity */
    const char *const *time_units;
    /* nouns after a number that count no thing: "trois fois" */
    const char *const *not_counted;
    /* month and weekday names: "9 août", "septembre 2018", "jeudi 31" */
    const char *const *months;
    const char *const *weekdays;
    /* words before a 4-digit number that make it a year even before a noun */
    const char *const *year_intro;
    /* words before a number that make it a label: "article 49.3", "loi 44" */
    const char *const *designators;
    /* words after a number that make it an address: "12 rue" */
    const char *const *addresses;
    /* singular definite determiners: "le 12" is a day, "le 49.3" an article */
    const char *const *def_singular;
    /* plural definite determiners: "les deux pays" refers to a known set */
    const char *const *def_plural;
    /* words allowed between a number and its noun without a tagger */
    const char *const *pre_nominal;
    /* words joining bare numbers to a later one: "1.800 mais 2.052 emplois" */
    const char *const *connectors;
    /* words that are never the counted noun (used without a tagger) */
    const char *const *function_words;
    /* number words too ambiguous to stand alone ("neuf" is also "new") */
    const char *const *ambiguous_bare;
    /* prepositions before a bare number word that is no count: "en deux", "à deux pas" */
    const char *const *bare_word_blockers;
    /* ... and before bare digits: "multiplié par 10" */
    const char *const *bare_digit_blockers;
    /* idioms: "virage à 180 degrés" (preposition, number, unit) */
    const char *const *idiom_prep;
    const char *const *idiom_numbers;
    const char *const *idiom_units;
} qty_lang;

static const qty_word fr_numbers[] = {
    {"zéro", 0},      {"un", 1},         {"une", 1},       {"deux", 2},       {"trois", 3},
    {"quatre", 4},    {"cinq", 5},       {"six", 6},       {"sept", 7},       {"huit", 8},
    {"neuf", 9},      {"dix", 10},       {"onze", 11},     {"douze", 12},     {"treize", 13},
    {"quatorze", 14}, {"quinze", 15},    {"seize", 16},    {"vingt", 20},     {"vingts", 20},
    {"trente", 30},   {"quarante", 40},  {"cinquante", 50}, {"soixante", 60}, {"septante", 70},
    {"octante", 80},  {"huitante", 80},  {"nonante", 90},  {"cent", 100},     {"cents", 100},
    {"mille", 1000},  {"million", 1e6},  {"millions", 1e6}, {"milliard", 1e9}, {"milliards", 1e9},
    {NULL, 0}};
static const char *const fr_one[] = {"un", "une", NULL};
static const char *const fr_and[] = {"et", NULL};
static const qty_word fr_scales[] = {{"mille", 1e3},    {"million", 1e6},   {"millions", 1e6}, {"milliard", 1e9},
                                     {"milliards", 1e9}, {"billion", 1e12}, {"billions", 1e12}, {NULL, 0}};
static const char *const fr_half[] = {"demi", "demie", NULL};
static const qty_word fr_scale_abbrevs[] = {{"k", 1e3},   {"m", 1e6},   {"md", 1e9}, {"mds", 1e9},
                                            {"mrd", 1e9}, {"mrds", 1e9}, {"g", 1e9}, {NULL, 0}};
static const qty_word fr_approx[] = {
    {"dizaine", 10},     {"dizaines", 10},    {"douzaine", 12},   {"douzaines", 12},   {"quinzaine", 15},
    {"quinzaines", 15},  {"vingtaine", 20},   {"vingtaines", 20}, {"trentaine", 30},   {"trentaines", 30},
    {"quarantaine", 40}, {"cinquantaine", 50}, {"soixantaine", 60}, {"centaine", 100}, {"centaines", 100},
    {"millier", 1000},   {"milliers", 1000},  {NULL, 0}};
static const char *const fr_comparatives[] = {"plus", "moins", NULL};
static const char *const fr_of[] = {"de", "d'", "d\xE2\x80\x99", NULL};
static const qty_unitw fr_currencies[] = {
    {"$", "dollars"},        {"dollar", "dollars"},  {"dollars", "dollars"}, {"usd", "dollars"},
    {"cad", "dollars"},      {"€", "euros"},         {"euro", "euros"},      {"euros", "euros"},
    {"eur", "euros"},        {"£", "livres"},        {"¥", "yens"},          {"fcfa", "francs CFA"},
    {"franc", "francs"},     {"francs", "francs"},   {"chf", "francs suisses"},
    {"yen", NULL},           {"yens", NULL},         {"yuan", NULL},         {"yuans", NULL},
    {"rouble", NULL},        {"roubles", NULL},      {"roupie", NULL},       {"roupies", NULL},
    {"dinar", NULL},         {"dinars", NULL},       {"dirham", NULL},       {"dirhams", NULL},
    {"cedi", NULL},          {"cedis", NULL},        {"cédis", NULL},        {"naira", NULL},
    {"nairas", NULL},        {"rand", NULL},         {"rands", NULL},        {"shekel", NULL},
    {"shekels", NULL},       {"shillings", NULL},    {"pesos", NULL},        {"ariary", NULL},
    {"bitcoins", NULL},      {"centime", NULL},      {"centimes", NULL},     {"cents", NULL},
    {NULL, NULL}};
static const qty_unitw fr_currency_letters[] = {{"f", "francs"}, {NULL, NULL}};
static const qty_unitw fr_currency_qualifiers[] = {
    {"us", "dollars"},  {"ca", "dollars"},         {"can", "dollars"},   {"usd", "dollars"},
    {"cad", "dollars"}, {"cfa", "francs CFA"},     {"américains", NULL}, {"canadiens", NULL},
    {"australiens", NULL}, {"suisses", NULL},      {"irakiens", NULL},   {NULL, NULL}};
static const char *const fr_percent1[] = {"%", "pourcent", "pour-cent", "pourcents", NULL};
static const char *const fr_percent2a[] = {"pour", NULL};
static const char *const fr_percent2b[] = {"cent", "cents", NULL};
static const char *const fr_measures[] = {
    "km", "kilomètre", "kilomètres", "m", "mètre", "mètres", "cm", "centimètres", "mm", "millimètres", "mile",
    "miles", "km2", "km²", "m2", "m²", "m3", "m³", "ha", "hectare", "hectares", "are", "ares", "kg", "kilo",
    "kilos", "kilogramme", "kilogrammes", "g", "gramme", "grammes", "mg", "t", "tonne", "tonnes", "mégatonne",
    "mégatonnes", "mt", "l", "litre", "litres", "hl", "hectolitre", "hectolitres", "baril", "barils", "w", "watt",
    "watts", "kw", "kilowatt", "kilowatts", "kwh", "mw", "mégawatt", "mégawatts", "mwh", "gw", "gigawatt",
    "gigawatts", "gwh", "twh", "v", "volts", "°", "°c", "degré", "degrés", "km/h", "mph", "nœuds", "ch", "cv",
    "kn", "nm", "octets", "go", "mo", NULL};
static const char *const fr_measure_qualifiers[] = {"carré", "carrés", "cube", "cubes", "celsius", NULL};
static const char *const fr_time_units[] = {
    "an", "ans", "année", "années", "mois", "semaine", "semaines", "jour", "jours", "journée", "journées", "heure",
    "heures", "h", "min", "s", "mn", "minute", "minutes", "seconde", "secondes", "siècle", "siècles", "décennie",
    "décennies", "trimestre", "trimestres", "semestre", "semestres", "nuit", "nuits", "week-end", "week-ends",
    "millénaire", "millénaires", "printemps", "hivers", "étés", "automnes", NULL};
static const char *const fr_not_counted[] = {"fois", "reprises", NULL};
static const char *const fr_months[] = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                        "septembre", "octobre", "novembre", "décembre", "janv.", "févr.", "fév.",
                                        "avr.", "juil.", "sept.", "oct.", "nov.", "déc.", NULL};
static const char *const fr_weekdays[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
                                          NULL};
static const char *const fr_year_intro[] = {"en", "depuis", "dès", "année", "fin", "début", "mi", "courant",
                                            "jusqu'en", "jusqu\xE2\x80\x99" "en", "printemps", "été", "automne",
                                            "hiver", NULL};
static const char *const fr_designators[] = {
    "article", "articles", "art.", "alinéa", "loi", "no", "n°", "nº", "numéro", "page", "pages", "p.", "chapitre",
    "tome", "volume", "vol.", "section", "paragraphe", "décret", "résolution", "règlement", "amendement", "épisode",
    "route", "autoroute", "ligne", "vol", "terminal", "salle", "porte", "zone", "phase", "étape", "acte", "top",
    "groupe", "division", "ligue", "série", "modèle", "version", "niveau", "catégorie", "code", "lot", "bâtiment",
    "pavillon", "chambre", "circonscription", "arrondissement", "district", "secteur", "quai", "voie", "case",
    "tableau", "figure", "annexe", "point", "critère", "numéros", "matricule", "dossier", "taille", "pointure",
    NULL};
static const char *const fr_addresses[] = {"rue", "avenue", "av.", "boulevard", "bd", "place", "allée", "chemin",
                                           "impasse", "quai", "route", "cours", NULL};
static const char *const fr_def_singular[] = {"le", "la", "l'", "l\xE2\x80\x99", "du", "au", NULL};
static const char *const fr_def_plural[] = {"les", "aux", "des", NULL};
static const char *const fr_pre_nominal[] = {
    "autres",  "nouveaux", "nouvelles", "grands", "grandes", "petits", "petites", "premiers", "premières",
    "derniers", "dernières", "prochains", "prochaines", "principaux", "principales", "jeunes", "vrais", NULL};
static const char *const fr_connectors[] = {",", "et", "ou", "à", "mais", "voire", "-", "contre", "puis", NULL};
static const char *const fr_function_words[] = {
    "de", "d'", "d\xE2\x80\x99", "du", "des", "le", "la", "les", "l'", "un", "une", "au", "aux", "à", "en", "dans",
    "sur", "sous", "par", "pour", "avec", "sans", "entre", "contre", "chez", "vers", "depuis", "pendant", "avant",
    "après", "dès", "selon", "et", "ou", "mais", "donc", "or", "ni", "car", "que", "qu'", "qui", "dont", "où",
    "ce", "ces", "cet", "cette", "son", "sa", "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre",
    "vos", "il", "ils", "elle", "elles", "on", "nous", "vous", "se", "s'", "y", "ne", "n'", "pas", "plus", "moins",
    "très", "environ", "près", "presque", "seulement", "chacun", "chacune", "tous", "toutes", "même", "mêmes",
    "autres", "déjà", "encore", "aussi", "ainsi", "alors", "jusqu'à", "jusqu'", "soit", "est", "sont", "était",
    "étaient", "sera", "seront", "serait", "seraient", "a", "ont", "avait", "avaient", "aura", "auront", "été",
    "fait", "font", "peut", "peuvent", "doit", "doivent", "dernier", "dernière", "prochain", "prochaine", NULL};
static const char *const fr_ambiguous_bare[] = {"neuf", "cent", "cents", "mille", NULL};
static const char *const fr_bare_word_blockers[] = {"en", "à", "par", "de", "d'", "d\xE2\x80\x99", "sur", "pour",
                                                    "entre", "avec", "sans", "contre", "chez", "vers", NULL};
static const char *const fr_bare_digit_blockers[] = {"par", NULL};
static const char *const fr_idiom_prep[] = {"à", NULL};
static const char *const fr_idiom_numbers[] = {"180", "360", NULL};
static const char *const fr_idiom_units[] = {"degrés", "°", NULL};

static const qty_lang qty_fr = {
    .numbers = fr_numbers,
    .one = fr_one,
    .and_ = fr_and,
    .four = "quatre",
    .scales = fr_scales,
    .half = fr_half,
    .scale_abbrevs = fr_scale_abbrevs,
    .approx = fr_approx,
    .comparatives = fr_comparatives,
    .of = fr_of,
    .currencies = fr_currencies,
    .currency_letters = fr_currency_letters,
    .currency_qualifiers = fr_currency_qualifiers,
    .percent1 = fr_percent1,
    .percent2a = fr_percent2a,
    .percent2b = fr_percent2b,
    .measures = fr_measures,
    .measure_qualifiers = fr_measure_qualifiers,
    .time_units = fr_time_units,
    .not_counted = fr_not_counted,
    .months = fr_months,
    .weekdays = fr_weekdays,
    .year_intro = fr_year_intro,
    .designators = fr_designators,
    .addresses = fr_addresses,
    .def_singular = fr_def_singular,
    .def_plural = fr_def_plural,
    .pre_nominal = fr_pre_nominal,
    .connectors = fr_connectors,
    .function_words = fr_function_words,
    .ambiguous_bare = fr_ambiguous_bare,
    .bare_word_blockers = fr_bare_word_blockers,
    .bare_digit_blockers = fr_bare_digit_blockers,
    .idiom_prep = fr_idiom_prep,
    .idiom_numbers = fr_idiom_numbers,
    .idiom_units = fr_idiom_units,
};

/* The table of the doc's language (French is the only one so far). */
static const qty_lang *qty_lang_for(const dp_doc *d) {
    (void)d;
    return &qty_fr;
}

/* ---- limits --------------------------------------------------------------- */

enum {
    MAX_INT_DIGITS = 15,  /* longer digit strings are codes, not amounts (and keep doubles exact) */
    MAX_WORDS = 16,       /* number words in one number */
    MAX_ADJ = 2,          /* adjectives between a number and its noun */
    LOOKAHEAD = 8,        /* tokens searched after a bare number for the next quantity */
};

/* ---- token access ---------------------------------------------------------- */

typedef struct qctx {
    dp_doc *d;
    const qty_lang *L;
    size_t first, end; /* the sentence's tokens */
    int tagged;        /* the doc has part-of-speech tags */
    size_t date_i;     /* next date span of d->dates to look at */
    /* the unit of the last quantity of the sentence, inherited by bare numbers */
    int has_prev;  /* a quantity (not a duration) before in the sentence */
    int prev_time; /* a duration before, and no quantity: a bare number after it is a duration too */
    const char *prev_unit;
    uint32_t prev_unit_len;
    uint8_t prev_kind;
} qctx;

static const dp_token *tk(const qctx *c, size_t i) { return &c->d->toks.v[i]; }

static int is_in(const qctx *c, size_t i, const char *const *list) {
    return i >= c->first && i < c->end && dp_tok_in(c->d, tk(c, i), list) >= 0;
}

static int word_val(const char *s, size_t n, const qty_word *tab, double *v) {
    for (size_t k = 0; tab[k].w; k++)
        if (dp_str_is(s, n, tab[k].w)) {
            *v = tab[k].v;
            return 1;
        }
    return 0;
}

static int tok_val(const qctx *c, size_t i, const qty_word *tab, double *v) {
    if (i < c->first || i >= c->end) return 0;
    size_t n;
    const char *s = dp_tok_text(c->d, tk(c, i), &n);
    return word_val(s, n, tab, v);
}

static const qty_unitw *tok_unitw(const qctx *c, size_t i, const qty_unitw *tab) {
    if (i < c->first || i >= c->end) return NULL;
    size_t n;
    const char *s = dp_tok_text(c->d, tk(c, i), &n);
    for (size_t k = 0; tab[k].w; k++)
        if (dp_str_is(s, n, tab[k].w)) return &tab[k];
    return NULL;
}

/* Is token i glued to token i-1 (no space between)? */
static int glued(const qctx *c, size_t i) { return i > c->first && tk(c, i - 1)->nend == tk(c, i)->nstart; }

static int is_word(const qctx *c, size_t i) { return i >= c->first && i < c->end && tk(c, i)->kind == DP_TOK_WORD; }

static char s_first_byte(const qctx *c, size_t i) { return c->d->norm.data[tk(c, i)->nstart]; }

/* Ends in a plural mark (s, x, z)? */
static int plural_form(const qctx *c, size_t i) {
    size_t n;
    const char *s = dp_tok_text(c->d, tk(c, i), &n);
    if (!n) return 0;
    char e = (char)(s[n - 1] | 0x20);
    return e == 's' || e == 'x' || e == 'z';
}

/* ---- digits -------------------------------------------------------------- */

typedef struct qnum {
    double v;        /* the value read with French conventions */
    double v_group;  /* the value if a lone ",ddd" groups thousands (English style) */
    int comma3;      /* a lone comma followed by exactly three digits: "6,804" */
    int plain;       /* digits only, no separator, no sign */
    int ndigits;     /* digits of the integer part */
    int lead_zero;   /* "01", "0612": a code */
} qnum;

/* Separator at s[p]: returns its byte length and kind ('.', ',', ' ' for a
 * grouping space or apostrophe), 0 when not a separator. */
static size_t sep_at(const unsigned char *s, size_t n, size_t p, char *kind) {
    if (s[p] == '.' || s[p] == ',') {
        *kind = (char)s[p];
        return 1;
    }
    if (s[p] == ' ' || s[p] == '\'') {
        *kind = ' ';
        return 1;
    }
    if (s[p] == 0xC2 && p + 1 < n && s[p + 1] == 0xA0) {
        *kind = ' ';
        return 2;
    }
    if (s[p] == 0xE2 && p + 2 < n && s[p + 1] == 0x80 &&
        (s[p + 2] == 0xAF || s[p + 2] == 0x89 || s[p + 2] == 0x99 || s[p + 2] == 0x88)) {
        *kind = ' ';
        return 3;
    }
    return 0;
}

/* Reads a digit token: "100.000", "100 000", "1,5", "-0,8", "6,804", "49.3".
 * 0 for anything else (ranges, phone numbers, dates, times, codes). */
static int parse_digits(const char *str, size_t n, qnum *q) {
    const unsigned char *s = (const unsigned char *)str;
    memset(q, 0, sizeof *q);
    size_t p = 0;
    int neg = 0;
    if (p < n && (s[p] == '-' || s[p] == '+')) neg = s[p++] == '-';
    if (p >= n || s[p] < '0' || s[p] > '9') return 0;
    /* pass 1: the shape */
    int ndot = 0, ncomma = 0, nspace = 0, dots3 = 1, commas3 = 1;
    char last = 0;
    size_t first_len = 0, last_len = 0, groups = 0;
    for (size_t i = p; i < n;) {
        size_t g = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        size_t glen = i - g;
        if (!glen) return 0;
        if (!groups) first_len = glen;
        else if (last == '.' && glen != 3) dots3 = 0;
        else if (last == ',' && glen != 3) commas3 = 0;
        groups++;
        last_len = glen;
        if (i >= n) break;
        char k;
        size_t l = sep_at(s, n, i, &k);
        if (!l || i + l >= n) return 0; /* a hyphen, slash or colon: not an amount */
        ndot += k == '.';
        ncomma += k == ',';
        nspace += k == ' ';
        last = k;
        i += l;
    }
    /* which separator is the decimal one? */
    char dec = 0;
    if (ndot && ncomma) {
        if (last == ' ' || (last == '.' ? ndot : ncomma) != 1) return 0;
        dec = last; /* "1.234,56" or "1,234.56" */
        if (last == ',' ? !dots3 : !commas3) return 0;
    } else if (ncomma) {
        if (ncomma > 1) {
            if (!commas3 || first_len > 3) return 0; /* "1,234,567" groups thousands */
        } else {
            dec = ',';
            q->comma3 = last == ',' && last_len == 3 && first_len <= 3 && !nspace;
        }
    } else if (ndot) {
        if (dots3 && first_len <= 3) dec = 0; /* "100.000" */
        else if (ndot == 1 && last == '.') dec = '.'; /* "49.3", "5.2" */
        else return 0;
    }
    if (nspace && dec && last != dec) return 0;
    /* pass 2: the value */
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double ip = 0, fint = 0, grp = 0;
    int idig = 0, fdig = 0, in_frac = 0;
    for (size_t i = p; i < n;) {
        if (s[i] >= '0' && s[i] <= '9') {
            int dg = s[i] - '0';
            if (in_frac) {
                if (fdig < MAX_INT_DIGITS) { /* later decimals are below a double's precision */
                    fint = fint * 10 + dg;
                    fdig++;
                }
            } else {
                if (idig == 0 && dg == 0 && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') q->lead_zero = 1;
                if (++idig > MAX_INT_DIGITS) return 0;
                ip = ip * 10 + dg;
            }
            if (grp < 1e18) grp = grp * 10 + dg; /* only short numbers are read this way */
            i++;
            continue;
        }
        char k = 0;
        size_t l = sep_at(s, n, i, &k);
        if (!l) return 0;
        if (k == dec) in_frac = 1;
        i += l;
    }
    q->ndigits = idig;
    /* one rounding when the digits fit a double exactly: 55,80 -> 5580 / 100 */
    double v = idig + fdig <= MAX_INT_DIGITS ? (ip * p10[fdig] + fint) / p10[fdig] : ip + fint / p10[fdig];
    q->v = neg ? -v : v;
    q->v_group = neg ? -grp : grp;
    q->plain = p == 0 && !ndot && !ncomma && !nspace;
    return isfinite(q->v) && isfinite(q->v_group);
}

/* ---- number words ---------------------------------------------------------- */

/* Value of one number word (a part of a hyphenated token). */
static int numword(const qctx *c, const char *s, size_t n, double *v) { return word_val(s, n, c->L->numbers, v); }

typedef struct wstate {
    double total, cur; /* cur: the part below the last "mille"/"million" */
    double last_scale; /* the last "mille"/"million"/"milliard": the next must be smaller */
    int nwords, prev_four, scale_last;
} wstate;

/* Adds one word to a number being read; 0 when it cannot continue it. */
static int wadd(const qctx *c, wstate *w, const char *s, size_t n) {
    double v;
    if (w->nwords >= MAX_WORDS || !numword(c, s, n, &v)) return 0;
    if (v >= 1000) {
        if (w->last_scale && v >= w->last_scale) return 0; /* "un million un million" */
        w->last_scale = v;
    }
    if (v >= 1e6) {
        w->total += (w->cur ? w->cur : 1) * v;
        w->cur = 0;
    } else if (v == 1000) {
        w->total += (w->cur ? w->cur : 1) * 1000;
        w->cur = 0;
    } else if (v == 100) {
        double r = fmod(w->cur, 100);
        if (w->cur >= 100) return 0; /* "cent cent" */
        w->cur = (r ? r : 1) * 100;
    } else if (v == 20 && w->prev_four) {
        w->cur += 76; /* quatre-vingt */
    } else {
        /* below a hundred: "vingt-deux", "dix-sept", "soixante-dix", "quatre-vingt-onze";
         * not "deux trois" or "vingt trente" */
        double r = fmod(w->cur, 100);
        if (!(r == 0 || (fmod(r, 10) == 0 && v < 10) || ((r == 60 || r == 80) && v < 20))) return 0;
        w->cur += v;
    }
    w->prev_four = dp_str_is(s, n, c->L->four);
    w->scale_last = v >= 1e6;
    w->nwords++;
    return 1;
}

/* Reads number words from token i: "vingt-huit", "soixante et onze",
 * "deux cent mille", "un million". Returns the end token (i when none). */
static size_t read_words(const qctx *c, size_t i, double *value, int *scaled) {
    wstate w = {0, 0, 0, 0, 0, 0};
    size_t j = i;
    while (j < c->end && is_word(c, j)) {
        size_t n;
        const char *s = dp_tok_text(c->d, tk(c, j), &n);
        /* "et" between a ten and "un"/"onze" */
        if (is_in(c, j, c->L->and_)) {
            double r = fmod(w.cur, 100);
            if (!w.nwords || r < 20 || fmod(r, 10) != 0 || j + 1 >= c->end) break;
            size_t n2;
            const char *s2 = dp_tok_text(c->d, tk(c, j + 1), &n2);
            double v2;
            if (!numword(c, s2, n2, &v2) || (v2 != 1 && v2 != 11)) break;
            j++;
            continue;
        }
        /* a token: all its hyphen-separated parts must be number words (or "et") */
        wstate save = w;
        int ok = 1;
        size_t a = 0;
        while (a <= n) {
            size_t b = a;
            while (b < n && s[b] != '-') b++;
            if (b == a) {
                ok = 0;
                break;
            }
            if (dp_str_is(s + a, b - a, c->L->and_[0])) { /* "vingt-et-un" */
                if (!w.nwords) {
                    ok = 0;
                    break;
                }
            } else if (!wadd(c, &w, s + a, b - a) || (w.nwords == 1 && w.total >= 1e6)) {
                /* "millions" alone ("plusieurs millions") is no number */
                ok = 0;
                break;
            }
            a = b + 1;
        }
        if (!ok) {
            w = save;
            break;
        }
        j++;
    }
    if (j == i) return i;
    *value = w.total + w.cur;
    *scaled = w.scale_last;
    return j;
}

/* ---- what follows a number -------------------------------------------------- */

enum { U_NONE = 0, U_COUNT, U_MONEY, U_PERCENT, U_MEASURE, U_TIME, U_DATE, U_IDIOM, U_SKIP };

typedef struct qunit {
    int kind;          /* U_* */
    double mult;       /* scale read after the number */
    size_t end;        /* end token of the quantity */
    const char *unit;  /* NULL: none */
    uint32_t unit_len;
} qunit;

/* Is token i a word that can be the counted noun? */
static int nounlike(const qctx *c, size_t i) {
    if (!is_word(c, i)) return 0;
    const dp_token *t = tk(c, i);
    if (c->tagged && t->nparts == 0) return t->upos == DP_UPOS_NOUN;
    if (t->nparts) return 0;
    if (dp_tok_upper(c->d, t)) return 0;
    if (is_in(c, i, c->L->function_words)) return 0;
    size_t n;
    dp_tok_text(c->d, t, &n);
    return n >= 2;
}

static int adjlike(const qctx *c, size_t i) {
    if (!is_word(c, i)) return 0;
    if (is_in(c, i, c->L->pre_nominal)) return 1;
    const dp_token *t = tk(c, i);
    return c->tagged && t->nparts == 0 && t->upos == DP_UPOS_ADJ;
}

static void set_unit_toks(const qctx *c, qunit *u, size_t a, size_t b) {
    u->unit = c->d->norm.data + tk(c, a)->nstart;
    u->unit_len = tk(c, b - 1)->nend - tk(c, a)->nstart;
}

static void set_unit_str(qunit *u, const char *s) {
    u->unit = s;
    u->unit_len = (uint32_t)strlen(s);
}

/* Currency qualifiers after a currency or a scale: "$ CA", "millions CAN",
 * "francs CFA", "dinars irakiens". Returns the end token. */
static size_t currency_tail(const qctx *c, size_t k, qunit *u, size_t ustart) {
    const qty_unitw *q;
    int n = 0;
    while (n < 2 && (q = tok_unitw(c, k, c->L->currency_qualifiers)) != NULL) {
        if (q->unit) set_unit_str(u, q->unit);
        else if (ustart < k) set_unit_toks(c, u, ustart, k + 1);
        k++;
        n++;
    }
    return k;
}

/* A currency at k (after the number and its scale): returns 1 and fills u. */
static int read_currency(const qctx *c, size_t k, int right_after_digits, qunit *u) {
    const qty_unitw *cu = tok_unitw(c, k, c->L->currencies);
    if (!cu && right_after_digits) cu = tok_unitw(c, k, c->L->currency_letters);
    if (!cu) return 0;
    u->kind = U_MONEY;
    if (cu->unit) set_unit_str(u, cu->unit);
    else set_unit_toks(c, u, k, k + 1);
    u->end = currency_tail(c, k + 1, u, cu->unit ? k + 1 : k);
    return 1;
}

/* What follows a number ending before token k: fills u. `v` the value so far
 * (a noun after 2 or more must be plural), `after_digits` when the number was
 * written in digits (only digits take a scale word: "7 milliards"),
 * `approx` when it may take "de" ("une dizaine de", "deux millions de"). */
static void read_unit(const qctx *c, size_t k, double v, int after_digits, int approx, qunit *u) {
    const qty_lang *L = c->L;
    u->kind = U_NONE;
    u->mult = 1;
    u->end = k;
    u->unit = NULL;
    u->unit_len = 0;
    double m;
    int scaled = approx; /* "une dizaine" reads like a scale: "une dizaine de salariés" */
    /* scale: "1,5 million", "7 milliards", "1 million et demi" */
    if (!approx && after_digits && tok_val(c, k, L->scales, &m)) {
        u->mult = m;
        k++;
        scaled = 1;
        if (is_in(c, k, L->and_) && is_in(c, k + 1, L->half)) {
            u->mult = m * 1.5;
            k += 2;
        }
        u->end = k;
    }
    /* percent */
    if (is_in(c, k, L->percent1)) {
        u->kind = U_PERCENT;
        set_unit_str(u, "%");
        u->end = k + 1;
        return;
    }
    if (is_in(c, k, L->percent2a) && is_in(c, k + 1, L->percent2b)) {
        u->kind = U_PERCENT;
        set_unit_str(u, "%");
        u->end = k + 2;
        return;
    }
    /* abbreviated scale glued to a currency: "3 M$", "10 k€", "2 Md€" */
    if (!scaled && tok_val(c, k, L->scale_abbrevs, &m) && tok_unitw(c, k + 1, L->currencies)) {
        if (read_currency(c, k + 1, 0, u)) {
            u->mult = m;
            return;
        }
    }
    if (read_currency(c, k, after_digits && !scaled, u)) return;
    /* "14 millions CAN", "1 milliard US" */
    if (scaled) {
        const qty_unitw *q = tok_unitw(c, k, L->currency_qualifiers);
        if (q && q->unit) {
            u->kind = U_MONEY;
            set_unit_str(u, q->unit);
            u->end = k + 1;
            if (read_currency(c, k + 1, 0, u)) return; /* "millions US $" */
            u->kind = U_MONEY;
            set_unit_str(u, q->unit);
            u->end = k + 1;
            return;
        }
    }
    /* "de" after a scale: "millions de passagers", "milliards d'euros" */
    if (scaled && is_in(c, k, L->of)) {
        if (read_currency(c, k + 1, 0, u)) return;
        k++;
    }
    /* units of measure, time; counted nouns (after "autres", adjectives) */
    /* 74 « cibles prioritaires » */
    if (k < c->end && (tk(c, k)->flags & DP_TF_QUOTE_OPEN) && nounlike(c, k + 1)) k++;
    size_t a = k;
    for (int nadj = 0; !nounlike(c, a) && nadj < MAX_ADJ && adjlike(c, a) && !is_in(c, a, L->time_units) &&
                       !is_in(c, a, L->measures);
         nadj++)
        a++;
    if (is_in(c, k, L->measures) && (tk(c, k)->kind == DP_TOK_WORD || tk(c, k)->kind == DP_TOK_SYMBOL)) {
        size_t e = k + 1;
        while (e < k + 3 && is_in(c, e, L->measure_qualifiers)) e++;
        u->kind = U_MEASURE;
        set_unit_toks(c, u, k, e);
        u->end = e;
        return;
    }
    if (is_in(c, a, L->time_units)) {
        u->kind = U_TIME;
        u->end = a + 1;
        return;
    }
    if (is_in(c, a, L->months) && !scaled) {
        u->kind = U_DATE;
        u->end = a + 1;
        return;
    }
    if (is_in(c, a, L->addresses) && !scaled) {
        u->kind = U_SKIP;
        u->end = a + 1;
        return;
    }
    if (is_in(c, a, L->not_counted)) {
        u->kind = U_SKIP;
        u->end = a + 1;
        return;
    }
    if (nounlike(c, a) && (scaled || v < 2 || plural_form(c, a) || a > k)) {
        size_t e = a + 1;
        /* one adjective after the noun belongs to the unit when it agrees: "dinars irakiens" */
        if (c->tagged && adjlike(c, e) && !is_in(c, e, L->pre_nominal) && !dp_tok_upper(c->d, tk(c, e)) &&
            plural_form(c, e) == plural_form(c, a))
            e++;
        u->kind = U_COUNT;
        set_unit_toks(c, u, a, e);
        u->end = e;
        return;
    }
}

/* ---- exclusions ---------------------------------------------------------- */

/* Is token i inside a date expression found by the dates pass? */
static int in_date(qctx *c, size_t i) {
    const dp_datevec *dv = &c->d->dates;
    const dp_token *t = tk(c, i);
    while (c->date_i < dv->n && dv->v[c->date_i].span.nend <= t->nstart) c->date_i++;
    return c->date_i < dv->n && dv->v[c->date_i].span.nstart <= t->nstart && t->nstart < dv->v[c->date_i].span.nend;
}

/* Is there a number token right before or after i (codes, phone numbers)? */
static int number_neighbour(const qctx *c, size_t i) {
    return (i > c->first && tk(c, i - 1)->kind == DP_TOK_NUMBER) ||
           (i + 1 < c->end && tk(c, i + 1)->kind == DP_TOK_NUMBER);
}

/* A name before: "Boeing 737", "France 2", "rFactor 2" (a word with a capital
 * letter, not the first of the sentence). */
static int after_name(const qctx *c, size_t i) {
    if (i <= c->first + 1) return 0;
    size_t p = i - 1, n;
    if (tk(c, p)->kind != DP_TOK_WORD || is_in(c, p, c->L->function_words)) return 0;
    if (dp_tok_upper(c->d, tk(c, p))) return 1;
    const char *s = dp_tok_text(c->d, tk(c, p), &n);
    for (size_t k = 0; k < n; k++)
        if (s[k] >= 'A' && s[k] <= 'Z') return 1;
    return 0;
}

/* ---- output -------------------------------------------------------------- */

static dp_status emit(qctx *c, size_t a, size_t b, double v, int kind, const char *unit, uint32_t unit_len) {
    dp_doc *d = c->d;
    if (!isfinite(v) || b <= a) return DP_OK;
    dp_span sp = dp_span_toks(d, a, b);
    dp_quantity q;
    memset(&q, 0, sizeof q);
    q.span = sp;
    q.value = v;
    q.unit = unit_len ? unit : NULL;
    q.unit_len = unit ? unit_len : 0;
    q.kind = (uint8_t)(kind == U_MONEY     ? DP_QTY_MONEY
                       : kind == U_PERCENT ? DP_QTY_PERCENT
                       : kind == U_MEASURE ? DP_QTY_MEASURE
                                           : DP_QTY_COUNT);
    return DP_FACT_PUSH(d, &d->qtys, q);
}

static void remember(qctx *c, const qunit *u) {
    if (u->kind == U_TIME) {
        c->prev_time = 1;
        return;
    }
    c->has_prev = 1;
    c->prev_kind = (uint8_t)u->kind;
    c->prev_unit = u->unit;
    c->prev_unit_len = u->unit_len;
}

/* ---- one number ------------------------------------------------------------ */

typedef struct qread {
    size_t a, b;  /* tokens of the number */
    double v;
    qnum q;
    int digits;   /* written in digits */
    int approx;   /* "une dizaine" */
    int only_one; /* the word "un"/"une" alone */
    int scaled;   /* ends with a scale word: "deux millions" */
} qread;

/* Reads the number starting at token i; 0 when there is none. */
static int read_number(const qctx *c, size_t i, qread *r) {
    memset(r, 0, sizeof *r);
    const dp_token *t = tk(c, i);
    r->a = i;
    if (t->kind == DP_TOK_NUMBER) {
        size_t n;
        const char *s = dp_tok_text(c->d, t, &n);
        if (!parse_digits(s, n, &r->q)) return 0;
        r->v = r->q.v;
        r->b = i + 1;
        r->digits = 1;
        return 1;
    }
    if (t->kind != DP_TOK_WORD || t->nparts) return 0;
    double v = 0;
    int scaled = 0;
    size_t j = read_words(c, i, &v, &scaled);
    if (j == i) return 0;
    r->v = v;
    r->b = j;
    r->only_one = j == i + 1 && is_in(c, i, c->L->one);
    r->scaled = scaled; /* "six millions de cas" */
    /* "une dizaine", "deux centaines", "un millier" */
    double m;
    if (tok_val(c, j, c->L->approx, &m) && is_in(c, j + 1, c->L->of)) {
        r->v = v * m;
        r->b = j + 1;
        r->approx = 1;
        r->only_one = 0;
    }
    return 1;
}

/* Is the number r a year ("en 2019", "1994")? `counted` when a unit follows. */
static int year_like(const qctx *c, const qread *r, int counted) {
    if (!r->digits || !r->q.plain || r->q.ndigits != 4 || r->v < 1000 || r->v > 2100) return 0;
    if (!counted) return 1;
    return r->a > c->first && is_in(c, r->a - 1, c->L->year_intro);
}

/* Looks ahead of a bare number for the next quantity joined to it by
 * connectors: "1.800 mais 2.052 emplois", "10 à 11 semaines". */
static int forward_unit(const qctx *c, size_t j, qunit *out) {
    size_t lim = j + LOOKAHEAD < c->end ? j + LOOKAHEAD : c->end;
    int saw_conn = 0;
    while (j < lim) {
        if (is_in(c, j, c->L->connectors)) {
            saw_conn = 1;
            j++;
            continue;
        }
        if (!saw_conn) return 0;
        qread r;
        if (!read_number(c, j, &r) || r.only_one) return 0;
        qunit u;
        read_unit(c, r.b, r.v, r.digits, r.approx || r.scaled, &u);
        if (u.kind != U_NONE) {
            *out = u; /* the scale is shared: "entre 1 et 1,5 million" */
            return 1;
        }
        j = r.b > j ? r.b : j + 1;
        saw_conn = 0;
    }
    return 0;
}

/* Handles the number at token i; returns the token to go on from. */
static size_t one_number(qctx *c, size_t i, dp_status *st) {
    const qty_lang *L = c->L;
    qread r;
    if (!read_number(c, i, &r)) return i + 1;
    if (r.digits && in_date(c, i)) return r.b;
    qunit u;
    read_unit(c, r.b, r.v, r.digits, r.approx || r.scaled, &u);
    size_t prevt = i > c->first ? i - 1 : (size_t)-1;
    int has_prevt = i > c->first;

    /* numbers that are not amounts */
    if (r.digits) {
        if (r.q.lead_zero || number_neighbour(c, i)) return r.b;
        if (has_prevt && (is_in(c, prevt, L->months) || is_in(c, prevt, L->weekdays))) return r.b;
        if (has_prevt && is_in(c, prevt, L->designators)) return r.b;
        if (has_prevt && glued(c, i) && tk(c, prevt)->kind == DP_TOK_WORD) return r.b; /* "h30", "A 320" */
        if (has_prevt && is_in(c, prevt, L->time_units)) {
            /* "14 h 30", "à 9 heures 15": minutes of a clock time */
            if (u.kind == U_NONE || u.kind == U_TIME) return r.b;
        }
        if (year_like(c, &r, u.kind == U_COUNT || u.kind == U_MONEY || u.kind == U_MEASURE ||
                                 u.kind == U_PERCENT))
            return r.b;
        /* "à 180 degrés": an idiom */
        if (has_prevt && is_in(c, prevt, L->idiom_prep) && u.kind == U_MEASURE) {
            size_t n;
            const char *s = dp_tok_text(c->d, tk(c, i), &n);
            int num = 0;
            for (size_t k = 0; L->idiom_numbers[k]; k++) num |= dp_str_is(s, n, L->idiom_numbers[k]);
            if (num && is_in(c, r.b, L->idiom_units)) return u.end;
        }
    } else {
        if (r.only_one && u.mult == 1) return r.b; /* "un homme" */
        if (r.approx && i >= c->first + 2 && is_in(c, i - 1, L->of) && is_in(c, i - 2, L->comparatives))
            return r.b; /* "plus d'une dizaine": vague */
        if (has_prevt && is_in(c, prevt, L->def_plural) && r.v < 100 && !r.approx) {
            /* "les deux pays": a known set; still the antecedent of what follows */
            if (u.kind != U_NONE) remember(c, &u);
            return u.kind != U_NONE ? u.end : r.b;
        }
        if (has_prevt && is_in(c, prevt, L->percent2a) && is_in(c, i, L->percent2b)) return r.b; /* "pour cent" */
    }
    if (u.kind == U_TIME) {
        remember(c, &u);
        return u.end;
    }
    if (u.kind == U_DATE || u.kind == U_SKIP) return u.end;
    if (has_prevt && is_in(c, prevt, L->def_singular) && (u.kind == U_COUNT || u.kind == U_NONE)) return r.b;

    double v = r.v * u.mult;
    int kind = u.kind;
    const char *unit = u.unit;
    uint32_t unit_len = u.unit_len;
    size_t end = u.end > r.b ? u.end : r.b;

    if (kind == U_NONE) {
        /* a bare number: the unit of a quantity joined after it, or of the one before */
        qunit f;
        if (after_name(c, i)) return r.b;
        if (has_prevt && is_in(c, prevt, r.digits ? L->bare_digit_blockers : L->bare_word_blockers)) return r.b;
        /* right after a unit: "1 mètre 80", "2 heures 15" */
        if (has_prevt && (is_in(c, prevt, L->measures) || is_in(c, prevt, L->time_units) ||
                          tok_unitw(c, prevt, L->currencies)))
            return r.b;
        if (forward_unit(c, end, &f)) {
            if (f.kind == U_TIME || f.kind == U_DATE || f.kind == U_SKIP) return end;
            kind = f.kind;
            unit = f.unit;
            unit_len = f.unit_len;
            if (u.mult == 1 && r.digits) v = r.v * f.mult;
        } else if (c->has_prev) {
            kind = c->prev_kind;
            unit = c->prev_unit;
            unit_len = c->prev_unit_len;
        } else if (c->prev_time || u.mult == 1 || !r.digits) {
            return end; /* nothing tells what it counts */
        } else {
            kind = U_COUNT; /* "2,4 millions" */
        }
        if (!r.digits && (r.v < 2 || is_in(c, i, L->ambiguous_bare))) return end;
        if (r.digits && year_like(c, &r, 0)) return end;
        if (r.digits && (s_first_byte(c, i) == '+' || s_first_byte(c, i) == '-')) return end; /* "(+71)": a change */
    } else {
        remember(c, &u);
    }
    /* "6,804 dossiers": a count has no fraction of thousandths; the comma groups thousands */
    if (r.digits && r.q.comma3 && v == r.q.v && (kind == U_COUNT || kind == U_MONEY)) v = r.q.v_group;
    *st = emit(c, i, end, v, kind, unit, unit_len);
    return end;
}

dp_status dp_facts_quantities(dp_doc *d) {
    qctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.L = qty_lang_for(d);
    c.tagged = 0;
    for (size_t i = 0; i < d->toks.n && !c.tagged; i++) c.tagged = d->toks.v[i].upos != DP_UPOS_NONE;
    for (size_t s = 0; s < d->sents.n; s++) {
        const dp_sentence *se = &d->sents.v[s];
        c.first = se->first_token;
        c.end = se->first_token + se->ntokens;
        if (c.end > d->toks.n) c.end = d->toks.n;
        c.has_prev = c.prev_time = 0;
        for (size_t i = c.first; i < c.end;) {
            const dp_token *t = &d->toks.v[i];
            if (t->kind != DP_TOK_NUMBER && t->kind != DP_TOK_WORD) {
                i++;
                continue;
            }
            dp_status st = DP_OK;
            size_t next = one_number(&c, i, &st);
            if (st) return st;
            i = next > i ? next : i + 1;
        }
    }
    return DP_OK;
}
