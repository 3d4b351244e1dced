/* cmd_eval.c — placeholder replaced by the eval command (work in progress). */
#include "cli.h"
int cmd_eval(int argc, char **argv) {
    (void)argc;
    (void)argv;
    cli_error("eval: not built yet");
    return EXIT_USAGE;
}
