#!/bin/sh
# --strict-utf8 also rejects invalid UTF-8 inside an NDJSON line: exit 1, a message naming FILE:LINE:
printf '{"id":1,"text":"Un."}\n{"id":2,"text":"Le pr\351sident."}\n' > in.ndjson
"$DEPECHE" analyze --no-models --strict-utf8 in.ndjson 2> err.txt
rc=$?
grep -q '^depeche: in.ndjson:2: ' err.txt && echo "stderr names in.ndjson:2:"
exit $rc
