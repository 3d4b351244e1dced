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

/** Assigns the article to a story (an existing one or a new one), updates the
 * story's label, dates, count and profile, and sets articles.story. Called by
 * the ingest writer inside its transaction. */
dp_status dp_story_assign(sqlite3 *db, const dp_story_input *in, int64_t *story);

#endif
