/* cmd_query.c — the archive's questions: `depeche search`, `entity`,
 * `quotes`, `stories`, `timeline` (docs/store.md). Text for people by
 * default, one JSON document with --json. The archive is opened read-only:
 * queries run while an ingest writes. */
#include "cli.h"
#include "depeche_store.h"

#include <stdlib.h>
#include <string.h>

typedef struct qargs {
    const char *db, *from, *to, *entity, *source, *speaker, *about, *since, *by;
    const char *pos[4];
    int npos, json, limit, offset;
} qargs;

static const char *const usage[] = {
    /* search */
    "usage: depeche search --db FILE [--from DATE] [--to DATE] [--entity NAME] [--source S]\n"
    "                      [--limit N] [--offset N] [--json] QUERY\n"
    "\n"
    "Full-text search over titles and texts (SQLite FTS5, accents folded), best\n"
    "first (BM25, titles weigh 3x): each hit with its id, date, source, a snippet\n"
    "with the words found in [brackets], the article it copies (a near-duplicate)\n"
    "or its copies and their sources. QUERY is FTS5 syntax (\"a phrase\", AND, OR,\n"
    "NOT, NEAR, prefix*); if it does not parse, its words are searched together.\n"
    "  --from/--to DATE     publication date bounds, YYYY-MM-DD, inclusive\n"
    "  --entity NAME        only articles where this entity appears\n"
    "  --source S           only articles from this source\n",
    /* entity */
    "usage: depeche entity --db FILE [--json] NAME\n"
    "\n"
    "An entity of the archive (any of its names, accents and case ignored, or the\n"
    "start of one): type, name variants, roles with their dates, article count,\n"
    "the entities it appears with most, its latest quotes.\n",
    /* quotes */
    "usage: depeche quotes --db FILE [--speaker NAME] [--about WORDS] [--limit N] [--json]\n"
    "\n"
    "Quotes, latest first (copies of an article not repeated): by a speaker, about\n"
    "some words (all of them, accents ignored), or all.\n",
    /* stories */
    "usage: depeche stories --db FILE [--since DATE] [--limit N] [--json]\n"
    "\n"
    "Stories (articles about one event, grouped at ingest), latest first: first and\n"
    "last date, article count, label (top entities and keywords).\n",
    /* timeline */
    "usage: depeche timeline --db FILE [--by day|week] [--json] NAME\n"
    "\n"
    "Mentions of an entity per day (or per week, from Monday), with a bar chart.\n"};

enum { Q_SEARCH, Q_ENTITY, Q_QUOTES, Q_STORIES, Q_TIMELINE };

static int parse(int kind, int argc, char **argv, qargs *a) {
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = NULL;
        const char **slot = NULL;
        int *num = NULL;
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            fputs(usage[kind], stdout);
            fputs("  --db FILE            the archive (required)\n"
                  "  --json               one JSON document instead of text\n"
                  "exit status: 0 success; 1 not an archive, nothing of that name, or a\n"
                  "database failure; 2 usage error.\n",
                  stdout);
            return -1;
        }
        if (!strcmp(s, "--json")) {
            a->json = 1;
            continue;
        }
        if (cli_opt(s, "--db", &v)) slot = &a->db;
        else if (kind == Q_SEARCH && cli_opt(s, "--from", &v)) slot = &a->from;
        else if (kind == Q_SEARCH && cli_opt(s, "--to", &v)) slot = &a->to;
        else if (kind == Q_SEARCH && cli_opt(s, "--entity", &v)) slot = &a->entity;
        else if (kind == Q_SEARCH && cli_opt(s, "--source", &v)) slot = &a->source;
        else if (kind == Q_QUOTES && cli_opt(s, "--speaker", &v)) slot = &a->speaker;
        else if (kind == Q_QUOTES && cli_opt(s, "--about", &v)) slot = &a->about;
        else if (kind == Q_STORIES && cli_opt(s, "--since", &v)) slot = &a->since;
        else if (kind == Q_TIMELINE && cli_opt(s, "--by", &v)) slot = &a->by;
        else if (kind != Q_ENTITY && kind != Q_TIMELINE && cli_opt(s, "--limit", &v)) num = &a->limit;
        else if (kind == Q_SEARCH && cli_opt(s, "--offset", &v)) num = &a->offset;
        else if (s[0] == '-' && s[1]) {
            cli_error("unknown option '%s' (see --help)", s);
            return EXIT_USAGE;
        } else {
            if (a->npos == 4) {
                cli_error("too many arguments (quote a query of several words)");
                return EXIT_USAGE;
            }
            a->pos[a->npos++] = s;
            continue;
        }
        if (!v) {
            if (i + 1 >= argc) {
                cli_error("%s needs a value", s);
                return EXIT_USAGE;
            }
            v = argv[++i];
        }
        if (slot) *slot = v;
        else {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 0 || n > 100000) {
                cli_error("%s: '%s' is not a number from 0 to 100000", s, v);
                return EXIT_USAGE;
            }
            *num = (int)n;
        }
    }
    if (!a->db) {
        cli_error("--db FILE is required (see --help)");
        return EXIT_USAGE;
    }
    int want = kind == Q_SEARCH || kind == Q_ENTITY || kind == Q_TIMELINE;
    if (want && a->npos != 1) {
        cli_error(kind == Q_SEARCH ? "search needs one QUERY (quote it)" : "needs one NAME (quote it)");
        return EXIT_USAGE;
    }
    if (!want && a->npos) {
        cli_error("unexpected argument '%s'", a->pos[0]);
        return EXIT_USAGE;
    }
    if (a->by && strcmp(a->by, "day") && strcmp(a->by, "week")) {
        cli_error("--by is day or week");
        return EXIT_USAGE;
    }
    return 0;
}

static int run(int kind, int argc, char **argv) {
    qargs a;
    int rc = parse(kind, argc, argv, &a);
    if (rc) return rc < 0 ? 0 : rc;
    dp_error e = {DP_OK, NULL, 0};
    dp_store *s = dp_store_open(a.db, DP_STORE_READONLY, &e);
    if (!s) {
        cli_error("%s: %s", a.db, e.message ? e.message : dp_strerror(e.code));
        return EXIT_INPUT;
    }
    dp_status st;
    switch (kind) {
    case Q_SEARCH: {
        dp_search_opts o = {a.from, a.to, a.entity, a.source, a.limit, a.offset};
        st = dp_store_search(s, a.pos[0], &o, a.json, cli_write_file, stdout, &e);
        break;
    }
    case Q_ENTITY: st = dp_store_entity(s, a.pos[0], a.json, cli_write_file, stdout, &e); break;
    case Q_QUOTES: st = dp_store_quotes(s, a.speaker, a.about, a.limit, a.json, cli_write_file, stdout, &e); break;
    case Q_STORIES: st = dp_store_stories(s, a.since, a.limit, a.json, cli_write_file, stdout, &e); break;
    default: st = dp_store_timeline(s, a.pos[0], a.by && !strcmp(a.by, "week"), a.json, cli_write_file, stdout, &e);
    }
    if (st == DP_ERR_NOT_FOUND) {
        const char *name = kind == Q_QUOTES ? a.speaker : kind == Q_SEARCH ? a.entity : a.pos[0];
        cli_error("no entity named '%s' in %s", name ? name : "", a.db);
    } else if (st) {
        cli_error("%s: %s", a.db, e.message ? e.message : dp_strerror(st));
    }
    dp_store_close(s);
    if (fflush(stdout)) {
        cli_error("cannot write the output");
        return EXIT_INPUT;
    }
    return st == DP_OK ? 0 : st == DP_ERR_DATE ? EXIT_USAGE : EXIT_INPUT;
}

int cmd_search(int argc, char **argv) { return run(Q_SEARCH, argc, argv); }
int cmd_entity(int argc, char **argv) { return run(Q_ENTITY, argc, argv); }
int cmd_quotes(int argc, char **argv) { return run(Q_QUOTES, argc, argv); }
int cmd_stories(int argc, char **argv) { return run(Q_STORIES, argc, argv); }
int cmd_timeline(int argc, char **argv) { return run(Q_TIMELINE, argc, argv); }
