/* entities.c — an article's mentions merged into entities, and their roles.
 *
 * Mentions come from the entity tagger. Merging, in one pass each, all
 * linear in the number of mentions and tokens (hash tables, no pairwise scan):
 *
 *  1. forms: mentions with the same text are one form; each mention votes for
 *     its type (a civility title before it votes PER twice);
 *  2. acronyms: "Caisse de dépôt et placement du Québec (CDPQ)" makes CDPQ a
 *     form of the same entity; an all-capital word the tagger missed
 *     ("la CFDT") becomes an ORG mention unless it is a common-noun acronym;
 *  3. propagation: every other occurrence of a form's words in the article,
 *     capitalised and outside any mention, becomes a mention of that form
 *     (the tagger tags "Bombardier" in one sentence and misses it in another);
 *  4. people: a form whose words end a longer person's name ("Peskov",
 *     "M. Peskov" → "Dmitri Peskov") joins it;
 *  5. each group is an entity: its type is the vote over all its mentions,
 *     its name the fullest form (most words, then longest), titles excluded.
 *
 * Roles (roles.c's patterns live below): a function phrase in apposition
 * before or after a person's name, or directly before it. */
#include "facts/facts.h"
#include "facts/lexicon.h"
#include "tag/hash.h"
#include "tag/features.h"

#include <stdlib.h>

typedef struct form {
    uint32_t m;          /* the first mention with this text: its tokens spell the form */
    uint32_t ntok;
    uint32_t len;        /* bytes */
    uint32_t parent;     /* union-find over forms */
    uint32_t chain;      /* next form with the same first word (propagation), or NONE */
    uint32_t ent;        /* entity index of the group (roots) */
    int32_t votes[DP_ENT_COUNT];
    uint64_t h;          /* hash of the text */
} form;

#define NONE 0xFFFFFFFFu

static uint64_t text_hash(const char *s, size_t n) { return dp_hash_bytes(DP_HASH_SEED, s, n); }

static uint64_t tok_hash(const dp_doc *d, const dp_token *t) {
    return text_hash(d->norm.data + t->nstart, t->nend - t->nstart);
}

static int tok_same(const dp_doc *d, const dp_token *a, const dp_token *b) {
    size_t n = a->nend - a->nstart;
    return n == b->nend - b->nstart && memcmp(d->norm.data + a->nstart, d->norm.data + b->nstart, n) == 0;
}

/* Working state of one article. */
typedef struct ctx {
    dp_doc *d;
    form *f;
    size_t nf, capf;
    uint32_t *slots; /* open addressing: form index + 1 by text hash */
    size_t mask;
} ctx;

static uint32_t find(form *f, uint32_t i) {
    while (f[i].parent != i) {
        f[i].parent = f[f[i].parent].parent;
        i = f[i].parent;
    }
    return i;
}

static void unite(form *f, uint32_t a, uint32_t b) {
    a = find(f, a);
    b = find(f, b);
    if (a == b) return;
    if (a < b) f[b].parent = a; /* the earlier form stays root */
    else f[a].parent = b;
}

static uint32_t lookup(ctx *c, const char *s, size_t n, uint64_t h) {
    for (size_t i = h & c->mask;; i = (i + 1) & c->mask) {
        uint32_t k = c->slots[i];
        if (!k) return NONE;
        form *f = &c->f[k - 1];
        if (f->h == h && f->len == n &&
            memcmp(c->d->norm.data + c->d->mentions.v[f->m].nstart, s, n) == 0)
            return k - 1;
    }
}

/* The form of mention mi, created when new. */
static dp_status form_of(ctx *c, uint32_t mi, uint32_t *out) {
    const dp_mention *m = &c->d->mentions.v[mi];
    const char *s = c->d->norm.data + m->nstart;
    size_t n = m->nend - m->nstart;
    uint64_t h = text_hash(s, n);
    uint32_t k = lookup(c, s, n, h);
    if (k == NONE) {
        if (c->nf == c->capf) {
            void *p = c->f;
            if (dp_grow(&c->d->alc, &p, &c->capf, c->nf + 1, sizeof *c->f)) return DP_ERR_NOMEM;
            c->f = p;
            c->d->fxforms = p;
            c->d->fxforms_cap = c->capf;
        }
        k = (uint32_t)c->nf++;
        c->f[k] = (form){.m = mi, .ntok = m->ntokens, .len = (uint32_t)n, .parent = k, .chain = NONE,
                         .ent = NONE, .h = h};
        size_t i = h & c->mask;
        while (c->slots[i]) i = (i + 1) & c->mask;
        c->slots[i] = k + 1;
    }
    *out = k;
    return DP_OK;
}

static dp_status push_mention(dp_doc *d, size_t a, size_t b, int type) {
    const dp_token *t = d->toks.v;
    dp_mention m = {.start = t[a].start, .end = t[b - 1].end, .nstart = t[a].nstart, .nend = t[b - 1].nend,
                    .first_token = (uint32_t)a, .ntokens = (uint32_t)(b - a), .type = (uint8_t)type,
                    .entity = -1};
    return DP_FACT_PUSH(d, &d->mentions, m);
}

static int cmp_mention(const void *a, const void *b) {
    const dp_mention *x = a, *y = b;
    return x->nstart < y->nstart ? -1 : x->nstart > y->nstart;
}

/* An all-capital word of 2 to 8 letters ("CDPQ", "CFDT"), digits allowed after the first letter. */
static int is_acronym(const dp_doc *d, const dp_token *t) {
    size_t n = t->nend - t->nstart;
    const unsigned char *s = (const unsigned char *)d->norm.data + t->nstart;
    if (t->kind != DP_TOK_WORD || n < 2 || n > 8 || !(s[0] >= 'A' && s[0] <= 'Z')) return 0;
    int letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 'A' && s[i] <= 'Z') letters++;
        else if (!(s[i] >= '0' && s[i] <= '9')) return 0;
    }
    return letters >= 2;
}

/* Is the token part of a line written in capitals (a headline or a shout)? */
static int in_capital_run(const dp_doc *d, size_t i) {
    const dp_token *t = d->toks.v;
    int caps = 0;
    for (size_t j = i > 3 ? i - 3 : 0; j < d->toks.n && j <= i + 3; j++)
        if (j != i && t[j].kind == DP_TOK_WORD && t[j].nend - t[j].nstart > 1 && is_acronym(d, &t[j])) caps++;
    return caps >= 2;
}

/* 2. Acronyms defined in parentheses, and capital words the tagger missed. */
static dp_status acronyms(ctx *c, uint8_t *cov) {
    dp_doc *d = c->d;
    const dp_token *t = d->toks.v;
    size_t nm = d->mentions.n;
    for (size_t mi = 0; mi < nm; mi++) {
        const dp_mention *m = &d->mentions.v[mi];
        size_t a = m->first_token + m->ntokens;
        if (a + 2 < d->toks.n && dp_tok_is(d, &t[a], "(") && is_acronym(d, &t[a + 1]) &&
            dp_tok_is(d, &t[a + 2], ")") && m->ntokens > 1) {
            if (!cov[a + 1]) {
                dp_status st = push_mention(d, a + 1, a + 2, m->type);
                if (st) return st;
                cov[a + 1] = 1;
            }
        }
    }
    for (size_t i = 0; i < d->toks.n; i++) {
        if (cov[i] || !is_acronym(d, &t[i]) || in_capital_run(d, i)) continue;
        /* with digits it names an event or a model (COP27, G20, A380), not a body */
        int digits = 0;
        for (uint32_t k = t[i].nstart; k < t[i].nend; k++) digits |= d->norm.data[k] >= '0' && d->norm.data[k] <= '9';
        if (digits) continue;
        size_t n;
        const char *s = dp_tok_text(d, &t[i], &n);
        if (dp_lex_find(dp_lex_fr_common_acronyms, s, n) >= 0) continue;
        int type = dp_lex_find(dp_lex_fr_place_acronyms, s, n) >= 0 ? DP_ENT_LOC : DP_ENT_ORG;
        dp_status st = push_mention(d, i, i + 1, type);
        if (st) return st;
        cov[i] = 1;
    }
    return DP_OK;
}

/* Ends like a past participle of the first group: -é, -ée, -és, -ées. */
static int participle(const char *s, size_t n) {
    static const char *const ends[] = {"é", "ée", "és", "ées"};
    for (int i = 0; i < 4; i++) {
        size_t k = strlen(ends[i]);
        if (n > k + 1 && !memcmp(s + n - k, ends[i], k)) return 1;
    }
    return 0;
}

static int is_prep(const dp_doc *d, size_t i) {
    const dp_token *t = &d->toks.v[i];
    return dp_tok_is(d, t, "de") || dp_tok_is(d, t, "d'") || dp_tok_is(d, t, "du") || dp_tok_is(d, t, "des") ||
           dp_tok_is(d, t, "pour") || dp_tok_is(d, t, "sur");
}

/* Institution names: a capitalised head noun (lexicon) and its complements
 * ("Compagnie égyptienne de gaz naturel liquéfié") make an ORG mention that
 * replaces the tagger's pieces of it. Returns the new count of mentions. */
static dp_status institutions(dp_doc *d) {
    const dp_token *t = d->toks.v;
    size_t n = d->toks.n, nm0 = d->mentions.n;
    for (size_t i = 0; i + 1 < n; i++) {
        int lower_head = 0;
        if (!dp_tok_upper(d, &t[i])) {
            /* "ministère des Ressources hydrauliques": named by its capitalised complement */
            if (dp_tok_in(d, &t[i], dp_lex_fr_lower_org_heads) < 0 || i + 2 >= n || !is_prep(d, i + 1)) continue;
            size_t c = i + 2;
            if (c + 1 < n && (dp_tok_is(d, &t[c], "l'") || dp_tok_is(d, &t[c], "la") || dp_tok_is(d, &t[c], "les"))) c++;
            if (!dp_tok_upper(d, &t[c]) || t[c].kind != DP_TOK_WORD) continue;
            lower_head = 1;
        }
        int type = lower_head || dp_tok_in(d, &t[i], dp_lex_fr_org_heads) >= 0 ? DP_ENT_ORG
                   : dp_tok_in(d, &t[i], dp_lex_fr_state_heads) >= 0           ? DP_ENT_LOC
                                                                               : DP_ENT_NONE;
        if (type == DP_ENT_NONE) continue;
        /* "le Parlement", "au Sénat": a capitalised unique institution inside a sentence */
        if (!lower_head && i > 0 && t[i - 1].kind == DP_TOK_WORD && !dp_tok_upper(d, &t[i - 1]) &&
            dp_tok_in(d, &t[i], dp_lex_fr_unique_institutions) >= 0 &&
            (i + 1 >= n || !dp_tok_upper(d, &t[i + 1]) || t[i + 1].kind != DP_TOK_WORD) &&
            (i + 1 >= n || !is_prep(d, i + 1))) {
            dp_status st = push_mention(d, i, i + 1, DP_ENT_ORG);
            if (st) return st;
            continue;
        }
        size_t e = i + 1, last = i + 1;
        int after_prep = 0, lower_compl = 0, cap_compl = 0, adj_after_cap = 0;
        while (e < n && e < i + 10) {
            const dp_token *x = &t[e];
            if (x->flags & DP_TF_NEWLINE_BEFORE) break;
            if (is_prep(d, e) || (after_prep && (dp_tok_is(d, x, "l'") || dp_tok_is(d, x, "la") ||
                                                 dp_tok_is(d, x, "les")))) {
                after_prep = 1;
                e++;
                continue;
            }
            int cap = x->kind == DP_TOK_WORD && dp_tok_upper(d, x);
            /* a common-noun complement: "de gestion", "de gaz"; after a determiner
             * ("de la loi") only deep in a chain of complements ("de gestion de l'environnement") */
            int det_before = e > 0 && (dp_tok_is(d, &t[e - 1], "l'") || dp_tok_is(d, &t[e - 1], "la") ||
                                       dp_tok_is(d, &t[e - 1], "les"));
            int noun_ok = after_prep && x->upos == DP_UPOS_NOUN && (!det_before || lower_compl);
            /* a participle after a noun or adjective works as an adjective ("gaz naturel liquéfié") */
            int part = x->upos == DP_UPOS_VERB && !after_prep && e > i &&
                       (t[e - 1].upos == DP_UPOS_NOUN || t[e - 1].upos == DP_UPOS_ADJ) && dp_tok_upper(d, &t[i]) &&
                       participle(d->norm.data + x->nstart, x->nend - x->nstart);
            int ok = cap || x->upos == DP_UPOS_ADJ || noun_ok || part ||
                     (x->kind == DP_TOK_WORD && dp_tok_is(d, x, "et") && e + 1 < n &&
                      (dp_tok_upper(d, &t[e + 1]) || (lower_compl && t[e + 1].upos == DP_UPOS_NOUN)));
            if (!ok || x->upos == DP_UPOS_AUX || x->upos == DP_UPOS_PRON || (x->upos == DP_UPOS_VERB && !part)) break;
            /* after a capitalised complement, one adjective at most ("de l'Afrique centrale") */
            if (!cap && x->upos == DP_UPOS_ADJ && cap_compl) {
                if (adj_after_cap++) break;
            }
            if (cap && e > i + 1) cap_compl = 1, adj_after_cap = 0;
            if (noun_ok) lower_compl = 1;
            int conj = dp_tok_is(d, x, "et");
            after_prep = conj ? after_prep : 0;
            e++;
            if (!conj) last = e; /* never end on "et" */
        }
        if (last < i + 2) continue; /* a bare "Commission": no name */
        /* the sentence's first word alone is no evidence: ask for a capitalised or
         * prepositional complement */
        dp_status st = push_mention(d, i, last, type);
        if (st) return st;
        i = last - 1;
    }
    if (d->mentions.n == nm0) return DP_OK;
    /* drop the tagger's mentions inside the new spans (the new ones are sorted) */
    size_t k = 0, j = nm0;
    for (size_t m = 0; m < nm0; m++) {
        dp_mention *x = &d->mentions.v[m];
        while (j < d->mentions.n && d->mentions.v[j].nend <= x->nstart) j++;
        dp_mention *y = j < d->mentions.n ? &d->mentions.v[j] : NULL;
        if (y && y->nstart < x->nend && x->nstart < y->nend) {
            /* a longer tagger span from the head keeps its extent, typed ORG */
            if (x->nstart == y->nstart && x->nend > y->nend) {
                x->type = y->type;
                y->ntokens = 0; /* superseded */
            } else {
                continue; /* a piece of the institution's name */
            }
        }
        d->mentions.v[k++] = *x;
    }
    for (size_t m = nm0; m < d->mentions.n; m++)
        if (d->mentions.v[m].ntokens) d->mentions.v[k++] = d->mentions.v[m];
    d->mentions.n = k;
    if (d->mentions.n > 1) qsort(d->mentions.v, d->mentions.n, sizeof *d->mentions.v, cmp_mention);
    return DP_OK;
}

/* A portfolio after "ministre de l'" is no place ("ministre de l'Energie"):
 * a common noun the tagger took for a name. */
static int portfolio(const dp_doc *d, const dp_mention *m) {
    const dp_token *t = d->toks.v;
    size_t i = m->first_token;
    if ((t[i].upos != DP_UPOS_NOUN && !(t[i].upos == DP_UPOS_PROPN && m->ntokens == 1)) || i < 2) return 0;
    size_t k = i - 1;
    if (dp_tok_is(d, &t[k], "l'") || dp_tok_is(d, &t[k], "la") || dp_tok_is(d, &t[k], "les")) k--;
    if (!(dp_tok_is(d, &t[k], "de") || dp_tok_is(d, &t[k], "du") || dp_tok_is(d, &t[k], "des") ||
          dp_tok_is(d, &t[k], "d'")) || k == 0)
        return 0;
    k--;
    if (t[k].upos == DP_UPOS_ADJ && k > 0) k--; /* "ministre congolais de l'Energie" */
    return dp_tok_in(d, &t[k], dp_lex_fr_portfolio_heads) >= 0;
}

/* A civility title before capitalised words the tagger left out ("Mme Plante"):
 * a person. */
static dp_status titled_names(dp_doc *d, uint8_t *cov) {
    const dp_token *t = d->toks.v;
    for (size_t i = 0; i + 1 < d->toks.n; i++) {
        if (!dp_token_is_title(d, i) || cov[i + 1]) continue;
        size_t e = i + 1;
        while (e < d->toks.n && e < i + 4 && !cov[e] && t[e].kind == DP_TOK_WORD && dp_tok_upper(d, &t[e]) &&
               !(e > i + 1 && (t[e].flags & DP_TF_NEWLINE_BEFORE)))
            e++;
        if (e == i + 1) continue;
        dp_status st = push_mention(d, i + 1, e, DP_ENT_PER);
        if (st) return st;
        for (size_t k = i + 1; k < e; k++) cov[k] = 1;
    }
    return DP_OK;
}

#define GAZ_PLACE ((1u << GAZ_COUNTRY) | (1u << GAZ_REGION) | (1u << GAZ_COMMUNE) | (1u << GAZ_CITY) | (1u << GAZ_LOC))
#define GAZ_FIRST ((1u << GAZ_FIRST_M) | (1u << GAZ_FIRST_F))

/* Organisations the tagger missed that the gazetteer knows only as
 * organisations ("Facebook", "Airbus"), capitalised inside a sentence. */
static dp_status known_orgs(dp_doc *d, uint8_t *cov) {
    const dp_token *t = d->toks.v;
    if (!d->models) return DP_OK;
    for (size_t s = 0; s < d->sents.n; s++) {
        size_t a0 = d->sents.v[s].first_token, z = a0 + d->sents.v[s].ntokens;
        for (size_t i = a0 + 1; i < z; i++) {
            if (cov[i] || cov[i - 1] || !dp_tok_upper(d, &t[i]) || t[i].kind != DP_TOK_WORD) continue;
            for (size_t n = 3; n >= 1; n--) {
                if (i + n > z) continue;
                size_t k = 0;
                while (k < n && !cov[i + k] && t[i + k].kind == DP_TOK_WORD) k++;
                if (k < n || (i + n < z && !cov[i + n] && dp_tok_upper(d, &t[i + n]) && t[i + n].kind == DP_TOK_WORD))
                    continue;
                if (t[i].upos != DP_UPOS_PROPN) continue;
                /* not a word of a longer name ("Education de Base") */
                if (i >= a0 + 2 && is_prep(d, i - 1) && dp_tok_upper(d, &t[i - 2])) continue;
                uint32_t g = dp_facts_gaz(d, i, n);
                int type = DP_ENT_NONE;
                if (g == (1u << GAZ_ORG)) type = DP_ENT_ORG;
                /* a place the gazetteer knows only as a place, after "à", "en", "dans" */
                else if (g && !(g & ~GAZ_PLACE) && dp_tok_in(d, &t[i - 1], dp_lex_fr_place_preps) >= 0)
                    type = DP_ENT_LOC;
                if (type == DP_ENT_NONE) continue;
                dp_status st = push_mention(d, i, i + n, type);
                if (st) return st;
                for (size_t j = 0; j < n; j++) cov[i + j] = 1;
                i += n - 1;
                break;
            }
        }
    }
    return DP_OK;
}

/* 3. Other occurrences of known forms. */
static dp_status propagate(ctx *c, uint8_t *cov) {
    dp_doc *d = c->d;
    const dp_token *t = d->toks.v;
    /* first-word table: reuse slots' size; key = hash of the first token */
    dp_u32vec *fw = &d->fx[2];
    size_t cap = c->mask + 1;
    if (dp_grow(&d->alc, (void **)&fw->v, &fw->cap, cap, sizeof *fw->v)) return DP_ERR_NOMEM;
    memset(fw->v, 0, cap * sizeof *fw->v);
    for (size_t k = 0; k < c->nf; k++) {
        const dp_token *ft = &t[d->mentions.v[c->f[k].m].first_token];
        if (!dp_tok_upper(d, ft)) continue;
        size_t i = tok_hash(d, ft) & c->mask;
        c->f[k].chain = fw->v[i] ? fw->v[i] - 1 : NONE;
        fw->v[i] = (uint32_t)k + 1;
    }
    size_t nm0 = d->mentions.n;
    for (size_t i = 0; i < d->toks.n; i++) {
        if (cov[i] || !dp_tok_upper(d, &t[i])) continue;
        uint32_t k = fw->v[tok_hash(d, &t[i]) & c->mask];
        uint32_t best = NONE, bestn = 0;
        int walked = 0; /* forms sharing a first word: the latest 64 are enough */
        for (uint32_t f = k ? k - 1 : NONE; f != NONE && walked < 64; f = c->f[f].chain, walked++) {
            const dp_mention *m = &d->mentions.v[c->f[f].m];
            uint32_t n = m->ntokens;
            if (n <= bestn || i + n > d->toks.n) continue;
            uint32_t j = 0;
            while (j < n && !cov[i + j] && tok_same(d, &t[i + j], &t[m->first_token + j])) j++;
            if (j == n) best = f, bestn = n;
        }
        if (best == NONE) continue;
        /* not the first words of a longer capitalised name ("Paris" in "Paris Match") */
        if (i + bestn < d->toks.n && dp_tok_upper(d, &t[i + bestn]) && !(t[i + bestn].flags & DP_TF_NEWLINE_BEFORE) &&
            t[i + bestn].kind == DP_TOK_WORD)
            continue;
        dp_status st = push_mention(d, i, i + bestn, d->mentions.v[c->f[best].m].type);
        if (st) return st;
        for (uint32_t j = 0; j < bestn; j++) cov[i + j] = 1;
        i += bestn - 1;
    }
    (void)nm0;
    return DP_OK;
}

/* An institution named short then in full: "Pool énergétique" joins
 * "Pool énergétique de l'Afrique centrale" when the full name goes on with
 * "de". (Not "Ubisoft" and "Ubisoft Canada": two companies.) */
static dp_status org_prefixes(ctx *c) {
    dp_doc *d = c->d;
    const dp_token *t = d->toks.v;
    for (size_t k = 0; k < c->nf; k++) {
        form *f = &c->f[k];
        if (f->ntok < 3) continue;
        const dp_mention *m = &d->mentions.v[f->m];
        /* every proper prefix that ends before a preposition */
        for (uint32_t p = 1; p + 1 < m->ntokens; p++) {
            if (!is_prep(d, m->first_token + p)) continue;
            const dp_token *a = &t[m->first_token], *b = &t[m->first_token + p - 1];
            const char *s = d->norm.data + a->nstart;
            size_t n = b->nend - a->nstart;
            uint32_t g = lookup(c, s, n, text_hash(s, n));
            if (g != NONE && g != k) unite(c->f, (uint32_t)k, g);
            break;
        }
    }
    return DP_OK;
}

/* Argmax of a form's votes (ties: PER, then ORG, then LOC). */
static int vote(const int32_t *v) {
    int best = DP_ENT_PER;
    if (v[DP_ENT_ORG] > v[best]) best = DP_ENT_ORG;
    if (v[DP_ENT_LOC] > v[best]) best = DP_ENT_LOC;
    return best;
}

/* 4. Short forms of people's names. */
static dp_status surnames(ctx *c) {
    dp_doc *d = c->d;
    const dp_token *t = d->toks.v;
    dp_u32vec *lw = &d->fx[3];
    size_t cap = c->mask + 1;
    if (dp_grow(&d->alc, (void **)&lw->v, &lw->cap, cap, sizeof *lw->v)) return DP_ERR_NOMEM;
    memset(lw->v, 0, cap * sizeof *lw->v);
    /* full names: person forms of two words or more, by their last word; the first seen wins */
    for (size_t k = 0; k < c->nf; k++) {
        form *f = &c->f[k];
        if (f->ntok < 2 || vote(f->votes) != DP_ENT_PER) continue;
        const dp_mention *m = &d->mentions.v[f->m];
        const dp_token *last = &t[m->first_token + m->ntokens - 1];
        size_t i = tok_hash(d, last) & c->mask;
        for (; lw->v[i]; i = (i + 1) & c->mask) {
            const form *g = &c->f[lw->v[i] - 1];
            const dp_mention *gm = &d->mentions.v[g->m];
            if (tok_same(d, last, &t[gm->first_token + gm->ntokens - 1])) break;
        }
        if (!lw->v[i]) lw->v[i] = (uint32_t)k + 1;
        else if (c->f[lw->v[i] - 1].ntok < f->ntok &&
                 /* a longer name ending the same: keep the longer ("Denis Sassou N'Guesso") */
                 1)
            lw->v[i] = (uint32_t)k + 1;
    }
    for (size_t k = 0; k < c->nf; k++) {
        form *f = &c->f[k];
        const dp_mention *m = &d->mentions.v[f->m];
        const dp_token *last = &t[m->first_token + m->ntokens - 1];
        size_t i = tok_hash(d, last) & c->mask;
        for (; lw->v[i]; i = (i + 1) & c->mask) {
            uint32_t g = lw->v[i] - 1;
            const dp_mention *gm = &d->mentions.v[c->f[g].m];
            if (!tok_same(d, last, &t[gm->first_token + gm->ntokens - 1])) continue;
            if (g == k || c->f[g].ntok <= f->ntok) break;
            /* every word of the short form ends the full name */
            uint32_t off = gm->ntokens - m->ntokens, j = 0;
            while (j < m->ntokens && tok_same(d, &t[m->first_token + j], &t[gm->first_token + off + j])) j++;
            if (j < m->ntokens) break;
            /* a person by its own votes, or named in full before */
            if (f->votes[DP_ENT_PER] > 0 || d->mentions.v[c->f[g].m].nstart < m->nstart) unite(c->f, (uint32_t)k, g);
            break;
        }
    }
    return DP_OK;
}

/* Roles ----------------------------------------------------------------- */

#define DP_MAX_ROLES 16 /* roles kept per entity */

typedef struct rolecand {
    uint32_t ent;
    uint32_t a, b; /* tokens */
} rolecand;

static int is_punct(const dp_doc *d, size_t i) {
    return d->toks.v[i].kind == DP_TOK_PUNCT || d->toks.v[i].kind == DP_TOK_SYMBOL;
}

static int is_det(const dp_doc *d, size_t i) {
    return dp_tok_in(d, &d->toks.v[i], dp_lex_fr_role_dets) >= 0;
}

/* Does a role phrase start at token i (after any determiner): optional
 * modifiers ("premier", "ancien", "nouvelle") then a function noun? Returns
 * the index of the head noun or NONE. */
static size_t role_head(const dp_doc *d, size_t i, size_t end) {
    const dp_token *t = d->toks.v;
    for (int k = 0; k < 3 && i < end; k++, i++) {
        size_t n;
        const char *s = dp_tok_text(d, &t[i], &n);
        if (dp_lex_is_role(s, n)) return i;
        if (dp_tok_in(d, &t[i], dp_lex_fr_role_modifiers) < 0) return NONE;
    }
    return NONE;
}

/* The end (exclusive) of a role phrase whose head is h: complements up to a
 * comma, a full stop, a quotation mark, a verb, a relative pronoun or a
 * person's name; at most 14 tokens. */
static size_t role_end(const dp_doc *d, size_t h, size_t limit, const uint32_t *pertok) {
    const dp_token *t = d->toks.v;
    size_t i = h + 1;
    for (; i < limit && i < h + 14; i++) {
        if (t[i].flags & DP_TF_NEWLINE_BEFORE) break;
        if (is_punct(d, i) && !dp_tok_is(d, &t[i], "-") && !dp_tok_is(d, &t[i], "'")) break;
        if (t[i].upos == DP_UPOS_AUX || t[i].upos == DP_UPOS_PRON || t[i].upos == DP_UPOS_SCONJ) break;
        /* "et le ministre de la Justice" starts another person's phrase ("président et chef" does not) */
        if (t[i].upos == DP_UPOS_CCONJ && i + 1 < limit && !t[i + 1].nparts &&
            (dp_tok_is(d, &t[i + 1], "le") || dp_tok_is(d, &t[i + 1], "la") || dp_tok_is(d, &t[i + 1], "l'") ||
             dp_tok_is(d, &t[i + 1], "les") || dp_tok_is(d, &t[i + 1], "un") || dp_tok_is(d, &t[i + 1], "une") ||
             dp_tok_is(d, &t[i + 1], "son") || dp_tok_is(d, &t[i + 1], "sa") || dp_tok_is(d, &t[i + 1], "ce")))
            break;
        if (t[i].upos == DP_UPOS_VERB && t[i - 1].upos != DP_UPOS_NOUN) break;
        if (pertok[i]) break;
        if (dp_tok_in(d, &t[i], dp_lex_fr_role_stops) >= 0) break;
        /* complements of a function: "de", "à", "en", "pour", "chez"; not "dans un communiqué" */
        if ((t[i].upos == DP_UPOS_ADP || (t[i].nparts && t[i].part_upos[0] == DP_UPOS_ADP)) &&
            dp_tok_in(d, &t[i], dp_lex_fr_role_preps) < 0)
            break;
    }
    /* no dangling preposition or determiner at the end */
    while (i > h + 1 && (t[i - 1].upos == DP_UPOS_ADP || t[i - 1].upos == DP_UPOS_DET ||
                         t[i - 1].upos == DP_UPOS_CCONJ || (t[i - 1].flags & DP_TF_ELISION)))
        i--;
    return i;
}

static dp_status add_role(dp_doc *d, dp_u32vec *rc, uint32_t ent, size_t a, size_t b) {
    if (b <= a) return DP_OK;
    uint32_t v[3] = {ent, (uint32_t)a, (uint32_t)b};
    for (int k = 0; k < 3; k++)
        if (DP_FACT_PUSH(d, rc, v[k])) return DP_ERR_NOMEM;
    return DP_OK;
}

static int cmp_role(const void *x, const void *y) {
    const uint32_t *a = x, *b = y;
    if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* Finds role phrases next to each person mention. pertok[i] = entity + 1 of
 * the person mention covering token i. */
static dp_status roles(dp_doc *d, const uint32_t *pertok) {
    const dp_token *t = d->toks.v;
    dp_u32vec *rc = &d->fx[2];
    rc->n = 0;
    for (size_t s = 0; s < d->sents.n; s++) {
        size_t a0 = d->sents.v[s].first_token, z = a0 + d->sents.v[s].ntokens;
        for (size_t i = a0; i < z; i++) {
            if (!pertok[i] || (i > a0 && pertok[i - 1] == pertok[i])) continue;
            uint32_t ent = pertok[i] - 1;
            size_t e = i;
            while (e < z && pertok[e] == pertok[i]) e++;
            size_t b = i; /* mention start, before any title */
            if (b > a0 && dp_token_is_title(d, b - 1)) b--;
            /* before: "DET ROLE[,] NAME" — walk back to the determiner */
            size_t j = b;
            if (j > a0 && dp_tok_is(d, &t[j - 1], ",")) j--;
            size_t lo = j > a0 + 16 ? j - 16 : a0;
            /* the earliest determiner whose role phrase runs right up to the name
             * ("le ministre congolais de l'Energie et de l'Hydraulique, X") */
            size_t best = NONE;
            for (size_t k = j; k-- > lo;) {
                if (is_punct(d, k) || pertok[k]) break;
                if (!is_det(d, k)) continue;
                size_t h = role_head(d, k + 1, j);
                if (h != NONE && role_end(d, h, j, pertok) == j) best = k;
            }
            /* one more apposition may stand between: "la ministre de l'Education, la socialiste X" */
            if (best == NONE) {
                size_t k = j;
                while (k > lo && !is_punct(d, k - 1) && !pertok[k - 1]) k--;
                if (k > a0 + 1 && k < j && is_det(d, k) && dp_tok_is(d, &t[k - 1], ",")) {
                    size_t j2 = k - 1, lo2 = j2 > a0 + 16 ? j2 - 16 : a0;
                    for (size_t m = j2; m-- > lo2;) {
                        if (is_punct(d, m) || pertok[m]) break;
                        if (!is_det(d, m)) continue;
                        size_t h = role_head(d, m + 1, j2);
                        if (h != NONE && role_end(d, h, j2, pertok) == j2) best = m, j = j2;
                    }
                }
            }
            if (best != NONE) {
                dp_status st = add_role(d, rc, ent, best + 1, j);
                if (st) return st;
            }
            /* after: "NAME, [DET] ROLE ..." */
            if (e + 1 < z && dp_tok_is(d, &t[e], ",")) {
                size_t k = e + 1;
                if (is_det(d, k)) k++;
                size_t h = role_head(d, k, z);
                if (h != NONE) {
                    size_t end = role_end(d, h, z, pertok);
                    dp_status st = add_role(d, rc, ent, e + 1 + (is_det(d, e + 1) ? 1 : 0), end);
                    if (st) return st;
                }
            }
            i = e - 1;
        }
    }
    size_t nr = rc->n / 3;
    if (nr > 1) qsort(rc->v, nr, 3 * sizeof *rc->v, cmp_role);
    /* group by entity; identical phrases once */
    for (size_t r = 0; r < nr; r++) {
        uint32_t *x = rc->v + 3 * r;
        dp_entity *en = &d->ents.v[x[0]];
        dp_span sp = dp_span_toks(d, x[1], x[2]);
        int dup = 0;
        for (uint32_t k = en->first_role; k < en->first_role + en->nroles && !dup; k++) {
            const dp_span *o = &d->roles.v[k].span;
            dup = o->nend - o->nstart == sp.nend - sp.nstart &&
                  !memcmp(d->norm.data + o->nstart, d->norm.data + sp.nstart, sp.nend - sp.nstart);
        }
        /* "ministre" when "ministre de l'Éducation" is known too: the fuller phrase only */
        size_t g0 = r, g1 = r;
        while (g0 > 0 && rc->v[3 * (g0 - 1)] == x[0]) g0--;
        while (g1 < nr && rc->v[3 * g1] == x[0]) g1++;
        if (g1 - g0 > 64 || en->nroles >= DP_MAX_ROLES) continue; /* a pathological article: first roles only */
        for (size_t r2 = g0; r2 < g1 && !dup; r2++) {
            const uint32_t *y = rc->v + 3 * r2;
            if (r2 == r || y[2] - y[1] <= x[2] - x[1]) continue;
            size_t k = 0;
            for (uint32_t a = x[1]; a < x[2]; a++) {
                int in = 0;
                for (uint32_t b = y[1]; b < y[2] && !in; b++) in = tok_same(d, &t[a], &t[b]);
                k += in;
            }
            dup = k == x[2] - x[1];
        }
        if (dup) continue;
        if (!en->nroles) en->first_role = (uint32_t)d->roles.n;
        dp_role role = {sp, x[0]};
        if (DP_FACT_PUSH(d, &d->roles, role)) return DP_ERR_NOMEM;
        en->nroles++;
        /* the determiner of the role tells the gender when no title did */
        if (!en->gender && x[1] > 0) {
            const dp_token *dt = &t[x[1] - 1];
            if (dp_tok_is(d, dt, "la") || dp_tok_is(d, dt, "cette")) en->gender = 'f';
            else if (dp_tok_is(d, dt, "le") || dp_tok_is(d, dt, "ce") || dp_tok_is(d, dt, "cet")) en->gender = 'm';
        }
    }
    return DP_OK;
}

/* 5. Entities ------------------------------------------------------------ */

dp_status dp_facts_entities(dp_doc *d) {
    dp_status st;
    size_t ntok = d->toks.n;
    /* token coverage by mentions */
    dp_u32vec *cv = &d->fx[1];
    if (dp_grow(&d->alc, (void **)&cv->v, &cv->cap, ntok + 1, sizeof *cv->v)) return DP_ERR_NOMEM;
    uint8_t *cov = (uint8_t *)cv->v;
    memset(cov, 0, ntok + 1);
    if (ntok && (st = institutions(d))) return st;
    size_t kept = 0;
    for (size_t i = 0; i < d->mentions.n; i++) {
        dp_mention *m = &d->mentions.v[i];
        /* a name does not end on a preposition or an article ("Agence de la") */
        while (m->ntokens > 1) {
            const dp_token *lt = &d->toks.v[m->first_token + m->ntokens - 1];
            if (!(lt->upos == DP_UPOS_ADP || lt->upos == DP_UPOS_DET || lt->upos == DP_UPOS_CCONJ ||
                  (lt->flags & DP_TF_ELISION) || is_prep(d, m->first_token + m->ntokens - 1)))
                break;
            m->ntokens--;
            const dp_token *nl = &d->toks.v[m->first_token + m->ntokens - 1];
            m->end = nl->end;
            m->nend = nl->nend;
        }
        /* a demonym the tagger took for a name ("Afro-Américain") */
        if (d->models) {
            uint32_t g = dp_facts_gaz(d, m->first_token, m->ntokens);
            if ((g & (1u << GAZ_DEMONYM)) && !(g & ~((1u << GAZ_DEMONYM) | GAZ_FIRST))) continue;
        }
        if (portfolio(d, m)) {
            /* "ministre de l'Energie Yuval Steinitz" tagged as one name: the person after the portfolio */
            if (m->ntokens >= 3 && (dp_facts_gaz(d, m->first_token + 1, 1) & GAZ_FIRST)) {
                m->first_token++;
                m->ntokens--;
                m->start = d->toks.v[m->first_token].start;
                m->nstart = d->toks.v[m->first_token].nstart;
                m->type = DP_ENT_PER;
            } else {
                continue;
            }
        }
        /* a common-noun acronym is no name ("les GES") */
        if (m->ntokens == 1) {
            size_t n;
            const char *s = dp_tok_text(d, &d->toks.v[m->first_token], &n);
            if (is_acronym(d, &d->toks.v[m->first_token]) && dp_lex_find(dp_lex_fr_common_acronyms, s, n) >= 0)
                continue;
        }
        d->mentions.v[kept++] = *m;
        m = &d->mentions.v[kept - 1];
        /* a title the tagger took into the name stays out of it */
        while (m->ntokens > 1 && dp_token_is_title(d, m->first_token)) {
            m->first_token++;
            m->ntokens--;
            m->start = d->toks.v[m->first_token].start;
            m->nstart = d->toks.v[m->first_token].nstart;
        }
        /* "Ivoire" inside "Côte d'Ivoire": the longest place of the gazetteer around the mention */
        if (d->models && m->type == DP_ENT_LOC) {
            size_t a = m->first_token, b = a + m->ntokens, ba = a, bb = b;
            for (size_t x = a >= 2 ? a - 2 : 0; x <= a; x++)
                for (size_t y = b; y <= b + 2 && y <= ntok; y++) {
                    if (y - x <= bb - ba || (x == a && y == b)) continue;
                    uint32_t g = dp_facts_gaz(d, x, y - x);
                    if (g && !(g & ~GAZ_PLACE) && (x == 0 || !cov[x - 1] || x == a)) ba = x, bb = y;
                }
            if (bb - ba > b - a) {
                m->first_token = (uint32_t)ba;
                m->ntokens = (uint32_t)(bb - ba);
                m->start = d->toks.v[ba].start;
                m->nstart = d->toks.v[ba].nstart;
                m->end = d->toks.v[bb - 1].end;
                m->nend = d->toks.v[bb - 1].nend;
            }
        }
        for (uint32_t j = 0; j < m->ntokens; j++) cov[m->first_token + j] = 1;
    }
    d->mentions.n = kept;
    if (ntok && (st = titled_names(d, cov))) return st;
    if (ntok && (st = known_orgs(d, cov))) return st;
    if (ntok && (st = acronyms(&(ctx){.d = d}, cov))) return st;

    ctx c = {.d = d, .f = d->fxforms, .capf = d->fxforms_cap};
    size_t cap = 16;
    while (cap < 2 * (d->mentions.n + 1) + ntok / 4) cap *= 2;
    dp_u32vec *sl = &d->fx[0];
    if (dp_grow(&d->alc, (void **)&sl->v, &sl->cap, cap, sizeof *sl->v)) return DP_ERR_NOMEM;
    memset(sl->v, 0, cap * sizeof *sl->v);
    c.slots = sl->v;
    c.mask = cap - 1;

    /* 1. forms of the tagger's mentions */
    for (size_t i = 0; i < d->mentions.n; i++) {
        uint32_t k;
        if ((st = form_of(&c, (uint32_t)i, &k))) return st;
    }
    /* 3. propagation adds mentions (their forms exist: same text) */
    if (ntok && (st = propagate(&c, cov))) return st;
    if (d->mentions.n > 1) qsort(d->mentions.v, d->mentions.n, sizeof *d->mentions.v, cmp_mention);
    /* forms again over the sorted mentions, with votes */
    c.nf = 0;
    memset(c.slots, 0, cap * sizeof *c.slots);
    for (size_t i = 0; i < d->mentions.n; i++) {
        dp_mention *m = &d->mentions.v[i];
        uint32_t k;
        if ((st = form_of(&c, (uint32_t)i, &k))) return st;
        m->entity = (int32_t)k;
        int titled = m->first_token > 0 && dp_token_is_title(d, m->first_token - 1);
        c.f[k].votes[m->type] += 1;
        if (titled) c.f[k].votes[DP_ENT_PER] += 2;
    }
    /* acronyms defined in parentheses join their expansion */
    for (size_t i = 0; i + 1 < d->mentions.n; i++) {
        const dp_mention *m = &d->mentions.v[i], *n = &d->mentions.v[i + 1];
        if (m->ntokens > 1 && n->ntokens == 1 && n->first_token == m->first_token + m->ntokens + 1 &&
            dp_tok_is(d, &d->toks.v[n->first_token - 1], "(") && is_acronym(d, &d->toks.v[n->first_token]))
            unite(c.f, (uint32_t)m->entity, (uint32_t)n->entity);
    }
    if ((st = surnames(&c))) return st;
    if ((st = org_prefixes(&c))) return st;

    /* group votes at the roots */
    for (size_t k = 0; k < c.nf; k++) {
        uint32_t r = find(c.f, (uint32_t)k);
        if (r == k) continue;
        for (int t = 0; t < DP_ENT_COUNT; t++) c.f[r].votes[t] += c.f[k].votes[t];
    }
    /* entities in order of first mention; namem: the mention giving each name */
    d->ents.n = 0;
    dp_u32vec *namem = &d->fx[3], *placed = &d->fx[2];
    namem->n = placed->n = 0;
    for (size_t i = 0; i < d->mentions.n; i++) {
        dp_mention *m = &d->mentions.v[i];
        uint32_t r = find(c.f, (uint32_t)m->entity);
        if (c.f[r].ent == NONE) {
            c.f[r].ent = (uint32_t)d->ents.n;
            dp_entity e = {.name = {m->start, m->end, m->nstart, m->nend}, .type = (uint8_t)vote(c.f[r].votes)};
            if ((st = DP_FACT_PUSH(d, &d->ents, e))) return st;
            uint32_t mi = (uint32_t)i, zero = 0;
            if ((st = DP_FACT_PUSH(d, namem, mi)) || (st = DP_FACT_PUSH(d, placed, zero))) return st;
        }
        if (m->first_token > 0 && dp_tok_in(d, &d->toks.v[m->first_token - 1], dp_lex_fr_place_preps) >= 0)
            placed->v[c.f[r].ent]++;
        dp_entity *e = &d->ents.v[c.f[r].ent];
        /* the fullest form: most words, then most bytes */
        uint32_t nw = m->ntokens, cur = 0;
        for (size_t j = e->name.nstart; j < e->name.nend; j++) cur += d->norm.data[j] == ' ';
        if (nw > cur + 1 || (nw == cur + 1 && m->nend - m->nstart > e->name.nend - e->name.nstart)) {
            e->name = (dp_span){m->start, m->end, m->nstart, m->nend};
            namem->v[c.f[r].ent] = (uint32_t)i;
        }
        if (!e->gender && m->first_token > 0 && dp_token_is_title(d, m->first_token - 1)) {
            const dp_token *tt = &d->toks.v[m->first_token - 1];
            e->gender = dp_tok_is(d, tt, "mme") || dp_tok_is(d, tt, "mlle") || dp_tok_is(d, tt, "mmes") ? 'f' : 'm';
        }
        m->entity = (int32_t)c.f[r].ent;
        e->nmentions++;
    }
    /* the gazetteer settles a one-word entity that every list types otherwise,
     * and the gender of a first name */
    for (size_t e = 0; e < d->ents.n; e++) {
        dp_entity *en = &d->ents.v[e];
        const dp_mention *m = &d->mentions.v[namem->v[e]]; /* the mention giving the name */
        size_t nn;
        const char *ns = d->norm.data + en->name.nstart;
        nn = en->name.nend - en->name.nstart;
        if (dp_lex_find(dp_lex_fr_seats_of_power, ns, nn) >= 0) en->type = DP_ENT_ORG;
        uint32_t g = dp_facts_gaz(d, m->first_token, m->ntokens);
        if (g == (1u << GAZ_ORG)) en->type = DP_ENT_ORG; /* (0 without models) */
        else if (en->type == DP_ENT_PER && !en->gender && m->ntokens == 1 && (g & GAZ_PLACE) && !(g & ~GAZ_PLACE))
            en->type = DP_ENT_LOC;
        /* a "person" only ever found after "à", "en", "dans", with no first name nor title: a place */
        if (en->type == DP_ENT_PER && !en->gender && placed->v[e] == en->nmentions &&
            !(dp_facts_gaz(d, m->first_token, 1) & GAZ_FIRST))
            en->type = DP_ENT_LOC;
        if (en->type == DP_ENT_PER && !en->gender && m->ntokens > 1) {
            uint32_t f = dp_facts_gaz(d, m->first_token, 1) & GAZ_FIRST;
            if (f == (1u << GAZ_FIRST_M)) en->gender = 'm';
            else if (f == (1u << GAZ_FIRST_F)) en->gender = 'f';
        }
    }
    /* mention indices grouped by entity (counting sort) */
    uint32_t acc = 0;
    for (size_t e = 0; e < d->ents.n; e++) {
        d->ents.v[e].first_mention = acc;
        acc += d->ents.v[e].nmentions;
        d->ents.v[e].nmentions = 0;
    }
    if (dp_grow(&d->alc, (void **)&d->entment.v, &d->entment.cap, acc + 1, sizeof *d->entment.v))
        return DP_ERR_NOMEM;
    d->entment.n = acc;
    for (size_t i = 0; i < d->mentions.n; i++) {
        dp_entity *e = &d->ents.v[d->mentions.v[i].entity];
        d->entment.v[e->first_mention + e->nmentions++] = (uint32_t)i;
    }
    /* roles of people: pertok marks the tokens of person mentions */
    uint32_t *pertok = d->fx[1].v; /* coverage is no longer needed */
    if (dp_grow(&d->alc, (void **)&d->fx[1].v, &d->fx[1].cap, ntok + 1, sizeof *d->fx[1].v)) return DP_ERR_NOMEM;
    pertok = d->fx[1].v;
    memset(pertok, 0, (ntok + 1) * sizeof *pertok);
    for (size_t i = 0; i < d->mentions.n; i++) {
        const dp_mention *m = &d->mentions.v[i];
        if (d->ents.v[m->entity].type != DP_ENT_PER) continue;
        for (uint32_t j = 0; j < m->ntokens; j++) pertok[m->first_token + j] = (uint32_t)m->entity + 1;
    }
    return roles(d, pertok);
}
