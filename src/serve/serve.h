/* serve.h — `depeche serve`: the HTTP server of the archive and the analyser
 * (docs/serve.md). The entry point only: no libmicrohttpd type is declared
 * here, so the command line (cli/cmd_serve.c) stays on the public headers. */
#ifndef DP_SERVE_H
#define DP_SERVE_H

#include <stddef.h>

/** Settings of dp_serve_run; zero is the default of every number. */
typedef struct dp_serve_opts {
    const char *db;          /**< the archive (required), opened read-only by each worker thread */
    const char *listen;      /**< "HOST:PORT" (numeric IPv4, [IPv6] or localhost); NULL: 127.0.0.1:8080 */
    const char *models_dir;  /**< NULL: dp_models_default_dir() (missing models: analysis untagged) */
    int quiet;               /**< no access log */
    unsigned threads;        /**< worker threads (0: the online cores) */
    size_t max_body;         /**< request body cap in bytes (0: 8 MiB) */
    unsigned max_conns;      /**< open connections in all (0: 512) */
    unsigned max_conns_ip;   /**< open connections per client address (0: 128) */
    unsigned timeout;        /**< idle connection timeout in seconds (0: 30) */
    int allow_ingest;        /**< enable POST /api/ingest */
    const char *token;       /**< the bearer token of POST /api/ingest (required with allow_ingest) */
} dp_serve_opts;

/** Runs the server until SIGINT or SIGTERM. Prints "listening on
 * http://HOST:PORT" on stderr once ready (the port actually bound, also for
 * port 0). Returns an exit status: 0 after a clean shutdown, 1 when the
 * archive, the models or the socket fail, 2 for a bad option value. */
int dp_serve_run(const dp_serve_opts *o);

#endif
