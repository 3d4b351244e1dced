/* serve_int.h — what serve.c (the daemon, the plumbing of requests, static
 * files, the access log) and api.c (the JSON endpoints) share. Only
 * the files of src/serve include <microhttpd.h>. */
#ifndef DP_SERVE_INT_H
#define DP_SERVE_INT_H

#include "depeche.h"
#include "depeche_store.h"
#include "serve.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>

/* A growable output buffer; a dp_write_fn. Memory is malloc'ed so that a
 * response can take it (MHD_RESPMEM_MUST_FREE). */
typedef struct obuf {
    char *p;
    size_t n, cap;
    int failed;
} obuf;
int obuf_write(void *ctx, const char *data, size_t len);
void obuf_puts(obuf *b, const char *s);
void obuf_printf(obuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Appends a JSON string literal (quotes included); invalid UTF-8 becomes U+FFFD. */
void obuf_json_str(obuf *b, const char *s, size_t n);

/* What each worker thread owns: its read-only connection to the archive and
 * its analysis context (SQLite connections and dp_docs are never shared). */
typedef struct worker {
    dp_store *store;
    dp_doc *doc;
    struct worker *next;
} worker;

typedef struct server {
    dp_serve_opts o;
    dp_models *models;      /* shared read-only by every doc */
    dp_store *wstore;       /* the writable connection of POST /api/ingest (NULL unless --allow-ingest) */
    pthread_mutex_t wlock;  /* one ingest at a time */
    pthread_mutex_t wklock; /* guards `workers` */
    pthread_key_t wkey;     /* this thread's worker */
    worker *workers;
} server;

extern server dp_srv;

/** This thread's worker, made on its first request; NULL when the archive
 * cannot be opened. */
worker *worker_get(void);

/* One request (the connection's client context, made by the URI log callback). */
typedef struct request {
    double t0;           /* monotonic seconds at the request line */
    size_t uri_len;      /* the raw request target's length */
    int started;         /* the access handler ran once */
    int route;           /* enum route */
    char method[12];
    char *path;          /* the decoded path (no query), for the log */
    char *body;          /* the upload, NUL-terminated */
    size_t nbody, cap;
    int too_large;
    unsigned status;     /* of the response queued; 0: none (MHD answered itself, or aborted) */
    uint64_t bytes;      /* body bytes of that response */
} request;

enum route {
    R_NONE = 0,
    R_STATIC,
    R_ANALYZE,
    R_INGEST,
    R_SEARCH,
    R_ENTITIES,
    R_ENTITY,
    R_QUOTES,
    R_STORIES,
    R_STORY,
    R_TIMELINE,
    R_ARTICLE,
    R_OPENAPI
};

/** The route of a path; *tail receives what follows the route's prefix for
 * routes with an id ({id} of /api/entities/{id}...). */
int api_route(const char *path, const char **tail);
/** Is the route a POST one (with a body)? */
int api_is_post(int route);
/** Answers a complete request of an API route. */
enum MHD_Result api_handle(struct MHD_Connection *c, request *r, const char *tail);

/** Queues a response (takes `body`, malloc'ed, or copies nothing when
 * persistent); records status and size for the log. */
enum MHD_Result reply(struct MHD_Connection *c, request *r, unsigned status, const char *type, char *body,
                      size_t len, int persistent, const char *allow);
/** Queues {"error": {"status": S, "message": "..."}}. */
enum MHD_Result reply_error(struct MHD_Connection *c, request *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/** Queues the JSON accumulated in `b` (200), or a 500 when it failed. */
enum MHD_Result reply_json(struct MHD_Connection *c, request *r, obuf *b);

#endif
