/* test_threads.c — distinct docs used from distinct threads at once give the
 * same results as one thread (depeche.h, "Thread safety"). Run it under
 * -fsanitize=thread to look for races as well. */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"
#include "testutil.h"

#include <pthread.h>

enum { NTHREADS = 4, ROUNDS = 20 };

static const char text[] =
    "\xEF\xBB\xBF\"Ce sera une visite de travail\", a indiqu\xC3\xA9 \xC3\xA0 la presse le porte-parole du Kremlin, "
    "Dmitri Peskov.\r\n\r\nM. J.-M. Le Pen a r\xC3\xA9uni 100 000 personnes, soit 12,5 % de plus qu'en 2019.\xff "
    "Cafe\xCC\x81 cre\xCC\x80me\xE2\x80\xA6 \xC2\xAB Non ! \xC2\xBB, a-t-il dit.\n\nLes Pyr\xC3\xA9n\xC3\xA9" "es.Alors que\xE2\x80\xA6";

typedef struct job {
    const char *want;
    int mismatches;
} job;

static char *render_once(void) {
    dp_doc *d = dp_doc_new();
    char *out = NULL;
    if (d && dp_doc_set_published(d, "2020-09-11", 10) == DP_OK &&
        dp_doc_analyze(d, text, sizeof text - 1, 0, NULL) == DP_OK)
        out = tu_render(d, DP_OPT_TOKENS);
    dp_doc_free(d);
    return out;
}

static void *worker(void *arg) {
    job *j = arg;
    dp_doc *d = dp_doc_new();
    for (int r = 0; r < ROUNDS; r++) {
        /* alternate a reused doc and the one-call helper */
        char *out = NULL;
        if (r % 2) {
            dp_doc_reset(d);
            dp_doc_set_published(d, "2020-09-11", 10);
            if (dp_doc_analyze(d, text, sizeof text - 1, 0, NULL) == DP_OK) out = tu_render(d, DP_OPT_TOKENS);
        } else {
            out = dp_analyze_json(text, sizeof text - 1, "2020-09-11", DP_OPT_TOKENS, NULL, NULL);
        }
        if (!out || strcmp(out, j->want) != 0) j->mismatches++;
        if (r % 2) free(out);
        else dp_free(out);
        dp_date dt;
        if (dp_date_parse("2020-02-29", 10, &dt) != DP_OK || !dp_strerror(DP_ERR_JSON)) j->mismatches++;
    }
    dp_doc_free(d);
    return NULL;
}

int main(void) {
    TEST("threads");
    char *want = render_once();
    if (!CHECK(want != NULL)) return TEST_DONE();
    pthread_t th[NTHREADS];
    job jobs[NTHREADS];
    int started[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i] = (job){want, 0};
        started[i] = pthread_create(&th[i], NULL, worker, &jobs[i]) == 0;
        CHECK(started[i]);
    }
    for (int i = 0; i < NTHREADS; i++) {
        if (started[i]) pthread_join(th[i], NULL);
        CHECK_EQ(jobs[i].mismatches, 0);
    }
    free(want);
    return TEST_DONE();
}
