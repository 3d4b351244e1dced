#!/bin/sh
# ingest without --db: a usage error
echo '{"id":"a","text":"Bonjour."}' | "$DEPECHE" ingest --ndjson -
