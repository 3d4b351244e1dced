#!/bin/sh
# --published applies to lines without their own "published"; a line's own date wins
cat > in.ndjson <<'EOF'
{"id":1,"text":"Un."}
{"id":2,"text":"Deux.","published":"2021-01-02"}
EOF
"$DEPECHE" analyze --no-models --published 2020-09-11 in.ndjson
