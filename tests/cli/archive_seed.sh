#!/bin/sh
# an archive holding the seed (shipped models): who said "Ce sera une visite de travail",
# Peskov's card with his role, a search, the story, a timeline; then as JSON
"$DEPECHE" ingest --quiet --db a.db "$CLI_DIR/../../examples/seed.json" || exit $?
"$DEPECHE" quotes --db a.db --speaker "Dmitri Peskov" || exit $?
"$DEPECHE" entity --db a.db "Dmitri Peskov" || exit $?
"$DEPECHE" entity --db a.db peskov | head -2 || exit $?
"$DEPECHE" search --db a.db "visite de travail" || exit $?
"$DEPECHE" search --db a.db --from 2020-09-12 "visite" || exit $?
"$DEPECHE" stories --db a.db || exit $?
"$DEPECHE" timeline --db a.db Loukachenko || exit $?
"$DEPECHE" quotes --db a.db --about "réponse" --json || exit $?
"$DEPECHE" entity --db a.db --json "Dmitri Mezentsev"
