/* fuzz_facts.c — libFuzzer target for the whole analysis path with the shipped
 * models (issue #4, item 6): tokens, part of speech, lemmas, entities, then
 * the facts layer (entities merged, roles, quotes, dates, quantities).
 *
 * Input: one header byte, then the article text.
 *   bits 0-1  the publication date: none, 2020-09-11, 2018-05 (month only), 2000-02-29
 *   bit 2     DP_OPT_STRICT_UTF8
 *   bit 3     analyse twice in one doc (a reset between): same facts
 *
 * The models come from $DEPECHE_MODELS or the build's models/fr (loaded once);
 * without them the target still runs the facts layer on untagged tokens.
 * Every finished doc is checked by fz_check_doc (which runs fz_check_facts)
 * and rendered through fz_check_render. */
#include "depeche.h"
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dp_models *models;
static int loaded;

static void load(void) {
    if (loaded) return;
    loaded = 1;
    models = dp_models_load(dp_models_default_dir(), NULL); /* NULL: run untagged */
}

static size_t count_facts(const dp_doc *d, size_t *sum) {
    size_t n, total = 0;
    dp_doc_entities(d, &n), total += n, *sum = n;
    dp_doc_quotes(d, &n), total += n, *sum = *sum * 31 + n;
    dp_doc_dates(d, &n), total += n, *sum = *sum * 31 + n;
    dp_doc_quantities(d, &n), total += n, *sum = *sum * 31 + n;
    dp_doc_roles(d, &n), total += n, *sum = *sum * 31 + n;
    return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *const published[] = {NULL, "2020-09-11", "2018-05", "2000-02-29"};
    if (size < 1) return 0;
    load();
    unsigned b0 = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    unsigned opts = (b0 & 4) ? DP_OPT_STRICT_UTF8 : 0;
    dp_doc *d = dp_doc_new();
    FZ_CHECK(d != NULL);
    FZ_CHECK(dp_doc_set_models(d, models) == DP_OK);
    const char *pub = published[b0 & 3];
    if (pub) FZ_CHECK(dp_doc_set_published(d, pub, strlen(pub)) == DP_OK);
    dp_error err;
    dp_status st = dp_doc_analyze(d, text, len, opts, &err);
    FZ_CHECK(st == DP_OK || st == DP_ERR_UTF8 || st == DP_ERR_TOO_LARGE);
    if (st == DP_OK) {
        fz_check_doc(d, len, opts);
        fz_buf json;
        fz_buf_init(&json);
        fz_check_render(d, opts | DP_OPT_TOKENS, &json);
        if (b0 & 8) {
            size_t sum1, sum2, n1 = count_facts(d, &sum1);
            FZ_CHECK(dp_doc_analyze(d, text, len, opts, &err) == DP_OK);
            fz_check_doc(d, len, opts);
            size_t n2 = count_facts(d, &sum2);
            FZ_CHECK(n1 == n2 && sum1 == sum2);
        }
        fz_buf_free(&json);
    }
    dp_doc_free(d);
    return 0;
}
