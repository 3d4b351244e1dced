#!/bin/sh
# "published" must be a string date (or null)
printf '{"id":1,"text":"Un.","published":20200911}\n' > in.ndjson
"$DEPECHE" analyze --no-models in.ndjson
