/* test_store.c — the archive core (src/store/store.c, ingest.c): opening,
 * refusing files that are not archives (untouched), ingest with entity
 * linking, replace-by-id, near-duplicates and stories wired through.
 *
 * The near-duplicate and story modules are replaced here by fakes (this file
 * defines dp_minhash_* and dp_stories_*, so the linker takes these and
 * not the library's dedup.o / stories.o): the test checks the store's wiring,
 * not their algorithms. Fake MinHash: every slot is the hash of the whole
 * text (identical texts: similarity 1, others 0). Fake stories: one new story
 * per call, with a check that entities come most mentioned first. */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"
#include "store/dedup.h"
#include "store/stories.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- fakes ---------------------------------------------------------------- */

static int fake_story_calls, fake_story_unsorted;

size_t dp_minhash_text(const char *text, size_t len, dp_minhash *out) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)text[i]) * 16777619u;
    for (size_t i = 0; i < DP_MINHASH_K; i++) out->h[i] = h + (uint32_t)i;
    return len >= 10 ? 1 : 0;
}

double dp_minhash_similarity(const dp_minhash *a, const dp_minhash *b) {
    size_t same = 0;
    for (size_t i = 0; i < DP_MINHASH_K; i++) same += a->h[i] == b->h[i];
    return (double)same / DP_MINHASH_K;
}

void dp_minhash_buckets(const dp_minhash *m, int64_t keys[DP_LSH_BANDS]) {
    for (size_t b = 0; b < DP_LSH_BANDS; b++) keys[b] = (int64_t)m->h[0] * DP_LSH_BANDS + (int64_t)b;
}

double dp_dedup_threshold(void) { return 0.8; }

struct dp_stories {
    sqlite3 *db;
};
static int fake_story_open, fake_story_flushes;

dp_stories *dp_stories_open(sqlite3 *db) {
    dp_stories *c = malloc(sizeof *c);
    if (c) c->db = db;
    fake_story_open += c != NULL;
    return c;
}

void dp_stories_close(dp_stories *c) {
    fake_story_open -= c != NULL;
    free(c);
}

dp_status dp_stories_flush(dp_stories *c) {
    (void)c;
    fake_story_flushes++;
    return DP_OK;
}

void dp_stories_discard(dp_stories *c) { (void)c; }

dp_status dp_stories_uncount(dp_stories *c, int64_t story) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(c->db, "UPDATE stories SET articles = articles - 1 WHERE id = ?1 AND articles > 0", -1, &s,
                           NULL))
        return DP_ERR_STORE;
    sqlite3_bind_int64(s, 1, story);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? DP_OK : DP_ERR_STORE;
}

dp_status dp_stories_assign(dp_stories *c, const dp_story_input *in, int64_t *story) {
    sqlite3 *db = c->db;
    fake_story_calls++;
    for (size_t i = 1; i < in->nentities; i++)
        if (in->entity_mentions[i] > in->entity_mentions[i - 1]) fake_story_unsorted++;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "INSERT INTO stories(label, articles) VALUES ('fake', 1)", -1, &s, NULL)) return DP_ERR_STORE;
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return DP_ERR_STORE;
    *story = sqlite3_last_insert_rowid(db);
    /* as the real one, sets articles.story */
    if (sqlite3_prepare_v2(db, "UPDATE articles SET story = ?1 WHERE id = ?2", -1, &s, NULL)) return DP_ERR_STORE;
    sqlite3_bind_int64(s, 1, *story);
    sqlite3_bind_int64(s, 2, in->article);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? DP_OK : DP_ERR_STORE;
}

/* ---- helpers --------------------------------------------------------------- */

static char g_dir[256];

static const char *path(const char *name) {
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", g_dir, name);
    return buf[k];
}

static void write_file(const char *p, const void *data, size_t n) {
    FILE *f = fopen(p, "wb");
    if (!f) return;
    fwrite(data, 1, n, f);
    fclose(f);
}

static char *read_all(const char *p, size_t *n) {
    FILE *f = fopen(p, "rb");
    if (!f) return NULL;
    char *b = malloc(1 << 20);
    *n = b ? fread(b, 1, 1 << 20, f) : 0;
    fclose(f);
    return b;
}

static int64_t q1(dp_store *s, const char *sql) {
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(dp_store_db(s), sql, -1, &st, NULL) != SQLITE_OK) return -2;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static dp_models *g_models;

static dp_status ingest(dp_store *s, const char *file, dp_ingest_stats *st) {
    const char *in[] = {file};
    dp_ingest_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = in;
    o.ninputs = 1;
    o.threads = 2;
    o.models = g_models;
    o.batch = 2;
    dp_error e;
    return dp_store_ingest(s, &o, st, &e);
}

static int null_write(void *ctx, const char *p, size_t n) {
    (void)ctx;
    (void)p;
    (void)n;
    return 0;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_fold(void) {
    TEST("fold");
    size_t n;
    char *f = dp_store_fold("  Valérie\xc2\xa0 PLANTE ", strlen("  Valérie\xc2\xa0 PLANTE "), &n);
    CHECK_STR(f, "valerie plante");
    CHECK_EQ(n, 14);
    free(f);
    f = dp_store_fold("Ève-Marie d’Estaing", strlen("Ève-Marie d’Estaing"), NULL);
    CHECK_STR(f, "eve-marie d'estaing");
    free(f);
    CHECK_EQ(dp_store_days(1970, 1, 1), 0);
    CHECK_EQ(dp_store_days(2020, 9, 11), 18516);
    CHECK_EQ(dp_store_days(1969, 12, 31), -1);
}

static void test_open(void) {
    TEST("open");
    dp_error e;
    CHECK(dp_store_open(path("missing.db"), 0, &e) == NULL);
    CHECK_EQ(e.code, DP_ERR_IO);
    dp_store *s = dp_store_open(path("new.db"), DP_STORE_CREATE, &e);
    if (!CHECK(s != NULL)) return;
    CHECK_EQ(dp_store_version(s), DP_STORE_SCHEMA_VERSION);
    CHECK_EQ(q1(s, "PRAGMA application_id"), DP_STORE_APP_ID);
    CHECK_EQ(q1(s, "PRAGMA user_version"), DP_STORE_SCHEMA_VERSION);
    CHECK_EQ(q1(s, "SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts'"), 1);
    CHECK_EQ(dp_store_check(s, null_write, NULL), DP_OK);
    dp_store_close(s);
    s = dp_store_open(path("new.db"), DP_STORE_READONLY, &e); /* reopen: no re-creation */
    CHECK(s != NULL);
    dp_store_close(s);
}

/* An archive of schema version 1 (lsh a rowid table indexed by bucket) is
 * migrated by an ingest's open, not by a read-only one. */
static void test_migrate_v1(void) {
    TEST("migration from schema version 1");
    dp_error e;
    remove(path("v1.db"));
    dp_store *s = dp_store_open(path("v1.db"), DP_STORE_CREATE, &e);
    if (!CHECK(s != NULL)) return;
    dp_store_close(s);
    sqlite3 *db;
    CHECK_EQ(sqlite3_open(path("v1.db"), &db), SQLITE_OK);
    CHECK_EQ(sqlite3_exec(db,
                          "INSERT INTO articles(id, ext_id, text, words) VALUES (1, 'a', 'x', 1), (2, 'b', 'y', 1);"
                          "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles;"
                          "DROP TABLE lsh;"
                          "CREATE TABLE lsh (bucket INTEGER NOT NULL, "
                          "article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE);"
                          "CREATE INDEX lsh_bucket ON lsh(bucket);"
                          "CREATE INDEX lsh_article ON lsh(article);"
                          "INSERT INTO lsh VALUES (7, 1), (-3, 1), (7, 2), (7, 2), (5, 2);"
                          "PRAGMA user_version = 1;",
                          NULL, NULL, NULL),
             SQLITE_OK);
    sqlite3_close(db);
    s = dp_store_open(path("v1.db"), DP_STORE_READONLY, &e);
    if (CHECK(s != NULL)) {
        CHECK_EQ(dp_store_version(s), 1);
        CHECK_EQ(dp_store_check(s, null_write, NULL), DP_ERR_STORE); /* not judged */
        dp_store_close(s);
    }
    s = dp_store_open(path("v1.db"), DP_STORE_CREATE, &e);
    if (!CHECK(s != NULL)) return;
    CHECK_EQ(dp_store_version(s), 2);
    CHECK_EQ(q1(s, "PRAGMA user_version"), 2);
    CHECK_EQ(q1(s, "SELECT count(*) FROM sqlite_master WHERE name = 'lsh' AND sql LIKE '%WITHOUT ROWID'"), 1);
    CHECK_EQ(q1(s, "SELECT count(*) FROM sqlite_master WHERE name = 'lsh_bucket'"), 0);
    CHECK_EQ(q1(s, "SELECT count(*) FROM sqlite_master WHERE name = 'lsh_article'"), 1);
    CHECK_EQ(q1(s, "SELECT count(*) FROM lsh"), 4); /* (7, 2) twice made one */
    CHECK_EQ(q1(s, "SELECT count(*) FROM lsh WHERE bucket = 7"), 2);
    CHECK_EQ(dp_store_check(s, null_write, NULL), DP_OK);
    dp_store_close(s);
}

/* Files that are not archives: refused with DP_ERR_STORE, left byte for byte. */
static void refused(const char *name, const void *data, size_t n) {
    write_file(path(name), data, n);
    size_t n0 = 0, n1 = 0;
    char *before = read_all(path(name), &n0);
    dp_error e = {DP_OK, NULL, 0};
    dp_store *s = dp_store_open(path(name), DP_STORE_CREATE, &e);
    CHECK(s == NULL);
    CHECK_EQ(e.code, DP_ERR_STORE);
    CHECK(e.message != NULL);
    dp_store_close(s);
    char *after = read_all(path(name), &n1);
    CHECK(before && after && n0 == n1 && memcmp(before, after, n0) == 0);
    CHECK(access(path("x-wal"), F_OK) != 0);
    free(before);
    free(after);
}

static void test_not_archives(void) {
    TEST("not archives");
    char junk[8192];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (char)((x = x * 1103515245u + 12345u) >> 16);
    refused("junk.db", junk, sizeof junk);
    const char *text = "Ceci n'est pas une base de données.\n";
    refused("text.db", text, strlen(text));
    /* a SQLite header followed by garbage */
    memcpy(junk, "SQLite format 3", 16);
    refused("badpages.db", junk, sizeof junk);
    /* another application's database; then a newer depeche's */
    static const char *const setups[] = {
        "CREATE TABLE t(x); INSERT INTO t VALUES (1);",
        "PRAGMA application_id = 1146110792; PRAGMA user_version = 99; CREATE TABLE articles(id);",
    };
    static const char *const names[] = {"foreign.db", "newer.db"};
    for (size_t i = 0; i < 2; i++) {
        sqlite3 *db;
        remove(path(names[i]));
        if (sqlite3_open(path(names[i]), &db) == SQLITE_OK) sqlite3_exec(db, setups[i], NULL, NULL, NULL);
        sqlite3_close(db);
        size_t n;
        char *data = read_all(path(names[i]), &n);
        if (CHECK(data != NULL)) refused(names[i], data, n);
        free(data);
    }
}

static const char articles1[] =
    "{\"id\":\"a1\",\"published\":\"2020-09-10\",\"title\":\"Montréal\",\"text\":\"Valérie Plante, mairesse de "
    "Montréal, a déclaré jeudi : « Nous allons investir 100 millions de dollars dans le transport. »\"}\n"
    "{\"id\":\"a2\",\"published\":\"2020-09-11\",\"text\":\"Mme Plante a annoncé vendredi que 3 000 logements "
    "seraient construits. « C'est une priorité », a-t-elle dit.\"}\n"
    "\n"
    "{\"id\":\"a3\",\"published\":\"2020-09-12\",\"text\":\"Mme Plante a annoncé vendredi que 3 000 logements "
    "seraient construits. « C'est une priorité », a-t-elle dit.\"}\n";

static void test_ingest(void) {
    TEST("ingest");
    write_file(path("one.ndjson"), articles1, sizeof articles1 - 1);
    dp_error e;
    remove(path("arch.db"));
    dp_store *s = dp_store_open(path("arch.db"), DP_STORE_CREATE, &e);
    if (!CHECK(s != NULL)) return;
    dp_ingest_stats st;
    fake_story_calls = fake_story_unsorted = fake_story_flushes = 0;
    CHECK_EQ(ingest(s, path("one.ndjson"), &st), DP_OK);
    CHECK_EQ(st.articles, 3);
    CHECK_EQ(st.duplicates, 1);
    CHECK_EQ(st.stories, 2);
    CHECK_EQ(fake_story_calls, 2); /* the duplicate is not clustered */
    CHECK_EQ(fake_story_unsorted, 0);
    CHECK(fake_story_flushes >= 1); /* before the commit */
    CHECK_EQ(fake_story_open, 0);   /* the context is closed */
    CHECK_EQ(q1(s, "SELECT count(*) FROM articles"), 3);
    /* one archive entity for Valérie Plante and Mme Plante, with both names */
    CHECK_EQ(q1(s, "SELECT count(*) FROM entities WHERE type = 'PER' AND name = 'Valérie Plante'"), 1);
    CHECK_EQ(q1(s, "SELECT articles FROM entities WHERE name = 'Valérie Plante'"), 3);
    CHECK_EQ(q1(s, "SELECT count(*) FROM entity_names n JOIN entities e ON e.id = n.entity "
                   "WHERE e.name = 'Valérie Plante' AND n.name IN ('Valérie Plante', 'Plante')"), 2);
    CHECK_EQ(q1(s, "SELECT first_day FROM entities WHERE name = 'Valérie Plante'"), 18515);
    CHECK_EQ(q1(s, "SELECT last_day FROM entities WHERE name = 'Valérie Plante'"), 18517);
    CHECK_EQ(q1(s, "SELECT count(*) FROM entities WHERE key = 'PER:plante'"), 0);
    /* a3 copies a2: its canonical and story are a2's; its facts are kept */
    CHECK_EQ(q1(s, "SELECT canonical FROM articles WHERE ext_id = 'a3'"), q1(s, "SELECT id FROM articles WHERE ext_id = 'a2'"));
    CHECK_EQ(q1(s, "SELECT story FROM articles WHERE ext_id = 'a3'"), q1(s, "SELECT story FROM articles WHERE ext_id = 'a2'"));
    CHECK(q1(s, "SELECT story FROM articles WHERE ext_id = 'a2'") > 0);
    CHECK_EQ(q1(s, "SELECT count(*) FROM quantities q JOIN articles a ON a.id = q.article WHERE a.ext_id = 'a3'"), 1);
    CHECK_EQ(q1(s, "SELECT length(minhash) FROM articles WHERE ext_id = 'a1'"), 256);
    CHECK_EQ(q1(s, "SELECT count(*) FROM lsh"), 3 * DP_LSH_BANDS);
    /* offsets index the stored text */
    CHECK_EQ(q1(s, "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article "
                   "WHERE substr(CAST(a.text AS BLOB), m.start + 1, m.end - m.start) <> CAST(m.text AS BLOB)"), 0);
    CHECK_EQ(q1(s, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'mairesse AND montreal'"), 1);
    CHECK_EQ(q1(s, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'priorite'"), 2);
    CHECK_EQ(dp_store_check(s, null_write, NULL), DP_OK);

    /* re-ingest: a1 replaced (new text), a2 given twice: the later line wins */
    static const char articles2[] =
        "{\"id\":\"a2\",\"text\":\"Texte intermédiaire sans intérêt pour le test. « C'est provisoire », "
        "a-t-il dit.\"}\n"
        "{\"id\":\"a1\",\"published\":\"2020-09-20\",\"text\":\"Le maire de Québec, Régis Labeaume, inaugure le "
        "tramway.\"}\n"
        "{\"id\":\"a2\",\"published\":\"2020-09-11\",\"text\":\"Mme Plante a annoncé vendredi que 3 000 logements "
        "seraient construits. « C'est une priorité », a-t-elle dit.\"}\n";
    write_file(path("two.ndjson"), articles2, sizeof articles2 - 1);
    int64_t id_a1 = q1(s, "SELECT id FROM articles WHERE ext_id = 'a1'");
    CHECK_EQ(ingest(s, path("two.ndjson"), &st), DP_OK);
    CHECK_EQ(st.articles, 3);
    CHECK_EQ(st.replaced, 3);
    CHECK_EQ(q1(s, "SELECT count(*) FROM articles"), 3);
    CHECK_EQ(q1(s, "SELECT id FROM articles WHERE ext_id = 'a1'"), id_a1);
    CHECK_EQ(q1(s, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'mairesse'"), 0);
    CHECK_EQ(q1(s, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'tramway'"), 1);
    CHECK_EQ(q1(s, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'intermediaire'"), 0);
    /* (its FTS rows, pending in the same transaction, went in and out again) */
    CHECK_EQ(q1(s, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'provisoire'"), 0);
    CHECK_EQ(q1(s, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'priorite'"), 2);
    CHECK_EQ(q1(s, "SELECT count(*) FROM articles WHERE ext_id = 'a2' AND text LIKE 'Mme Plante%'"), 1);
    /* Valérie Plante now only in a2 and a3 (a2 re-ingested identical) */
    CHECK_EQ(q1(s, "SELECT articles FROM entities WHERE name = 'Valérie Plante'"), 2);
    CHECK_EQ(q1(s, "SELECT count(*) FROM entity_names WHERE name = 'Valérie Plante'"), 0);
    CHECK_EQ(q1(s, "SELECT first_day FROM entities WHERE name = 'Valérie Plante'"), 18516);
    CHECK_EQ(q1(s, "SELECT count(*) FROM entities WHERE name = 'Montréal'"), 0);
    CHECK_EQ(q1(s, "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article "
                   "WHERE substr(CAST(a.text AS BLOB), m.start + 1, m.end - m.start) <> CAST(m.text AS BLOB)"), 0);
    CHECK_EQ(dp_store_check(s, null_write, NULL), DP_OK);
    dp_store_close(s);
}

static void test_bad_input(void) {
    TEST("bad input");
    static const char bad[] = "{\"id\":\"b1\",\"text\":\"Un texte.\"}\n{\"id\": oops}\n"
                              "{\"id\":\"b3\",\"text\":\"Invalide \xff\xfe ici.\"}\n";
    write_file(path("bad.ndjson"), bad, sizeof bad - 1);
    dp_error e;
    remove(path("bad.db"));
    dp_store *s = dp_store_open(path("bad.db"), DP_STORE_CREATE, &e);
    if (!CHECK(s != NULL)) return;
    dp_ingest_stats st;
    CHECK_EQ(ingest(s, path("bad.ndjson"), &st), DP_ERR_JSON);
    CHECK_EQ(st.bad, 1);
    CHECK_EQ(q1(s, "SELECT count(*) FROM articles WHERE ext_id = 'b1'"), 1);
    const char *in[] = {path("bad.ndjson")};
    dp_ingest_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = in;
    o.ninputs = 1;
    o.models = g_models;
    o.skip_bad = 1;
    CHECK_EQ(dp_store_ingest(s, &o, &st, &e), DP_OK);
    CHECK_EQ(st.articles, 2);
    CHECK_EQ(q1(s, "SELECT count(*) FROM articles WHERE ext_id = 'b3' AND text = 'Invalide ?? ici.'"), 1);
    CHECK_EQ(dp_store_check(s, null_write, NULL), DP_OK);
    dp_store_close(s);
}

int main(void) {
    strcpy(g_dir, "test_store_XXXXXX");
    if (mkdtemp(g_dir) == NULL) return 1;
    dp_error e;
    g_models = dp_models_load(dp_models_default_dir(), &e);
    test_fold();
    test_open();
    test_migrate_v1();
    test_not_archives();
    if (g_models) {
        test_ingest();
        test_bad_input();
    } else {
        fprintf(stderr, "no models in %s: ingest tests skipped\n", dp_models_default_dir());
    }
    dp_models_free(g_models);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_dir);
    return TEST_DONE();
}
