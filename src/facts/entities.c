/* entities.c — see facts.h. */
#include "facts/facts.h"

/* First version: mentions with identical text and type form one entity. */
dp_status dp_facts_entities(dp_doc *d) {
    const char *text = d->norm.data;
    dp_mention *m = d->mentions.v;
    size_t n = d->mentions.n;
    for (size_t i = 0; i < n; i++) {
        if (m[i].entity >= 0) continue;
        size_t li = m[i].nend - m[i].nstart;
        dp_entity e = {.name = {m[i].start, m[i].end, m[i].nstart, m[i].nend}, .type = m[i].type};
        e.first_mention = (uint32_t)d->entment.n;
        int32_t id = (int32_t)d->ents.n;
        for (size_t j = i; j < n; j++) {
            if (m[j].entity >= 0 || m[j].type != m[i].type || m[j].nend - m[j].nstart != li ||
                memcmp(text + m[j].nstart, text + m[i].nstart, li) != 0)
                continue;
            m[j].entity = id;
            uint32_t k = (uint32_t)j;
            if (DP_FACT_PUSH(d, &d->entment, k)) return DP_ERR_NOMEM;
        }
        e.nmentions = (uint32_t)d->entment.n - e.first_mention;
        e.first_role = (uint32_t)d->roles.n;
        if (DP_FACT_PUSH(d, &d->ents, e)) return DP_ERR_NOMEM;
    }
    return DP_OK;
}
