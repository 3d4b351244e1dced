/* quotes.c — direct and reported speech, and who said it.
 *
 * Direct quotes are the words between quotation marks (the tokenizer marks
 * each « “ " as opening or closing): nested marks are followed; a quote left
 * open at the end of a paragraph goes on when the next paragraph reopens it
 * (the French habit), else it ends there; a quote broken by an incise
 * (« A, a-t-il dit, B ») is two quotes of one speaker. A single quoted word,
 * and a title after "intitulé", "le livre" …, is no quote.
 *
 * Reported speech: a reporting verb (lexicon, matched on lemmas) with a
 * "que" clause, the inverted "CLAUSE, a indiqué X." and "X, dit-il, CLAUSE",
 * and "selon X" / "d'après X".
 *
 * Speakers, first cue that applies: the inverted subject after the quote
 * (", a indiqué le porte-parole du Kremlin, Dmitri Peskov"), a clitic
 * ("a-t-il dit"), the subject of a reporting verb before the quote
 * ("M. X a déclaré : « … »"), then the speaker of the quote just before in the
 * same or previous paragraph. A pronoun goes to the most recent compatible
 * person (the last speaker first); a role noun ("le ministre") to the person
 * the article gave that role; "this man" to the most recent person; an
 * indefinite or unnamed source ("une source diplomatique", "la police")
 * gives no entity, its words in speaker_text. */
#include "facts/facts.h"
#include "facts/lexicon.h"

#include <stdlib.h>

#define NONE 0xFFFFFFFFu

typedef struct qx {
    dp_doc *d;
    const uint32_t *ent; /* token -> entity + 1 (mentions of every type) */
} qx;

/* Token i; past the end, an empty token that matches no word (bounds-safe look-ahead). */
static const dp_token NO_TOKEN;
static const dp_token *T(const qx *q, size_t i) { return i < q->d->toks.n ? &q->d->toks.v[i] : &NO_TOKEN; }
static int is(const qx *q, size_t i, const char *w) { return dp_tok_is(q->d, T(q, i), w); }
static int punct(const qx *q, size_t i) { return T(q, i)->kind == DP_TOK_PUNCT; }

/* Sentence index of each token: binary search over sentences. */
static size_t sent_of(const dp_doc *d, size_t tok) {
    size_t lo = 0, hi = d->sents.n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (d->sents.v[mid].first_token <= tok) lo = mid;
        else hi = mid;
    }
    return lo;
}
static size_t sent_start(const dp_doc *d, size_t tok) { return d->sents.n ? d->sents.v[sent_of(d, tok)].first_token : 0; }
static size_t sent_end(const dp_doc *d, size_t tok) {
    if (!d->sents.n) return d->toks.n;
    const dp_sentence *s = &d->sents.v[sent_of(d, tok)];
    return s->first_token + s->ntokens;
}

/* Is token i a reporting verb? Lemma when tagged, else the surface form. */
static int speech_verb(const qx *q, size_t i) {
    const dp_token *t = T(q, i);
    if (t->kind != DP_TOK_WORD) return 0;
    if (t->upos && t->upos != DP_UPOS_VERB && t->upos != DP_UPOS_AUX) return 0;
    size_t n;
    const char *l = dp_tok_lemma(q->d, t, &n);
    if (n) return dp_lex_is_speech_lemma(l, n);
    const char *s = dp_tok_text(q->d, t, &n);
    return dp_lex_speech_form(s, n) >= 0;
}

/* "fait valoir", "fait savoir", "laissé entendre": verb + infinitive of speech. */
static int speech_pair(const qx *q, size_t i) {
    if (i + 1 >= q->d->toks.n) return 0;
    return (is(q, i + 1, "valoir") || is(q, i + 1, "savoir") || is(q, i + 1, "entendre") || is(q, i + 1, "remarquer")) &&
           (T(q, i)->upos == DP_UPOS_VERB || T(q, i)->upos == DP_UPOS_NONE);
}

static int is_clitic_pron(const qx *q, size_t i, int *gender) {
    const dp_token *t = T(q, i);
    if (!(t->flags & DP_TF_CLITIC)) return 0;
    static const char *const m[] = {"-il", "-t-il", "-ils", "-t-ils", "-on", "-t-on", NULL};
    static const char *const f[] = {"-elle", "-t-elle", "-elles", "-t-elles", NULL};
    if (dp_tok_in(q->d, t, m) >= 0) {
        *gender = is(q, i, "-on") || is(q, i, "-t-on") ? 0 : 'm';
        return 1;
    }
    if (dp_tok_in(q->d, t, f) >= 0) {
        *gender = 'f';
        return 1;
    }
    return 0;
}

static int is_subject_pron(const qx *q, size_t i, int *gender) {
    if (is(q, i, "il") || is(q, i, "lui")) return *gender = 'm', 1;
    if (is(q, i, "elle")) return *gender = 'f', 1;
    return 0;
}

/* The most recent person before token `pos` compatible with a gender
 * ('m', 'f' or 0): the last speaker first, when recent. */
/* The speaker of the latest quote ending before token pos, within `reach`
 * bytes; -1 when none. */
static int32_t last_speaker(const qx *q, size_t pos, uint32_t reach) {
    const dp_doc *d = q->d;
    uint32_t at = pos < d->toks.n ? d->toks.v[pos].nstart : (uint32_t)d->norm.len;
    int32_t best = -1;
    uint32_t best_end = 0;
    size_t n = d->quotes.n, lo = n > 64 ? n - 64 : 0;
    for (size_t k = lo; k < n; k++) {
        const dp_quote *x = &d->quotes.v[k];
        if (x->speaker < 0 || x->span.nend > at || at - x->span.nend > reach) continue;
        if (best < 0 || x->span.nend >= best_end) best = x->speaker, best_end = x->span.nend;
    }
    return best;
}

static int32_t resolve_pronoun(qx *q, size_t pos, int gender) {
    dp_doc *d = q->d;
    int32_t ls = last_speaker(q, pos, 600);
    if (ls >= 0) {
        const dp_entity *e = &d->ents.v[ls];
        if (e->type == DP_ENT_PER && (!gender || !e->gender || e->gender == gender)) return ls;
    }
    /* a person of that gender first; one of unknown gender only when none is near */
    int32_t unknown = -1;
    size_t seen = 0;
    for (size_t k = pos; k-- > 0 && seen < 400; seen++) {
        if (!q->ent[k]) continue;
        const dp_entity *e = &d->ents.v[q->ent[k] - 1];
        if (e->type != DP_ENT_PER) continue;
        if (!gender || e->gender == gender) return (int32_t)q->ent[k] - 1;
        if (!e->gender && unknown < 0) unknown = (int32_t)q->ent[k] - 1;
    }
    return unknown;
}

/* The person the article gave the role whose head is token h, most recently mentioned before pos. */
static int32_t resolve_role(qx *q, size_t h, size_t pos) {
    dp_doc *d = q->d;
    size_t hn;
    const char *hs = dp_tok_text(d, T(q, h), &hn);
    int32_t best = -1;
    uint32_t best_at = 0;
    for (size_t r = 0; r < d->roles.n && r < 2000; r++) {
        const dp_role *ro = &d->roles.v[r];
        /* does the role phrase contain the head word? */
        const char *rs = d->norm.data + ro->span.nstart;
        size_t rn = ro->span.nend - ro->span.nstart, k = 0;
        int found = 0;
        while (k < rn && !found) {
            size_t e = k;
            while (e < rn && rs[e] != ' ' && rs[e] != ',') e++;
            found = e - k == hn && memcmp(rs + k, hs, hn) == 0;
            k = e + 1;
        }
        if (!found) continue;
        /* latest mention of that entity before pos */
        const dp_entity *e = &d->ents.v[ro->entity];
        /* its mentions are in text order: the last one before pos, by bisection */
        const uint32_t *em = d->entment.v + e->first_mention;
        uint32_t lo = 0, hi = e->nmentions;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (d->mentions.v[em[mid]].first_token < pos) lo = mid + 1;
            else hi = mid;
        }
        if (lo > 0) {
            const dp_mention *m = &d->mentions.v[em[lo - 1]];
            if (best < 0 || m->first_token >= best_at) {
                best = (int32_t)ro->entity;
                best_at = m->first_token;
            }
        }
    }
    return best;
}

/* Length of an adverbial that may stand in a verb group or before an
 * inverted subject: "quant à lui", "de son côté", "pour sa part", "avec humour". */
static size_t adverbial(const qx *q, size_t k, size_t z) {
    if (k + 2 < z && is(q, k, "quant") && is(q, k + 1, "à") &&
        (is(q, k + 2, "lui") || is(q, k + 2, "elle") || is(q, k + 2, "eux") || is(q, k + 2, "elles")))
        return 3;
    if (k + 2 < z && (is(q, k, "de") || is(q, k, "pour") || is(q, k, "à")) &&
        (is(q, k + 1, "son") || is(q, k + 1, "sa") || is(q, k + 1, "leur")) &&
        (is(q, k + 2, "côté") || is(q, k + 2, "part") || is(q, k + 2, "tour")))
        return 3;
    if (k + 1 < z && (is(q, k, "avec") || is(q, k, "sans")) && T(q, k + 1)->upos == DP_UPOS_NOUN) return 2;
    if (k + 1 < z && is(q, k, "non") && is(q, k + 1, "sans")) return 2;
    return 0;
}

/* Does [a, b) hold a verb (a clause, not a noun phrase)? Untagged text: yes. */
static int has_verb(const qx *q, size_t a, size_t b) {
    for (size_t i = a; i < b; i++)
        if (T(q, i)->upos == DP_UPOS_VERB || T(q, i)->upos == DP_UPOS_AUX || T(q, i)->upos == DP_UPOS_NONE) return 1;
    return 0;
}

/* Length of a time phrase before an inverted subject: "l'an dernier",
 * "la semaine dernière", "ce matin", "mercredi soir". */
static size_t time_np(const qx *q, size_t k, size_t z) {
    static const char *const nouns[] = {"an", "année", "semaine", "mois", "matin", "soir", "jour", "week-end",
                                        "midi", "après-midi", "nuit", "veille", "lendemain", NULL};
    static const char *const mods[] = {"dernier", "dernière", "prochain", "prochaine", "passé", "passée", "même", NULL};
    size_t i = k;
    if (i < z && (is(q, i, "l'") || is(q, i, "la") || is(q, i, "le") || is(q, i, "ce") || is(q, i, "cette") ||
                  is(q, i, "cet")))
        i++;
    if (i >= z || dp_tok_in(q->d, T(q, i), nouns) < 0) return 0;
    i++;
    if (i < z && dp_tok_in(q->d, T(q, i), mods) >= 0) i++;
    return i - k;
}

static int weekday(const qx *q, size_t k) {
    static const char *const days[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", NULL};
    return dp_tok_in(q->d, T(q, k), days) >= 0;
}

typedef struct who {
    int32_t ent;
    uint32_t a, b; /* speaker_text tokens, a == b when none */
    int found;     /* a cue was found (even when it names no entity) */
} who;

/* A subject noun phrase starting at token i (after the verb), within [i, z):
 * a named entity, "DET ROLE…[, NAME]", a pronoun clitic, or another noun phrase. */
static who subject_after(qx *q, size_t i, size_t z, size_t quote_pos) {
    dp_doc *d = q->d;
    who w = {-1, 0, 0, 0};
    /* skip what may stand between the verb and its subject: "à la presse", "mercredi", "aussi" */
    size_t k = i;
    for (int guard = 0; k < z && guard < 12; guard++) {
        if (q->ent[k] && (d->ents.v[q->ent[k] - 1].type != DP_ENT_LOC)) break;
        size_t adv = adverbial(q, k, z);
        if (!adv) adv = time_np(q, k, z);
        if (adv) {
            k += adv;
            continue;
        }
        if (is(q, k, "à") || is(q, k, "au") || is(q, k, "aux") || is(q, k, "devant") || is(q, k, "lors") ||
            is(q, k, "dans") || is(q, k, "en") || is(q, k, "sur")) {
            /* a prepositional phrase: to the next determiner-led phrase or comma */
            k++;
            while (k < z && (T(q, k)->upos == DP_UPOS_DET || T(q, k)->upos == DP_UPOS_NOUN ||
                             T(q, k)->upos == DP_UPOS_ADJ || T(q, k)->upos == DP_UPOS_ADP ||
                             T(q, k)->upos == DP_UPOS_PROPN || (q->ent[k] && d->ents.v[q->ent[k] - 1].type == DP_ENT_ORG)) &&
                   !is(q, k, "le") && !is(q, k, "la") && !is(q, k, "les") && !is(q, k, "l'") && !is(q, k, "un") &&
                   !is(q, k, "une") && !is(q, k, "cet") && !is(q, k, "ce") && !is(q, k, "cette"))
                k++;
            /* "à la presse": the determiner belongs to the PP when a noun of the PP follows */
            if (k < z && k + 1 < z && (is(q, k, "la") || is(q, k, "l'") || is(q, k, "le") || is(q, k, "les")) &&
                (is(q, k + 1, "presse") || is(q, k + 1, "afp") || is(q, k + 1, "radio") || is(q, k + 1, "télévision") ||
                 is(q, k + 1, "agence") || is(q, k + 1, "journal") || is(q, k + 1, "assemblée") || is(q, k + 1, "chambre")))
                k += 2;
            continue;
        }
        if (T(q, k)->upos == DP_UPOS_ADV || T(q, k)->upos == DP_UPOS_NUM || is(q, k, "mercredi") ||
            is(q, k, "lundi") || is(q, k, "mardi") || is(q, k, "jeudi") || is(q, k, "vendredi") ||
            is(q, k, "samedi") || is(q, k, "dimanche") || is(q, k, "hier") || is(q, k, "aussi") ||
            is(q, k, "encore") || is(q, k, "également") || is(q, k, "alors")) {
            k++;
            continue;
        }
        break;
    }
    if (k >= z) return w;
    /* a named entity right there */
    if (q->ent[k]) {
        w.ent = (int32_t)q->ent[k] - 1;
        w.a = (uint32_t)k;
        w.b = (uint32_t)k + 1;
        while (w.b < z && q->ent[w.b] == q->ent[k]) w.b++;
        w.found = 1;
        if (d->ents.v[w.ent].type == DP_ENT_LOC) w.ent = -1;
        return w;
    }
    if (k > 0 && dp_token_is_title(d, k) && k + 1 < z && q->ent[k + 1]) {
        w.ent = (int32_t)q->ent[k + 1] - 1;
        w.a = (uint32_t)k;
        w.b = (uint32_t)k + 2;
        w.found = 1;
        return w;
    }
    /* a noun phrase: determiner, words up to a comma, a stop word or the end */
    int det = T(q, k)->upos == DP_UPOS_DET || dp_tok_in(d, T(q, k), dp_lex_fr_role_dets) >= 0 ||
              is(q, k, "des") || is(q, k, "plusieurs") || is(q, k, "certains") || is(q, k, "quelques");
    if (!det) return w;
    int indefinite = is(q, k, "un") || is(q, k, "une") || is(q, k, "des") || is(q, k, "plusieurs") ||
                     is(q, k, "certains") || is(q, k, "quelques") || is(q, k, "les");
    size_t e = k + 1, head = NONE;
    int seen_prep = 0; /* past "de", "du", "à": names are complements */
    while (e < z && e < k + 16 && !punct(q, e) && T(q, e)->upos != DP_UPOS_VERB && T(q, e)->upos != DP_UPOS_AUX &&
           !is(q, e, "lors") && !is(q, e, "qui") && !is(q, e, "dans") && !is(q, e, "en") && !is(q, e, "au") &&
           !(T(q, e)->flags & DP_TF_QUOTE_OPEN) && !time_np(q, e, z) && !weekday(q, e) &&
           /* "la police à l'AFP": the addressee is not part of the speaker */
           !(is(q, e, "à") && (is(q, e + 1, "l'") || is(q, e + 1, "la")) &&
             (is(q, e + 2, "afp") || is(q, e + 2, "presse") ||
              (e + 2 < z && q->ent[e + 2] && d->ents.v[q->ent[e + 2] - 1].type == DP_ENT_ORG)))) {
        size_t x = e + (dp_token_is_title(d, e) && e + 1 < z && q->ent[e + 1]);
        if (q->ent[x]) {
            /* after "de", a name is a complement ("du groupe Ubisoft", "de M. Steinitz");
             * right after the head it names the speaker ("le mouvement OTS") */
            if (!seen_prep) break;
            uint32_t id = q->ent[x];
            e = x;
            while (e < z && q->ent[e] == id) e++;
            continue;
        }
        if (T(q, e)->upos == DP_UPOS_ADP || is(q, e, "de") || is(q, e, "d'") || is(q, e, "du") || is(q, e, "des") ||
            is(q, e, "à") || is(q, e, "aux") || (T(q, e)->nparts && T(q, e)->part_upos[0] == DP_UPOS_ADP))
            seen_prep = 1;
        size_t n;
        const char *s = dp_tok_text(d, T(q, e), &n);
        if (head == NONE && (dp_lex_is_role(s, n) || dp_lex_find(dp_lex_fr_speaker_nouns, s, n) >= 0 ||
                             T(q, e)->upos == DP_UPOS_NOUN))
            head = e;
        e++;
    }
    /* "…, NAME" in apposition, or a name right after the phrase ("le mouvement OTS", "le ministre X") */
    size_t after = e;
    if (after < z && dp_token_is_title(d, after) && after + 1 < z && q->ent[after + 1]) after++;
    if (after < z && q->ent[after] && d->ents.v[q->ent[after] - 1].type != DP_ENT_LOC) {
        w.ent = (int32_t)q->ent[after] - 1;
        w.a = (uint32_t)k;
        w.b = (uint32_t)after;
        while (w.b < z && q->ent[w.b] == q->ent[after]) w.b++;
        w.found = 1;
        return w;
    }
    if (after + 1 < z && is(q, after, ",") && (q->ent[after + 1] || (dp_token_is_title(d, after + 1) && after + 2 < z && q->ent[after + 2]))) {
        size_t x = q->ent[after + 1] ? after + 1 : after + 2;
        if (d->ents.v[q->ent[x] - 1].type == DP_ENT_PER) {
            w.ent = (int32_t)q->ent[x] - 1;
            w.a = (uint32_t)k;
            w.b = (uint32_t)x;
            while (w.b < z && q->ent[w.b] == q->ent[x]) w.b++;
            w.found = 1;
            return w;
        }
    }
    w.a = (uint32_t)k;
    w.b = (uint32_t)e;
    w.found = 1;
    if (head == NONE) return w;
    /* a role given earlier to a person */
    size_t hn;
    const char *hs = dp_tok_text(d, T(q, head), &hn);
    if (!indefinite && dp_lex_is_role(hs, hn)) {
        w.ent = resolve_role(q, head, quote_pos);
        if (w.ent < 0 && (is(q, k, "le") || is(q, k, "la") || is(q, k, "l'") || is(q, k, "ce") || is(q, k, "cette") || is(q, k, "cet")))
            w.ent = -1; /* a role never given: unnamed */
        return w;
    }
    /* "ce dernier", "l'homme", "cet agriculteur": the person last spoken of */
    if (is(q, k, "ce") || is(q, k, "cet") || is(q, k, "cette") ||
        ((is(q, k, "l'") || is(q, k, "le") || is(q, k, "la")) &&
         (is(q, head, "homme") || is(q, head, "femme") || is(q, head, "intéressé") || is(q, head, "intéressée")))) {
        int g = is(q, k, "cette") || is(q, k, "la") || is(q, head, "femme") ? 'f' : 'm';
        w.ent = resolve_pronoun(q, quote_pos, g);
    }
    return w;
}

/* The reporting clause right after a direct quote that closed at token c:
 * ", a indiqué X" / ", dit-il" / ", selon X". */
static who cue_after(qx *q, size_t c, size_t z) {
    who w = {-1, 0, 0, 0};
    size_t i = c + 1;
    if (i < z && (is(q, i, ",") || is(q, i, "!") || is(q, i, "?"))) i++;
    else if (!(c > 0 && (is(q, c - 1, ",") || is(q, c - 1, "!") || is(q, c - 1, "?") || is(q, c - 1, "..."))))
        return w; /* "« … »." closes the sentence: no inverted clause */
    /* "selon X" */
    if (i < z && (is(q, i, "selon") || (is(q, i, "d'") && i + 1 < z && is(q, i + 1, "après")))) {
        size_t k = is(q, i, "selon") ? i + 1 : i + 2;
        int g;
        if (k < z && is_subject_pron(q, k, &g)) {
            w.ent = resolve_pronoun(q, c, g);
            w.found = 1;
            return w;
        }
        return subject_after(q, k, z, c);
    }
    /* the verb group: [s'] [AUX] [-t-il] [ADV] VERB [-il] */
    size_t v = NONE;
    for (size_t k = i; k < z && k < i + 8; k++) {
        int g;
        size_t adv = adverbial(q, k, z);
        if (adv) {
            k += adv - 1;
            continue;
        }
        if (is_clitic_pron(q, k, &g)) {
            w.ent = resolve_pronoun(q, c, g);
            w.found = 1;
            return w;
        }
        if (T(q, k)->upos == DP_UPOS_VERB || speech_verb(q, k)) {
            v = k;
            if (k + 1 < z && is_clitic_pron(q, k + 1, &g)) {
                w.ent = resolve_pronoun(q, c, g);
                w.found = 1;
                return w;
            }
            if (speech_pair(q, k)) v = k + 1;
            break;
        }
        if (!(T(q, k)->upos == DP_UPOS_AUX || T(q, k)->upos == DP_UPOS_ADV || is(q, k, "s'") || is(q, k, "se") ||
              is(q, k, "a") || is(q, k, "ont") || is(q, k, "avait") || is(q, k, "est") || is(q, k, "lui") ||
              is(q, k, "leur") || is(q, k, "nous") || is(q, k, "n'") || is(q, k, "ne")))
            break;
    }
    if (v == NONE) {
        /* "« … », dans un pays où …, explique-t-il." — the incise closes the sentence */
        size_t e = z;
        while (e > i && punct(q, e - 1)) e--;
        int g;
        if (e >= i + 3 && is_clitic_pron(q, e - 1, &g) && is(q, e - 3, ",")) {
            w.ent = resolve_pronoun(q, c, g);
            w.found = 1;
        }
        return w;
    }
    return subject_after(q, v + 1, z, c);
}

/* The subject of a reporting verb at v, looking left within the sentence. */
static who subject_before(qx *q, size_t v, size_t a0) {
    dp_doc *d = q->d;
    who w = {-1, 0, 0, 0};
    size_t k = v;
    /* skip the verb group: AUX, clitics, negation, adverbs */
    while (k > a0) {
        size_t p = k - 1;
        if (T(q, p)->upos == DP_UPOS_AUX || T(q, p)->upos == DP_UPOS_ADV || is(q, p, "s'") || is(q, p, "se") ||
            is(q, p, "n'") || is(q, p, "ne") || is(q, p, "lui") || is(q, p, "leur") || is(q, p, "l'") ||
            is(q, p, "a") || is(q, p, "ont") || is(q, p, "avait") || is(q, p, "aussi") || is(q, p, "déjà") ||
            is(q, p, "en") || is(q, p, "y") || is(q, p, "plutôt") || is(q, p, "également"))
            k = p;
        else if (is(q, p, ",") && p > a0 && q->ent[p - 1]) {
            break; /* ", NAME," in apposition: the name is the subject */
        } else if (is(q, p, ",") && p > a0) {
            /* a parenthetical ", dans une publication," or an apposition ", titulaire de …,":
             * back to the comma that opens it, when a name or a clause head stands before */
            size_t c = p;
            while (c > a0 && c + 20 > p && !is(q, c - 1, ",")) c--;
            if (c > a0 && c + 20 > p && is(q, c - 1, ",") && c - 1 > a0) k = c - 1;
            else break;
        } else break;
    }
    if (k == a0) return w;
    size_t p = k - 1;
    int g;
    if (is_subject_pron(q, p, &g)) {
        w.ent = resolve_pronoun(q, p, g);
        w.found = 1;
        return w;
    }
    /* ", NAME," apposition or a name ending right before */
    if (is(q, p, ",") && p > a0) p--;
    if (q->ent[p]) {
        w.ent = (int32_t)q->ent[p] - 1;
        w.b = (uint32_t)p + 1;
        w.a = (uint32_t)p;
        while (w.a > a0 && q->ent[w.a - 1] == q->ent[p]) w.a--;
        if (w.a > a0 && dp_token_is_title(d, w.a - 1)) w.a--;
        w.found = 1;
        if (d->ents.v[w.ent].type == DP_ENT_LOC) w.ent = -1;
        return w;
    }
    /* a noun phrase subject: back to its determiner at the clause start */
    size_t s = p + 1;
    while (s > a0 && !punct(q, s - 1) && T(q, s - 1)->upos != DP_UPOS_VERB && s + 12 > p) s--;
    if (s > p) return w;
    /* a name inside ("le ministre Guilbeault", "le bureau de M. Steinitz" stays unnamed) */
    if (dp_tok_in(d, T(q, s), dp_lex_fr_role_dets) >= 0) {
        size_t h = s + 1;
        size_t hn;
        const char *hs = h <= p ? dp_tok_text(d, T(q, h), &hn) : "";
        if (h <= p && q->ent[h + 1 <= p ? h + 1 : h] && dp_lex_is_role(hs, h <= p ? hn : 0)) {
            w.ent = (int32_t)q->ent[h + 1] - 1;
        } else if (h <= p && dp_lex_is_role(hs, hn) && !is(q, s, "un") && !is(q, s, "une")) {
            w.ent = resolve_role(q, h, v);
        }
        w.a = (uint32_t)s;
        w.b = (uint32_t)p + 1;
        w.found = 1;
    }
    return w;
}

/* A reporting verb before a direct quote in its sentence ("X a déclaré : « »",
 * "X affirme que « »", "pour X, « »"). */
static who cue_before(qx *q, size_t o) {
    who w = {-1, 0, 0, 0};
    size_t a0 = sent_start(q->d, o);
    for (size_t k = o; k-- > a0 && o - k < 40;) {
        if (T(q, k)->flags & DP_TF_QUOTE_CLOSE) break; /* another quote's words */
        if (speech_verb(q, k) || speech_pair(q, k)) {
            who s = subject_before(q, speech_pair(q, k) && !speech_verb(q, k) ? k : k, a0);
            if (s.found) return s;
        }
        if ((is(q, k, "selon") || is(q, k, "pour")) && k + 1 < o) {
            int g;
            if (is_subject_pron(q, k + 1, &g)) {
                w.ent = resolve_pronoun(q, k, g);
                w.found = 1;
                return w;
            }
            if (is(q, k, "selon")) return subject_after(q, k + 1, o, o);
        }
    }
    return w;
}

static dp_status push_quote(qx *q, size_t a, size_t b, int kind, who w) {
    dp_doc *d = q->d;
    while (b > a && (is(q, b - 1, ",") || is(q, b - 1, ":") || is(q, b - 1, ";"))) b--;
    if (b <= a) return DP_OK;
    dp_quote x = {.span = dp_span_toks(d, a, b), .kind = (uint8_t)kind, .speaker = w.ent};
    if (w.b > w.a) x.speaker_span = dp_span_toks(d, w.a, w.b);
    return DP_FACT_PUSH(d, &d->quotes, x);
}

static size_t words_in(const qx *q, size_t a, size_t b) {
    size_t n = 0;
    for (size_t i = a; i < b; i++) n += T(q, i)->kind == DP_TOK_WORD || T(q, i)->kind == DP_TOK_NUMBER;
    return n;
}

/* An incise inside a quote at token k (a comma): ", a-t-il dit," / ", dit-elle." —
 * returns the token after the incise, or NONE. *g gets the pronoun's gender. */
static size_t incise_at(const qx *q, size_t k, size_t b, int *g) {
    if (!is(q, k, ",")) return NONE;
    for (size_t j = k + 1; j < b && j < k + 4; j++) {
        if (is_clitic_pron(q, j, g)) {
            size_t e = j + 1;
            while (e < b && e < j + 3 && !punct(q, e)) e++; /* "a-t-il insisté" */
            if (e < b && (is(q, e, ",") || is(q, e, "."))) return e + 1;
            return NONE;
        }
        if (punct(q, j)) return NONE;
    }
    return NONE;
}

/* Direct quotes. Records their token ranges in d->fx[2] (pairs) for the
 * reported-speech pass. */
static dp_status direct(qx *q) {
    dp_doc *d = q->d;
    size_t n = d->toks.n;
    dp_u32vec *rg = &d->fx[2];
    rg->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(T(q, i)->flags & DP_TF_QUOTE_OPEN)) continue;
        size_t a = i + 1, j = a, close = NONE;
        int depth = 1;
        for (; j < n; j++) {
            const dp_token *t = T(q, j);
            if (t->flags & DP_TF_PARA_BEFORE) {
                if (t->flags & DP_TF_QUOTE_OPEN) continue; /* reopened: the quote goes on */
                break;                                     /* left open: ends with the paragraph */
            }
            if (t->flags & DP_TF_QUOTE_OPEN) depth++;
            else if ((t->flags & DP_TF_QUOTE_CLOSE) && --depth == 0) {
                close = j;
                break;
            }
        }
        size_t b = j;
        i = close != NONE ? close : (b > i ? b - 1 : i);
        if (words_in(q, a, b) < 2) continue;
        /* a title: « … » after "intitulé", "le livre", "sous le thème" */
        size_t p = a - 1;
        while (p > 0 && (is(q, p - 1, "de") || is(q, p - 1, "d'") || is(q, p - 1, ":"))) p--;
        if (p > 0 && dp_tok_in(d, T(q, p - 1), dp_lex_fr_title_cues) >= 0) continue;
        /* a capitalised verbless phrase inside a sentence: a title ("le « Plan pour une économie verte »") */
        if (a > 1 && !punct(q, a - 2) && dp_tok_upper(d, T(q, a)) && words_in(q, a, b) <= 8 && T(q, a)->upos &&
            !has_verb(q, a, b))
            continue;
        if (DP_FACT_PUSH(d, rg, (uint32_t)a) || DP_FACT_PUSH(d, rg, (uint32_t)b)) return DP_ERR_NOMEM;

        size_t z = sent_end(d, close != NONE ? close : (b ? b - 1 : 0));
        if (close != NONE && z <= close + 1 && close + 1 < n) z = sent_end(d, close + 1);
        who w = close != NONE ? cue_after(q, close, z) : (who){-1, 0, 0, 0};
        /* an incise splits the quote; its pronoun names the speaker when nothing else does */
        size_t cut = NONE, resume = NONE;
        int g = 0;
        for (size_t k = a; k < b; k++)
            if ((resume = incise_at(q, k, b, &g)) != NONE) {
                cut = k;
                break;
            }
        if (cut != NONE && !w.found) {
            w.ent = resolve_pronoun(q, a, g);
            w.found = 1;
        }
        if (!w.found) w = cue_before(q, a - 1);
        int32_t ls = last_speaker(q, a, 400);
        if (!w.found && ls >= 0) {
            w.ent = ls; /* the same speaker goes on */
            w.found = 1;
        }
        if (!w.found) {
            /* the person spoken of in this paragraph */
            w.ent = resolve_pronoun(q, a, 0);
            if (w.ent >= 0) {
                /* only within the quote's paragraph */
                size_t k = a;
                while (k > 0 && !(T(q, k)->flags & DP_TF_PARA_BEFORE)) k--;
                int in = 0;
                for (size_t m = k; m < a && !in; m++) in = q->ent[m] == (uint32_t)w.ent + 1;
                if (!in) w.ent = -1;
            }
        }
        dp_status st;
        if (cut != NONE) {
            if ((st = push_quote(q, a, cut, DP_QUOTE_DIRECT, w))) return st;
            if (words_in(q, resume, b) >= 2 && (st = push_quote(q, resume, b, DP_QUOTE_DIRECT, w))) return st;
        } else if ((st = push_quote(q, a, b, DP_QUOTE_DIRECT, w))) {
            return st;
        }
    }
    return DP_OK;
}

/* Is token range [a, b) mostly (over `pct` percent) inside one direct quote?
 * With pct 0: does it hold any direct quote? */
static int in_direct(const qx *q, size_t a, size_t b, unsigned pct) {
    const dp_u32vec *rg = &q->d->fx[2];
    /* the ranges are in text order and disjoint: the first ending after a, by bisection */
    size_t lo = 0, hi = rg->n / 2;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rg->v[2 * mid + 1] <= a) lo = mid + 1;
        else hi = mid;
    }
    for (size_t r = 2 * lo; r + 1 < rg->n && rg->v[r] < b; r += 2) {
        size_t x = rg->v[r] > a ? rg->v[r] : a, y = rg->v[r + 1] < b ? rg->v[r + 1] : b;
        if (y <= x) continue;
        if (!pct || 100 * (y - x) > pct * (b - a)) return 1;
    }
    return 0;
}

/* A speaker worth a reported clause: a name, a pronoun, a role or a speaking body. */
static int credible(const qx *q, const who *w) {
    if (w->ent >= 0) return 1;
    for (size_t i = w->a; i < w->b; i++) {
        size_t n;
        const char *s = dp_tok_text(q->d, T(q, i), &n);
        if (dp_lex_is_role(s, n) || dp_lex_find(dp_lex_fr_speaker_nouns, s, n) >= 0) return 1;
    }
    return 0;
}

/* End of a reported clause starting at a: the sentence end, or a comma before
 * another reporting verb with "que" (", soulignant qu'…"). */
static size_t clause_end(const qx *q, size_t a, size_t z) {
    size_t e = z;
    while (e > a && (punct(q, e - 1) && !(T(q, e - 1)->flags & DP_TF_QUOTE_CLOSE))) e--;
    for (size_t k = a; k + 2 < e; k++)
        if (is(q, k, ",") && (speech_verb(q, k + 1) || (k + 3 < e && speech_verb(q, k + 2))) &&
            (is(q, k + 2, "que") || is(q, k + 2, "qu'") || (k + 3 < e && (is(q, k + 3, "que") || is(q, k + 3, "qu'")))))
            return k;
    return e;
}

static dp_status reported(qx *q) {
    dp_doc *d = q->d;
    dp_status st;
    /* the quotes list is rebuilt in text order at the end */
    for (size_t s = 0; s < d->sents.n; s++) {
        size_t a0 = d->sents.v[s].first_token, z = a0 + d->sents.v[s].ntokens;
        for (size_t i = a0; i < z; i++) {
            /* "selon X, CLAUSE" and "CLAUSE, selon X." */
            if ((is(q, i, "selon") || (is(q, i, "d'") && i + 1 < z && is(q, i + 1, "après"))) &&
                (i == a0 || is(q, i - 1, ","))) {
                size_t xs = is(q, i, "selon") ? i + 1 : i + 2, xe = xs;
                while (xe < z && !is(q, xe, ",") && !(punct(q, xe) && xe + 1 >= z)) xe++;
                who w = {-1, (uint32_t)xs, (uint32_t)xe, 1};
                int g;
                if (xs < xe && is_subject_pron(q, xs, &g)) w.ent = resolve_pronoun(q, xs, g), w.a = w.b = 0;
                else {
                    int source = xs < xe && dp_tok_in(d, T(q, xs + (xs + 1 < xe)), dp_lex_fr_source_nouns) >= 0;
                    for (size_t k = xs; k < xe; k++) {
                        if (!q->ent[k]) continue;
                        const dp_entity *e = &d->ents.v[q->ent[k] - 1];
                        int first = k <= xs + 1 || (k == xs + 2 && dp_token_is_title(d, xs + 1));
                        if (e->type == DP_ENT_LOC) continue;
                        if (first || (source && e->type == DP_ENT_ORG) || (source && k > xs)) {
                            w.ent = (int32_t)q->ent[k] - 1;
                            break;
                        }
                    }
                    if (xs < xe && dp_token_is_title(d, xs) && xs + 1 < xe && q->ent[xs + 1])
                        w.ent = (int32_t)q->ent[xs + 1] - 1;
                }
                size_t ca, cb;
                if (i == a0 && xe < z) ca = xe + 1, cb = clause_end(q, ca, z);
                else if (i > a0) ca = a0, cb = i - 1;
                else ca = cb = i; /* "Selon X" alone: no clause */
                int source = w.ent >= 0 || credible(q, &w) || w.a == w.b;
                if (source && words_in(q, ca, cb) >= 3 && !in_direct(q, ca, cb, 50) && has_verb(q, ca, cb)) {
                    if ((st = push_quote(q, ca, cb, DP_QUOTE_INDIRECT, w))) return st;
                }
                i = xe;
                continue;
            }
            if (!speech_verb(q, i) && !speech_pair(q, i)) continue;
            if (in_direct(q, i, i + 1, 0)) continue; /* words of a quote */
            size_t v = speech_pair(q, i) ? i + 1 : i;
            /* "VERB [adverbs, time, PP] que CLAUSE" */
            size_t k = v + 1, que = NONE;
            for (; k < z && k < v + 6; k++) {
                if (is(q, k, "que") || is(q, k, "qu'")) {
                    que = k;
                    break;
                }
                if (punct(q, k) || T(q, k)->upos == DP_UPOS_VERB || (T(q, k)->flags & DP_TF_QUOTE_OPEN)) break;
                /* a noun between verb and "que" makes a relative ("dévoile les plafonds qu'il…"),
                 * except after verbs taking a person ("a informé l'opinion que") */
                if (T(q, k)->upos == DP_UPOS_NOUN && !is(q, k, "lundi") && !is(q, k, "mardi") && !is(q, k, "mercredi") &&
                    !is(q, k, "jeudi") && !is(q, k, "vendredi") && !is(q, k, "samedi") && !is(q, k, "dimanche")) {
                    size_t ln;
                    const char *l = dp_tok_lemma(d, T(q, i), &ln);
                    if (!(dp_str_is(l, ln, "informer") || dp_str_is(l, ln, "avertir") || dp_str_is(l, ln, "prévenir") ||
                          dp_str_is(l, ln, "assurer") || dp_str_is(l, ln, "rappeler") || dp_str_is(l, ln, "répondre")))
                        break;
                }
            }
            if (que == NONE && k + 3 < z && is(q, v + 1, "sur") && is(q, v + 2, "le") && is(q, v + 3, "fait") &&
                (is(q, v + 4, "que") || is(q, v + 4, "qu'")))
                que = v + 4;
            /* "ainsi que", "ce que", "parce que" are no reported clause; nor "Notons que" */
            if (que != NONE && que > 0 && dp_tok_in(d, T(q, que - 1), dp_lex_fr_que_locutions) >= 0) que = NONE;
            if (que != NONE) {
                size_t vn;
                const char *vs = dp_tok_text(d, T(q, i), &vn);
                if (vn > 3 && !memcmp(vs + vn - 3, "ons", 3) && !(i > a0 && is(q, i - 1, "nous"))) que = NONE;
            }
            if (que != NONE) {
                /* the verb must not itself sit inside a quote, nor be a noun phrase's relative ("ce que") */
                size_t ca = que + 1, cb = clause_end(q, ca, z);
                if (T(q, que + 1 < z ? que + 1 : que)->flags & DP_TF_QUOTE_OPEN) ca = que + 1;
                if (words_in(q, ca, cb) < 3 || in_direct(q, ca, cb, 60) || (T(q, ca)->flags & DP_TF_QUOTE_OPEN)) {
                    i = que;
                    continue;
                }
                /* the subject: a name, a pronoun or a noun phrase before; a participle
                 * (", soulignant que") reports the same speaker as the clause before */
                who w = subject_before(q, i, a0);
                if (!w.found && i > a0 && is(q, i - 1, ",")) w.ent = last_speaker(q, i, 400), w.found = w.ent >= 0;
                if (!w.found) {
                    /* inverted with "que" is rare; take the sentence's person */
                    w.ent = -1;
                }
                if ((st = push_quote(q, ca, cb, DP_QUOTE_INDIRECT, w))) return st;
                i = cb;
                continue;
            }
            /* inverted: "CLAUSE, a indiqué X." — the verb group right after a comma */
            size_t g0 = i;
            while (g0 > a0 && (T(q, g0 - 1)->upos == DP_UPOS_AUX || T(q, g0 - 1)->upos == DP_UPOS_ADV ||
                               is(q, g0 - 1, "s'") || is(q, g0 - 1, "a") || is(q, g0 - 1, "lui")))
                g0--;
            /* "a-t-il affirmé": the clitic sits inside the verb group */
            if (g0 > a0 && (T(q, g0 - 1)->flags & DP_TF_CLITIC)) {
                g0--;
                while (g0 > a0 && (T(q, g0 - 1)->upos == DP_UPOS_AUX || is(q, g0 - 1, "a"))) g0--;
            }
            if (g0 <= a0 || !is(q, g0 - 1, ",")) continue;
            int g;
            int clitic = (v + 1 < z && is_clitic_pron(q, v + 1, &g)) || (g0 + 1 < z && is_clitic_pron(q, g0 + 1, &g));
            size_t after = v + 1 + (v + 1 < z && is_clitic_pron(q, v + 1, &g));
            who w;
            if (clitic) w = (who){resolve_pronoun(q, i, g), 0, 0, 1};
            else w = subject_after(q, v + 1, z, i);
            if (!w.found || (!clitic && !credible(q, &w))) continue;
            /* sentence-final: the clause is what precedes; an incise: what follows */
            size_t end = w.b > w.a ? w.b : after;
            while (end < z && !punct(q, end)) end++;
            if (end < z && is(q, end, ",") && end + 1 < z && !clitic) {
                /* "X, a-t-il dit, CLAUSE" handled below only with a clitic */
            }
            size_t ca, cb;
            if (clitic && after < z && is(q, after, ",")) {
                ca = after + 1;
                cb = clause_end(q, ca, z);
            } else {
                ca = a0;
                cb = g0 - 1;
            }
            /* "CLAUSE et « QUOTE », a expliqué X": the words before a coordinated quote */
            if (ca == a0 && in_direct(q, ca, cb, 0)) {
                size_t o = ca;
                while (o < cb && !(T(q, o)->flags & DP_TF_QUOTE_OPEN)) o++;
                if (o > ca && (is(q, o - 1, "et") || is(q, o - 1, ","))) cb = o - 1;
            }
            if (words_in(q, ca, cb) < 3 || in_direct(q, ca, cb, ca == a0 ? 0 : 80)) continue;
            if (!has_verb(q, ca, cb) && !(ca == a0 && cb > ca && T(q, ca)->upos == DP_UPOS_DET)) continue;
            /* a clause that opens the sentence: it must read as a statement, not "Depuis X," */
            if ((st = push_quote(q, ca, cb, DP_QUOTE_INDIRECT, w))) return st;
            i = end;
        }
    }
    return DP_OK;
}

static int cmp_quote(const void *x, const void *y) {
    const dp_quote *a = x, *b = y;
    return a->span.nstart < b->span.nstart ? -1 : a->span.nstart > b->span.nstart;
}

dp_status dp_facts_quotes(dp_doc *d) {
    size_t n = d->toks.n;
    if (!n) return DP_OK;
    /* token -> entity + 1, every type */
    dp_u32vec *tv = &d->fx[1];
    if (dp_grow(&d->alc, (void **)&tv->v, &tv->cap, n + 1, sizeof *tv->v)) return DP_ERR_NOMEM;
    memset(tv->v, 0, (n + 1) * sizeof *tv->v);
    for (size_t i = 0; i < d->mentions.n; i++) {
        const dp_mention *m = &d->mentions.v[i];
        if (m->entity < 0) continue;
        for (uint32_t j = 0; j < m->ntokens; j++) tv->v[m->first_token + j] = (uint32_t)m->entity + 1;
    }
    qx q = {.d = d, .ent = tv->v};
    dp_status st = direct(&q);
    if (st) return st;
    if ((st = reported(&q))) return st;
    if (d->quotes.n > 1) qsort(d->quotes.v, d->quotes.n, sizeof *d->quotes.v, cmp_quote);
    return DP_OK;
}
