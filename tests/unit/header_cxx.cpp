// header_cxx.cpp — depeche.h compiles as C++ and links from it (cmark
// api_test/cplusplus.cpp): extern "C", no C-only constructs in the header.
#include "depeche.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace {

int append(void *ctx, const char *data, size_t len) {
    static_cast<std::string *>(ctx)->append(data, len);
    return 0;
}

} // namespace

int main() {
    int failures = 0;
    dp_doc *doc = dp_doc_new();
    if (!doc) return 1;
    const char text[] = "\xC2\xAB Non ! \xC2\xBB, a-t-il dit. M. Peskov est parti.";
    dp_error err = {DP_OK, nullptr, 0};
    if (dp_doc_set_published(doc, "2020-09-11", 10) != DP_OK) failures++;
    if (dp_doc_analyze(doc, text, sizeof text - 1, DP_OPT_DEFAULT, &err) != DP_OK) failures++;
    size_t nsents = 0;
    const dp_sentence *sents = dp_doc_sentences(doc, &nsents);
    if (!sents || nsents != 2) failures++;
    std::string json;
    if (dp_doc_write_json(doc, DP_OPT_TOKENS, append, &json) != DP_OK) failures++;
    if (json.find("\"published\":\"2020-09-11\"") == std::string::npos) failures++;
    dp_doc_free(doc);
    size_t len = 0;
    char *one = dp_analyze_json(text, sizeof text - 1, nullptr, DP_OPT_TOKENS, &len, &err);
    if (!one || std::strlen(one) != len || json.find("\"tokens\"") == std::string::npos) failures++;
    dp_free(one);
    const dp_token_kind kind = DP_TOK_WORD;
    const dp_status st = DP_ERR_FIELD;
    if (kind != 0 || st != -8 || std::strlen(dp_strerror(st)) == 0) failures++;
    std::printf("%d passed, %d failed\n", failures ? 0 : 1, failures ? 1 : 0);
    return failures ? 1 : 0;
}
