/* cmd_ner.c — `depeche ner --conll FILE`: tags pre-tokenized text with the
 * entity model, one token per line, for scoring against NER test sets. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: depeche ner --conll FILE [--models DIR]\n"
    "\n"
    "Reads one token per line (the first tab-separated column; a blank line\n"
    "between sentences; comment lines, '#' then text without a tab, skipped) and prints each line with\n"
    "the predicted IOB2 tag (B-PER, I-ORG, ..., O) appended as a last\n"
    "tab-separated column, blank lines kept. FILE '-' is stdin.\n"
    "\n"
    "options:\n"
    "  --conll FILE     the input (required)\n"
    "  --models DIR     model directory (default: $DEPECHE_MODELS or the shipped models)\n"
    "  -h, --help       this help\n";

/* Sentences are tagged whole; one longer than this is tagged in pieces. */
#define NER_MAX_TOKENS 1000

typedef struct sent {
    char **lines; /* the input lines of the sentence, owned */
    size_t n, cap;
} sent;

static int flush(const dp_models *m, dp_doc *doc, sent *s) {
    size_t done = 0;
    while (done < s->n) {
        size_t n = s->n - done;
        if (n > NER_MAX_TOKENS) n = NER_MAX_TOKENS;
        char **tags = calloc(n, sizeof *tags);
        if (!tags) return -1;
        const char **toks = malloc(n * sizeof *toks);
        size_t *lens = malloc(n * sizeof *lens);
        if (!toks || !lens) {
            free(tags);
            free(toks);
            free(lens);
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            char *l = s->lines[done + i];
            char *tab = strchr(l, '\t');
            toks[i] = l;
            lens[i] = tab ? (size_t)(tab - l) : strlen(l);
        }
        const char *const *res = NULL;
        dp_error e;
        if (dp_tag_tokens(m, doc, toks, lens, n, &res, &e)) {
            free(tags);
            free(toks);
            free(lens);
            return -1;
        }
        for (size_t i = 0; i < n; i++) printf("%s\t%s\n", s->lines[done + i], res[i]);
        free(tags);
        free(toks);
        free(lens);
        done += n;
    }
    for (size_t i = 0; i < s->n; i++) free(s->lines[i]);
    s->n = 0;
    return 0;
}

int cmd_ner(int argc, char **argv) {
    const char *path = NULL, *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(help, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--conll") && i + 1 < argc) {
            path = argv[++i];
        } else if (!strcmp(argv[i], "--models") && i + 1 < argc) {
            dir = argv[++i];
        } else {
            cli_error("ner: unknown option or missing value '%s' (see depeche ner --help)", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (!path) {
        cli_error("ner: needs --conll FILE");
        return EXIT_USAGE;
    }
    dp_error e = {DP_OK, NULL, 0};
    dp_models *m = dp_models_load(dir ? dir : dp_models_default_dir(), &e);
    if (!m || !dp_models_has_ner(m)) {
        cli_error("ner: no entity model: %s", m ? "ner.dpm missing" : (e.message ? e.message : dp_strerror(e.code)));
        dp_models_free(m);
        return EXIT_INPUT;
    }
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        cli_error("%s: cannot open: %s", path, strerror(errno));
        dp_models_free(m);
        return EXIT_INPUT;
    }
    dp_doc *doc = dp_doc_new();
    sent s = {NULL, 0, 0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    while (doc && (len = getline(&line, &cap, f)) != -1) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        /* a comment is "#" then text without a tab; "#<TAB>O" is the token "#" */
        if (line[0] == '#' && line[1] && !strchr(line, '\t')) continue;
        if (!line[0]) {
            if (flush(m, doc, &s)) { rc = EXIT_INPUT; break; }
            putchar('\n');
            continue;
        }
        if (s.n == s.cap) {
            size_t nc = s.cap ? s.cap * 2 : 64;
            char **nl = realloc(s.lines, nc * sizeof *nl);
            if (!nl) { rc = EXIT_INPUT; break; }
            s.lines = nl;
            s.cap = nc;
        }
        s.lines[s.n] = strdup(line);
        if (!s.lines[s.n]) { rc = EXIT_INPUT; break; }
        s.n++;
    }
    if (!rc && flush(m, doc, &s)) rc = EXIT_INPUT;
    if (!doc) rc = EXIT_INPUT;
    if (rc) cli_error("ner: out of memory");
    free(line);
    for (size_t i = 0; i < s.n; i++) free(s.lines[i]);
    free(s.lines);
    if (f != stdin) fclose(f);
    dp_doc_free(doc);
    dp_models_free(m);
    return rc;
}
