#!/bin/sh
# a malformed line stops the run: the lines before it are printed, the message names FILE:LINE:, exit 1
cat > in.ndjson <<'EOF'
{"id":1,"text":"Un."}
{"id":2,"text":"Deux."
{"id":3,"text":"Trois."}
EOF
"$DEPECHE" analyze --no-models in.ndjson
