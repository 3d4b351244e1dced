/* header_c99.c — depeche.h compiles as strict C99 (-std=c99 -pedantic -Werror)
 * and its declarations are usable from it (yyjson test/compile_ansi.c). */
#include "depeche.h"

#include <stdio.h>
#include <string.h>

static int sink(void *ctx, const char *data, size_t len) {
    size_t *total = (size_t *)ctx;
    (void)data;
    *total += len;
    return 0;
}

int main(void) {
    dp_doc *doc;
    dp_error err;
    dp_date date;
    const dp_token *toks;
    const dp_sentence *sents;
    size_t ntoks = 0, nsents = 0, total = 0;
    int failures = 0;
    const char *text = "Le porte-parole du Kremlin a parl\xC3\xA9.";

    if (dp_version() != DP_VERSION) failures++;
    if (dp_date_parse("2020-09-11", 10, &date) != DP_OK || date.year != 2020) failures++;
    doc = dp_doc_new();
    if (!doc) return 1;
    if (dp_doc_analyze(doc, text, strlen(text), DP_OPT_DEFAULT, &err) != DP_OK) failures++;
    toks = dp_doc_tokens(doc, &ntoks);
    sents = dp_doc_sentences(doc, &nsents);
    if (!toks || ntoks != 7 || !sents || nsents != 1) failures++;
    if (ntoks == 7 && (toks[2].nparts != 2 || strcmp(toks[2].parts[0].text, "de") != 0)) failures++;
    if (dp_doc_write_json(doc, DP_OPT_TOKENS | DP_OPT_PRETTY, sink, &total) != DP_OK || total == 0) failures++;
    dp_doc_free(doc);
    printf("%d passed, %d failed\n", failures ? 0 : 1, failures ? 1 : 0);
    return failures ? 1 : 0;
}
