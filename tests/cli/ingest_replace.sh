#!/bin/sh
# re-ingesting an id replaces the article; within one input the later line wins
printf '%s\n' '{"id":"x","text":"Première version du texte."}' '{"id":"y","text":"Un autre article."}' > one.ndjson
printf '%s\n' '{"id":"x","text":"Deuxième version."}' '{"id":"x","text":"Troisième version, la bonne."}' > two.ndjson
"$DEPECHE" ingest --db a.db one.ndjson 2>&1 | sed 's/, [0-9.]* s$/, T s/'
"$DEPECHE" ingest --db a.db two.ndjson 2>&1 | sed 's/, [0-9.]* s$/, T s/'
"$DEPECHE" check --db a.db | grep -E '^(articles|verdict) '
