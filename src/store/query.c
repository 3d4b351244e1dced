/* query.c — the archive's questions (query.h, docs/store.md).
 *
 * Every query is a few prepared statements over the schema of schema.sql,
 * each bounded by an index (FTS5, entity ids, days) and a LIMIT, so a
 * question costs milliseconds whatever the archive's size. Results go out
 * as text for people (aligned, highlights in brackets) or as one JSON
 * document; both through the caller's write function. */
#include "store/query.h"
#include "store/store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Output ------------------------------------------------------------------ */

static void put(dp_qout *o, const char *s, size_t n) {
    if (!o->failed && n && o->write(o->ctx, s, n)) o->failed = 1;
}
static void puts_(dp_qout *o, const char *s) { put(o, s, strlen(s)); }

static void putf(dp_qout *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(dp_qout *o, const char *fmt, ...) {
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    if (n > 0) put(o, b, (size_t)n < sizeof b ? (size_t)n : sizeof b - 1);
}

/* A JSON string (NULL: null). Bytes below 0x20 escaped; the text is UTF-8 from the store. */
static void jstr(dp_qout *o, const char *s) {
    if (!s) {
        puts_(o, "null");
        return;
    }
    static const char hex[] = "0123456789abcdef";
    put(o, "\"", 1);
    size_t a = 0, i = 0;
    for (; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        put(o, s + a, i - a);
        a = i + 1;
        if (c == '"') puts_(o, "\\\"");
        else if (c == '\\') puts_(o, "\\\\");
        else if (c == '\n') puts_(o, "\\n");
        else if (c == '\t') puts_(o, "\\t");
        else {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(o, e, 6);
        }
    }
    put(o, s + a, i - a);
    put(o, "\"", 1);
}

static void jkey(dp_qout *o, const char *k, int first) {
    if (!first) put(o, ",", 1);
    jstr(o, k);
    put(o, ":", 1);
}

/* Dates ------------------------------------------------------------------ */

long dp_store_day(const char *s, size_t n) {
    if (!s || n < 10) return -1;
    int v[3] = {0, 0, 0}, idx[3][2] = {{0, 4}, {5, 7}, {8, 10}};
    if (s[4] != '-' || s[7] != '-') return -1;
    for (int f = 0; f < 3; f++)
        for (int i = idx[f][0]; i < idx[f][1]; i++) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v[f] = v[f] * 10 + (s[i] - '0');
        }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) return -1;
    return (long)dp_store_days(v[0], v[1], v[2]); /* the day numbers ingest stores (store.h) */
}

/* "YYYY-MM-DD" of a day count (buf of 11 bytes). */
static const char *day_str(long z, char *buf) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    unsigned yy = (unsigned)(y < 0 ? 0 : y % 10000), mm = (unsigned)(m % 100), dd = (unsigned)(d % 100);
    buf[0] = (char)('0' + yy / 1000), buf[1] = (char)('0' + yy / 100 % 10), buf[2] = (char)('0' + yy / 10 % 10);
    buf[3] = (char)('0' + yy % 10), buf[4] = '-', buf[5] = (char)('0' + mm / 10), buf[6] = (char)('0' + mm % 10);
    buf[7] = '-', buf[8] = (char)('0' + dd / 10), buf[9] = (char)('0' + dd % 10), buf[10] = 0;
    return buf;
}

/* Names ------------------------------------------------------------------- */

/* A name folded as the store folds names (store.h); bytes that are not
 * UTF-8 fold as ASCII, so any query string gives a key. */
static char *fold(const char *s, size_t n) {
    char *f = dp_store_fold(s, n, NULL);
    if (f) return f;
    f = malloc(n + 1);
    if (!f) return NULL;
    for (size_t i = 0; i < n; i++) f[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    f[n] = 0;
    return f;
}

/* Statements -------------------------------------------------------------- */

static dp_status sql_err(sqlite3 *db, dp_error *err, const char *what) {
    if (err) *err = (dp_error){DP_ERR_STORE, what, 0};
    (void)db;
    return DP_ERR_STORE;
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return NULL;
    return st;
}

static const char *col(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

/* The entity a name designates: an exact variant (folded), the most used
 * one; else a name that starts with it. 0 when none. */
static sqlite3_int64 find_entity(sqlite3 *db, const char *name, dp_error *err, dp_status *status) {
    *status = DP_OK;
    char *f = fold(name, strlen(name));
    if (!f) {
        *status = DP_ERR_NOMEM;
        return 0;
    }
    sqlite3_int64 id = 0;
    sqlite3_stmt *st = prep(db, "SELECT n.entity FROM entity_names n JOIN entities e ON e.id = n.entity "
                                "WHERE n.folded = ?1 GROUP BY n.entity ORDER BY sum(n.count) DESC, e.articles DESC "
                                "LIMIT 1");
    if (!st) {
        free(f);
        *status = sql_err(db, err, "the archive cannot be read (schema?)");
        return 0;
    }
    sqlite3_bind_text(st, 1, f, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!id) {
        st = prep(db, "SELECT n.entity FROM entity_names n JOIN entities e ON e.id = n.entity "
                      "WHERE n.folded >= ?1 AND n.folded < ?1 || x'ff' GROUP BY n.entity "
                      "ORDER BY e.articles DESC LIMIT 1");
        if (st) {
            sqlite3_bind_text(st, 1, f, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
    if (!id) { /* a surname alone: the person whose name ends with it, when only one does */
        st = prep(db, "SELECT DISTINCT n.entity FROM entity_names n JOIN entities e ON e.id = n.entity "
                      "WHERE e.type = 'PER' AND n.folded LIKE '% ' || ?1 ESCAPE '\\' LIMIT 2");
        if (st) {
            sqlite3_bind_text(st, 1, f, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW) {
                sqlite3_int64 one = sqlite3_column_int64(st, 0);
                if (sqlite3_step(st) != SQLITE_ROW) id = one;
            }
            sqlite3_finalize(st);
        }
    }
    free(f);
    return id;
}

static dp_status not_found(const char *name, dp_qout *o, dp_error *err) {
    (void)name;
    (void)o;
    if (err) *err = (dp_error){DP_ERR_NOT_FOUND, "no entity of that name in the archive", 0};
    return DP_ERR_NOT_FOUND;
}

/* Search ------------------------------------------------------------------ */

/* A query FTS5 accepts as written ("crise AND Minsk", "\"visite de travail\""),
 * else its words as one implicit AND of quoted terms. */
static char *quote_terms(const char *q) {
    size_t n = strlen(q);
    char *out = malloc(3 * n + 3);
    if (!out) return NULL;
    size_t k = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)q[i];
        int word = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c == '\'' || c == '-';
        if (word && c != '"') {
            if (!in) out[k++] = '"', in = 1;
            out[k++] = (char)c;
        } else if (in) {
            out[k++] = '"', out[k++] = ' ', in = 0;
        }
    }
    if (in) out[k++] = '"';
    out[k] = 0;
    /* the operators of a query that did not parse are not words to find */
    static const char *const ops[] = {"\"AND\"", "\"OR\"", "\"NOT\"", "\"NEAR\"", NULL};
    for (int i = 0; ops[i]; i++) {
        size_t l = strlen(ops[i]);
        for (char *p = strstr(out, ops[i]); p; p = strstr(p, ops[i]))
            if ((p == out || p[-1] == ' ') && (p[l] == 0 || p[l] == ' ')) memset(p, ' ', l);
            else p += l;
    }
    return out;
}

/* The snippet marked with \x02 … \x03: as text with brackets, or as JSON
 * "snippet" plus "marks" (byte ranges of the highlighted words in it). */
static void put_snippet(dp_qout *o, const char *s) {
    if (!s) s = "";
    size_t n = strlen(s);
    char *clean = malloc(n + 1);
    size_t *marks = malloc((n + 1) * sizeof *marks);
    if (!clean || !marks) {
        free(clean);
        free(marks);
        o->failed = 1;
        return;
    }
    size_t k = 0, nm = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\x02' || s[i] == '\x03') {
            if (o->json) marks[nm++] = k;
            else clean[k++] = s[i] == '\x02' ? '[' : ']';
            continue;
        }
        clean[k++] = s[i] == '\n' ? ' ' : s[i];
    }
    clean[k] = 0;
    if (o->json) {
        jkey(o, "snippet", 0);
        jstr(o, clean);
        jkey(o, "marks", 0);
        put(o, "[", 1);
        for (size_t m = 0; m + 1 < nm; m += 2) putf(o, "%s[%zu,%zu]", m ? "," : "", marks[m], marks[m + 1]);
        put(o, "]", 1);
    } else {
        puts_(o, "    ");
        put(o, clean, k);
        put(o, "\n", 1);
    }
    free(clean);
    free(marks);
}

dp_status dp_query_search(sqlite3 *db, const char *query, const dp_search_opts *opt, dp_qout *o, dp_error *err) {
    dp_search_opts none = {0};
    if (!opt) opt = &none;
    if (!query || !*query) {
        if (err) *err = (dp_error){DP_ERR_ARG, "empty search", 0};
        return DP_ERR_ARG;
    }
    sqlite3_int64 ent = 0;
    if (opt->entity) {
        dp_status s;
        ent = find_entity(db, opt->entity, err, &s);
        if (s) return s;
        if (!ent) return not_found(opt->entity, o, err);
    }
    int limit = opt->limit > 0 ? opt->limit : 20;
    const char *sql =
        "SELECT a.id, a.ext_id, a.title, a.published, a.source, c.ext_id, "
        "snippet(articles_fts, 1, char(2), char(3), '…', 24), bm25(articles_fts, 3.0, 1.0), "
        "(SELECT count(*) FROM articles d WHERE d.canonical = a.id) "
        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        "LEFT JOIN articles c ON c.id = a.canonical "
        "WHERE articles_fts MATCH ?1 AND (?2 IS NULL OR a.day >= ?2) AND (?3 IS NULL OR a.day <= ?3) "
        "AND (?4 IS NULL OR a.source = ?4) "
        "AND (?5 IS NULL OR EXISTS (SELECT 1 FROM article_entities x WHERE x.article = a.id AND x.entity = ?5)) "
        "ORDER BY bm25(articles_fts, 3.0, 1.0) LIMIT ?6 OFFSET ?7";
    sqlite3_stmt *st = prep(db, sql);
    if (!st) return sql_err(db, err, "the archive cannot be searched (schema?)");
    char *alt = NULL;
    int attempt = 0;
    int rc;
    size_t nhits = 0;
again:
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, attempt ? alt : query, -1, SQLITE_TRANSIENT);
    long from = opt->from ? dp_store_day(opt->from, strlen(opt->from)) : -1;
    long to = opt->to ? dp_store_day(opt->to, strlen(opt->to)) : -1;
    if (from >= 0) sqlite3_bind_int64(st, 2, from);
    else sqlite3_bind_null(st, 2);
    if (to >= 0) sqlite3_bind_int64(st, 3, to);
    else sqlite3_bind_null(st, 3);
    if (opt->source) sqlite3_bind_text(st, 4, opt->source, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, 4);
    if (ent) sqlite3_bind_int64(st, 5, ent);
    else sqlite3_bind_null(st, 5);
    sqlite3_bind_int(st, 6, limit);
    sqlite3_bind_int(st, 7, opt->offset > 0 ? opt->offset : 0);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ERROR && !attempt) { /* an FTS5 syntax error: the words as plain terms */
        alt = quote_terms(query);
        if (!alt) {
            sqlite3_finalize(st);
            return DP_ERR_NOMEM;
        }
        attempt = 1;
        goto again;
    }
    if (o->json) {
        puts_(o, "{\"query\":");
        jstr(o, query);
        puts_(o, ",\"hits\":[");
    }
    for (; rc == SQLITE_ROW; rc = sqlite3_step(st), nhits++) {
        sqlite3_int64 id = sqlite3_column_int64(st, 0);
        int copies = sqlite3_column_int(st, 8);
        if (o->json) {
            if (nhits) put(o, ",", 1);
            put(o, "{", 1);
            jkey(o, "id", 1);
            jstr(o, col(st, 1));
            jkey(o, "title", 0);
            jstr(o, col(st, 2));
            jkey(o, "published", 0);
            jstr(o, col(st, 3));
            jkey(o, "source", 0);
            jstr(o, col(st, 4));
            jkey(o, "canonical", 0);
            jstr(o, col(st, 5));
            jkey(o, "score", 0);
            putf(o, "%.4f", -sqlite3_column_double(st, 7));
            put_snippet(o, col(st, 6));
        } else {
            putf(o, "%zu. ", nhits + 1 + (size_t)(opt->offset > 0 ? opt->offset : 0));
            puts_(o, col(st, 2) ? col(st, 2) : "(no title)");
            putf(o, "\n    id %s", col(st, 1));
            if (col(st, 3)) putf(o, " · %s", col(st, 3));
            if (col(st, 4)) putf(o, " · %s", col(st, 4));
            if (col(st, 5)) putf(o, " · copy of %s", col(st, 5));
            put(o, "\n", 1);
            put_snippet(o, col(st, 6));
        }
        /* the copies of an original, with their sources */
        if (copies > 0) {
            sqlite3_stmt *cs = prep(db, "SELECT ext_id, source, similarity FROM articles WHERE canonical = ?1 "
                                        "ORDER BY id LIMIT 10");
            if (cs) {
                sqlite3_bind_int64(cs, 1, id);
                if (o->json) jkey(o, "copies", 0), put(o, "[", 1);
                else putf(o, "    %d cop%s:", copies, copies > 1 ? "ies" : "y");
                for (int k = 0; sqlite3_step(cs) == SQLITE_ROW; k++) {
                    if (o->json) {
                        putf(o, "%s{\"id\":", k ? "," : "");
                        jstr(o, col(cs, 0));
                        puts_(o, ",\"source\":");
                        jstr(o, col(cs, 1));
                        putf(o, ",\"similarity\":%.3f}", sqlite3_column_double(cs, 2));
                    } else {
                        putf(o, " %s", col(cs, 0));
                        if (col(cs, 1)) putf(o, " (%s)", col(cs, 1));
                    }
                }
                if (o->json) put(o, "]", 1);
                else put(o, "\n", 1);
                sqlite3_finalize(cs);
            }
        }
        if (o->json) put(o, "}", 1);
    }
    sqlite3_finalize(st);
    free(alt);
    if (rc != SQLITE_DONE) return sql_err(db, err, "search failed (is the query valid FTS5?)");
    if (o->json) putf(o, "],\"count\":%zu}\n", nhits);
    else if (!nhits) puts_(o, "no article matches\n");
    return o->failed ? DP_ERR_IO : DP_OK;
}

/* Entity ------------------------------------------------------------------ */

static dp_status entity_card(sqlite3 *db, sqlite3_int64 id, const char *name, dp_qout *o, dp_error *err);

dp_status dp_query_entity(sqlite3 *db, const char *name, dp_qout *o, dp_error *err) {
    dp_status s;
    sqlite3_int64 id = find_entity(db, name, err, &s);
    if (s) return s;
    if (!id) return not_found(name, o, err);
    return entity_card(db, id, name, o, err);
}

dp_status dp_query_entity_id(sqlite3 *db, long long id, dp_qout *o, dp_error *err) {
    return entity_card(db, id, NULL, o, err);
}

static dp_status entity_card(sqlite3 *db, sqlite3_int64 id, const char *name, dp_qout *o, dp_error *err) {
    sqlite3_stmt *st = prep(db, "SELECT name, type, articles, first_day, last_day FROM entities WHERE id = ?1");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return not_found(name, o, err);
    }
    char d1[11], d2[11];
    int has_days = sqlite3_column_type(st, 3) != SQLITE_NULL;
    if (o->json) {
        puts_(o, "{");
        jkey(o, "id", 1);
        putf(o, "%lld", (long long)id);
        jkey(o, "name", 0);
        jstr(o, col(st, 0));
        jkey(o, "type", 0);
        jstr(o, col(st, 1));
        jkey(o, "articles", 0);
        putf(o, "%d", sqlite3_column_int(st, 2));
        jkey(o, "first", 0);
        jstr(o, has_days ? day_str(sqlite3_column_int64(st, 3), d1) : NULL);
        jkey(o, "last", 0);
        jstr(o, has_days ? day_str(sqlite3_column_int64(st, 4), d2) : NULL);
    } else {
        putf(o, "%s (%s) — %d article%s", col(st, 0), col(st, 1), sqlite3_column_int(st, 2),
             sqlite3_column_int(st, 2) == 1 ? "" : "s");
        if (has_days)
            putf(o, ", %s to %s", day_str(sqlite3_column_int64(st, 3), d1), day_str(sqlite3_column_int64(st, 4), d2));
        put(o, "\n", 1);
    }
    sqlite3_finalize(st);

    /* name variants */
    st = prep(db, "SELECT name, count FROM entity_names WHERE entity = ?1 ORDER BY count DESC, name LIMIT 20");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    sqlite3_bind_int64(st, 1, id);
    if (o->json) jkey(o, "names", 0), put(o, "[", 1);
    else puts_(o, "names:");
    for (int k = 0; sqlite3_step(st) == SQLITE_ROW; k++) {
        if (o->json) {
            putf(o, "%s{\"name\":", k ? "," : "");
            jstr(o, col(st, 0));
            putf(o, ",\"count\":%d}", sqlite3_column_int(st, 1));
        } else {
            putf(o, "%s %s (%d)", k ? "," : "", col(st, 0), sqlite3_column_int(st, 1));
        }
    }
    sqlite3_finalize(st);
    if (o->json) put(o, "]", 1);
    else put(o, "\n", 1);

    /* roles with their dates */
    /* one line per role whatever its capitals ("Premier ministre", "premier ministre") */
    st = prep(db, "SELECT r.role, min(a.published), max(a.published), count(*) FROM roles r "
                  "JOIN articles a ON a.id = r.article WHERE r.entity = ?1 GROUP BY lower(r.role) "
                  "ORDER BY count(*) DESC, max(a.day) DESC LIMIT 10");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    sqlite3_bind_int64(st, 1, id);
    if (o->json) jkey(o, "roles", 0), put(o, "[", 1);
    else puts_(o, "roles:\n");
    for (int k = 0; sqlite3_step(st) == SQLITE_ROW; k++) {
        if (o->json) {
            putf(o, "%s{\"role\":", k ? "," : "");
            jstr(o, col(st, 0));
            puts_(o, ",\"first\":");
            jstr(o, col(st, 1));
            puts_(o, ",\"last\":");
            jstr(o, col(st, 2));
            putf(o, ",\"articles\":%d}", sqlite3_column_int(st, 3));
        } else {
            putf(o, "  %s", col(st, 0));
            if (col(st, 1)) putf(o, " (%s … %s)", col(st, 1), col(st, 2));
            putf(o, " ×%d\n", sqlite3_column_int(st, 3));
        }
    }
    sqlite3_finalize(st);
    if (o->json) put(o, "]", 1);

    /* co-occurring entities */
    /* over the entity's latest 2000 articles at most: bounded work for "France" */
    st = prep(db, "WITH x AS (SELECT article FROM article_entities WHERE entity = ?1 ORDER BY article DESC "
                  "LIMIT 2000) SELECT e.name, e.type, count(*) AS c FROM x "
                  "JOIN article_entities y ON y.article = x.article AND y.entity <> ?1 "
                  "JOIN entities e ON e.id = y.entity GROUP BY y.entity ORDER BY c DESC, e.name LIMIT 10");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    sqlite3_bind_int64(st, 1, id);
    if (o->json) jkey(o, "cooccurring", 0), put(o, "[", 1);
    else puts_(o, "appears with:");
    for (int k = 0; sqlite3_step(st) == SQLITE_ROW; k++) {
        if (o->json) {
            putf(o, "%s{\"name\":", k ? "," : "");
            jstr(o, col(st, 0));
            puts_(o, ",\"type\":");
            jstr(o, col(st, 1));
            putf(o, ",\"articles\":%d}", sqlite3_column_int(st, 2));
        } else {
            putf(o, "%s %s (%d)", k ? "," : "", col(st, 0), sqlite3_column_int(st, 2));
        }
    }
    sqlite3_finalize(st);
    if (o->json) put(o, "]", 1);
    else put(o, "\n", 1);

    /* latest quotes */
    st = prep(db, "SELECT q.text, q.kind, a.ext_id, a.published FROM quotes q JOIN articles a ON a.id = q.article "
                  "WHERE q.speaker = ?1 AND a.canonical IS NULL ORDER BY a.day DESC, q.id DESC LIMIT 5");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    sqlite3_bind_int64(st, 1, id);
    if (o->json) jkey(o, "quotes", 0), put(o, "[", 1);
    else puts_(o, "latest quotes:\n");
    for (int k = 0; sqlite3_step(st) == SQLITE_ROW; k++) {
        if (o->json) {
            putf(o, "%s{\"text\":", k ? "," : "");
            jstr(o, col(st, 0));
            puts_(o, ",\"kind\":");
            jstr(o, col(st, 1));
            puts_(o, ",\"article\":");
            jstr(o, col(st, 2));
            puts_(o, ",\"published\":");
            jstr(o, col(st, 3));
            put(o, "}", 1);
        } else {
            putf(o, "  %s %s%s%s", col(st, 3) ? col(st, 3) : "", strcmp(col(st, 1), "direct") ? "" : "« ",
                 col(st, 0), strcmp(col(st, 1), "direct") ? "" : " »");
            putf(o, " [%s]\n", col(st, 2));
        }
    }
    sqlite3_finalize(st);
    if (o->json) puts_(o, "]}\n");
    return o->failed ? DP_ERR_IO : DP_OK;
}

/* Quotes ------------------------------------------------------------------ */

dp_status dp_query_quotes(sqlite3 *db, const char *speaker, const char *about, int limit, dp_qout *o, dp_error *err) {
    sqlite3_int64 ent = 0;
    if (speaker) {
        dp_status s;
        ent = find_entity(db, speaker, err, &s);
        if (s) return s;
        if (!ent) return not_found(speaker, o, err);
    }
    char *terms = about ? quote_terms(about) : NULL;
    if (about && !terms) return DP_ERR_NOMEM;
    /* one statement per combination of filters, so each uses its index
     * (quotes_speaker, quotes_fts, or articles_day for the latest) */
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT q.text, q.kind, e.name, q.speaker_text, a.ext_id, a.published, a.title "
             "FROM quotes q JOIN articles a ON a.id = q.article LEFT JOIN entities e ON e.id = q.speaker "
             "WHERE %s AND %s AND a.canonical IS NULL ORDER BY a.day DESC, a.id DESC, q.start LIMIT ?3",
             ent ? "q.speaker = ?1" : "?1 IS NULL",
             terms && *terms ? "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?2)" : "?2 IS NULL");
    sqlite3_stmt *st = prep(db, sql);
    if (!st) {
        free(terms);
        return sql_err(db, err, "the archive cannot be read (schema?)");
    }
    if (ent) sqlite3_bind_int64(st, 1, ent);
    else sqlite3_bind_null(st, 1);
    if (terms && *terms) sqlite3_bind_text(st, 2, terms, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, 2);
    sqlite3_bind_int(st, 3, limit > 0 ? limit : 50);
    if (o->json) puts_(o, "{\"quotes\":[");
    int rc, k = 0;
    for (; (rc = sqlite3_step(st)) == SQLITE_ROW; k++) {
        const char *text = col(st, 0), *kind = col(st, 1), *who = col(st, 2), *who_text = col(st, 3);
        if (o->json) {
            putf(o, "%s{\"text\":", k ? "," : "");
            jstr(o, text);
            puts_(o, ",\"kind\":");
            jstr(o, kind);
            puts_(o, ",\"speaker\":");
            jstr(o, who);
            puts_(o, ",\"speaker_text\":");
            jstr(o, who_text);
            puts_(o, ",\"article\":");
            jstr(o, col(st, 4));
            puts_(o, ",\"published\":");
            jstr(o, col(st, 5));
            put(o, "}", 1);
        } else {
            int direct = kind && !strcmp(kind, "direct");
            putf(o, "%s%s%s\n", direct ? "« " : "", text, direct ? " »" : "");
            putf(o, "    — %s", who ? who : who_text ? who_text : "(unknown speaker)");
            if (col(st, 5)) putf(o, ", %s", col(st, 5));
            putf(o, " [%s]\n", col(st, 4));
        }
    }
    sqlite3_finalize(st);
    free(terms);
    if (rc != SQLITE_DONE) return sql_err(db, err, "quotes query failed");
    if (o->json) putf(o, "],\"count\":%d}\n", k);
    else if (!k) puts_(o, "no quote\n");
    return o->failed ? DP_ERR_IO : DP_OK;
}

/* Stories ----------------------------------------------------------------- */

dp_status dp_query_stories(sqlite3 *db, const char *since, int limit, dp_qout *o, dp_error *err) {
    long day = since ? dp_store_day(since, strlen(since)) : -1;
    if (since && day < 0) {
        if (err) *err = (dp_error){DP_ERR_DATE, "--since needs a date YYYY-MM-DD", 0};
        return DP_ERR_DATE;
    }
    sqlite3_stmt *st = prep(db, "SELECT id, label, first_day, last_day, articles FROM stories "
                                "WHERE articles > 0 AND (?1 IS NULL OR last_day >= ?1) "
                                "ORDER BY last_day DESC, articles DESC LIMIT ?2");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    if (day >= 0) sqlite3_bind_int64(st, 1, day);
    else sqlite3_bind_null(st, 1);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : 50);
    if (o->json) puts_(o, "{\"stories\":[");
    int rc, k = 0;
    char d1[11], d2[11];
    for (; (rc = sqlite3_step(st)) == SQLITE_ROW; k++) {
        int has = sqlite3_column_type(st, 2) != SQLITE_NULL;
        const char *a = has ? day_str(sqlite3_column_int64(st, 2), d1) : NULL;
        const char *b = has ? day_str(sqlite3_column_int64(st, 3), d2) : NULL;
        if (o->json) {
            putf(o, "%s{\"id\":%lld,\"label\":", k ? "," : "", (long long)sqlite3_column_int64(st, 0));
            jstr(o, col(st, 1));
            puts_(o, ",\"first\":");
            jstr(o, a);
            puts_(o, ",\"last\":");
            jstr(o, b);
            putf(o, ",\"articles\":%d}", sqlite3_column_int(st, 4));
        } else {
            putf(o, "%s … %s  %4d  %s\n", a ? a : "          ", b ? b : "          ", sqlite3_column_int(st, 4),
                 col(st, 1));
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sql_err(db, err, "stories query failed");
    if (o->json) putf(o, "],\"count\":%d}\n", k);
    else if (!k) puts_(o, "no story\n");
    return o->failed ? DP_ERR_IO : DP_OK;
}

/* Timeline ---------------------------------------------------------------- */

dp_status dp_query_timeline(sqlite3 *db, const char *name, int by_week, dp_qout *o, dp_error *err) {
    dp_status s;
    sqlite3_int64 id = find_entity(db, name, err, &s);
    if (s) return s;
    if (!id) return not_found(name, o, err);
    return dp_query_timeline_id(db, id, by_week, o, err);
}

dp_status dp_query_timeline_id(sqlite3 *db, long long id, int by_week, dp_qout *o, dp_error *err) {
    {
        sqlite3_stmt *ex = prep(db, "SELECT 1 FROM entities WHERE id = ?1");
        if (!ex) return sql_err(db, err, "the archive cannot be read (schema?)");
        sqlite3_bind_int64(ex, 1, id);
        int found = sqlite3_step(ex) == SQLITE_ROW;
        sqlite3_finalize(ex);
        if (!found) {
            if (err) *err = (dp_error){DP_ERR_NOT_FOUND, "no entity with that id in the archive", 0};
            return DP_ERR_NOT_FOUND;
        }
    }
    /* mentions per day (or per week starting on Monday: 1970-01-01 was a Thursday) */
    sqlite3_stmt *st = prep(db, by_week ? "SELECT ((a.day + 3) / 7) * 7 - 3 AS d, count(*), count(DISTINCT a.id) "
                                          "FROM mentions m JOIN articles a ON a.id = m.article "
                                          "WHERE m.entity = ?1 AND a.day IS NOT NULL GROUP BY d ORDER BY d"
                                        : "SELECT a.day AS d, count(*), count(DISTINCT a.id) FROM mentions m "
                                          "JOIN articles a ON a.id = m.article "
                                          "WHERE m.entity = ?1 AND a.day IS NOT NULL GROUP BY d ORDER BY d");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_stmt *nm = prep(db, "SELECT name FROM entities WHERE id = ?1");
    if (nm) {
        sqlite3_bind_int64(nm, 1, id);
        if (sqlite3_step(nm) == SQLITE_ROW) {
            if (o->json) {
                puts_(o, "{\"entity\":");
                jstr(o, col(nm, 0));
                putf(o, ",\"by\":\"%s\",\"points\":[", by_week ? "week" : "day");
            } else {
                putf(o, "%s — mentions per %s\n", col(nm, 0), by_week ? "week" : "day");
            }
        }
        sqlite3_finalize(nm);
    }
    int rc, k = 0;
    char d[11];
    for (; (rc = sqlite3_step(st)) == SQLITE_ROW; k++) {
        int c = sqlite3_column_int(st, 1);
        day_str(sqlite3_column_int64(st, 0), d);
        if (o->json) {
            putf(o, "%s{\"date\":\"%s\",\"mentions\":%d,\"articles\":%d}", k ? "," : "", d, c,
                 sqlite3_column_int(st, 2));
        } else {
            putf(o, "%s %5d ", d, c);
            for (int b = 0; b < c && b < 60; b++) puts_(o, "▇");
            put(o, "\n", 1);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sql_err(db, err, "timeline query failed");
    if (o->json) putf(o, "],\"count\":%d}\n", k);
    return o->failed ? DP_ERR_IO : DP_OK;
}

/* One story, one article ---------------------------------------------------- */

dp_status dp_query_story(sqlite3 *db, long long id, int limit, dp_qout *o, dp_error *err) {
    sqlite3_stmt *st = prep(db, "SELECT label, first_day, last_day, articles FROM stories WHERE id = ?1");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (err) *err = (dp_error){DP_ERR_NOT_FOUND, "no story with that id in the archive", 0};
        return DP_ERR_NOT_FOUND;
    }
    char d1[11], d2[11];
    int has = sqlite3_column_type(st, 1) != SQLITE_NULL;
    if (o->json) {
        putf(o, "{\"id\":%lld,\"label\":", id);
        jstr(o, col(st, 0));
        puts_(o, ",\"first\":");
        jstr(o, has ? day_str(sqlite3_column_int64(st, 1), d1) : NULL);
        puts_(o, ",\"last\":");
        jstr(o, has ? day_str(sqlite3_column_int64(st, 2), d2) : NULL);
        putf(o, ",\"count\":%d,\"articles\":[", sqlite3_column_int(st, 3));
    } else {
        putf(o, "%s\n%s … %s, %d articles\n", col(st, 0), has ? day_str(sqlite3_column_int64(st, 1), d1) : "?",
             has ? day_str(sqlite3_column_int64(st, 2), d2) : "?", sqlite3_column_int(st, 3));
    }
    sqlite3_finalize(st);
    st = prep(db, "SELECT ext_id, title, published, source, (SELECT count(*) FROM articles c WHERE c.canonical = a.id) "
                  "FROM articles a WHERE story = ?1 AND canonical IS NULL ORDER BY day, id LIMIT ?2");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : 200);
    for (int k = 0; sqlite3_step(st) == SQLITE_ROW; k++) {
        if (o->json) {
            putf(o, "%s{\"id\":", k ? "," : "");
            jstr(o, col(st, 0));
            puts_(o, ",\"title\":");
            jstr(o, col(st, 1));
            puts_(o, ",\"published\":");
            jstr(o, col(st, 2));
            puts_(o, ",\"source\":");
            jstr(o, col(st, 3));
            putf(o, ",\"copies\":%d}", sqlite3_column_int(st, 4));
        } else {
            putf(o, "  %s  %s [%s]\n", col(st, 2) ? col(st, 2) : "          ", col(st, 1) ? col(st, 1) : "(no title)",
                 col(st, 0));
        }
    }
    sqlite3_finalize(st);
    if (o->json) puts_(o, "]}\n");
    return o->failed ? DP_ERR_IO : DP_OK;
}

/* An article with what the analysis found in it: entities (with the archive's
 * ids), quotes, dates, quantities — the spans are byte offsets into "text". */
dp_status dp_query_article(sqlite3 *db, const char *ext_id, dp_qout *o, dp_error *err) {
    sqlite3_stmt *st = prep(db, "SELECT a.id, a.title, a.text, a.published, a.url, a.source, c.ext_id, a.story "
                                "FROM articles a LEFT JOIN articles c ON c.id = a.canonical WHERE a.ext_id = ?1");
    if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
    sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (err) *err = (dp_error){DP_ERR_NOT_FOUND, "no article with that id in the archive", 0};
        return DP_ERR_NOT_FOUND;
    }
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    if (o->json) {
        puts_(o, "{\"id\":");
        jstr(o, ext_id);
        static const char *const keys[] = {"title", "text", "published", "url", "source", "canonical"};
        for (int k = 0; k < 6; k++) {
            jkey(o, keys[k], 0);
            jstr(o, col(st, k + 1));
        }
        jkey(o, "story", 0);
        if (sqlite3_column_type(st, 7) == SQLITE_NULL) puts_(o, "null");
        else putf(o, "%lld", (long long)sqlite3_column_int64(st, 7));
    } else {
        putf(o, "%s\n", col(st, 1) ? col(st, 1) : "(no title)");
        putf(o, "id %s%s%s\n\n%s\n", ext_id, col(st, 3) ? " · " : "", col(st, 3) ? col(st, 3) : "", col(st, 2));
    }
    sqlite3_finalize(st);
    if (!o->json) return o->failed ? DP_ERR_IO : DP_OK;
    static const char *const parts[][2] = {
        {"mentions", "SELECT m.start, m.end, m.text, e.id, e.name, e.type FROM mentions m JOIN entities e ON e.id = m.entity "
                     "WHERE m.article = ?1 ORDER BY m.start"},
        {"quotes", "SELECT q.start, q.end, q.text, q.kind, e.name, q.speaker_text, q.speaker FROM quotes q "
                   "LEFT JOIN entities e ON e.id = q.speaker WHERE q.article = ?1 ORDER BY q.start"},
        {"dates", "SELECT start, end, text, value FROM dates WHERE article = ?1 ORDER BY start"},
        {"quantities", "SELECT start, end, text, value, unit, kind FROM quantities WHERE article = ?1 ORDER BY start"}};
    for (int p = 0; p < 4; p++) {
        st = prep(db, parts[p][1]);
        if (!st) return sql_err(db, err, "the archive cannot be read (schema?)");
        sqlite3_bind_int64(st, 1, id);
        jkey(o, parts[p][0], 0);
        put(o, "[", 1);
        for (int k = 0; sqlite3_step(st) == SQLITE_ROW; k++) {
            putf(o, "%s{\"start\":%lld,\"end\":%lld,\"text\":", k ? "," : "", (long long)sqlite3_column_int64(st, 0),
                 (long long)sqlite3_column_int64(st, 1));
            jstr(o, col(st, 2));
            if (p == 0) {
                putf(o, ",\"entity\":%lld,\"name\":", (long long)sqlite3_column_int64(st, 3));
                jstr(o, col(st, 4));
                puts_(o, ",\"type\":");
                jstr(o, col(st, 5));
            } else if (p == 1) {
                puts_(o, ",\"kind\":");
                jstr(o, col(st, 3));
                puts_(o, ",\"speaker\":");
                jstr(o, col(st, 4));
                puts_(o, ",\"speaker_text\":");
                jstr(o, col(st, 5));
                puts_(o, ",\"speaker_id\":");
                if (sqlite3_column_type(st, 6) == SQLITE_NULL) puts_(o, "null");
                else putf(o, "%lld", (long long)sqlite3_column_int64(st, 6));
            } else if (p == 2) {
                puts_(o, ",\"value\":");
                jstr(o, col(st, 3));
            } else {
                putf(o, ",\"value\":%.15g,\"unit\":", sqlite3_column_double(st, 3));
                jstr(o, col(st, 4));
                puts_(o, ",\"kind\":");
                jstr(o, col(st, 5));
            }
            put(o, "}", 1);
        }
        sqlite3_finalize(st);
        put(o, "]", 1);
    }
    puts_(o, "}\n");
    return o->failed ? DP_ERR_IO : DP_OK;
}

/* The public API (depeche_store.h) ---------------------------------------- */

#define DP_STORE_QUERY(call)                                                                         \
    do {                                                                                             \
        if (!s || !write) return DP_ERR_ARG;                                                         \
        dp_qout out = {write, ctx, json, 0};                                                         \
        return call;                                                                                 \
    } while (0)

dp_status dp_store_search(dp_store *s, const char *query, const dp_search_opts *o, int json, dp_write_fn write,
                          void *ctx, dp_error *err) {
    DP_STORE_QUERY(dp_query_search(dp_store_db(s), query, o, &out, err));
}

dp_status dp_store_entity(dp_store *s, const char *name, int json, dp_write_fn write, void *ctx, dp_error *err) {
    if (!name) return DP_ERR_ARG;
    DP_STORE_QUERY(dp_query_entity(dp_store_db(s), name, &out, err));
}

dp_status dp_store_quotes(dp_store *s, const char *speaker, const char *about, int limit, int json, dp_write_fn write,
                          void *ctx, dp_error *err) {
    DP_STORE_QUERY(dp_query_quotes(dp_store_db(s), speaker, about, limit, &out, err));
}

dp_status dp_store_stories(dp_store *s, const char *since, int limit, int json, dp_write_fn write, void *ctx,
                           dp_error *err) {
    DP_STORE_QUERY(dp_query_stories(dp_store_db(s), since, limit, &out, err));
}

dp_status dp_store_timeline(dp_store *s, const char *name, int by_week, int json, dp_write_fn write, void *ctx,
                            dp_error *err) {
    if (!name) return DP_ERR_ARG;
    DP_STORE_QUERY(dp_query_timeline(dp_store_db(s), name, by_week, &out, err));
}

dp_status dp_store_timeline_id(dp_store *s, long long id, int by_week, int json, dp_write_fn write, void *ctx,
                               dp_error *err) {
    DP_STORE_QUERY(dp_query_timeline_id(dp_store_db(s), id, by_week, &out, err));
}

dp_status dp_store_entity_id(dp_store *s, long long id, int json, dp_write_fn write, void *ctx, dp_error *err) {
    DP_STORE_QUERY(dp_query_entity_id(dp_store_db(s), id, &out, err));
}

dp_status dp_store_story(dp_store *s, long long id, int limit, int json, dp_write_fn write, void *ctx, dp_error *err) {
    DP_STORE_QUERY(dp_query_story(dp_store_db(s), id, limit, &out, err));
}

dp_status dp_store_article(dp_store *s, const char *id, int json, dp_write_fn write, void *ctx, dp_error *err) {
    if (!id) return DP_ERR_ARG;
    DP_STORE_QUERY(dp_query_article(dp_store_db(s), id, &out, err));
}
