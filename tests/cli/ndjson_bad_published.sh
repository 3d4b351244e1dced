#!/bin/sh
# a line whose "published" is not a date is an error with its line number
cat > in.ndjson <<'EOF'
{"id":1,"text":"Un.","published":"2020-09-11"}
{"id":2,"text":"Deux.","published":"2020-13-01"}
EOF
"$DEPECHE" analyze --no-models in.ndjson
