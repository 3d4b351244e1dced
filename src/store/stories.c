/* stories.c — see stories.h and docs/stories.md.
 *
 * Online, single-pass clustering. For each article:
 *   1. terms: the words of title and text, lower-cased and accent-folded,
 *      stop words (stopwords_fr.inc), words under 3 letters and numbers
 *      removed; document frequencies in `terms` (incremented here) and the
 *      article count in meta 'stories.docs' give TF-IDF; the top
 *      ART_TERMS terms, L2-normalised, are the article's term vector;
 *   2. entities: the first ART_ENTS distinct entities, weighted by
 *      (1 + ln mentions) * idf (entities.articles), L2-normalised;
 *   3. candidates: stories holding one of the article's top entities or
 *      terms among their posting keys (story_keys), active within WINDOW
 *      days, at most POST_LIMIT per key and MAX_CANDS in all;
 *   4. score = W_ENT * cos(entities) + (1 - W_ENT) * cos(terms) (terms only
 *      when either side has no entity), minus GAP_PENALTY per day outside
 *      the story's span; the best story at or above THRESHOLD wins, else a
 *      new story;
 *   5. the story's centroid (profile) moves towards the article (running
 *      mean, then an exponential average), is cut to its top STORY_ENTS
 *      entities and STORY_TERMS terms, and its posting keys, dates, count
 *      and label are rewritten.
 * Everything is deterministic: ties are broken by ids and hashes.
 * A context (dp_stories, kept by the ingest writer) prepares its statements
 * once and counts document frequencies and N in memory, written in one pass
 * per transaction by dp_stories_flush; dp_story_assign is the one-shot form
 * (a context of its own per call). */
#include "store/stories.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "text/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- parameters (docs/stories.md) --------------------------------------- */

#define WINDOW 7          /* days: an article joins a story within [first - W, last + W] */
#define ART_TERMS 20      /* terms in an article's vector */
#define ART_ENTS 10       /* entities in an article's vector */
#define QUERY_ENTS 5      /* article entities looked up in story_keys */
#define QUERY_TERMS 10    /* article terms looked up in story_keys */
#define POST_LIMIT 16     /* stories read per key and direction */
#define MAX_CANDS 32      /* stories scored per article */
#define STORY_ENTS 20     /* entities kept in a story's centroid */
#define STORY_TERMS 40    /* terms kept in a story's centroid */
#define KEY_ENTS 8        /* story entities posted in story_keys */
#define KEY_TERMS 12      /* story terms posted in story_keys */
#ifndef DP_STORY_W_ENT     /* (both overridable at build time, for tools/stories-eval.sh sweeps) */
#define W_ENT 0.4         /* weight of the entity cosine in the score */
#else
#define W_ENT DP_STORY_W_ENT
#endif
#define GAP_PENALTY 0.02  /* score lost per day between the article and the story's span */
#ifndef DP_STORY_THRESHOLD
#define THRESHOLD 0.30    /* lowest score that joins a story */
#else
#define THRESHOLD DP_STORY_THRESHOLD
#endif
#define MIN_RATE 0.1      /* centroid update rate once a story has 9 articles */
#define TITLE_BOOST 2     /* a title word counts as this many occurrences */
#define MAX_WORD 64       /* bytes of a folded word; longer words are cut */
#define MAX_ART_TERMS 8192 /* distinct terms read from one article */
#define LABEL_ENTS 3
#define LABEL_TERMS 3

#define PROFILE_VERSION 1

/* ---- vectors ------------------------------------------------------------ */

typedef struct ent_w {
    int64_t id;
    double w;
} ent_w;

typedef struct term_w {
    uint64_t h;     /* FNV-1a of the folded form */
    double w;
    char disp[MAX_WORD + 1]; /* display form: lower case, accents kept */
} term_w;

typedef struct profile {
    size_t ne, nt;
    ent_w e[STORY_ENTS];
    term_w t[STORY_TERMS];
} profile;

static int cmp_ent(const void *a, const void *b) {
    const ent_w *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}
static int cmp_term(const void *a, const void *b) {
    const term_w *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->h < y->h ? -1 : x->h > y->h;
}

static void norm_ents(ent_w *e, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += e[i].w * e[i].w;
    if (s <= 0) return;
    s = 1.0 / sqrt(s);
    for (size_t i = 0; i < n; i++) e[i].w *= s;
}
static void norm_terms(term_w *t, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += t[i].w * t[i].w;
    if (s <= 0) return;
    s = 1.0 / sqrt(s);
    for (size_t i = 0; i < n; i++) t[i].w *= s;
}

static double cos_ents(const ent_w *a, size_t na, const ent_w *b, size_t nb) {
    double s = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (a[i].id == b[j].id) s += a[i].w * b[j].w;
    return s;
}
static double cos_terms(const term_w *a, size_t na, const term_w *b, size_t nb) {
    double s = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (a[i].h == b[j].h) s += a[i].w * b[j].w;
    return s;
}

/* ---- profile BLOB: little-endian, version byte first (docs/stories.md) --- */

static void put_u64(dp_buf *b, uint64_t v) {
    unsigned char x[8];
    for (int i = 0; i < 8; i++) x[i] = (unsigned char)(v >> (8 * i));
    dp_buf_put(b, x, 8);
}
static void put_f32(dp_buf *b, double d) {
    float f = (float)d;
    uint32_t v;
    memcpy(&v, &f, 4);
    unsigned char x[4];
    for (int i = 0; i < 4; i++) x[i] = (unsigned char)(v >> (8 * i));
    dp_buf_put(b, x, 4);
}
static uint64_t get_u64(const unsigned char *p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}
static double get_f32(const unsigned char *p) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)p[i] << (8 * i);
    float f;
    memcpy(&f, &v, 4);
    return isfinite(f) ? (double)f : 0.0;
}

/* version, ne, nt, 0; ne x (i64 id, f32 w); nt x (u64 hash, f32 w, u8 len, bytes). */
static int profile_write(const profile *p, dp_buf *b) {
    b->len = 0;
    unsigned char hd[4] = {PROFILE_VERSION, (unsigned char)p->ne, (unsigned char)p->nt, 0};
    dp_buf_put(b, hd, 4);
    for (size_t i = 0; i < p->ne; i++) {
        put_u64(b, (uint64_t)p->e[i].id);
        put_f32(b, p->e[i].w);
    }
    for (size_t i = 0; i < p->nt; i++) {
        put_u64(b, p->t[i].h);
        put_f32(b, p->t[i].w);
        size_t l = strlen(p->t[i].disp);
        unsigned char c = (unsigned char)l;
        dp_buf_put(b, &c, 1);
        dp_buf_put(b, p->t[i].disp, l);
    }
    /* dp_buf_put fails only on allocation; a short buffer is caught here */
    size_t need = 4 + p->ne * 12;
    for (size_t i = 0; i < p->nt; i++) need += 13 + strlen(p->t[i].disp);
    return b->len == need ? 0 : -1;
}

/* A malformed or foreign BLOB reads as an empty profile (the story then
 * scores 0 and is rebuilt from its next article). */
static void profile_read(const unsigned char *s, size_t n, profile *p) {
    p->ne = p->nt = 0;
    if (!s || n < 4 || s[0] != PROFILE_VERSION || s[1] > STORY_ENTS || s[2] > STORY_TERMS) return;
    size_t ne = s[1], nt = s[2], i = 4;
    if (n < 4 + ne * 12) return;
    for (size_t k = 0; k < ne; k++, i += 12) {
        p->e[k].id = (int64_t)get_u64(s + i);
        p->e[k].w = get_f32(s + i + 8);
    }
    for (size_t k = 0; k < nt; k++) {
        if (n - i < 13) return;
        size_t l = s[i + 12];
        if (l > MAX_WORD || n - i - 13 < l) return;
        p->t[k].h = get_u64(s + i);
        p->t[k].w = get_f32(s + i + 8);
        memcpy(p->t[k].disp, s + i + 13, l);
        p->t[k].disp[l] = 0;
        i += 13 + l;
    }
    p->ne = ne;
    p->nt = nt;
}

/* ---- words -------------------------------------------------------------- */

static const char *const stopwords[] = {
#include "store/stopwords_fr.inc"
};

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static int is_stopword(const char *w) {
    return bsearch(&w, stopwords, sizeof stopwords / sizeof stopwords[0], sizeof stopwords[0], cmp_str) != NULL;
}

static uint64_t fnv1a(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Appends the folded form of cp (lower case, no marks, ligatures split) to
 * f[*fl..MAX_WORD) (what does not fit is dropped). */
static void fold_cp(int32_t cp, char *f, size_t *fl) {
    if (cp < 0x80) { /* ASCII letters and digits */
        if (*fl < MAX_WORD) f[(*fl)++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return;
    }
    int32_t out[8];
    utf8proc_int32_t bc = 0;
    utf8proc_ssize_t n;
    if (cp == 0x153 || cp == 0x152) { /* œ Œ */
        out[0] = 'o';
        out[1] = 'e';
        n = 2;
    } else if (cp == 0xE6 || cp == 0xC6) { /* æ Æ */
        out[0] = 'a';
        out[1] = 'e';
        n = 2;
    } else {
        n = utf8proc_decompose_char(cp, out, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPAT, &bc);
        if (n < 0 || n > 8) return;
    }
    for (utf8proc_ssize_t k = 0; k < n; k++) {
        char e[4];
        int l = dp_utf8_encode((uint32_t)out[k], e);
        if (*fl + (size_t)l > MAX_WORD) return;
        memcpy(f + *fl, e, (size_t)l);
        *fl += (size_t)l;
    }
}

/* Pronouns and particles that end a compound ("dit-il", "a-t-elle",
 * "celui-ci"): cut from the folded and the display form alike. */
static const char *const clitics[] = {"ce", "ci", "elle", "elles", "en", "il", "ils", "je", "la", "le", "les",
                                      "leur", "lui", "moi", "nous", "on", "t", "toi", "tu", "vous", "y"};

static void strip_clitics(char *f, size_t *fl, char *d, size_t *dl, size_t *letters) {
    for (;;) {
        char *h = strrchr(f, '-');
        char *hd = strrchr(d, '-');
        if (!h || !hd || h == f) break;
        int hit = 0;
        for (size_t k = 0; k < sizeof clitics / sizeof clitics[0] && !hit; k++) hit = !strcmp(h + 1, clitics[k]);
        if (!hit) break;
        *h = 0;
        *hd = 0;
        *fl = (size_t)(h - f);
        *dl = (size_t)(hd - d);
    }
    size_t n = 0; /* letters and digits left: code points that are not hyphens */
    for (size_t k = 0; k < *fl; k++) n += ((unsigned char)f[k] & 0xC0) != 0x80 && f[k] != '-';
    *letters = n;
}

/* The next word of s[*i..n): letters, marks and digits (any other code
 * point, and invalid bytes, separate words). Folded form in f (NUL-ended),
 * display form (lower case) in d. Returns 1 when a word with a letter was
 * read, 0 at the end. Words of digits only are skipped. */
static int next_word(const unsigned char *s, size_t n, size_t *i, char *f, size_t *fl, char *d, size_t *dl,
                     size_t *letters) {
    while (*i < n) {
        *fl = *dl = *letters = 0;
        int has_letter = 0;
        while (*i < n) {
            uint32_t cp;
            int l;
            utf8proc_category_t c;
            if (s[*i] < 0x80) { /* ASCII: no table lookups */
                cp = s[*i];
                l = 1;
                c = (cp | 32) >= 'a' && (cp | 32) <= 'z' ? UTF8PROC_CATEGORY_LL
                    : cp >= '0' && cp <= '9'         ? UTF8PROC_CATEGORY_ND
                                                     : UTF8PROC_CATEGORY_PO;
            } else {
                l = dp_utf8_check(s + *i, n - *i, &cp);
                c = l ? utf8proc_category((utf8proc_int32_t)cp) : UTF8PROC_CATEGORY_CN;
            }
            if (l == 0) {
                (*i)++;
                if (*fl) break;
                continue;
            }
            int letter = c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
            int mark = c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
            int digit = c == UTF8PROC_CATEGORY_ND;
            if (!letter && !digit && !(mark && *fl)) {
                *i += (size_t)l;
                /* a hyphen between two letters or digits joins a compound */
                if (*fl && (cp == '-' || cp == 0x2010 || cp == 0x2011) && *i < n && *fl < MAX_WORD &&
                    *dl < MAX_WORD) {
                    uint32_t nx;
                    int nl = dp_utf8_check(s + *i, n - *i, &nx);
                    utf8proc_category_t nc = nl ? utf8proc_category((utf8proc_int32_t)nx) : UTF8PROC_CATEGORY_CN;
                    if ((nc >= UTF8PROC_CATEGORY_LU && nc <= UTF8PROC_CATEGORY_LO) || nc == UTF8PROC_CATEGORY_ND) {
                        f[(*fl)++] = '-';
                        d[(*dl)++] = '-';
                        continue;
                    }
                }
                if (*fl) break;
                continue;
            }
            *i += (size_t)l;
            has_letter |= letter;
            if (letter || digit) (*letters)++;
            fold_cp((int32_t)cp, f, fl);
            char e[4];
            int el = cp < 0x80 ? (e[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp), 1)
                               : dp_utf8_encode((uint32_t)utf8proc_tolower((utf8proc_int32_t)cp), e);
            if (*dl + (size_t)el <= MAX_WORD) {
                memcpy(d + *dl, e, (size_t)el);
                *dl += (size_t)el;
            }
        }
        f[*fl] = 0;
        d[*dl] = 0;
        strip_clitics(f, fl, d, dl, letters);
        if (*fl && has_letter) return 1;
    }
    return 0;
}

/* ---- terms: open-addressing tables keyed by the folded form -------------
 * Two uses: the terms of one article (n = occurrences, the pool holds the
 * folded form then the display form) and the context's document frequencies
 * (df, n = articles counted and not yet written to `terms`). */

typedef struct tslot {
    uint64_t h;   /* FNV-1a of the folded form */
    int64_t df;   /* document frequencies: terms.df plus the articles counted since the last flush */
    uint32_t off; /* 1 + offset of the folded form (NUL-ended) in the pool; 0: an empty slot */
    uint32_t n;
} tslot;

typedef struct termtab {
    tslot *slots;
    size_t cap, n; /* cap: a power of two */
    dp_buf pool;
} termtab;

/* Doubles the capacity (the first is `first`). */
static int tab_grow(termtab *t, size_t first) {
    size_t ncap = t->cap ? t->cap * 2 : first;
    tslot *ns = calloc(ncap, sizeof *ns);
    if (!ns) return -1;
    for (size_t k = 0; k < t->cap; k++) {
        if (!t->slots[k].off) continue;
        size_t j = (size_t)t->slots[k].h & (ncap - 1);
        while (ns[j].off) j = (j + 1) & (ncap - 1);
        ns[j] = t->slots[k];
    }
    free(t->slots);
    t->slots = ns;
    t->cap = ncap;
    return 0;
}

/* The slot of the folded form f (hash h): its entry, or the empty slot it would take. */
static tslot *tab_slot(termtab *t, const char *f, uint64_t h) {
    size_t j = (size_t)h & (t->cap - 1);
    while (t->slots[j].off && (t->slots[j].h != h || strcmp(t->pool.data + t->slots[j].off - 1, f) != 0))
        j = (j + 1) & (t->cap - 1);
    return &t->slots[j];
}

static int tab_add(termtab *t, const char *f, size_t fl, const char *d, size_t dl, uint32_t inc) {
    /* full (MAX_ART_TERMS): only words already there are counted */
    if (t->n * 2 >= t->cap && t->n < MAX_ART_TERMS && tab_grow(t, 256)) return -1;
    uint64_t h = fnv1a(f, fl);
    tslot *e = tab_slot(t, f, h);
    if (e->off) {
        e->n += inc;
        return 0;
    }
    if (t->n >= MAX_ART_TERMS) return 0;
    size_t off = t->pool.len;
    if (off > UINT32_MAX - 2 * (MAX_WORD + 2)) return 0;
    if (dp_buf_put(&t->pool, f, fl + 1) || dp_buf_put(&t->pool, d, dl + 1)) return -1;
    *e = (tslot){h, 0, (uint32_t)off + 1, inc};
    t->n++;
    return 0;
}

static int tab_read(termtab *t, const char *s, size_t n, uint32_t inc) {
    if (!s) return 0;
    char f[MAX_WORD + 1], d[MAX_WORD + 1];
    size_t fl, dl, letters, i = 0;
    while (next_word((const unsigned char *)s, n, &i, f, &fl, d, &dl, &letters)) {
        if (letters < 3 || is_stopword(f)) continue;
        if (tab_add(t, f, fl, d, dl, inc)) return -1;
    }
    return 0;
}

/* ---- SQLite helpers ----------------------------------------------------- */

enum {
    S_META_GET, S_META_SET, S_DF_GET, S_DF_ADD, S_DATA_VERSION, S_EDF, S_MAXDAY, S_POST_BACK, S_POST_FWD, S_STORY,
    S_NEW, S_UPD, S_KDEL, S_KINS, S_ENAME, S_ART, S_UNCOUNT, S_COUNT
};

static const char *const sqls[S_COUNT] = {
    [S_META_GET] = "SELECT value FROM meta WHERE key = 'stories.docs'",
    [S_META_SET] = "INSERT INTO meta(key, value) VALUES('stories.docs', ?1) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [S_DF_GET] = "SELECT df FROM terms WHERE term = ?1",
    [S_DF_ADD] = "INSERT INTO terms(term, df) VALUES(?1, ?2) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
    [S_DATA_VERSION] = "PRAGMA data_version",
    [S_EDF] = "SELECT articles FROM entities WHERE id = ?1",
    [S_MAXDAY] = "SELECT max(last_day) FROM stories",
    [S_POST_BACK] = "SELECT story FROM story_keys WHERE key = ?1 AND day BETWEEN ?2 AND ?3 "
                    "ORDER BY day DESC, story DESC LIMIT ?4",
    [S_POST_FWD] = "SELECT day, story FROM story_keys WHERE key = ?1 AND day > ?2 ORDER BY day, story",
    [S_STORY] = "SELECT first_day, last_day, articles, profile FROM stories WHERE id = ?1",
    [S_NEW] = "INSERT INTO stories(label, first_day, last_day, articles, profile) VALUES(?1, ?2, ?3, ?4, ?5)",
    [S_UPD] = "UPDATE stories SET label = ?1, first_day = ?2, last_day = ?3, articles = ?4, profile = ?5 "
              "WHERE id = ?6",
    [S_KDEL] = "DELETE FROM story_keys WHERE key = ?1 AND day = ?2 AND story = ?3",
    [S_KINS] = "INSERT OR IGNORE INTO story_keys(key, day, story) VALUES(?1, ?2, ?3)",
    [S_ENAME] = "SELECT name FROM entities WHERE id = ?1",
    [S_ART] = "UPDATE articles SET story = ?1 WHERE id = ?2",
    [S_UNCOUNT] = "UPDATE stories SET articles = articles - 1 WHERE id = ?1 AND articles > 0",
};

typedef struct dirty_term {
    const char *term;
    tslot *e;
} dirty_term;

#define DF_CACHE_MAX (1u << 20)     /* terms kept in memory; beyond, the table is emptied after a flush */
#define DF_POOL_MAX (64u << 20)     /* bytes of their folded forms, likewise */
#define STORY_CACHE 2048            /* story rows kept decoded, direct-mapped by id (8 MB) */

struct dp_stories {
    sqlite3 *db;
    int rc;                   /* first SQLite error; sticky until dp_stories_discard */
    sqlite3_stmt *s[S_COUNT]; /* prepared on first use, kept until dp_stories_close */
    termtab df;               /* the terms met, with their document frequencies */
    dirty_term *dirty;        /* the flush's scratch */
    size_t dirtycap;
    int64_t ndocs;            /* N (meta 'stories.docs') with the articles counted; -1: not read yet */
    int ndocs_dirty;          /* N changed since the last flush */
    int64_t data_version;     /* PRAGMA data_version when the caches were last known good */
    int dv_known, dv_checked; /* dv_checked: in this transaction (cleared by a flush or a discard) */
    struct story_row *cache;  /* STORY_CACHE rows as stored (id 0: empty), or NULL (one-shot use) */
    /* per-article scratch, kept between calls */
    struct story_row *rows;
    struct article *art;
    dp_buf blob, label;
};

typedef struct dp_stories ctx;

static sqlite3_stmt *prep(ctx *c, const char *sql) {
    sqlite3_stmt *st = NULL;
    if (c->rc != SQLITE_OK) return NULL;
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        c->rc = rc;
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* Steps a statement that returns no row or one; keeps the first error. */
static int step(ctx *c, sqlite3_stmt *st) {
    if (!st) return SQLITE_ERROR;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE && c->rc == SQLITE_OK) c->rc = rc;
    return rc;
}

static void bind_day(sqlite3_stmt *st, int i, int64_t day) {
    if (day == INT64_MIN) sqlite3_bind_null(st, i);
    else sqlite3_bind_int64(st, i, day);
}

static int64_t col_day(sqlite3_stmt *st, int i) {
    return sqlite3_column_type(st, i) == SQLITE_NULL ? INT64_MIN : sqlite3_column_int64(st, i);
}

/* Prepared on first use, then reset and reused. */
static sqlite3_stmt *get(ctx *c, int k) {
    if (c->s[k]) {
        sqlite3_reset(c->s[k]);
        sqlite3_clear_bindings(c->s[k]);
        return c->s[k];
    }
    c->s[k] = prep(c, sqls[k]);
    return c->s[k];
}

/* No statement left open between calls (a COMMIT or a ROLLBACK TO may follow). */
static void reset_all(ctx *c) {
    for (int k = 0; k < S_COUNT; k++)
        if (c->s[k]) sqlite3_reset(c->s[k]);
}

/* ---- document frequencies: counted in memory, written by dp_stories_flush -- */

/* Forgets every term and N (read again from the database when next needed). */
static void df_clear(ctx *c) {
    if (c->df.slots) memset(c->df.slots, 0, c->df.cap * sizeof *c->df.slots);
    c->df.n = 0;
    c->df.pool.len = 0;
    c->ndocs = -1;
    c->ndocs_dirty = 0;
}

/* Counts one more article holding the folded term f (hash h) and returns its
 * document frequency, this article included (as the upsert RETURNING df of
 * the former per-article writes gave it); -1 on failure. A term not met yet
 * is read from `terms` once. */
static int64_t df_add(ctx *c, const char *f, uint64_t h) {
    termtab *t = &c->df;
    if (t->n * 2 >= t->cap && tab_grow(t, 4096)) return -1;
    tslot *e = tab_slot(t, f, h);
    if (e->off) {
        e->n++;
        return ++e->df;
    }
    int64_t df = 0;
    sqlite3_stmt *st = get(c, S_DF_GET);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, f, -1, SQLITE_STATIC);
    if (step(c, st) == SQLITE_ROW) df = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (c->rc != SQLITE_OK) return -1;
    size_t off = t->pool.len, fl = strlen(f);
    if (off >= UINT32_MAX - fl - 2 || dp_buf_put(&t->pool, f, fl + 1)) return -1;
    *e = (tslot){h, df + 1, (uint32_t)off + 1, 1};
    t->n++;
    return df + 1;
}

/* ---- story rows: read through a cache of the decoded rows ------------------ */

typedef struct story_row {
    int64_t id, first, last, count;
    profile p;
} story_row;

static void cache_clear(ctx *c) {
    if (c->cache)
        for (size_t i = 0; i < STORY_CACHE; i++) c->cache[i].id = 0;
}

/* Story `id` as stored (dates, count, profile decoded from its BLOB) into
 * *out: 1; 0 when there is no such row (or on an error, c->rc set). Only
 * this context writes stories rows through its connection (dp_stories_uncount
 * included), so a cached row is the stored one. */
static int story_get(ctx *c, int64_t id, story_row *out) {
    story_row *slot = c->cache ? &c->cache[(size_t)id & (STORY_CACHE - 1)] : NULL;
    if (slot && slot->id == id) {
        *out = *slot;
        return 1;
    }
    sqlite3_stmt *st = get(c, S_STORY);
    if (!st) return 0;
    sqlite3_bind_int64(st, 1, id);
    if (step(c, st) != SQLITE_ROW) return 0;
    out->id = id;
    out->first = col_day(st, 0);
    out->last = col_day(st, 1);
    out->count = sqlite3_column_int64(st, 2);
    profile_read(sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3), &out->p);
    if (slot) *slot = *out;
    return 1;
}

/* What was just written for story id: the profile as its BLOB reads back. */
static void story_put(ctx *c, int64_t id, int64_t first, int64_t last, int64_t count, const dp_buf *blob) {
    if (!c->cache) return;
    story_row *slot = &c->cache[(size_t)id & (STORY_CACHE - 1)];
    slot->id = id;
    slot->first = first;
    slot->last = last;
    slot->count = count;
    profile_read((const unsigned char *)blob->data, blob->len, &slot->p);
}

/* At the first call of a transaction: when another connection committed since
 * the caches were filled (PRAGMA data_version moved), they are dropped. */
static void check_fresh(ctx *c) {
    if (c->dv_checked) return;
    sqlite3_stmt *st = get(c, S_DATA_VERSION);
    if (!st || step(c, st) != SQLITE_ROW) return;
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (c->dv_known && v != c->data_version) {
        df_clear(c);
        cache_clear(c);
    }
    c->data_version = v;
    c->dv_known = c->dv_checked = 1;
}

/* Posting keys: entity ids are positive; terms are their hash with the top bit set (negative). */
static int64_t term_key(uint64_t h) { return (int64_t)(h | (1ull << 63)); }

/* ---- the article's vectors ---------------------------------------------- */

typedef struct article {
    ent_w e[ART_ENTS];
    size_t ne;
    term_w t[ART_TERMS];
    size_t nt;
} article;

static int cmp_aterm_w(const void *a, const void *b) { return cmp_term(a, b); }

static int article_terms(ctx *c, const dp_story_input *in, article *a, int64_t ndocs) {
    termtab tab = {0};
    dp_buf_init(&tab.pool, &dp_alloc_default);
    int err = tab_read(&tab, in->title, in->title ? strlen(in->title) : 0, TITLE_BOOST) ||
              tab_read(&tab, in->text, in->text ? in->len : 0, 1);
    term_w *all = NULL;
    a->nt = 0;
    if (!err && tab.n) {
        all = malloc(tab.n * sizeof *all);
        if (!all) err = 1;
        size_t n = 0;
        for (size_t k = 0; !err && k < tab.cap && c->rc == SQLITE_OK; k++) {
            const tslot *x = &tab.slots[k];
            if (!x->off) continue;
            const char *f = tab.pool.data + x->off - 1;
            const char *d = f + strlen(f) + 1;
            int64_t df = df_add(c, f, x->h);
            if (df < 0) {
                err = c->rc == SQLITE_OK;
                break;
            }
            if (df < 1) df = 1;
            double idf = log((double)(ndocs + 1) / (double)(df + 1)) + 1.0;
            all[n].h = x->h;
            all[n].w = (1.0 + log((double)x->n)) * idf;
            size_t dl = strlen(d);
            memcpy(all[n].disp, d, dl + 1);
            n++;
        }
        if (!err && c->rc == SQLITE_OK) {
            qsort(all, n, sizeof *all, cmp_aterm_w);
            a->nt = n < ART_TERMS ? n : ART_TERMS;
            memcpy(a->t, all, a->nt * sizeof *all);
            norm_terms(a->t, a->nt);
        }
    }
    free(all);
    free(tab.slots);
    dp_buf_release(&tab.pool);
    return err ? -1 : 0;
}

static void article_ents(ctx *c, const dp_story_input *in, article *a, int64_t ndocs) {
    a->ne = 0;
    if (!in->entities) return;
    for (size_t i = 0; i < in->nentities && a->ne < ART_ENTS; i++) {
        int64_t id = in->entities[i];
        if (id <= 0) continue;
        size_t k = 0;
        while (k < a->ne && a->e[k].id != id) k++;
        uint32_t m = in->entity_mentions ? in->entity_mentions[i] : 1;
        if (m == 0) m = 1;
        if (k < a->ne) { /* the same entity twice: add its mentions */
            a->e[k].w += (double)m;
            continue;
        }
        a->e[a->ne].id = id;
        a->e[a->ne].w = (double)m;
        a->ne++;
    }
    for (size_t k = 0; k < a->ne; k++) {
        int64_t df = 0;
        sqlite3_stmt *st = get(c, S_EDF);
        if (!st) return;
        sqlite3_bind_int64(st, 1, a->e[k].id);
        if (step(c, st) == SQLITE_ROW) df = sqlite3_column_int64(st, 0);
        if (df < 1) df = 1;
        if (df > ndocs) df = ndocs;
        double idf = log((double)(ndocs + 1) / (double)(df + 1)) + 1.0;
        a->e[k].w = (1.0 + log(a->e[k].w)) * idf;
    }
    qsort(a->e, a->ne, sizeof a->e[0], cmp_ent);
    norm_ents(a->e, a->ne);
}

/* ---- candidates --------------------------------------------------------- */

typedef struct cand {
    int64_t story;
    double hits; /* sum of the article weights of the keys that found it */
} cand;

static int cmp_cand(const void *a, const void *b) {
    const cand *x = a, *y = b;
    if (x->hits != y->hits) return x->hits > y->hits ? -1 : 1;
    return x->story > y->story ? -1 : x->story < y->story; /* newer story first */
}

static void cand_add(cand *cs, size_t *n, size_t cap, int64_t story, double w) {
    for (size_t i = 0; i < *n; i++)
        if (cs[i].story == story) {
            cs[i].hits += w;
            return;
        }
    if (*n < cap) cs[(*n)++] = (cand){story, w};
}

#define CAND_CAP ((QUERY_ENTS + QUERY_TERMS) * POST_LIMIT * 2)

/* fwd: some story ends after `day` (else the forward scan would find nothing:
 * a story's postings are at its last day, never later). */
static void lookup_key(ctx *c, int64_t key, double w, int64_t day, int fwd, cand *cs, size_t *n) {
    sqlite3_stmt *st = get(c, S_POST_BACK);
    if (!st) return;
    sqlite3_bind_int64(st, 1, key);
    sqlite3_bind_int64(st, 2, day - WINDOW);
    sqlite3_bind_int64(st, 3, day);
    sqlite3_bind_int(st, 4, POST_LIMIT);
    while (step(c, st) == SQLITE_ROW) cand_add(cs, n, CAND_CAP, sqlite3_column_int64(st, 0), w);
    if (!fwd) return;
    /* stories whose last day is after the article's (out-of-order ingest): the
     * POST_LIMIT first by day, then newest story first. Read in the index's
     * order (day, story), no sort: whole days are taken, the last one cut to
     * its newest stories (the last read; a ring keeps them). The order rows
     * are added in does not matter (cand_add never fills CAND_CAP). */
    st = get(c, S_POST_FWD);
    if (!st) return;
    sqlite3_bind_int64(st, 1, key);
    sqlite3_bind_int64(st, 2, day);
    int64_t ring[POST_LIMIT], gday = 0;
    size_t taken = 0, ng = 0; /* ng: rows of day gday read */
    int rc;
    while (taken < POST_LIMIT) {
        rc = step(c, st);
        int64_t d = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        if (ng && (rc != SQLITE_ROW || d != gday)) { /* day gday complete */
            for (size_t k = 1; k <= ng && k <= POST_LIMIT && taken < POST_LIMIT; k++, taken++)
                cand_add(cs, n, CAND_CAP, ring[(ng - k) % POST_LIMIT], w);
            ng = 0;
        }
        if (rc != SQLITE_ROW) break;
        gday = d;
        ring[ng++ % POST_LIMIT] = sqlite3_column_int64(st, 1);
    }
}

/* ---- label -------------------------------------------------------------- */

static void fold_str(const char *s, char *out, size_t cap) {
    size_t o = 0, i = 0, n = strlen(s);
    char f[MAX_WORD + 1], d[MAX_WORD + 1];
    size_t fl, dl, letters;
    while (next_word((const unsigned char *)s, n, &i, f, &fl, d, &dl, &letters)) {
        if (o + fl + 2 >= cap) break;
        out[o++] = ' ';
        memcpy(out + o, f, fl);
        o += fl;
    }
    if (o + 1 < cap) out[o++] = ' ';
    out[o] = 0;
}

/* "Name1, Name2, Name3 — kw1, kw2, kw3": the top entities of the centroid,
 * then its top terms that are not a word of those names. */
static void make_label(ctx *c, const profile *p, dp_buf *lb) {
    char names[512] = " ";
    size_t nn = 0;
    lb->len = 0;
    for (size_t i = 0; i < p->ne && nn < LABEL_ENTS; i++) {
        sqlite3_stmt *st = get(c, S_ENAME);
        if (!st) return;
        sqlite3_bind_int64(st, 1, p->e[i].id);
        if (step(c, st) != SQLITE_ROW) continue;
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (!name || !*name) continue;
        if (nn) dp_buf_puts(lb, ", ");
        dp_buf_puts(lb, name);
        size_t ol = strlen(names);
        if (ol < sizeof names - 2) fold_str(name, names + ol, sizeof names - ol);
        nn++;
    }
    size_t nk = 0;
    for (size_t i = 0; i < p->nt && nk < LABEL_TERMS; i++) {
        char f[MAX_WORD + 3] = " ";
        char d[MAX_WORD + 1];
        size_t fl, dl, letters, j = 0;
        if (!next_word((const unsigned char *)p->t[i].disp, strlen(p->t[i].disp), &j, f + 1, &fl, d, &dl, &letters))
            continue;
        f[fl + 1] = ' ';
        f[fl + 2] = 0;
        if (strstr(names, f)) continue; /* a word of a label name */
        dp_buf_puts(lb, nk ? ", " : nn ? " — " : "");
        dp_buf_puts(lb, p->t[i].disp);
        nk++;
    }
    dp_buf_nul(lb);
}

/* ---- centroid update ---------------------------------------------------- */

static void profile_merge(profile *p, const article *a, double rate) {
    ent_w e[STORY_ENTS + ART_ENTS];
    size_t ne = 0;
    for (size_t i = 0; i < p->ne; i++) e[ne++] = (ent_w){p->e[i].id, p->e[i].w * (1 - rate)};
    for (size_t i = 0; i < a->ne; i++) {
        size_t k = 0;
        while (k < ne && e[k].id != a->e[i].id) k++;
        if (k < ne) e[k].w += rate * a->e[i].w;
        else e[ne++] = (ent_w){a->e[i].id, rate * a->e[i].w};
    }
    qsort(e, ne, sizeof e[0], cmp_ent);
    p->ne = ne < STORY_ENTS ? ne : STORY_ENTS;
    memcpy(p->e, e, p->ne * sizeof e[0]);
    norm_ents(p->e, p->ne);

    static const size_t cap = STORY_TERMS + ART_TERMS;
    term_w *t = malloc(cap * sizeof *t);
    if (!t) return; /* the centroid stays as it was */
    size_t nt = 0;
    for (size_t i = 0; i < p->nt; i++) {
        t[nt] = p->t[i];
        t[nt++].w *= 1 - rate;
    }
    for (size_t i = 0; i < a->nt; i++) {
        size_t k = 0;
        while (k < nt && t[k].h != a->t[i].h) k++;
        if (k < nt) {
            t[k].w += rate * a->t[i].w;
        } else {
            t[nt] = a->t[i];
            t[nt++].w = rate * a->t[i].w;
        }
    }
    qsort(t, nt, sizeof t[0], cmp_term);
    p->nt = nt < STORY_TERMS ? nt : STORY_TERMS;
    memcpy(p->t, t, p->nt * sizeof t[0]);
    norm_terms(p->t, p->nt);
    free(t);
}

/* The keys a story is found by. */
static size_t story_keys(const profile *p, int64_t *keys) {
    size_t n = 0;
    for (size_t i = 0; i < p->ne && i < KEY_ENTS; i++) keys[n++] = p->e[i].id;
    for (size_t i = 0; i < p->nt && i < KEY_TERMS; i++) keys[n++] = term_key(p->t[i].h);
    return n;
}

static int key_in(int64_t k, const int64_t *keys, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (keys[i] == k) return 1;
    return 0;
}

/* ---- dp_story_assign ---------------------------------------------------- */

static dp_status status_of(int rc) { return rc == SQLITE_NOMEM ? DP_ERR_NOMEM : DP_ERR_IO; }

static void assign(ctx *c, const dp_story_input *in, int64_t *story, story_row *best, story_row *cur,
                   article *a, dp_buf *blob, dp_buf *label) {
    /* N: the articles seen, this one included (meta 'stories.docs', written at the flush) */
    sqlite3_stmt *st;
    if (c->ndocs < 0) {
        int64_t n = 0;
        st = get(c, S_META_GET);
        if (st && step(c, st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
        if (c->rc != SQLITE_OK) return;
        c->ndocs = n < 0 ? 0 : n;
    }
    int64_t ndocs = ++c->ndocs;
    c->ndocs_dirty = 1;
    if (article_terms(c, in, a, ndocs)) {
        if (c->rc == SQLITE_OK) c->rc = SQLITE_NOMEM;
        return;
    }
    if (c->rc != SQLITE_OK) return;
    article_ents(c, in, a, ndocs);
    if (c->rc != SQLITE_OK) return;

    /* the day candidates are looked for around: the article's, else the archive's latest */
    int64_t day = in->day, latest = INT64_MIN;
    st = get(c, S_MAXDAY);
    if (st && step(c, st) == SQLITE_ROW) latest = col_day(st, 0);
    int64_t ref = day == INT64_MIN ? latest : day;
    int fwd = latest != INT64_MIN && latest > ref;

    cand cs[CAND_CAP];
    size_t nc = 0;
    if (ref != INT64_MIN && ref > INT64_MIN + WINDOW + 1 && ref < INT64_MAX - WINDOW - 1) {
        for (size_t i = 0; i < a->ne && i < QUERY_ENTS; i++)
            lookup_key(c, a->e[i].id, a->e[i].w, ref, fwd, cs, &nc);
        for (size_t i = 0; i < a->nt && i < QUERY_TERMS; i++)
            lookup_key(c, term_key(a->t[i].h), a->t[i].w, ref, fwd, cs, &nc);
    }
    if (c->rc != SQLITE_OK) return;
    qsort(cs, nc, sizeof cs[0], cmp_cand);
    if (nc > MAX_CANDS) nc = MAX_CANDS;

    double best_score = -1;
    best->id = 0;
    for (size_t i = 0; i < nc; i++) {
        if (!story_get(c, cs[i].story, cur)) { /* a posting of a deleted story, or an error */
            if (c->rc != SQLITE_OK) return;
            continue;
        }
        if (cur->first == INT64_MIN || cur->last == INT64_MIN) continue;
        int64_t gap = 0;
        if (ref > cur->last) gap = ref - cur->last;
        else if (ref < cur->first) gap = cur->first - ref;
        if (gap > WINDOW) continue;
        double ct = cos_terms(a->t, a->nt, cur->p.t, cur->p.nt);
        double s = ct;
        if (a->ne && cur->p.ne) s = W_ENT * cos_ents(a->e, a->ne, cur->p.e, cur->p.ne) + (1 - W_ENT) * ct;
        s -= GAP_PENALTY * (double)gap;
        if (s > best_score || (s == best_score && cur->id > best->id)) {
            best_score = s;
            story_row *t = best;
            best = cur;
            cur = t;
        }
    }
    /* `best` may now point at the other buffer: copy through the caller's */
    story_row *win = best;

    int64_t old_keys[KEY_ENTS + KEY_TERMS], new_keys[KEY_ENTS + KEY_TERMS];
    size_t nold = 0, nnew;
    int64_t old_last = INT64_MIN;
    profile *p;
    int64_t first, last, count, id;
    if (best_score >= THRESHOLD && win->id > 0) {
        id = win->id;
        p = &win->p;
        nold = story_keys(p, old_keys);
        old_last = win->last;
        count = win->count < 0 ? 1 : win->count + 1;
        double rate = 1.0 / (double)count;
        if (rate < MIN_RATE) rate = MIN_RATE;
        profile_merge(p, a, rate);
        first = win->first;
        last = win->last;
        if (day != INT64_MIN) {
            if (first == INT64_MIN || day < first) first = day;
            if (last == INT64_MIN || day > last) last = day;
        }
    } else {
        id = 0;
        p = &cur->p;
        p->ne = p->nt = 0;
        profile_merge(p, a, 1.0);
        first = last = day;
        count = 1;
    }
    make_label(c, p, label);
    if (c->rc != SQLITE_OK) return;
    if (profile_write(p, blob) || dp_buf_nul(label)) {
        c->rc = SQLITE_NOMEM;
        return;
    }
    st = get(c, id ? S_UPD : S_NEW);
    if (!st) return;
    sqlite3_bind_text(st, 1, label->len ? label->data : "", (int)label->len, SQLITE_STATIC);
    bind_day(st, 2, first);
    bind_day(st, 3, last);
    sqlite3_bind_int64(st, 4, count);
    sqlite3_bind_blob(st, 5, blob->len ? blob->data : "", (int)blob->len, SQLITE_STATIC);
    if (id) sqlite3_bind_int64(st, 6, id);
    if (step(c, st) != SQLITE_DONE) return;
    if (!id) id = sqlite3_last_insert_rowid(c->db);
    story_put(c, id, first, last, count, blob);

    /* posting keys: the old ones out, the new ones in (an undated story has none);
     * a key kept at the same day stays as it is */
    nnew = story_keys(p, new_keys);
    int same_day = old_last == last && last != INT64_MIN;
    for (size_t i = 0; i < nold && old_last != INT64_MIN; i++) {
        if (same_day && key_in(old_keys[i], new_keys, nnew)) continue;
        st = get(c, S_KDEL);
        if (!st) return;
        sqlite3_bind_int64(st, 1, old_keys[i]);
        sqlite3_bind_int64(st, 2, old_last);
        sqlite3_bind_int64(st, 3, id);
        step(c, st);
    }
    for (size_t i = 0; i < nnew && last != INT64_MIN; i++) {
        if (same_day && key_in(new_keys[i], old_keys, nold)) continue;
        st = get(c, S_KINS);
        if (!st) return;
        sqlite3_bind_int64(st, 1, new_keys[i]);
        sqlite3_bind_int64(st, 2, last);
        sqlite3_bind_int64(st, 3, id);
        step(c, st);
    }
    st = get(c, S_ART);
    if (!st) return;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, in->article);
    step(c, st);
    if (c->rc == SQLITE_OK) *story = id;
}

/* cached: with the story row cache (kept between calls), else without */
static dp_stories *open_ctx(sqlite3 *db, int cached) {
    if (!db) return NULL;
    dp_stories *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->db = db;
    c->rc = SQLITE_OK;
    c->ndocs = -1;
    dp_buf_init(&c->df.pool, &dp_alloc_default);
    dp_buf_init(&c->blob, &dp_alloc_default);
    dp_buf_init(&c->label, &dp_alloc_default);
    c->rows = malloc(2 * sizeof *c->rows);
    c->art = calloc(1, sizeof *c->art);
    if (cached) c->cache = calloc(STORY_CACHE, sizeof *c->cache);
    if (!c->rows || !c->art || (cached && !c->cache)) {
        dp_stories_close(c);
        return NULL;
    }
    return c;
}

dp_stories *dp_stories_open(sqlite3 *db) { return open_ctx(db, 1); }

void dp_stories_close(dp_stories *c) {
    if (!c) return;
    for (int k = 0; k < S_COUNT; k++) sqlite3_finalize(c->s[k]);
    free(c->df.slots);
    free(c->dirty);
    free(c->rows);
    free(c->art);
    free(c->cache);
    dp_buf_release(&c->df.pool);
    dp_buf_release(&c->blob);
    dp_buf_release(&c->label);
    free(c);
}

dp_status dp_stories_assign(dp_stories *c, const dp_story_input *in, int64_t *story) {
    if (story) *story = 0;
    if (!c || !in || !story || (!in->text && in->len) || (in->nentities && !in->entities)) return DP_ERR_ARG;
    if (c->rc != SQLITE_OK) return status_of(c->rc);
    check_fresh(c);
    if (c->rc == SQLITE_OK) assign(c, in, story, &c->rows[0], &c->rows[1], c->art, &c->blob, &c->label);
    reset_all(c);
    if (c->rc != SQLITE_OK) {
        *story = 0;
        return status_of(c->rc);
    }
    return DP_OK;
}

static int cmp_dirty(const void *a, const void *b) {
    return strcmp(((const dirty_term *)a)->term, ((const dirty_term *)b)->term);
}

dp_status dp_stories_flush(dp_stories *c) {
    if (!c) return DP_ERR_ARG;
    if (c->rc != SQLITE_OK) return status_of(c->rc);
    size_t nd = 0;
    for (size_t k = 0; k < c->df.cap; k++) {
        tslot *e = &c->df.slots[k];
        if (!e->off || !e->n) continue;
        if (nd == c->dirtycap) {
            size_t ncap = c->dirtycap ? c->dirtycap * 2 : 1024;
            dirty_term *n = realloc(c->dirty, ncap * sizeof *n);
            if (!n) {
                c->rc = SQLITE_NOMEM;
                return DP_ERR_NOMEM;
            }
            c->dirty = n;
            c->dirtycap = ncap;
        }
        c->dirty[nd++] = (dirty_term){c->df.pool.data + e->off - 1, e};
    }
    /* in key order: the upserts walk the terms B-tree forward */
    if (nd) qsort(c->dirty, nd, sizeof *c->dirty, cmp_dirty);
    for (size_t i = 0; i < nd && c->rc == SQLITE_OK; i++) {
        sqlite3_stmt *st = get(c, S_DF_ADD);
        if (!st) break;
        sqlite3_bind_text(st, 1, c->dirty[i].term, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, c->dirty[i].e->n);
        if (step(c, st) == SQLITE_DONE) c->dirty[i].e->n = 0;
    }
    if (c->rc == SQLITE_OK && c->ndocs_dirty) {
        sqlite3_stmt *st = get(c, S_META_SET);
        if (st) {
            sqlite3_bind_int64(st, 1, c->ndocs);
            if (step(c, st) == SQLITE_DONE) c->ndocs_dirty = 0;
        }
    }
    reset_all(c);
    if (c->rc != SQLITE_OK) return status_of(c->rc);
    c->dv_checked = 0;
    if (c->df.n > DF_CACHE_MAX || c->df.pool.len > DF_POOL_MAX) df_clear(c);
    return DP_OK;
}

dp_status dp_stories_uncount(dp_stories *c, int64_t story) {
    if (!c) return DP_ERR_ARG;
    if (c->rc != SQLITE_OK) return status_of(c->rc);
    check_fresh(c);
    sqlite3_stmt *st = get(c, S_UNCOUNT);
    if (st) {
        sqlite3_bind_int64(st, 1, story);
        step(c, st);
    }
    reset_all(c);
    if (c->rc != SQLITE_OK) return status_of(c->rc);
    story_row *slot = c->cache ? &c->cache[(size_t)story & (STORY_CACHE - 1)] : NULL;
    if (slot && slot->id == story && slot->count > 0) slot->count--;
    return DP_OK;
}

void dp_stories_discard(dp_stories *c) {
    if (!c) return;
    reset_all(c);
    df_clear(c);
    cache_clear(c);
    c->rc = SQLITE_OK;
    c->dv_checked = 0;
}

/* One article in its own savepoint, with a context of its own (prepared,
 * counted, flushed and finalized within the call). */
dp_status dp_story_assign(sqlite3 *db, const dp_story_input *in, int64_t *story) {
    if (story) *story = 0;
    if (!db || !in || !story || (!in->text && in->len) || (in->nentities && !in->entities)) return DP_ERR_ARG;
    if (sqlite3_exec(db, "SAVEPOINT dp_story", NULL, NULL, NULL) != SQLITE_OK) return status_of(sqlite3_errcode(db));
    dp_stories *c = open_ctx(db, 0);
    dp_status st = c ? dp_stories_assign(c, in, story) : DP_ERR_NOMEM;
    if (st == DP_OK) st = dp_stories_flush(c);
    dp_stories_close(c);
    if (st != DP_OK) {
        *story = 0;
        sqlite3_exec(db, "ROLLBACK TO dp_story", NULL, NULL, NULL);
        sqlite3_exec(db, "RELEASE dp_story", NULL, NULL, NULL);
        return st;
    }
    if (sqlite3_exec(db, "RELEASE dp_story", NULL, NULL, NULL) != SQLITE_OK) {
        *story = 0;
        return status_of(sqlite3_errcode(db));
    }
    return DP_OK;
}
