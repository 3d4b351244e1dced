#!/bin/sh
# files that are not archives: a clear error, exit 1, the file untouched
printf 'Ceci est un fichier texte.\n' > text.db
cp text.db text.orig
python3 -c "import random; r = random.Random(1); open('junk.db','wb').write(bytes(r.randrange(256) for _ in range(4096)))"
cp junk.db junk.orig
python3 -c "
import sqlite3
c = sqlite3.connect('foreign.db'); c.execute('create table t(x)'); c.execute('insert into t values (1)'); c.commit(); c.close()
c = sqlite3.connect('newer.db'); c.execute('pragma application_id = 1146110792'); c.execute('pragma user_version = 99'); c.execute('create table articles(id)'); c.commit(); c.close()
c = sqlite3.connect('badpages.db'); c.execute('create table t(x)'); c.commit(); c.close()
d = bytearray(open('badpages.db','rb').read()); d[100:] = b'\xff' * (len(d) - 100); open('badpages.db','wb').write(bytes(d))
"
for f in foreign newer badpages; do cp $f.db $f.orig; done
echo '{"id":"a","text":"Bonjour."}' > in.ndjson
for f in text junk foreign newer badpages; do
  "$DEPECHE" ingest --quiet --db $f.db in.ndjson; echo "ingest $f: $?"
  "$DEPECHE" check --db $f.db; echo "check $f: $?"
  cmp -s $f.db $f.orig && echo "$f unchanged"
  ls $f.db-wal $f.db-shm 2>/dev/null
done
"$DEPECHE" check --db missing.db; echo "check missing: $?"
ls missing.db 2>/dev/null
true
