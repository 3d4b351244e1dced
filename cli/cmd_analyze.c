/* cmd_analyze.c — `depeche analyze`: articles in, analysis documents out
 * (shared/eval/README.md). Plain text gives one document per file; NDJSON
 * gives one document per line, in order, on one line each. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: depeche analyze [options] [FILE...|-]\n"
    "\n"
    "Analyses each article and prints its analysis document as JSON: sentences,\n"
    "tokens (with --tokens), entities, quotes, dates and quantities. Byte offsets\n"
    "refer to the input as given. With no FILE, or FILE '-', reads stdin.\n"
    "\n"
    "Input: plain UTF-8 text, one article per file; or JSON articles with\n"
    "{\"text\": ..., \"id\", \"published\", \"title\", \"url\", \"source\"}: one per line\n"
    "with --ndjson (also chosen for files ending in .ndjson or .jsonl), or one\n"
    "object per file for files ending in .json. NDJSON prints one document per\n"
    "line, in input order, echoing each \"id\".\n"
    "\n"
    "options:\n"
    "  --tokens             include tokens (start, end, text, parts of du/au/...)\n"
    "  --published DATE     reference date YYYY-MM-DD, YYYY-MM, YYYY or ISO timestamp\n"
    "                       (an article's own \"published\" wins)\n"
    "  --ndjson             read NDJSON (one JSON article per line)\n"
    "  --skip-bad           with NDJSON: report a malformed line on stderr and go on\n"
    "  --strict-utf8        reject invalid UTF-8 instead of repairing it to U+FFFD\n"
    "  --pretty             indent the JSON (plain and .json input only)\n"
    "  --models DIR         model directory (default: $DEPECHE_MODELS, else the shipped models)\n"
    "  --no-models          no tagging: tokens and sentences only\n"
    "  -h, --help           this help\n"
    "\n"
    "exit status: 0 success; 1 unreadable file, malformed article or bad UTF-8\n"
    "(with --strict-utf8); 2 usage error. With --skip-bad, skipped lines are\n"
    "reported but do not change the exit status.\n";

typedef struct opts {
    unsigned flags;
    const char *published;
    int ndjson, skip_bad;
} opts;

static int ends_with(const char *s, const char *suf) {
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int emit(dp_doc *doc, unsigned flags) {
    if (dp_doc_write_json(doc, flags, cli_write_file, stdout) || fputc('\n', stdout) == EOF) {
        cli_error("cannot write output: %s", strerror(errno));
        return EXIT_INPUT;
    }
    return 0;
}

static int set_default_date(dp_doc *doc, const opts *o) {
    if (o->published) return dp_doc_set_published(doc, o->published, strlen(o->published));
    return 0;
}

static void report(const char *name, long line, const dp_error *e) {
    if (line > 0)
        cli_error("%s:%ld: %s (%s) at byte %zu", name, line, e->message ? e->message : dp_strerror(e->code),
                  dp_strerror(e->code), e->offset);
    else
        cli_error("%s: %s (%s) at byte %zu", name, e->message ? e->message : dp_strerror(e->code),
                  dp_strerror(e->code), e->offset);
}

/* One JSON article (a line or a whole .json file). */
static int analyze_json(dp_doc *doc, const char *name, long line, const char *p, size_t n, const opts *o) {
    dp_error e = {DP_OK, NULL, 0};
    dp_doc_reset(doc);
    if (dp_doc_read_json(doc, p, n, &e) || (!dp_doc_published(doc, NULL) && set_default_date(doc, o)) ||
        dp_doc_finish(doc, o->flags, &e)) {
        report(name, line, &e);
        return EXIT_INPUT;
    }
    return emit(doc, o->flags & ~(o->ndjson ? DP_OPT_PRETTY : 0u));
}

static int run_ndjson(dp_doc *doc, const char *name, const opts *o) {
    FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
    if (!f) {
        cli_error("%s: cannot open: %s", name, strerror(errno));
        return EXIT_INPUT;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, skipped = 0;
    int rc = 0;
    while ((len = getline(&line, &cap, f)) != -1) {
        lineno++;
        size_t n = (size_t)len;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == n) continue; /* blank lines carry no article */
        int r = analyze_json(doc, name, lineno, line, n, o);
        if (r == EXIT_INPUT && o->skip_bad) {
            skipped++;
            continue;
        }
        if (r) {
            rc = r;
            break;
        }
    }
    if (!rc && ferror(f)) {
        cli_error("%s: read error: %s", name, strerror(errno));
        rc = EXIT_INPUT;
    }
    if (skipped) cli_error("%s: skipped %ld malformed line%s", name, skipped, skipped > 1 ? "s" : "");
    free(line);
    if (f != stdin) fclose(f);
    return rc;
}

static int run_file(dp_doc *doc, const char *name, const opts *o) {
    if (o->ndjson || ends_with(name, ".ndjson") || ends_with(name, ".jsonl")) {
        opts o2 = *o;
        o2.ndjson = 1;
        return run_ndjson(doc, name, &o2);
    }
    char *data;
    size_t len;
    if (cli_read_file(name, &data, &len)) {
        cli_error("%s: cannot read: %s", strcmp(name, "-") ? name : "stdin", strerror(errno));
        return EXIT_INPUT;
    }
    int rc;
    if (ends_with(name, ".json")) {
        rc = analyze_json(doc, name, 0, data, len, o);
    } else {
        dp_error e = {DP_OK, NULL, 0};
        dp_doc_reset(doc);
        set_default_date(doc, o);
        if (dp_doc_analyze(doc, data, len, o->flags, &e)) {
            report(strcmp(name, "-") ? name : "stdin", 0, &e);
            rc = EXIT_INPUT;
        } else {
            rc = emit(doc, o->flags);
        }
    }
    free(data);
    return rc;
}

int cmd_analyze(int argc, char **argv) {
    opts o = {0, NULL, 0, 0};
    const char *models_dir = NULL;
    int no_models = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    int rc = 0;
    if (!files) return EXIT_INPUT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(help, stdout);
            free(files);
            return 0;
        } else if (!strcmp(a, "--tokens")) {
            o.flags |= DP_OPT_TOKENS;
        } else if (!strcmp(a, "--pretty")) {
            o.flags |= DP_OPT_PRETTY;
        } else if (!strcmp(a, "--strict-utf8")) {
            o.flags |= DP_OPT_STRICT_UTF8;
        } else if (!strcmp(a, "--ndjson")) {
            o.ndjson = 1;
        } else if (!strcmp(a, "--no-models")) {
            no_models = 1;
        } else if (cli_opt(a, "--models", &v)) {
            if (!v) {
                if (i + 1 >= argc) {
                    cli_error("--models needs a directory");
                    free(files);
                    return EXIT_USAGE;
                }
                v = argv[++i];
            }
            models_dir = v;
        } else if (!strcmp(a, "--skip-bad")) {
            o.skip_bad = 1;
        } else if (cli_opt(a, "--published", &v)) {
            if (!v) {
                if (i + 1 >= argc) {
                    cli_error("--published needs a date YYYY-MM-DD");
                    free(files);
                    return EXIT_USAGE;
                }
                v = argv[++i];
            }
            /* the forms an article's "published" takes: YYYY-MM-DD, YYYY-MM, YYYY, ISO timestamp */
            dp_doc *probe = dp_doc_new();
            dp_status pst = probe ? dp_doc_set_published(probe, v, strlen(v)) : DP_ERR_NOMEM;
            dp_doc_free(probe);
            if (pst) {
                cli_error("--published: '%s' is not a date (YYYY-MM-DD, YYYY-MM, YYYY or an ISO timestamp)", v);
                free(files);
                return EXIT_USAGE;
            }
            o.published = v;
        } else if (a[0] == '-' && a[1] != 0) {
            cli_error("analyze: unknown option '%s' (see depeche analyze --help)", a);
            free(files);
            return EXIT_USAGE;
        } else {
            files[nfiles++] = a;
        }
    }
    if (!nfiles) files[nfiles++] = "-";
    dp_models *models = NULL;
    if (!no_models) {
        dp_error e = {DP_OK, NULL, 0};
        const char *dir = models_dir ? models_dir : dp_models_default_dir();
        models = dp_models_load(dir, &e);
        if (!models && (models_dir || e.code != DP_ERR_MODEL || strstr(e.message, "no model file") == NULL)) {
            cli_error("%s: %s", dir, e.message ? e.message : dp_strerror(e.code));
            free(files);
            return EXIT_INPUT;
        }
        if (!models) cli_error("warning: no models in %s: tokens are not tagged (see --models)", dir);
    }
    dp_doc *doc = dp_doc_new();
    if (!doc) {
        cli_error("out of memory");
        dp_models_free(models);
        free(files);
        return EXIT_INPUT;
    }
    dp_doc_set_models(doc, models);
    for (size_t i = 0; i < nfiles; i++) {
        int r = run_file(doc, files[i], &o);
        if (r) rc = r;
        if (r && !o.skip_bad) break;
    }
    if (fflush(stdout)) {
        cli_error("cannot write output: %s", strerror(errno));
        rc = EXIT_INPUT;
    }
    dp_doc_free(doc);
    dp_models_free(models);
    free(files);
    return rc;
}
