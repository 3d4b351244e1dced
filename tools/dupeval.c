/*
 * dupeval.c — measures the near-duplicate detector (src/store/dedup.c) on real
 * news articles (docs/dedup.md). Every number comes from the library's own
 * dp_minhash_text_k / dp_minhash_similarity / dp_minhash_buckets.
 *
 *   dupeval --eval N [--seed S] [--k K] [--no-title] CORPUS.jsonl[.gz]
 *       The perturbed set: N originals drawn at random (seeded), each copied
 *       six ways as a wire is republished (new headline, trimmed end, added
 *       paragraph, typography, word edits, all of them at once) and paired with
 *       two different articles (one at random, one of the same day sharing the
 *       most words, its body not identical: OrangeSum holds exact copies). Prints precision, recall and F1 of "similarity >= t" over a
 *       sweep of t, the LSH candidate recall, the recall of the whole pipeline
 *       (candidate and >= t), the same with the exact Jaccard of the shingle
 *       sets, per-perturbation figures and other band layouts.
 *
 *   dupeval --groups [--k K] [--threshold T] [--list FILE] CORPUS.jsonl[.gz]
 *       The real duplicate groups of a corpus: signatures of every article
 *       body (timed: signatures/s on one core), LSH candidates, pairs kept at
 *       similarity >= T, union-find into groups; the size distribution, and
 *       every group (canonical first: earliest date, then id) into FILE;
 *       --pairs FILE: every candidate pair at similarity >= 0.3 (TSV: similarity,
 *       id, date, id, date, identical body, title, title).
 *
 * The corpus is JSON lines with "id", "date", "title" and "article"
 * (OrangeSum); a .gz file is read through `gzip -dc`.
 */
#define _POSIX_C_SOURCE 200809L
#include "core/buf.h"
#include "core/json.h"
#include "store/dedup.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- small helpers ----------------------------------------------------------- */

static void die(const char *msg) {
    fprintf(stderr, "dupeval: %s\n", msg);
    exit(2);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static char *xstrndup(const char *s, size_t n) {
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* A growable string. */
typedef struct str {
    char *s;
    size_t len, cap;
} str;

static void sput(str *b, const char *p, size_t n) {
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = 0;
}
static void sputs(str *b, const char *p) { sput(b, p, strlen(p)); }
static void sclear(str *b) {
    b->len = 0;
    if (b->s) b->s[0] = 0;
}

static uint64_t rng_state;
static uint64_t rnd(void) { /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static size_t rndn(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the corpus ---------------------------------------------------------------- */

typedef struct article {
    long long id;
    char date[11];
    char *title, *body;
    size_t tlen, blen;
} article;

static article *arts;
static size_t narts, capts;

static int on_member(void *ctx, const char *key, size_t klen, int kind, const char *val, size_t vlen) {
    article *a = ctx;
    if (klen == 2 && !memcmp(key, "id", 2) && kind == JSON_NUMBER) {
        char tmp[32];
        size_t n = vlen < sizeof tmp - 1 ? vlen : sizeof tmp - 1;
        memcpy(tmp, val, n);
        tmp[n] = 0;
        a->id = strtoll(tmp, NULL, 10);
    } else if (kind == JSON_STRING && klen == 4 && !memcmp(key, "date", 4)) {
        size_t n = vlen < 10 ? vlen : 10;
        memcpy(a->date, val, n);
        a->date[n] = 0;
    } else if (kind == JSON_STRING && klen == 5 && !memcmp(key, "title", 5)) {
        free(a->title);
        a->title = xstrndup(val, vlen);
        a->tlen = vlen;
    } else if (kind == JSON_STRING && klen == 7 && !memcmp(key, "article", 7)) {
        free(a->body);
        a->body = xstrndup(val, vlen);
        a->blen = vlen;
    }
    return 0;
}

static void load(const char *path) {
    size_t pl = strlen(path);
    int gz = pl > 3 && !strcmp(path + pl - 3, ".gz");
    FILE *f;
    if (gz) {
        if (strchr(path, '\'')) die("path with a quote");
        char *cmd = xmalloc(pl + 32);
        snprintf(cmd, pl + 32, "gzip -dc '%s'", path);
        f = popen(cmd, "r");
        free(cmd);
    } else {
        f = fopen(path, "rb");
    }
    if (!f) die("cannot open the corpus");
    dp_buf kb, vb;
    dp_buf_init(&kb, &dp_alloc_default);
    dp_buf_init(&vb, &dp_alloc_default);
    str line = {0};
    char chunk[1 << 16];
    size_t got;
    int bad = 0;
    for (;;) {
        got = fread(chunk, 1, sizeof chunk, f);
        size_t p = 0;
        while (p < got || (!got && line.len)) {
            const char *nl = got ? memchr(chunk + p, '\n', got - p) : NULL;
            if (got) {
                size_t n = nl ? (size_t)(nl - chunk) - p : got - p;
                sput(&line, chunk + p, n);
                p += n + (nl ? 1 : 0);
            }
            if (!nl && got) break;
            if (line.len) {
                if (narts == capts) {
                    capts = capts ? capts * 2 : 1024;
                    arts = xrealloc(arts, capts * sizeof *arts);
                }
                article *a = &arts[narts];
                memset(a, 0, sizeof *a);
                dp_error err;
                memset(&err, 0, sizeof err);
                if (dp_json_read_object(line.s, line.len, &kb, &vb, on_member, a, &err) == DP_OK) {
                    if (!a->title) a->title = xstrndup("", 0);
                    for (char *c = a->title; *c; c++) /* one line per title in the listings */
                        if (*c == '\n' || *c == '\r' || *c == '\t') *c = ' ';
                    if (!a->body) a->body = xstrndup("", 0);
                    narts++;
                } else {
                    free(a->title);
                    free(a->body);
                    bad++;
                }
            }
            sclear(&line);
            if (!got) break;
        }
        if (!got) break;
    }
    if (gz) pclose(f);
    else fclose(f);
    free(line.s);
    dp_buf_release(&kb);
    dp_buf_release(&vb);
    if (bad) fprintf(stderr, "dupeval: %d unreadable lines skipped\n", bad);
    fprintf(stderr, "dupeval: %zu articles\n", narts);
}

/* ---- shingle sets (exact Jaccard) ---------------------------------------------- */

#define MAX_SH (1u << 17)
static uint64_t shbuf[MAX_SH];

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct shset {
    uint64_t *v;
    size_t n;
} shset;

/* Signature of text, and its shingle set (sorted, unique) when set != NULL. */
static size_t sign(const char *t, size_t n, int k, dp_minhash *m, shset *set) {
    size_t ns = dp_minhash_text_k(t, n, k, m, set ? shbuf : NULL, MAX_SH);
    if (set) {
        size_t c = ns < MAX_SH ? ns : MAX_SH;
        qsort(shbuf, c, sizeof *shbuf, cmp_u64);
        size_t u = 0;
        for (size_t i = 0; i < c; i++)
            if (!u || shbuf[i] != shbuf[u - 1]) shbuf[u++] = shbuf[i];
        set->v = xmalloc(u * sizeof *set->v);
        memcpy(set->v, shbuf, u * sizeof *set->v);
        set->n = u;
    }
    return ns;
}

static double jaccard(const shset *a, const shset *b) {
    size_t i = 0, j = 0, inter = 0;
    while (i < a->n && j < b->n) {
        if (a->v[i] == b->v[j]) inter++, i++, j++;
        else if (a->v[i] < b->v[j]) i++;
        else j++;
    }
    size_t uni = a->n + b->n - inter;
    return uni ? (double)inter / (double)uni : 0.0;
}

static int share_bucket(const dp_minhash *a, const dp_minhash *b) {
    int64_t ka[DP_LSH_BANDS], kb[DP_LSH_BANDS];
    dp_minhash_buckets(a, ka);
    dp_minhash_buckets(b, kb);
    for (size_t i = 0; i < DP_LSH_BANDS; i++)
        if (ka[i] == kb[i]) return 1;
    return 0;
}

/* Other band layouts, straight on the signature: bands x rows <= DP_MINHASH_K. */
static int share_band(const dp_minhash *a, const dp_minhash *b, int bands, int rows) {
    for (int x = 0; x < bands; x++) {
        int same = 1;
        for (int r = 0; r < rows && same; r++) same = a->h[x * rows + r] == b->h[x * rows + r];
        if (same) return 1;
    }
    return 0;
}

/* ---- sentences and words of a body ------------------------------------------- */

typedef struct span {
    size_t a, b;
} span;

static int upper_at(const unsigned char *s, size_t i, size_t n) {
    if (i >= n) return 0;
    if (s[i] >= 'A' && s[i] <= 'Z') return 1;
    if (s[i] == '"') return 1;
    if (s[i] == 0xC3 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9E) return 1; /* À..Þ */
    if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xAB) return 1;                     /* « */
    return 0;
}

/* Sentence spans: a break after . ! ? (and a closing quote) when an upper-case
 * letter or an opening quote follows, glued or after spaces (OrangeSum lost its
 * paragraph breaks: "…des Pyrénées.Alors que…"). */
static size_t sentences(const char *t, size_t n, span **out) {
    const unsigned char *s = (const unsigned char *)t;
    size_t cap = 16, k = 0, start = 0;
    span *v = xmalloc(cap * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '.' && s[i] != '!' && s[i] != '?') continue;
        size_t j = i + 1;
        if (j < n && s[j] == '"') j++;
        else if (j + 1 < n && s[j] == 0xC2 && s[j + 1] == 0xBB) j += 2;
        size_t end = j;
        while (j < n && s[j] == ' ') j++;
        if (!upper_at(s, j, n)) continue;
        if (end - start > 1) {
            if (k == cap) v = xrealloc(v, (cap *= 2) * sizeof *v);
            v[k++] = (span){start, end};
        }
        start = j;
        i = j - 1;
    }
    if (n > start) {
        if (k == cap) v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[k++] = (span){start, n};
    }
    *out = v;
    return k;
}

static size_t words(const char *t, size_t n, span **out) {
    size_t cap = 64, k = 0, i = 0;
    span *v = xmalloc(cap * sizeof *v);
    while (i < n) {
        while (i < n && t[i] == ' ') i++;
        if (i >= n) break;
        size_t a = i;
        while (i < n && t[i] != ' ') i++;
        if (k == cap) v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[k++] = (span){a, i};
    }
    *out = v;
    return k;
}

/* ---- perturbations --------------------------------------------------------------- */

enum { P_HEADLINE, P_TRIM, P_ADD, P_TYPO, P_EDIT, P_COMBO, NPERT };
static const char *const pert_name[NPERT] = {"new headline", "trimmed end", "added paragraph",
                                             "typography", "word edits", "all combined"};

static size_t other_article(size_t self) {
    for (;;) {
        size_t j = rndn(narts);
        if (j != self && arts[j].blen > 200) return j;
    }
}

/* body without its last `drop` sentences */
static void trim_end(const char *t, size_t n, size_t drop, str *out) {
    span *sv;
    size_t ns = sentences(t, n, &sv);
    if (drop >= ns) drop = ns ? ns - 1 : 0;
    size_t keep = ns - drop;
    sput(out, t, keep ? sv[keep - 1].b : n);
    free(sv);
}

/* body with two consecutive sentences of another article inserted at a random sentence break */
static void add_paragraph(const char *t, size_t n, size_t donor, str *out) {
    span *sv, *dv;
    size_t ns = sentences(t, n, &sv);
    size_t nd = sentences(arts[donor].body, arts[donor].blen, &dv);
    size_t at = rndn(ns + 1); /* before sentence `at` (ns: at the end) */
    size_t d0 = rndn(nd > 1 ? nd - 1 : 1), d1 = nd > 1 ? d0 + 2 : nd;
    size_t pos = at < ns ? sv[at].a : n;
    sput(out, t, pos);
    if (pos && t[pos - 1] != ' ') sputs(out, " ");
    if (nd) sput(out, arts[donor].body + dv[d0].a, dv[d1 - 1].b - dv[d0].a);
    if (pos < n) sputs(out, " ");
    sput(out, t + pos, n - pos);
    free(sv);
    free(dv);
}

/* upper-cases ASCII and Latin-1 letters of s[a..b) in place */
static void upcase(char *s, size_t a, size_t b) {
    unsigned char *u = (unsigned char *)s;
    for (size_t i = a; i < b; i++) {
        if (u[i] >= 'a' && u[i] <= 'z') u[i] = (unsigned char)(u[i] - 32);
        else if (u[i] == 0xC3 && i + 1 < b && u[i + 1] >= 0xA0 && u[i + 1] <= 0xBE && u[i + 1] != 0xB7) {
            u[i + 1] = (unsigned char)(u[i + 1] - 0x20);
            i++;
        }
    }
}

/* Typographic rewrite as another desk would do it: ' <-> ’, "…" -> « … » with
 * NBSP, NBSP before : ; ! ?, "..." -> …, a space after glued sentence ends,
 * then one sentence in capitals. */
static void typography(const char *t, size_t n, str *out) {
    const unsigned char *s = (const unsigned char *)t;
    int open = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c == '\'') sputs(out, "\xE2\x80\x99");
        else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x99) sputs(out, "'"), i += 2;
        else if (c == '"') {
            sputs(out, open ? "\xC2\xAB\xC2\xA0" : "\xC2\xA0\xC2\xBB");
            open = !open;
        } else if ((c == ':' || c == ';' || c == '!' || c == '?') && i && s[i - 1] == ' ') {
            out->len--; /* the plain space becomes a no-break space */
            sputs(out, "\xC2\xA0");
            sput(out, t + i, 1);
        } else if (c == '.' && i + 2 < n && s[i + 1] == '.' && s[i + 2] == '.') {
            sputs(out, "\xE2\x80\xA6");
            i += 2;
        } else if (c == '.' && upper_at(s, i + 1, n)) {
            sputs(out, ". ");
        } else {
            sput(out, t + i, 1);
        }
    }
    span *sv;
    size_t ns = sentences(out->s, out->len, &sv);
    if (ns) {
        size_t x = rndn(ns);
        upcase(out->s, sv[x].a, sv[x].b);
    }
    free(sv);
}

/* `ne` word edits: substitution by a word of another article, deletion,
 * insertion, or a changed number. */
static void word_edits(const char *t, size_t n, size_t ne, size_t self, str *out) {
    span *wv;
    size_t nw = words(t, n, &wv);
    unsigned char *op = calloc(nw ? nw : 1, 1);
    size_t *donor = calloc(nw ? nw : 1, sizeof *donor);
    if (!op || !donor) die("out of memory");
    for (size_t e = 0; e < ne && nw; e++) {
        size_t w = rndn(nw);
        op[w] = (unsigned char)(1 + rndn(3)); /* 1 substitute, 2 delete, 3 insert after */
        if (t[wv[w].a] >= '0' && t[wv[w].a] <= '9') op[w] = 4;
        donor[w] = other_article(self);
    }
    for (size_t w = 0; w < nw; w++) {
        if (w) sputs(out, " ");
        span dw = {0, 0};
        const char *db = NULL;
        if (op[w] == 1 || op[w] == 3) {
            span *dv;
            db = arts[donor[w]].body;
            size_t nd = words(db, arts[donor[w]].blen, &dv);
            if (nd) dw = dv[rndn(nd)];
            free(dv);
        }
        switch (op[w]) {
        case 1: sput(out, db + dw.a, dw.b - dw.a); break;
        case 2: if (out->len) out->len--; break;
        case 3:
            sput(out, t + wv[w].a, wv[w].b - wv[w].a);
            sputs(out, " ");
            sput(out, db + dw.a, dw.b - dw.a);
            break;
        case 4: {
            char num[24];
            snprintf(num, sizeof num, "%zu", 2 + rndn(998));
            sputs(out, num);
            size_t i = wv[w].a;
            while (i < wv[w].b && t[i] >= '0' && t[i] <= '9') i++;
            sput(out, t + i, wv[w].b - i);
            break;
        }
        default: sput(out, t + wv[w].a, wv[w].b - wv[w].a);
        }
    }
    free(wv);
    free(op);
    free(donor);
}

static void perturb(size_t o, int kind, str *title, str *body) {
    const article *a = &arts[o];
    str tmp = {0}, tmp2 = {0};
    sclear(title);
    sclear(body);
    switch (kind) {
    case P_HEADLINE: {
        size_t d = other_article(o);
        sput(title, arts[d].title, arts[d].tlen);
        sput(body, a->body, a->blen);
        break;
    }
    case P_TRIM:
        sput(title, a->title, a->tlen);
        trim_end(a->body, a->blen, 1 + rndn(2), body);
        break;
    case P_ADD:
        sput(title, a->title, a->tlen);
        add_paragraph(a->body, a->blen, other_article(o), body);
        break;
    case P_TYPO: {
        sput(title, a->title, a->tlen);
        upcase(title->s, 0, title->len);
        typography(a->body, a->blen, body);
        break;
    }
    case P_EDIT:
        sput(title, a->title, a->tlen);
        word_edits(a->body, a->blen, 2 + rndn(5), o, body);
        break;
    default: { /* all combined */
        size_t d = other_article(o);
        sput(title, arts[d].title, arts[d].tlen);
        trim_end(a->body, a->blen, 1, &tmp);
        add_paragraph(tmp.s, tmp.len, other_article(o), &tmp2);
        sclear(&tmp);
        word_edits(tmp2.s, tmp2.len, 3, o, &tmp);
        typography(tmp.s, tmp.len, body);
        break;
    }
    }
    free(tmp.s);
    free(tmp2.s);
}

/* ---- the perturbed-set evaluation --------------------------------------------- */

typedef struct pair {
    int kind; /* 0..NPERT-1 positive, NPERT random negative, NPERT+1 same-day negative */
    size_t o, other;
    double est, exact;
    int cand;       /* shares an LSH bucket */
    int alt[4];     /* other band layouts */
    int version;    /* same-day negative sharing half of the shorter body verbatim (8-word runs) */
} pair;

/* |A ∩ B| / min(|A|, |B|) over the 8-word shingles of two bodies */
static double containment8(size_t a, size_t b) {
    dp_minhash m;
    shset sa, sb;
    sign(arts[a].body, arts[a].blen, 8, &m, &sa);
    sign(arts[b].body, arts[b].blen, 8, &m, &sb);
    double j = jaccard(&sa, &sb);
    size_t inter = (size_t)floor(j * (double)(sa.n + sb.n) / (1 + j) + 0.5);
    size_t mn = sa.n < sb.n ? sa.n : sb.n;
    free(sa.v);
    free(sb.v);
    return mn ? (double)inter / (double)mn : 0.0;
}

static const int alt_layout[4][2] = {{32, 2}, {21, 3}, {16, 4}, {8, 8}};

static void text_of(str *out, const char *title, size_t tl, const char *body, size_t bl, int with_title) {
    sclear(out);
    if (with_title) {
        sput(out, title, tl);
        sputs(out, "\n\n");
    }
    sput(out, body, bl);
}

static int cmp_date(const void *x, const void *y) {
    const size_t a = *(const size_t *)x, b = *(const size_t *)y;
    int c = strcmp(arts[a].date, arts[b].date);
    return c ? c : (arts[a].id > arts[b].id) - (arts[a].id < arts[b].id);
}

static void eval(size_t norig, int k, int with_title, int verbose) {
    /* word sets of every article (k = 1) for the same-day negatives */
    shset *wset = xmalloc(narts * sizeof *wset);
    dp_minhash m;
    for (size_t i = 0; i < narts; i++) sign(arts[i].body, arts[i].blen, 1, &m, &wset[i]);
    size_t *byday = xmalloc(narts * sizeof *byday);
    for (size_t i = 0; i < narts; i++) byday[i] = i;
    qsort(byday, narts, sizeof *byday, cmp_date);

    /* originals: bodies of >= 80 words and >= 4 sentences, in a seeded order */
    size_t *order = xmalloc(narts * sizeof *order);
    for (size_t i = 0; i < narts; i++) order[i] = i;
    for (size_t i = narts; i > 1; i--) {
        size_t j = rndn(i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    size_t cap = norig * (NPERT + 2), np = 0;
    pair *pv = xmalloc(cap * sizeof *pv);
    str title = {0}, body = {0}, txt = {0};
    size_t taken = 0;
    for (size_t r = 0; r < narts && taken < norig; r++) {
        size_t o = order[r];
        if (wset[o].n < 80) continue;
        span *sv;
        size_t ns = sentences(arts[o].body, arts[o].blen, &sv);
        free(sv);
        if (ns < 4) continue;
        taken++;
        dp_minhash mo, mc;
        shset so, sc;
        text_of(&txt, arts[o].title, arts[o].tlen, arts[o].body, arts[o].blen, with_title);
        sign(txt.s, txt.len, k, &mo, &so);
        for (int kind = 0; kind < NPERT + 2; kind++) {
            pair *p = &pv[np++];
            memset(p, 0, sizeof *p);
            p->kind = kind;
            p->o = o;
            if (kind < NPERT) {
                perturb(o, kind, &title, &body);
                text_of(&txt, title.s, title.len, body.s, body.len, with_title);
                if (verbose && taken <= 2) printf("--- %s of %lld:\n%s\n", pert_name[kind], arts[o].id, txt.s);
            } else {
                size_t other = 0;
                if (kind == NPERT) {
                    other = other_article(o);
                } else { /* the same-day article sharing the most words */
                    double best = -1;
                    size_t lo = 0, hi = narts;
                    while (lo < hi) { /* first index of the day */
                        size_t mid = (lo + hi) / 2;
                        if (strcmp(arts[byday[mid]].date, arts[o].date) < 0) lo = mid + 1;
                        else hi = mid;
                    }
                    for (size_t x = lo; x < narts && !strcmp(arts[byday[x]].date, arts[o].date); x++) {
                        size_t c = byday[x];
                        if (c == o || !wset[c].n) continue;
                        if (arts[c].blen == arts[o].blen && !memcmp(arts[c].body, arts[o].body, arts[o].blen))
                            continue; /* the same body: a copy already in the corpus, not a negative */
                        double j = jaccard(&wset[o], &wset[c]);
                        if (j > best) best = j, other = c;
                    }
                    if (best < 0) other = other_article(o);
                    else p->version = containment8(o, other) >= 0.5;
                }
                p->other = other;
                text_of(&txt, arts[other].title, arts[other].tlen, arts[other].body, arts[other].blen,
                        with_title);
            }
            sign(txt.s, txt.len, k, &mc, &sc);
            p->est = dp_minhash_similarity(&mo, &mc);
            p->exact = jaccard(&so, &sc);
            p->cand = share_bucket(&mo, &mc);
            for (int l = 0; l < 4; l++) p->alt[l] = share_band(&mo, &mc, alt_layout[l][0], alt_layout[l][1]);
            free(sc.v);
        }
        free(so.v);
    }
    free(title.s);
    free(body.s);
    free(txt.s);

    size_t npos = 0, nneg = 0;
    for (size_t i = 0; i < np; i++) *(pv[i].kind < NPERT ? &npos : &nneg) += 1;
    printf("perturbed set: %zu originals, k = %d words per shingle, %s; %zu positive pairs, %zu negative "
           "pairs (%zu random, %zu same day)\n\n",
           taken, k, with_title ? "title + body hashed" : "body hashed", npos, nneg, nneg / 2, nneg / 2);

    size_t nver = 0;
    for (size_t i = 0; i < np; i++) nver += (size_t)pv[i].version;
    printf("same-day negatives that are versions of one dispatch (half of the shorter body in common 8-word "
           "runs), left out of P: %zu\n\n", nver);
    printf("| t | P | R | F1 | pipeline R (LSH and >= t) | FP random | FP same day | versions >= t | exact-J P | "
           "exact-J R |\n");
    printf("|---|---|---|----|---|---|---|---|---|---|\n");
    for (int ti = 30; ti <= 95; ti += 5) {
        double t = ti / 100.0 - 1e-9;
        size_t tp = 0, fp = 0, tpl = 0, fpr = 0, fps = 0, etp = 0, efp = 0, fpv = 0;
        for (size_t i = 0; i < np; i++) {
            const pair *p = &pv[i];
            int pos = p->kind < NPERT;
            if (p->version) {
                if (p->est >= t) fpv++;
                continue;
            }
            if (p->est >= t) {
                if (pos) tp++, tpl += (size_t)p->cand;
                else fp++, *(p->kind == NPERT ? &fpr : &fps) += 1;
            }
            if (p->exact >= t) *(pos ? &etp : &efp) += 1;
        }
        double P = tp + fp ? (double)tp / (double)(tp + fp) : 1.0, R = (double)tp / (double)npos;
        double eP = etp + efp ? (double)etp / (double)(etp + efp) : 1.0, eR = (double)etp / (double)npos;
        printf("| %.2f | %.4f | %.4f | %.4f | %.4f | %zu | %zu | %zu | %.4f | %.4f |\n", ti / 100.0, P, R,
               P + R > 0 ? 2 * P * R / (P + R) : 0, (double)tpl / (double)npos, fpr, fps, fpv, eP, eR);
    }

    double t0 = dp_dedup_threshold() - 1e-9;
    printf("\nper pair kind (threshold %.2f):\n\n", dp_dedup_threshold());
    printf("| pairs | n | mean est. | mean exact J | min est. | LSH candidates | >= t | detected (LSH and >= t) |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (int kind = 0; kind < NPERT + 3; kind++) {
        size_t n = 0, cand = 0, above = 0, det = 0;
        double se = 0, sx = 0, mn = 1;
        for (size_t i = 0; i < np; i++) {
            const pair *p = &pv[i];
            if (kind == NPERT + 2 ? !p->version : p->kind != kind || p->version) continue;
            n++, se += p->est, sx += p->exact, cand += (size_t)p->cand;
            if (p->est < mn) mn = p->est;
            if (p->est >= t0) above++, det += (size_t)p->cand;
        }
        const char *name = kind < NPERT    ? pert_name[kind]
                           : kind == NPERT ? "neg: random"
                           : kind == NPERT + 1 ? "neg: same day, most shared words"
                                               : "(same day, versions of one dispatch: left out)";
        if (!n) continue;
        printf("| %s | %zu | %.3f | %.3f | %.3f | %.4f | %.4f | %.4f |\n", name, n, se / (double)n,
               sx / (double)n, mn, (double)cand / (double)n, (double)above / (double)n, (double)det / (double)n);
    }

    printf("\nband layouts (candidate rate; the library uses %dx%d):\n\n| bands x rows | positives | "
           "combined copies | same-day negatives | random negatives |\n|---|---|---|---|---|\n",
           DP_LSH_BANDS, DP_MINHASH_K / DP_LSH_BANDS);
    for (int l = 0; l < 4; l++) {
        size_t c[4] = {0}, n[4] = {0};
        for (size_t i = 0; i < np; i++) {
            const pair *p = &pv[i];
            if (p->version) continue;
            int g = p->kind < NPERT ? 0 : p->kind == NPERT ? 3 : 2;
            n[g]++, c[g] += (size_t)p->alt[l];
            if (p->kind == P_COMBO) n[1]++, c[1] += (size_t)p->alt[l];
        }
        printf("| %dx%d | %.4f | %.4f | %.4f | %.4f |\n", alt_layout[l][0], alt_layout[l][1],
               (double)c[0] / (double)n[0], (double)c[1] / (double)n[1], (double)c[2] / (double)n[2],
               (double)c[3] / (double)n[3]);
    }

    /* the estimator against the exact Jaccard */
    double se = 0, bias = 0;
    for (size_t i = 0; i < np; i++) {
        double d = pv[i].est - pv[i].exact;
        se += d * d, bias += d;
    }
    printf("\nMinHash estimate - exact Jaccard over all pairs: mean %+.4f, RMS %.4f\n", bias / (double)np,
           sqrt(se / (double)np));

    printf("\nnegatives at or above 0.30 (to eyeball):\n");
    for (size_t i = 0; i < np; i++) {
        const pair *p = &pv[i];
        if (p->kind >= NPERT && p->est >= 0.3 - 1e-9)
            printf("  %s %.3f (exact %.3f) %lld [%s] %s  <>  %lld [%s] %s\n", p->version ? "version " : "negative", p->est, p->exact, arts[p->o].id,
                   arts[p->o].date, arts[p->o].title, arts[p->other].id, arts[p->other].date,
                   arts[p->other].title);
    }
    printf("\npositives below the threshold (worst 10):\n");
    for (int pass = 0; pass < 10; pass++) {
        size_t w = np;
        for (size_t i = 0; i < np; i++)
            if (pv[i].kind < NPERT && pv[i].est < t0 && pv[i].kind >= 0 && (w == np || pv[i].est < pv[w].est)) w = i;
        if (w == np) break;
        printf("  %.3f (exact %.3f) %s of %lld (%zu words)\n", pv[w].est, pv[w].exact, pert_name[pv[w].kind],
               arts[pv[w].o].id, wset[pv[w].o].n);
        pv[w].kind = -1 - pv[w].kind; /* printed */
    }
    for (size_t i = 0; i < narts; i++) free(wset[i].v);
    free(wset);
    free(byday);
    free(order);
    free(pv);
}

/* ---- the real groups ------------------------------------------------------------ */

typedef struct entry {
    int64_t key;
    uint32_t art;
} entry;

static int cmp_entry(const void *x, const void *y) {
    const entry *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return (a->art > b->art) - (a->art < b->art);
}

static int cmp_pair64(const void *x, const void *y) {
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static size_t *uf;
static size_t find(size_t x) {
    while (uf[x] != x) x = uf[x] = uf[uf[x]];
    return x;
}

/* canonical order: earliest date, then smallest id */
static int before(size_t a, size_t b) {
    int c = strcmp(arts[a].date, arts[b].date);
    return c ? c < 0 : arts[a].id < arts[b].id;
}

static void groups(int k, double thr, const char *listpath, const char *pairpath) {
    dp_minhash *sig = xmalloc(narts * sizeof *sig);
    size_t *nsh = xmalloc(narts * sizeof *nsh);
    double bytes = 0, t0 = now();
    for (size_t i = 0; i < narts; i++) {
        nsh[i] = dp_minhash_text_k(arts[i].body, arts[i].blen, k, &sig[i], NULL, 0);
        bytes += (double)arts[i].blen;
    }
    double dt = now() - t0;
    printf("signatures: %zu bodies, %.1f MB in %.3f s CPU: %.0f signatures/s, %.1f MB/s (one core)\n", narts,
           bytes / 1e6, dt, (double)narts / dt, bytes / 1e6 / dt);

    size_t ne = 0, empty = 0;
    entry *ev = xmalloc(narts * DP_LSH_BANDS * sizeof *ev);
    for (size_t i = 0; i < narts; i++) {
        if (!nsh[i]) {
            empty++;
            continue;
        }
        int64_t keys[DP_LSH_BANDS];
        dp_minhash_buckets(&sig[i], keys);
        for (size_t b = 0; b < DP_LSH_BANDS; b++) ev[ne++] = (entry){keys[b], (uint32_t)i};
    }
    qsort(ev, ne, sizeof *ev, cmp_entry);
    size_t npairs = 0, cappairs = 1 << 16, biggest = 0;
    uint64_t *pairs = xmalloc(cappairs * sizeof *pairs);
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        while (j < ne && ev[j].key == ev[i].key) j++;
        if (j - i > biggest) biggest = j - i;
        for (size_t a = i; a < j; a++)
            for (size_t b = a + 1; b < j; b++) {
                if (npairs == cappairs) pairs = xrealloc(pairs, (cappairs *= 2) * sizeof *pairs);
                pairs[npairs++] = ((uint64_t)ev[a].art << 32) | ev[b].art;
            }
        i = j;
    }
    qsort(pairs, npairs, sizeof *pairs, cmp_pair64);
    size_t u = 0;
    for (size_t i = 0; i < npairs; i++)
        if (!u || pairs[i] != pairs[u - 1]) pairs[u++] = pairs[i];
    npairs = u;

    uf = xmalloc(narts * sizeof *uf);
    for (size_t i = 0; i < narts; i++) uf[i] = i;
    size_t kept = 0;
    double tt = thr - 1e-9;
    FILE *pf = pairpath ? fopen(pairpath, "w") : NULL;
    if (pairpath && !pf) die("cannot write the pair list");
    for (size_t i = 0; i < npairs; i++) {
        size_t a = (size_t)(pairs[i] >> 32), b = (size_t)(pairs[i] & 0xFFFFFFFFu);
        double sim = dp_minhash_similarity(&sig[a], &sig[b]);
        if (pf && sim >= 0.3)
            fprintf(pf, "%.3f\t%lld\t%s\t%lld\t%s\t%d\t%s\t%s\n", sim, arts[a].id, arts[a].date, arts[b].id,
                    arts[b].date, arts[a].blen == arts[b].blen && !memcmp(arts[a].body, arts[b].body, arts[a].blen),
                    arts[a].title, arts[b].title);
        if (sim >= tt) {
            kept++;
            size_t ra = find(a), rb = find(b);
            if (ra != rb) uf[before(ra, rb) ? rb : ra] = before(ra, rb) ? ra : rb;
        }
    }
    if (pf) fclose(pf);
    printf("LSH: %zu bodies without a shingle skipped, %zu candidate pairs (largest bucket %zu), %zu at "
           "similarity >= %.2f\n",
           empty, npairs, biggest, kept, thr);

    /* group sizes; the root of each set is its canonical article */
    size_t *size = calloc(narts, sizeof *size);
    if (!size) die("out of memory");
    for (size_t i = 0; i < narts; i++) size[find(i)]++;
    size_t ngroups = 0, inG = 0, hist[8] = {0}, sameday = 0, identical = 0;
    for (size_t i = 0; i < narts; i++)
        if (size[i] > 1) {
            ngroups++, inG += size[i];
            hist[size[i] < 7 ? size[i] : 7]++;
        }
    for (size_t i = 0; i < narts; i++) {
        size_t r = find(i);
        if (r == i || size[r] < 2) continue;
        sameday += !strcmp(arts[i].date, arts[r].date);
        identical += arts[i].blen == arts[r].blen && !memcmp(arts[i].body, arts[r].body, arts[i].blen);
    }
    printf("groups: %zu groups of %zu articles (%zu copies: %zu with a body identical to the canonical, %zu the "
           "same day as it)\n",
           ngroups, inG, inG - ngroups, identical, sameday);
    printf("sizes:");
    for (int s = 2; s < 8; s++) printf("  %s%d: %zu", s == 7 ? ">=" : "", s, hist[s]);
    printf("\n");

    if (listpath) {
        FILE *f = fopen(listpath, "w");
        if (!f) die("cannot write the list");
        for (size_t r = 0; r < narts; r++) {
            if (find(r) != r || size[r] < 2) continue;
            fprintf(f, "== group of %zu\n", size[r]);
            fprintf(f, "  canonical %lld [%s] %s (%zu chars)\n", arts[r].id, arts[r].date, arts[r].title, arts[r].blen);
            for (size_t i = 0; i < narts; i++)
                if (i != r && find(i) == r)
                    fprintf(f, "  copy %.3f %lld [%s] %s (%zu chars)%s\n", dp_minhash_similarity(&sig[r], &sig[i]),
                            arts[i].id, arts[i].date, arts[i].title, arts[i].blen,
                            arts[i].blen == arts[r].blen && !memcmp(arts[i].body, arts[r].body, arts[i].blen)
                                ? " identical body"
                                : "");
        }
        fclose(f);
    }
    free(size);
    free(uf);
    free(pairs);
    free(ev);
    free(sig);
    free(nsh);
}

int main(int argc, char **argv) {
    size_t norig = 0;
    int do_groups = 0, k = DP_SHINGLE_K, with_title = 1, verbose = 0;
    double thr = dp_dedup_threshold();
    const char *path = NULL, *list = NULL, *pairs = NULL;
    rng_state = 20200917;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--eval") && i + 1 < argc) norig = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(a, "--groups")) do_groups = 1;
        else if (!strcmp(a, "--seed") && i + 1 < argc) rng_state = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--k") && i + 1 < argc) k = atoi(argv[++i]);
        else if (!strcmp(a, "--threshold") && i + 1 < argc) thr = atof(argv[++i]);
        else if (!strcmp(a, "--list") && i + 1 < argc) list = argv[++i];
        else if (!strcmp(a, "--pairs") && i + 1 < argc) pairs = argv[++i];
        else if (!strcmp(a, "--no-title")) with_title = 0;
        else if (!strcmp(a, "--show")) verbose = 1;
        else if (a[0] == '-') die("usage: dupeval (--eval N [--seed S] [--no-title] | --groups [--threshold T] "
                                  "[--list FILE]) [--k K] CORPUS.jsonl[.gz]");
        else path = a;
    }
    if (!path || (!norig && !do_groups)) die("usage: dupeval (--eval N | --groups) [options] CORPUS.jsonl[.gz]");
    load(path);
    if (narts < 2) die("corpus too small");
    if (norig) eval(norig, k, with_title, verbose);
    if (do_groups) groups(k, thr, list, pairs);
    for (size_t i = 0; i < narts; i++) free(arts[i].title), free(arts[i].body);
    free(arts);
    return 0;
}
