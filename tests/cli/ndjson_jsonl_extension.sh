#!/bin/sh
# a .jsonl file is read as NDJSON
printf '{"id":1,"text":"Un."}\n{"id":2,"text":"Deux."}\n' > in.jsonl
"$DEPECHE" analyze --no-models in.jsonl
