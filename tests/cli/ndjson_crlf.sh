#!/bin/sh
# NDJSON with CRLF line ends and no final newline
printf '{"id":1,"text":"Un."}\r\n{"id":2,"text":"Deux."}' > in.ndjson
"$DEPECHE" analyze --no-models in.ndjson
