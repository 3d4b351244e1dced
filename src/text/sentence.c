/* sentence.c — the sentence splitter (issue #2, item 5).
 *
 * A boundary falls before a token when
 *  - a blank line (paragraph break) precedes it;
 *  - a line break precedes it and the line before ended a sentence or the new
 *    line starts like a sentence (headlines carry no final stop; hard-wrapped
 *    lines that continue in lowercase are joined);
 *  - the previous token (after closing quotes and brackets, which stay with
 *    the sentence they close) is . ! ? … or an abbreviation that may end a
 *    sentence (etc.), and this token starts like a sentence: a capital, a
 *    digit, an opening quote, bracket or dash. Titles (M., Mme) and initials
 *    never end a sentence; a lowercase word or a comma after "! »" keeps the
 *    quote in its sentence ("« Non ! », a-t-il dit").
 * Tokens glued to a full stop ("Pyrénées.Alors") were already split by the tokenizer. */
#include "sentence.h"

#include "chars.h"

#include <string.h>

/* How many closing quotes/brackets may stand between a full stop and the next
 * sentence ("fin.) »"): a bound keeps runs of 100,000 "»" linear. */
#define MAX_CLOSERS 4

static int is_char(const char *s, const dp_token *t, const char *c) {
    size_t l = strlen(c);
    return t->nend - t->nstart == l && memcmp(s + t->nstart, c, l) == 0;
}

/* 2: . ! ? … end a sentence before a sentence-like start; 1: an abbreviation
 * or initial that may end one ("etc.", "J.-C.", "U.S.A.") only before a
 * typical sentence starter; 0: not a terminal. */
static int terminal_strength(const dp_lang *lang, const char *s, const dp_token *t) {
    const unsigned char *p = (const unsigned char *)s + t->nstart;
    if (t->kind == DP_TOK_PUNCT) {
        if (p[0] == '.' || p[0] == '!' || p[0] == '?') return 2;
        int l;
        return dp_cc_at(p, &l) == CC_ELLIPSIS ? 2 : 0;
    }
    if (t->kind == DP_TOK_ABBREV) {
        size_t n = t->nend - t->nstart;
        if (n > 1 && dp_lang_in(lang->abbrevs, s + t->nstart, n - 1)) return 2;
        if (dp_lang_in(lang->titles, s + t->nstart, n - 1)) return 0;
        /* initials ("J.", "J.-M.") stand before a name, even "J.-M. Le Pen";
         * a dotted acronym ("U.S.A.") may end a sentence */
        return n <= 3 || memchr(s + t->nstart, '-', n) ? 0 : 1;
    }
    return 0;
}

/* Closing punctuation that stays with the sentence it ends. */
static int is_closer(const char *s, const dp_token *t) {
    if (t->kind != DP_TOK_PUNCT) return 0;
    if (t->flags & DP_TF_QUOTE_CLOSE) return 1;
    int l;
    return dp_cc_at((const unsigned char *)s + t->nstart, &l) == CC_CLOSE;
}

/* Does this token look like the start of a sentence? */
static int starts_sentence(const char *s, const dp_token *t) {
    int l;
    dp_cc k = dp_cc_at((const unsigned char *)s + t->nstart, &l);
    switch (k) {
    case CC_UPPER: case CC_DIGIT: case CC_OPEN: case CC_DASH: case CC_LETTER:
        return 1;
    case CC_QUOTE:
        return (t->flags & DP_TF_QUOTE_CLOSE) == 0;
    case CC_HYPHEN:
        return t->kind == DP_TOK_PUNCT || t->kind == DP_TOK_NUMBER;
    case CC_HASH: case CC_AT:
        return 1;
    case CC_SYMBOL:
        return t->kind == DP_TOK_SYMBOL && !(is_char(s, t, "%"));
    case CC_TERM:
        return 0;
    default:
        return t->kind == DP_TOK_URL;
    }
}

/* A capitalised word that typically opens a sentence: "Il", "Les", "Mais". */
static int starter_word(const dp_lang *lang, const char *s, const dp_token *t) {
    size_t n = t->nend - t->nstart;
    if (t->flags & DP_TF_ELISION) n -= s[t->nend - 1] == '\'' ? 1 : 3; /* "L'" or "L’" */
    return dp_lang_in(lang->sentence_starters, s + t->nstart, n);
}

static int is_dash(const char *s, const dp_token *t) {
    int l;
    return dp_cc_at((const unsigned char *)s + t->nstart, &l) == CC_DASH;
}

/* Is this token a full stop, ! or ? (not an ellipsis)? */
static int is_stop(const char *s, const dp_token *t) {
    char c = s[t->nstart];
    return t->kind == DP_TOK_PUNCT && (c == '.' || c == '!' || c == '?') && !is_char(s, t, "...");
}

static int boundary_before(const dp_lang *lang, const char *s, const dp_token *toks, size_t n, size_t first,
                           size_t i) {
    const dp_token *t = &toks[i];
    if (t->flags & DP_TF_PARA_BEFORE) return 1;
    /* fast path: within a line, only punctuation or an abbreviation can end a sentence */
    if (!(t->flags & DP_TF_NEWLINE_BEFORE) && toks[i - 1].kind != DP_TOK_PUNCT && toks[i - 1].kind != DP_TOK_ABBREV)
        return 0;
    if (is_closer(s, t)) return 0;
    size_t q = i;
    while (q > first && i - q < MAX_CLOSERS && is_closer(s, &toks[q - 1])) q--;
    int term = q > first ? terminal_strength(lang, s, &toks[q - 1]) : 0;
    if (t->flags & DP_TF_NEWLINE_BEFORE) {
        if (term) return 1;
        const dp_token *p = &toks[i - 1];
        if (p->kind == DP_TOK_PUNCT && (is_char(s, p, ",") || is_char(s, p, ":") || is_char(s, p, ";")))
            return 0;
        return starts_sentence(s, t);
    }
    /* AFP intertitles lose their line break in scraped text: "- Titre -Les sénateurs" */
    if (!(t->flags & DP_TF_SPACE_BEFORE) && i > first + 1 && (toks[i - 1].flags & DP_TF_SPACE_BEFORE) &&
        toks[i - 1].kind == DP_TOK_PUNCT && (is_char(s, &toks[i - 1], "-") || is_dash(s, &toks[i - 1]))) {
        int l;
        if (dp_cc_at((const unsigned char *)s + t->nstart, &l) == CC_UPPER) return 1;
    }
    if (term == 2) {
        if (starts_sentence(s, t)) return 1;
        /* A bare full stop, ! or ? before a lowercase word still ends a
         * sentence (abbreviations keep their dot inside their token, so this
         * stop is real): across the UD French training data, "." + lowercase
         * is a boundary every time. An incise ("? demanda-t-il") is not. */
        int l;
        if (is_stop(s, &toks[q - 1]) && t->kind == DP_TOK_WORD &&
            dp_cc_at((const unsigned char *)s + t->nstart, &l) == CC_LOWER)
            return !(i + 1 < n && (toks[i + 1].flags & DP_TF_CLITIC));
        return 0;
    }
    if (term == 1) return starter_word(lang, s, t);
    /* "…au Caire ; Les négociations…": a semicolon before a capitalised
     * sentence starter closes a sentence, as UD French segments it */
    if (q == i && i > first && is_char(s, &toks[i - 1], ";")) return starter_word(lang, s, t);
    return 0;
}

static int push(dp_sentvec *v, const dp_token *toks, size_t first, size_t end) {
    if (v->n == v->cap) {
        void *p = v->v;
        if (dp_grow(v->alc, &p, &v->cap, v->n + 1, sizeof(dp_sentence))) return -1;
        v->v = p;
    }
    dp_sentence *se = &v->v[v->n++];
    se->start = toks[first].start;
    se->end = toks[end - 1].end;
    se->first_token = (uint32_t)first;
    se->ntokens = (uint32_t)(end - first);
    return 0;
}

dp_status dp_split_sentences(const dp_lang *lang, const char *s, const dp_token *toks, size_t n,
                             dp_sentvec *out) {
    out->n = 0;
    size_t first = 0;
    for (size_t i = 1; i < n; i++) {
        if (boundary_before(lang, s, toks, n, first, i) || i - first >= DP_MAX_SENTENCE_TOKENS) {
            if (push(out, toks, first, i)) return DP_ERR_NOMEM;
            first = i;
        }
    }
    if (n > first && push(out, toks, first, n)) return DP_ERR_NOMEM;
    return DP_OK;
}
