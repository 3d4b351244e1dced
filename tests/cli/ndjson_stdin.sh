#!/bin/sh
# --ndjson with stdin
printf '{"id":1,"text":"Un."}\n{"id":2,"text":"Deux."}\n' | "$DEPECHE" analyze --no-models --ndjson -
