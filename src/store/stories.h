/* stories.h — articles grouped into stories by online clustering
 * (docs/stories.md). Part of the store: works on its SQLite tables
 * (stories, terms, articles.story). */
#ifndef DP_STORE_STORIES_H
#define DP_STORE_STORIES_H

#include "depeche.h"

#include <sqlite3.h>
#include <stdint.h>

/** What the clustering knows of one canonical (not duplicate) article. */
typedef struct dp_story_input {
    int64_t article;            /**< articles.id */
    int64_t day;                /**< days since 1970-01-01; INT64_MIN when unknown */
    const int64_t *entities;    /**< archive entity ids of the article, most mentioned first */
    const uint32_t *entity_mentions; /**< mentions of each, same order */
    size_t nentities;
    const char *title;          /**< may be NULL */
    const char *text;           /**< the article text (UTF-8) */
    size_t len;
} dp_story_input;

/** A clustering context over one connection (the ingest writer's): its
 * statements are prepared once, and the term document frequencies and the
 * article count N are counted in memory and written by dp_stories_flush
 * (docs/stories.md, "The context"). Not thread-safe; one per connection.
 * It also keeps the story rows it reads and writes, decoded. While it lives,
 * nothing else may write `stories`, `terms` or meta 'stories.docs' through
 * that connection but dp_stories_uncount (other connections' commits are
 * noticed). */
typedef struct dp_stories dp_stories;

/** NULL when out of memory (or db is NULL). */
dp_stories *dp_stories_open(sqlite3 *db);

/** Assigns the article to a story (an existing one or a new one), updates the
 * story's label, dates, count and profile, and sets articles.story; *story is
 * the story's id (0 on error). Call it inside a write transaction. The
 * `terms` rows and N are not written yet: dp_stories_flush must run before
 * that transaction commits. On an error (DP_ERR_IO, DP_ERR_NOMEM) the caller
 * rolls the transaction back and calls dp_stories_discard; until then every
 * call fails. */
dp_status dp_stories_assign(dp_stories *c, const dp_story_input *in, int64_t *story);

/** Writes the document frequencies and N counted since the last flush (one
 * upsert per distinct term, in key order). Call it in the transaction, just
 * before COMMIT. */
dp_status dp_stories_flush(dp_stories *c);

/** Takes one article off a story's count (stories.articles, not below 0):
 * an article re-ingested, whose old version was in that story. The way for
 * the store to change a story row while the context lives. */
dp_status dp_stories_uncount(dp_stories *c, int64_t story);

/** After a ROLLBACK: forgets what was counted and not flushed, and clears the
 * error state. */
void dp_stories_discard(dp_stories *c);

/** Finalizes the statements and frees the context (what was not flushed is
 * lost). Call it before sqlite3_close. NULL is ignored. */
void dp_stories_close(dp_stories *c);

/** One article on its own: opens a context, assigns the article inside a
 * SAVEPOINT, flushes and closes (nothing outlives the call; on an error the
 * savepoint is rolled back). For tools and tests; the ingest keeps a context. */
dp_status dp_story_assign(sqlite3 *db, const dp_story_input *in, int64_t *story);

#endif
