/* cmd_serve.c — `depeche serve`: the HTTP server (src/serve/, docs/serve.md). */
#include "cli.h"
#include "serve.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: depeche serve --db FILE [--listen HOST:PORT] [--models DIR] [--quiet]\n"
    "                     [--threads N] [--max-body BYTES] [--max-conns N] [--max-conns-per-ip N]\n"
    "                     [--timeout SECONDS] [--allow-ingest [--token-file FILE]]\n"
    "\n"
    "Serves the archive (read-only) and the analyser over HTTP: a JSON API under\n"
    "/api/ (described by /api/openapi.json) and the web page at /. Prints\n"
    "\"listening on http://HOST:PORT\" on stderr when ready; one JSON line per\n"
    "request on stderr (the access log); SIGINT or SIGTERM stop it cleanly.\n"
    "  --db FILE              the archive (required)\n"
    "  --listen HOST:PORT     address to listen on (default 127.0.0.1:8080; port 0: any\n"
    "                         free port). Numeric addresses only; a non-loopback one\n"
    "                         (0.0.0.0, a LAN address) exposes the server to the network\n"
    "  --models DIR           models directory (default: $DEPECHE_MODELS or the built-in one)\n"
    "  --quiet                no access log\n"
    "  --threads N            worker threads (default: the online cores)\n"
    "  --max-body BYTES       request body limit (default 8388608): 413 beyond\n"
    "  --max-conns N          open connections in all (default 512)\n"
    "  --max-conns-per-ip N   open connections per client address (default 128)\n"
    "  --timeout SECONDS      idle connection timeout (default 30)\n"
    "  --allow-ingest         enable POST /api/ingest (NDJSON articles), which needs\n"
    "                         \"Authorization: Bearer TOKEN\"; the token is the first line of\n"
    "  --token-file FILE      FILE, else the environment variable DEPECHE_TOKEN\n"
    "exit status: 0 after SIGINT/SIGTERM; 1 the archive, the models or the address\n"
    "fail; 2 usage error.\n";

static int num(const char *name, const char *v, unsigned long long lo, unsigned long long hi,
               unsigned long long *out) {
    char *end;
    errno = 0;
    unsigned long long x = v && *v && *v != '-' ? strtoull(v, &end, 10) : 0;
    if (!v || !*v || *v == '-' || errno || *end || x < lo || x > hi) {
        cli_error("serve: %s needs an integer from %llu to %llu", name, lo, hi);
        return -1;
    }
    *out = x;
    return 0;
}

int cmd_serve(int argc, char **argv) {
    dp_serve_opts o;
    memset(&o, 0, sizeof o);
    const char *token_file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = NULL;
        const char **slot = NULL;
        unsigned long long x, hi = 0, lo = 1;
        int which = 0;
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            fputs(usage, stdout);
            return 0;
        }
        if (!strcmp(s, "--quiet")) {
            o.quiet = 1;
            continue;
        }
        if (!strcmp(s, "--allow-ingest")) {
            o.allow_ingest = 1;
            continue;
        }
        if (cli_opt(s, "--db", &v)) slot = &o.db;
        else if (cli_opt(s, "--listen", &v)) slot = &o.listen;
        else if (cli_opt(s, "--models", &v)) slot = &o.models_dir;
        else if (cli_opt(s, "--token-file", &v)) slot = &token_file;
        else if (cli_opt(s, "--threads", &v)) which = 1, hi = 256;
        else if (cli_opt(s, "--max-body", &v)) which = 2, hi = (unsigned long long)1 << 31;
        else if (cli_opt(s, "--max-conns", &v)) which = 3, hi = 65536;
        else if (cli_opt(s, "--max-conns-per-ip", &v)) which = 4, hi = 65536;
        else if (cli_opt(s, "--timeout", &v)) which = 5, hi = 86400;
        else {
            cli_error("serve: unknown option '%s' (see depeche serve --help)", s);
            return EXIT_USAGE;
        }
        if (!v) {
            if (i + 1 >= argc) {
                cli_error("serve: %s needs a value", s);
                return EXIT_USAGE;
            }
            v = argv[++i];
        }
        if (slot) {
            *slot = v;
            continue;
        }
        if (num(s, v, lo, hi, &x)) return EXIT_USAGE;
        switch (which) {
        case 1: o.threads = (unsigned)x; break;
        case 2: o.max_body = (size_t)x; break;
        case 3: o.max_conns = (unsigned)x; break;
        case 4: o.max_conns_ip = (unsigned)x; break;
        default: o.timeout = (unsigned)x; break;
        }
    }
    if (!o.db) {
        cli_error("serve: --db FILE is required (see depeche serve --help)");
        return EXIT_USAGE;
    }
    char *tok = NULL;
    if (o.allow_ingest) {
        if (token_file) {
            size_t n;
            if (cli_read_file(token_file, &tok, &n)) {
                cli_error("%s: cannot read: %s", token_file, strerror(errno));
                return EXIT_INPUT;
            }
            tok[strcspn(tok, "\r\n")] = 0; /* the first line */
            o.token = tok;
        } else {
            o.token = getenv("DEPECHE_TOKEN");
        }
        if (!o.token || !o.token[0]) {
            cli_error("serve: --allow-ingest needs a token: --token-file FILE or DEPECHE_TOKEN");
            free(tok);
            return EXIT_USAGE;
        }
    } else if (token_file) {
        cli_error("serve: --token-file goes with --allow-ingest");
        return EXIT_USAGE;
    }
    int rc = dp_serve_run(&o);
    free(tok);
    return rc;
}
