/* tokenize.c — the French-first rule tokenizer (issue #2, item 4).
 *
 * One left-to-right pass over normalised UTF-8. A token starts at a non-space
 * character; words are runs of letters, marks and digits that may continue
 * through an internal hyphen, apostrophe, dot, comma, slash or grouping space
 * when the language data and the characters on both sides say so. Every
 * look-ahead is bounded, so the pass is linear in the input. Conventions
 * follow UD French (see lang_fr.c). */
#include "tokenize.h"

#include "chars.h"
#include "utf8.h"

#include <string.h>

typedef struct tk {
    const dp_lang *lang;
    const unsigned char *s;
    size_t n;
} tk;

static dp_cc cc(const tk *t, size_t i, int *len) {
    if (i >= t->n) {
        *len = 0;
        return CC_SPACE;
    }
    return dp_cc_at(t->s + i, len);
}

static dp_cc cc1(const tk *t, size_t i) {
    int l;
    return cc(t, i, &l);
}

/* End of the run of letters, marks and digits starting at i. */
static size_t alnum_run(const tk *t, size_t i) {
    while (i < t->n) {
        unsigned char c = t->s[i];
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') { i++; continue; }
            if (c >= '0' && c <= '9') { i++; continue; }
            break;
        }
        if (c == 0xC3 && t->s[i + 1] != 0x97 && t->s[i + 1] != 0xB7) { /* é à ç ... */
            i += 2;
            continue;
        }
        int l;
        dp_cc k = dp_cc_at(t->s + i, &l);
        if (!dp_cc_is_alnum(k) && k != CC_NUMOTHER) break;
        i += (size_t)l;
    }
    return i;
}

static int all_digits(const unsigned char *s, size_t a, size_t b) {
    if (a >= b) return 0;
    for (size_t i = a; i < b; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int has_lower(const tk *t, size_t a, size_t b) {
    for (size_t i = a; i < b;) {
        int l;
        if (dp_cc_at(t->s + i, &l) == CC_LOWER) return 1;
        i += (size_t)l;
    }
    return 0;
}

/* Is s[a..b) single letters separated by dots ("U.S", "R.E.M")? */
static int dotted_letters(const tk *t, size_t a, size_t b) {
    int letters = 0;
    size_t i = a;
    while (i < b) {
        int l;
        dp_cc k = dp_cc_at(t->s + i, &l);
        if (!dp_cc_is_letter(k)) return 0;
        i += (size_t)l;
        letters++;
        if (i < b) {
            if (t->s[i] != '.') return 0;
            i++;
        }
    }
    return letters >= 2;
}

/* A space usable between digit groups: ' ', NBSP, narrow NBSP, thin space. */
static int group_space(const tk *t, size_t i, int *len) {
    const unsigned char *s = t->s;
    if (i >= t->n) return 0;
    if (s[i] == ' ') { *len = 1; return 1; }
    if (s[i] == 0xC2 && i + 1 < t->n && s[i + 1] == 0xA0) { *len = 2; return 1; }
    if (s[i] == 0xE2 && i + 2 < t->n && s[i + 1] == 0x80 && (s[i + 2] == 0xAF || s[i + 2] == 0x89)) {
        *len = 3;
        return 1;
    }
    return 0;
}

/* Exactly three digits at i, not followed by another digit or a letter. */
static int three_digits(const tk *t, size_t i) {
    if (i + 3 > t->n || !all_digits(t->s, i, i + 3)) return 0;
    if (i + 3 == t->n) return 1;
    dp_cc k = cc1(t, i + 3);
    return !dp_cc_is_alnum(k);
}

/* Characters that end a URL or are trimmed from its end. */
static int url_stop(const tk *t, size_t i) {
    dp_cc k = cc1(t, i);
    return dp_cc_is_space(k) || k == CC_QUOTE || t->s[i] == '<' || t->s[i] == '>';
}

static size_t scan_url(const tk *t, size_t i) {
    size_t opens = 0, closes = 0;
    while (i < t->n && !url_stop(t, i)) {
        if (t->s[i] == '(') opens++;
        if (t->s[i] == ')') closes++;
        int l;
        cc(t, i, &l);
        i += (size_t)l;
    }
    /* trim trailing punctuation that belongs to the sentence */
    while (i > 0) {
        unsigned char c = t->s[i - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'') { i--; continue; }
        if (c == ')' && closes > opens) { closes--; i--; continue; }
        break;
    }
    return i;
}

/* Is the word s[a..b) a clitic pronoun that a hyphen splits off here? `b` is
 * the end of the candidate; what follows must end the word or be another
 * clitic ("donne-le-moi"). */
static int clitic_at(const tk *t, size_t a, size_t b, int depth) {
    if (!dp_lang_in_fold(t->lang->clitics, (const char *)t->s + a, b - a)) return 0;
    if (b >= t->n) return 1;
    int l;
    dp_cc k = cc(t, b, &l);
    if (dp_cc_is_alnum(k) || k == CC_APOS) return 0;
    if (k == CC_HYPHEN) {
        size_t p = b + (size_t)l;
        size_t q = alnum_run(t, p);
        if (q == p) return 1; /* "dit-il-" : a hyphen then punctuation */
        return depth < 2 && clitic_at(t, p, q, depth + 1);
    }
    return 1;
}

/* Length of "-t-il" style clitic at hyphen position i (after the hyphen),
 * i.e. end offset, or 0 when none. */
static size_t euphonic_t(const tk *t, size_t p) {
    const unsigned char *s = t->s;
    if (p + 2 < t->n && (s[p] == 't' || s[p] == 'T')) {
        int hl;
        if (cc(t, p + 1, &hl) == CC_HYPHEN) {
            size_t a = p + 1 + (size_t)hl, b = alnum_run(t, a);
            static const char *const subj[] = {"il", "elle", "on", "ils", "elles", NULL};
            if (b > a && dp_lang_in_fold(subj, (const char *)s + a, b - a)) {
                if (b >= t->n) return b;
                dp_cc k = cc1(t, b);
                if (!dp_cc_is_alnum(k) && k != CC_APOS) return b;
            }
        }
    }
    return 0;
}

/* Does a quotation mark follow at i, after optional spaces? */
static int quote_follows(const tk *t, size_t i) {
    int l;
    dp_cc k;
    while ((k = cc(t, i, &l)) == CC_SPACE && l) i += (size_t)l;
    return k == CC_QUOTE;
}

/* Is s[a..b) a unit that keeps a slash ("km/h")? */
static int slash_unit(const tk *t, size_t a, size_t b) {
    return b > a && dp_lang_in(t->lang->slash_units, (const char *)t->s + a, b - a);
}

static size_t digit_run(const tk *t, size_t i) {
    while (i < t->n && t->s[i] >= '0' && t->s[i] <= '9') i++;
    return i;
}

/* Scans a word or number starting at i. Returns its end; *kind and *flags out. */
static size_t scan_word(const tk *t, size_t i, uint8_t *kind, uint8_t *flags) {
    const unsigned char *s = t->s;
    const dp_lang *lang = t->lang;
    size_t start = i, seg = i;
    size_t j = alnum_run(t, i);
    if ((s[i] == 'h' || s[i] == 'H') && i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && j > i + 1 &&
        all_digits(s, i + 1, j)) {
        *kind = DP_TOK_WORD; /* "18h30": the hour mark between two numbers */
        *flags = 0;
        return i + 1;
    }
    if (s[i] >= '0' && s[i] <= '9') {
        /* "66e", "1er" keep their ordinal suffix; "20h30", "160km", "3D" split after the digits */
        size_t d = digit_run(t, i);
        if (d < j && dp_cc_is_letter(cc1(t, d))) {
            size_t le = alnum_run(t, d);
            int ord = le == j && dp_lang_in(lang->ordinal_suffixes, (const char *)s + d, le - d);
            if (!ord) j = d;
        }
    }
    int grouped = all_digits(s, start, j) && j - start <= 3; /* may take "100 000" groups */
    int initials = 0;                                         /* inside "J.-M." or "R.E.M." */
    *kind = DP_TOK_WORD;
    *flags = 0;
    /* URL with a scheme, or www. */
    if ((j - start == 4 || j - start == 5 || j - start == 3) && j + 2 < t->n && s[j] == ':' && s[j + 1] == '/' &&
        s[j + 2] == '/') {
        *kind = DP_TOK_URL;
        return scan_url(t, start);
    }
    if (j - start == 3 && j < t->n && s[j] == '.' && (s[start] | 0x20) == 'w' && (s[start + 1] | 0x20) == 'w' &&
        (s[start + 2] | 0x20) == 'w' && j + 1 < t->n && dp_cc_is_alnum(cc1(t, j + 1))) {
        *kind = DP_TOK_URL;
        return scan_url(t, start);
    }
    while (j < t->n) {
        int l;
        dp_cc k = cc(t, j, &l);
        size_t after = j + (size_t)l;
        dp_cc nk = cc1(t, after);
        switch (k) {
        case CC_APOS: {
            if (all_digits(s, seg, j) && three_digits(t, after)) { /* Swiss grouping: 10'000 */
                j = after + 3;
                continue;
            }
            if (!dp_cc_is_letter(nk)) {
                /* "l' « oasis »": an elision before a quotation mark */
                if (seg == start && dp_lang_in_fold(lang->elisions, (const char *)s + start, j - start) &&
                    quote_follows(t, after)) {
                    *flags |= DP_TF_ELISION;
                    return after;
                }
                goto done;
            }
            /* "N'Guesso", "N'Djamena": a capital N then a capital is a name;
             * the elided negation is followed by a verb ("N'hésitez pas") */
            if (seg == start && j - start == 1 && s[start] == 'N' && nk == CC_UPPER) {
                j = alnum_run(t, after);
                seg = after;
                continue;
            }
            if (seg == start && dp_lang_in_fold(lang->elisions, (const char *)s + start, j - start)) {
                /* whole words: "aujourd'hui", "l'on", "c'est-à-dire" */
                size_t m = dp_lang_prefix_fold(lang->apos_words, (const char *)s + start, t->n - start);
                if (m > after - start && !dp_cc_is_alnum(cc1(t, start + m))) {
                    j = start + m;
                    seg = after;
                    continue;
                }
                *flags |= DP_TF_ELISION;
                return after;
            }
            j = alnum_run(t, after); /* O'Neill, Maud'Huy, Sainte-Anne-d'Auray */
            seg = after;
            continue;
        }
        case CC_HYPHEN: {
            if (!dp_cc_is_alnum(nk)) goto done;
            if (euphonic_t(t, after)) goto done; /* a-t-il: "-t-il" is the next token */
            size_t q = alnum_run(t, after);
            if (!all_digits(s, start, j) && clitic_at(t, after, q, 0) &&
                !dp_lang_in_fold(lang->hyphen_words, (const char *)s + start, q - start))
                goto done;
            j = q;
            seg = after;
            grouped = 0;
            continue;
        }
        case CC_DOT: {
            size_t wl = j - start;
            if (seg == start && (dp_lang_in(lang->titles, (const char *)s + start, wl) ||
                                 dp_lang_in(lang->abbrevs, (const char *)s + start, wl))) {
                *kind = DP_TOK_ABBREV;
                return after;
            }
            /* initials: "J." before a name, "J.-M.", "J.-C."; dotted acronyms "R.E.M." */
            int one_upper = seg == start && !initials && cc1(t, start) == CC_UPPER && alnum_run(t, start) == j &&
                            (j - start == 1 || (j - start == 2 && s[start] >= 0x80));
            if (one_upper || initials || dotted_letters(t, start, j)) {
                if (nk == CC_HYPHEN && cc1(t, after + 1) == CC_UPPER) {
                    size_t q = alnum_run(t, after + 1);
                    if (q < t->n && s[q] == '.' && q - (after + 1) <= 2) {
                        j = q; /* J.-M -> continue at its dot */
                        initials = 1;
                        continue;
                    }
                }
                if (dp_cc_is_letter(nk)) {
                    size_t q = alnum_run(t, after);
                    if (q - after <= 2 && s[q] == '.') {
                        j = q; /* R.E.M */
                        initials = 1;
                        continue;
                    }
                }
                size_t p = after;
                int sl;
                while (p < t->n && cc(t, p, &sl) == CC_SPACE) p += (size_t)sl;
                dp_cc pk = cc1(t, p);
                if (one_upper) {
                    /* "J. Dupont" is an initial; "Mac OS X. Une version" ends a sentence */
                    if (p == after || pk != CC_UPPER) goto done;
                    size_t we = alnum_run(t, p);
                    if (dp_lang_in(lang->sentence_starters, (const char *)s + p, we - p)) goto done;
                }
                *kind = DP_TOK_ABBREV;
                return after;
            }
            if (!dp_cc_is_alnum(nk)) goto done;
            /* "Pyrénées.Alors" / "2020.Le": two sentences glued without a space */
            if (nk == CC_UPPER && (has_lower(t, seg, j) || all_digits(s, seg, j))) {
                size_t q = alnum_run(t, after);
                if (q - after >= 2 && has_lower(t, after, q)) {
                    int l2;
                    cc(t, after, &l2);
                    if (cc1(t, after + (size_t)l2) == CC_LOWER) goto done;
                }
            }
            j = alnum_run(t, after); /* 100.000, lemonde.fr, rec.arts.movies */
            seg = after;
            grouped = 0;
            continue;
        }
        case CC_COMMA:
            if (nk == CC_DIGIT && all_digits(s, seg, j)) {
                j = alnum_run(t, after);
                seg = after;
                grouped = 0;
                continue;
            }
            goto done;
        case CC_SLASH: {
            /* dates 09/08/2020 and units km/h stay whole; "et/ou", "630/631" split (UD French) */
            size_t q = alnum_run(t, after);
            if (all_digits(s, seg, j) && j - seg <= 2 && seg == start && all_digits(s, after, q) && q - after <= 2 &&
                q < t->n && s[q] == '/') {
                size_t r = digit_run(t, q + 1);
                if (r - (q + 1) >= 2 && r - (q + 1) <= 4 && !dp_cc_is_alnum(cc1(t, r))) {
                    j = r;
                    seg = q + 1;
                    continue;
                }
            }
            if (seg == start && slash_unit(t, seg, j) && slash_unit(t, after, q)) {
                j = q;
                seg = after;
                continue;
            }
            goto done;
        }
        case CC_COLON:
            /* 12:30 */
            if (nk == CC_DIGIT && all_digits(s, seg, j) && j - seg <= 2) {
                size_t q = alnum_run(t, after);
                if (q - after == 2 && all_digits(s, after, q)) {
                    j = q;
                    seg = after;
                    continue;
                }
            }
            goto done;
        case CC_AT:
            if (dp_cc_is_alnum(nk)) {
                /* e-mail: local part then domain with at least one dot */
                size_t q = after;
                int dots = 0;
                while (q < t->n) {
                    size_t r = alnum_run(t, q);
                    if (r == q) break;
                    q = r;
                    if (q + 1 < t->n && (s[q] == '.' || s[q] == '-') && dp_cc_is_alnum(cc1(t, q + 1))) {
                        dots += s[q] == '.';
                        q++;
                        continue;
                    }
                    break;
                }
                if (dots) {
                    *kind = DP_TOK_EMAIL;
                    return q;
                }
            }
            goto done;
        case CC_UNDER:
            if (dp_cc_is_alnum(nk) || nk == CC_UNDER) {
                j = after;
                continue;
            }
            goto done;
        case CC_AMP:
            if (s[j - 1] >= 'A' && s[j - 1] <= 'Z' && nk == CC_UPPER) {
                j = alnum_run(t, after);
                continue;
            }
            goto done;
        case CC_SPACE: {
            int gl;
            if (grouped && group_space(t, j, &gl) && three_digits(t, j + (size_t)gl)) {
                j += (size_t)gl + 3;
                continue;
            }
            goto done;
        }
        case CC_SYMBOL:
            /* "n°" */
            if (j - start == 1 && (s[start] == 'n' || s[start] == 'N') && s[j] == 0xC2 && s[j + 1] == 0xB0)
                return j + 2;
            goto done;
        default:
            goto done;
        }
    }
done:
    if (s[start] >= '0' && s[start] <= '9') {
        /* a number unless letters other than an ordinal suffix follow */
        int letters = 0;
        for (size_t p = start; p < j;) {
            int l;
            if (dp_cc_is_letter(dp_cc_at(s + p, &l))) letters++;
            p += (size_t)l;
        }
        if (!letters) *kind = DP_TOK_NUMBER;
    }
    (void)grouped;
    return j;
}

/* Opening or closing? « “ ‹ open and » ” › close by their shape; a straight
 * " is judged by its spacing ("mot" vs " mot"), else by alternation within
 * the paragraph (*dq_open). */
static uint8_t quote_flags(const tk *t, size_t i, size_t end, uint8_t pending, int after_stop, int *dq_open) {
    const unsigned char *s = t->s;
    if (s[i] == 0xC2 && s[i + 1] == 0xAB) return DP_TF_QUOTE_OPEN;                       /* « */
    if (s[i] == 0xC2 && s[i + 1] == 0xBB) return DP_TF_QUOTE_CLOSE;                      /* » */
    if (s[i] == 0xE2 && s[i + 1] == 0x80) {
        unsigned c = s[i + 2];
        if (c == 0x9C || c == 0xB9 || c == 0x9E) return DP_TF_QUOTE_OPEN;               /* “ ‹ „ */
        if (c == 0x9D || c == 0xBA) return DP_TF_QUOTE_CLOSE;                           /* ” › */
        return 0;
    }
    if (s[i] != '"') return 0;
    int space_before = (pending & DP_TF_SPACE_BEFORE) || i == 0;
    dp_cc next = cc1(t, end);
    int word_after = end < t->n && !dp_cc_is_space(next);
    int open;
    if (space_before && word_after && next != CC_DOT && next != CC_COMMA) open = 1;
    else if (after_stop && !word_after) open = 0; /* « … fin. " Suite » */
    else if (!space_before && !(word_after && dp_cc_is_alnum(next))) open = 0;
    else open = !*dq_open;
    *dq_open = open;
    return open ? DP_TF_QUOTE_OPEN : DP_TF_QUOTE_CLOSE;
}

static int push(dp_tokvec *v, size_t a, size_t b, uint8_t kind, uint8_t flags) {
    if (v->n == v->cap) {
        void *p = v->v;
        if (dp_grow(v->alc, &p, &v->cap, v->n + 1, sizeof(dp_token))) return -1;
        v->v = p;
    }
    dp_token *tok = &v->v[v->n++];
    tok->start = tok->nstart = (uint32_t)a;
    tok->end = tok->nend = (uint32_t)b;
    tok->kind = kind;
    tok->flags = flags;
    tok->nparts = 0;
    tok->upos = 0;
    memset(tok->part_upos, 0, sizeof tok->part_upos);
    tok->pad_ = 0;
    tok->parts = NULL;
    tok->lemma_off = tok->lemma_len = 0;
    return 0;
}

dp_status dp_tokenize(const dp_lang *lang, const char *str, size_t n, dp_tokvec *out) {
    tk t = {lang, (const unsigned char *)str, n};
    const unsigned char *s = t.s;
    out->n = 0;
    /* a token per ~5 bytes of news text: reserve once to avoid regrowth */
    if (n / 5 > out->cap) {
        void *p = out->v;
        if (dp_grow(out->alc, &p, &out->cap, n / 5, sizeof(dp_token))) return DP_ERR_NOMEM;
        out->v = p;
    }
    uint8_t pending = 0; /* DP_TF_* for the next token */
    int newlines = 0;
    int dq_open = 0; /* a straight " is open in this paragraph */
    size_t i = 0;
    while (i < n) {
        int l;
        dp_cc k = cc(&t, i, &l);
        if (k == CC_SPACE) {
            pending |= DP_TF_SPACE_BEFORE;
            i += (size_t)l;
            continue;
        }
        if (k == CC_NL || k == CC_PARA) {
            newlines += k == CC_PARA ? 2 : 1;
            pending |= DP_TF_SPACE_BEFORE | DP_TF_NEWLINE_BEFORE;
            if (newlines >= 2) {
                pending |= DP_TF_PARA_BEFORE;
                dq_open = 0;
            }
            i += (size_t)l;
            continue;
        }
        newlines = 0;
        size_t start = i, end;
        uint8_t kind = DP_TOK_PUNCT, flags = 0;
        switch (k) {
        case CC_UPPER: case CC_LOWER: case CC_LETTER: case CC_DIGIT: case CC_MARK: case CC_NUMOTHER:
            end = scan_word(&t, i, &kind, &flags);
            if (end == i) end = i + (size_t)l;
            break;
        case CC_HYPHEN: {
            size_t after = i + (size_t)l;
            dp_cc nk = cc1(&t, after);
            const dp_token *prev = out->n ? &out->v[out->n - 1] : NULL;
            int glued = prev && prev->nend == i && (prev->kind == DP_TOK_WORD || prev->kind == DP_TOK_NUMBER);
            size_t e;
            if (nk == CC_DIGIT && !glued) {
                /* a signed number: -1, -0,8 */
                end = scan_word(&t, after, &kind, &flags);
                if (kind != DP_TOK_NUMBER) { end = after; kind = DP_TOK_PUNCT; }
            } else if (glued && (e = euphonic_t(&t, after)) != 0) {
                end = e;
                kind = DP_TOK_WORD;
                flags = DP_TF_CLITIC;
            } else if (glued && dp_cc_is_letter(nk)) {
                /* a clitic split off by scan_word: "-il", "-moi", "-le" */
                end = alnum_run(&t, after);
                kind = DP_TOK_WORD;
                flags = DP_TF_CLITIC;
            } else {
                end = after;
                while (end < n && s[end] == '-') end++; /* "--" */
            }
            break;
        }
        case CC_DOT:
            end = i + 1;
            while (end < n && s[end] == '.') end++; /* "..." */
            break;
        case CC_TERM:
            end = i + 1;
            while (end < n && (s[end] == '!' || s[end] == '?')) end++; /* "?!" */
            break;
        case CC_HASH:
        case CC_AT: {
            size_t after = i + 1, e = alnum_run(&t, after);
            while (e < n && s[e] == '_' && e + 1 < n && dp_cc_is_alnum(cc1(&t, e + 1))) e = alnum_run(&t, e + 1);
            if (e > after && dp_cc_is_letter(cc1(&t, after))) {
                end = e;
                kind = k == CC_HASH ? DP_TOK_HASHTAG : DP_TOK_MENTION;
            } else {
                end = after;
                kind = DP_TOK_SYMBOL;
            }
            break;
        }
        case CC_SYMBOL: {
            const dp_token *prev = out->n ? &out->v[out->n - 1] : NULL;
            int glued = prev && prev->nend == i && (prev->kind == DP_TOK_WORD || prev->kind == DP_TOK_NUMBER);
            end = i + (size_t)l;
            kind = DP_TOK_SYMBOL;
            if (s[i] == '+' && !glued && cc1(&t, end) == CC_DIGIT) {
                /* a signed number: UTC +14, +5,3 % */
                size_t e = scan_word(&t, end, &kind, &flags);
                if (kind == DP_TOK_NUMBER) end = e;
                else kind = DP_TOK_SYMBOL;
            }
            break;
        }
        case CC_QUOTE: {
            end = i + (size_t)l;
            const dp_token *prev = out->n ? &out->v[out->n - 1] : NULL;
            int after_stop = prev && prev->kind == DP_TOK_PUNCT &&
                             (s[prev->nstart] == '.' || s[prev->nstart] == '!' || s[prev->nstart] == '?');
            flags = quote_flags(&t, i, end, (uint8_t)pending, after_stop, &dq_open);
            break;
        }
        default:
            end = i + (size_t)l;
            break;
        }
        if (push(out, start, end, kind, (uint8_t)(pending | flags))) return DP_ERR_NOMEM;
        if (kind == DP_TOK_WORD) {
            const dp_mwt *m = dp_lang_mwt(lang, str + start, end - start);
            if (m) {
                out->v[out->n - 1].nparts = m->nparts;
                out->v[out->n - 1].parts = m->parts;
            }
        }
        pending = 0;
        i = end;
    }
    return DP_OK;
}
