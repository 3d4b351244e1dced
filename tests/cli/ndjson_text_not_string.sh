#!/bin/sh
# "text" must be a string
printf '{"id":1,"text":["Un."]}\n' > in.ndjson
"$DEPECHE" analyze --no-models in.ndjson
