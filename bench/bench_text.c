/* bench_text.c — throughput of the text layer (tokenize + split) on one core.
 *
 * usage: bench_text [-r REPEAT] [--no-nfc] [--facts] [--models DIR] [-n N] [--json] ARTICLES.ndjson
 *
 * Reads every article of an NDJSON file ({"id", "published", "text"} per line;
 * only "text" is used) into memory first, unescaping the texts in place. Then
 * runs REPEAT passes (default 5) over all articles, each article analysed with
 * dp_doc_analyze into one reused dp_doc, and reports the median pass: input
 * bytes per second (MB = 10^6 bytes of article text as UTF-8), tokens per
 * second, and the token and sentence counts. Only the dp_doc_analyze calls are
 * inside the timed part: no file reading, JSON parsing or rendering. Memory is
 * getrusage's peak resident set (ru_maxrss) after loading, before any analysis,
 * and at the end, so the analysis's own share is the difference. --no-nfc
 * passes DP_OPT_NO_NFC, to see what NFC normalisation costs. The facts layer is
 * left out (DP_OPT_NO_FACTS) unless --facts is given; --models DIR adds tagging. */
#define _POSIX_C_SOURCE 200809L
#include "depeche.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct article {
    const char *text;
    size_t len;
} article;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("bench_text: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) die("%s: cannot open: %s", path, strerror(errno));
    size_t cap = (size_t)1 << 20, n = 0, r;
    char *buf = malloc(cap);
    if (!buf) die("out of memory");
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) die("out of memory");
            buf = nb;
        }
    }
    if (ferror(f)) die("%s: read error: %s", path, strerror(errno));
    fclose(f);
    *len = n;
    return buf;
}

static const char *skip_ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    return p;
}

/* Skips a JSON string starting at its opening quote; NULL if unterminated. */
static const char *skip_string(const char *p, const char *end) {
    for (p++; p < end; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return NULL;
}

/* Skips any JSON value (checked only as far as finding its end). */
static const char *skip_value(const char *p, const char *end) {
    if (p >= end) return NULL;
    if (*p == '"') return skip_string(p, end);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (p < end) {
            if (*p == '"') {
                if (!(p = skip_string(p, end))) return NULL;
                continue;
            }
            if (*p == '{' || *p == '[') depth++;
            if (*p == '}' || *p == ']') {
                if (--depth == 0) return p + 1;
            }
            p++;
        }
        return NULL;
    }
    const char *q = p;
    while (q < end && *q != ',' && *q != '}' && *q != ']' && *q != ' ' && *q != '\t') q++;
    return q > p ? q : NULL;
}

static int hex4(const char *p, const char *end, unsigned *out) {
    unsigned v = 0;
    if (end - p < 4) return -1;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d > 15) return -1;
        v = v * 16 + d;
    }
    *out = v;
    return 0;
}

static char *put_utf8(char *w, unsigned c) {
    if (c < 0x80) {
        *w++ = (char)c;
    } else if (c < 0x800) {
        *w++ = (char)(0xC0 | c >> 6);
        *w++ = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *w++ = (char)(0xE0 | c >> 12);
        *w++ = (char)(0x80 | (c >> 6 & 0x3F));
        *w++ = (char)(0x80 | (c & 0x3F));
    } else {
        *w++ = (char)(0xF0 | c >> 18);
        *w++ = (char)(0x80 | (c >> 12 & 0x3F));
        *w++ = (char)(0x80 | (c >> 6 & 0x3F));
        *w++ = (char)(0x80 | (c & 0x3F));
    }
    return w;
}

/* Unescapes the JSON string at p (its opening quote) in place: the text is
 * written from p on, which is never ahead of the reading. A lone surrogate
 * becomes U+FFFD, as in dp_doc_read_json. Returns the end of the string in the
 * input, or NULL; *len gets the unescaped length. */
static char *unescape(char *p, char *end, size_t *len) {
    char *r = p + 1, *w = p;
    while (r < end && *r != '"') {
        if (*r != '\\') {
            *w++ = *r++;
            continue;
        }
        if (++r >= end) return NULL;
        char c = *r++;
        unsigned u;
        switch (c) {
        case '"': case '\\': case '/': *w++ = c; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u':
            if (hex4(r, end, &u)) return NULL;
            r += 4;
            if (u >= 0xD800 && u < 0xDC00) {
                unsigned lo;
                if (end - r >= 6 && r[0] == '\\' && r[1] == 'u' && !hex4(r + 2, end, &lo) && lo >= 0xDC00 &&
                    lo < 0xE000) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    r += 6;
                } else {
                    u = 0xFFFD;
                }
            } else if (u >= 0xDC00 && u < 0xE000) {
                u = 0xFFFD;
            }
            w = put_utf8(w, u);
            break;
        default: return NULL;
        }
    }
    if (r >= end) return NULL;
    *len = (size_t)(w - p);
    return r + 1;
}

/* Finds "text" in one JSON object line and unescapes it in place. 0 or -1. */
static int parse_line(char *p, char *end, article *a) {
    p = (char *)skip_ws(p, end);
    if (p >= end || *p++ != '{') return -1;
    a->text = NULL;
    for (;;) {
        p = (char *)skip_ws(p, end);
        if (p < end && *p == '}') break;
        if (p >= end || *p != '"') return -1;
        char *key = p + 1;
        if (!(p = (char *)skip_string(p, end))) return -1;
        int is_text = p - key == 5 && memcmp(key, "text\"", 5) == 0;
        p = (char *)skip_ws(p, end);
        if (p >= end || *p++ != ':') return -1;
        p = (char *)skip_ws(p, end);
        if (is_text && p < end && *p == '"') {
            a->text = p;
            if (!(p = unescape(p, end, &a->len))) return -1;
        } else if (!(p = (char *)skip_value(p, end))) {
            return -1;
        }
        p = (char *)skip_ws(p, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p < end && *p == '}') break;
        return -1;
    }
    return a->text ? 0 : -1;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long maxrss_kb(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss; /* kilobytes on Linux */
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static const char usage[] =
    "usage: bench_text [-r REPEAT] [--no-nfc] [--facts] [--models DIR] [-n MAX] [--json] ARTICLES.ndjson\n"
    "  --models DIR  also tag (part of speech, lemma, entities) with the models of DIR\n"
    "  --facts       also run the facts layer (left out by default: DP_OPT_NO_FACTS)\n"
    "  -n MAX        only the first MAX articles\n";

int main(int argc, char **argv) {
    const char *path = NULL;
    long repeat = 5;
    int json = 0;
    unsigned opts = DP_OPT_NO_FACTS;
    const char *models_dir = NULL;
    size_t max_articles = (size_t)-1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-r") && i + 1 < argc) {
            char *e;
            errno = 0;
            repeat = strtol(argv[++i], &e, 10);
            if (errno || *e || repeat < 1 || repeat > 1000) {
                fputs("bench_text: -r takes a number of passes, 1 to 1000\n", stderr);
                return 2;
            }
        } else if (!strcmp(argv[i], "--models") && i + 1 < argc) {
            models_dir = argv[++i];
        } else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            max_articles = (size_t)strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--no-nfc")) {
            opts |= DP_OPT_NO_NFC;
        } else if (!strcmp(argv[i], "--facts")) {
            opts &= ~DP_OPT_NO_FACTS;
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return 0;
        } else if (argv[i][0] == '-' || path) {
            fputs(usage, stderr);
            return 2;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fputs(usage, stderr);
        return 2;
    }

    /* Load: the whole file, each line's text unescaped in place. */
    size_t flen, n = 0, cap = 1024, bytes = 0;
    char *data = read_all(path, &flen), *p = data, *end = data + flen;
    article *arts = malloc(cap * sizeof *arts);
    if (!arts) die("out of memory");
    for (long lineno = 1; p < end && n < max_articles; lineno++) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        if (skip_ws(p, le) < le) {
            if (n == cap) {
                article *na = realloc(arts, (cap *= 2) * sizeof *arts);
                if (!na) die("out of memory");
                arts = na;
            }
            if (parse_line(p, le, &arts[n])) die("%s:%ld: not a JSON object with a \"text\" string", path, lineno);
            bytes += arts[n++].len;
        }
        p = nl ? nl + 1 : end;
    }
    long rss_loaded = maxrss_kb();

    dp_doc *doc = dp_doc_new();
    if (!doc) die("out of memory");
    dp_models *models = NULL;
    if (models_dir) {
        dp_error me = {DP_OK, NULL, 0};
        models = dp_models_load(models_dir, &me); /* loaded before timing: mmap + checks, once */
        if (!models) die("%s: %s", models_dir, me.message ? me.message : dp_strerror(me.code));
        dp_doc_set_models(doc, models);
    }
    double *times = malloc((size_t)repeat * sizeof *times);
    if (!times) die("out of memory");
    size_t ntok = 0, nsent = 0;
    for (long r = 0; r < repeat; r++) {
        size_t tk = 0, st = 0, k;
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            dp_error e = {DP_OK, NULL, 0};
            if (dp_doc_analyze(doc, arts[i].text, arts[i].len, opts, &e))
                die("article %zu (line order): %s", i, e.message ? e.message : dp_strerror(e.code));
            dp_doc_tokens(doc, &k);
            tk += k;
            dp_doc_sentences(doc, &k);
            st += k;
        }
        times[r] = now() - t0;
        ntok = tk;
        nsent = st;
    }
    long rss_end = maxrss_kb();
    dp_doc_free(doc);
    dp_models_free(models);

    qsort(times, (size_t)repeat, sizeof *times, cmp_double);
    double med = repeat % 2 ? times[repeat / 2] : (times[repeat / 2 - 1] + times[repeat / 2]) / 2;
    double mbs = (double)bytes / med / 1e6, tps = (double)ntok / med;
    if (json) {
        printf("{\"articles\":%zu,\"bytes\":%zu,\"passes\":%ld,\"seconds_median\":%.6f,\"seconds_min\":%.6f,"
               "\"seconds_max\":%.6f,\"mb_per_s\":%.2f,\"tokens\":%zu,\"tokens_per_s\":%.0f,\"sentences\":%zu,"
               "\"maxrss_kb_loaded\":%ld,\"maxrss_kb\":%ld,\"nfc\":%s,\"tagged\":%s,\"library\":\"%s\"}\n",
               n, bytes, repeat, med, times[0], times[repeat - 1], mbs, ntok, tps, nsent, rss_loaded, rss_end,
               opts & DP_OPT_NO_NFC ? "false" : "true", models_dir ? "true" : "false", dp_version_string());
    } else {
        printf("bench_text: %zu articles, %.2f MB of text, %ld passes (tokenize + split%s%s, one core)\n", n,
               (double)bytes / 1e6, repeat, models_dir ? " + part of speech, lemma, entities" : "",
               opts & DP_OPT_NO_NFC ? ", no NFC" : "");
        printf("  time        %.4f s per pass, median (min %.4f, max %.4f)\n", med, times[0], times[repeat - 1]);
        printf("  throughput  %.1f MB/s, %.2f M tokens/s\n", mbs, tps / 1e6);
        printf("  counts      %zu tokens, %zu sentences per pass\n", ntok, nsent);
        printf("  peak RSS    %ld KB after loading, %ld KB at the end (analysis: +%ld KB)\n", rss_loaded, rss_end,
               rss_end - rss_loaded);
    }
    free(times);
    free(arts);
    free(data);
    return 0;
}
