/* ingest.c — dp_store_ingest: articles read, analysed on N threads, written
 * by one writer thread (docs/store.md, "Ingest").
 *
 *   reader (the caller's thread) --jobs--> workers (own dp_doc, shared models)
 *       --records--> writer (the only connection that writes)
 *
 * Every article read gets a sequence number; the writer writes records in
 * that order (a small reorder buffer), so an archive does not depend on the
 * thread count and the later of two lines with one id wins. Workers do all
 * the per-article work that needs no database: analysis, the copy of the
 * text with invalid bytes repaired, entity names folded, MinHash signature. */
#define _POSIX_C_SOURCE 200809L
#include "doc.h"
#include "store/dedup.h"
#include "store/stories.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NONE ((size_t)-1)

/* ---- records: one analysed article, self-contained ------------------------ */

typedef struct str_ref {
    size_t off, len; /* in rec.pool; off == NONE: absent */
} str_ref;

typedef struct ent_r {
    uint8_t type;
    str_ref name, folded, key, surname;
    uint32_t nmentions;
    int64_t archive; /* writer: archive entity id, 0 when none */
} ent_r;

typedef struct ment_r { uint32_t ent, start, end; } ment_r;
typedef struct role_r { uint32_t ent, start, end; } role_r;
typedef struct quote_r {
    uint32_t start, end, kind;
    int32_t speaker;
    uint32_t sstart, send;
} quote_r;
typedef struct date_r {
    uint32_t start, end;
    char value[24];
} date_r;
typedef struct qty_r {
    uint32_t start, end, kind;
    double value;
    str_ref unit;
} qty_r;

typedef struct rec {
    uint64_t seq;
    const char *input;
    long line;
    size_t bytes;       /* input bytes this article took */
    dp_status st;       /* non-zero: malformed, err says why */
    dp_error err;
    char *pool;
    size_t pool_len, pool_cap;
    str_ref ext_id, title, url, source, text;
    char published[24];
    int has_day;
    int64_t day;
    uint32_t words;
    dp_minhash mh;
    size_t shingles;
    ent_r *ents;
    size_t nents;
    ment_r *ments;
    size_t nments;
    role_r *roles;
    size_t nroles;
    quote_r *quotes;
    size_t nquotes;
    date_r *dates;
    size_t ndates;
    qty_r *qtys;
    size_t nqtys;
    struct rec *next;
} rec;

static void rec_free(rec *r) {
    if (!r) return;
    free(r->pool);
    free(r->ents);
    free(r->ments);
    free(r->roles);
    free(r->quotes);
    free(r->dates);
    free(r->qtys);
    free(r);
}

static int pool_put(rec *r, const char *s, size_t n, str_ref *out) {
    if (r->pool_cap - r->pool_len < n + 1) {
        size_t cap = r->pool_cap ? r->pool_cap : 256;
        while (cap - r->pool_len < n + 1) cap *= 2;
        char *p = realloc(r->pool, cap);
        if (!p) return -1;
        r->pool = p;
        r->pool_cap = cap;
    }
    memcpy(r->pool + r->pool_len, s, n);
    r->pool[r->pool_len + n] = 0;
    *out = (str_ref){r->pool_len, n};
    r->pool_len += n + 1;
    return 0;
}

static const char *ref_s(const rec *r, str_ref x) { return x.off == NONE ? NULL : r->pool + x.off; }

/* ---- queues ---------------------------------------------------------------- */

typedef struct job {
    uint64_t seq;
    const char *input;
    long line;
    int json;
    char *data;
    size_t len, bytes;
    struct job *next;
} job;

typedef struct queue {
    pthread_mutex_t mu;
    pthread_cond_t nonempty, nonfull;
    void *head, *tail; /* job* or rec* (next is at a known offset: handled by the two pairs of helpers) */
    size_t n, cap;     /* cap 0: unbounded */
    int closed;
} queue;

static void q_init(queue *q, size_t cap) {
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->nonempty, NULL);
    pthread_cond_init(&q->nonfull, NULL);
    q->head = q->tail = NULL;
    q->n = 0;
    q->cap = cap;
    q->closed = 0;
}

static void q_destroy(queue *q) {
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->nonempty);
    pthread_cond_destroy(&q->nonfull);
}

static void q_close(queue *q) {
    pthread_mutex_lock(&q->mu);
    q->closed = 1;
    pthread_cond_broadcast(&q->nonempty);
    pthread_cond_broadcast(&q->nonfull);
    pthread_mutex_unlock(&q->mu);
}

static void jq_push(queue *q, job *j) {
    pthread_mutex_lock(&q->mu);
    while (q->cap && q->n >= q->cap && !q->closed) pthread_cond_wait(&q->nonfull, &q->mu);
    j->next = NULL;
    if (q->tail) ((job *)q->tail)->next = j;
    else q->head = j;
    q->tail = j;
    q->n++;
    pthread_cond_signal(&q->nonempty);
    pthread_mutex_unlock(&q->mu);
}

static job *jq_pop(queue *q) {
    pthread_mutex_lock(&q->mu);
    while (!q->head && !q->closed) pthread_cond_wait(&q->nonempty, &q->mu);
    job *j = q->head;
    if (j) {
        q->head = j->next;
        if (!q->head) q->tail = NULL;
        q->n--;
        pthread_cond_signal(&q->nonfull);
    }
    pthread_mutex_unlock(&q->mu);
    return j;
}

static void rq_push(queue *q, rec *r) {
    pthread_mutex_lock(&q->mu);
    r->next = NULL;
    if (q->tail) ((rec *)q->tail)->next = r;
    else q->head = r;
    q->tail = r;
    q->n++;
    pthread_cond_signal(&q->nonempty);
    pthread_mutex_unlock(&q->mu);
}

/* Pops everything queued (waits for at least one record or the close). */
static rec *rq_pop_all(queue *q) {
    pthread_mutex_lock(&q->mu);
    while (!q->head && !q->closed) pthread_cond_wait(&q->nonempty, &q->mu);
    rec *r = q->head;
    q->head = q->tail = NULL;
    q->n = 0;
    pthread_mutex_unlock(&q->mu);
    return r;
}

/* ---- shared state ---------------------------------------------------------- */

typedef struct ingest {
    dp_store *s;
    const dp_ingest_opts *o;
    queue jobs, recs;
    atomic_int stop;          /* set by the writer on a fatal error or a bad article (!skip_bad) */
    atomic_uint workers_left;
    pthread_mutex_t cpu_mu;
    double analysis_cpu;      /* summed by the workers as they end */
    dp_ingest_stats st;       /* the writer's; read by the caller after join */
    dp_status result;
    dp_error err;
    struct timespec t0;
} ingest;

static double thread_cpu(void) {
    struct timespec t;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)) return 0;
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double elapsed(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- worker: analysis and extraction ------------------------------------------ */

/* The input text, each invalid UTF-8 byte and NUL replaced by one '?' or ' '
 * byte so that input offsets still index it (docs/store.md). */
static int put_text(rec *r, const char *src, size_t n) {
    if (pool_put(r, src, n, &r->text)) return -1;
    unsigned char *p = (unsigned char *)r->pool + r->text.off;
    for (size_t i = 0; i < n;) {
        if (p[i] >= 0x80) {
            uint32_t cp;
            int k = dp_utf8_check(p + i, n - i, &cp);
            if (k > 0) {
                i += (size_t)k;
                continue;
            }
            p[i++] = '?';
        } else {
            if (p[i] == 0) p[i] = ' ';
            i++;
        }
    }
    return 0;
}

static int put_meta(rec *r, const dp_meta_str *m, str_ref *out) {
    *out = (str_ref){NONE, 0};
    return m->s ? pool_put(r, m->s, m->len, out) : 0;
}

#define GROW(arr, n)                                                                                         \
    do {                                                                                                     \
        if ((n) && !((arr) = calloc((n), sizeof *(arr)))) return DP_ERR_NOMEM;                               \
    } while (0)

static dp_status extract(rec *r, dp_doc *d) {
    if (put_text(r, d->src, d->src_len)) return DP_ERR_NOMEM;
    r->ext_id = r->title = r->url = r->source = (str_ref){NONE, 0};
    if (put_meta(r, &d->id, &r->ext_id) || put_meta(r, &d->title, &r->title) || put_meta(r, &d->url, &r->url) ||
        put_meta(r, &d->source, &r->source))
        return DP_ERR_NOMEM;
    if (r->ext_id.off == NONE) {
        char buf[64];
        if (r->line > 0) { /* NDJSON without "id": INPUT:LINE; a plain file: its name */
            size_t a = strlen(r->input);
            int b = snprintf(buf, sizeof buf, ":%ld", r->line);
            char *t = malloc(a + (size_t)b + 1);
            if (!t) return DP_ERR_NOMEM;
            memcpy(t, r->input, a);
            memcpy(t + a, buf, (size_t)b + 1);
            int rc = pool_put(r, t, a + (size_t)b, &r->ext_id);
            free(t);
            if (rc) return DP_ERR_NOMEM;
        } else if (pool_put(r, r->input, strlen(r->input), &r->ext_id)) {
            return DP_ERR_NOMEM;
        }
    }
    r->published[0] = 0;
    r->has_day = 0;
    if (d->has_published) {
        dp_date p = d->published;
        if (d->published_prec == DP_PREC_DAY) {
            snprintf(r->published, sizeof r->published, "%04d-%02d-%02d", p.year, p.month, p.day);
            r->day = dp_store_days(p.year, p.month, p.day);
            r->has_day = 1;
        } else if (d->published_prec == DP_PREC_MONTH) {
            snprintf(r->published, sizeof r->published, "%04d-%02d", p.year, p.month);
        } else {
            snprintf(r->published, sizeof r->published, "%04d", p.year);
        }
    }
    size_t ntok;
    const dp_token *tok = dp_doc_tokens(d, &ntok);
    r->words = 0;
    for (size_t i = 0; i < ntok; i++)
        r->words += tok[i].kind == DP_TOK_WORD || tok[i].kind == DP_TOK_NUMBER || tok[i].kind == DP_TOK_ABBREV;
    size_t nlen;
    const char *norm = dp_doc_text(d, &nlen);
    r->shingles = dp_minhash_text(norm ? norm : "", norm ? nlen : 0, &r->mh);

    size_t nents, nem, nment, nroles, nquotes, ndates, nqtys;
    const dp_entity *ents = dp_doc_entities(d, &nents);
    const uint32_t *em = dp_doc_entity_mentions(d, &nem);
    const dp_mention *ments = dp_doc_mentions(d, &nment);
    const dp_role *roles = dp_doc_roles(d, &nroles);
    const dp_quote *quotes = dp_doc_quotes(d, &nquotes);
    const dp_datex *dates = dp_doc_dates(d, &ndates);
    const dp_quantity *qtys = dp_doc_quantities(d, &nqtys);
    GROW(r->ents, nents);
    GROW(r->ments, nem);
    GROW(r->roles, nroles);
    GROW(r->quotes, nquotes);
    GROW(r->dates, ndates);
    GROW(r->qtys, nqtys);
    for (size_t i = 0; i < nents; i++) {
        const dp_entity *e = &ents[i];
        ent_r *x = &r->ents[r->nents++];
        x->type = e->type;
        x->nmentions = e->nmentions;
        x->name = x->folded = x->key = x->surname = (str_ref){NONE, 0};
        uint32_t a = e->name.nstart, b = e->name.nend;
        if (a >= b && e->nmentions && em[e->first_mention] < nment) {
            a = ments[em[e->first_mention]].nstart;
            b = ments[em[e->first_mention]].nend;
        }
        const char *tname = dp_ent_name(e->type);
        if (a >= b || b > nlen || !tname) continue; /* no name: not linked, its facts are kept without it */
        if (pool_put(r, norm + a, b - a, &x->name)) return DP_ERR_NOMEM;
        size_t flen;
        char *f = dp_store_fold(norm + a, b - a, &flen);
        if (!f) return DP_ERR_NOMEM;
        char *key = flen ? dp_store_entity_key(tname, f) : NULL;
        int rc = flen == 0 || !key || pool_put(r, f, flen, &x->folded) || pool_put(r, key, strlen(key), &x->key);
        if (!rc && e->type == DP_ENT_PER) {
            const char *sp = strrchr(f, ' ');
            if (sp && sp[1]) rc = pool_put(r, sp + 1, strlen(sp + 1), &x->surname);
        }
        free(key);
        free(f);
        if (rc) {
            if (flen == 0) { x->name = (str_ref){NONE, 0}; continue; }
            return DP_ERR_NOMEM;
        }
        for (uint32_t k = 0; k < e->nmentions; k++) {
            uint32_t mi = em[e->first_mention + k];
            if (mi >= nment) continue;
            r->ments[r->nments++] = (ment_r){(uint32_t)i, ments[mi].start, ments[mi].end};
        }
    }
    for (size_t i = 0; i < nroles; i++)
        if (roles[i].span.end > roles[i].span.start)
            r->roles[r->nroles++] = (role_r){roles[i].entity, roles[i].span.start, roles[i].span.end};
    for (size_t i = 0; i < nquotes; i++) {
        const dp_quote *q = &quotes[i];
        r->quotes[r->nquotes++] = (quote_r){q->span.start, q->span.end, q->kind, q->speaker,
                                             q->speaker_span.start, q->speaker_span.end};
    }
    for (size_t i = 0; i < ndates; i++) {
        const dp_datex *x = &dates[i];
        date_r *y = &r->dates[r->ndates++];
        y->start = x->span.start;
        y->end = x->span.end;
        y->value[0] = 0;
        if (x->prec == DP_PREC_DAY)
            snprintf(y->value, sizeof y->value, "%04d-%02d-%02d", x->value.year, x->value.month, x->value.day);
        else if (x->prec == DP_PREC_MONTH)
            snprintf(y->value, sizeof y->value, "%04d-%02d", x->value.year, x->value.month);
        else if (x->prec == DP_PREC_YEAR)
            snprintf(y->value, sizeof y->value, "%04d", x->value.year);
    }
    for (size_t i = 0; i < nqtys; i++) {
        const dp_quantity *x = &qtys[i];
        qty_r *y = &r->qtys[r->nqtys++];
        y->start = x->span.start;
        y->end = x->span.end;
        y->kind = x->kind;
        y->value = x->value;
        y->unit = (str_ref){NONE, 0};
        if (x->unit_len && pool_put(r, x->unit, x->unit_len, &y->unit)) return DP_ERR_NOMEM;
    }
    return DP_OK;
}

static void *worker_main(void *arg) {
    ingest *g = arg;
    dp_doc *doc = dp_doc_new();
    if (doc) dp_doc_set_models(doc, g->o->models);
    job *j;
    while ((j = jq_pop(&g->jobs)) != NULL) {
        rec *r = calloc(1, sizeof *r);
        if (!r) { /* cannot even report: stop everything */
            atomic_store(&g->stop, 1);
            free(j->data);
            free(j);
            continue;
        }
        r->seq = j->seq;
        r->input = j->input;
        r->line = j->line;
        r->bytes = j->bytes;
        r->err = (dp_error){DP_OK, NULL, 0};
        if (atomic_load(&g->stop)) {
            r->st = DP_ERR_STATE; /* not analysed: the writer drops it */
        } else if (!doc) {
            r->st = DP_ERR_NOMEM;
            r->err = (dp_error){DP_ERR_NOMEM, "out of memory", 0};
        } else {
            dp_doc_reset(doc);
            dp_status st = j->json ? dp_doc_read_json(doc, j->data, j->len, &r->err)
                                   : dp_doc_analyze(doc, j->data, j->len, g->o->flags, &r->err);
            if (!st && j->json) st = dp_doc_finish(doc, g->o->flags, &r->err);
            if (!st) st = extract(r, doc);
            if (st && !r->err.code) r->err = (dp_error){st, dp_strerror(st), 0};
            r->st = st;
        }
        free(j->data);
        free(j);
        rq_push(&g->recs, r);
    }
    dp_doc_free(doc);
    pthread_mutex_lock(&g->cpu_mu);
    g->analysis_cpu += thread_cpu();
    pthread_mutex_unlock(&g->cpu_mu);
    if (atomic_fetch_sub(&g->workers_left, 1) == 1) q_close(&g->recs);
    return NULL;
}

/* ---- writer ------------------------------------------------------------------ */

enum {
    S_FIND, S_INS_ART, S_UPD_ART, S_FTS_INS, S_FTS_DEL, S_QFTS_DEL, S_OLD_ENTS, S_ENT_DEC, S_NAME_DEC, S_NAME_GC,
    S_ENT_GC, S_ENT_DAYS, S_DEL_MENT, S_DEL_ROLE, S_DEL_QUOTE, S_DEL_DATE, S_DEL_QTY, S_DEL_AE, S_DEL_LSH,
    S_ENT_KEY, S_ENT_SURNAME, S_ENT_INS, S_ENT_UPD, S_NAME_UPS, S_AE_INS, S_MENT_INS, S_ROLE_INS,
    S_QUOTE_INS, S_QFTS_INS, S_DATE_INS, S_QTY_INS, S_LSH_INS, S_LSH_FIND, S_CANON_STORY, S_SET_CANON,
    S_OLD_VARIANTS, S_FTS_ROW, S_QFTS_ROWS, S_M_AE, S_M_MENT, S_M_ROLE, S_M_QUOTE, S_M_NAMES, S_M_NAMES_DEL, S_M_ENT, S_M_DEL, S_COUNT
};

static const char *const sql[S_COUNT] = {
    [S_FIND] = "SELECT id, story, canonical FROM articles WHERE ext_id = ?1",
    [S_INS_ART] = "INSERT INTO articles(ext_id, title, text, published, day, url, source, words, minhash) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_UPD_ART] = "UPDATE articles SET title = ?2, text = ?3, published = ?4, day = ?5, url = ?6, source = ?7, "
                  "words = ?8, minhash = ?9, canonical = NULL, similarity = NULL, story = NULL, "
                  "ingested = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
    [S_FTS_INS] = "INSERT INTO articles_fts(rowid, title, text) VALUES (?1, ?2, ?3)",
    [S_FTS_ROW] = "SELECT id, title, text FROM articles WHERE id = ?1",
    [S_FTS_DEL] = "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
                  "SELECT 'delete', id, title, text FROM articles WHERE id = ?1",
    [S_QFTS_DEL] = "INSERT INTO quotes_fts(quotes_fts, rowid, text) "
                   "SELECT 'delete', id, text FROM quotes WHERE article = ?1",
    [S_OLD_ENTS] = "SELECT entity, name FROM article_entities WHERE article = ?1",
    [S_ENT_DEC] = "UPDATE entities SET articles = articles - 1 WHERE id = ?1",
    [S_NAME_DEC] = "UPDATE entity_names SET count = count - 1 WHERE entity = ?1 AND name = ?2",
    [S_NAME_GC] = "DELETE FROM entity_names WHERE entity = ?1 AND count <= 0",
    [S_ENT_GC] = "DELETE FROM entities WHERE id = ?1 AND articles <= 0",
    [S_ENT_DAYS] = "UPDATE entities SET "
                   "first_day = (SELECT min(a.day) FROM article_entities x JOIN articles a ON a.id = x.article "
                   "WHERE x.entity = ?1), "
                   "last_day = (SELECT max(a.day) FROM article_entities x JOIN articles a ON a.id = x.article "
                   "WHERE x.entity = ?1) WHERE id = ?1",
    [S_DEL_MENT] = "DELETE FROM mentions WHERE article = ?1",
    [S_DEL_ROLE] = "DELETE FROM roles WHERE article = ?1",
    [S_DEL_QUOTE] = "DELETE FROM quotes WHERE article = ?1",
    [S_DEL_DATE] = "DELETE FROM dates WHERE article = ?1",
    [S_DEL_QTY] = "DELETE FROM quantities WHERE article = ?1",
    [S_DEL_AE] = "DELETE FROM article_entities WHERE article = ?1",
    [S_DEL_LSH] = "DELETE FROM lsh WHERE article = ?1",
    [S_ENT_KEY] = "SELECT id FROM entities WHERE key = ?1",
    [S_ENT_SURNAME] = "SELECT id FROM entities WHERE surname = ?1 AND type = 'PER' LIMIT 2",
    [S_ENT_INS] = "INSERT INTO entities(name, type, key, surname) VALUES (?1, ?2, ?3, ?4)",
    [S_ENT_UPD] = "UPDATE entities SET articles = articles + 1, "
                  "first_day = CASE WHEN ?2 IS NULL THEN first_day WHEN first_day IS NULL OR ?2 < first_day "
                  "THEN ?2 ELSE first_day END, "
                  "last_day = CASE WHEN ?2 IS NULL THEN last_day WHEN last_day IS NULL OR ?2 > last_day "
                  "THEN ?2 ELSE last_day END, "
                  "name = CASE WHEN length(?3) > length(name) THEN ?3 ELSE name END WHERE id = ?1",
    [S_NAME_UPS] = "INSERT INTO entity_names(entity, name, folded, count) VALUES (?1, ?2, ?3, 1) "
                   "ON CONFLICT(entity, name) DO UPDATE SET count = count + 1",
    [S_AE_INS] = "INSERT INTO article_entities(article, entity, local_id, name, mentions) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_MENT_INS] = "INSERT INTO mentions(article, entity, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_ROLE_INS] = "INSERT INTO roles(article, entity, role) VALUES (?1, ?2, ?3)",
    [S_QUOTE_INS] = "INSERT INTO quotes(article, start, end, text, kind, speaker, speaker_text) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_QFTS_INS] = "INSERT INTO quotes_fts(rowid, text) VALUES (?1, ?2)",
    [S_QFTS_ROWS] = "SELECT id, text FROM quotes WHERE article = ?1 ORDER BY id",
    [S_DATE_INS] = "INSERT INTO dates(article, start, end, text, value) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_QTY_INS] = "INSERT INTO quantities(article, start, end, text, value, unit, kind) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_LSH_INS] = "INSERT OR IGNORE INTO lsh(bucket, article) VALUES (?1, ?2)",
    [S_LSH_FIND] = "SELECT a.id, a.canonical, a.minhash FROM lsh l JOIN articles a ON a.id = l.article "
                   "WHERE l.bucket = ?1 AND l.article <> ?2 LIMIT 1000",
    [S_SET_CANON] = "UPDATE articles SET canonical = ?2, similarity = ?3 WHERE id = ?1",
    [S_CANON_STORY] = "UPDATE articles SET story = (SELECT story FROM articles WHERE id = ?2) WHERE id = ?1",
    /* the other names an article gave its entities ("Peskov" beside "Dmitri Peskov") */
    /* a person first known by a surname alone joins the full name given later (merge old ?1 into new ?2) */
    [S_M_AE] = "UPDATE article_entities SET entity = ?2 WHERE entity = ?1",
    [S_M_MENT] = "UPDATE mentions SET entity = ?2 WHERE entity = ?1",
    [S_M_ROLE] = "UPDATE roles SET entity = ?2 WHERE entity = ?1",
    [S_M_QUOTE] = "UPDATE quotes SET speaker = ?2 WHERE speaker = ?1",
    [S_M_NAMES] = "INSERT INTO entity_names(entity, name, folded, count) "
                  "SELECT ?2, name, folded, count FROM entity_names WHERE entity = ?1 AND true "
                  "ON CONFLICT(entity, name) DO UPDATE SET count = count + excluded.count",
    [S_M_NAMES_DEL] = "DELETE FROM entity_names WHERE entity = ?1",
    [S_M_ENT] = "UPDATE entities SET articles = entities.articles + o.n, "
                "first_day = CASE WHEN entities.first_day IS NULL THEN o.f WHEN o.f IS NULL THEN entities.first_day "
                "ELSE min(entities.first_day, o.f) END, "
                "last_day = CASE WHEN entities.last_day IS NULL THEN o.l WHEN o.l IS NULL THEN entities.last_day "
                "ELSE max(entities.last_day, o.l) END "
                "FROM (SELECT articles AS n, first_day AS f, last_day AS l FROM entities WHERE id = ?1) AS o "
                "WHERE entities.id = ?2",
    [S_M_DEL] = "DELETE FROM entities WHERE id = ?1",
    [S_OLD_VARIANTS] = "SELECT DISTINCT m.entity, m.text FROM mentions m JOIN article_entities ae "
                       "ON ae.article = m.article AND ae.entity = m.entity WHERE m.article = ?1 AND m.text <> ae.name",
};

typedef struct writer {
    ingest *g;
    sqlite3 *db;
    sqlite3_stmt *st[S_COUNT];
    int in_txn;
    unsigned pending;              /* articles in the open transaction */
    dp_ingest_stats txn;           /* their counters, added to g->st at commit */
    struct timespec last_commit;
    double last_progress;
    dp_stories *stories;           /* the story clustering's context (statements, document frequencies) */
    int64_t *fts;                  /* articles written in the open transaction, not yet in the FTS indexes */
    size_t nfts, fts_cap;
    int64_t *fts_set;              /* the same ids, open addressing (0: empty), capacity 2 * fts_cap */
    int64_t *ids;                  /* scratch: archive ids of an article's entities */
    uint32_t *idm;                 /* their mentions */
    size_t ids_cap;
} writer;

static sqlite3_stmt *S(writer *w, int i) {
    if (!w->st[i] && sqlite3_prepare_v3(w->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &w->st[i], NULL) != SQLITE_OK)
        return NULL;
    sqlite3_reset(w->st[i]);
    sqlite3_clear_bindings(w->st[i]);
    return w->st[i];
}

/* Runs a statement to completion (no rows expected). */
static int run(sqlite3_stmt *s) {
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {}
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : -1;
}

static void bind_ref(sqlite3_stmt *s, int i, const rec *r, str_ref x) {
    if (x.off == NONE) sqlite3_bind_null(s, i);
    else sqlite3_bind_text(s, i, r->pool + x.off, (int)x.len, SQLITE_STATIC);
}

static void bind_span(sqlite3_stmt *s, int i, const rec *r, uint32_t a, uint32_t b) {
    if (b > r->text.len) b = (uint32_t)r->text.len;
    if (a > b) a = b;
    sqlite3_bind_text(s, i, r->pool + r->text.off + a, (int)(b - a), SQLITE_STATIC);
}

#define TRY(x)                                                                                               \
    do {                                                                                                     \
        if (x) return -1;                                                                                    \
    } while (0)

/* ---- the full-text indexes, written at the commit ----------------------------
 * Each statement that opens a statement journal (an UPDATE of articles, an
 * upsert...) makes SQLite call the FTS5 tables' xSavepoint, and FTS5 then
 * writes its pending terms out as a new segment: with the FTS rows inserted
 * as each article is written, that was one small segment (and merge work) per
 * article. So the articles of a transaction are only listed here, and their
 * FTS rows (article, then its quotes) are inserted from the stored rows just
 * before the COMMIT: FTS5 then builds one batch in memory. */

static size_t fts_slot(const writer *w, int64_t id) {
    size_t mask = 2 * w->fts_cap - 1, j = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 20) & mask;
    while (w->fts_set[j] && w->fts_set[j] != id) j = (j + 1) & mask;
    return j;
}

static int fts_pending(const writer *w, int64_t id) { return w->nfts && w->fts_set[fts_slot(w, id)] == id; }

static int fts_add(writer *w, int64_t id) {
    if (w->nfts == w->fts_cap) {
        size_t cap = w->fts_cap ? 2 * w->fts_cap : 256;
        int64_t *l = realloc(w->fts, cap * sizeof *l), *set = calloc(2 * cap, sizeof *set);
        if (l) w->fts = l;
        if (!l || !set) {
            free(set);
            return -1;
        }
        free(w->fts_set);
        w->fts_set = set;
        w->fts_cap = cap;
        for (size_t i = 0; i < w->nfts; i++) w->fts_set[fts_slot(w, w->fts[i])] = w->fts[i];
    }
    size_t j = fts_slot(w, id);
    if (w->fts_set[j] == id) return 0;
    w->fts_set[j] = id;
    w->fts[w->nfts++] = id;
    return 0;
}

static void fts_forget(writer *w) {
    if (w->nfts) memset(w->fts_set, 0, 2 * w->fts_cap * sizeof *w->fts_set);
    w->nfts = 0;
}

/* Copies the rows of `rows` (id first, then the indexed columns) into the FTS
 * table of `ins`, one single-row INSERT each (INSERT ... SELECT would open a
 * statement journal, hence a flush). */
static int fts_copy(writer *w, int rows, int ins, int64_t article) {
    sqlite3_stmt *q = S(w, rows), *s;
    if (!q) return -1;
    sqlite3_bind_int64(q, 1, article);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!(s = S(w, ins))) break;
        for (int c = 0; c < sqlite3_column_count(q); c++) sqlite3_bind_value(s, c + 1, sqlite3_column_value(q, c));
        if (run(s)) break;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int fts_flush(writer *w) {
    for (size_t i = 0; i < w->nfts; i++)
        TRY(fts_copy(w, S_FTS_ROW, S_FTS_INS, w->fts[i]) || fts_copy(w, S_QFTS_ROWS, S_QFTS_INS, w->fts[i]));
    fts_forget(w);
    return 0;
}

/* Removes what an earlier version of article `id` left (keeps the articles row). */
static int remove_article_rows(writer *w, int64_t id, int64_t old_story, int old_is_canonical) {
    sqlite3_stmt *s;
    /* written earlier in this transaction: its FTS rows go in first, so that they can be deleted */
    if (fts_pending(w, id)) TRY(fts_flush(w));
    TRY(!(s = S(w, S_FTS_DEL)));
    sqlite3_bind_int64(s, 1, id);
    TRY(run(s));
    TRY(!(s = S(w, S_QFTS_DEL)));
    sqlite3_bind_int64(s, 1, id);
    TRY(run(s));
    /* entities: counters down, then gone when no article names them */
    size_t n = 0;
    TRY(!(s = S(w, S_OLD_ENTS)));
    sqlite3_bind_int64(s, 1, id);
    int rc;
    int64_t *ents = NULL;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t e = sqlite3_column_int64(s, 0);
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            int64_t *ne = realloc(ents, nc * sizeof *ne);
            if (!ne) {
                free(ents);
                sqlite3_reset(s);
                return -1;
            }
            ents = ne;
            cap = nc;
        }
        ents[n++] = e;
        sqlite3_stmt *d = S(w, S_NAME_DEC);
        if (!d) break;
        sqlite3_bind_int64(d, 1, e);
        sqlite3_bind_value(d, 2, sqlite3_column_value(s, 1));
        if (run(d)) break;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(ents);
        return -1;
    }
    /* the name variants its mentions gave */
    sqlite3_stmt *v = S(w, S_OLD_VARIANTS);
    if (!v) {
        free(ents);
        return -1;
    }
    sqlite3_bind_int64(v, 1, id);
    while ((rc = sqlite3_step(v)) == SQLITE_ROW) {
        sqlite3_stmt *d = S(w, S_NAME_DEC);
        if (!d) break;
        sqlite3_bind_int64(d, 1, sqlite3_column_int64(v, 0));
        sqlite3_bind_value(d, 2, sqlite3_column_value(v, 1));
        if (run(d)) break;
    }
    sqlite3_reset(v);
    if (rc != SQLITE_DONE) {
        free(ents);
        return -1;
    }
    static const int dels[] = {S_DEL_MENT, S_DEL_ROLE, S_DEL_QUOTE, S_DEL_DATE, S_DEL_QTY, S_DEL_AE, S_DEL_LSH};
    for (size_t i = 0; i < sizeof dels / sizeof dels[0]; i++) {
        if (!(s = S(w, dels[i]))) goto fail;
        sqlite3_bind_int64(s, 1, id);
        if (run(s)) goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        static const int per[] = {S_ENT_DEC, S_NAME_GC, S_ENT_GC, S_ENT_DAYS};
        for (size_t k = 0; k < 4; k++) {
            if (!(s = S(w, per[k]))) goto fail;
            sqlite3_bind_int64(s, 1, ents[i]);
            if (run(s)) goto fail;
        }
    }
    free(ents);
    if (old_story > 0 && old_is_canonical) TRY(dp_stories_uncount(w->stories, old_story));
    return 0;
fail:
    free(ents);
    return -1;
}

/* One integer column of the first row of a statement; 0 when no row; -1 on error. */
static int64_t first_id(sqlite3_stmt *s, int *rows) {
    int rc = sqlite3_step(s);
    int64_t v = 0;
    *rows = 0;
    if (rc == SQLITE_ROW) {
        v = sqlite3_column_int64(s, 0);
        *rows = 1;
        if (sqlite3_step(s) == SQLITE_ROW) *rows = 2;
        rc = SQLITE_DONE;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? v : -1;
}

/* A new person with a full name: an earlier archive person known only by this
 * surname ("Plante", ingested before any "Valérie Plante") becomes this one,
 * when this is the only full-name person with that surname. Returns 0, or -1
 * on a database failure. */
static int merge_surname(writer *w, const rec *r, const ent_r *e, int64_t nid) {
    sqlite3_stmt *s;
    int rows;
    if (!(s = S(w, S_ENT_SURNAME))) return -1;
    bind_ref(s, 1, r, e->surname);
    if (first_id(s, &rows) < 0) return -1;
    if (rows != 1) return 0; /* two people share the surname: no guess */
    char sur[256];
    if (e->surname.len >= sizeof sur) return 0;
    memcpy(sur, r->pool + e->surname.off, e->surname.len);
    sur[e->surname.len] = 0;
    char *key = dp_store_entity_key("PER", sur);
    if (!key) return -1;
    if (!(s = S(w, S_ENT_KEY))) {
        free(key);
        return -1;
    }
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    free(key);
    int64_t old = first_id(s, &rows);
    if (old < 0) return -1;
    if (!rows || old == nid) return 0;
    static const int steps[] = {S_M_AE, S_M_MENT, S_M_ROLE, S_M_QUOTE, S_M_NAMES, S_M_NAMES_DEL, S_M_ENT, S_M_DEL};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        if (!(s = S(w, steps[k]))) return -1;
        sqlite3_bind_int64(s, 1, old);
        if (sqlite3_bind_parameter_count(s) >= 2) sqlite3_bind_int64(s, 2, nid);
        if (run(s)) return -1;
    }
    return 0;
}

/* The archive entity of an article entity: same type and folded name; a
 * person named by one word links to the only archive person with that
 * surname; else a new entity. */
static int64_t resolve_entity(writer *w, const rec *r, const ent_r *e) {
    sqlite3_stmt *s;
    int rows;
    int64_t id;
    if (e->type == DP_ENT_PER && e->surname.off == NONE) {
        if (!(s = S(w, S_ENT_SURNAME))) return -1;
        bind_ref(s, 1, r, e->folded);
        if ((id = first_id(s, &rows)) < 0) return -1;
        if (rows == 1) return id;
    }
    if (!(s = S(w, S_ENT_KEY))) return -1;
    bind_ref(s, 1, r, e->key);
    if ((id = first_id(s, &rows)) < 0) return -1;
    if (rows) return id;
    if (!(s = S(w, S_ENT_INS))) return -1;
    bind_ref(s, 1, r, e->name);
    sqlite3_bind_text(s, 2, dp_ent_name(e->type), -1, SQLITE_STATIC);
    bind_ref(s, 3, r, e->key);
    bind_ref(s, 4, r, e->surname);
    if (run(s)) return -1;
    int64_t nid = sqlite3_last_insert_rowid(w->db);
    if (e->type == DP_ENT_PER && e->surname.off != NONE && merge_surname(w, r, e, nid)) return -1;
    return nid;
}

static int write_article(writer *w, rec *r) {
    ingest *g = w->g;
    sqlite3_stmt *s;
    /* 1. the article row: replaced in place (same id) or new */
    TRY(!(s = S(w, S_FIND)));
    bind_ref(s, 1, r, r->ext_id);
    int64_t id = 0, old_story = 0;
    int old_canonical = 0;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        old_story = sqlite3_column_int64(s, 1);
        old_canonical = sqlite3_column_type(s, 2) == SQLITE_NULL;
        rc = SQLITE_DONE;
    }
    sqlite3_reset(s);
    TRY(rc != SQLITE_DONE);
    if (id) {
        TRY(remove_article_rows(w, id, old_story, old_canonical));
        w->txn.replaced++;
    }
    uint8_t sig[DP_MINHASH_K * 4];
    for (size_t i = 0; i < DP_MINHASH_K; i++)
        for (size_t b = 0; b < 4; b++) sig[i * 4 + b] = (uint8_t)(r->mh.h[i] >> (8 * b));
    TRY(!(s = S(w, id ? S_UPD_ART : S_INS_ART)));
    if (id) sqlite3_bind_int64(s, 1, id);
    else bind_ref(s, 1, r, r->ext_id);
    bind_ref(s, 2, r, r->title);
    bind_ref(s, 3, r, r->text);
    if (r->published[0]) sqlite3_bind_text(s, 4, r->published, -1, SQLITE_STATIC);
    if (r->has_day) sqlite3_bind_int64(s, 5, r->day);
    bind_ref(s, 6, r, r->url);
    bind_ref(s, 7, r, r->source);
    sqlite3_bind_int64(s, 8, r->words);
    if (r->shingles) sqlite3_bind_blob(s, 9, sig, sizeof sig, SQLITE_STATIC);
    TRY(run(s));
    if (!id) id = sqlite3_last_insert_rowid(w->db);
    TRY(fts_add(w, id));

    /* 2. near-duplicates: the most similar earlier article sharing a bucket */
    int64_t canonical = 0;
    double best = 0;
    if (r->shingles) {
        int64_t keys[DP_LSH_BANDS];
        dp_minhash_buckets(&r->mh, keys);
        double threshold = dp_dedup_threshold();
        for (size_t b = 0; b < DP_LSH_BANDS; b++) {
            TRY(!(s = S(w, S_LSH_FIND)));
            sqlite3_bind_int64(s, 1, keys[b]);
            sqlite3_bind_int64(s, 2, id);
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                int64_t cid = sqlite3_column_int64(s, 0);
                int64_t ccanon = sqlite3_column_type(s, 1) == SQLITE_NULL ? cid : sqlite3_column_int64(s, 1);
                const uint8_t *blob = sqlite3_column_blob(s, 2);
                if (ccanon == id || sqlite3_column_bytes(s, 2) != (int)sizeof sig || !blob) continue;
                dp_minhash other;
                for (size_t i = 0; i < DP_MINHASH_K; i++)
                    other.h[i] = (uint32_t)blob[i * 4] | (uint32_t)blob[i * 4 + 1] << 8 |
                                 (uint32_t)blob[i * 4 + 2] << 16 | (uint32_t)blob[i * 4 + 3] << 24;
                double sim = dp_minhash_similarity(&r->mh, &other);
                if (sim >= threshold && sim > best) {
                    best = sim;
                    canonical = ccanon;
                }
            }
            sqlite3_reset(s);
            TRY(rc != SQLITE_DONE);
        }
        for (size_t b = 0; b < DP_LSH_BANDS; b++) {
            TRY(!(s = S(w, S_LSH_INS)));
            sqlite3_bind_int64(s, 1, keys[b]);
            sqlite3_bind_int64(s, 2, id);
            TRY(run(s));
        }
        if (canonical) {
            TRY(!(s = S(w, S_SET_CANON)));
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_int64(s, 2, canonical);
            sqlite3_bind_double(s, 3, best);
            TRY(run(s));
            w->txn.duplicates++;
        }
    }

    /* 3. entities: archive-wide, one article_entities row per archive entity */
    if (w->ids_cap < r->nents + 1) {
        size_t cap = r->nents + 16;
        int64_t *ni = realloc(w->ids, cap * sizeof *ni);
        if (!ni) return -1;
        w->ids = ni;
        uint32_t *nm = realloc(w->idm, cap * sizeof *nm);
        if (!nm) return -1;
        w->idm = nm;
        w->ids_cap = cap;
    }
    size_t nids = 0;
    for (size_t i = 0; i < r->nents; i++) {
        ent_r *e = &r->ents[i];
        e->archive = 0;
        if (e->name.off == NONE || e->key.off == NONE) continue;
        int64_t aid = resolve_entity(w, r, e);
        TRY(aid <= 0);
        e->archive = aid;
        size_t k = 0;
        while (k < nids && w->ids[k] != aid) k++;
        if (k < nids) { /* two article entities, one archive entity */
            w->idm[k] += e->nmentions;
            continue;
        }
        w->ids[nids] = aid;
        w->idm[nids++] = e->nmentions;
        TRY(!(s = S(w, S_ENT_UPD)));
        sqlite3_bind_int64(s, 1, aid);
        if (r->has_day) sqlite3_bind_int64(s, 2, r->day);
        bind_ref(s, 3, r, e->name);
        TRY(run(s));
        TRY(!(s = S(w, S_NAME_UPS)));
        sqlite3_bind_int64(s, 1, aid);
        bind_ref(s, 2, r, e->name);
        bind_ref(s, 3, r, e->folded);
        TRY(run(s));
    }
    for (size_t k = 0; k < nids; k++) {
        size_t i = 0; /* the first article entity that resolved to it */
        while (r->ents[i].archive != w->ids[k]) i++;
        TRY(!(s = S(w, S_AE_INS)));
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, w->ids[k]);
        sqlite3_bind_int64(s, 3, (int64_t)i);
        bind_ref(s, 4, r, r->ents[i].name);
        sqlite3_bind_int64(s, 5, w->idm[k]);
        TRY(run(s));
    }
    for (size_t i = 0; i < r->nments; i++) {
        const ment_r *m = &r->ments[i];
        if (!r->ents[m->ent].archive) continue;
        TRY(!(s = S(w, S_MENT_INS)));
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, r->ents[m->ent].archive);
        sqlite3_bind_int64(s, 3, m->start);
        sqlite3_bind_int64(s, 4, m->end);
        bind_span(s, 5, r, m->start, m->end);
        TRY(run(s));
    }
    /* name variants: each distinct mention text that is not the entity's name in this
     * article ("Peskov", "Mme Plante" resolved), once per article (the first 64 among
     * its first 512 mentions: bounded work on a pathological article) */
    for (size_t i = 0, seen = 0; i < r->nments && i < 512 && seen < 64; i++) {
        const ment_r *m = &r->ments[i];
        const ent_r *e = &r->ents[m->ent];
        if (!e->archive || m->end <= m->start || m->end > r->text.len) continue;
        const char *t = r->pool + r->text.off + m->start;
        size_t tl = m->end - m->start;
        size_t fi = 0; /* the first article entity resolving to the same archive entity */
        while (fi < r->nents && r->ents[fi].archive != e->archive) fi++;
        const ent_r *first = &r->ents[fi];
        if (first->name.len == tl && !memcmp(r->pool + first->name.off, t, tl)) continue;
        int dup = 0; /* an earlier mention with the same entity and text */
        for (size_t j = 0; j < i && !dup; j++) {
            const ment_r *p = &r->ments[j];
            dup = r->ents[p->ent].archive == e->archive && p->end - p->start == tl &&
                  !memcmp(r->pool + r->text.off + p->start, t, tl);
        }
        if (dup) continue;
        char *f = dp_store_fold(t, tl, NULL);
        if (!f) continue; /* not UTF-8: no lookup key */
        seen++;
        TRY(!(s = S(w, S_NAME_UPS)));
        sqlite3_bind_int64(s, 1, e->archive);
        sqlite3_bind_text(s, 2, t, (int)tl, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, f, -1, SQLITE_TRANSIENT);
        int bad = run(s);
        free(f);
        TRY(bad);
    }
    for (size_t i = 0; i < r->nroles; i++) {
        const role_r *x = &r->roles[i];
        if (x->ent >= r->nents || !r->ents[x->ent].archive) continue;
        TRY(!(s = S(w, S_ROLE_INS)));
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, r->ents[x->ent].archive);
        bind_span(s, 3, r, x->start, x->end);
        TRY(run(s));
    }
    /* 4. quotes, dates, quantities */
    for (size_t i = 0; i < r->nquotes; i++) {
        const quote_r *q = &r->quotes[i];
        TRY(!(s = S(w, S_QUOTE_INS)));
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, q->start);
        sqlite3_bind_int64(s, 3, q->end);
        bind_span(s, 4, r, q->start, q->end);
        sqlite3_bind_text(s, 5, q->kind == DP_QUOTE_INDIRECT ? "indirect" : "direct", -1, SQLITE_STATIC);
        if (q->speaker >= 0 && (size_t)q->speaker < r->nents && r->ents[q->speaker].archive)
            sqlite3_bind_int64(s, 6, r->ents[q->speaker].archive);
        if (q->send > q->sstart) bind_span(s, 7, r, q->sstart, q->send);
        TRY(run(s));
    }
    for (size_t i = 0; i < r->ndates; i++) {
        const date_r *x = &r->dates[i];
        TRY(!(s = S(w, S_DATE_INS)));
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, x->start);
        sqlite3_bind_int64(s, 3, x->end);
        bind_span(s, 4, r, x->start, x->end);
        if (x->value[0]) sqlite3_bind_text(s, 5, x->value, -1, SQLITE_STATIC);
        TRY(run(s));
    }
    static const char *const qkinds[] = {"count", "money", "percent", "measure"};
    for (size_t i = 0; i < r->nqtys; i++) {
        const qty_r *x = &r->qtys[i];
        TRY(!(s = S(w, S_QTY_INS)));
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, x->start);
        sqlite3_bind_int64(s, 3, x->end);
        bind_span(s, 4, r, x->start, x->end);
        sqlite3_bind_double(s, 5, x->value);
        bind_ref(s, 6, r, x->unit);
        sqlite3_bind_text(s, 7, x->kind < 4 ? qkinds[x->kind] : "count", -1, SQLITE_STATIC);
        TRY(run(s));
    }

    /* 5. stories: canonical articles are clustered; a duplicate takes its original's story */
    if (canonical) {
        TRY(!(s = S(w, S_CANON_STORY)));
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, canonical);
        TRY(run(s));
    } else {
        /* entity ids most mentioned first (insertion sort: a few dozen) */
        for (size_t a = 1; a < nids; a++)
            for (size_t b = a; b > 0 && w->idm[b] > w->idm[b - 1]; b--) {
                int64_t ti = w->ids[b];
                w->ids[b] = w->ids[b - 1];
                w->ids[b - 1] = ti;
                uint32_t tm = w->idm[b];
                w->idm[b] = w->idm[b - 1];
                w->idm[b - 1] = tm;
            }
        dp_story_input in = {id,
                             r->has_day ? r->day : INT64_MIN,
                             w->ids,
                             w->idm,
                             nids,
                             ref_s(r, r->title),
                             r->pool + r->text.off,
                             r->text.len};
        int64_t story = 0; /* (dp_stories_assign sets articles.story) */
        if (dp_stories_assign(w->stories, &in, &story)) {
            snprintf(g->s->errmsg, sizeof g->s->errmsg, "story clustering failed on article %s: %s",
                     ref_s(r, r->ext_id), sqlite3_errmsg(w->db));
            return -2;
        }
    }
    w->txn.articles++;
    w->txn.bytes_done += r->bytes;
    return 0;
}

static int64_t count_stories(writer *w) {
    sqlite3_stmt *s;
    int64_t n = -1;
    if (sqlite3_prepare_v2(w->db, "SELECT count(*) FROM stories", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    return n;
}

static int commit(writer *w) {
    if (!w->in_txn) return 0;
    if (dp_stories_flush(w->stories) || fts_flush(w)) return -1;
    if (sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return -1;
    w->in_txn = 0;
    dp_ingest_stats *st = &w->g->st;
    st->articles += w->txn.articles;
    st->replaced += w->txn.replaced;
    st->duplicates += w->txn.duplicates;
    st->bytes_done += w->txn.bytes_done;
    w->txn = (dp_ingest_stats){0};
    w->pending = 0;
    clock_gettime(CLOCK_MONOTONIC, &w->last_commit);
    return 0;
}

static void writer_fail(writer *w, const char *what) {
    ingest *g = w->g;
    if (g->result == DP_OK) {
        if (what) dp_store_fail(g->s, what);
        g->result = DP_ERR_STORE;
        g->err = (dp_error){DP_ERR_STORE, "the archive could not be written", 0};
    }
    atomic_store(&g->stop, 1);
    if (w->in_txn) sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
    dp_stories_discard(w->stories);
    fts_forget(w);
    w->in_txn = 0;
    w->txn = (dp_ingest_stats){0};
}

static void progress(writer *w, int final) {
    ingest *g = w->g;
    if (!g->o->progress) return;
    double t = elapsed(&g->t0);
    if (!final && t - w->last_progress < 0.2) return;
    w->last_progress = t;
    dp_ingest_stats st = g->st;
    st.articles += w->txn.articles;
    st.duplicates += w->txn.duplicates;
    st.replaced += w->txn.replaced;
    st.bytes_done += w->txn.bytes_done;
    st.seconds = t;
    g->o->progress(g->o->progress_ctx, &st);
}

static void handle(writer *w, rec *r) {
    ingest *g = w->g;
    if (atomic_load(&g->stop)) return;
    if (r->st) {
        g->st.bad++;
        g->st.bytes_done += r->bytes;
        if (g->o->report) g->o->report(g->o->report_ctx, r->input, r->line, &r->err);
        if (!g->o->skip_bad) {
            if (g->result == DP_OK) {
                g->result = r->st;
                g->err = r->err;
            }
            atomic_store(&g->stop, 1);
        }
        return;
    }
    if (!w->in_txn) {
        if (sqlite3_exec(w->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
            writer_fail(w, "cannot start a transaction");
            return;
        }
        w->in_txn = 1;
    }
    int rc = write_article(w, r);
    if (rc) {
        writer_fail(w, rc == -2 ? NULL : "cannot store an article");
        return;
    }
    unsigned batch = g->o->batch ? g->o->batch : 2048;
    if (++w->pending >= batch || elapsed(&w->last_commit) > 1.0) {
        if (commit(w)) writer_fail(w, "cannot commit");
    }
    progress(w, 0);
}

/* The reorder buffer: a record waits in slot[seq % cap] until every earlier
 * one is written; cap grows with the distance from the next one expected. */
typedef struct reorder {
    rec **slot;
    size_t cap;
} reorder;

static int ro_put(reorder *o, uint64_t next, rec *r) {
    if (r->seq - next >= o->cap) {
        size_t cap = o->cap ? o->cap : 64;
        while (r->seq - next >= cap) cap *= 2;
        rec **ns = calloc(cap, sizeof *ns);
        if (!ns) return -1;
        for (size_t i = 0; i < o->cap; i++)
            if (o->slot[i]) ns[o->slot[i]->seq % cap] = o->slot[i];
        free(o->slot);
        o->slot = ns;
        o->cap = cap;
    }
    o->slot[r->seq % o->cap] = r;
    return 0;
}

static rec *ro_take(reorder *o, uint64_t next) {
    if (!o->cap || !o->slot[next % o->cap]) return NULL;
    rec *r = o->slot[next % o->cap];
    o->slot[next % o->cap] = NULL;
    return r;
}

static void *writer_main(void *arg) {
    writer *w = arg;
    ingest *g = w->g;
    /* FTS5 writes its pending terms out as a segment past 1 MB of them (its
     * 'hashsize'): 16 MB holds a commit's articles, so each commit makes one
     * segment and there is less to merge (a setting kept in the FTS tables'
     * config, written once; the index content is the same; a failure here
     * costs only speed) */
    sqlite3_exec(w->db,
                 "INSERT INTO articles_fts(articles_fts, rank) SELECT 'hashsize', 16777216 WHERE NOT EXISTS "
                 "(SELECT 1 FROM articles_fts_config WHERE k = 'hashsize' AND v = 16777216);"
                 "INSERT INTO quotes_fts(quotes_fts, rank) SELECT 'hashsize', 16777216 WHERE NOT EXISTS "
                 "(SELECT 1 FROM quotes_fts_config WHERE k = 'hashsize' AND v = 16777216)",
                 NULL, NULL, NULL);
    clock_gettime(CLOCK_MONOTONIC, &w->last_commit);
    int64_t stories0 = count_stories(w);
    reorder held = {NULL, 0}; /* records ahead of their turn */
    uint64_t next = 0;
    for (rec *batch; (batch = rq_pop_all(&g->recs)) != NULL;) {
        while (batch) {
            rec *n = batch->next;
            if (ro_put(&held, next, batch)) { /* out of memory: stop, the records are dropped */
                if (g->result == DP_OK) {
                    g->result = DP_ERR_NOMEM;
                    g->err = (dp_error){DP_ERR_NOMEM, "out of memory", 0};
                }
                atomic_store(&g->stop, 1);
                rec_free(batch);
            }
            batch = n;
        }
        for (rec *r; (r = ro_take(&held, next)) != NULL; next++) {
            handle(w, r);
            rec_free(r);
        }
    }
    /* closed with records still held: a sequence number never came (a worker out of memory) */
    for (size_t i = 0; i < held.cap; i++) rec_free(held.slot[i]);
    free(held.slot);
    if (g->result == DP_OK || g->result != DP_ERR_STORE) {
        if (commit(w)) writer_fail(w, "cannot commit");
    }
    int64_t stories1 = count_stories(w);
    if (stories0 >= 0 && stories1 >= stories0) g->st.stories = (uint64_t)(stories1 - stories0);
    g->st.writer_cpu = thread_cpu();
    progress(w, 1);
    return NULL;
}

/* ---- reader (the caller's thread) ---------------------------------------------- */

static int ends_with(const char *s, const char *suf) {
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static dp_status push(ingest *g, uint64_t *seq, const char *input, long line, int json, char *data, size_t len,
                      size_t bytes) {
    job *j = malloc(sizeof *j);
    if (!j) {
        free(data);
        return DP_ERR_NOMEM;
    }
    *j = (job){(*seq)++, input, line, json, data, len, bytes, NULL};
    jq_push(&g->jobs, j);
    return DP_OK;
}

static dp_status read_input(ingest *g, const char *name, uint64_t *seq, dp_error *err) {
    int is_stdin = strcmp(name, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(name, "rb");
    if (!f) {
        *err = (dp_error){DP_ERR_IO, "cannot open an input file", 0};
        return DP_ERR_IO;
    }
    const char *label = is_stdin ? "stdin" : name;
    dp_status st = DP_OK;
    if (g->o->ndjson || ends_with(name, ".ndjson") || ends_with(name, ".jsonl")) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        long lineno = 0;
        while (!atomic_load(&g->stop) && (len = getline(&line, &cap, f)) != -1) {
            lineno++;
            size_t n = (size_t)len;
            while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
            size_t k = 0;
            while (k < n && (line[k] == ' ' || line[k] == '\t')) k++;
            if (k == n) continue; /* blank lines carry no article */
            char *copy = malloc(n + 1);
            if (!copy) {
                st = DP_ERR_NOMEM;
                break;
            }
            memcpy(copy, line, n);
            copy[n] = 0;
            if ((st = push(g, seq, label, lineno, 1, copy, n, (size_t)len)) != DP_OK) break;
        }
        free(line);
    } else {
        size_t cap = 1 << 16, n = 0;
        char *buf = malloc(cap);
        for (;;) {
            if (!buf) {
                st = DP_ERR_NOMEM;
                break;
            }
            if (cap - n < 2) {
                char *nb = realloc(buf, cap * 2);
                if (!nb) {
                    free(buf);
                    buf = NULL;
                    continue;
                }
                buf = nb;
                cap *= 2;
            }
            size_t r = fread(buf + n, 1, cap - n - 1, f);
            n += r;
            if (r == 0) break;
        }
        if (buf && !ferror(f)) {
            buf[n] = 0;
            /* a .json file holds one JSON article (as `depeche analyze` reads it) */
            st = push(g, seq, label, 0, ends_with(name, ".json"), buf, n, n);
            buf = NULL;
        }
        free(buf);
    }
    if (st == DP_OK && ferror(f)) {
        *err = (dp_error){DP_ERR_IO, "cannot read an input file", 0};
        st = DP_ERR_IO;
    } else if (st == DP_ERR_NOMEM) {
        *err = (dp_error){DP_ERR_NOMEM, "out of memory", 0};
    }
    if (!is_stdin) fclose(f);
    return st;
}

dp_status dp_store_ingest(dp_store *s, const dp_ingest_opts *o, dp_ingest_stats *out, dp_error *err) {
    dp_error e0 = {DP_OK, NULL, 0};
    if (!err) err = &e0;
    *err = (dp_error){DP_OK, NULL, 0};
    if (out) *out = (dp_ingest_stats){0};
    if (!s || !o) {
        *err = (dp_error){DP_ERR_ARG, "no archive or no options", 0};
        return DP_ERR_ARG;
    }
    if (s->flags & DP_STORE_READONLY) {
        *err = (dp_error){DP_ERR_ARG, "the archive is open read-only", 0};
        return DP_ERR_ARG;
    }
    s->errmsg[0] = 0;
    static const char *const std_in[] = {"-"};
    const char *const *inputs = o->ninputs ? o->inputs : std_in;
    size_t ninputs = o->ninputs ? o->ninputs : 1;
    unsigned threads = o->threads;
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 1;
    }
    if (threads > 256) threads = 256;

    ingest *g = calloc(1, sizeof *g);
    writer *w = calloc(1, sizeof *w);
    pthread_t *tids = calloc(threads, sizeof *tids);
    if (w) w->stories = dp_stories_open(s->db);
    if (!g || !w || !tids || !w->stories) {
        if (w) dp_stories_close(w->stories);
        free(g);
        free(w);
        free(tids);
        *err = (dp_error){DP_ERR_NOMEM, "out of memory", 0};
        return DP_ERR_NOMEM;
    }
    g->s = s;
    g->o = o;
    q_init(&g->jobs, 16 * (size_t)threads);
    q_init(&g->recs, 0);
    atomic_init(&g->stop, 0);
    atomic_init(&g->workers_left, threads);
    pthread_mutex_init(&g->cpu_mu, NULL);
    clock_gettime(CLOCK_MONOTONIC, &g->t0);
    for (size_t i = 0; i < ninputs; i++) {
        struct stat sb;
        if (strcmp(inputs[i], "-") == 0 || stat(inputs[i], &sb) || !S_ISREG(sb.st_mode)) {
            g->st.bytes_total = 0;
            break;
        }
        g->st.bytes_total += (uint64_t)sb.st_size;
    }
    w->g = g;
    w->db = s->db;

    dp_status st = DP_OK;
    pthread_t wt;
    unsigned started = 0;
    int writer_started = pthread_create(&wt, NULL, writer_main, w) == 0;
    if (writer_started)
        for (; started < threads; started++)
            if (pthread_create(&tids[started], NULL, worker_main, g)) break;
    if (!writer_started || !started) {
        st = DP_ERR_NOMEM;
        *err = (dp_error){DP_ERR_NOMEM, "cannot start threads", 0};
        atomic_store(&g->stop, 1);
    }
    if (started < threads) atomic_fetch_sub(&g->workers_left, threads - started);
    if (!started) q_close(&g->recs);

    uint64_t seq = 0;
    for (size_t i = 0; i < ninputs && st == DP_OK && !atomic_load(&g->stop); i++) {
        dp_error re = {DP_OK, NULL, 0};
        if ((st = read_input(g, inputs[i], &seq, &re)) != DP_OK) {
            *err = re;
            if (o->report) o->report(o->report_ctx, strcmp(inputs[i], "-") ? inputs[i] : "stdin", 0, &re);
            if (st == DP_ERR_IO && o->skip_bad) st = DP_OK; /* an unreadable file is skipped like a bad line */
            else atomic_store(&g->stop, 1);
        }
    }
    q_close(&g->jobs);
    for (unsigned i = 0; i < started; i++) pthread_join(tids[i], NULL);
    if (writer_started) pthread_join(wt, NULL);
    /* jobs left when no worker ran */
    for (job *j; (j = jq_pop(&g->jobs)) != NULL;) {
        free(j->data);
        free(j);
    }
    if (st == DP_OK && g->result != DP_OK) {
        st = g->result;
        *err = g->err;
    }
    g->st.seconds = elapsed(&g->t0);
    g->st.analysis_cpu = g->analysis_cpu;
    if (out) *out = g->st;
    pthread_mutex_destroy(&g->cpu_mu);
    for (size_t i = 0; i < S_COUNT; i++) sqlite3_finalize(w->st[i]);
    dp_stories_close(w->stories);
    free(w->fts);
    free(w->fts_set);
    free(w->ids);
    free(w->idm);
    q_destroy(&g->jobs);
    q_destroy(&g->recs);
    free(tids);
    free(w);
    free(g);
    return st;
}
