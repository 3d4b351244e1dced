#!/bin/sh
# --ndjson reads NDJSON whatever the file name
printf '{"id":1,"text":"Un."}\n{"id":2,"text":"Deux."}\n' > in.txt
"$DEPECHE" analyze --no-models --ndjson in.txt
