-- schema.sql — the archive's schema, version 2 (PRAGMA user_version = 2).
-- Documented in docs/store.md. Embedded in the library at build time
-- (cmake/embed.cmake -> dp_schema_sql) and applied by src/store/store.c to a
-- new file, which also sets PRAGMA application_id and user_version; the
-- migrations from version N to N+1 live in store.c. This file is always the
-- latest full schema. Pragmas (WAL, foreign_keys...) are set per connection.
-- Offsets are byte offsets into articles.text (the input as given).

-- One row per ingested article. ext_id is the caller's "id" (or the file
-- name for plain text); re-ingesting an ext_id replaces the row.
CREATE TABLE articles (
  id          INTEGER PRIMARY KEY,
  ext_id      TEXT NOT NULL UNIQUE,
  title       TEXT,
  text        TEXT NOT NULL,
  published   TEXT,                 -- YYYY-MM-DD, YYYY-MM, YYYY or NULL
  day         INTEGER,              -- days since 1970-01-01 of published (NULL when unknown or partial)
  url         TEXT,
  source      TEXT,
  words       INTEGER NOT NULL,
  canonical   INTEGER REFERENCES articles(id) ON DELETE SET NULL, -- NULL: an original; else the article it copies
  similarity  REAL,                 -- estimated Jaccard with the canonical article
  story       INTEGER REFERENCES stories(id) ON DELETE SET NULL,
  minhash     BLOB,                 -- 64 x uint32 little-endian signature (near-duplicates)
  ingested    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_canonical ON articles(canonical);
CREATE INDEX articles_story ON articles(story);
CREATE INDEX articles_source ON articles(source);

-- Full-text search over title and text (external content: articles).
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content='articles', content_rowid='id',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- LSH buckets of the MinHash signatures: DP_LSH_BANDS (32) bands of 2 rows (docs/dedup.md).
-- Keyed by (bucket, article), without rowid: one B-tree takes the random inserts (version 2;
-- version 1 had a rowid table and an index on bucket).
CREATE TABLE lsh (
  bucket   INTEGER NOT NULL,          -- band index and band hash mixed into 64 bits
  article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (bucket, article)
) WITHOUT ROWID;
CREATE INDEX lsh_article ON lsh(article);

-- Archive-wide entities: one per real-world referent across articles.
CREATE TABLE entities (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL,           -- the fullest name seen
  type      TEXT NOT NULL,           -- PER, ORG, LOC (the most frequent)
  key       TEXT NOT NULL UNIQUE,    -- lookup key: type + ':' + folded name ("PER:valerie plante")
  surname   TEXT,                    -- PER with two words or more: the folded last word ("plante")
  articles  INTEGER NOT NULL DEFAULT 0,
  first_day INTEGER,
  last_day  INTEGER
);
CREATE INDEX entities_surname ON entities(surname) WHERE surname IS NOT NULL;
-- Every name variant that resolved to an entity ("Valérie Plante", "Plante").
CREATE TABLE entity_names (
  entity  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  folded  TEXT NOT NULL,             -- lower case, no accents: lookup by name
  count   INTEGER NOT NULL DEFAULT 0, -- articles that give the entity this name
  PRIMARY KEY (entity, name)
);
CREATE INDEX entity_names_folded ON entity_names(folded);

-- An entity's presence in an article: one row per (article, entity).
CREATE TABLE article_entities (
  article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  entity   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  local_id INTEGER NOT NULL,         -- the entity's id in the article's analysis
  name     TEXT NOT NULL,            -- its name in that article
  mentions INTEGER NOT NULL,
  PRIMARY KEY (article, entity)
);
CREATE INDEX article_entities_entity ON article_entities(entity);

CREATE TABLE mentions (
  article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  entity   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  start    INTEGER NOT NULL,
  end      INTEGER NOT NULL,
  text     TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_entity ON mentions(entity);

CREATE TABLE roles (
  article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  entity   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  role     TEXT NOT NULL
);
CREATE INDEX roles_entity ON roles(entity);
CREATE INDEX roles_article ON roles(article);

CREATE TABLE quotes (
  id           INTEGER PRIMARY KEY,
  article      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start        INTEGER NOT NULL,
  end          INTEGER NOT NULL,
  text         TEXT NOT NULL,
  kind         TEXT NOT NULL,         -- direct, indirect
  speaker      INTEGER REFERENCES entities(id) ON DELETE SET NULL,
  speaker_text TEXT
);
CREATE INDEX quotes_article ON quotes(article);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
  text, content='quotes', content_rowid='id', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE dates (
  article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start    INTEGER NOT NULL,
  end      INTEGER NOT NULL,
  text     TEXT NOT NULL,
  value    TEXT                       -- YYYY-MM-DD, YYYY-MM, YYYY or NULL
);
CREATE INDEX dates_article ON dates(article);

CREATE TABLE quantities (
  article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start    INTEGER NOT NULL,
  end      INTEGER NOT NULL,
  text     TEXT NOT NULL,
  value    REAL NOT NULL,
  unit     TEXT,
  kind     TEXT NOT NULL
);
CREATE INDEX quantities_article ON quantities(article);

-- Stories: articles about one event followed over days (online clustering).
CREATE TABLE stories (
  id         INTEGER PRIMARY KEY,
  label      TEXT NOT NULL,           -- top entities and keywords
  first_day  INTEGER,
  last_day   INTEGER,
  articles   INTEGER NOT NULL DEFAULT 0,
  profile    BLOB                     -- the clustering's centroid (stories.c)
);
CREATE INDEX stories_last_day ON stories(last_day);

-- Document frequencies of terms, for TF-IDF (stories).
CREATE TABLE terms (
  term  TEXT PRIMARY KEY,
  df    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;

-- ---- stories.c: the clustering's posting lists (docs/stories.md) -----------
-- Every dated story is posted under its top entities (key = entity id > 0)
-- and top terms (key = 64-bit hash of the folded term with the top bit set,
-- so < 0), with its current last_day: an article finds its candidate stories
-- by key within a time window through this one index. Rewritten by
-- dp_story_assign whenever the story changes; the story's counters live in
-- stories, its centroid in stories.profile, the article count N of the
-- TF-IDF in meta('stories.docs').
CREATE TABLE story_keys (
  key    INTEGER NOT NULL,
  day    INTEGER NOT NULL,           -- the story's last_day
  story  INTEGER NOT NULL,           -- stories.id (no foreign key: rows of a deleted story are skipped)
  PRIMARY KEY (key, day, story)
) WITHOUT ROWID;
