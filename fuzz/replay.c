/* replay.c — runs a fuzz target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer, so CTest replays the corpora in every build (normal, ASan).
 *
 *   fuzz_replay_analyze [-v] PATH…   each PATH a file or a directory (walked
 *                                    recursively, entries in name order,
 *                                    dot files skipped)
 *
 * Exit status 0 when every input ran (a broken invariant aborts), 1 when a
 * path cannot be read, 2 on usage errors or when no input was found. With -v
 * each file name goes to stderr before it runs, so a crash names its input. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct stats {
    size_t files, bytes;
    int verbose, failed;
} stats;

static void run_file(const char *path, stats *st) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        st->failed = 1;
        return;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) break;
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        uint8_t *p = realloc(buf, cap * 2);
        if (!p) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = p;
        cap *= 2;
    }
    int bad = ferror(f) || !buf;
    fclose(f);
    if (bad) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(buf);
        st->failed = 1;
        return;
    }
    if (st->verbose) fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
    /* an exact-size copy, so ASan sees reads past the end of the input */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        st->failed = 1;
        return;
    }
    if (n) memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    st->files++;
    st->bytes += n;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void run_path(const char *path, stats *st) {
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "replay: cannot stat %s\n", path);
        st->failed = 1;
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        run_file(path, st);
        return;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "replay: cannot open directory %s\n", path);
        st->failed = 1;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) break;
            names = p;
        }
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(l);
        if (!names[n]) break;
        snprintf(names[n], l, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(dir);
    if (n) qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        run_path(names[i], st);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv) {
    stats st = {0, 0, 0, 0};
    int npaths = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            st.verbose = 1;
            continue;
        }
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: %s [-v] FILE|DIR...\n", argv[0]);
            return 0;
        }
        run_path(argv[i], &st);
        npaths++;
    }
    if (!npaths) {
        fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
        return 2;
    }
    printf("replay: %zu inputs, %zu bytes\n", st.files, st.bytes);
    if (st.failed) return 1;
    if (!st.files) {
        fprintf(stderr, "replay: no input found\n");
        return 2;
    }
    return 0;
}
