#!/bin/sh
# plain text files: one article each, the file name as id (twice: replaced)
printf 'Le président Emmanuel Macron était à Lyon mardi.\n' > art.txt
"$DEPECHE" ingest --quiet --db a.db art.txt art.txt || exit $?
"$DEPECHE" check --db a.db | grep -E '^(articles|verdict) '
