#!/bin/sh
# NDJSON: one document per line, in order, echoing string and number ids
cat > in.ndjson <<'EOF'
{"id":"a","text":"Un."}
{"id":2,"text":"Deux. Trois."}
{"text":"Sans id."}
{"id":"d","title":"Titre","url":"https://x.fr/4","source":"AFP","published":"2020-09-11","text":"Quatre."}
EOF
"$DEPECHE" analyze --no-models in.ndjson
