/* doc.c — the dp_doc lifecycle and the text pipeline:
 * bytes -> normalised text -> tokens -> sentences (DESIGN.md, "text"). */
#include "doc.h"
#include "facts/facts.h"

#include "core/json.h"

#include <string.h>

int dp_version(void) { return DP_VERSION; }
const char *dp_version_string(void) { return DP_VERSION_STRING; }

const char *dp_strerror(dp_status code) {
    switch (code) {
    case DP_OK: return "success";
    case DP_ERR_NOMEM: return "out of memory";
    case DP_ERR_ARG: return "invalid argument";
    case DP_ERR_UTF8: return "invalid UTF-8";
    case DP_ERR_JSON: return "malformed JSON";
    case DP_ERR_NOT_FOUND: return "not found";
    case DP_ERR_DATE: return "invalid date (expected YYYY-MM-DD, YYYY-MM or YYYY)";
    case DP_ERR_TOO_LARGE: return "input too large";
    case DP_ERR_STATE: return "call out of order";
    case DP_ERR_FIELD: return "missing or mistyped field";
    case DP_ERR_MODEL: return "bad model file";
    case DP_ERR_IO: return "input/output error";
    case DP_ERR_STORE: return "not a usable archive, or the database failed";
    }
    return "unknown error";
}

static int days_in_month(int y, int m) {
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

dp_status dp_date_parse(const char *s, size_t len, dp_date *out) {
    if (!s || !out || len != 10 || s[4] != '-' || s[7] != '-') return DP_ERR_DATE;
    int v[3] = {0, 0, 0}, idx[3][2] = {{0, 4}, {5, 7}, {8, 10}};
    for (int f = 0; f < 3; f++)
        for (int i = idx[f][0]; i < idx[f][1]; i++) {
            if (s[i] < '0' || s[i] > '9') return DP_ERR_DATE;
            v[f] = v[f] * 10 + (s[i] - '0');
        }
    if (v[0] < 1000 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > days_in_month(v[0], v[1])) return DP_ERR_DATE;
    out->year = (int16_t)v[0];
    out->month = (int8_t)v[1];
    out->day = (int8_t)v[2];
    return DP_OK;
}

dp_doc *dp_doc_new(void) { return dp_doc_new_with_mem(&dp_alloc_default); }

dp_doc *dp_doc_new_with_mem(const dp_alloc *alc) {
    if (!alc || !alc->malloc || !alc->realloc || !alc->free) return NULL;
    dp_doc *d = alc->malloc(alc->ctx, sizeof *d);
    if (!d) return NULL;
    memset(d, 0, sizeof *d);
    d->alc = *alc;
    dp_arena_init(&d->arena, &d->alc);
    d->lang = &dp_lang_fr;
    dp_buf_init(&d->input, &d->alc);
    dp_buf_init(&d->norm, &d->alc);
    dp_buf_init(&d->key, &d->alc);
    dp_buf_init(&d->val, &d->alc);
    dp_offmap_init(&d->map, &d->alc);
    dp_buf_init(&d->lemmas, &d->alc);
    d->toks.alc = &d->alc;
    d->sents.alc = &d->alc;
    return d;
}

void dp_doc_free(dp_doc *d) {
    if (!d) return;
    dp_arena_release(&d->arena);
    dp_buf_release(&d->input);
    dp_buf_release(&d->norm);
    dp_buf_release(&d->key);
    dp_buf_release(&d->val);
    dp_offmap_release(&d->map);
    dp_mfree(&d->alc, d->toks.v);
    dp_mfree(&d->alc, d->sents.v);
    dp_buf_release(&d->lemmas);
    dp_mfree(&d->alc, d->mentions.v);
    dp_mfree(&d->alc, d->ents.v);
    dp_mfree(&d->alc, d->entment.v);
    dp_mfree(&d->alc, d->roles.v);
    dp_mfree(&d->alc, d->quotes.v);
    dp_mfree(&d->alc, d->dates.v);
    dp_mfree(&d->alc, d->qtys.v);
    for (int i = 0; i < 4; i++) dp_mfree(&d->alc, d->fx[i].v);
    dp_mfree(&d->alc, d->fxforms);
    dp_tagscratch_free(d);
    dp_alloc a = d->alc;
    a.free(a.ctx, d);
}

static void clear_text(dp_doc *d) {
    d->input.len = 0;
    d->src = NULL;
    d->src_len = 0;
    d->norm.len = 0;
    d->map.nsegs = 0;
    d->toks.n = 0;
    d->sents.n = 0;
    d->lemmas.len = 0;
    d->mentions.n = 0;
    d->ents.n = d->entment.n = d->roles.n = d->quotes.n = d->dates.n = d->qtys.n = 0;
    d->finished = 0;
}

void dp_doc_reset(dp_doc *d) {
    if (!d) return;
    clear_text(d);
    dp_arena_reset(&d->arena);
    d->id = d->title = d->url = d->source = (dp_meta_str){NULL, 0, 0};
    d->has_published = 0;
    d->published = (dp_date){0, 0, 0};
}

int dp_doc_published(const dp_doc *d, dp_date *out) {
    if (!d || !d->has_published) return 0;
    if (out) *out = d->published;
    return 1;
}

dp_status dp_doc_set_published(dp_doc *d, const char *s, size_t len) {
    if (!d) return DP_ERR_ARG;
    if (!s || !len) {
        d->has_published = 0;
        return DP_OK;
    }
    /* YYYY-MM-DD, also as the head of a timestamp (2020-09-11T08:30:00Z,
     * "2020-09-11 08:30"); or a date known to the month (YYYY-MM) or year. */
    dp_date dt = {0, 0, 0};
    dp_date_prec prec = DP_PREC_DAY;
    if (len > 10 && (s[10] == 'T' || s[10] == ' ')) len = 10;
    if (len == 4 || len == 7) {
        char full[11];
        memcpy(full, s, len);
        memcpy(full + len, len == 4 ? "-01-01" : "-01", len == 4 ? 6 : 3);
        if (dp_date_parse(full, 10, &dt)) return DP_ERR_DATE;
        dt.day = 0;
        if (len == 4) dt.month = 0;
        prec = len == 4 ? DP_PREC_YEAR : DP_PREC_MONTH;
    } else if (dp_date_parse(s, len, &dt)) {
        return DP_ERR_DATE;
    }
    d->published = dt;
    d->published_prec = prec;
    d->has_published = 1;
    return DP_OK;
}

static dp_status set_meta_str(dp_doc *d, dp_meta_str *m, const char *v, size_t len, int is_number) {
    dp_buf tmp;
    dp_buf_init(&tmp, &d->alc);
    if (dp_utf8_repair(&tmp, v, len)) {
        dp_buf_release(&tmp);
        return DP_ERR_NOMEM;
    }
    char *p = dp_arena_strndup(&d->arena, tmp.data ? tmp.data : "", tmp.len);
    size_t l = tmp.len;
    dp_buf_release(&tmp);
    if (!p) return DP_ERR_NOMEM;
    *m = (dp_meta_str){p, l, is_number};
    return DP_OK;
}

static dp_meta_str *meta_slot(dp_doc *d, const char *key, size_t klen) {
    if (klen == 2 && !memcmp(key, "id", 2)) return &d->id;
    if (klen == 5 && !memcmp(key, "title", 5)) return &d->title;
    if (klen == 3 && !memcmp(key, "url", 3)) return &d->url;
    if (klen == 6 && !memcmp(key, "source", 6)) return &d->source;
    return NULL;
}

dp_status dp_doc_set_meta(dp_doc *d, const char *key, const char *value, size_t len) {
    if (!d || !key || (!value && len)) return DP_ERR_ARG;
    dp_meta_str *m = meta_slot(d, key, strlen(key));
    if (!m) return DP_ERR_ARG;
    if (!value) {
        *m = (dp_meta_str){NULL, 0, 0};
        return DP_OK;
    }
    return set_meta_str(d, m, value, len, 0);
}

dp_status dp_doc_feed(dp_doc *d, const char *text, size_t len) {
    if (!d || (!text && len)) return DP_ERR_ARG;
    if (d->finished) clear_text(d);
    if (len > DP_MAX_INPUT - d->input.len) return DP_ERR_TOO_LARGE;
    if (dp_buf_put(&d->input, text, len)) return DP_ERR_NOMEM;
    d->src = NULL; /* owned input */
    return DP_OK;
}

/* The pipeline over d->src. */
static dp_status run(dp_doc *d, unsigned opts, dp_error *err) {
    dp_error local;
    if (!err) err = &local;
    *err = (dp_error){DP_OK, NULL, 0};
    dp_status st = dp_normalize(d->src, d->src_len, opts, &d->norm, &d->map, err);
    if (st) return st;
    st = dp_tokenize(d->lang, d->norm.data, d->norm.len, &d->toks);
    if (st) goto fail;
    /* map token offsets back to the input, in one monotonic sweep */
    if (d->map.nsegs) {
        dp_offcursor c;
        dp_offcursor_init(&c, &d->map);
        for (size_t i = 0; i < d->toks.n; i++) {
            dp_token *t = &d->toks.v[i];
            t->start = dp_offcursor_orig(&c, t->nstart);
            t->end = dp_offcursor_orig(&c, t->nend);
        }
    }
    st = dp_split_sentences(d->lang, d->norm.data, d->toks.v, d->toks.n, &d->sents);
    if (st) goto fail;
    if (d->models && (st = dp_tag_doc(d))) goto fail;
    if (opts & DP_OPT_NO_FACTS) {
        d->ents.n = d->entment.n = d->roles.n = d->quotes.n = d->dates.n = d->qtys.n = 0;
        for (size_t i = 0; i < d->mentions.n; i++) d->mentions.v[i].entity = -1;
    } else if ((st = dp_facts_run(d))) {
        goto fail;
    }
    d->finished = 1;
    return DP_OK;
fail:
    *err = (dp_error){st, dp_strerror(st), 0};
    return st;
}

dp_status dp_doc_finish(dp_doc *d, unsigned opts, dp_error *err) {
    if (!d) {
        if (err) *err = (dp_error){DP_ERR_ARG, "NULL document", 0};
        return DP_ERR_ARG;
    }
    if (!d->src) {
        d->src = d->input.data ? d->input.data : "";
        d->src_len = d->input.len;
    }
    return run(d, opts, err);
}

dp_status dp_doc_analyze(dp_doc *d, const char *text, size_t len, unsigned opts, dp_error *err) {
    if (!d || (!text && len)) {
        if (err) *err = (dp_error){DP_ERR_ARG, "NULL document or text", 0};
        return DP_ERR_ARG;
    }
    clear_text(d);
    d->src = text ? text : "";
    d->src_len = len;
    return run(d, opts, err);
}

/* JSON article reading */
typedef struct json_ctx {
    dp_doc *d;
    int have_text;
    const char *why;
} json_ctx;

static int on_member(void *ctx, const char *key, size_t klen, int kind, const char *val, size_t vlen) {
    json_ctx *c = ctx;
    dp_doc *d = c->d;
    if (klen == 4 && !memcmp(key, "text", 4)) {
        if (kind != JSON_STRING) {
            c->why = "\"text\" must be a string";
            return DP_ERR_FIELD;
        }
        d->input.len = 0;
        if (dp_buf_put(&d->input, val, vlen) || dp_buf_nul(&d->input)) return DP_ERR_NOMEM;
        c->have_text = 1;
        return 0;
    }
    if (klen == 9 && !memcmp(key, "published", 9)) {
        if (kind == JSON_NULL) {
            d->has_published = 0;
            return 0;
        }
        if (kind != JSON_STRING) {
            c->why = "\"published\" must be a string (YYYY-MM-DD, YYYY-MM, YYYY or an ISO timestamp) or null";
            return DP_ERR_FIELD;
        }
        if (dp_doc_set_published(d, val, vlen)) {
            c->why = "\"published\" is not a date";
            return DP_ERR_DATE;
        }
        return 0;
    }
    dp_meta_str *m = meta_slot(d, key, klen);
    if (!m) return 0; /* other members are ignored */
    if (kind == JSON_NULL) {
        *m = (dp_meta_str){NULL, 0, 0};
        return 0;
    }
    int is_id = m == &d->id;
    if (kind == JSON_STRING || (is_id && kind == JSON_NUMBER))
        return set_meta_str(d, m, val, vlen, kind == JSON_NUMBER);
    c->why = is_id ? "\"id\" must be a string or a number" : "metadata must be a string or null";
    return DP_ERR_FIELD;
}

dp_status dp_doc_read_json(dp_doc *d, const char *json, size_t len, dp_error *err) {
    if (!d || (!json && len)) {
        if (err) *err = (dp_error){DP_ERR_ARG, "NULL document or JSON", 0};
        return DP_ERR_ARG;
    }
    dp_doc_reset(d); /* an article's metadata never leaks into the next */
    json_ctx c = {d, 0, NULL};
    dp_status st = dp_json_read_object(json ? json : "", len, &d->key, &d->val, on_member, &c, err);
    if (st) {
        if (err && c.why) err->message = c.why;
        clear_text(d);
        return st;
    }
    if (!c.have_text) {
        if (err) *err = (dp_error){DP_ERR_FIELD, "missing \"text\" string", 0};
        return DP_ERR_FIELD;
    }
    d->src = NULL;
    return DP_OK;
}

const char *dp_doc_text(const dp_doc *d, size_t *len) {
    if (!d || !d->finished) return NULL;
    if (len) *len = d->norm.len;
    return d->norm.data ? d->norm.data : "";
}

size_t dp_doc_orig_offset(const dp_doc *d, size_t pos) {
    if (!d) return 0;
    return dp_offmap_orig(&d->map, (uint32_t)pos);
}

dp_status dp_doc_set_models(dp_doc *d, const dp_models *m) {
    if (!d) return DP_ERR_ARG;
    d->models = m;
    return DP_OK;
}

const char *dp_doc_lemma(const dp_doc *d, const dp_token *t, size_t *len) {
    if (!d || !t || !d->finished || !t->lemma_len || (size_t)t->lemma_off + t->lemma_len > d->lemmas.len) {
        if (len) *len = 0;
        return "";
    }
    if (len) *len = t->lemma_len;
    return d->lemmas.data + t->lemma_off;
}

const dp_mention *dp_doc_mentions(const dp_doc *d, size_t *n) {
    if (n) *n = d && d->finished ? d->mentions.n : 0;
    return d && d->finished ? d->mentions.v : NULL;
}

const dp_token *dp_doc_tokens(const dp_doc *d, size_t *n) {
    if (n) *n = d && d->finished ? d->toks.n : 0;
    return d && d->finished ? d->toks.v : NULL;
}

const dp_sentence *dp_doc_sentences(const dp_doc *d, size_t *n) {
    if (n) *n = d && d->finished ? d->sents.n : 0;
    return d && d->finished ? d->sents.v : NULL;
}

#define DP_FACT_GETTER(fn, T, vec)                                                                   \
    const T *fn(const dp_doc *d, size_t *n) {                                                        \
        if (n) *n = d && d->finished ? d->vec.n : 0;                                                 \
        return d && d->finished ? d->vec.v : NULL;                                                   \
    }
DP_FACT_GETTER(dp_doc_entities, dp_entity, ents)
DP_FACT_GETTER(dp_doc_entity_mentions, uint32_t, entment)
DP_FACT_GETTER(dp_doc_roles, dp_role, roles)
DP_FACT_GETTER(dp_doc_quotes, dp_quote, quotes)
DP_FACT_GETTER(dp_doc_dates, dp_datex, dates)
DP_FACT_GETTER(dp_doc_quantities, dp_quantity, qtys)
