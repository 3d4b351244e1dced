/* stories_eval.c — drives the story clustering (src/store/stories.c) without
 * the ingest: reads NDJSON articles ({"id", "published", "title", "text"}),
 * analyses each with the shipped models, resolves its entities to archive
 * rows by a folded key (type + lower-cased, accent-free name; insert or
 * get), inserts a minimal articles row and calls dp_stories_assign with
 * one context, as the ingest does, timing those calls and the final
 * dp_stories_flush alone. The database is built in memory from the schema file and
 * written to --db at the end (VACUUM INTO) for inspection.
 *
 *   stories_eval --schema src/store/schema.sql --db out.db < articles.jsonl
 *
 * See tools/stories-eval.sh and docs/stories.md. */
#define _POSIX_C_SOURCE 200809L
#include "depeche.h"
#include "doc.h"
#include "store/stories.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <utf8proc.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s) s[n] = 0;
    fclose(f);
    return s;
}

typedef struct ent {
    int64_t id;
    uint32_t mentions;
} ent;

static int cmp_ent(const void *a, const void *b) {
    const ent *x = a, *y = b;
    if (x->mentions != y->mentions) return x->mentions > y->mentions ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

int main(int argc, char **argv) {
    const char *schema = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--schema") && i + 1 < argc) schema = argv[++i];
        else if (!strcmp(argv[i], "--db") && i + 1 < argc) out = argv[++i];
        else {
            fprintf(stderr, "usage: stories_eval --schema schema.sql [--db out.db] < articles.jsonl\n");
            return 2;
        }
    }
    if (!schema) {
        fprintf(stderr, "stories_eval: --schema is required\n");
        return 2;
    }
    char *sql = read_file(schema);
    if (!sql) {
        perror(schema);
        return 1;
    }
    sqlite3 *db = NULL;
    char *msg = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "stories_eval: schema: %s\n", msg ? msg : sqlite3_errmsg(db));
        return 1;
    }
    free(sql);
    dp_error err = {0};
    dp_models *models = dp_models_load(dp_models_default_dir(), &err);
    if (!models) {
        fprintf(stderr, "stories_eval: models: %s\n", err.message ? err.message : "?");
        return 1;
    }
    dp_doc *doc = dp_doc_new();
    dp_doc_set_models(doc, models);

    sqlite3_stmt *ins_ent = NULL, *ins_art = NULL;
    sqlite3_prepare_v2(db,
                       "INSERT INTO entities(name, type, key, articles) VALUES(?1, ?2, ?3, 1) "
                       "ON CONFLICT(key) DO UPDATE SET articles = articles + 1, "
                       "name = CASE WHEN length(excluded.name) > length(name) THEN excluded.name ELSE name END "
                       "RETURNING id",
                       -1, &ins_ent, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO articles(ext_id, title, text, published, day, words) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                       -1, &ins_art, NULL);
    if (!ins_ent || !ins_art) {
        fprintf(stderr, "stories_eval: %s\n", sqlite3_errmsg(db));
        return 1;
    }

    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t narticles = 0, nerr = 0;
    double t_assign = 0, t_all0 = now();
    ent *ents = NULL;
    size_t ents_cap = 0;
    int64_t *ids = NULL;
    uint32_t *ments = NULL;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    dp_stories *sc = dp_stories_open(db);
    if (!sc) return 1;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        dp_doc_reset(doc);
        if (dp_doc_read_json(doc, line, (size_t)len, &err) != DP_OK || dp_doc_finish(doc, 0, &err) != DP_OK) {
            nerr++;
            continue;
        }
        size_t tlen = 0, ne = 0;
        const char *text = dp_doc_text(doc, &tlen);
        const dp_entity *de = dp_doc_entities(doc, &ne);
        if (ne > ents_cap) {
            ents_cap = ne * 2;
            ents = realloc(ents, ents_cap * sizeof *ents);
            ids = realloc(ids, ents_cap * sizeof *ids);
            ments = realloc(ments, ents_cap * sizeof *ments);
            if (!ents || !ids || !ments) return 1;
        }
        size_t n = 0;
        for (size_t i = 0; i < ne; i++) {
            const char *name = text + de[i].name.nstart;
            size_t nl = de[i].name.nend - de[i].name.nstart;
            const char *type = dp_ent_name(de[i].type);
            if (!nl || !type) continue;
            utf8proc_uint8_t *folded = NULL;
            char *nm = strndup(name, nl);
            utf8proc_map((const utf8proc_uint8_t *)nm, (utf8proc_ssize_t)nl, &folded,
                         UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPAT);
            char key[512];
            snprintf(key, sizeof key, "%s:%s", type, folded ? (const char *)folded : nm);
            free(folded);
            sqlite3_reset(ins_ent);
            sqlite3_bind_text(ins_ent, 1, nm, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins_ent, 2, type, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins_ent, 3, key, -1, SQLITE_TRANSIENT);
            free(nm);
            if (sqlite3_step(ins_ent) != SQLITE_ROW) continue;
            int64_t id = sqlite3_column_int64(ins_ent, 0);
            sqlite3_reset(ins_ent);
            size_t k = 0;
            while (k < n && ents[k].id != id) k++;
            if (k < n) ents[k].mentions += de[i].nmentions;
            else ents[n++] = (ent){id, de[i].nmentions};
        }
        /* an entity met twice in one article was counted twice in `articles`: fine for a harness */
        qsort(ents, n, sizeof *ents, cmp_ent);
        for (size_t i = 0; i < n; i++) {
            ids[i] = ents[i].id;
            ments[i] = ents[i].mentions;
        }
        dp_date pub;
        int64_t day = INT64_MIN;
        char pubs[32] = "";
        if (dp_doc_published(doc, &pub) && pub.month && pub.day) {
            day = days_from_civil(pub.year, pub.month, pub.day);
            snprintf(pubs, sizeof pubs, "%04d-%02d-%02d", (int)pub.year, (int)pub.month, (int)pub.day);
        }
        /* the caller's id and title (white box: the doc's metadata) */
        char idbuf[64];
        if (doc->id.s) snprintf(idbuf, sizeof idbuf, "%.*s", (int)doc->id.len, doc->id.s);
        else snprintf(idbuf, sizeof idbuf, "#%zu", narticles + 1);
        const char *title = doc->title.s;
        sqlite3_reset(ins_art);
        sqlite3_bind_text(ins_art, 1, idbuf, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_art, 2, title, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_art, 3, text, (int)tlen, SQLITE_STATIC);
        if (*pubs) sqlite3_bind_text(ins_art, 4, pubs, -1, SQLITE_STATIC);
        else sqlite3_bind_null(ins_art, 4);
        if (day != INT64_MIN) sqlite3_bind_int64(ins_art, 5, day);
        else sqlite3_bind_null(ins_art, 5);
        sqlite3_bind_int64(ins_art, 6, 0);
        if (sqlite3_step(ins_art) != SQLITE_DONE) {
            fprintf(stderr, "stories_eval: article: %s\n", sqlite3_errmsg(db));
            return 1;
        }
        int64_t aid = sqlite3_last_insert_rowid(db);
        dp_story_input in = {aid, day, ids, ments, n, title, text, tlen};
        int64_t story = 0;
        double t0 = now();
        dp_status s = dp_stories_assign(sc, &in, &story);
        t_assign += now() - t0;
        if (s != DP_OK) {
            fprintf(stderr, "stories_eval: dp_stories_assign: %d (%s)\n", (int)s, sqlite3_errmsg(db));
            return 1;
        }
        narticles++;
    }
    double t0 = now();
    if (dp_stories_flush(sc) != DP_OK) {
        fprintf(stderr, "stories_eval: dp_stories_flush: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    t_assign += now() - t0;
    dp_stories_close(sc);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    double t_all = now() - t_all0;
    sqlite3_finalize(ins_ent);
    sqlite3_finalize(ins_art);
    free(line);
    free(ents);
    free(ids);
    free(ments);
    dp_doc_free(doc);
    dp_models_free(models);

    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "SELECT count(*), sum(articles = 1), max(articles) FROM stories", -1, &st, NULL);
    if (sqlite3_step(st) == SQLITE_ROW)
        printf("articles %zu (skipped %zu), stories %lld, singletons %lld, largest %lld\n", narticles, nerr,
               sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
    sqlite3_finalize(st);
    printf("clustering %.3f s (%.0f articles/s, %.0f us/article); analysis + harness %.1f s\n", t_assign,
           t_assign > 0 ? (double)narticles / t_assign : 0.0, narticles ? t_assign * 1e6 / (double)narticles : 0.0,
           t_all - t_assign);
    if (out) {
        remove(out);
        sqlite3_prepare_v2(db, "VACUUM INTO ?1", -1, &st, NULL);
        sqlite3_bind_text(st, 1, out, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) fprintf(stderr, "stories_eval: %s: %s\n", out, sqlite3_errmsg(db));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return 0;
}
