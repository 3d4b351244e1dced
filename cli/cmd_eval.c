/* cmd_eval.c — `depeche eval ud FILE.conllu` and `depeche eval ner FILE`:
 * score the analysis against gold annotation.
 *
 * eval ud follows the rules of shared/eval/ud_eval.py, so that both give the
 * same figures: the raw text is the sentences' `# text = ` lines joined by
 * single spaces (each followed by one space); a gold surface token is found by
 * searching its FORM in its sentence text from the end of the previous one; a
 * multiword-token range ("3-4") is one surface token and hides the words it
 * covers; empty nodes ("8.1") are skipped. Token and sentence spans are
 * compared as sets (a span given twice counts once); sentence spans are
 * compared after trimming spaces, tabs and line breaks at both ends. UPOS and
 * lemma are scored on gold words that are not multiword tokens and whose span
 * the analysis found exactly; the analysis's lemma of a multiword token is ""
 * (the JSON that ud_eval.py reads gives none).
 *
 * eval ner follows shared/eval/ner_f1.py run on the output of `depeche ner
 * --conll FILE`: tokens are tagged as that command does (a sentence at a time,
 * the first field of a line, comments "#..." without a tab skipped); the gold
 * tag is a line's last tab-separated field, a line of white space only is a
 * sentence break (tag O), entities are maximal runs that start at B-X, or at
 * I-X not continuing an entity of type X, and go on through I-X (and through
 * tags that are neither O, B- nor I-); they are compared as sets of (first
 * token, end token, type). */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: depeche eval ud [--json] [--models DIR | --no-models] FILE.conllu\n"
    "       depeche eval ner [--json] [--models DIR] FILE\n"
    "\n"
    "eval ud scores depeche's analysis against a Universal Dependencies treebank,\n"
    "from raw text: the sentences' `# text = ` lines are joined by single spaces\n"
    "(so sentence boundaries must be found, not read off line breaks), the text is\n"
    "analysed, and the result is compared with the gold annotation:\n"
    "  tokens     precision, recall, F1 of surface tokens as exact byte spans\n"
    "             (a multiword token such as \"du\" is one surface token)\n"
    "  sentences  precision, recall, F1 of sentence spans, spaces trimmed\n"
    "  upos       accuracy on gold words (not multiword tokens) whose span matches\n"
    "  lemma      the same for lemmas\n"
    "The figures are those of shared/eval/ud_eval.py on the same file. UPOS and\n"
    "lemma need a part-of-speech model (pos.dpm); without one they print n/a.\n"
    "\n"
    "eval ner scores the entity tagger on pre-tokenized text: FILE has one token a\n"
    "line, `token<TAB>...<TAB>GOLD-TAG` (IOB2: B-PER, I-LOC, O...), a blank line\n"
    "between sentences, comment lines ('#' then text without a tab) skipped: what\n"
    "shared/eval/ner_gold.py prints. Each sentence's tokens (the first column)\n"
    "are tagged as by `depeche ner --conll`, and entities are compared with exact\n"
    "spans and type: precision, recall, F1 overall and per type (PER, LOC, ORG,\n"
    "then any other type met), with counts. The figures are those of\n"
    "shared/eval/ner_f1.py on FILE and the output of `depeche ner --conll FILE`;\n"
    "an I-X that does not continue an entity of type X starts one. Needs an\n"
    "entity model (ner.dpm).\n"
    "\n"
    "FILE '-' reads stdin.\n"
    "\n"
    "options:\n"
    "  --json          print one JSON object instead of lines for people\n"
    "  --models DIR    model directory (default: $DEPECHE_MODELS, else the shipped\n"
    "                  models); for eval ud, the default directory may hold none\n"
    "                  (a warning, then tokens and sentences only)\n"
    "  --no-models     eval ud: no tagging, tokens and sentences only\n"
    "  -h, --help      this help\n"
    "\n"
    "exit status: 0 success; 1 unreadable file, malformed input (invalid UTF-8;\n"
    "for CoNLL-U a FORM that cannot be found in its sentence's text, a sentence\n"
    "without `# text = `, a bad ID or too few columns; the message gives the\n"
    "line), an invalid model, no entity model for eval ner, or analysis failure;\n"
    "2 usage error.\n";

/* A byte string that is not NUL-terminated (points into the CoNLL-U buffer). */
typedef struct str {
    const char *p;
    size_t n;
} str;

typedef struct gold_tok {
    size_t start, end;
    str upos, lemma;
    int mwt;      /* a multiword-token range: no UPOS or lemma of its own */
    size_t order; /* position in the file: the last of equal spans wins, as in a dict */
} gold_tok;

/* What the analysis says of one surface token: `upos` is a tag name, NULL
 * when the token has none (untagged, or a multiword token); `lemma` is ""
 * when it has none. */
typedef struct pred_tok {
    size_t start, end;
    const char *upos;
    str lemma;
    size_t order;
} pred_tok;

typedef struct span {
    size_t start, end;
} span;

/* A growable array of `size`-byte elements. */
typedef struct vec {
    void *v;
    size_t n, cap, size;
} vec;

/* Room for `more` elements; -1 when out of memory. */
static int vec_reserve(vec *a, size_t more) {
    if (a->cap - a->n >= more) return 0;
    size_t cap = a->cap ? a->cap : 256;
    while (cap - a->n < more) {
        if (cap > SIZE_MAX / 2 / a->size) return -1;
        cap *= 2;
    }
    void *nv = realloc(a->v, cap * a->size);
    if (!nv) return -1;
    a->v = nv;
    a->cap = cap;
    return 0;
}

static void *vec_push(vec *a) {
    if (vec_reserve(a, 1)) return NULL;
    return (char *)a->v + a->size * a->n++;
}

static int buf_append(vec *a, const char *p, size_t n) {
    if (vec_reserve(a, n)) return -1;
    memcpy((char *)a->v + a->n, p, n);
    a->n += n;
    return 0;
}

/* One token line of the current sentence. */
typedef struct row {
    str line;
    long lineno;
} row;

/* The gold side: raw text, surface tokens, sentence spans. */
typedef struct gold {
    vec raw;   /* char */
    vec toks;  /* gold_tok */
    vec sents; /* span */
} gold;

typedef struct parse_err {
    long lineno;
    char msg[160];
} parse_err;

static int fail(parse_err *e, long lineno, const char *msg, str s) {
    e->lineno = lineno;
    int w = (int)(s.n > 60 ? 60 : s.n);
    snprintf(e->msg, sizeof e->msg, "%s%s%.*s%s%s", msg, s.p ? " '" : "", w, s.p ? s.p : "", s.n > 60 ? "..." : "",
             s.p ? "'" : "");
    return -1;
}

/* The i-th tab-separated field of a line; .p is NULL when there are fewer. */
static str field(str line, int i) {
    const char *p = line.p, *end = line.p + line.n;
    for (; i > 0; i--) {
        const char *t = memchr(p, '\t', (size_t)(end - p));
        if (!t) return (str){NULL, 0};
        p = t + 1;
    }
    const char *t = memchr(p, '\t', (size_t)(end - p));
    return (str){p, (size_t)((t ? t : end) - p)};
}

/* A non-empty run of ASCII digits as a number; -1 if not one or too large. */
static int parse_uint(str s, unsigned long long *out) {
    unsigned long long v = 0;
    if (!s.n) return -1;
    for (size_t i = 0; i < s.n; i++) {
        unsigned d = (unsigned)(unsigned char)s.p[i] - '0';
        if (d > 9 || v > (ULLONG_MAX - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* First occurrence of `needle` in hay[from..n), or -1 (Python bytes.find). */
static long long find(str hay, size_t from, str needle) {
    if (needle.n == 0) return (long long)from;
    if (from > hay.n || hay.n - from < needle.n) return -1;
    const char *p = hay.p + from, *last = hay.p + hay.n - needle.n;
    while (p <= last) {
        p = memchr(p, needle.p[0], (size_t)(last - p) + 1);
        if (!p) return -1;
        if (memcmp(p, needle.p, needle.n) == 0) return (long long)(p - hay.p);
        p++;
    }
    return -1;
}

/* Places the token lines of one sentence in its text and appends the text
 * (plus one space) to the raw text. */
static int add_sentence(gold *g, str text, const row *rows, size_t nrows, parse_err *e) {
    size_t base = g->raw.n, pos = 0;
    unsigned long long skip_until = 0;
    if (!text.p) return fail(e, rows[0].lineno, "sentence without a '# text = ' line", (str){NULL, 0});
    for (size_t i = 0; i < nrows; i++) {
        str line = rows[i].line, id = field(line, 0), form = field(line, 1);
        unsigned long long a, b;
        if (memchr(id.p, '.', id.n)) continue; /* empty node */
        const char *dash = memchr(id.p, '-', id.n);
        int mwt = dash != NULL;
        if (mwt) {
            str lo = {id.p, (size_t)(dash - id.p)}, hi = {dash + 1, id.n - lo.n - 1};
            if (parse_uint(lo, &a) || parse_uint(hi, &b)) return fail(e, rows[i].lineno, "bad token ID", id);
            if (!form.p) return fail(e, rows[i].lineno, "too few columns", (str){NULL, 0});
        } else {
            if (parse_uint(id, &a)) return fail(e, rows[i].lineno, "bad token ID", id);
            if (a <= skip_until) continue; /* a word of the multiword token before */
            if (!field(line, 3).p) return fail(e, rows[i].lineno, "too few columns", (str){NULL, 0});
        }
        long long j = find(text, pos, form);
        if (j < 0) return fail(e, rows[i].lineno, "cannot place the FORM in its sentence's text:", form);
        gold_tok *t = vec_push(&g->toks);
        if (!t) return -2;
        t->start = base + (size_t)j;
        t->end = t->start + form.n;
        t->mwt = mwt;
        t->upos = mwt ? (str){NULL, 0} : field(line, 3);
        t->lemma = mwt ? (str){NULL, 0} : field(line, 2);
        t->order = g->toks.n - 1;
        pos = (size_t)j + form.n;
        if (mwt) skip_until = b;
    }
    span *s = vec_push(&g->sents);
    if (!s || buf_append(&g->raw, text.p, text.n) || buf_append(&g->raw, " ", 1)) return -2;
    s->start = base;
    s->end = base + text.n;
    return 0;
}

/* Is the line valid UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF)? Python's decoder, which ud_eval.py uses, rejects the file otherwise. */
static int valid_utf8(str s) {
    const unsigned char *p = (const unsigned char *)s.p, *end = p + s.n;
    while (p < end) {
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        int n = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        if (n < 0 || end - p <= n) return 0;
        unsigned lo = 0x80, hi = 0xBF; /* the range of the second byte */
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
        if (p[1] < lo || p[1] > hi) return 0;
        for (int k = 2; k <= n; k++)
            if ((p[k] & 0xC0) != 0x80) return 0;
        p += n + 1;
    }
    return 1;
}

static int starts_with(str s, const char *pre) {
    size_t n = strlen(pre);
    return s.n >= n && memcmp(s.p, pre, n) == 0;
}

/* Reads a CoNLL-U buffer as ud_eval.py does (lines end at \n, \r\n or \r, as
 * in Python's text mode). Returns 0, -1 with `e` filled, or -2 out of memory. */
static int read_conllu(const char *data, size_t len, gold *g, parse_err *e) {
    vec rows = {NULL, 0, 0, sizeof(row)};
    str text = {NULL, 0};
    int in_sent = 0, rc = 0;
    long lineno = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && data[j] != '\n' && data[j] != '\r') j++;
        str line = {data + i, j - i};
        i = j < len ? j + 1 + (data[j] == '\r' && j + 1 < len && data[j + 1] == '\n') : j;
        lineno++;
        if (!valid_utf8(line)) {
            rc = fail(e, lineno, "invalid UTF-8", (str){NULL, 0});
            break;
        }
        if (starts_with(line, "# text = ")) {
            text = (str){line.p + 9, line.n - 9};
        } else if (line.n == 0) {
            if (in_sent && (rc = add_sentence(g, text, rows.v, rows.n, e))) break;
            in_sent = 0;
            rows.n = 0;
            text = (str){NULL, 0};
        } else if (line.p[0] == '#') {
            continue;
        } else {
            row *r = vec_push(&rows);
            if (!r) {
                rc = -2;
                break;
            }
            r->line = line;
            r->lineno = lineno;
            in_sent = 1;
        }
    }
    if (!rc && in_sent) rc = add_sentence(g, text, rows.v, rows.n, e);
    free(rows.v);
    return rc;
}

static int cmp_gold(const void *a, const void *b) {
    const gold_tok *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_pred(const void *a, const void *b) {
    const pred_tok *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_span(const void *a, const void *b) {
    const span *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Sorts by span and keeps one element per span: the last given (dict semantics). */
#define DEDUP_LAST(T, arr, n, cmp)                                                                                \
    do {                                                                                                          \
        if ((n) > 1) qsort((arr), (n), sizeof(T), (cmp));                                                                \
        size_t k_ = 0;                                                                                            \
        for (size_t i_ = 0; i_ < (n); i_++) {                                                                     \
            if (k_ && (arr)[k_ - 1].start == (arr)[i_].start && (arr)[k_ - 1].end == (arr)[i_].end) k_--;         \
            (arr)[k_++] = (arr)[i_];                                                                              \
        }                                                                                                         \
        (n) = k_;                                                                                                 \
    } while (0)

static size_t dedup_spans(span *s, size_t n) {
    if (n > 1) qsort(s, n, sizeof *s, cmp_span);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || s[k - 1].start != s[i].start || s[k - 1].end != s[i].end) s[k++] = s[i];
    return k;
}

/* The analysis's tokens, and whether they carry UPOS and lemmas (*tagged: the
 * doc was tagged with a part-of-speech model). A multiword token has no UPOS
 * and no lemma of its own, as in the JSON that ud_eval.py reads ("lemma" is
 * left out there; dp_doc_lemma would give its first word). */
static pred_tok *pred_tokens(const dp_doc *doc, const dp_models *models, size_t *n, int *tagged) {
    const dp_token *t = dp_doc_tokens(doc, n);
    pred_tok *p = malloc((*n ? *n : 1) * sizeof *p);
    if (!p) return NULL;
    *tagged = models && dp_models_has_pos(models);
    for (size_t i = 0; i < *n; i++) {
        p[i] = (pred_tok){t[i].start, t[i].end, NULL, {"", 0}, i};
        if (!*tagged || t[i].nparts) continue;
        size_t len = 0;
        const char *lemma = dp_doc_lemma(doc, &t[i], &len);
        p[i].upos = dp_upos_name(t[i].upos);
        p[i].lemma = (str){lemma, len};
    }
    return p;
}

static int is_ws(char c) { return c == ' ' || c == '\n' || c == '\t'; }

/* Trims white space off a span of the raw text (ud_eval.py's trim()). */
static span trim(span s, const char *raw, size_t len) {
    while (s.end > s.start && s.end <= len && is_ws(raw[s.end - 1])) s.end--;
    while (s.start < s.end && s.start < len && is_ws(raw[s.start])) s.start++;
    return s;
}

/* Size of the intersection of two sorted, duplicate-free span arrays. */
static size_t common(const span *a, size_t na, const span *b, size_t nb) {
    size_t i = 0, j = 0, k = 0;
    while (i < na && j < nb) {
        int c = cmp_span(&a[i], &b[j]);
        if (c == 0) k++;
        if (c <= 0) i++;
        if (c >= 0) j++;
    }
    return k;
}

typedef struct prf {
    double p, r, f;
    size_t tp, pred, gold;
} prf;

static prf make_prf(size_t tp, size_t pred, size_t gold_n) {
    prf x = {0, 0, 0, tp, pred, gold_n};
    x.p = pred ? (double)tp / (double)pred : 0.0;
    x.r = gold_n ? (double)tp / (double)gold_n : 0.0;
    x.f = x.p + x.r > 0 ? 2 * x.p * x.r / (x.p + x.r) : 0.0;
    return x;
}

typedef struct scores {
    prf tok, sent;
    int tagged;                      /* does the analysis carry UPOS and lemmas? */
    size_t words, upos_ok, lemma_ok; /* gold words scored, and those right */
    size_t bytes;
} scores;

static int str_eq(str a, str b) { return a.p && b.p && a.n == b.n && memcmp(a.p, b.p, a.n) == 0; }

/* Scores the analysis of the raw text against the gold. Returns 0, or -2 out of memory. */
static int score(gold *g, const dp_doc *doc, const dp_models *models, scores *sc) {
    const char *raw = g->raw.v;
    size_t rawlen = g->raw.n, np, ns;
    int tagged;
    pred_tok *pt = pred_tokens(doc, models, &np, &tagged);
    if (!pt) return -2;
    gold_tok *gt = g->toks.v;
    size_t ng = g->toks.n;
    DEDUP_LAST(gold_tok, gt, ng, cmp_gold);
    DEDUP_LAST(pred_tok, pt, np, cmp_pred);

    memset(sc, 0, sizeof *sc);
    sc->bytes = rawlen;
    sc->tagged = tagged;
    size_t tp = 0, j = 0;
    for (size_t i = 0; i < ng; i++) {
        while (j < np && (pt[j].start < gt[i].start || (pt[j].start == gt[i].start && pt[j].end < gt[i].end))) j++;
        const pred_tok *m = j < np && pt[j].start == gt[i].start && pt[j].end == gt[i].end ? &pt[j] : NULL;
        tp += m != NULL;
        if (gt[i].mwt) continue;
        sc->words++;
        if (!m) continue;
        sc->upos_ok += m->upos && str_eq(gt[i].upos, (str){m->upos, strlen(m->upos)});
        sc->lemma_ok += str_eq(gt[i].lemma, m->lemma); /* a missing lemma is "" */
    }
    sc->tok = make_prf(tp, np, ng);
    free(pt);

    const dp_sentence *ds = dp_doc_sentences(doc, &ns);
    span *ps = malloc((ns ? ns : 1) * sizeof *ps);
    if (!ps) return -2;
    for (size_t i = 0; i < ns; i++) ps[i] = trim((span){ds[i].start, ds[i].end}, raw, rawlen);
    span *gs = g->sents.v;
    size_t ngs = g->sents.n;
    for (size_t i = 0; i < ngs; i++) gs[i] = trim(gs[i], raw, rawlen);
    ngs = dedup_spans(gs, ngs);
    ns = dedup_spans(ps, ns);
    sc->sent = make_prf(common(gs, ngs, ps, ns), ns, ngs);
    free(ps);
    return 0;
}

/* A figure as ud_eval.py prints it: round(x, 4), shortest form ("0.996", "1.0"). */
static const char *fig(char *b, size_t cap, double x) {
    snprintf(b, cap, "%.4f", x);
    size_t n = strlen(b);
    while (n > 2 && b[n - 1] == '0' && b[n - 2] != '.') b[--n] = 0;
    return b;
}

static void json_strn(FILE *f, const char *s, size_t n) {
    fputc('"', f);
    for (const char *end = s + n; s < end; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_string(FILE *f, const char *s) { json_strn(f, s, strlen(s)); }

static void print_json(FILE *f, const char *name, const scores *s) {
    char b[6][32];
    fputs("{\"file\":", f);
    json_string(f, name);
    fprintf(f, ",\"tokens_p\":%s,\"tokens_r\":%s,\"tokens_f1\":%s", fig(b[0], 32, s->tok.p), fig(b[1], 32, s->tok.r),
            fig(b[2], 32, s->tok.f));
    fprintf(f, ",\"sentences_p\":%s,\"sentences_r\":%s,\"sentences_f1\":%s", fig(b[3], 32, s->sent.p),
            fig(b[4], 32, s->sent.r), fig(b[5], 32, s->sent.f));
    if (s->tagged && s->words) {
        fprintf(f, ",\"upos_acc\":%s", fig(b[0], 32, (double)s->upos_ok / (double)s->words));
        fprintf(f, ",\"lemma_acc\":%s", fig(b[1], 32, (double)s->lemma_ok / (double)s->words));
    } else {
        fputs(",\"upos_acc\":null,\"lemma_acc\":null", f);
    }
    fprintf(f,
            ",\"gold_tokens\":%zu,\"pred_tokens\":%zu,\"matched_tokens\":%zu"
            ",\"gold_sentences\":%zu,\"pred_sentences\":%zu,\"matched_sentences\":%zu"
            ",\"scored_words\":%zu,\"bytes\":%zu}\n",
            s->tok.gold, s->tok.pred, s->tok.tp, s->sent.gold, s->sent.pred, s->sent.tp, s->words, s->bytes);
}

static void print_prf(FILE *f, const char *what, const prf *x, const char *unit) {
    fprintf(f, "%-10s P %6.2f  R %6.2f  F1 %6.2f   (%zu of %zu gold %s found, %zu predicted)\n", what, 100 * x->p,
            100 * x->r, 100 * x->f, x->tp, x->gold, unit, x->pred);
}

static void print_acc(FILE *f, const char *what, const scores *s, size_t ok) {
    if (s->tagged && s->words)
        fprintf(f, "%-10s %6.2f   (%zu of %zu gold words)\n", what, 100.0 * (double)ok / (double)s->words, ok,
                s->words);
    else
        fprintf(f, "%-10s n/a      (no part-of-speech model)\n", what);
}

static void print_text(FILE *f, const char *name, const scores *s) {
    fprintf(f, "%s: %zu sentences, %zu surface tokens, %zu bytes of raw text\n", name, s->sent.gold, s->tok.gold,
            s->bytes);
    print_prf(f, "tokens", &s->tok, "tokens");
    print_prf(f, "sentences", &s->sent, "sentences");
    print_acc(f, "upos", s, s->upos_ok);
    print_acc(f, "lemma", s, s->lemma_ok);
}

/* Is there a model file (pos.dpm or ner.dpm) in `dir`, valid or not? */
static int has_model_file(const char *dir) {
    static const char *const files[] = {"pos.dpm", "ner.dpm"};
    for (size_t i = 0; i < 2; i++) {
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, files[i]) >= (int)sizeof path) return 1; /* let the loader say */
        if (access(path, F_OK) == 0) return 1;
    }
    return 0;
}

/* Loads the models of `dir_opt` (--models), else of the default directory,
 * into *out. For eval ud (`optional`), a default directory without any model
 * file is not an error: *out is then NULL after a warning. Returns 0, or
 * EXIT_INPUT after a message (an invalid model file, or no model file where
 * one is needed). */
static int load_models(const char *dir_opt, int optional, dp_models **out) {
    const char *dir = dir_opt ? dir_opt : dp_models_default_dir();
    *out = NULL;
    if (!has_model_file(dir)) {
        if (optional && !dir_opt) {
            cli_error("warning: no models in %s: UPOS and lemma are not scored (see --models)", dir);
            return 0;
        }
        if (optional)
            cli_error("%s: no model file (pos.dpm, ner.dpm) in the model directory", dir);
        else
            cli_error("eval ner: no entity model: no ner.dpm in %s (see --models)", dir);
        return EXIT_INPUT;
    }
    dp_error e = {DP_OK, NULL, 0};
    dp_models *m = dp_models_load(dir, &e);
    if (!m) {
        cli_error("%s: %s", dir, e.message ? e.message : dp_strerror(e.code));
        return EXIT_INPUT;
    }
    *out = m;
    return 0;
}

static int eval_ud(const char *path, int json, const char *models_dir, int no_models) {
    const char *name = strcmp(path, "-") ? path : "stdin";
    char *data;
    size_t len;
    if (cli_read_file(path, &data, &len)) {
        cli_error("%s: cannot read: %s", name, strerror(errno));
        return EXIT_INPUT;
    }
    gold g = {{NULL, 0, 0, 1}, {NULL, 0, 0, sizeof(gold_tok)}, {NULL, 0, 0, sizeof(span)}};
    parse_err pe = {0, {0}};
    dp_doc *doc = NULL;
    dp_models *models = NULL;
    scores sc;
    int rc = EXIT_INPUT, r = read_conllu(data, len, &g, &pe);
    if (r == -1) {
        cli_error("%s:%ld: malformed CoNLL-U: %s", name, pe.lineno, pe.msg);
        goto done;
    }
    if (r || !(doc = dp_doc_new())) {
        cli_error("out of memory");
        goto done;
    }
    if (!g.sents.n) {
        cli_error("%s: no sentences", name);
        goto done;
    }
    if (!no_models) {
        if (load_models(models_dir, 1, &models)) goto done;
        if (models && !dp_models_has_pos(models))
            cli_error("warning: no part-of-speech model (pos.dpm) in %s: UPOS and lemma are not scored",
                      models_dir ? models_dir : dp_models_default_dir());
    }
    dp_doc_set_models(doc, models);
    dp_error e = {DP_OK, NULL, 0};
    if (dp_doc_analyze(doc, g.raw.v, g.raw.n, DP_OPT_TOKENS | DP_OPT_NO_FACTS, &e)) {
        cli_error("%s: analysis failed: %s (%s) at byte %zu of the raw text", name,
                  e.message ? e.message : dp_strerror(e.code), dp_strerror(e.code), e.offset);
        goto done;
    }
    if (score(&g, doc, models, &sc)) {
        cli_error("out of memory");
        goto done;
    }
    if (json)
        print_json(stdout, name, &sc);
    else
        print_text(stdout, name, &sc);
    rc = 0;
    if (fflush(stdout)) {
        cli_error("cannot write output: %s", strerror(errno));
        rc = EXIT_INPUT;
    }
done:
    dp_doc_free(doc);
    dp_models_free(models);
    free(g.raw.v);
    free(g.toks.v);
    free(g.sents.v);
    free(data);
    return rc;
}

/* ## eval ner */

/* dp_tag_tokens takes at most this many tokens: a longer sentence is tagged
 * in pieces, as `depeche ner --conll` does. */
#define NER_PIECE 1000

/* One line of the NER file: a token, or a sentence break (tok.p NULL, both
 * tags "O"). `pred` points into the model's labels. */
typedef struct ner_item {
    str tok, gold, pred;
} ner_item;

/* An entity: tokens [start, end) of the item sequence, and its type. */
typedef struct ent {
    size_t start, end;
    str type;
} ent;

typedef struct type_count {
    str name;
    size_t gold, pred, tp;
} type_count;

static const str tag_o = {"O", 1};

/* Is the line empty once Python's str.strip() is done with it (only Unicode
 * white space, as str.isspace() knows it)? The line is valid UTF-8. */
static int py_blank(str s) {
    const unsigned char *p = (const unsigned char *)s.p, *end = p + s.n;
    while (p < end) {
        unsigned c = *p, n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        if (n) c &= 0x3Fu >> n;
        for (unsigned k = 1; k <= n; k++) c = c << 6 | (p[k] & 0x3Fu);
        int ws = (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
                 (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
                 c == 0x3000;
        if (!ws) return 0;
        p += n + 1;
    }
    return 1;
}

/* The last tab-separated field of a line (the whole line when it has no tab). */
static str last_field(str line) {
    size_t i = line.n;
    while (i > 0 && line.p[i - 1] != '\t') i--;
    return (str){line.p + i, line.n - i};
}

/* Reads the NER file into items, as ner_f1.py reads its lines (ends at \n,
 * \r\n or \r) and `depeche ner --conll` its tokens. Returns 0, -1 with `e`
 * filled, or -2 out of memory. */
static int read_ner(const char *data, size_t len, vec *items, parse_err *e) {
    long lineno = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && data[j] != '\n' && data[j] != '\r') j++;
        str line = {data + i, j - i};
        i = j < len ? j + 1 + (data[j] == '\r' && j + 1 < len && data[j + 1] == '\n') : j;
        lineno++;
        if (!valid_utf8(line)) return fail(e, lineno, "invalid UTF-8", (str){NULL, 0});
        /* a comment, as `depeche ner --conll` sees one: "#" then text without
         * a tab ("#<TAB>O" is the token "#") */
        if (line.n > 1 && line.p[0] == '#' && !memchr(line.p, '\t', line.n)) continue;
        ner_item *it = vec_push(items);
        if (!it) return -2;
        if (py_blank(line))
            *it = (ner_item){{NULL, 0}, tag_o, tag_o};
        else
            *it = (ner_item){field(line, 0), last_field(line), tag_o};
    }
    return 0;
}

/* Tags the n tokens of one sentence, in pieces of NER_PIECE. */
static dp_status tag_sentence(const dp_models *m, dp_doc *doc, ner_item *it, size_t n, dp_error *e) {
    const char *toks[NER_PIECE];
    size_t lens[NER_PIECE];
    for (size_t done = 0; done < n;) {
        size_t k = n - done < NER_PIECE ? n - done : NER_PIECE;
        for (size_t i = 0; i < k; i++) {
            toks[i] = it[done + i].tok.p;
            lens[i] = it[done + i].tok.n;
        }
        const char *const *tags = NULL;
        dp_status st = dp_tag_tokens(m, doc, toks, lens, k, &tags, e);
        if (st) return st;
        for (size_t i = 0; i < k; i++) it[done + i].pred = (str){tags[i], strlen(tags[i])};
        done += k;
    }
    return DP_OK;
}

static int same(str a, str b) { return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0); }

/* The entities of the gold (pred 0) or predicted (pred 1) tags, by ner_f1.py's
 * spans(): an entity ends before O, B-, an I- of another type, or the end; it
 * starts at B-X or I-X; any other tag neither ends nor starts one. In order of
 * start, one per start. Returns 0, or -2 out of memory. */
static int entities(const ner_item *it, size_t n, int pred, vec *out) {
    int open = 0;
    size_t start = 0;
    str typ = {NULL, 0};
    for (size_t i = 0; i <= n; i++) {
        str t = i < n ? (pred ? it[i].pred : it[i].gold) : tag_o;
        int b = starts_with(t, "B-"), in = starts_with(t, "I-");
        if (!(same(t, tag_o) || b || (in && !(open && same((str){t.p + 2, t.n - 2}, typ))))) continue;
        if (open) {
            ent *x = vec_push(out);
            if (!x) return -2;
            *x = (ent){start, i, typ};
        }
        open = b || in;
        if (open) {
            start = i;
            typ = (str){t.p + 2, t.n - 2};
        }
    }
    return 0;
}

/* The counts of type `name`, added when new; NULL out of memory. */
static type_count *type_of(vec *types, str name) {
    type_count *t = types->v;
    for (size_t i = 0; i < types->n; i++)
        if (same(t[i].name, name)) return &t[i];
    type_count *x = vec_push(types);
    if (x) *x = (type_count){name, 0, 0, 0};
    return x;
}

typedef struct ner_scores {
    prf all;
    vec types; /* type_count: PER, LOC, ORG, then others as met */
    size_t sentences, tokens;
} ner_scores;

/* Compares the gold and predicted entities. Returns 0, or -2 out of memory. */
static int ner_score(const ner_item *it, size_t n, ner_scores *sc) {
    vec g = {NULL, 0, 0, sizeof(ent)}, p = {NULL, 0, 0, sizeof(ent)};
    int rc = -2;
    if (entities(it, n, 0, &g) || entities(it, n, 1, &p)) goto done;
    static const char *const fixed[] = {"PER", "LOC", "ORG"};
    for (size_t i = 0; i < 3; i++)
        if (!type_of(&sc->types, (str){fixed[i], 3})) goto done;
    const ent *ge = g.v, *pe = p.v;
    size_t tp = 0;
    for (size_t i = 0; i < g.n; i++) {
        type_count *t = type_of(&sc->types, ge[i].type);
        if (!t) goto done;
        t->gold++;
    }
    for (size_t j = 0; j < p.n; j++) {
        type_count *t = type_of(&sc->types, pe[j].type);
        if (!t) goto done;
        t->pred++;
    }
    for (size_t i = 0, j = 0; i < g.n && j < p.n;) {
        if (ge[i].start < pe[j].start) {
            i++;
        } else if (ge[i].start > pe[j].start) {
            j++;
        } else {
            if (ge[i].end == pe[j].end && same(ge[i].type, pe[j].type)) {
                tp++;
                type_of(&sc->types, ge[i].type)->tp++; /* present: counted above */
            }
            i++;
            j++;
        }
    }
    sc->all = make_prf(tp, p.n, g.n);
    rc = 0;
done:
    free(g.v);
    free(p.v);
    return rc;
}

static void json_prf(FILE *f, const prf *x) {
    char b[3][32];
    fprintf(f, "\"precision\":%s,\"recall\":%s,\"f1\":%s,\"gold\":%zu,\"pred\":%zu,\"correct\":%zu",
            fig(b[0], 32, x->p), fig(b[1], 32, x->r), fig(b[2], 32, x->f), x->gold, x->pred, x->tp);
}

static void print_ner_json(FILE *f, const char *name, const ner_scores *s) {
    fputs("{\"file\":", f);
    json_string(f, name);
    fputc(',', f);
    json_prf(f, &s->all);
    fputs(",\"types\":{", f);
    const type_count *t = s->types.v;
    for (size_t i = 0; i < s->types.n; i++) {
        prf x = make_prf(t[i].tp, t[i].pred, t[i].gold);
        if (i) fputc(',', f);
        json_strn(f, t[i].name.p, t[i].name.n);
        fputs(":{", f);
        json_prf(f, &x);
        fputc('}', f);
    }
    fprintf(f, "},\"sentences\":%zu,\"tokens\":%zu}\n", s->sentences, s->tokens);
}

static void print_ner_line(FILE *f, str what, const prf *x) {
    if (!what.n) what = (str){"\"\"", 2}; /* the type of "B-" */
    int w = what.n > 40 ? 40 : (int)what.n;
    fprintf(f, "%-10.*s P %6.2f  R %6.2f  F1 %6.2f   (%zu of %zu gold entities found, %zu predicted)\n", w, what.p,
            100 * x->p, 100 * x->r, 100 * x->f, x->tp, x->gold, x->pred);
}

static void print_ner_text(FILE *f, const char *name, const ner_scores *s) {
    fprintf(f, "%s: %zu sentences, %zu tokens\n", name, s->sentences, s->tokens);
    print_ner_line(f, (str){"entities", 8}, &s->all);
    const type_count *t = s->types.v;
    for (size_t i = 0; i < s->types.n; i++) {
        prf x = make_prf(t[i].tp, t[i].pred, t[i].gold);
        print_ner_line(f, t[i].name, &x);
    }
}

static int eval_ner(const char *path, int json, const char *models_dir) {
    const char *name = strcmp(path, "-") ? path : "stdin";
    char *data;
    size_t len;
    if (cli_read_file(path, &data, &len)) {
        cli_error("%s: cannot read: %s", name, strerror(errno));
        return EXIT_INPUT;
    }
    vec items = {NULL, 0, 0, sizeof(ner_item)};
    ner_scores sc = {{0, 0, 0, 0, 0, 0}, {NULL, 0, 0, sizeof(type_count)}, 0, 0};
    parse_err pe = {0, {0}};
    dp_models *models = NULL;
    dp_doc *doc = NULL;
    int rc = EXIT_INPUT, r = read_ner(data, len, &items, &pe);
    if (r == -1) {
        cli_error("%s:%ld: malformed NER file: %s", name, pe.lineno, pe.msg);
        goto done;
    }
    if (r) {
        cli_error("out of memory");
        goto done;
    }
    ner_item *it = items.v;
    for (size_t i = 0; i < items.n; i++) sc.tokens += it[i].tok.p != NULL;
    if (!sc.tokens) {
        cli_error("%s: no tokens", name);
        goto done;
    }
    if (load_models(models_dir, 0, &models)) goto done;
    if (!dp_models_has_ner(models)) {
        cli_error("eval ner: no entity model: no ner.dpm in %s (see --models)",
                  models_dir ? models_dir : dp_models_default_dir());
        goto done;
    }
    if (!(doc = dp_doc_new())) {
        cli_error("out of memory");
        goto done;
    }
    for (size_t i = 0; i < items.n;) {
        size_t j = i;
        while (j < items.n && it[j].tok.p) j++;
        if (j > i) {
            dp_error e = {DP_OK, NULL, 0};
            dp_status st = tag_sentence(models, doc, it + i, j - i, &e);
            if (st) {
                cli_error("%s: tagging failed: %s", name, e.message ? e.message : dp_strerror(st));
                goto done;
            }
            sc.sentences++;
        }
        i = j + (j < items.n);
    }
    if (ner_score(it, items.n, &sc)) {
        cli_error("out of memory");
        goto done;
    }
    if (json)
        print_ner_json(stdout, name, &sc);
    else
        print_ner_text(stdout, name, &sc);
    rc = 0;
    if (fflush(stdout)) {
        cli_error("cannot write output: %s", strerror(errno));
        rc = EXIT_INPUT;
    }
done:
    dp_doc_free(doc);
    dp_models_free(models);
    free(sc.types.v);
    free(items.v);
    free(data);
    return rc;
}

int cmd_eval(int argc, char **argv) {
    const char *what = NULL, *file = NULL, *models_dir = NULL;
    int json = 0, no_models = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(help, stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--no-models")) {
            no_models = 1;
        } else if (cli_opt(a, "--models", &v)) {
            if (!v) {
                if (i + 1 >= argc) {
                    cli_error("eval: --models needs a directory (see depeche eval --help)");
                    return EXIT_USAGE;
                }
                v = argv[++i];
            }
            if (!*v) {
                cli_error("eval: --models needs a directory (see depeche eval --help)");
                return EXIT_USAGE;
            }
            models_dir = v;
        } else if (a[0] == '-' && a[1] != 0) {
            cli_error("eval: unknown option '%s' (see depeche eval --help)", a);
            return EXIT_USAGE;
        } else if (!what) {
            what = a;
        } else if (!file) {
            file = a;
        } else {
            cli_error("eval: one file at a time (see depeche eval --help)");
            return EXIT_USAGE;
        }
    }
    if (!what) {
        cli_error("eval: what to evaluate? (depeche eval ud FILE.conllu, depeche eval ner FILE; see depeche eval "
                  "--help)");
        return EXIT_USAGE;
    }
    int ud = !strcmp(what, "ud"), ner = !strcmp(what, "ner");
    if (!ud && !ner) {
        cli_error("eval: unknown evaluation '%s' (known: ud, ner; see depeche eval --help)", what);
        return EXIT_USAGE;
    }
    if (!file) {
        cli_error("eval %s: needs a %s file (see depeche eval --help)", what, ud ? "CoNLL-U" : "token<TAB>tag");
        return EXIT_USAGE;
    }
    if (no_models && models_dir) {
        cli_error("eval: --models and --no-models together (see depeche eval --help)");
        return EXIT_USAGE;
    }
    if (ner && no_models) {
        cli_error("eval ner: --no-models: entities need the entity model (see depeche eval --help)");
        return EXIT_USAGE;
    }
    return ud ? eval_ud(file, json, models_dir, no_models) : eval_ner(file, json, models_dir);
}
