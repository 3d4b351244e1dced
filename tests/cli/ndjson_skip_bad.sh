#!/bin/sh
# --skip-bad reports each bad line with FILE:LINE: and goes on; exit 0
cat > in.ndjson <<'EOF'
{"id":1,"text":"Un."}
{"id":2,"text":"Deux."
not json at all
{"id":4,"text":"Quatre."}
{"id":5}
{"id":6,"text":"Six."}
EOF
"$DEPECHE" analyze --no-models --skip-bad in.ndjson
