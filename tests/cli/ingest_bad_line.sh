#!/bin/sh
# a malformed NDJSON line is reported with its line number: exit 1; --skip-bad goes on
printf '%s\n' '{"id":"a","text":"Un."}' '{"id": oops}' '{"id":"c","text":"Trois."}' > in.ndjson
"$DEPECHE" ingest --quiet --db a.db in.ndjson
echo "status $?"
"$DEPECHE" ingest --quiet --skip-bad --db b.db in.ndjson
echo "status $?"
"$DEPECHE" check --db b.db | grep -E '^(articles|verdict) '
