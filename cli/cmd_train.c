/* cmd_train.c — `depeche train pos|ner`: runs depeche's own trainer (dp_train). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: depeche train pos|ner --train FILE... [--dev FILE...] -o MODEL [options]\n"
    "\n"
    "Trains a model with depeche's averaged perceptron and writes it to MODEL.\n"
    "  pos: CoNLL-U files (part of speech of surface tokens, lemmas); the model\n"
    "       also holds the lexicon, lemma rules and word clusters.\n"
    "  ner: token<TAB>IOB2-tag files (PER, LOC, ORG), blank line between sentences.\n"
    "\n"
    "options:\n"
    "  --train FILE...      training files (until the next option)\n"
    "  --dev FILE...        held-out files: scored after every epoch\n"
    "  -o, --output MODEL   the model file to write\n"
    "  --lexicon FILE       pos: form<TAB>UPOS<TAB>lemma lines (lexicons/build.sh)\n"
    "  --prefer FILE        pos: a --train file whose lemma conventions win (repeatable)\n"
    "  --clusters FILE      pos: bits<TAB>word<TAB>count word clusters (tools/wordclust)\n"
    "  --gazetteer FILE     ner: name<TAB>CLASS lines (lexicons/build.sh)\n"
    "  --pos-model FILE     ner: use this part-of-speech model's tags, lexicon, clusters\n"
    "  --epochs N           passes over the data (default 10)\n"
    "  --seed N             shuffling seed (default 1); same data and seed, same model\n"
    "  --prune X            drop weights below X in magnitude (default 0)\n"
    "  --min-count N        features seen fewer than N times get no weight (default 2)\n"
    "  --beam N             ner: beam search with early update, N sequences (default 1: greedy)\n"
    "  --bilou              ner: learn BILOU labels (the files stay IOB2; output is IOB2)\n"
    "  --info TEXT          text stored in the model (data, licences)\n"
    "  -q, --quiet          no progress on stderr\n"
    "  -h, --help           this help\n";

static void progress(void *ctx, const char *line) {
    (void)ctx;
    fprintf(stderr, "train: %s\n", line);
}

static int parse_uint(const char *s, unsigned *out) {
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > 1000000) return -1;
    *out = (unsigned)v;
    return 0;
}

int cmd_train(int argc, char **argv) {
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        fputs(help, stdout);
        return 0;
    }
    if (argc < 2 || (strcmp(argv[1], "pos") && strcmp(argv[1], "ner"))) {
        cli_error("train: say which model: pos or ner (see depeche train --help)");
        return EXIT_USAGE;
    }
    dp_train_opts o;
    memset(&o, 0, sizeof o);
    o.task = strcmp(argv[1], "pos") ? DP_TRAIN_NER : DP_TRAIN_POS;
    o.progress = progress;
    const char **train = calloc((size_t)argc + 1, sizeof *train), **dev = calloc((size_t)argc + 1, sizeof *dev);
    const char **prefer = calloc((size_t)argc + 1, sizeof *prefer);
    size_t nt = 0, nd = 0, np = 0;
    int rc = 0, list = 0; /* 1: collecting --train files, 2: --dev files */
    if (!train || !dev || !prefer) {
        free(train);
        free(dev);
        free(prefer);
        return EXIT_INPUT;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int has_next = i + 1 < argc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(help, stdout);
            goto out;
        } else if (!strcmp(a, "--train")) {
            list = 1;
        } else if (!strcmp(a, "--dev")) {
            list = 2;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && has_next) {
            o.output = argv[++i];
            list = 0;
        } else if (!strcmp(a, "--lexicon") && has_next) {
            o.lexicon = argv[++i];
            list = 0;
        } else if (!strcmp(a, "--clusters") && has_next) {
            o.clusters = argv[++i];
            list = 0;
        } else if (!strcmp(a, "--gazetteer") && has_next) {
            o.gazetteer = argv[++i];
            list = 0;
        } else if (!strcmp(a, "--pos-model") && has_next) {
            o.pos_model = argv[++i];
            list = 0;
        } else if (!strcmp(a, "--prefer") && has_next) {
            prefer[np++] = argv[++i];
            list = 0;
        } else if (!strcmp(a, "--bilou")) {
            o.bilou = 1;
            list = 0;
        } else if (!strcmp(a, "--info") && has_next) {
            o.info = argv[++i];
            list = 0;
        } else if ((!strcmp(a, "--epochs") || !strcmp(a, "--seed") || !strcmp(a, "--min-count") || !strcmp(a, "--beam")) &&
                   has_next) {
            unsigned v;
            if (parse_uint(argv[i + 1], &v)) {
                cli_error("train: %s needs a whole number, not '%s'", a, argv[i + 1]);
                rc = EXIT_USAGE;
                goto out;
            }
            if (!strcmp(a, "--epochs")) o.epochs = v;
            else if (!strcmp(a, "--seed")) o.seed = v;
            else if (!strcmp(a, "--beam")) o.beam = v;
            else o.min_count = v;
            i++;
            list = 0;
        } else if (!strcmp(a, "--prune") && has_next) {
            char *end;
            o.prune = strtod(argv[++i], &end);
            if (*end || o.prune < 0) {
                cli_error("train: --prune needs a non-negative number");
                rc = EXIT_USAGE;
                goto out;
            }
            list = 0;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o.progress = NULL;
        } else if (a[0] == '-' && a[1]) {
            cli_error("train: unknown option or missing value '%s' (see depeche train --help)", a);
            rc = EXIT_USAGE;
            goto out;
        } else if (list == 1) {
            train[nt++] = a;
        } else if (list == 2) {
            dev[nd++] = a;
        } else {
            cli_error("train: '%s': a file must follow --train or --dev", a);
            rc = EXIT_USAGE;
            goto out;
        }
    }
    if (!nt || !o.output) {
        cli_error("train: needs --train FILE... and -o MODEL");
        rc = EXIT_USAGE;
        goto out;
    }
    o.train = train;
    o.dev = nd ? dev : NULL;
    o.prefer = np ? prefer : NULL;
    dp_error e = {DP_OK, NULL, 0};
    if (dp_train(&o, &e)) {
        cli_error("train: %s (%s)%s", e.message ? e.message : dp_strerror(e.code), dp_strerror(e.code),
                  e.code == DP_ERR_FIELD && e.offset ? " near line" : "");
        rc = EXIT_INPUT;
    }
out:
    free(train);
    free(dev);
    free(prefer);
    return rc;
}
