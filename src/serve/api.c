/* api.c — the JSON endpoints of `depeche serve` (docs/serve.md,
 * src/serve/openapi.json): parameters checked here (400 on a bad one), the
 * answers written by the library (dp_doc_write_json, dp_store_*), statuses
 * mapped from dp_status. */
#define _POSIX_C_SOURCE 200809L
#include "serve_int.h"
#include "assets.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Routes ---------------------------------------------------------------------- */

static const struct {
    const char *path;
    int route;
    int prefix; /* ends with '/': an id follows */
} routes[] = {
    {"/api/analyze", R_ANALYZE, 0},     {"/api/ingest", R_INGEST, 0},     {"/api/search", R_SEARCH, 0},
    {"/api/entities", R_ENTITIES, 0},   {"/api/entities/", R_ENTITY, 1},  {"/api/quotes", R_QUOTES, 0},
    {"/api/stories", R_STORIES, 0},     {"/api/stories/", R_STORY, 1},    {"/api/timeline", R_TIMELINE, 0},
    {"/api/articles/", R_ARTICLE, 1},   {"/api/openapi.json", R_OPENAPI, 0},
};

int api_route(const char *path, const char **tail) {
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        size_t n = strlen(routes[i].path);
        if (routes[i].prefix ? !strncmp(path, routes[i].path, n) && path[n] : !strcmp(path, routes[i].path)) {
            if (tail) *tail = path + n;
            return routes[i].route;
        }
    }
    return R_NONE;
}

int api_is_post(int route) { return route == R_ANALYZE || route == R_INGEST; }

/* Parameters ------------------------------------------------------------------- */

static const char *arg(struct MHD_Connection *c, const char *name) {
    return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

/* An optional integer in [lo, hi]; 0 with *out = dflt when absent, -1 when bad. */
static int arg_int(struct MHD_Connection *c, const char *name, long lo, long hi, long dflt, long *out) {
    const char *v = arg(c, name);
    *out = dflt;
    if (!v) return 0;
    if (!*v) return -1;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9') return -1;
    errno = 0;
    long x = strtol(v, NULL, 10);
    if (errno || x < lo || x > hi) return -1;
    *out = x;
    return 0;
}

static int parse_id(const char *s, long long *out) {
    if (!*s || strlen(s) > 18) return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return -1;
    *out = strtoll(s, NULL, 10);
    return *out > 0 ? 0 : -1;
}

static int valid_date(const char *v) {
    dp_date d;
    return v && dp_date_parse(v, strlen(v), &d) == DP_OK;
}

/* A present, non-empty string parameter, or NULL. */
static const char *arg_str(struct MHD_Connection *c, const char *name) {
    const char *v = arg(c, name);
    return v && *v ? v : NULL;
}

static unsigned status_of(dp_status s) {
    switch (s) {
    case DP_ERR_NOT_FOUND: return 404;
    case DP_ERR_ARG:
    case DP_ERR_DATE:
    case DP_ERR_JSON:
    case DP_ERR_FIELD:
    case DP_ERR_UTF8: return 400;
    case DP_ERR_TOO_LARGE: return 413;
    default: return 500;
    }
}

static enum MHD_Result reply_status(struct MHD_Connection *c, request *r, dp_status s, const dp_error *e, obuf *b) {
    free(b->p);
    b->p = NULL;
    const char *msg = e && e->message ? e->message : dp_strerror(s);
    if (e && (s == DP_ERR_JSON || s == DP_ERR_UTF8 || s == DP_ERR_FIELD) && e->offset)
        return reply_error(c, r, status_of(s), "%s (at byte %zu)", msg, e->offset);
    return reply_error(c, r, status_of(s), "%s", msg);
}

#define BAD(...) return reply_error(c, r, 400, __VA_ARGS__)

/* Analysis --------------------------------------------------------------------- */

static int arg_bool(struct MHD_Connection *c, const char *name, int *out) {
    const char *v = arg(c, name);
    *out = 0;
    if (!v) return 0;
    if (!*v || !strcmp(v, "1") || !strcmp(v, "true")) *out = 1;
    else if (strcmp(v, "0") && strcmp(v, "false")) return -1;
    return 0;
}

static enum MHD_Result analyze(struct MHD_Connection *c, request *r, worker *w) {
    int tokens;
    if (arg_bool(c, "tokens", &tokens)) BAD("bad parameter tokens: 0, 1, true or false");
    const char *published = arg_str(c, "published");
    if (published && !valid_date(published)) BAD("bad parameter published: a date YYYY-MM-DD");
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    int json = ct && !strncasecmp(ct, "application/json", 16);
    dp_doc *doc = w->doc;
    dp_error e = {DP_OK, NULL, 0};
    dp_status s;
    const char *body = r->body ? r->body : "";
    dp_doc_reset(doc);
    if (json) {
        s = dp_doc_read_json(doc, body, r->nbody, &e);
        if (!s && published && !dp_doc_published(doc, NULL)) s = dp_doc_set_published(doc, published, strlen(published));
        if (!s) s = dp_doc_finish(doc, DP_OPT_DEFAULT, &e);
    } else {
        s = published ? dp_doc_set_published(doc, published, strlen(published)) : DP_OK;
        if (!s) s = dp_doc_analyze(doc, body, r->nbody, DP_OPT_DEFAULT, &e);
    }
    obuf b = {0};
    if (s) return reply_status(c, r, s, &e, &b);
    s = dp_doc_write_json(doc, tokens ? DP_OPT_TOKENS : 0u, obuf_write, &b);
    if (s) return reply_status(c, r, b.failed ? DP_ERR_NOMEM : s, NULL, &b);
    obuf_write(&b, "\n", 1);
    enum MHD_Result ret = reply_json(c, r, &b);
    dp_doc_reset(doc); /* the body is freed with the request: drop the borrowed text */
    return ret;
}

/* Ingest ----------------------------------------------------------------------- */

typedef struct ingest_report {
    obuf *errors;
    int n;
} ingest_report;

static void on_bad(void *ctx, const char *input, long line, const dp_error *e) {
    (void)input;
    ingest_report *ir = ctx;
    if (ir->n >= 20) return;
    const char *m = e && e->message ? e->message : dp_strerror(e ? e->code : DP_ERR_JSON);
    obuf_printf(ir->errors, "%s{\"line\":%ld,\"message\":", ir->n ? "," : "", line);
    obuf_json_str(ir->errors, m, strlen(m));
    obuf_puts(ir->errors, "}");
    ir->n++;
}

static enum MHD_Result ingest(struct MHD_Connection *c, request *r) {
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/depeche-ingest-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) return reply_error(c, r, 500, "cannot make a temporary file: %s", strerror(errno));
    size_t off = 0;
    while (off < r->nbody) {
        ssize_t k = write(fd, r->body + off, r->nbody - off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        off += (size_t)k;
    }
    if (close(fd) || off < r->nbody) {
        unlink(path);
        return reply_error(c, r, 500, "cannot write a temporary file");
    }
    obuf errors = {0};
    ingest_report ir = {&errors, 0};
    const char *inputs[1] = {path};
    dp_ingest_opts io = {0};
    io.inputs = inputs;
    io.ninputs = 1;
    io.ndjson = 1;
    io.skip_bad = 1;
    io.models = dp_srv.models;
    io.report = on_bad;
    io.report_ctx = &ir;
    dp_ingest_stats st = {0};
    dp_error e = {DP_OK, NULL, 0};
    pthread_mutex_lock(&dp_srv.wlock);
    dp_status s = dp_store_ingest(dp_srv.wstore, &io, &st, &e);
    pthread_mutex_unlock(&dp_srv.wlock);
    unlink(path);
    obuf b = {0};
    if (s) {
        free(errors.p);
        return reply_status(c, r, s == DP_ERR_STORE || s == DP_ERR_IO ? s : DP_ERR_STORE, &e, &b);
    }
    obuf_printf(&b,
                "{\"articles\":%llu,\"replaced\":%llu,\"duplicates\":%llu,\"stories\":%llu,\"bad\":%llu,"
                "\"seconds\":%.3f,\"errors\":[",
                (unsigned long long)st.articles, (unsigned long long)st.replaced, (unsigned long long)st.duplicates,
                (unsigned long long)st.stories, (unsigned long long)st.bad, st.seconds);
    if (errors.p) obuf_write(&b, errors.p, errors.n);
    obuf_puts(&b, "]}\n");
    free(errors.p);
    return reply_json(c, r, &b);
}

/* Archive queries ---------------------------------------------------------------- */

static enum MHD_Result finish(struct MHD_Connection *c, request *r, dp_status s, const dp_error *e, obuf *b) {
    if (s) return reply_status(c, r, b->failed ? DP_ERR_NOMEM : s, e, b);
    return reply_json(c, r, b);
}

enum MHD_Result api_handle(struct MHD_Connection *c, request *r, const char *tail) {
    if (r->route == R_OPENAPI)
        return reply(c, r, 200, "application/json; charset=utf-8", (char *)dp_openapi_json, dp_openapi_json_len, 1,
                     NULL);
    if (r->route == R_INGEST) return ingest(c, r);
    if (r->nbody && r->route != R_ANALYZE) BAD("this endpoint takes no request body");
    worker *w = worker_get();
    if (!w) return reply_error(c, r, 500, "the archive cannot be opened");
    if (r->route == R_ANALYZE) return analyze(c, r, w);

    obuf b = {0};
    dp_error e = {DP_OK, NULL, 0};
    dp_status s = DP_OK;
    long limit, offset;
    long long id;
    switch (r->route) {
    case R_SEARCH: {
        const char *q = arg_str(c, "q");
        if (!q) BAD("missing parameter q (the search words)");
        dp_search_opts so = {0};
        so.from = arg_str(c, "from");
        so.to = arg_str(c, "to");
        so.entity = arg_str(c, "entity");
        so.source = arg_str(c, "source");
        if (so.from && !valid_date(so.from)) BAD("bad parameter from: a date YYYY-MM-DD");
        if (so.to && !valid_date(so.to)) BAD("bad parameter to: a date YYYY-MM-DD");
        if (arg_int(c, "limit", 1, 100, 20, &limit)) BAD("bad parameter limit: an integer from 1 to 100");
        if (arg_int(c, "offset", 0, 10000, 0, &offset)) BAD("bad parameter offset: an integer from 0 to 10000");
        so.limit = (int)limit;
        so.offset = (int)offset;
        s = dp_store_search(w->store, q, &so, 1, obuf_write, &b, &e);
        break;
    }
    case R_ENTITIES: {
        const char *name = arg_str(c, "name");
        if (!name) BAD("missing parameter name");
        s = dp_store_entity(w->store, name, 1, obuf_write, &b, &e);
        break;
    }
    case R_ENTITY:
        if (parse_id(tail, &id)) BAD("bad entity id: a positive integer");
        s = dp_store_entity_id(w->store, id, 1, obuf_write, &b, &e);
        break;
    case R_QUOTES: {
        const char *speaker = arg_str(c, "speaker"), *about = arg_str(c, "about");
        if (arg_int(c, "limit", 1, 200, 50, &limit)) BAD("bad parameter limit: an integer from 1 to 200");
        s = dp_store_quotes(w->store, speaker, about, (int)limit, 1, obuf_write, &b, &e);
        break;
    }
    case R_STORIES: {
        const char *since = arg_str(c, "since");
        if (since && !valid_date(since)) BAD("bad parameter since: a date YYYY-MM-DD");
        if (arg_int(c, "limit", 1, 200, 50, &limit)) BAD("bad parameter limit: an integer from 1 to 200");
        s = dp_store_stories(w->store, since, (int)limit, 1, obuf_write, &b, &e);
        break;
    }
    case R_STORY:
        if (parse_id(tail, &id)) BAD("bad story id: a positive integer");
        if (arg_int(c, "limit", 1, 1000, 200, &limit)) BAD("bad parameter limit: an integer from 1 to 1000");
        s = dp_store_story(w->store, id, (int)limit, 1, obuf_write, &b, &e);
        break;
    case R_TIMELINE: {
        const char *name = arg_str(c, "name"), *ent = arg_str(c, "entity"), *by = arg_str(c, "by");
        int week = 0;
        if (by && !strcmp(by, "week")) week = 1;
        else if (by && strcmp(by, "day")) BAD("bad parameter by: day or week");
        if (!!name == !!ent) BAD("give one of the parameters name or entity");
        if (ent) {
            if (parse_id(ent, &id)) BAD("bad parameter entity: a positive integer (an entity id)");
            s = dp_store_timeline_id(w->store, id, week, 1, obuf_write, &b, &e);
        } else {
            s = dp_store_timeline(w->store, name, week, 1, obuf_write, &b, &e);
        }
        break;
    }
    case R_ARTICLE:
        s = dp_store_article(w->store, tail, 1, obuf_write, &b, &e);
        break;
    default:
        return reply_error(c, r, 404, "no such endpoint");
    }
    return finish(c, r, s, &e, &b);
}
