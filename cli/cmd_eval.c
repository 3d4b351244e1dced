/* cmd_eval.c — `depeche eval ud FILE.conllu`: scores the analysis against a
 * Universal Dependencies treebank from raw text.
 *
 * The rules are those of shared/eval/ud_eval.py, so that both give the same
 * figures: the raw text is the sentences' `# text = ` lines joined by single
 * spaces (each followed by one space); a gold surface token is found by
 * searching its FORM in its sentence text from the end of the previous one; a
 * multiword-token range ("3-4") is one surface token and hides the words it
 * covers; empty nodes ("8.1") are skipped. Token and sentence spans are
 * compared as sets (a span given twice counts once); sentence spans are
 * compared after trimming spaces, tabs and line breaks at both ends. UPOS and
 * lemma are scored on gold words that are not multiword tokens and whose span
 * the analysis found exactly. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: depeche eval ud [--json] FILE.conllu\n"
    "\n"
    "Scores depeche's analysis against a Universal Dependencies treebank, from\n"
    "raw text: the sentences' `# text = ` lines are joined by single spaces (so\n"
    "sentence boundaries must be found, not read off line breaks), the text is\n"
    "analysed, and the result is compared with the gold annotation:\n"
    "  tokens     precision, recall, F1 of surface tokens as exact byte spans\n"
    "             (a multiword token such as \"du\" is one surface token)\n"
    "  sentences  precision, recall, F1 of sentence spans, spaces trimmed\n"
    "  upos       accuracy on gold words (not multiword tokens) whose span matches\n"
    "  lemma      the same for lemmas\n"
    "The figures are those of shared/eval/ud_eval.py on the same file; UPOS and\n"
    "lemma print n/a until depeche tags words. FILE '-' reads stdin.\n"
    "\n"
    "options:\n"
    "  --json      print one JSON object instead of lines for people\n"
    "  -h, --help  this help\n"
    "\n"
    "exit status: 0 success; 1 unreadable file, malformed CoNLL-U (a FORM that\n"
    "cannot be found in its sentence's text, a sentence without `# text = `, a\n"
    "bad ID or too few columns) or analysis failure; 2 usage error.\n";

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

/* What the analysis says of one surface token. upos and lemma are NULL while
 * the library has no tagger; once dp_token carries them, fill them in
 * pred_tokens() and set `tagged` in score(). */
typedef struct pred_tok {
    size_t start, end;
    const char *upos, *lemma;
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
        qsort((arr), (n), sizeof(T), (cmp));                                                                      \
        size_t k_ = 0;                                                                                            \
        for (size_t i_ = 0; i_ < (n); i_++) {                                                                     \
            if (k_ && (arr)[k_ - 1].start == (arr)[i_].start && (arr)[k_ - 1].end == (arr)[i_].end) k_--;         \
            (arr)[k_++] = (arr)[i_];                                                                              \
        }                                                                                                         \
        (n) = k_;                                                                                                 \
    } while (0)

static size_t dedup_spans(span *s, size_t n) {
    qsort(s, n, sizeof *s, cmp_span);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || s[k - 1].start != s[i].start || s[k - 1].end != s[i].end) s[k++] = s[i];
    return k;
}

/* The analysis's tokens. This is where UPOS and lemma will be read. */
static pred_tok *pred_tokens(const dp_doc *doc, size_t *n) {
    const dp_token *t = dp_doc_tokens(doc, n);
    pred_tok *p = malloc((*n ? *n : 1) * sizeof *p);
    if (!p) return NULL;
    for (size_t i = 0; i < *n; i++) p[i] = (pred_tok){t[i].start, t[i].end, NULL, NULL, i};
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
    int tagged;                   /* does the analysis carry UPOS and lemmas? */
    size_t words, upos_ok, lemma_ok; /* gold words scored, and those right */
    size_t bytes;
} scores;

static int str_eq(str s, const char *c) { return c && strlen(c) == s.n && memcmp(c, s.p, s.n) == 0; }

/* Scores the analysis of the raw text against the gold. Returns 0, or -2 out of memory. */
static int score(gold *g, const dp_doc *doc, scores *sc) {
    const char *raw = g->raw.v;
    size_t rawlen = g->raw.n, np, ns;
    pred_tok *pt = pred_tokens(doc, &np);
    if (!pt) return -2;
    gold_tok *gt = g->toks.v;
    size_t ng = g->toks.n;
    DEDUP_LAST(gold_tok, gt, ng, cmp_gold);
    DEDUP_LAST(pred_tok, pt, np, cmp_pred);

    memset(sc, 0, sizeof *sc);
    sc->bytes = rawlen;
    sc->tagged = 0; /* set to 1 when dp_token carries upos and lemma */
    size_t tp = 0, j = 0;
    for (size_t i = 0; i < ng; i++) {
        while (j < np && (pt[j].start < gt[i].start || (pt[j].start == gt[i].start && pt[j].end < gt[i].end))) j++;
        const pred_tok *m = j < np && pt[j].start == gt[i].start && pt[j].end == gt[i].end ? &pt[j] : NULL;
        tp += m != NULL;
        if (gt[i].mwt) continue;
        sc->words++;
        if (!m) continue;
        sc->upos_ok += str_eq(gt[i].upos, m->upos);
        sc->lemma_ok += str_eq(gt[i].lemma, m->lemma ? m->lemma : "");
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

static void json_string(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
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
        fprintf(f, "%-10s n/a      (no tagger yet)\n", what);
}

static void print_text(FILE *f, const char *name, const scores *s) {
    fprintf(f, "%s: %zu sentences, %zu surface tokens, %zu bytes of raw text\n", name, s->sent.gold, s->tok.gold,
            s->bytes);
    print_prf(f, "tokens", &s->tok, "tokens");
    print_prf(f, "sentences", &s->sent, "sentences");
    print_acc(f, "upos", s, s->upos_ok);
    print_acc(f, "lemma", s, s->lemma_ok);
}

static int eval_ud(const char *path, int json) {
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
    dp_error e = {DP_OK, NULL, 0};
    if (dp_doc_analyze(doc, g.raw.v, g.raw.n, DP_OPT_TOKENS, &e)) {
        cli_error("%s: analysis failed: %s (%s) at byte %zu of the raw text", name,
                  e.message ? e.message : dp_strerror(e.code), dp_strerror(e.code), e.offset);
        goto done;
    }
    if (score(&g, doc, &sc)) {
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
    free(g.raw.v);
    free(g.toks.v);
    free(g.sents.v);
    free(data);
    return rc;
}

int cmd_eval(int argc, char **argv) {
    const char *what = NULL, *file = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(help, stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
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
        cli_error("eval: what to evaluate? (depeche eval ud FILE.conllu; see depeche eval --help)");
        return EXIT_USAGE;
    }
    if (strcmp(what, "ud") != 0) {
        cli_error("eval: unknown evaluation '%s' (known: ud; see depeche eval --help)", what);
        return EXIT_USAGE;
    }
    if (!file) {
        cli_error("eval ud: needs a CoNLL-U file (see depeche eval --help)");
        return EXIT_USAGE;
    }
    return eval_ud(file, json);
}
