/* store.h — internals of the archive (docs/store.md), for the modules of
 * src/store/ only: ingest.c, query.c, dedup.c, stories.c. The only place
 * besides the src/store sources where <sqlite3.h> is seen. */
#ifndef DP_STORE_STORE_H
#define DP_STORE_STORE_H

#include "depeche_store.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct dp_store {
    sqlite3 *db;       /* the connection (the writer's when not read-only) */
    char *path;
    unsigned flags;    /* DP_STORE_* */
    int version;       /* PRAGMA user_version */
    char errmsg[512];  /* dp_store_errmsg */
};

/** The SQLite handle of an open archive (owned by the store: do not close). */
static inline sqlite3 *dp_store_db(dp_store *s) { return s->db; }

/** Records a failure: `what` plus SQLite's message of s->db; returns DP_ERR_STORE. */
dp_status dp_store_fail(dp_store *s, const char *what);

/** Lower-cased, accents removed, compatibility forms lumped (’ -> ', NBSP ->
 * space), runs of white space made one space, trimmed: the form names and
 * queries are compared in ("Valérie  Plante" -> "valerie plante"). Returns a
 * malloc'ed NUL-terminated string (free()), its length in *outlen (may be
 * NULL); NULL when out of memory. Invalid UTF-8 gives NULL too. */
char *dp_store_fold(const char *s, size_t len, size_t *outlen);

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian). */
int64_t dp_store_days(int year, int month, int day);

/** The entity key used in entities.key: type name + ':' + folded name
 * ("PER:valerie plante"); malloc'ed; NULL when out of memory. */
char *dp_store_entity_key(const char *type, const char *folded);

/** The embedded schema (src/store/schema.sql), NUL-terminated. */
extern const unsigned char dp_schema_sql[];
extern const size_t dp_schema_sql_len;

#endif
