/* quantities.c — see facts.h. */
#include "facts/facts.h"

dp_status dp_facts_quantities(dp_doc *d) {
    (void)d;
    return DP_OK;
}
