/* store.c — opening an archive safely, its schema and migrations, check
 * (docs/store.md). */
#define _POSIX_C_SOURCE 200809L
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

/* ---- helpers ------------------------------------------------------------ */

dp_status dp_store_fail(dp_store *s, const char *what) {
    const char *m = s->db ? sqlite3_errmsg(s->db) : "";
    snprintf(s->errmsg, sizeof s->errmsg, "%s%s%s", what, m && *m ? ": " : "", m ? m : "");
    return DP_ERR_STORE;
}

const char *dp_store_errmsg(const dp_store *s) { return s ? s->errmsg : ""; }
int dp_store_version(const dp_store *s) { return s ? s->version : 0; }

char *dp_store_fold(const char *s, size_t len, size_t *outlen) {
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                          UTF8PROC_LUMP | UTF8PROC_NLF2LS);
    if (n < 0) return NULL;
    /* white space runs -> one space, trimmed (LUMP made every space ' ', NLF2LS line breaks U+2028) */
    char *p = (char *)mapped;
    size_t w = 0;
    int space = 1;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        int is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (c == 0xE2 && i + 2 < n && (unsigned char)p[i + 1] == 0x80 && (unsigned char)p[i + 2] == 0xA8) {
            is_space = 1; /* U+2028 */
            i += 2;
        }
        if (is_space) {
            if (!space) p[w++] = ' ';
            space = 1;
        } else {
            p[w++] = (char)c;
            space = 0;
        }
    }
    if (w && p[w - 1] == ' ') w--;
    p[w] = 0;
    if (outlen) *outlen = w;
    return p;
}

int64_t dp_store_days(int y, int m, int d) {
    /* days from civil (H. Hinnant) */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

char *dp_store_entity_key(const char *type, const char *folded) {
    size_t a = strlen(type), b = strlen(folded);
    char *k = malloc(a + b + 2);
    if (!k) return NULL;
    memcpy(k, type, a);
    k[a] = ':';
    memcpy(k + a + 1, folded, b + 1);
    return k;
}

static int exec(dp_store *s, const char *sql) { return sqlite3_exec(s->db, sql, NULL, NULL, NULL); }

/* One integer from a query; -1 on failure. */
static int64_t query_int(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- migrations ----------------------------------------------------------
 *
 * schema.sql is always the latest full schema: a new archive gets it in one
 * go. An archive of version v < DP_STORE_SCHEMA_VERSION runs migrations[v],
 * migrations[v+1], ... (each from version v to v+1), all in one transaction
 * with user_version set at the end, so a failed upgrade leaves the file as it
 * was. Version 1 was the first; 1 -> 2 rebuilds lsh (docs/store.md). To
 * change the schema: edit schema.sql, bump DP_STORE_SCHEMA_VERSION, add the step from
 * the previous version here (SQL, or a function for data rewrites), add a
 * test that opens a file of the previous version. */
typedef struct migration {
    int from;              /* applies to version `from`, gives from + 1 */
    const char *sql;       /* statements, or NULL */
    dp_status (*fn)(dp_store *s); /* data rewrite, or NULL */
} migration;

static const migration migrations[] = {
    {0, NULL, NULL}, /* placeholder: version 0 is "no schema", handled by apply_schema */
    /* 1 -> 2: lsh keyed by (bucket, article) without rowid (the index lsh_bucket goes) */
    {1,
     "CREATE TABLE lsh_v2 (bucket INTEGER NOT NULL, "
     "article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE, "
     "PRIMARY KEY (bucket, article)) WITHOUT ROWID;"
     "INSERT OR IGNORE INTO lsh_v2(bucket, article) SELECT bucket, article FROM lsh ORDER BY bucket, article;"
     "DROP TABLE lsh;"
     "ALTER TABLE lsh_v2 RENAME TO lsh;"
     "CREATE INDEX lsh_article ON lsh(article);",
     NULL},
};

static dp_status apply_schema(dp_store *s) {
    char pragma[96];
    if (exec(s, "BEGIN IMMEDIATE") != SQLITE_OK) return dp_store_fail(s, "cannot start the schema transaction");
    snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d; PRAGMA user_version = %d", (int)DP_STORE_APP_ID,
             DP_STORE_SCHEMA_VERSION);
    if (exec(s, (const char *)dp_schema_sql) != SQLITE_OK || exec(s, pragma) != SQLITE_OK) {
        dp_status st = dp_store_fail(s, "cannot create the schema");
        exec(s, "ROLLBACK");
        return st;
    }
    if (exec(s, "COMMIT") != SQLITE_OK) {
        dp_status st = dp_store_fail(s, "cannot commit the schema");
        exec(s, "ROLLBACK");
        return st;
    }
    s->version = DP_STORE_SCHEMA_VERSION;
    return DP_OK;
}

static dp_status migrate(dp_store *s) {
    if (exec(s, "BEGIN IMMEDIATE") != SQLITE_OK) return dp_store_fail(s, "cannot start the migration");
    for (int v = s->version; v < DP_STORE_SCHEMA_VERSION; v++) {
        const migration *m = NULL;
        for (size_t i = 0; i < sizeof migrations / sizeof migrations[0]; i++)
            if (migrations[i].from == v && (migrations[i].sql || migrations[i].fn)) m = &migrations[i];
        dp_status st = DP_OK;
        if (!m) {
            snprintf(s->errmsg, sizeof s->errmsg, "no migration from schema version %d", v);
            st = DP_ERR_STORE;
        } else if (m->sql && exec(s, m->sql) != SQLITE_OK) {
            st = dp_store_fail(s, "migration failed");
        } else if (m->fn) {
            st = m->fn(s);
        }
        if (st) {
            exec(s, "ROLLBACK");
            return st;
        }
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", DP_STORE_SCHEMA_VERSION);
    if (exec(s, pragma) != SQLITE_OK || exec(s, "COMMIT") != SQLITE_OK) {
        dp_status st = dp_store_fail(s, "cannot commit the migration");
        exec(s, "ROLLBACK");
        return st;
    }
    s->version = DP_STORE_SCHEMA_VERSION;
    return DP_OK;
}

/* ---- open ---------------------------------------------------------------- */

static dp_store *fail_open(dp_store *s, dp_error *err, dp_status code, const char *msg) {
    if (err) *err = (dp_error){code, msg, 0};
    if (s) {
        sqlite3_close_v2(s->db);
        free(s->path);
        free(s);
    }
    return NULL;
}

/* What a read-only look at an existing, non-empty file finds. Never writes. */
enum probe { PROBE_ARCHIVE, PROBE_EMPTY_DB, PROBE_NOT_SQLITE, PROBE_FOREIGN, PROBE_NEWER, PROBE_CORRUPT, PROBE_IO };

static enum probe probe_file(const char *path, int *version) {
    unsigned char head[100];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return PROBE_IO;
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    if (n < (ssize_t)sizeof head || memcmp(head, "SQLite format 3", 16) != 0) return PROBE_NOT_SQLITE;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close_v2(db);
        return PROBE_CORRUPT;
    }
    sqlite3_busy_timeout(db, 10000);
    int64_t app = query_int(db, "PRAGMA application_id");
    int64_t ver = query_int(db, "PRAGMA user_version");
    int64_t objects = query_int(db, "SELECT count(*) FROM sqlite_master");
    sqlite3_close_v2(db);
    if (app < 0 || ver < 0 || objects < 0) return PROBE_CORRUPT;
    if (app == 0 && ver == 0 && objects == 0) return PROBE_EMPTY_DB;
    if (app != DP_STORE_APP_ID) return PROBE_FOREIGN;
    *version = (int)ver;
    if (ver > DP_STORE_SCHEMA_VERSION) return PROBE_NEWER;
    if (ver < 1) return PROBE_CORRUPT;
    return PROBE_ARCHIVE;
}

dp_store *dp_store_open(const char *path, unsigned flags, dp_error *err) {
    if (err) *err = (dp_error){DP_OK, NULL, 0};
    if (!path || !*path) return fail_open(NULL, err, DP_ERR_ARG, "no archive file name");
    int readonly = (flags & DP_STORE_READONLY) != 0, create = (flags & DP_STORE_CREATE) && !readonly;
    int init = 0, version = 0;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT || !create) return fail_open(NULL, err, DP_ERR_IO, "cannot open the archive file");
        init = 1;
    } else if (!S_ISREG(sb.st_mode)) {
        return fail_open(NULL, err, DP_ERR_IO, "the archive is not a regular file");
    } else if (sb.st_size == 0) {
        if (!create) return fail_open(NULL, err, DP_ERR_STORE, "an empty file, not an archive");
        init = 1;
    } else {
        switch (probe_file(path, &version)) {
        case PROBE_ARCHIVE: break;
        case PROBE_EMPTY_DB:
            if (!create) return fail_open(NULL, err, DP_ERR_STORE, "an empty SQLite database, not an archive");
            init = 1;
            break;
        case PROBE_NOT_SQLITE: return fail_open(NULL, err, DP_ERR_STORE, "not an archive (not a SQLite database)");
        case PROBE_FOREIGN:
            return fail_open(NULL, err, DP_ERR_STORE, "not an archive (a SQLite database of another application)");
        case PROBE_NEWER:
            return fail_open(NULL, err, DP_ERR_STORE,
                             "the archive has a newer schema than this depeche knows (upgrade depeche)");
        case PROBE_CORRUPT:
            return fail_open(NULL, err, DP_ERR_STORE, "the archive is corrupt or unreadable (not a valid SQLite database)");
        case PROBE_IO: return fail_open(NULL, err, DP_ERR_IO, "cannot read the archive file");
        }
    }
    dp_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return fail_open(NULL, err, DP_ERR_NOMEM, "out of memory");
    }
    s->flags = flags;
    s->version = version;
    int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (init ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        return fail_open(s, err, DP_ERR_IO, "cannot open the archive file");
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 60000);
    /* Per-connection settings (docs/store.md, "Pragmas"). */
    if (exec(s, "PRAGMA foreign_keys = ON") != SQLITE_OK)
        return fail_open(s, err, DP_ERR_STORE, "the archive is corrupt or unreadable");
    if (!readonly) {
        if (exec(s, "PRAGMA journal_mode = WAL") != SQLITE_OK || exec(s, "PRAGMA synchronous = NORMAL") != SQLITE_OK)
            return fail_open(s, err, DP_ERR_STORE, "cannot switch the archive to WAL mode");
        exec(s, "PRAGMA temp_store = MEMORY");
        exec(s, "PRAGMA cache_size = -65536"); /* 64 MiB of page cache */
    }
    if (init) {
        if (apply_schema(s)) return fail_open(s, err, DP_ERR_STORE, "cannot create the archive's schema");
    } else if (create && s->version < DP_STORE_SCHEMA_VERSION) {
        if (migrate(s)) return fail_open(s, err, DP_ERR_STORE, "cannot migrate the archive to the current schema");
    }
    return s;
}

void dp_store_close(dp_store *s) {
    if (!s) return;
    if (s->db && !(s->flags & DP_STORE_READONLY)) exec(s, "PRAGMA optimize");
    sqlite3_close_v2(s->db);
    free(s->path);
    free(s);
}

/* ---- check --------------------------------------------------------------- */

static int out(dp_write_fn w, void *ctx, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int out(dp_write_fn w, void *ctx, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return -1;
    if ((size_t)n >= sizeof buf) n = (int)sizeof buf - 1;
    return w(ctx, buf, (size_t)n);
}

/* Runs a checking statement; collects its rows (up to a few) in msg. Returns
 * 1 when sound (no row, or the single row "ok"), 0 when not, -1 on failure. */
static int check_rows(dp_store *s, const char *sql, char *msg, size_t cap) {
    sqlite3_stmt *st;
    msg[0] = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(msg, cap, "%s", sqlite3_errmsg(s->db));
        return -1;
    }
    int rows = 0, ok = 1, rc;
    size_t used = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        int ncol = sqlite3_column_count(st);
        if (ncol == 1 && t && !strcmp(t, "ok") && rows == 0) {
            rows++;
            continue;
        }
        ok = 0;
        if (rows++ < 5 && used < cap) {
            if (ncol == 1)
                used += (size_t)snprintf(msg + used, cap - used, "%s%s", used ? "; " : "", t ? t : "?");
            else /* foreign_key_check: table, rowid, parent, fkid */
                used += (size_t)snprintf(msg + used, cap - used, "%s%s row %lld -> %s", used ? "; " : "",
                                         (const char *)sqlite3_column_text(st, 0),
                                         (long long)sqlite3_column_int64(st, 1),
                                         (const char *)sqlite3_column_text(st, 2));
        }
    }
    if (rc != SQLITE_DONE) {
        snprintf(msg, cap, "%s", sqlite3_errmsg(s->db));
        ok = -1;
    }
    sqlite3_finalize(st);
    return ok;
}

dp_status dp_store_check(dp_store *s, dp_write_fn w, void *ctx) {
    if (!s || !w) return DP_ERR_ARG;
    static const struct {
        const char *name, *sql;
    } counts[] = {
        {"articles", "SELECT count(*) FROM articles"},
        {"duplicates", "SELECT count(*) FROM articles WHERE canonical IS NOT NULL"},
        {"entities", "SELECT count(*) FROM entities"},
        {"entity_names", "SELECT count(*) FROM entity_names"},
        {"mentions", "SELECT count(*) FROM mentions"},
        {"roles", "SELECT count(*) FROM roles"},
        {"quotes", "SELECT count(*) FROM quotes"},
        {"dates", "SELECT count(*) FROM dates"},
        {"quantities", "SELECT count(*) FROM quantities"},
        {"stories", "SELECT count(*) FROM stories"},
        {"lsh", "SELECT count(*) FROM lsh"},
    };
    static const struct {
        const char *name, *sql;
    } checks[] = {
        {"integrity", "PRAGMA integrity_check(20)"},
        {"foreign_keys", "PRAGMA foreign_key_check"},
        {"articles_fts", "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"},
        {"quotes_fts", "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)"},
    };
    int sound = 1;
    char msg[1024];
    if (out(w, ctx, "schema %d\n", s->version)) return DP_ERR_IO;
    if (s->version != DP_STORE_SCHEMA_VERSION) {
        out(w, ctx, "verdict not checked: schema version %d, this depeche checks version %d\n", s->version,
            DP_STORE_SCHEMA_VERSION);
        snprintf(s->errmsg, sizeof s->errmsg, "schema version %d, not %d", s->version, DP_STORE_SCHEMA_VERSION);
        return DP_ERR_STORE;
    }
    /* The counts and the b-tree checks in one read transaction (one snapshot). */
    exec(s, "BEGIN");
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        int64_t v = query_int(s->db, counts[i].sql);
        if (v < 0) {
            sound = 0;
            out(w, ctx, "%s error: %s\n", counts[i].name, sqlite3_errmsg(s->db));
        } else if (out(w, ctx, "%s %lld\n", counts[i].name, (long long)v)) {
            exec(s, "ROLLBACK");
            return DP_ERR_IO;
        }
    }
    for (size_t i = 0; i < 2; i++) {
        int r = check_rows(s, checks[i].sql, msg, sizeof msg);
        out(w, ctx, "%s %s%s%s\n", checks[i].name, r == 1 ? "ok" : "FAILED", r == 1 ? "" : ": ", r == 1 ? "" : msg);
        if (r != 1) sound = 0;
    }
    exec(s, "COMMIT");
    /* The full-text indexes against their content (a write statement that writes nothing). */
    for (size_t i = 2; i < sizeof checks / sizeof checks[0]; i++) {
        if (!sound) break;
        int r = check_rows(s, checks[i].sql, msg, sizeof msg);
        out(w, ctx, "%s %s%s%s\n", checks[i].name, r == 1 ? "ok" : "FAILED", r == 1 ? "" : ": ", r == 1 ? "" : msg);
        if (r != 1) sound = 0;
    }
    if (out(w, ctx, "verdict %s\n", sound ? "ok" : "FAILED")) return DP_ERR_IO;
    if (!sound) snprintf(s->errmsg, sizeof s->errmsg, "the archive failed its integrity check");
    return sound ? DP_OK : DP_ERR_STORE;
}
