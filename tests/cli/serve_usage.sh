#!/bin/sh
# depeche serve: usage errors (no --db, bad values, ingest without a token, a
# listening address that is not numeric) exit 2; an archive that is not one exits 1
"$DEPECHE" serve; echo "exit $?"
"$DEPECHE" serve --db x.db --threads 0; echo "exit $?"
"$DEPECHE" serve --db x.db --max-body abc; echo "exit $?"
"$DEPECHE" serve --db x.db --bogus; echo "exit $?"
DEPECHE_TOKEN= "$DEPECHE" serve --db x.db --allow-ingest; echo "exit $?"
"$DEPECHE" serve --db x.db --token-file t; echo "exit $?"
printf 'not an archive' > notdb.db
"$DEPECHE" serve --db notdb.db --listen example.com:80; echo "exit $?"
"$DEPECHE" serve --db notdb.db --listen 127.0.0.1:99999; echo "exit $?"
"$DEPECHE" serve --db notdb.db --listen 127.0.0.1:0; echo "exit $?"
rm -f notdb.db
