/* query.h — the archive's questions (docs/store.md): full-text search,
 * an entity's card, quotes, stories, timelines. Each query writes its result
 * through a dp_write_fn, as text for people or as one JSON document. */
#ifndef DP_STORE_QUERY_H
#define DP_STORE_QUERY_H

#include "depeche_store.h"

#include <sqlite3.h>

typedef struct dp_qout {
    dp_write_fn write;
    void *ctx;
    int json;   /* 1: one JSON document; 0: text for people */
    int failed; /* a write failed */
} dp_qout;

dp_status dp_query_search(sqlite3 *db, const char *query, const dp_search_opts *o, dp_qout *out, dp_error *err);
dp_status dp_query_entity(sqlite3 *db, const char *name, dp_qout *out, dp_error *err);
dp_status dp_query_quotes(sqlite3 *db, const char *speaker, const char *about, int limit, dp_qout *out,
                          dp_error *err);
dp_status dp_query_stories(sqlite3 *db, const char *since, int limit, dp_qout *out, dp_error *err);
dp_status dp_query_entity_id(sqlite3 *db, long long id, dp_qout *out, dp_error *err);
dp_status dp_query_story(sqlite3 *db, long long id, int limit, dp_qout *out, dp_error *err);
dp_status dp_query_article(sqlite3 *db, const char *ext_id, dp_qout *out, dp_error *err);
/** Mentions of an entity per day (by_week 0) or per ISO week (1). */
dp_status dp_query_timeline(sqlite3 *db, const char *name, int by_week, dp_qout *out, dp_error *err);
dp_status dp_query_timeline_id(sqlite3 *db, long long id, int by_week, dp_qout *out, dp_error *err);

/** Days since 1970-01-01 of "YYYY-MM-DD" (-1 when not a full date). */
long dp_store_day(const char *s, size_t n);

#endif
