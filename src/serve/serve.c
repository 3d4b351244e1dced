/* serve.c — `depeche serve` (docs/serve.md): a libmicrohttpd daemon with a
 * pool of worker threads, each with its own read-only connection to the
 * archive and its own dp_doc (models loaded once, shared). This file holds the
 * daemon, the plumbing of a request (limits, body, routing, errors), the
 * embedded static files and the access log; api.c answers the JSON endpoints.
 */
#define _POSIX_C_SOURCE 200809L
#include "serve_int.h"
#include "assets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

server dp_srv;

#define MAX_URI 8192 /* request target, query included */
#define DEFAULT_MAX_BODY ((size_t)8 << 20)

/* Output buffers ------------------------------------------------------------ */

static int obuf_grow(obuf *b, size_t need) {
    if (b->failed) return -1;
    if (b->cap - b->n > need) return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->n <= need) {
        if (cap > ((size_t)1 << 34)) {
            b->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

int obuf_write(void *ctx, const char *data, size_t len) {
    obuf *b = ctx;
    if (obuf_grow(b, len)) return 1;
    memcpy(b->p + b->n, data, len);
    b->n += len;
    b->p[b->n] = 0;
    return 0;
}

void obuf_puts(obuf *b, const char *s) { obuf_write(b, s, strlen(s)); }

void obuf_printf(obuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        obuf_write(b, tmp, (size_t)n);
        return;
    }
    if (obuf_grow(b, (size_t)n + 1)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    size_t k;
    unsigned min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) k = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) k = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) k = 4, min = 0x10000;
    else return 0;
    if (n < k) return 0;
    unsigned cp = c & (0xFFu >> (k + 1));
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return k;
}

void obuf_json_str(obuf *b, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    obuf_write(b, "\"", 1);
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            run++;
            continue;
        }
        if (run) obuf_write(b, (const char *)p + i - run, run);
        run = 0;
        if (c >= 0x80) {
            size_t k = utf8_len(p + i, n - i);
            if (k) obuf_write(b, (const char *)p + i, k), i += k;
            else obuf_puts(b, "\\ufffd"), i++;
            continue;
        }
        if (c == '"') obuf_puts(b, "\\\"");
        else if (c == '\\') obuf_puts(b, "\\\\");
        else if (c == '\n') obuf_puts(b, "\\n");
        else if (c == '\t') obuf_puts(b, "\\t");
        else if (c == '\r') obuf_puts(b, "\\r");
        else obuf_printf(b, "\\u%04x", c);
        i++;
    }
    if (run) obuf_write(b, (const char *)p + i - run, run);
    obuf_write(b, "\"", 1);
}

/* Workers ---------------------------------------------------------------------- */

worker *worker_get(void) {
    worker *w = pthread_getspecific(dp_srv.wkey);
    if (w) return w;
    w = calloc(1, sizeof *w);
    if (!w) return NULL;
    dp_error e = {DP_OK, NULL, 0};
    w->store = dp_store_open(dp_srv.o.db, DP_STORE_READONLY, &e);
    w->doc = dp_doc_new();
    if (!w->store || !w->doc) {
        dp_store_close(w->store);
        dp_doc_free(w->doc);
        free(w);
        return NULL;
    }
    if (dp_srv.models) dp_doc_set_models(w->doc, dp_srv.models);
    pthread_mutex_lock(&dp_srv.wklock);
    w->next = dp_srv.workers;
    dp_srv.workers = w;
    pthread_mutex_unlock(&dp_srv.wklock);
    pthread_setspecific(dp_srv.wkey, w);
    return w;
}

/* Responses -------------------------------------------------------------------- */

static const char *status_text(unsigned s) {
    switch (s) {
    case 400: return "bad request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not found";
    case 405: return "method not allowed";
    case 413: return "request body too large";
    case 414: return "URI too long";
    case 500: return "internal error";
    default: return "error";
    }
}

enum MHD_Result reply(struct MHD_Connection *c, request *r, unsigned status, const char *type, char *body,
                      size_t len, int persistent, const char *allow) {
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        len, body ? body : (char *)"", persistent || !body ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        if (!persistent) free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, r->route == R_STATIC ? "no-cache" : "no-store");
    if (allow) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    if (status == 401) MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    if (status == 413) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close"); /* the rest is unread */
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    if (ret == MHD_YES) {
        r->status = status;
        r->bytes = len;
    }
    return ret;
}

static enum MHD_Result reply_error_allow(struct MHD_Connection *c, request *r, unsigned status, const char *allow,
                                         const char *msg) {
    obuf b = {0};
    obuf_printf(&b, "{\"error\":{\"status\":%u,\"message\":", status);
    obuf_json_str(&b, msg, strlen(msg));
    obuf_puts(&b, "}}\n");
    if (b.failed) {
        free(b.p);
        return MHD_NO;
    }
    return reply(c, r, status, "application/json; charset=utf-8", b.p, b.n, 0, allow);
}

enum MHD_Result reply_error(struct MHD_Connection *c, request *r, unsigned status, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return reply_error_allow(c, r, status, NULL, msg[0] ? msg : status_text(status));
}

enum MHD_Result reply_json(struct MHD_Connection *c, request *r, obuf *b) {
    if (b->failed) {
        free(b->p);
        b->p = NULL;
        return reply_error(c, r, 500, "out of memory");
    }
    char *p = b->p;
    b->p = NULL;
    return reply(c, r, 200, "application/json; charset=utf-8", p, b->n, 0, NULL);
}

/* Static files ------------------------------------------------------------------ */

static const dp_asset *asset_find(const char *path) {
    if (!strcmp(path, "/")) path = "/index.html";
    size_t lo = 0, hi = dp_web_nassets;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(path, dp_web_assets[mid].path);
        if (!cmp) return &dp_web_assets[mid];
        if (cmp < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

/* Does the path have a "." or ".." segment, a backslash or a NUL-free oddity? */
static int path_suspicious(const char *p) {
    if (p[0] != '/') return 1;
    if (strchr(p, '\\')) return 1;
    for (const char *s = p; (s = strchr(s, '/')); s++) {
        if (s[1] == '.' && (s[2] == '/' || s[2] == 0)) return 1;
        if (s[1] == '.' && s[2] == '.' && (s[3] == '/' || s[3] == 0)) return 1;
    }
    return 0;
}

/* The access log --------------------------------------------------------------- */

static double mono_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void iso_time(char out[32]) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

static void remote_of(struct MHD_Connection *c, char out[64]) {
    strcpy(out, "-");
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, 64);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, 64);
}

/* One line, written at once (write(2) of a whole line: lines of concurrent
 * threads do not interleave). */
static void log_line(obuf *b) {
    if (b->failed) return;
    obuf_write(b, "\n", 1);
    size_t off = 0;
    while (off < b->n) {
        ssize_t w = write(STDERR_FILENO, b->p + off, b->n - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
    (void)cls;
    (void)c;
    request *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->t0 = mono_now();
    r->uri_len = uri ? strlen(uri) : 0;
    return r;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe) {
    (void)cls;
    request *r = *con_cls;
    if (!r) return;
    *con_cls = NULL;
    if (!dp_srv.o.quiet && r->started) {
        char when[32], remote[64];
        iso_time(when);
        remote_of(c, remote);
        obuf b = {0};
        obuf_printf(&b, "{\"time\":\"%s\",\"method\":", when);
        obuf_json_str(&b, r->method, strlen(r->method));
        obuf_puts(&b, ",\"path\":");
        const char *p = r->path ? r->path : "";
        size_t n = strlen(p);
        obuf_json_str(&b, p, n > 1024 ? 1024 : n);
        obuf_printf(&b, ",\"status\":%u,\"bytes\":%llu,\"ms\":%.3f,\"remote\":\"%s\"", r->status,
                    (unsigned long long)r->bytes, (mono_now() - r->t0) * 1000.0, remote);
        if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) {
            static const char *const why[] = {"ok", "error", "timeout", "shutdown", "read error", "client abort"};
            obuf_printf(&b, ",\"end\":\"%s\"", (unsigned)toe < 6 ? why[toe] : "other");
        }
        obuf_puts(&b, "}");
        log_line(&b);
        free(b.p);
    }
    free(r->path);
    free(r->body);
    free(r);
}

__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap) {
    (void)cls;
    if (dp_srv.o.quiet) return;
    char msg[512], when[32];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) msg[--n] = 0;
    iso_time(when);
    obuf b = {0};
    obuf_printf(&b, "{\"time\":\"%s\",\"level\":\"error\",\"message\":", when);
    obuf_json_str(&b, msg, n);
    obuf_puts(&b, "}");
    log_line(&b);
    free(b.p);
}

/* The access handler -------------------------------------------------------------- */

static int is_get(const char *m) { return !strcmp(m, MHD_HTTP_METHOD_GET) || !strcmp(m, MHD_HTTP_METHOD_HEAD); }

static int auth_check(struct MHD_Connection *c, request *r, enum MHD_Result *ret) {
    if (!dp_srv.o.allow_ingest) {
        *ret = reply_error(c, r, 403, "ingest over HTTP is disabled (start the server with --allow-ingest)");
        return -1;
    }
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Bearer ", 7) != 0) {
        *ret = reply_error(c, r, 401, "missing bearer token (Authorization: Bearer TOKEN)");
        return -1;
    }
    h += 7;
    while (*h == ' ') h++;
    const char *t = dp_srv.o.token;
    size_t lh = strlen(h), lt = strlen(t);
    unsigned diff = (unsigned)(lh ^ lt);
    for (size_t i = 0; i < lh; i++) diff |= (unsigned char)h[i] ^ (unsigned char)t[i % (lt ? lt : 1)];
    if (diff || !lt) {
        *ret = reply_error(c, r, 403, "wrong token");
        return -1;
    }
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls) {
    (void)cls;
    (void)version;
    request *r = *con_cls;
    if (!r) return MHD_NO; /* out of memory at the request line */
    if (!r->started) {
        r->started = 1;
        snprintf(r->method, sizeof r->method, "%s", method);
        r->path = strdup(url ? url : "");
        if (!r->path) return MHD_NO;
        if (r->uri_len > MAX_URI) return reply_error(c, r, 414, "request target longer than %d bytes", MAX_URI);
        const char *tail = NULL;
        r->route = api_route(r->path, &tail);
        if (r->route == R_NONE) {
            if (path_suspicious(r->path)) return reply_error(c, r, 400, "malformed path");
            if (!strncmp(r->path, "/api/", 5) || !strcmp(r->path, "/api"))
                return reply_error(c, r, 404, "no such endpoint");
            if (!asset_find(r->path)) return reply_error(c, r, 404, "not found");
            r->route = R_STATIC;
        }
        if (api_is_post(r->route)) {
            if (strcmp(method, MHD_HTTP_METHOD_POST))
                return reply_error_allow(c, r, 405, "POST", "method not allowed (use POST)");
            enum MHD_Result ret;
            if (r->route == R_INGEST && auth_check(c, r, &ret)) return ret;
            const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl) {
                errno = 0;
                char *end;
                unsigned long long v = strtoull(cl, &end, 10);
                if (errno || end == cl || v > dp_srv.o.max_body)
                    return reply_error(c, r, 413, "request body larger than %zu bytes", dp_srv.o.max_body);
            }
        } else if (!is_get(method)) {
            return reply_error_allow(c, r, 405, "GET, HEAD", "method not allowed (use GET)");
        }
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (r->status || r->too_large) {
            /* Discarded. A body without Content-Length (chunked) is only
             * found too large while it arrives, and MHD answers only once it
             * ended: read on up to twice the cap, then drop the connection. */
            r->nbody += n;
            return r->nbody > 2 * dp_srv.o.max_body + ((size_t)1 << 20) ? MHD_NO : MHD_YES;
        }
        if (!api_is_post(r->route) || r->nbody + n > dp_srv.o.max_body) {
            r->too_large = 1;
            free(r->body);
            r->body = NULL;
            r->nbody += n;
            r->cap = 0;
            return MHD_YES;
        }
        if (r->cap - r->nbody <= n) {
            size_t cap = r->cap ? r->cap : 16384;
            while (cap - r->nbody <= n) cap *= 2;
            char *p = realloc(r->body, cap);
            if (!p) return MHD_NO;
            r->body = p;
            r->cap = cap;
        }
        memcpy(r->body + r->nbody, upload, n);
        r->nbody += n;
        r->body[r->nbody] = 0;
        return MHD_YES;
    }
    if (r->status) return MHD_YES; /* answered already */
    if (r->too_large) {
        if (api_is_post(r->route))
            return reply_error(c, r, 413, "request body larger than %zu bytes", dp_srv.o.max_body);
        return reply_error(c, r, 400, "this endpoint takes no request body");
    }
    if (r->route == R_STATIC) {
        const dp_asset *a = asset_find(r->path);
        if (!a) return reply_error(c, r, 404, "not found");
        return reply(c, r, 200, a->type, (char *)a->data, a->len, 1, NULL);
    }
    const char *tail = NULL;
    api_route(r->path, &tail);
    return api_handle(c, r, tail);
}

/* Listening address ---------------------------------------------------------------- */

typedef struct listen_addr {
    struct sockaddr_storage ss;
    int v6;
    char host[64];
    unsigned port;
} listen_addr;

static int parse_listen(const char *s, listen_addr *la) {
    memset(la, 0, sizeof *la);
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s) return -1;
    size_t hl = (size_t)(colon - s);
    char host[64];
    if (s[0] == '[') {
        if (hl < 3 || s[hl - 1] != ']' || hl - 2 >= sizeof host) return -1;
        memcpy(host, s + 1, hl - 2);
        host[hl - 2] = 0;
        la->v6 = 1;
    } else {
        if (hl >= sizeof host) return -1;
        memcpy(host, s, hl);
        host[hl] = 0;
    }
    char *end;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (errno || end == colon + 1 || *end || port > 65535) return -1;
    la->port = (unsigned)port;
    if (!la->v6 && !strcmp(host, "localhost")) strcpy(host, "127.0.0.1");
    if (la->v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&la->ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1) return -1;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&la->ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, host, &a->sin_addr) != 1) return -1; /* no name resolution */
    }
    snprintf(la->host, sizeof la->host, "%s", host);
    return 0;
}

static int is_loopback(const listen_addr *la) {
    if (la->v6) return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)&la->ss)->sin6_addr);
    return (ntohl(((const struct sockaddr_in *)&la->ss)->sin_addr.s_addr) >> 24) == 127;
}

/* The daemon ---------------------------------------------------------------------- */

int dp_serve_run(const dp_serve_opts *opts) {
    memset(&dp_srv, 0, sizeof dp_srv);
    dp_srv.o = *opts;
    dp_serve_opts *o = &dp_srv.o;
    if (!o->listen) o->listen = "127.0.0.1:8080";
    if (!o->max_body) o->max_body = DEFAULT_MAX_BODY;
    if (!o->max_conns) o->max_conns = 512;
    if (!o->max_conns_ip) o->max_conns_ip = 128;
    if (!o->timeout) o->timeout = 30;
    if (!o->threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->threads = n > 0 ? (unsigned)n : 1;
    }
    if (o->threads > 256) o->threads = 256;
    listen_addr la;
    if (parse_listen(o->listen, &la)) {
        fprintf(stderr, "depeche: serve: bad --listen '%s' (HOST:PORT with a numeric address, [IPv6]:PORT or localhost:PORT)\n",
                o->listen);
        return 2;
    }
    if (o->allow_ingest && (!o->token || !o->token[0])) {
        fputs("depeche: serve: --allow-ingest needs a token (--token-file FILE or DEPECHE_TOKEN)\n", stderr);
        return 2;
    }
    if (!is_loopback(&la))
        fprintf(stderr, "depeche: serve: warning: listening on %s, reachable from the network (as --listen asks)\n",
                la.host);

    /* The archive must open before we listen: fail early. */
    dp_error e = {DP_OK, NULL, 0};
    dp_store *probe = dp_store_open(o->db, DP_STORE_READONLY, &e);
    if (!probe) {
        fprintf(stderr, "depeche: %s: %s\n", o->db, e.message ? e.message : dp_strerror(e.code));
        return 1;
    }
    dp_store_close(probe);
    const char *mdir = o->models_dir ? o->models_dir : dp_models_default_dir();
    dp_srv.models = dp_models_load(mdir, &e);
    if (!dp_srv.models) {
        if (o->models_dir) {
            fprintf(stderr, "depeche: %s: %s\n", mdir, e.message ? e.message : dp_strerror(e.code));
            return 1;
        }
        fprintf(stderr, "depeche: serve: no models in %s: analysis without tagging (no entities)\n", mdir);
    }
    if (o->allow_ingest) {
        dp_srv.wstore = dp_store_open(o->db, 0, &e);
        if (!dp_srv.wstore) {
            fprintf(stderr, "depeche: %s: %s\n", o->db, e.message ? e.message : dp_strerror(e.code));
            dp_models_free(dp_srv.models);
            return 1;
        }
    }
    pthread_mutex_init(&dp_srv.wlock, NULL);
    pthread_mutex_init(&dp_srv.wklock, NULL);
    pthread_key_create(&dp_srv.wkey, NULL);

    /* SIGINT and SIGTERM are taken by sigwait below; the pool threads
     * inherit the mask. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (la.v6) flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)la.port, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&la.ss,
        MHD_OPTION_THREAD_POOL_SIZE, o->threads, MHD_OPTION_CONNECTION_LIMIT, o->max_conns,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_conns_ip, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    int rc = 0;
    if (!d) {
        fprintf(stderr, "depeche: serve: cannot listen on %s:%u: %s\n", la.host, la.port, strerror(errno));
        rc = 1;
    } else {
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        unsigned port = di ? di->port : la.port;
        fprintf(stderr, "listening on http://%s%s%s:%u\n", la.v6 ? "[" : "", la.host, la.v6 ? "]" : "", port);
        fflush(stderr);
        int sig = 0;
        while (sigwait(&sigs, &sig) != 0) {
        }
        fprintf(stderr, "depeche: serve: %s, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        MHD_stop_daemon(d); /* closes the connections, joins the pool */
    }
    for (worker *w = dp_srv.workers, *next; w; w = next) {
        next = w->next;
        dp_store_close(w->store);
        dp_doc_free(w->doc);
        free(w);
    }
    dp_srv.workers = NULL;
    pthread_key_delete(dp_srv.wkey);
    pthread_mutex_destroy(&dp_srv.wklock);
    pthread_mutex_destroy(&dp_srv.wlock);
    dp_store_close(dp_srv.wstore);
    dp_models_free(dp_srv.models);
    pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
    return rc;
}
