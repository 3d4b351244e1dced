#!/bin/sh
# queries: a name that is nobody (exit 1), usage errors (exit 2), a file that is no archive (exit 1)
printf '%s\n' '{"id":"a","text":"Un texte sans nom propre."}' > in.ndjson
"$DEPECHE" ingest --quiet --no-models --db a.db in.ndjson || exit $?
"$DEPECHE" entity --db a.db "Personne" ; echo "exit $?"
"$DEPECHE" quotes --db a.db --speaker "Personne" ; echo "exit $?"
"$DEPECHE" search --db a.db ; echo "exit $?"
"$DEPECHE" stories --db a.db --since hier ; echo "exit $?"
"$DEPECHE" timeline --db a.db --by month X ; echo "exit $?"
"$DEPECHE" search a.db texte ; echo "exit $?"
printf 'not a database' > junk.db
"$DEPECHE" search --db junk.db texte ; echo "exit $?"
"$DEPECHE" search --db a.db 'texte AND (' ; echo "exit $?"
