#!/bin/sh
# a person known first by a surname alone ("Mme Plante"), named in full in a later article:
# one archive entity with both names and both quotes
printf '%s\n' \
  '{"id":"a1","published":"2020-09-10","text":"Mme Plante a annoncé vendredi que 3 000 logements seraient construits."}' \
  '{"id":"a2","published":"2020-09-11","text":"La mairesse de Montréal, Valérie Plante, a déclaré jeudi : « Nous allons investir 100 millions de dollars. »"}' > in.ndjson
"$DEPECHE" ingest --quiet --db a.db in.ndjson || exit $?
"$DEPECHE" entity --db a.db Plante || exit $?
"$DEPECHE" check --db a.db | grep -E '^(integrity|foreign_keys|verdict) '
