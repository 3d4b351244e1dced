/*
 * depeche_store.h — the archive: analysed articles kept in a SQLite file
 * (docs/store.md). Public API of libdepeche, next to depeche.h.
 *
 * An archive is one SQLite database in WAL mode: one writer (an ingest) and
 * any number of readers at once. The library never prints: progress and bad
 * input reach the caller through callbacks.
 *
 * Errors: functions return a dp_status; DP_ERR_STORE means the file is not a
 * usable archive (not SQLite, another application's database, a newer schema,
 * corrupt) or SQLite failed; dp_store_errmsg() or the dp_error message says
 * which. A file that is not an archive is never modified.
 */
#ifndef DEPECHE_STORE_H
#define DEPECHE_STORE_H

#include "depeche.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The schema version this library writes (PRAGMA user_version). */
#define DP_STORE_SCHEMA_VERSION 2
/** PRAGMA application_id of an archive ("DPCH"). */
#define DP_STORE_APP_ID 0x44504348

typedef struct dp_store dp_store;

/* Flags of dp_store_open. */
#define DP_STORE_READONLY 0x1u /**< open for reading only (no migration, no WAL switch) */
#define DP_STORE_CREATE 0x2u   /**< create the file (or initialise an empty one) when needed */

/** Opens (or creates, with DP_STORE_CREATE) the archive at `path`; applies the
 * schema to a new file and migrates an older one (not when read-only).
 * NULL with `err` set: DP_ERR_IO (cannot open), DP_ERR_STORE (not an archive,
 * newer schema, corrupt), DP_ERR_NOMEM. `err->message` is a constant string. */
DP_EXPORT dp_store *dp_store_open(const char *path, unsigned flags, dp_error *err);
/** Closes the archive (checkpoints the WAL when writable). Accepts NULL. */
DP_EXPORT void dp_store_close(dp_store *s);
/** The archive's schema version (PRAGMA user_version). */
DP_EXPORT int dp_store_version(const dp_store *s);
/** The message of the last failure on `s` (SQLite's words included); "" if none.
 * Valid until the next call on `s`. */
DP_EXPORT const char *dp_store_errmsg(const dp_store *s);

/* ## Ingest */

/** Counters of an ingest, passed to the progress callback and returned. */
typedef struct dp_ingest_stats {
    uint64_t articles;   /**< articles written (new or replacing) */
    uint64_t replaced;   /**< of which replaced an article with the same id */
    uint64_t duplicates; /**< of which near-duplicates of an earlier article */
    uint64_t stories;    /**< stories created */
    uint64_t bad;        /**< malformed articles (reported, not stored) */
    uint64_t bytes_done; /**< input bytes read so far */
    uint64_t bytes_total;/**< input bytes in all, 0 when unknown (stdin, pipes) */
    double seconds;      /**< wall time since the ingest started */
    double writer_cpu;   /**< CPU seconds of the writer thread (the store's own cost), at the end */
    double analysis_cpu; /**< CPU seconds of the analysis threads together, at the end */
} dp_ingest_stats;

/** Settings of dp_store_ingest; zero is the default for every field. */
typedef struct dp_ingest_opts {
    const char *const *inputs; /**< files ("-" is stdin); NULL or none: stdin */
    size_t ninputs;
    int ndjson;                /**< read every input as NDJSON (else by extension: .ndjson, .jsonl) */
    int skip_bad;              /**< report malformed articles and go on (else stop at the first) */
    unsigned threads;          /**< analysis threads (0: the online cores) */
    unsigned batch;            /**< at most this many articles per transaction (0: 2048); a commit every second anyway */
    unsigned flags;            /**< DP_OPT_STRICT_UTF8, DP_OPT_NO_NFC */
    const dp_models *models;   /**< borrowed; NULL: no tagging (then no entities) */
    /** Called from the writer thread about 5 times a second and once at the end (may be NULL). */
    void (*progress)(void *ctx, const dp_ingest_stats *st);
    void *progress_ctx;
    /** Called for each malformed article: input name, line (0 for a whole file), error. */
    void (*report)(void *ctx, const char *input, long line, const dp_error *e);
    void *report_ctx;
} dp_ingest_opts;

/** Reads, analyses and stores articles: NDJSON lines ({"id", "text",
 * "title", "published", "url", "source"}; ext_id is "id", else
 * "INPUT:LINE") or plain text files (ext_id is the file name as given).
 * Re-ingesting an ext_id replaces that article; within one run the later
 * line wins. Articles are committed in batches: on failure, what was
 * committed stays. Returns DP_OK; DP_ERR_JSON/FIELD/UTF8/... for the first
 * malformed article when !skip_bad (already committed articles stay);
 * DP_ERR_IO for an unreadable input; DP_ERR_STORE when SQLite fails. `st`
 * (may be NULL) receives the counters. */
DP_EXPORT dp_status dp_store_ingest(dp_store *s, const dp_ingest_opts *o, dp_ingest_stats *st, dp_error *err);

/* ## Check */

/** Verifies the archive: PRAGMA integrity_check, foreign_key_check and the
 * full-text indexes' integrity-check; writes a report (schema version,
 * counts, verdict; lines "name value") through `write`. DP_OK when sound,
 * DP_ERR_STORE when not (the report says why). */
DP_EXPORT dp_status dp_store_check(dp_store *s, dp_write_fn write, void *ctx);

/* ## Queries
 *
 * Each writes its answer through `write`: text for people, or with `json`
 * one JSON document (docs/store.md gives their shapes). Names are matched
 * folded (case, accents, apostrophes), exactly or as the start of a name.
 * DP_ERR_NOT_FOUND when a name designates no entity; DP_ERR_STORE when the
 * database fails; DP_ERR_DATE for a malformed date. */

/** Filters and page of dp_store_search; zero is the default of each field. */
typedef struct dp_search_opts {
    const char *from, *to; /**< YYYY-MM-DD bounds on the publication date, inclusive; NULL: open */
    const char *entity;    /**< only articles where this entity appears (a name) */
    const char *source;    /**< only articles of this source */
    int limit, offset;     /**< page (limit 0: 20) */
} dp_search_opts;

/** Full-text search (FTS5 syntax; a query that does not parse is searched as
 * its words), best first, with snippets, canonical article and copies. */
DP_EXPORT dp_status dp_store_search(dp_store *s, const char *query, const dp_search_opts *o, int json,
                                    dp_write_fn write, void *ctx, dp_error *err);
/** An entity's card: type, name variants, roles with dates, article count,
 * co-occurring entities, latest quotes. */
DP_EXPORT dp_status dp_store_entity(dp_store *s, const char *name, int json, dp_write_fn write, void *ctx,
                                    dp_error *err);
/** Quotes, latest first, by a speaker (NULL: anyone) and about words (NULL: any); limit 0: 50. */
DP_EXPORT dp_status dp_store_quotes(dp_store *s, const char *speaker, const char *about, int limit, int json,
                                    dp_write_fn write, void *ctx, dp_error *err);
/** Stories active since a date (NULL: all), latest first; limit 0: 50. */
DP_EXPORT dp_status dp_store_stories(dp_store *s, const char *since, int limit, int json, dp_write_fn write,
                                     void *ctx, dp_error *err);
/** Mentions of an entity per day (by_week 0) or per week from Monday (1). */
DP_EXPORT dp_status dp_store_timeline(dp_store *s, const char *name, int by_week, int json, dp_write_fn write,
                                      void *ctx, dp_error *err);

/** The same card for an entity id (entities.id, as the JSON answers give it). */
DP_EXPORT dp_status dp_store_entity_id(dp_store *s, long long id, int json, dp_write_fn write, void *ctx,
                                       dp_error *err);
/** The same timeline for an entity id (entities.id); DP_ERR_NOT_FOUND when no such entity. */
DP_EXPORT dp_status dp_store_timeline_id(dp_store *s, long long id, int by_week, int json, dp_write_fn write,
                                         void *ctx, dp_error *err);
/** One story: label, dates, count and its original articles in date order (limit 0: 200). */
DP_EXPORT dp_status dp_store_story(dp_store *s, long long id, int limit, int json, dp_write_fn write, void *ctx,
                                   dp_error *err);
/** One article by its id (ext_id) with, in JSON, its text and the spans of its
 * mentions (with archive entity ids), quotes, dates and quantities. */
DP_EXPORT dp_status dp_store_article(dp_store *s, const char *id, int json, dp_write_fn write, void *ctx,
                                     dp_error *err);

#ifdef __cplusplus
}
#endif

#endif /* DEPECHE_STORE_H */
