/* cmd_ingest.c — `depeche ingest --db FILE`: articles analysed into the
 * archive (docs/store.md); `depeche check --db FILE`. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "depeche_store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: depeche ingest --db FILE [options] [INPUT...|-]\n"
    "\n"
    "Analyses articles and stores them, with their entities (linked across the\n"
    "archive), mentions, roles, quotes, dates and quantities, in the archive FILE\n"
    "(a SQLite database, created when missing; docs/store.md). Near-duplicates\n"
    "are linked to their original and articles are grouped into stories.\n"
    "Re-ingesting an id replaces that article. With no INPUT, or '-', reads stdin.\n"
    "\n"
    "Input: NDJSON, one JSON article per line {\"id\", \"text\", \"title\",\n"
    "\"published\", \"url\", \"source\"} (files ending in .ndjson or .jsonl, or\n"
    "--ndjson); else one plain text article per file, its id the file name.\n"
    "\n"
    "options:\n"
    "  --db FILE            the archive (required)\n"
    "  --ndjson             read every input as NDJSON\n"
    "  --skip-bad           report malformed articles on stderr and go on\n"
    "  --threads N          analysis threads (default: the online cores)\n"
    "  --batch N            commit every N articles (default 2048), or every second\n"
    "  --strict-utf8        reject invalid UTF-8 instead of repairing it\n"
    "  --models DIR         model directory (default: $DEPECHE_MODELS, else the shipped models)\n"
    "  --no-models          no tagging (text layer and the facts that need no tagger)\n"
    "  --quiet              no progress bar and no summary\n"
    "  --stats              a second summary line: CPU seconds of the writer and of the analysis\n"
    "  -h, --help           this help\n"
    "\n"
    "A progress bar is shown on a terminal; a one-line summary ends on stderr.\n"
    "exit status: 0 success; 1 not an archive, unreadable input, malformed\n"
    "article (without --skip-bad) or a database failure; 2 usage error.\n"
    "Articles committed before a failure stay in the archive.\n";

static const char check_help[] =
    "usage: depeche check --db FILE\n"
    "\n"
    "Checks an archive: SQLite's integrity and foreign-key checks and the\n"
    "full-text indexes; prints the schema version, the counts of articles,\n"
    "duplicates, entities, quotes, stories... and a verdict on stdout.\n"
    "Safe while an ingest runs (it waits for the writer to pause).\n"
    "\n"
    "exit status: 0 sound; 1 not an archive or not sound; 2 usage error.\n";

typedef struct bar {
    int tty, quiet;
    int shown;
} bar;

static void fmt_time(char *out, size_t n, double s) {
    long t = (long)(s + 0.5);
    if (t >= 3600) snprintf(out, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else snprintf(out, n, "%ld:%02ld", t / 60, t % 60);
}

static void on_progress(void *ctx, const dp_ingest_stats *st) {
    bar *b = ctx;
    if (!b->tty || b->quiet) return;
    char el[32], eta[64] = "";
    fmt_time(el, sizeof el, st->seconds);
    double rate = st->seconds > 0 ? (double)st->articles / st->seconds : 0;
    if (st->bytes_total && st->bytes_done && st->seconds > 0.5) {
        double frac = (double)st->bytes_done / (double)st->bytes_total;
        if (frac > 1) frac = 1;
        char t[32];
        fmt_time(t, sizeof t, st->seconds / frac - st->seconds);
        snprintf(eta, sizeof eta, "  %3.0f%%  ETA %s", frac * 100, t);
    }
    fprintf(stderr, "\r\033[K%llu articles  %.0f/s  %s%s", (unsigned long long)st->articles, rate, el, eta);
    b->shown = 1;
}

static void on_report(void *ctx, const char *input, long line, const dp_error *e) {
    bar *b = ctx;
    if (b->shown) {
        fputs("\r\033[K", stderr);
        b->shown = 0;
    }
    const char *m = e->message ? e->message : dp_strerror(e->code);
    if (e->code == DP_ERR_IO)
        cli_error("%s: %s: %s", input, m, strerror(errno));
    else if (line > 0)
        cli_error("%s:%ld: %s (%s) at byte %zu", input, line, m, dp_strerror(e->code), e->offset);
    else
        cli_error("%s: %s (%s) at byte %zu", input, m, dp_strerror(e->code), e->offset);
}

static int need_value(int argc, char **argv, int *i, const char *a, const char *name, const char **v) {
    if (!cli_opt(a, name, v)) return 0;
    if (!*v) {
        if (*i + 1 >= argc) {
            cli_error("%s needs a value", name);
            return -1;
        }
        *v = argv[++*i];
    }
    return 1;
}

static int parse_uint(const char *name, const char *v, unsigned *out) {
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (errno || end == v || *end || n == 0 || n > 100000 || v[0] == '-') {
        cli_error("%s: '%s' is not a positive number", name, v);
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

static dp_store *open_db(const char *db, unsigned flags) {
    dp_error e = {DP_OK, NULL, 0};
    dp_store *s = dp_store_open(db, flags, &e);
    if (!s) {
        if (e.code == DP_ERR_IO && errno)
            cli_error("%s: %s: %s", db, e.message ? e.message : dp_strerror(e.code), strerror(errno));
        else
            cli_error("%s: %s", db, e.message ? e.message : dp_strerror(e.code));
    }
    return s;
}

int cmd_ingest(int argc, char **argv) {
    dp_ingest_opts o;
    memset(&o, 0, sizeof o);
    const char *db = NULL, *models_dir = NULL;
    int no_models = 0;
    bar b = {isatty(2), 0, 0};
    int stats = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files) return EXIT_INPUT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(help, stdout);
            free(files);
            return 0;
        } else if (!strcmp(a, "--ndjson")) {
            o.ndjson = 1;
        } else if (!strcmp(a, "--skip-bad")) {
            o.skip_bad = 1;
        } else if (!strcmp(a, "--strict-utf8")) {
            o.flags |= DP_OPT_STRICT_UTF8;
        } else if (!strcmp(a, "--stats")) {
            stats = 1;
        } else if (!strcmp(a, "--quiet")) {
            b.quiet = 1;
        } else if (!strcmp(a, "--no-models")) {
            no_models = 1;
        } else if ((r = need_value(argc, argv, &i, a, "--db", &v)) != 0) {
            if (r < 0) goto usage;
            db = v;
        } else if ((r = need_value(argc, argv, &i, a, "--models", &v)) != 0) {
            if (r < 0) goto usage;
            models_dir = v;
        } else if ((r = need_value(argc, argv, &i, a, "--threads", &v)) != 0) {
            if (r < 0 || parse_uint("--threads", v, &o.threads)) goto usage;
        } else if ((r = need_value(argc, argv, &i, a, "--batch", &v)) != 0) {
            if (r < 0 || parse_uint("--batch", v, &o.batch)) goto usage;
        } else if (a[0] == '-' && a[1] != 0) {
            cli_error("ingest: unknown option '%s' (see depeche ingest --help)", a);
            goto usage;
        } else {
            files[nfiles++] = a;
        }
    }
    if (!db) {
        cli_error("ingest: --db FILE is required (see depeche ingest --help)");
        goto usage;
    }
    dp_error e = {DP_OK, NULL, 0};
    const char *dir = models_dir ? models_dir : dp_models_default_dir();
    dp_models *models = no_models ? NULL : dp_models_load(dir, &e);
    if (!models && !no_models) {
        cli_error("%s: %s", dir, e.message ? e.message : dp_strerror(e.code));
        free(files);
        return EXIT_INPUT;
    }
    dp_store *s = open_db(db, DP_STORE_CREATE);
    if (!s) {
        dp_models_free(models);
        free(files);
        return EXIT_INPUT;
    }
    o.inputs = files;
    o.ninputs = nfiles;
    o.models = models;
    o.progress = on_progress;
    o.progress_ctx = &b;
    o.report = on_report;
    o.report_ctx = &b;
    dp_ingest_stats st;
    dp_status rc = dp_store_ingest(s, &o, &st, &e);
    if (b.shown) fputs("\r\033[K", stderr);
    if (rc == DP_ERR_STORE) cli_error("%s: %s", db, dp_store_errmsg(s));
    else if (rc == DP_ERR_NOMEM || rc == DP_ERR_ARG) cli_error("%s", e.message ? e.message : dp_strerror(rc));
    if (!b.quiet)
        fprintf(stderr,
                "depeche: %llu articles (%llu replaced, %llu duplicates, %llu bad), %llu new stories, %.1f s\n",
                (unsigned long long)st.articles, (unsigned long long)st.replaced,
                (unsigned long long)st.duplicates, (unsigned long long)st.bad, (unsigned long long)st.stories,
                st.seconds);
    if (stats)
        fprintf(stderr, "depeche: CPU: writer %.1f s, analysis %.1f s; wall %.1f s\n", st.writer_cpu,
                st.analysis_cpu, st.seconds);
    dp_store_close(s);
    dp_models_free(models);
    free(files);
    return rc == DP_OK ? 0 : EXIT_INPUT;
usage:
    free(files);
    return EXIT_USAGE;
}

int cmd_check(int argc, char **argv) {
    const char *db = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(check_help, stdout);
            return 0;
        } else if ((r = need_value(argc, argv, &i, a, "--db", &v)) != 0) {
            if (r < 0) return EXIT_USAGE;
            db = v;
        } else {
            cli_error("check: unexpected argument '%s' (see depeche check --help)", a);
            return EXIT_USAGE;
        }
    }
    if (!db) {
        cli_error("check: --db FILE is required (see depeche check --help)");
        return EXIT_USAGE;
    }
    dp_store *s = open_db(db, 0);
    if (!s) return EXIT_INPUT;
    dp_status rc = dp_store_check(s, cli_write_file, stdout);
    if (fflush(stdout)) rc = DP_ERR_IO;
    if (rc) cli_error("%s: %s", db, rc == DP_ERR_IO ? "cannot write the report" : dp_store_errmsg(s));
    dp_store_close(s);
    return rc ? EXIT_INPUT : 0;
}
