#!/bin/sh
# NDJSON --tokens: offsets refer to the unescaped text; lone surrogates become U+FFFD
cat > in.ndjson <<'EOF'
{"id":"e","text":"caf\u00e9 \"noir\"\nFin \ud800."}
EOF
"$DEPECHE" analyze --no-models --tokens in.ndjson
