/* bench_query.c — latency of the archive's queries (issue #5; bench/README.md).
 *
 *   bench_query --db FILE [--json] [--repeat N] QUERIES.txt
 *
 * QUERIES.txt has one question per line, "KIND<TAB>ARGUMENT" with KIND one of
 * search, entity, quotes (by speaker), about (quotes about words), timeline.
 * Each question runs N times (default 3) through the public API on one open
 * archive (read-only, warm cache after the first run); the output is
 * discarded. Prints per kind: count, p50, p90, p99 and max in milliseconds,
 * over every run after the first of each question. Uses only the public
 * headers, like any program linking libdepeche. */
#define _POSIX_C_SOURCE 200809L
#include "depeche.h"
#include "depeche_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int sink(void *ctx, const char *p, size_t n) {
    (void)p;
    *(size_t *)ctx += n;
    return 0;
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

enum { K_SEARCH, K_ENTITY, K_QUOTES, K_ABOUT, K_TIMELINE, K_N };
static const char *const kinds[K_N] = {"search", "entity", "quotes", "about", "timeline"};

typedef struct series {
    double *v;
    size_t n, cap;
    size_t notfound;
} series;

static void add(series *s, double x) {
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) exit(1);
    }
    s->v[s->n++] = x;
}

static double pct(const series *s, double p) {
    size_t i = (size_t)(p * (double)(s->n - 1) + 0.5);
    return s->v[i < s->n ? i : s->n - 1];
}

int main(int argc, char **argv) {
    const char *db = NULL, *file = NULL;
    int json = 0, repeat = 3;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) db = argv[++i];
        else if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
        else file = argv[i];
    }
    if (!db || !file || repeat < 2) {
        fprintf(stderr, "usage: bench_query --db FILE [--json] [--repeat N>=2] QUERIES.txt\n");
        return 2;
    }
    dp_error e;
    dp_store *s = dp_store_open(db, DP_STORE_READONLY, &e);
    if (!s) {
        fprintf(stderr, "bench_query: %s: %s\n", db, e.message ? e.message : dp_strerror(e.code));
        return 1;
    }
    FILE *f = fopen(file, "r");
    if (!f) {
        perror(file);
        return 1;
    }
    series ser[K_N] = {{0}};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t bytes = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        const char *arg = tab + 1;
        int k = 0;
        while (k < K_N && strcmp(line, kinds[k])) k++;
        if (k == K_N) continue;
        for (int r = 0; r < repeat; r++) {
            double t0 = now_ms();
            dp_status st;
            switch (k) {
            case K_SEARCH: st = dp_store_search(s, arg, NULL, json, sink, &bytes, &e); break;
            case K_ENTITY: st = dp_store_entity(s, arg, json, sink, &bytes, &e); break;
            case K_QUOTES: st = dp_store_quotes(s, arg, NULL, 20, json, sink, &bytes, &e); break;
            case K_ABOUT: st = dp_store_quotes(s, NULL, arg, 20, json, sink, &bytes, &e); break;
            default: st = dp_store_timeline(s, arg, 0, json, sink, &bytes, &e);
            }
            double dt = now_ms() - t0;
            if (st == DP_ERR_NOT_FOUND) {
                if (!r) ser[k].notfound++;
            } else if (st) {
                fprintf(stderr, "bench_query: %s '%s': %s\n", kinds[k], arg, e.message ? e.message : "failed");
                return 1;
            }
            if (r) add(&ser[k], dt); /* the first run warms the cache */
        }
    }
    free(line);
    fclose(f);
    printf("%-9s %6s %9s %9s %9s %9s  (ms, %d runs per question, first dropped)\n", "kind", "runs", "p50", "p90",
           "p99", "max", repeat);
    for (int k = 0; k < K_N; k++) {
        if (!ser[k].n) continue;
        qsort(ser[k].v, ser[k].n, sizeof *ser[k].v, cmp);
        printf("%-9s %6zu %9.3f %9.3f %9.3f %9.3f", kinds[k], ser[k].n, pct(&ser[k], 0.5), pct(&ser[k], 0.9),
               pct(&ser[k], 0.99), ser[k].v[ser[k].n - 1]);
        if (ser[k].notfound) printf("  (%zu names not found)", ser[k].notfound);
        printf("\n");
        free(ser[k].v);
    }
    fprintf(stderr, "bench_query: %zu bytes of answers\n", bytes);
    dp_store_close(s);
    return 0;
}
