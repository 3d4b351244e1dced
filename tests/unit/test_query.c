/* test_query.c — the archive's queries (src/store/query.c) on a small store
 * built here with the schema (src/store/schema.sql) and rows written by hand:
 * search with filters, snippets and copies; an entity's card; quotes by
 * speaker and by words; stories; timelines; names folded; errors. */
#include "harness.h"

#include "store/query.h"
#include "store/store.h"

#include <stdlib.h>

#ifndef DP_SCHEMA_SQL
#error "DP_SCHEMA_SQL must name src/store/schema.sql"
#endif

typedef struct sbuf {
    char *p;
    size_t n;
} sbuf;

static int sink(void *ctx, const char *s, size_t n) {
    sbuf *b = ctx;
    char *p = realloc(b->p, b->n + n + 1);
    if (!p) return 1;
    memcpy(p + b->n, s, n);
    b->p = p;
    b->n += n;
    b->p[b->n] = 0;
    return 0;
}

static sqlite3 *db;
static sbuf out;
static dp_qout q;

static void reset(int json) {
    free(out.p);
    out = (sbuf){NULL, 0};
    q = (dp_qout){sink, &out, json, 0};
}

static int has(const char *s) { return out.p && strstr(out.p, s) != NULL; }

static void exec(const char *sql) {
    char *msg = NULL;
    if (!CHECK(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)) fprintf(stderr, "    %s\n", msg ? msg : "?");
    sqlite3_free(msg);
}

static void build(void) {
    FILE *f = fopen(DP_SCHEMA_SQL, "rb");
    CHECK(f != NULL);
    if (!f) return;
    char *sql = malloc(1 << 20);
    size_t n = fread(sql, 1, (1 << 20) - 1, f);
    sql[n] = 0;
    fclose(f);
    CHECK_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
    exec(sql);
    free(sql);
    long d1 = dp_store_day("2020-09-11", 10), d2 = dp_store_day("2020-09-14", 10);
    char buf[4096];
    snprintf(buf, sizeof buf,
             "INSERT INTO articles(id, ext_id, title, text, published, day, source, words) VALUES"
             "(1, 'seed', 'Loukachenko à Moscou', 'Ce sera une visite de travail, a indiqué Dmitri Peskov. "
             "Des manifestations à Minsk.', '2020-09-11', %ld, 'AFP', 14),"
             "(2, 'copy', 'Loukachenko attendu à Moscou', 'Ce sera une visite de travail, a indiqué Dmitri Peskov.', "
             "'2020-09-11', %ld, 'Le Monde', 10),"
             "(3, 'later', 'La mairesse répond', 'Mme Plante a parlé du métro de Montréal et de la CDPQ.', "
             "'2020-09-14', %ld, 'La Presse', 10);"
             "UPDATE articles SET canonical = 1, similarity = 0.93 WHERE id = 2;"
             "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles;"
             "INSERT INTO entities(id, name, type, key, articles, first_day, last_day) VALUES"
             "(1, 'Dmitri Peskov', 'PER', 'PER:dmitri peskov', 2, %ld, %ld),"
             "(2, 'Moscou', 'LOC', 'LOC:moscou', 2, %ld, %ld),"
             "(3, 'Valérie Plante', 'PER', 'PER:valerie plante', 1, %ld, %ld);"
             "INSERT INTO entity_names VALUES (1, 'Dmitri Peskov', 'dmitri peskov', 2), (1, 'Peskov', 'peskov', 1),"
             "(2, 'Moscou', 'moscou', 2), (3, 'Valérie Plante', 'valerie plante', 1), (3, 'Plante', 'plante', 1);"
             "INSERT INTO article_entities VALUES (1, 1, 0, 'Dmitri Peskov', 1), (1, 2, 1, 'Moscou', 1),"
             "(2, 1, 0, 'Dmitri Peskov', 1), (2, 2, 1, 'Moscou', 1), (3, 3, 0, 'Plante', 1);"
             "INSERT INTO mentions VALUES (1, 1, 42, 55, 'Dmitri Peskov'), (2, 1, 42, 55, 'Dmitri Peskov'),"
             "(1, 2, 0, 1, 'Moscou'), (3, 3, 4, 10, 'Plante');"
             "INSERT INTO roles VALUES (1, 1, 'porte-parole du Kremlin');"
             "INSERT INTO quotes(id, article, start, end, text, kind, speaker, speaker_text) VALUES"
             "(1, 1, 0, 29, 'Ce sera une visite de travail', 'direct', 1, 'Dmitri Peskov'),"
             "(2, 2, 0, 29, 'Ce sera une visite de travail', 'direct', 1, 'Dmitri Peskov'),"
             "(3, 3, 0, 20, 'le métro sera prêt', 'indirect', NULL, 'une source');"
             "INSERT INTO quotes_fts(rowid, text) SELECT id, text FROM quotes;"
             "INSERT INTO stories(id, label, first_day, last_day, articles) VALUES"
             "(1, 'Loukachenko, Moscou · visite', %ld, %ld, 2), (2, 'Plante, Montréal · métro', %ld, %ld, 1);",
             d1, d1, d2, d1, d1, d1, d1, d2, d2, d1, d1, d2, d2);
    exec(buf);
}

static void test_days(void) {
    TEST("days");
    CHECK_EQ(dp_store_day("1970-01-01", 10), 0);
    CHECK_EQ(dp_store_day("2000-03-01", 10), 11017);
    CHECK_EQ(dp_store_day("2020-9-11", 9), -1);
    CHECK_EQ(dp_store_day("not a date", 10), -1);
}

static void test_fold(void) {
    TEST("fold");
    char *f = dp_store_fold("  Valérie   PLANTE ", 20, NULL);
    CHECK_STR(f, "valerie plante");
    free(f);
    f = dp_store_fold("N’Guesso", strlen("N’Guesso"), NULL);
    CHECK_STR(f, "n'guesso");
    free(f);
}

static void test_search(void) {
    TEST("search");
    reset(0);
    CHECK_EQ(dp_query_search(db, "visite", NULL, &q, NULL), DP_OK);
    CHECK(has("Loukachenko à Moscou"));
    CHECK(has("[visite]"));     /* highlights */
    CHECK(has("1 copy: copy")); /* the copy and its source */
    CHECK(has("copy of seed")); /* a duplicate names its canonical */
    reset(1);
    dp_search_opts o = {.from = "2020-09-12"};
    CHECK_EQ(dp_query_search(db, "visite", &o, &q, NULL), DP_OK);
    CHECK(has("\"count\":0"));
    reset(1);
    o = (dp_search_opts){.entity = "Plante"};
    CHECK_EQ(dp_query_search(db, "metro", &o, &q, NULL), DP_OK); /* accents folded */
    CHECK(has("\"id\":\"later\""));
    CHECK(has("\"marks\":[["));
    reset(1);
    o = (dp_search_opts){.source = "AFP"};
    CHECK_EQ(dp_query_search(db, "\"visite de travail\"", &o, &q, NULL), DP_OK);
    CHECK(has("\"count\":1"));
    reset(1);
    CHECK_EQ(dp_query_search(db, "visite AND (", NULL, &q, NULL), DP_OK); /* FTS5 syntax error: plain words */
    CHECK(has("\"count\":"));
    reset(1);
    o = (dp_search_opts){.entity = "Personne Inconnue"};
    dp_error e;
    CHECK_EQ(dp_query_search(db, "visite", &o, &q, &e), DP_ERR_NOT_FOUND);
}

static void test_entity(void) {
    TEST("entity");
    reset(0);
    CHECK_EQ(dp_query_entity(db, "dmitri PESKOV", &q, NULL), DP_OK);
    CHECK(has("Dmitri Peskov (PER)"));
    CHECK(has("porte-parole du Kremlin"));
    CHECK(has("Moscou (2)"));
    CHECK(has("Ce sera une visite de travail"));
    reset(1);
    CHECK_EQ(dp_query_entity(db, "Peskov", &q, NULL), DP_OK);
    CHECK(has("\"name\":\"Dmitri Peskov\""));
    CHECK(has("\"role\":\"porte-parole du Kremlin\",\"first\":\"2020-09-11\""));
    reset(1);
    CHECK_EQ(dp_query_entity(db, "Valerie", &q, NULL), DP_OK); /* a prefix of a name */
    CHECK(has("Valérie Plante"));
    reset(0);
    CHECK_EQ(dp_query_entity(db, "Nobody", &q, NULL), DP_ERR_NOT_FOUND);
    reset(0);
    CHECK_EQ(dp_query_entity(db, "\xff\xfe", &q, NULL), DP_ERR_NOT_FOUND); /* not UTF-8: no crash, no entity */
}

static void test_quotes(void) {
    TEST("quotes");
    reset(0);
    CHECK_EQ(dp_query_quotes(db, "Dmitri Peskov", NULL, 0, &q, NULL), DP_OK);
    CHECK(has("« Ce sera une visite de travail »"));
    CHECK(has("— Dmitri Peskov"));
    reset(1);
    CHECK_EQ(dp_query_quotes(db, NULL, "metro", 0, &q, NULL), DP_OK);
    CHECK(has("\"speaker\":null,\"speaker_text\":\"une source\""));
    CHECK(has("\"count\":1"));
    reset(1);
    CHECK_EQ(dp_query_quotes(db, NULL, NULL, 0, &q, NULL), DP_OK);
    CHECK(has("\"count\":2")); /* the copy's quote is not repeated */
}

static void test_stories_timeline(void) {
    TEST("stories and timeline");
    reset(0);
    CHECK_EQ(dp_query_stories(db, NULL, 0, &q, NULL), DP_OK);
    CHECK(has("2020-09-14 … 2020-09-14"));
    CHECK(has("Loukachenko, Moscou"));
    reset(1);
    CHECK_EQ(dp_query_stories(db, "2020-09-12", 0, &q, NULL), DP_OK);
    CHECK(has("\"count\":1"));
    dp_error e;
    CHECK_EQ(dp_query_stories(db, "hier", 0, &q, &e), DP_ERR_DATE);
    reset(1);
    CHECK_EQ(dp_query_timeline(db, "Peskov", 0, &q, NULL), DP_OK);
    CHECK(has("{\"date\":\"2020-09-11\",\"mentions\":2,\"articles\":2}"));
    reset(1);
    CHECK_EQ(dp_query_timeline(db, "Peskov", 1, &q, NULL), DP_OK);
    CHECK(has("\"date\":\"2020-09-07\"")); /* the Monday of that week */
}

static void test_by_id(void) {
    TEST("entity by id, story, article");
    reset(1);
    CHECK_EQ(dp_query_entity_id(db, 1, &q, NULL), DP_OK);
    CHECK(has("\"name\":\"Dmitri Peskov\""));
    reset(1);
    CHECK_EQ(dp_query_entity_id(db, 99, &q, NULL), DP_ERR_NOT_FOUND);
    reset(1);
    CHECK_EQ(dp_query_story(db, 1, 0, &q, NULL), DP_OK);
    CHECK(has("\"label\":\"Loukachenko, Moscou · visite\""));
    reset(1);
    CHECK_EQ(dp_query_story(db, 7, 0, &q, NULL), DP_ERR_NOT_FOUND);
    reset(1);
    CHECK_EQ(dp_query_article(db, "seed", &q, NULL), DP_OK);
    CHECK(has("\"mentions\":[{\"start\":0,\"end\":1,\"text\":\"Moscou\",\"entity\":2"));
    CHECK(has("\"quotes\":[{\"start\":0,\"end\":29"));
    reset(0);
    CHECK_EQ(dp_query_article(db, "nothing", &q, NULL), DP_ERR_NOT_FOUND);
}

int main(void) {
    build();
    test_days();
    test_fold();
    test_search();
    test_entity();
    test_quotes();
    test_stories_timeline();
    test_by_id();
    sqlite3_close(db);
    free(out.p);
    return TEST_DONE();
}
