#!/bin/sh
# the seed article shipped as JSON (examples/seed.json) gives a valid document
"$DEPECHE" analyze --no-models "$CLI_DIR/../../examples/seed.json"
