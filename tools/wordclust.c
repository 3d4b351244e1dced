/*
 * wordclust.c — Brown word clusters from unlabeled news text, tokenized exactly
 * as depeche tokenizes it, for the tagger's cluster features (issue #3, item 1:
 * "word clusters or embeddings you compute yourself from unlabeled text").
 *
 * Input: NDJSON articles, one {"text": …} object per line (read with
 * dp_doc_read_json, tokenized by dp_doc_finish + dp_doc_tokens), or plain text
 * lines with --text. Output: Liang's `paths` format, one line per clustered
 * word, `bits<TAB>word<TAB>count`, where `bits` is the word's cluster as a path
 * from the root of the binary merge tree; prefixes of 4, 6, 10 and 20 bits are
 * the classic tagging features (Miller et al. 2004, Koo et al. 2008).
 *
 * The model is Brown et al. (1992): a class bigram model, classes chosen to keep
 * the average mutual information (AMI) of adjacent classes high. Exact Brown
 * clustering is O(V^3); Liang's (2005) window makes it O(V·C^2): the C most
 * frequent words start as singleton clusters, then each next word (in frequency
 * order) enters as cluster C+1 and the pair whose merge loses least AMI is merged.
 * When every word has entered, the C clusters are merged down to one; that last
 * tree over the C clusters gives the bit strings (a word carries its cluster's
 * path, as in Liang's wcluster output).
 *
 * One departure from Liang's program: the words outside the window (not entered
 * yet, or beyond the V most frequent: UNK) are not ignored but form one
 * permanent "outside" class O. All bigrams are then counted at every step, the
 * class marginals are the true unigram marginals, and the objective is the
 * exact AMI of the partition {window clusters, O}. It also keeps the signal
 * "precedes a rare word", which is what a first name or a title does.
 *
 * Losses are kept in counts (N times nats) with f(x) = x·ln x:
 *   N·AMI = Σ_cells f(n(c,d)) − Σ_c f(nl(c)) − Σ_d f(nr(d)) + f(N)
 * and the loss of merging c and d, with g(x,y) = f(x) + f(y) − f(x+y) ≤ 0,
 *   L(c,d) = Σ_{e∉{c,d}} [g(n(c,e), n(d,e)) + g(n(e,c), n(e,d))]
 *          + f(n_cc) + f(n_cd) + f(n_dc) + f(n_dd) − f(n_cc + n_cd + n_dc + n_dd)
 *          + f(nl_c + nl_d) − f(nl_c) − f(nl_d) + f(nr_c + nr_d) − f(nr_c) − f(nr_d).
 * A term with e only changes when column/row e changes, so after a merge of
 * a and b each other pair's loss is updated in O(1) (drop the e = a and e = b
 * terms, add the e = ab term) and the merged cluster's losses are computed
 * afresh in O(C) each; g(x, 0) = 0 makes the sums sparse for rare words.
 *
 * Deterministic: nothing is random (no seed); words are ordered by count then
 * bytes, ties between equal losses go to the lowest slot pair.
 * Memory: the corpus as one uint32 per token, a bigram hash table, then the
 * bigram lists; the window is five (C+2)^2 double matrices.
 */
#include "depeche.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_VOCAB 50000
#define DEFAULT_CLUSTERS 256
#define DEFAULT_MIN_COUNT 3
/* The window is five (C+2)^2 matrices of doubles; 4096 clusters would already
 * be 670 MB and days of run time (cost grows as C^2 per word). */
#define MAX_CLUSTERS 4096
/* Word ids and the UNK id are uint32; types are interned with uint32 ids too. */
#define MAX_TYPES (UINT32_MAX - 2u)
/* Marks a document boundary in the token stream: no bigram crosses it. */
#define SEP UINT32_MAX
/* Progress line on stderr every this many words entered into the window. */
#define PROGRESS_EVERY 2500

static int quiet;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("wordclust: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...) {
    if (quiet) return;
    va_list ap;
    va_start(ap, fmt);
    fputs("wordclust: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory (%zu bytes)", n);
    return p;
}

static void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) die("out of memory (%zu x %zu bytes)", n, size);
    return p;
}

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) die("out of memory (%zu bytes)", n);
    return q;
}

/* Geometric growth: a capacity >= need, doubling from cap, overflow checked. */
static size_t grow_cap(size_t cap, size_t need, size_t elem) {
    size_t c = cap ? cap : 64;
    while (c < need) {
        if (c > SIZE_MAX / 4 / elem) die("input too large");
        c *= 2;
    }
    return c;
}

static double now(void) {
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Peak resident memory in MiB from /proc (Linux); -1 elsewhere. */
static double peak_rss_mib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    double mib = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            mib = strtod(line + 6, NULL) / 1024.0;
            break;
        }
    }
    fclose(f);
    return mib;
}

/* ---- interning: surface form -> type id, with counts --------------------- */

typedef struct vocab {
    char *pool;           /* all type strings, back to back (not NUL-terminated) */
    size_t npool, cappool;
    size_t *off;          /* per type: offset in pool */
    uint32_t *len;        /* per type: byte length */
    uint64_t *hash;       /* per type: hash, for cheap rehash and compare */
    uint64_t *count;      /* per type: occurrences */
    uint32_t n, cap;      /* types, capacity of the per-type arrays */
    uint32_t *table;      /* open addressing, type id + 1, 0 = empty */
    size_t mask;          /* table size - 1, a power of two */
} vocab;

/* A multiply-xorshift hash over 8-byte words (tokens are short). */
static uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 0x9e3779b97f4a7c15u ^ ((uint64_t)n * 0xff51afd7ed558ccdu);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9u;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * 0x94d049bb133111ebu;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 32;
    return h;
}

static void vocab_init(vocab *v) {
    memset(v, 0, sizeof *v);
    v->mask = (1u << 16) - 1;
    v->table = xcalloc(v->mask + 1, sizeof *v->table);
}

static void vocab_free(vocab *v) {
    free(v->pool);
    free(v->off);
    free(v->len);
    free(v->hash);
    free(v->count);
    free(v->table);
}

static void vocab_rehash(vocab *v) {
    size_t size = (v->mask + 1) * 2;
    free(v->table);
    v->table = xcalloc(size, sizeof *v->table);
    v->mask = size - 1;
    for (uint32_t id = 0; id < v->n; id++) {
        size_t i = (size_t)v->hash[id] & v->mask;
        while (v->table[i]) i = (i + 1) & v->mask;
        v->table[i] = id + 1;
    }
}

/* The type id of s[0..n), added with count 0 if new. Amortised: the pool and
 * the arrays grow geometrically, so a token costs no allocation. */
static uint32_t vocab_intern(vocab *v, const char *s, size_t n) {
    uint64_t h = hash_bytes(s, n);
    size_t i = (size_t)h & v->mask;
    for (;;) {
        uint32_t e = v->table[i];
        if (!e) break;
        e--;
        if (v->hash[e] == h && v->len[e] == n && memcmp(v->pool + v->off[e], s, n) == 0) return e;
        i = (i + 1) & v->mask;
    }
    if (v->n >= MAX_TYPES || n > UINT32_MAX) die("too many distinct words");
    if (v->n == v->cap) {
        v->cap = (uint32_t)grow_cap(v->cap, (size_t)v->n + 1, sizeof(uint64_t));
        v->off = xrealloc(v->off, v->cap * sizeof *v->off);
        v->len = xrealloc(v->len, v->cap * sizeof *v->len);
        v->hash = xrealloc(v->hash, v->cap * sizeof *v->hash);
        v->count = xrealloc(v->count, v->cap * sizeof *v->count);
    }
    if (v->npool + n > v->cappool) {
        v->cappool = grow_cap(v->cappool, v->npool + n, 1);
        v->pool = xrealloc(v->pool, v->cappool);
    }
    uint32_t id = v->n++;
    memcpy(v->pool + v->npool, s, n);
    v->off[id] = v->npool;
    v->len[id] = (uint32_t)n;
    v->hash[id] = h;
    v->count[id] = 0;
    v->npool += n;
    v->table[i] = id + 1;
    if ((size_t)v->n * 2 > v->mask + 1) vocab_rehash(v);
    return id;
}

/* ---- reading and tokenizing ----------------------------------------------- */

typedef struct corpus {
    vocab voc;
    uint32_t *ids;        /* the token stream as type ids, SEP between documents */
    size_t n, cap;
    uint64_t ntokens, ndocs, nbad;
} corpus;

/* Reads lines through a fixed chunk buffer; a line is copied into `line`,
 * which only grows (NUL bytes are kept: the library repairs them). */
#define CHUNK (1u << 20)

typedef struct line_reader {
    FILE *f;
    char *chunk;
    size_t pos, fill;
    int eof;
    char *line;
    size_t cap, len;
} line_reader;

static void line_append(line_reader *r, const char *p, size_t n) {
    if (r->len + n + 1 > r->cap) {
        r->cap = grow_cap(r->cap, r->len + n + 1, 1);
        r->line = xrealloc(r->line, r->cap);
    }
    memcpy(r->line + r->len, p, n);
    r->len += n;
    r->line[r->len] = 0;
}

/* Reads one line (without its '\n') into r->line; 0 at end of input. */
static int read_line(line_reader *r) {
    r->len = 0;
    int any = 0;
    for (;;) {
        if (r->pos == r->fill) {
            if (r->eof) return any;
            r->fill = fread(r->chunk, 1, CHUNK, r->f);
            r->pos = 0;
            if (r->fill < CHUNK) r->eof = 1;
            if (!r->fill) return any;
        }
        any = 1;
        const char *p = r->chunk + r->pos;
        const char *nl = memchr(p, '\n', r->fill - r->pos);
        if (nl) {
            line_append(r, p, (size_t)(nl - p));
            r->pos += (size_t)(nl - p) + 1;
            return 1;
        }
        line_append(r, p, r->fill - r->pos);
        r->pos = r->fill;
    }
}

/* Lowercases the Latin letters of valid UTF-8 (ASCII, Latin-1, Latin
 * Extended-A: À→à, É→é, Œ→œ, Ÿ→ÿ); every mapping keeps the byte length.
 * Other scripts are copied as they are (rare in French news). */
static void lower_latin(const unsigned char *s, size_t n, unsigned char *out) {
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            out[i++] = (unsigned char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            continue;
        }
        if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && i + 1 < n) {
            unsigned cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu), lc = cp;
            if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
                lc = cp + 0x20;
            else if ((cp >= 0x100 && cp <= 0x12F) || (cp >= 0x132 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
                lc = cp | 1u;
            else if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && (cp & 1u))
                lc = cp + 1;
            else if (cp == 0x178)
                lc = 0xFF;
            out[i] = (unsigned char)(0xC0 | (lc >> 6));
            out[i + 1] = (unsigned char)(0x80 | (lc & 0x3F));
            i += 2;
            continue;
        }
        out[i++] = (unsigned char)c;
    }
}

static void push_id(corpus *cp, uint32_t id) {
    if (cp->n == cp->cap) {
        cp->cap = grow_cap(cp->cap, cp->n + 1, sizeof *cp->ids);
        cp->ids = xrealloc(cp->ids, cp->cap * sizeof *cp->ids);
    }
    cp->ids[cp->n++] = id;
}

typedef struct options {
    size_t vocab, clusters;
    uint64_t min_count;
    int lower, text, check;
    const char *out;
} options;

/* Tokenizes every article of one input into the corpus. */
static void read_input(corpus *cp, dp_doc *doc, FILE *f, const char *name, const options *o, double t0) {
    line_reader r = {f, xmalloc(CHUNK), 0, 0, 0, NULL, 0, 0};
    unsigned char *low = NULL;
    size_t lowcap = 0;
    long lineno = 0;
    while (read_line(&r)) {
        lineno++;
        size_t k = 0;
        while (r.len && r.line[r.len - 1] == '\r') r.line[--r.len] = 0;
        while (k < r.len && (r.line[k] == ' ' || r.line[k] == '\t')) k++;
        if (k == r.len) continue;
        dp_error e = {DP_OK, NULL, 0};
        dp_status st;
        if (o->text) {
            st = dp_doc_analyze(doc, r.line, r.len, 0, &e);
        } else {
            dp_doc_reset(doc);
            st = dp_doc_read_json(doc, r.line, r.len, &e);
            if (st == DP_OK) st = dp_doc_finish(doc, 0, &e);
        }
        if (st != DP_OK) {
            if (cp->nbad++ < 5)
                fprintf(stderr, "wordclust: %s:%ld: skipped: %s at byte %zu\n", name, lineno,
                        e.message ? e.message : dp_strerror(st), e.offset);
            continue;
        }
        size_t nt = 0;
        const dp_token *tok = dp_doc_tokens(doc, &nt);
        const char *text = dp_doc_text(doc, NULL);
        for (size_t i = 0; i < nt; i++) {
            const char *s = text + tok[i].nstart;
            size_t n = tok[i].nend - tok[i].nstart;
            if (o->lower) {
                if (n > lowcap) {
                    lowcap = grow_cap(lowcap, n, 1);
                    low = xrealloc(low, lowcap);
                }
                lower_latin((const unsigned char *)s, n, low);
                s = (const char *)low;
            }
            uint32_t id = vocab_intern(&cp->voc, s, n);
            cp->voc.count[id]++;
            push_id(cp, id);
        }
        cp->ntokens += nt;
        push_id(cp, SEP);
        if (++cp->ndocs % 5000 == 0)
            note("read %llu articles, %llu tokens, %u types, %.1f s", (unsigned long long)cp->ndocs,
                 (unsigned long long)cp->ntokens, cp->voc.n, now() - t0);
    }
    if (ferror(f)) die("%s: read error: %s", name, strerror(errno));
    free(r.line);
    free(r.chunk);
    free(low);
}

/* ---- vocabulary: the V most frequent types -------------------------------- */

static const vocab *sort_voc; /* qsort has no context argument */

static int by_count_then_bytes(const void *pa, const void *pb) {
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const vocab *v = sort_voc;
    if (v->count[a] != v->count[b]) return v->count[a] > v->count[b] ? -1 : 1;
    uint32_t la = v->len[a], lb = v->len[b];
    int c = memcmp(v->pool + v->off[a], v->pool + v->off[b], la < lb ? la : lb);
    if (c) return c;
    return la < lb ? -1 : la > lb;
}

/* ---- bigram counts -------------------------------------------------------- */

/* Open-addressing table of (left word, right word) -> count. */
typedef struct bigram_table {
    uint64_t *key;   /* left << 32 | right; EMPTY_KEY when free */
    uint64_t *cnt;
    size_t mask, n;
    int bits;
} bigram_table;

#define EMPTY_KEY UINT64_MAX

static size_t bigram_slot(const bigram_table *t, uint64_t key) {
    return (size_t)((key * 0x9e3779b97f4a7c15u) >> (64 - t->bits));
}

static void bigram_init(bigram_table *t, int bits) {
    t->bits = bits;
    t->mask = ((size_t)1 << bits) - 1;
    t->n = 0;
    t->key = xmalloc((t->mask + 1) * sizeof *t->key);
    t->cnt = xcalloc(t->mask + 1, sizeof *t->cnt);
    for (size_t i = 0; i <= t->mask; i++) t->key[i] = EMPTY_KEY;
}

static void bigram_add(bigram_table *t, uint64_t key, uint64_t c);

static void bigram_grow(bigram_table *t) {
    bigram_table old = *t;
    bigram_init(t, old.bits + 1);
    for (size_t i = 0; i <= old.mask; i++)
        if (old.key[i] != EMPTY_KEY) bigram_add(t, old.key[i], old.cnt[i]);
    free(old.key);
    free(old.cnt);
}

static void bigram_add(bigram_table *t, uint64_t key, uint64_t c) {
    size_t i = bigram_slot(t, key);
    while (t->key[i] != EMPTY_KEY && t->key[i] != key) i = (i + 1) & t->mask;
    if (t->key[i] == EMPTY_KEY) {
        t->key[i] = key;
        t->n++;
    }
    t->cnt[i] += c;
    if (t->n * 10 > (t->mask + 1) * 7) bigram_grow(t); /* load factor 0.7 */
}

/* For each word, its right neighbours (word, count) and its left neighbours,
 * as compressed rows. Index nw is UNK. */
typedef struct adjacency {
    size_t *rstart, *lstart;  /* nw + 2 entries */
    uint32_t *rnb, *lnb;
    double *rcnt, *lcnt;
    double *nl, *nr;          /* per word: bigrams with it on the left / on the right */
    double total;             /* N, bigrams counted */
} adjacency;

static void build_adjacency(adjacency *a, const bigram_table *t, size_t nw) {
    size_t rows = nw + 1;
    a->rstart = xcalloc(rows + 1, sizeof *a->rstart);
    a->lstart = xcalloc(rows + 1, sizeof *a->lstart);
    a->nl = xcalloc(rows, sizeof *a->nl);
    a->nr = xcalloc(rows, sizeof *a->nr);
    a->total = 0;
    for (size_t i = 0; i <= t->mask; i++) {
        if (t->key[i] == EMPTY_KEY) continue;
        uint32_t l = (uint32_t)(t->key[i] >> 32), r = (uint32_t)t->key[i];
        a->rstart[l + 1]++;
        a->lstart[r + 1]++;
    }
    for (size_t w = 0; w < rows; w++) {
        a->rstart[w + 1] += a->rstart[w];
        a->lstart[w + 1] += a->lstart[w];
    }
    size_t ne = a->rstart[rows];
    a->rnb = xmalloc(ne * sizeof *a->rnb);
    a->lnb = xmalloc(ne * sizeof *a->lnb);
    a->rcnt = xmalloc(ne * sizeof *a->rcnt);
    a->lcnt = xmalloc(ne * sizeof *a->lcnt);
    size_t *rfill = xmalloc(rows * sizeof *rfill), *lfill = xmalloc(rows * sizeof *lfill);
    memcpy(rfill, a->rstart, rows * sizeof *rfill);
    memcpy(lfill, a->lstart, rows * sizeof *lfill);
    for (size_t i = 0; i <= t->mask; i++) {
        if (t->key[i] == EMPTY_KEY) continue;
        uint32_t l = (uint32_t)(t->key[i] >> 32), r = (uint32_t)t->key[i];
        double c = (double)t->cnt[i];
        a->rnb[rfill[l]] = r;
        a->rcnt[rfill[l]++] = c;
        a->lnb[lfill[r]] = l;
        a->lcnt[lfill[r]++] = c;
        a->nl[l] += c;
        a->nr[r] += c;
        a->total += c;
    }
    free(rfill);
    free(lfill);
}

static void adjacency_free(adjacency *a) {
    free(a->rstart);
    free(a->lstart);
    free(a->rnb);
    free(a->lnb);
    free(a->rcnt);
    free(a->lcnt);
    free(a->nl);
    free(a->nr);
}

/* ---- the window ------------------------------------------------------------ */

static inline double xlogx(double x) { return x > 0 ? x * log(x) : 0.0; }

/* g(x, y) = f(x) + f(y) - f(x + y), zero when either count is zero. */
static inline double gain(double x, double y, double fx, double fy) {
    return (x > 0 && y > 0) ? fx + fy - xlogx(x + y) : 0.0;
}

typedef struct window {
    int K;            /* slots: C + 1 cluster slots and the outside slot O = K - 1 */
    int O;
    double *n, *nt;   /* K*K bigram counts n[s*K+t] = count(s then t); nt its transpose */
    double *fn, *fnt; /* f() of each */
    double *nl, *nr, *fl, *fr; /* class marginals (left, right) and their f() */
    double *L;        /* K*K merge losses, entry [c*K+d] for c < d */
    unsigned char *active, *touched;
    uint32_t *size;   /* words per slot */
    uint32_t *head, *tail; /* member list per slot (word ids), linked by next[] */
    uint32_t *next, *slot_of; /* per word */
    double *v[8];     /* scratch vectors of K */
    int nactive;
} window;

#define NIL UINT32_MAX

static void window_init(window *w, int C, size_t nw, const adjacency *a) {
    int K = C + 2;
    size_t kk = (size_t)K * (size_t)K;
    w->K = K;
    w->O = K - 1;
    w->n = xcalloc(kk, sizeof(double));
    w->nt = xcalloc(kk, sizeof(double));
    w->fn = xcalloc(kk, sizeof(double));
    w->fnt = xcalloc(kk, sizeof(double));
    w->L = xcalloc(kk, sizeof(double));
    w->nl = xcalloc((size_t)K, sizeof(double));
    w->nr = xcalloc((size_t)K, sizeof(double));
    w->fl = xcalloc((size_t)K, sizeof(double));
    w->fr = xcalloc((size_t)K, sizeof(double));
    w->active = xcalloc((size_t)K, 1);
    w->touched = xcalloc((size_t)K, 1);
    w->size = xcalloc((size_t)K, sizeof(uint32_t));
    w->head = xmalloc((size_t)K * sizeof(uint32_t));
    w->tail = xmalloc((size_t)K * sizeof(uint32_t));
    for (int s = 0; s < K; s++) w->head[s] = w->tail[s] = NIL;
    w->next = xmalloc(nw * sizeof(uint32_t));
    w->slot_of = xmalloc((nw + 1) * sizeof(uint32_t));
    for (size_t i = 0; i <= nw; i++) w->slot_of[i] = (uint32_t)w->O;
    for (int i = 0; i < 8; i++) w->v[i] = xcalloc((size_t)K, sizeof(double));
    w->nactive = 0;
    /* Everything starts outside: O holds all bigrams. */
    int O = w->O;
    w->n[(size_t)O * K + O] = w->nt[(size_t)O * K + O] = a->total;
    w->fn[(size_t)O * K + O] = w->fnt[(size_t)O * K + O] = xlogx(a->total);
    w->nl[O] = w->nr[O] = a->total;
    w->fl[O] = w->fr[O] = xlogx(a->total);
}

static void window_free(window *w) {
    free(w->n);
    free(w->nt);
    free(w->fn);
    free(w->fnt);
    free(w->L);
    free(w->nl);
    free(w->nr);
    free(w->fl);
    free(w->fr);
    free(w->active);
    free(w->touched);
    free(w->size);
    free(w->head);
    free(w->tail);
    free(w->next);
    free(w->slot_of);
    for (int i = 0; i < 8; i++) free(w->v[i]);
}

/* Sets n[s][t] (and the transpose and f() caches). */
static inline void set_cell(window *w, int s, int t, double x) {
    size_t K = (size_t)w->K;
    double fx = xlogx(x);
    w->n[s * K + t] = x;
    w->nt[t * K + s] = x;
    w->fn[s * K + t] = fx;
    w->fnt[t * K + s] = fx;
}

/* The e-terms of L(c,d): g(n(c,e), n(d,e)) + g(n(e,c), n(e,d)). */
static inline double term(const window *w, int e, int c, int d) {
    size_t K = (size_t)w->K;
    const double *col = w->nt + e * K, *fcol = w->fnt + e * K; /* col[c] = n(c,e) */
    const double *row = w->n + e * K, *frow = w->fn + e * K;   /* row[c] = n(e,c) */
    return gain(col[c], col[d], fcol[c], fcol[d]) + gain(row[c], row[d], frow[c], frow[d]);
}

/* L(c,d) from scratch, O(K). */
static double fresh_loss(const window *w, int c, int d) {
    size_t K = (size_t)w->K;
    const double *rc = w->n + c * K, *rd = w->n + d * K, *frc = w->fn + c * K, *frd = w->fn + d * K;
    const double *cc = w->nt + c * K, *cd = w->nt + d * K, *fcc = w->fnt + c * K, *fcd = w->fnt + d * K;
    double s = 0;
    for (size_t e = 0; e < K; e++) {
        if ((int)e == c || (int)e == d) continue;
        s += gain(rc[e], rd[e], frc[e], frd[e]) + gain(cc[e], cd[e], fcc[e], fcd[e]);
    }
    s += frc[c] + frc[d] + frd[c] + frd[d] - xlogx(rc[c] + rc[d] + rd[c] + rd[d]);
    s += xlogx(w->nl[c] + w->nl[d]) - w->fl[c] - w->fl[d];
    s += xlogx(w->nr[c] + w->nr[d]) - w->fr[c] - w->fr[d];
    return s;
}

static inline double *loss_at(window *w, int c, int d) {
    return c < d ? &w->L[(size_t)c * w->K + d] : &w->L[(size_t)d * w->K + c];
}

/* Adds word `wd` as a singleton cluster in the free slot s. */
static void enter_word(window *w, const adjacency *a, uint32_t wd, int s) {
    int K = w->K, O = w->O;
    double *addR = w->v[0], *addL = w->v[1];
    memset(addR, 0, (size_t)K * sizeof(double));
    memset(addL, 0, (size_t)K * sizeof(double));
    memset(w->touched, 0, (size_t)K);
    double self = 0;
    for (size_t i = a->rstart[wd]; i < a->rstart[wd + 1]; i++) {
        uint32_t u = a->rnb[i];
        if (u == wd) {
            self += a->rcnt[i];
            continue;
        }
        uint32_t t = w->slot_of[u];
        addR[t] += a->rcnt[i];
        if ((int)t != O) w->touched[t] = 1;
    }
    for (size_t i = a->lstart[wd]; i < a->lstart[wd + 1]; i++) {
        uint32_t u = a->lnb[i];
        if (u == wd) continue;
        uint32_t t = w->slot_of[u];
        addL[t] += a->lcnt[i];
        if ((int)t != O) w->touched[t] = 1;
    }
    /* Pairs with a touched member see their O-terms change and gain an s-term;
     * the others are unchanged (their n(.,s) are zero, so is g). */
    for (int c = 0; c < K - 1; c++) {
        if (!w->active[c]) continue;
        for (int d = c + 1; d < K - 1; d++) {
            if (!w->active[d] || !(w->touched[c] | w->touched[d])) continue;
            w->L[(size_t)c * K + d] -= term(w, O, c, d);
        }
    }
    size_t KK = (size_t)K;
    for (int t = 0; t < K; t++) {
        if (addR[t] > 0) {
            set_cell(w, s, t, w->n[s * KK + t] + addR[t]);
            set_cell(w, O, t, w->n[O * KK + t] - addR[t]);
        }
        if (addL[t] > 0) {
            set_cell(w, t, s, w->n[t * KK + s] + addL[t]);
            set_cell(w, t, O, w->n[t * KK + O] - addL[t]);
        }
    }
    if (self > 0) {
        set_cell(w, s, s, w->n[s * KK + s] + self);
        set_cell(w, O, O, w->n[O * KK + O] - self);
    }
    w->nl[s] = a->nl[wd];
    w->nr[s] = a->nr[wd];
    w->fl[s] = xlogx(w->nl[s]);
    w->fr[s] = xlogx(w->nr[s]);
    w->nl[O] -= a->nl[wd];
    w->nr[O] -= a->nr[wd];
    w->fl[O] = xlogx(w->nl[O]);
    w->fr[O] = xlogx(w->nr[O]);
    for (int c = 0; c < K - 1; c++) {
        if (!w->active[c]) continue;
        for (int d = c + 1; d < K - 1; d++) {
            if (!w->active[d] || !(w->touched[c] | w->touched[d])) continue;
            w->L[(size_t)c * K + d] += term(w, O, c, d) + term(w, s, c, d);
        }
    }
    w->active[s] = 1;
    w->nactive++;
    w->size[s] = 1;
    w->head[s] = w->tail[s] = wd;
    w->next[wd] = NIL;
    w->slot_of[wd] = (uint32_t)s;
    for (int d = 0; d < K - 1; d++)
        if (d != s && w->active[d]) *loss_at(w, s, d) = fresh_loss(w, s, d);
}

/* The active pair of least loss (ties: lowest c, then lowest d). */
static void best_pair(const window *w, int *pc, int *pd) {
    int K = w->K;
    double best = INFINITY;
    *pc = *pd = -1;
    for (int c = 0; c < K - 1; c++) {
        if (!w->active[c]) continue;
        const double *Lc = w->L + (size_t)c * K;
        for (int d = c + 1; d < K - 1; d++)
            if (w->active[d] && Lc[d] < best) {
                best = Lc[d];
                *pc = c;
                *pd = d;
            }
    }
}

/* Merges clusters in slots c and d; returns the slot that holds the union
 * (the larger cluster's, so relabelling words costs O(V log V) in all). */
static int merge(window *w, int c, int d) {
    int K = w->K;
    size_t KK = (size_t)K;
    int keep = c, gone = d;
    if (w->size[d] > w->size[c]) {
        keep = d;
        gone = c;
    }
    /* Other pairs: drop the e = keep and e = gone terms, add the e = union term. */
    double *Xa = w->nt + keep * KK, *Xb = w->nt + gone * KK, *Ya = w->n + keep * KK, *Yb = w->n + gone * KK;
    double *fXa = w->fnt + keep * KK, *fXb = w->fnt + gone * KK, *fYa = w->fn + keep * KK,
           *fYb = w->fn + gone * KK;
    double *X = w->v[2], *fX = w->v[3], *Y = w->v[4], *fY = w->v[5];
    for (int e = 0; e < K; e++) {
        X[e] = Xa[e] + Xb[e];
        fX[e] = xlogx(X[e]);
        Y[e] = Ya[e] + Yb[e];
        fY[e] = xlogx(Y[e]);
    }
    for (int p = 0; p < K - 1; p++) {
        if (!w->active[p] || p == keep || p == gone) continue;
        double *Lp = w->L + (size_t)p * KK;
        for (int q = p + 1; q < K - 1; q++) {
            if (!w->active[q] || q == keep || q == gone) continue;
            double dl = gain(X[p], X[q], fX[p], fX[q]) + gain(Y[p], Y[q], fY[p], fY[q])
                        - gain(Xa[p], Xa[q], fXa[p], fXa[q]) - gain(Ya[p], Ya[q], fYa[p], fYa[q])
                        - gain(Xb[p], Xb[q], fXb[p], fXb[q]) - gain(Yb[p], Yb[q], fYb[p], fYb[q]);
            Lp[q] += dl;
        }
    }
    /* Counts: row keep += row gone, then column keep += column gone. */
    for (int t = 0; t < K; t++) {
        double x = w->n[keep * KK + t] + w->n[gone * KK + t];
        w->n[keep * KK + t] = x;
    }
    for (int t = 0; t < K; t++) {
        if (t == gone) continue;
        w->n[t * KK + keep] += w->n[t * KK + gone];
    }
    for (int t = 0; t < K; t++) {
        w->n[gone * KK + t] = 0;
        w->n[t * KK + gone] = 0;
    }
    for (int t = 0; t < K; t++) {
        set_cell(w, keep, t, w->n[keep * KK + t]);
        set_cell(w, t, keep, w->n[t * KK + keep]);
        set_cell(w, gone, t, 0);
        set_cell(w, t, gone, 0);
    }
    w->nl[keep] += w->nl[gone];
    w->nr[keep] += w->nr[gone];
    w->fl[keep] = xlogx(w->nl[keep]);
    w->fr[keep] = xlogx(w->nr[keep]);
    w->nl[gone] = w->nr[gone] = w->fl[gone] = w->fr[gone] = 0;
    for (uint32_t x = w->head[gone]; x != NIL; x = w->next[x]) w->slot_of[x] = (uint32_t)keep;
    w->next[w->tail[keep]] = w->head[gone];
    w->tail[keep] = w->tail[gone];
    w->size[keep] += w->size[gone];
    w->head[gone] = w->tail[gone] = NIL;
    w->size[gone] = 0;
    w->active[gone] = 0;
    w->nactive--;
    for (int e = 0; e < K - 1; e++)
        if (e != keep && w->active[e]) *loss_at(w, keep, e) = fresh_loss(w, keep, e);
    return keep;
}

/* N·AMI of the current partition, in bits per bigram. */
static double ami_bits(const window *w, double total) {
    size_t kk = (size_t)w->K * (size_t)w->K;
    double s = xlogx(total);
    for (size_t i = 0; i < kk; i++) s += w->fn[i];
    for (int c = 0; c < w->K; c++) s -= w->fl[c] + w->fr[c];
    return s / total / log(2.0);
}

/* Debug check: the incremental losses against a recomputation. */
static double check_losses(const window *w) {
    double worst = 0;
    for (int c = 0; c < w->K - 1; c++) {
        if (!w->active[c]) continue;
        for (int d = c + 1; d < w->K - 1; d++) {
            if (!w->active[d]) continue;
            double f = fresh_loss(w, c, d), l = w->L[(size_t)c * w->K + d];
            double rel = fabs(f - l) / (fabs(f) > 1 ? fabs(f) : 1);
            if (rel > worst) worst = rel;
        }
    }
    return worst;
}

/* ---- output ---------------------------------------------------------------- */

typedef struct out_word {
    uint32_t word;   /* word id (rank) */
    uint32_t cls;    /* final cluster (slot) */
} out_word;

static char **sort_paths;

static int by_path_then_rank(const void *pa, const void *pb) {
    const out_word *a = pa, *b = pb;
    int c = strcmp(sort_paths[a->cls], sort_paths[b->cls]);
    if (c) return c;
    return a->word < b->word ? -1 : a->word > b->word; /* rank = count order */
}

/* ---- main ------------------------------------------------------------------ */

static void usage(FILE *f) {
    fputs("usage: wordclust [options] [FILE...]\n"
          "Brown word clusters over depeche's tokens of NDJSON articles ({\"text\": ...} per line;\n"
          "FILE '-' or none: standard input). Writes `bits<TAB>word<TAB>count` lines (Liang's paths).\n"
          "  -V, --vocab N      cluster the N most frequent words (default 50000); the rest is UNK\n"
          "  -C, --clusters N   window size = number of clusters (default 256); time grows as N^2\n"
          "  -m, --min-count N  words seen fewer than N times are UNK too (default 3)\n"
          "      --lower        lowercase Latin letters before counting (default: surface forms)\n"
          "      --text         input lines are plain text, one document each, not JSON\n"
          "  -o, --output FILE  write the paths there (default standard output)\n"
          "  -q, --quiet        no progress on standard error\n"
          "      --check N      verify the incremental losses every N steps (slow; for testing)\n"
          "  -h, --help         this help\n",
          f);
}

static size_t parse_size(const char *s, const char *opt, size_t lo, size_t hi) {
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-') die("%s needs a number", opt);
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi) die("%s: '%s' is not a number in %zu..%zu", opt, s, lo, hi);
    return (size_t)v;
}

int main(int argc, char **argv) {
    options o = {DEFAULT_VOCAB, DEFAULT_CLUSTERS, DEFAULT_MIN_COUNT, 0, 0, 0, NULL};
    const char **files = xcalloc((size_t)argc, sizeof *files);
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            usage(stdout);
            free(files);
            return 0;
        } else if (!strcmp(s, "-V") || !strcmp(s, "--vocab")) {
            o.vocab = parse_size(val, s, 2, 50000000), i++;
        } else if (!strcmp(s, "-C") || !strcmp(s, "--clusters")) {
            o.clusters = parse_size(val, s, 2, MAX_CLUSTERS), i++;
        } else if (!strcmp(s, "-m") || !strcmp(s, "--min-count")) {
            o.min_count = parse_size(val, s, 1, SIZE_MAX / 2), i++;
        } else if (!strcmp(s, "-o") || !strcmp(s, "--output")) {
            if (!val) die("%s needs a file name", s);
            o.out = val, i++;
        } else if (!strcmp(s, "--check")) {
            o.check = (int)parse_size(val, s, 1, 1000000000), i++;
        } else if (!strcmp(s, "--lower")) {
            o.lower = 1;
        } else if (!strcmp(s, "--text")) {
            o.text = 1;
        } else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) {
            quiet = 1;
        } else if (s[0] == '-' && s[1]) {
            fprintf(stderr, "wordclust: unknown option '%s'\n", s);
            usage(stderr);
            free(files);
            return 1;
        } else {
            files[nfiles++] = s;
        }
    }
    if (!nfiles) files[nfiles++] = "-";

    double t0 = now();
    clock_t c0 = clock();
    corpus cp;
    memset(&cp, 0, sizeof cp);
    vocab_init(&cp.voc);
    dp_doc *doc = dp_doc_new();
    if (!doc) die("out of memory");
    for (int i = 0; i < nfiles; i++) {
        int std = !strcmp(files[i], "-");
        FILE *f = std ? stdin : fopen(files[i], "rb");
        if (!f) die("%s: cannot open: %s", files[i], strerror(errno));
        read_input(&cp, doc, f, std ? "<stdin>" : files[i], &o, t0);
        if (!std) fclose(f);
    }
    dp_doc_free(doc);
    free(files);
    if (cp.nbad) note("%llu input lines skipped", (unsigned long long)cp.nbad);
    double t_read = now() - t0;
    note("read %llu articles, %llu tokens, %u distinct forms in %.1f s", (unsigned long long)cp.ndocs,
         (unsigned long long)cp.ntokens, cp.voc.n, t_read);

    /* Rank the types; the V most frequent with count >= min_count become words. */
    vocab *v = &cp.voc;
    uint32_t *order = xmalloc(((size_t)v->n + 1) * sizeof *order);
    for (uint32_t i = 0; i < v->n; i++) order[i] = i;
    sort_voc = v;
    qsort(order, v->n, sizeof *order, by_count_then_bytes);
    size_t nw = 0;
    while (nw < v->n && nw < o.vocab && v->count[order[nw]] >= o.min_count) nw++;
    if (nw < 2) die("fewer than 2 words to cluster");
    uint32_t unk = (uint32_t)nw;
    uint32_t *word_of_type = xmalloc(((size_t)v->n + 1) * sizeof *word_of_type);
    for (uint32_t i = 0; i < v->n; i++) word_of_type[i] = unk;
    for (size_t r = 0; r < nw; r++) word_of_type[order[r]] = (uint32_t)r;
    uint64_t covered = 0;
    for (size_t r = 0; r < nw; r++) covered += v->count[order[r]];
    note("%zu words (count >= %llu), covering %.2f%% of the tokens; the rest is UNK", nw,
         (unsigned long long)v->count[order[nw - 1]],
         cp.ntokens ? 100.0 * (double)covered / (double)cp.ntokens : 0.0);

    /* Bigrams within documents, UNK included. */
    bigram_table bt;
    bigram_init(&bt, 20);
    for (size_t i = 0; i + 1 < cp.n; i++) {
        uint32_t x = cp.ids[i], y = cp.ids[i + 1];
        if (x == SEP || y == SEP) continue;
        bigram_add(&bt, (uint64_t)word_of_type[x] << 32 | word_of_type[y], 1);
    }
    free(cp.ids);
    cp.ids = NULL;
    adjacency adj;
    build_adjacency(&adj, &bt, nw);
    note("%zu distinct bigrams, %.0f in all, %.1f s", bt.n, adj.total, now() - t0);
    free(bt.key);
    free(bt.cnt);
    if (adj.total <= 0) die("no bigrams in the input");

    /* The window phase. */
    int C = (int)(o.clusters < nw ? o.clusters : nw);
    window w;
    window_init(&w, C, nw, &adj);
    double t_clu = now();
    int freeslot = 0;
    long steps = 0;
    for (size_t r = 0; r < nw; r++) {
        enter_word(&w, &adj, (uint32_t)r, freeslot);
        freeslot++;
        if (w.nactive == C + 1) {
            int c, d;
            best_pair(&w, &c, &d);
            int checking = o.check && (steps + 1) % o.check == 0;
            double before = checking ? ami_bits(&w, adj.total) : 0, loss = w.L[(size_t)c * w.K + d];
            int keep = merge(&w, c, d);
            freeslot = keep == c ? d : c;
            steps++;
            if (checking) {
                /* The loss must be the AMI actually lost, and stay equal to a recomputation. */
                double lost = (before - ami_bits(&w, adj.total)) * adj.total * log(2.0);
                double err = check_losses(&w), derr = fabs(lost - loss) / (fabs(loss) > 1 ? fabs(loss) : 1);
                note("check at step %ld: loss %.6g, AMI lost %.6g; worst relative loss error %.3g", steps, loss,
                     lost, err);
                if (err > 1e-6 || derr > 1e-6) die("losses inconsistent (%.3g, %.3g)", err, derr);
            }
        }
        if ((r + 1) % PROGRESS_EVERY == 0 || r + 1 == nw) {
            double el = now() - t_clu, frac = (double)(r + 1) / (double)nw;
            note("%zu/%zu words, %d clusters, AMI %.4f bits, %.0f s (about %.0f s to go)", r + 1, nw, w.nactive,
                 ami_bits(&w, adj.total), el, el / frac - el);
        }
    }
    double ami_final = ami_bits(&w, adj.total);

    /* The tree over the C final clusters: merge down to one, recording nodes.
     * Leaves are slots 0..K-1; internal nodes are numbered from K. */
    int K = w.K;
    int maxnodes = 2 * K;
    int *node_of = xmalloc((size_t)K * sizeof *node_of);
    int *parent = xmalloc((size_t)maxnodes * sizeof *parent);
    char *bit = xmalloc((size_t)maxnodes);
    for (int s = 0; s < K; s++) node_of[s] = s;
    for (int i = 0; i < maxnodes; i++) parent[i] = -1, bit[i] = 0;
    int nextnode = K, root = -1;
    uint32_t *final_slot = xmalloc(nw * sizeof *final_slot);
    for (size_t r = 0; r < nw; r++) final_slot[r] = w.slot_of[r];
    if (w.nactive == 1)
        for (int s = 0; s < K - 1; s++)
            if (w.active[s]) root = s;
    while (w.nactive > 1) {
        int c, d;
        best_pair(&w, &c, &d);
        int keep = merge(&w, c, d), gone = keep == c ? d : c;
        int nd = nextnode++;
        parent[node_of[keep]] = nd;
        bit[node_of[keep]] = '0';
        parent[node_of[gone]] = nd;
        bit[node_of[gone]] = '1';
        node_of[keep] = nd;
        root = nd;
    }
    /* Paths from the root: parents have larger ids than their children. */
    char **path = xcalloc((size_t)maxnodes, sizeof *path);
    path[root] = xcalloc(1, 1);
    int maxdepth = 0;
    for (int nd = nextnode - 1; nd >= 0; nd--) {
        if (nd == root || parent[nd] < 0 || !path[parent[nd]]) continue;
        size_t pl = strlen(path[parent[nd]]);
        path[nd] = xmalloc(pl + 2);
        memcpy(path[nd], path[parent[nd]], pl);
        path[nd][pl] = bit[nd];
        path[nd][pl + 1] = 0;
        if ((int)pl + 1 > maxdepth) maxdepth = (int)pl + 1;
    }
    double t_end = now();

    FILE *out = o.out ? fopen(o.out, "wb") : stdout;
    if (!out) die("%s: cannot open for writing: %s", o.out, strerror(errno));
    out_word *ow = xmalloc(nw * sizeof *ow);
    for (size_t r = 0; r < nw; r++) ow[r].word = (uint32_t)r, ow[r].cls = final_slot[r];
    sort_paths = path;
    qsort(ow, nw, sizeof *ow, by_path_then_rank);
    for (size_t i = 0; i < nw; i++) {
        uint32_t t = order[ow[i].word];
        fprintf(out, "%s\t%.*s\t%llu\n", path[ow[i].cls], (int)v->len[t], v->pool + v->off[t],
                (unsigned long long)v->count[t]);
    }
    if (fflush(out) || ferror(out)) die("write error: %s", strerror(errno));
    if (o.out) fclose(out);

    note("done: %zu words in %d clusters (paths up to %d bits), AMI %.4f bits; reading %.1f s, clustering "
         "%.1f s, total %.1f s wall, %.1f s CPU; peak memory %.0f MiB",
         nw, C, maxdepth, ami_final, t_read, t_end - t_clu, now() - t0, (double)(clock() - c0) / CLOCKS_PER_SEC,
         peak_rss_mib());

    for (int i = 0; i < maxnodes; i++) free(path[i]);
    free(path);
    free(ow);
    free(final_slot);
    free(node_of);
    free(parent);
    free(bit);
    window_free(&w);
    adjacency_free(&adj);
    free(word_of_type);
    free(order);
    vocab_free(&cp.voc);
    return 0;
}
