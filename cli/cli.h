/* cli.h — shared pieces of the depeche command line. Commands use only the
 * public depeche.h (STYLE §1); each lives in its own cmd_<name>.c. */
#ifndef DP_CLI_H
#define DP_CLI_H

#include "depeche.h"
#include <stdio.h>

/* Exit codes: 0 success, 1 bad input or I/O failure, 2 usage error. */
#define EXIT_INPUT 1
#define EXIT_USAGE 2

int cmd_analyze(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_ner(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_entity(int argc, char **argv);
int cmd_quotes(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/** Reads a whole file ("-" is stdin) into a malloc'ed buffer (NUL-terminated);
 * returns 0 or -1 with errno set. */
int cli_read_file(const char *path, char **data, size_t *len);

/** dp_write_fn writing to a FILE*. */
int cli_write_file(void *ctx, const char *p, size_t n);

/** Prints "depeche: " + message to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Does `arg` equal the long option `name`, or start with "name="? On "name=",
 * *val points after the '='. */
int cli_opt(const char *arg, const char *name, const char **val);

#endif
