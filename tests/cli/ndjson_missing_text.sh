#!/bin/sh
# a line without "text" is an error with its line number
cat > in.ndjson <<'EOF'
{"id":1,"text":"Un."}
{"id":2,"title":"Sans texte"}
EOF
"$DEPECHE" analyze --no-models in.ndjson
