/* main.c — `depeche <command> [options]`: dispatches to cmd_<name>() (STYLE §10). */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: depeche <command> [options]\n"
    "\n"
    "depeche reads news text (French first) and recovers who is in it, in what\n"
    "role, who said what, when and how many.\n"
    "\n"
    "commands:\n"
    "  analyze   analyse articles (plain text or NDJSON) and print the analysis as JSON\n"
    "  eval      score the analysis against annotated data (eval ud FILE.conllu, eval ner FILE)\n"
    "  train     train a part-of-speech or entity model (train pos|ner)\n"
    "  ner       tag pre-tokenized text with entities (ner --conll FILE)\n"
    "  ingest    analyse articles into an archive (ingest --db FILE [INPUT...])\n"
    "  check     check an archive and print its counts (check --db FILE)\n"
    "  search    full-text search of an archive (search --db FILE QUERY)\n"
    "  entity    an entity of an archive: names, roles, co-occurring, quotes (entity --db FILE NAME)\n"
    "  quotes    quotes of an archive (quotes --db FILE [--speaker NAME] [--about WORDS])\n"
    "  stories   stories of an archive (stories --db FILE [--since DATE])\n"
    "  timeline  mentions of an entity per day or week (timeline --db FILE NAME)\n"
    "  serve     serve the archive and the analyser over HTTP (serve --db FILE [--listen HOST:PORT])\n"
    "\n"
    "options:\n"
    "  -h, --help     this help\n"
    "  --version      print the version\n"
    "\n"
    "`depeche <command> --help` describes a command.\n";

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"analyze", cmd_analyze},
    {"eval", cmd_eval},
    {"train", cmd_train},
    {"ner", cmd_ner},
    {"ingest", cmd_ingest},
    {"check", cmd_check},
    {"search", cmd_search},
    {"entity", cmd_entity},
    {"quotes", cmd_quotes},
    {"stories", cmd_stories},
    {"timeline", cmd_timeline},
    {"serve", cmd_serve},
};

void cli_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("depeche: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_opt(const char *arg, const char *name, const char **val) {
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return 0;
    if (arg[n] == 0) {
        if (val) *val = NULL;
        return 1;
    }
    if (arg[n] == '=' && val) {
        *val = arg + n + 1;
        return 1;
    }
    return 0;
}

int cli_write_file(void *ctx, const char *p, size_t n) { return fwrite(p, 1, n, (FILE *)ctx) != n; }

int cli_read_file(const char *path, char **data, size_t *len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) goto fail;
    for (;;) {
        if (cap - n < 2) {
            if (cap > ((size_t)1 << 40)) { errno = EFBIG; goto fail; }
            char *nb = realloc(buf, cap * 2);
            if (!nb) goto fail;
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) {
            if (ferror(f)) goto fail;
            break;
        }
    }
    if (f != stdin) fclose(f);
    buf[n] = 0;
    *data = buf;
    *len = n;
    return 0;
fail: {
    int e = errno ? errno : EIO;
    free(buf);
    if (f != stdin) fclose(f);
    errno = e;
    return -1;
}
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("depeche %s\n", dp_version_string());
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(cmd, commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (see depeche --help)", cmd);
    return EXIT_USAGE;
}
