#!/bin/sh
# ingest two articles, then check: counts and verdict (model-independent lines)
printf '%s\n' \
  '{"id":"a1","published":"2020-09-10","title":"Montréal","text":"Valérie Plante, mairesse de Montréal, a déclaré jeudi : « Nous allons investir 100 millions de dollars. »"}' \
  '{"id":"a2","published":"2020-09-11","text":"Mme Plante a annoncé vendredi que 3 000 logements seraient construits."}' > in.ndjson
"$DEPECHE" ingest --quiet --db a.db in.ndjson || exit $?
"$DEPECHE" check --db a.db | grep -E '^(schema|articles|duplicates|lsh|integrity|foreign_keys|articles_fts|quotes_fts|verdict) '
