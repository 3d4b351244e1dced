/* test_stories.c — the story clustering (src/store/stories.c) on in-memory
 * databases made from src/store/schema.sql, with synthetic articles; the
 * ingest's context (dp_stories_*) against the one-shot dp_story_assign. */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include "store/stories.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef DP_SCHEMA_SQL
#error "DP_SCHEMA_SQL: path of src/store/schema.sql"
#endif

static const char *FIRE =
    "L'incendie de la cathédrale Notre-Dame a mobilisé des centaines de pompiers toute la nuit. "
    "La flèche s'est effondrée et la charpente a brûlé; les pompiers ont sauvé les tours et le trésor.";
static const char *FIRE2 =
    "Au lendemain de l'incendie, les pompiers inspectent la charpente de la cathédrale Notre-Dame. "
    "La flèche effondrée et les tours sauvées: le trésor de la cathédrale a été mis à l'abri.";
static const char *STRIKE =
    "La réforme des retraites divise les syndicats. Grève massive dans les transports: les cheminots "
    "manifestent contre le gouvernement et les trains restent à quai, la grève est reconduite.";

static sqlite3 *open_db_at(const char *name) {
    sqlite3 *db = NULL;
    if (sqlite3_open(name, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    FILE *f = fopen(DP_SCHEMA_SQL, "rb");
    if (!f) {
        sqlite3_close(db);
        return NULL;
    }
    static char sql[1 << 16];
    size_t n = fread(sql, 1, sizeof sql - 1, f);
    fclose(f);
    sql[n] = 0;
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "schema: %s\n", msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static sqlite3 *open_db(void) { return open_db_at(":memory:"); }

static int64_t entity(sqlite3 *db, const char *name, const char *type) {
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db,
                       "INSERT INTO entities(name, type, key, articles) VALUES(?1, ?2, ?2 || ':' || ?1, 1) "
                       "ON CONFLICT(key) DO UPDATE SET articles = articles + 1 RETURNING id",
                       -1, &st, NULL);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return id;
}

static int64_t next_article = 1;

/* Inserts article row `id` and assigns it, through the context c when not
 * NULL (else dp_story_assign); returns its story (0 on error). */
static int64_t add_at(sqlite3 *db, dp_stories *c, int64_t id, int64_t day, const char *title, const char *text,
                      const int64_t *ents, const uint32_t *ments, size_t nents) {
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO articles(id, ext_id, title, text, day, words) VALUES(?1, ?1, ?2, ?3, ?4, 1)",
                       -1, &st, NULL);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, text ? text : "", -1, SQLITE_STATIC);
    if (day != INT64_MIN) sqlite3_bind_int64(st, 4, day);
    sqlite3_step(st);
    sqlite3_finalize(st);
    dp_story_input in = {id, day, ents, ments, nents, title, text, text ? strlen(text) : 0};
    int64_t story = -1;
    dp_status s = c ? dp_stories_assign(c, &in, &story) : dp_story_assign(db, &in, &story);
    CHECK_EQ(s, DP_OK);
    return story;
}

static int64_t add(sqlite3 *db, int64_t day, const char *title, const char *text, const int64_t *ents,
                   const uint32_t *ments, size_t nents) {
    return add_at(db, NULL, next_article++, day, title, text, ents, ments, nents);
}

static int64_t q_int(sqlite3 *db, const char *sql, int64_t arg) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return INT64_MIN + 1;
    sqlite3_bind_int64(st, 1, arg);
    int64_t v = INT64_MIN;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char label_buf[512];
static const char *label(sqlite3 *db, int64_t story) {
    sqlite3_stmt *st = NULL;
    label_buf[0] = 0;
    sqlite3_prepare_v2(db, "SELECT label FROM stories WHERE id = ?1", -1, &st, NULL);
    sqlite3_bind_int64(st, 1, story);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(label_buf, sizeof label_buf, "%s", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return label_buf;
}

static void test_same_story(void) {
    TEST("same entities and words within the window: one story");
    sqlite3 *db = open_db();
    if (!CHECK(db)) return;
    int64_t nd = entity(db, "Notre-Dame", "LOC"), paris = entity(db, "Paris", "LOC");
    int64_t e[] = {nd, paris};
    uint32_t m[] = {4, 1};
    int64_t s1 = add(db, 18000, "Notre-Dame en feu", FIRE, e, m, 2);
    int64_t s2 = add(db, 18002, "Notre-Dame: après l'incendie", FIRE2, e, m, 2);
    CHECK(s1 > 0);
    CHECK_EQ(s2, s1);
    CHECK_EQ(q_int(db, "SELECT articles FROM stories WHERE id = ?1", s1), 2);
    CHECK_EQ(q_int(db, "SELECT first_day FROM stories WHERE id = ?1", s1), 18000);
    CHECK_EQ(q_int(db, "SELECT last_day FROM stories WHERE id = ?1", s1), 18002);
    CHECK_EQ(q_int(db, "SELECT count(*) FROM stories WHERE ?1", 1), 1);
    CHECK_EQ(q_int(db, "SELECT story FROM articles WHERE id = ?1", 2), s1);
    const char *l = label(db, s1);
    if (!CHECK(strncmp(l, "Notre-Dame", 10) == 0)) fprintf(stderr, "    label: %s\n", l);
    CHECK(strstr(l, "pompiers") || strstr(l, "cathédrale") || strstr(l, "incendie") || strstr(l, "flèche"));
    /* an older article (out of order) joins and moves first_day back */
    int64_t s3 = add(db, 17999, "Notre-Dame", FIRE, e, m, 2);
    CHECK_EQ(s3, s1);
    CHECK_EQ(q_int(db, "SELECT first_day FROM stories WHERE id = ?1", s1), 17999);
    CHECK_EQ(q_int(db, "SELECT articles FROM stories WHERE id = ?1", s1), 3);
    /* the terms' document frequencies and N */
    CHECK_EQ(q_int(db, "SELECT df FROM terms WHERE term = 'pompiers' AND ?1", 1), 3);
    CHECK_EQ(q_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'stories.docs' AND ?1", 1), 3);
    /* postings: the story is posted under its top entity at its last day */
    CHECK_EQ(q_int(db, "SELECT count(*) FROM story_keys WHERE key = ?1 AND day = 18002", nd), 1);
    CHECK_EQ(q_int(db, "SELECT count(*) FROM story_keys WHERE day <> 18002 AND ?1", 1), 0);
    sqlite3_close(db);
}

static void test_far_apart(void) {
    TEST("same words 30 days apart: two stories");
    sqlite3 *db = open_db();
    if (!CHECK(db)) return;
    int64_t nd = entity(db, "Notre-Dame", "LOC");
    int64_t e[] = {nd};
    uint32_t m[] = {3};
    int64_t s1 = add(db, 18000, "Notre-Dame en feu", FIRE, e, m, 1);
    int64_t s2 = add(db, 18030, "Notre-Dame en feu", FIRE, e, m, 1);
    CHECK(s1 > 0 && s2 > 0);
    CHECK(s1 != s2);
    CHECK_EQ(q_int(db, "SELECT count(*) FROM stories WHERE ?1", 1), 2);
    /* 7 days after the last article is still within the window */
    int64_t s3 = add(db, 18037, "Notre-Dame en feu", FIRE2, e, m, 1);
    CHECK_EQ(s3, s2);
    sqlite3_close(db);
}

static void test_topics(void) {
    TEST("different topics the same day: two stories");
    sqlite3 *db = open_db();
    if (!CHECK(db)) return;
    int64_t nd = entity(db, "Notre-Dame", "LOC"), sncf = entity(db, "SNCF", "ORG"), paris = entity(db, "Paris", "LOC");
    int64_t e1[] = {nd, paris}, e2[] = {sncf, paris};
    uint32_t m[] = {3, 1};
    int64_t s1 = add(db, 18000, "Notre-Dame en feu", FIRE, e1, m, 2);
    int64_t s2 = add(db, 18000, "Grève à la SNCF", STRIKE, e2, m, 2);
    int64_t s3 = add(db, 18001, "La grève continue", STRIKE, e2, m, 2);
    int64_t s4 = add(db, 18001, "Notre-Dame", FIRE2, e1, m, 2);
    CHECK(s1 != s2);
    CHECK_EQ(s3, s2);
    CHECK_EQ(s4, s1);
    const char *l = label(db, s2);
    if (!CHECK(strncmp(l, "SNCF", 4) == 0)) fprintf(stderr, "    label: %s\n", l);
    CHECK(strstr(l, "grève") != NULL);
    sqlite3_close(db);
}

static void test_no_entities(void) {
    TEST("no entities: terms alone; undated articles");
    sqlite3 *db = open_db();
    if (!CHECK(db)) return;
    int64_t s1 = add(db, 18000, NULL, FIRE, NULL, NULL, 0);
    int64_t s2 = add(db, 18001, NULL, FIRE2, NULL, NULL, 0);
    CHECK_EQ(s2, s1);
    /* undated, same content: joins the latest window, dates unchanged */
    int64_t s3 = add(db, INT64_MIN, NULL, FIRE, NULL, NULL, 0);
    CHECK_EQ(s3, s1);
    CHECK_EQ(q_int(db, "SELECT articles FROM stories WHERE id = ?1", s1), 3);
    CHECK_EQ(q_int(db, "SELECT last_day FROM stories WHERE id = ?1", s1), 18001);
    /* undated, other content: a story of its own, without dates */
    int64_t s4 = add(db, INT64_MIN, NULL, STRIKE, NULL, NULL, 0);
    CHECK(s4 > 0 && s4 != s1);
    CHECK_EQ(q_int(db, "SELECT first_day FROM stories WHERE id = ?1", s4), INT64_MIN);
    CHECK_EQ(q_int(db, "SELECT count(*) FROM story_keys WHERE story = ?1", s4), 0);
    sqlite3_close(db);
}

static void test_bad_input(void) {
    TEST("bad and empty input");
    sqlite3 *db = open_db();
    if (!CHECK(db)) return;
    int64_t story = 7;
    dp_story_input in = {1, 18000, NULL, NULL, 0, NULL, FIRE, strlen(FIRE)};
    CHECK_EQ(dp_story_assign(NULL, &in, &story), DP_ERR_ARG);
    CHECK_EQ(story, 0);
    CHECK_EQ(dp_story_assign(db, NULL, &story), DP_ERR_ARG);
    CHECK_EQ(dp_story_assign(db, &in, NULL), DP_ERR_ARG);
    dp_story_input bad = {1, 18000, NULL, NULL, 3, NULL, FIRE, strlen(FIRE)};
    CHECK_EQ(dp_story_assign(db, &bad, &story), DP_ERR_ARG);
    dp_story_input bad2 = {1, 18000, NULL, NULL, 0, NULL, NULL, 5};
    CHECK_EQ(dp_story_assign(db, &bad2, &story), DP_ERR_ARG);
    /* empty text, no title: a story of its own with an empty label */
    int64_t s1 = add(db, 18000, NULL, NULL, NULL, NULL, 0);
    int64_t s2 = add(db, 18000, NULL, "", NULL, NULL, 0);
    CHECK(s1 > 0 && s2 > 0 && s1 != s2);
    /* stop words, numbers, short words, invalid UTF-8, huge entity ids, zero mentions */
    int64_t e[] = {-5, 0, 999999, 999999};
    uint32_t m[] = {0, 0, 0, 2};
    const char junk[] = "le la les 2020 12 34 a b c \xff\xfe\xc3 de du \xe2\x82 et \x01\x02 \xf0\x9f\x98\x80 ";
    dp_story_input j = {next_article++, 18000, e, m, 4, "\xff", junk, sizeof junk - 1};
    CHECK_EQ(dp_story_assign(db, &j, &story), DP_OK);
    CHECK(story > 0);
    /* NULL mention counts are taken as 1 each */
    dp_story_input j2 = {next_article++, 18000, e, NULL, 4, NULL, FIRE, strlen(FIRE)};
    CHECK_EQ(dp_story_assign(db, &j2, &story), DP_OK);
    /* a corrupted profile reads as empty: the article starts a new story or rebuilds it */
    int64_t s3 = add(db, 18001, "Notre-Dame en feu", FIRE, NULL, NULL, 0);
    CHECK(sqlite3_exec(db, "UPDATE stories SET profile = x'01ff'", NULL, NULL, NULL) == SQLITE_OK);
    int64_t s4 = add(db, 18001, "Notre-Dame en feu", FIRE, NULL, NULL, 0);
    CHECK(s3 > 0 && s4 > 0);
    /* a very long word and a long text of one repeated word */
    size_t n = 100000;
    char *big = malloc(n + 1);
    if (CHECK(big)) {
        for (size_t i = 0; i < n; i++) big[i] = (char)('a' + (i % 7 == 6 ? 0 : i % 5));
        big[n] = 0;
        CHECK(add(db, 18002, NULL, big, NULL, NULL, 0) > 0);
        free(big);
    }
    /* an unknown article id: the story is made, no article row is touched */
    dp_story_input ghost = {424242, 18003, NULL, NULL, 0, NULL, STRIKE, strlen(STRIKE)};
    CHECK_EQ(dp_story_assign(db, &ghost, &story), DP_OK);
    /* a broken schema: an error, and nothing written (savepoint rolled back) */
    int64_t before = q_int(db, "SELECT count(*) FROM stories WHERE ?1", 1);
    int64_t docs = q_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'stories.docs' AND ?1", 1);
    CHECK(sqlite3_exec(db, "DROP TABLE story_keys", NULL, NULL, NULL) == SQLITE_OK);
    dp_story_input again = {1, 18000, NULL, NULL, 0, NULL, FIRE, strlen(FIRE)};
    story = 5;
    CHECK_EQ(dp_story_assign(db, &again, &story), DP_ERR_IO);
    CHECK_EQ(story, 0);
    CHECK_EQ(q_int(db, "SELECT count(*) FROM stories WHERE ?1", 1), before);
    CHECK_EQ(q_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'stories.docs' AND ?1", 1), docs);
    sqlite3_close(db);
}

static void test_deterministic(void) {
    TEST("deterministic: the same input gives the same stories and labels");
    char l1[512];
    int64_t r[2][6];
    for (int run = 0; run < 2; run++) {
        sqlite3 *db = open_db();
        if (!CHECK(db)) return;
        int64_t nd = entity(db, "Notre-Dame", "LOC"), sncf = entity(db, "SNCF", "ORG");
        int64_t e1[] = {nd}, e2[] = {sncf};
        uint32_t m[] = {2};
        const char *texts[] = {FIRE, STRIKE, FIRE2, STRIKE, FIRE, FIRE2};
        for (int i = 0; i < 6; i++)
            r[run][i] = add(db, 18000 + i, NULL, texts[i], texts[i] == STRIKE ? e2 : e1, m, 1);
        if (run == 0) snprintf(l1, sizeof l1, "%s", label(db, r[0][0]));
        else CHECK_STR(label(db, r[1][0]), l1);
        sqlite3_close(db);
    }
    for (int i = 0; i < 6; i++) CHECK_EQ(r[0][i], r[1][i]);
}

/* FNV-1a over everything the clustering writes. */
static uint64_t digest(sqlite3 *db) {
    static const char *const qs[] = {
        "SELECT id, label, first_day, last_day, articles, hex(profile) FROM stories ORDER BY id",
        "SELECT term, df FROM terms ORDER BY term",
        "SELECT key, day, story FROM story_keys ORDER BY 1, 2, 3",
        "SELECT value FROM meta WHERE key = 'stories.docs'",
        "SELECT id, story FROM articles ORDER BY id",
    };
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, qs[i], -1, &st, NULL) != SQLITE_OK) return 0;
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int k = 0; k < sqlite3_column_count(st); k++) {
                const unsigned char *t = sqlite3_column_text(st, k);
                for (; t && *t; t++) h = (h ^ *t) * 1099511628211ull;
                h = (h ^ 0x1f) * 1099511628211ull;
            }
        sqlite3_finalize(st);
    }
    return h;
}

static int exec_ok(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK; }

static void test_context(void) {
    TEST("context: as one call per article; counts written at the flush; rollback; another writer");
    char path[] = "/tmp/dp_stories_XXXXXX";
    int fd = mkstemp(path);
    if (!CHECK(fd >= 0)) return;
    close(fd);
    remove(path);
    sqlite3 *ref = open_db(), *db = open_db_at(path), *other = NULL;
    dp_stories *c = db ? dp_stories_open(db) : NULL;
    if (!CHECK(ref && db && c) || !CHECK_EQ(sqlite3_open(path, &other), SQLITE_OK)) goto done;
    CHECK(dp_stories_open(NULL) == NULL);
    int64_t e[2][2];
    for (int k = 0; k < 2; k++) {
        sqlite3 *d = k ? db : ref;
        e[k][0] = entity(d, "Notre-Dame", "LOC");
        e[k][1] = entity(d, "SNCF", "ORG");
    }
    uint32_t m[] = {2};
    const char *texts[] = {FIRE, STRIKE, FIRE2, STRIKE, FIRE, FIRE2, STRIKE, FIRE};
    int64_t r[8], s[8];
    for (int i = 0; i < 3; i++) r[i] = add_at(ref, NULL, 100 + i, 18000 + i, NULL, texts[i], e[0] + (texts[i] == STRIKE), m, 1);
    CHECK(exec_ok(db, "BEGIN IMMEDIATE"));
    for (int i = 0; i < 3; i++) s[i] = add_at(db, c, 100 + i, 18000 + i, NULL, texts[i], e[1] + (texts[i] == STRIKE), m, 1);
    /* nothing counted is written before the flush */
    CHECK_EQ(q_int(db, "SELECT count(*) FROM terms WHERE ?1", 1), 0);
    CHECK_EQ(dp_stories_flush(c), DP_OK);
    CHECK_EQ(q_int(db, "SELECT df FROM terms WHERE term = 'pompiers' AND ?1", 1), 2);
    CHECK(exec_ok(db, "COMMIT"));
    CHECK_EQ(digest(db), digest(ref));
    /* another connection changes the counts between two transactions: the context sees it */
    const char *bump = "UPDATE terms SET df = df + 5 WHERE term = 'pompiers'";
    CHECK(exec_ok(other, bump) && exec_ok(ref, bump));
    for (int i = 3; i < 8; i++) r[i] = add_at(ref, NULL, 100 + i, 18000 + i, NULL, texts[i], e[0] + (texts[i] == STRIKE), m, 1);
    for (int i = 3; i < 8; i += 2) { /* transactions of two articles */
        CHECK(exec_ok(db, "BEGIN IMMEDIATE"));
        for (int k = i; k < i + 2 && k < 8; k++)
            s[k] = add_at(db, c, 100 + k, 18000 + k, NULL, texts[k], e[1] + (texts[k] == STRIKE), m, 1);
        CHECK_EQ(dp_stories_flush(c), DP_OK);
        CHECK(exec_ok(db, "COMMIT"));
    }
    for (int i = 0; i < 8; i++) CHECK_EQ(s[i], r[i]);
    CHECK_EQ(digest(db), digest(ref));
    CHECK_EQ(q_int(db, "SELECT df FROM terms WHERE term = 'pompiers' AND ?1", 1), 10);
    /* a story's count taken down (a re-ingested article), through the context: the next
     * article joining it sees the count the row has (the context's cache follows) */
    int64_t fire = s[7], before = q_int(db, "SELECT articles FROM stories WHERE id = ?1", fire);
    CHECK(exec_ok(db, "BEGIN IMMEDIATE"));
    CHECK_EQ(dp_stories_uncount(c, fire), DP_OK);
    CHECK_EQ(q_int(db, "SELECT articles FROM stories WHERE id = ?1", fire), before - 1);
    CHECK_EQ(add_at(db, c, 109, 18009, NULL, FIRE2, e[1], m, 1), fire);
    CHECK_EQ(dp_stories_flush(c), DP_OK);
    CHECK(exec_ok(db, "COMMIT"));
    char dec[96];
    snprintf(dec, sizeof dec, "UPDATE stories SET articles = articles - 1 WHERE id = %lld", (long long)r[7]);
    CHECK(exec_ok(ref, dec));
    CHECK_EQ(add_at(ref, NULL, 109, 18009, NULL, FIRE2, e[0], m, 1), r[7]);
    CHECK_EQ(q_int(db, "SELECT articles FROM stories WHERE id = ?1", fire), before);
    CHECK_EQ(digest(db), digest(ref));
    CHECK_EQ(dp_stories_uncount(NULL, fire), DP_ERR_ARG);
    /* a rolled-back article leaves no trace once discarded */
    CHECK(exec_ok(db, "BEGIN IMMEDIATE"));
    add_at(db, c, 108, 18008, NULL, FIRE, e[1], m, 1);
    CHECK(exec_ok(db, "ROLLBACK"));
    dp_stories_discard(c);
    CHECK_EQ(digest(db), digest(ref));
    /* an error is sticky until discarded */
    CHECK(exec_ok(db, "BEGIN IMMEDIATE"));
    CHECK(exec_ok(other, "SELECT 1")); /* (another connection is no obstacle to reading) */
    CHECK(exec_ok(db, "DROP TABLE story_keys"));
    dp_story_input in = {200, 18010, NULL, NULL, 0, NULL, FIRE, strlen(FIRE)};
    int64_t story = 9;
    CHECK_EQ(dp_stories_assign(c, &in, &story), DP_ERR_IO);
    CHECK_EQ(story, 0);
    CHECK_EQ(dp_stories_flush(c), DP_ERR_IO);
    CHECK(exec_ok(db, "ROLLBACK"));
    dp_stories_discard(c);
    CHECK_EQ(dp_stories_assign(c, &in, &story), DP_OK);
    CHECK(story > 0);
    CHECK_EQ(dp_stories_assign(NULL, &in, &story), DP_ERR_ARG);
    CHECK_EQ(dp_stories_flush(NULL), DP_ERR_ARG);
done:
    dp_stories_close(c);
    dp_stories_discard(NULL);
    dp_stories_close(NULL);
    sqlite3_close(other);
    sqlite3_close(db);
    sqlite3_close(ref);
    remove(path);
}

int main(void) {
    test_same_story();
    test_far_apart();
    test_topics();
    test_no_entities();
    test_bad_input();
    test_deterministic();
    test_context();
    return TEST_DONE();
}
