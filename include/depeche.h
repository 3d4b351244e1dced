/*
 * depeche.h — the public API of libdepeche, a news-intelligence engine.
 *
 * depeche reads news text (French first) and recovers the system of actors it
 * describes. This header is the manual: every function says what it does, who
 * owns what it returns, how long borrowed pointers live, and what it does on
 * bad input. The library never prints and never aborts on input; it returns a
 * dp_status (0 for success, negative for an error) or NULL plus a dp_error.
 *
 * Thread safety: distinct dp_doc objects may be used from distinct threads at
 * once. A single dp_doc is not safe for concurrent use. Functions that take no
 * object (dp_version, dp_strerror, dp_date_parse) are thread-safe.
 *
 * Offsets: every offset the library reports is a byte offset into the input
 * exactly as the caller gave it (start inclusive, end exclusive), whatever
 * normalisation (BOM skipping, U+FFFD repair, CRLF folding, NFC) happened
 * inside. Text that the library hands back (token text, for instance) is the
 * normalised, always-valid UTF-8 form.
 */
#ifndef DEPECHE_H
#define DEPECHE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DP_STATIC_DEFINE)
#define DP_EXPORT
#elif defined(__GNUC__) || defined(__clang__)
#define DP_EXPORT __attribute__((visibility("default")))
#else
#define DP_EXPORT
#endif

/* ## Version */

#define DP_VERSION_MAJOR 0
#define DP_VERSION_MINOR 1
#define DP_VERSION_PATCH 0
#define DP_VERSION_STRING "0.1.0"
/** Version as a single number: major * 10000 + minor * 100 + patch. */
#define DP_VERSION (DP_VERSION_MAJOR * 10000 + DP_VERSION_MINOR * 100 + DP_VERSION_PATCH)

/** The version of the library actually linked, as DP_VERSION. */
DP_EXPORT int dp_version(void);
/** The version of the library actually linked, as "MAJOR.MINOR.PATCH". Static storage. */
DP_EXPORT const char *dp_version_string(void);

/* ## Errors */

typedef enum dp_status {
    DP_OK = 0,
    DP_ERR_NOMEM = -1,    /**< an allocation failed */
    DP_ERR_ARG = -2,      /**< a NULL or otherwise invalid argument */
    DP_ERR_UTF8 = -3,     /**< invalid UTF-8 under DP_OPT_STRICT_UTF8 (offset = first bad byte) */
    DP_ERR_JSON = -4,     /**< malformed JSON (offset = byte where parsing stopped) */
    DP_ERR_DATE = -5,     /**< a date that is not a valid YYYY-MM-DD */
    DP_ERR_TOO_LARGE = -6,/**< input beyond DP_MAX_INPUT */
    DP_ERR_STATE = -7,    /**< call out of order (e.g. reading a doc never finished) */
    DP_ERR_FIELD = -8,    /**< a JSON article lacks a required field or has one of the wrong type */
    DP_ERR_MODEL = -9,    /**< a model file that is missing, truncated, corrupted or of another version */
    DP_ERR_IO = -10,      /**< a file could not be read or written (errno tells more) */
    DP_ERR_STORE = -11,   /**< an archive that is not one, is corrupt or newer, or a database failure (depeche_store.h) */
    DP_ERR_NOT_FOUND = -12 /**< what was asked for is not in the archive (an entity name) */
} dp_status;

/** Where and why a call failed. `message` is a constant string (never freed);
 * `offset` is a byte offset into the input concerned, or 0 when none applies. */
typedef struct dp_error {
    dp_status code;
    const char *message;
    size_t offset;
} dp_error;

/** A constant English description of a status code. Never NULL. */
DP_EXPORT const char *dp_strerror(dp_status code);

/* ## Limits */

/** Largest input accepted, in bytes: offsets are 32-bit inside (4 GiB) and
 * a document's working memory is a small multiple of its size. */
#define DP_MAX_INPUT ((size_t)1 << 31)

/* ## Memory */

/** An allocator with a context pointer. All three functions are required.
 * realloc(ctx, NULL, n) must behave as malloc; free(ctx, NULL) must be a no-op. */
typedef struct dp_alloc {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} dp_alloc;

/** Frees memory that the library returned to the caller (dp_analyze_json). Accepts NULL. */
DP_EXPORT void dp_free(void *ptr);

/* ## Options (one bit-flag word; 0 is the strict, safe default) */

#define DP_OPT_DEFAULT 0u
/** Reject invalid UTF-8 and NUL bytes with DP_ERR_UTF8 instead of repairing them to U+FFFD. */
#define DP_OPT_STRICT_UTF8 (1u << 0)
/** Skip NFC normalisation (text is still validated and CR/LF folded). */
#define DP_OPT_NO_NFC (1u << 1)
/** Skip the facts layer (entities merged, roles, quotes, dates, quantities): tokens,
 * sentences and tags only, for callers that need no more (tokenizer benchmarks, UD scoring). */
#define DP_OPT_NO_FACTS (1u << 2)
/** Rendering: include the `tokens` array in the JSON document. */
#define DP_OPT_TOKENS (1u << 8)
/** Rendering: indent the JSON document for people (default is one line). */
#define DP_OPT_PRETTY (1u << 9)

/* ## Dates */

/** A calendar date; month 1..12, day 1..31; all zero means "no date". */
typedef struct dp_date {
    int16_t year;
    int8_t month;
    int8_t day;
} dp_date;

/** Parses exactly "YYYY-MM-DD" (year 1000..9999, a day that exists in that
 * month, leap years included) from `s` of `len` bytes. DP_ERR_DATE otherwise. */
DP_EXPORT dp_status dp_date_parse(const char *s, size_t len, dp_date *out);

/* ## Tokens and sentences */

/** What a token is. */
typedef enum dp_token_kind {
    DP_TOK_WORD = 0,   /**< letters (with internal hyphens, apostrophes, dots) */
    DP_TOK_NUMBER,     /**< digits with separators: 100.000, 100 000, 1,5, -0,8 (ordinals such as 66e are words) */
    DP_TOK_PUNCT,      /**< punctuation: . , ; « » " … -- */
    DP_TOK_SYMBOL,     /**< symbols: % € $ + = emoji */
    DP_TOK_ABBREV,     /**< abbreviation or initial keeping its dot: M. Mme Dr. J.-M. etc. */
    DP_TOK_URL,        /**< http(s)://… or www.… */
    DP_TOK_EMAIL,      /**< local@domain */
    DP_TOK_HASHTAG,    /**< #mot */
    DP_TOK_MENTION     /**< @compte */
} dp_token_kind;

/* Token flags: what stood before the token in the text. */
#define DP_TF_SPACE_BEFORE 0x01u   /**< white space precedes the token */
#define DP_TF_NEWLINE_BEFORE 0x02u /**< a line break precedes the token */
#define DP_TF_PARA_BEFORE 0x04u    /**< a blank line (paragraph break) precedes the token */
#define DP_TF_ELISION 0x08u        /**< the token is an elided form ending in an apostrophe: l' qu' */
#define DP_TF_CLITIC 0x10u         /**< the token is a hyphenated clitic: -il -t-elle -moi */
#define DP_TF_QUOTE_OPEN 0x20u     /**< a quotation mark that opens: « “ or a " judged opening */
#define DP_TF_QUOTE_CLOSE 0x40u    /**< a quotation mark that closes: » ” or a " judged closing */

/** Universal Dependencies part-of-speech tags; DP_UPOS_NONE when untagged. */
typedef enum dp_upos {
    DP_UPOS_NONE = 0,
    DP_UPOS_ADJ, DP_UPOS_ADP, DP_UPOS_ADV, DP_UPOS_AUX, DP_UPOS_CCONJ, DP_UPOS_DET, DP_UPOS_INTJ,
    DP_UPOS_NOUN, DP_UPOS_NUM, DP_UPOS_PART, DP_UPOS_PRON, DP_UPOS_PROPN, DP_UPOS_PUNCT,
    DP_UPOS_SCONJ, DP_UPOS_SYM, DP_UPOS_VERB, DP_UPOS_X,
    DP_UPOS_COUNT
} dp_upos;

/** "NOUN", "VERB", ... for a dp_upos; NULL for DP_UPOS_NONE or out of range. Static storage. */
DP_EXPORT const char *dp_upos_name(int upos);

/** One word of a multiword token ("du" = "de" + "le"). Static storage. */
typedef struct dp_word {
    const char *text;
    const char *lemma; /**< its lemma ("les" -> "le") */
} dp_word;

/** A surface token. `start`/`end` are offsets into the caller's input;
 * `nstart`/`nend` into the normalised text (dp_doc_text). Tagging (when the
 * doc has models) fills `upos`, `part_upos` (one per word of a multiword
 * token; "du" = ADP + DET) and the lemma (dp_doc_lemma). */
typedef struct dp_token {
    uint32_t start, end;
    uint32_t nstart, nend;
    uint8_t kind;     /**< dp_token_kind */
    uint8_t flags;    /**< DP_TF_* */
    uint8_t nparts;   /**< 0 for a plain token, else the number of words (2 for "du") */
    uint8_t upos;     /**< dp_upos of a plain token; DP_UPOS_NONE when untagged or multiword */
    uint8_t part_upos[3]; /**< dp_upos of each word of a multiword token */
    uint8_t pad_;
    const dp_word *parts; /**< nparts words, static storage; NULL when nparts == 0 */
    uint32_t lemma_off, lemma_len; /**< the lemma, in the doc's lemma text (dp_doc_lemma) */
} dp_token;

/** A sentence: offsets into the caller's input, and its tokens
 * [first_token, first_token + ntokens). */
typedef struct dp_sentence {
    uint32_t start, end;
    uint32_t first_token, ntokens;
} dp_sentence;

/* ## Documents
 *
 * A dp_doc holds one article and its analysis. It is a reusable context: after
 * dp_doc_reset it can take the next article, keeping the memory it grew (so a
 * stream of articles costs no allocation once the largest was seen).
 *
 * Two ways to give it text, with the same result for any chunking:
 *   dp_doc_feed(doc, chunk…) as many times as needed, then dp_doc_finish(doc);
 *   or dp_doc_analyze(doc, text, len), which borrows `text` (no copy) until
 *   the next reset/free of the doc.
 */
typedef struct dp_doc dp_doc;

/** A new empty document context using malloc. NULL when out of memory. */
DP_EXPORT dp_doc *dp_doc_new(void);
/** The same with a caller's allocator (copied; it must outlive the doc). */
DP_EXPORT dp_doc *dp_doc_new_with_mem(const dp_alloc *alc);
/** Frees the doc and everything it points to. Accepts NULL. */
DP_EXPORT void dp_doc_free(dp_doc *doc);
/** Forgets the article (text, metadata, analysis), keeping the memory for the next one. */
DP_EXPORT void dp_doc_reset(dp_doc *doc);

/** The publication date, if the doc has one: 1 and *out set, else 0. */
DP_EXPORT int dp_doc_published(const dp_doc *doc, dp_date *out);

/** Sets the publication date used to resolve relative dates ("YYYY-MM-DD").
 * NULL or len 0 clears it. DP_ERR_DATE leaves the previous value. Copied. */
DP_EXPORT dp_status dp_doc_set_published(dp_doc *doc, const char *s, size_t len);
/** Sets a metadata string echoed in the analysis: key is one of "id", "title",
 * "url", "source". Copied; invalid UTF-8 is repaired to U+FFFD. */
DP_EXPORT dp_status dp_doc_set_meta(dp_doc *doc, const char *key, const char *value, size_t len);

/** Appends a chunk of input text (copied). DP_ERR_TOO_LARGE past DP_MAX_INPUT. */
DP_EXPORT dp_status dp_doc_feed(dp_doc *doc, const char *text, size_t len);
/** Analyses everything fed so far. `opts` is DP_OPT_*; `err` may be NULL. */
DP_EXPORT dp_status dp_doc_finish(dp_doc *doc, unsigned opts, dp_error *err);
/** One call: analyses `text` without copying it; `text` must stay valid and
 * unchanged until the doc is reset or freed. Resets the doc's previous text
 * but keeps metadata set before the call. */
DP_EXPORT dp_status dp_doc_analyze(dp_doc *doc, const char *text, size_t len, unsigned opts,
                                   dp_error *err);

/** Reads one article given as a JSON object (one NDJSON line):
 * "text" (string, required); "id" (string or number), "published"
 * ("YYYY-MM-DD" or null), "title", "url", "source" (strings or null) are
 * optional; other members are ignored. The text is unescaped into the doc
 * (offsets then refer to the unescaped UTF-8 text; a lone surrogate escape
 * becomes U+FFFD). Then call dp_doc_finish. On error, `err->offset` is the
 * byte of `json` where reading stopped. Depth of nested values is limited to
 * DP_JSON_MAX_DEPTH (DP_ERR_JSON past it). */
#define DP_JSON_MAX_DEPTH 64
DP_EXPORT dp_status dp_doc_read_json(dp_doc *doc, const char *json, size_t len, dp_error *err);

/** The normalised text (valid UTF-8, NFC, LF line breaks, the leading BOM removed), NUL-terminated;
 * `len` may be NULL. Lives until the doc is reset or freed. NULL before finish. */
DP_EXPORT const char *dp_doc_text(const dp_doc *doc, size_t *len);
/** Maps an offset of the normalised text back to the caller's input. */
DP_EXPORT size_t dp_doc_orig_offset(const dp_doc *doc, size_t norm_offset);
/** Token array, valid until reset/free. `n` receives the count. */
DP_EXPORT const dp_token *dp_doc_tokens(const dp_doc *doc, size_t *n);
/** Sentence array, valid until reset/free. `n` receives the count. */
DP_EXPORT const dp_sentence *dp_doc_sentences(const dp_doc *doc, size_t *n);

/** The lemma of token `t` of this doc (valid UTF-8, not NUL-terminated), its
 * length in *len; "" when untagged. Lives until reset/free. For a multiword
 * token, the lemmas of its words are their texts (dp_word.text). */
DP_EXPORT const char *dp_doc_lemma(const dp_doc *doc, const dp_token *t, size_t *len);

/* ## Named entities */

/** Entity types of mentions. */
typedef enum dp_ent_type { DP_ENT_NONE = 0, DP_ENT_PER, DP_ENT_LOC, DP_ENT_ORG, DP_ENT_COUNT } dp_ent_type;
/** "PER", "LOC", "ORG"; NULL otherwise. Static storage. */
DP_EXPORT const char *dp_ent_name(int type);

/** A named-entity mention found by the entity tagger: input offsets, the
 * normalised-text offsets, and its tokens [first_token, first_token + ntokens). */
typedef struct dp_mention {
    uint32_t start, end;
    uint32_t nstart, nend;
    uint32_t first_token, ntokens;
    uint8_t type; /**< dp_ent_type */
    uint8_t pad_[3];
    int32_t entity; /**< index in dp_doc_entities once the facts layer ran, else -1 */
} dp_mention;

/** Mentions in text order, valid until reset/free; empty without an entity model. */
DP_EXPORT const dp_mention *dp_doc_mentions(const dp_doc *doc, size_t *n);

/* ## Facts: entities, roles, quotes, dates, quantities (docs/facts.md)
 *
 * Filled by dp_doc_finish after tagging. Every span carries offsets into the
 * caller's input (start, end) and into the normalised text (nstart, nend).
 * Arrays are valid until the doc is reset or freed. */

/** A span of the article; start == end means "none". */
typedef struct dp_span {
    uint32_t start, end;   /**< input offsets */
    uint32_t nstart, nend; /**< normalised-text offsets (dp_doc_text) */
} dp_span;

/** One real-world referent of the article: its mentions merged. */
typedef struct dp_entity {
    dp_span name;              /**< the fullest form the article gives, title excluded */
    uint8_t type;              /**< dp_ent_type, decided over all mentions */
    uint8_t gender;            /**< 0 unknown, 'm' or 'f' (people) */
    uint8_t pad_[2];
    uint32_t first_mention;    /**< its mentions: dp_doc_entity_mentions()[first_mention ..] */
    uint32_t nmentions;
    uint32_t first_role, nroles; /**< its roles: dp_doc_roles()[first_role ..] */
} dp_entity;

/** A role (function) the article gives a person: "porte-parole du Kremlin". */
typedef struct dp_role {
    dp_span span;    /**< the role phrase without its leading article */
    uint32_t entity; /**< index in dp_doc_entities */
} dp_role;

typedef enum dp_quote_kind { DP_QUOTE_DIRECT = 0, DP_QUOTE_INDIRECT = 1 } dp_quote_kind;

/** A quotation: the words said (without the marks) and who said them. */
typedef struct dp_quote {
    dp_span span;
    uint8_t kind;        /**< dp_quote_kind */
    uint8_t pad_[3];
    int32_t speaker;     /**< index in dp_doc_entities, or -1 when no named entity */
    dp_span speaker_span;/**< the words naming the speaker in the text; empty when unknown */
} dp_quote;

/** Precision of a resolved date value. */
typedef enum dp_date_prec { DP_PREC_NONE = 0, DP_PREC_YEAR, DP_PREC_MONTH, DP_PREC_DAY } dp_date_prec;

/** A temporal expression and its calendar value ("jeudi" -> 2020-09-10). */
typedef struct dp_datex {
    dp_span span;
    dp_date value;  /**< meaningful up to `prec` */
    uint8_t prec;   /**< dp_date_prec; DP_PREC_NONE: value null (vague or no reference date) */
    uint8_t relative; /**< resolved against the publication date */
    uint8_t pad_[2];
    uint32_t group;   /**< index of the first date of the article with the same text and value (itself if first) */
} dp_datex;

/** A quantity: a number with what it counts ("100.000 personnes" -> 100000, "personnes"). */
typedef struct dp_quantity {
    dp_span span;
    double value;
    const char *unit;  /**< the counted noun, currency ("euros", "dollars") or "%"; not NUL-terminated */
    uint32_t unit_len; /**< 0 when nothing is counted */
    uint8_t kind;      /**< dp_qty_kind */
    uint8_t pad_[3];
    uint32_t group;    /**< index of the first quantity with the same text and value (itself if first) */
} dp_quantity;

typedef enum dp_qty_kind { DP_QTY_COUNT = 0, DP_QTY_MONEY, DP_QTY_PERCENT, DP_QTY_MEASURE } dp_qty_kind;

DP_EXPORT const dp_entity *dp_doc_entities(const dp_doc *doc, size_t *n);
/** Mention indices (into dp_doc_mentions) grouped by entity. */
DP_EXPORT const uint32_t *dp_doc_entity_mentions(const dp_doc *doc, size_t *n);
DP_EXPORT const dp_role *dp_doc_roles(const dp_doc *doc, size_t *n);
DP_EXPORT const dp_quote *dp_doc_quotes(const dp_doc *doc, size_t *n);
DP_EXPORT const dp_datex *dp_doc_dates(const dp_doc *doc, size_t *n);
DP_EXPORT const dp_quantity *dp_doc_quantities(const dp_doc *doc, size_t *n);

/* ## Models
 *
 * Statistical models (part of speech + lemmas, named entities) live in files
 * made by depeche's trainer (docs/model-format.md): mmap-ed, validated on
 * load, read-only, shared by any number of docs and threads.
 */
typedef struct dp_models dp_models;

/** Loads the models of a directory: `pos.dpm` (part of speech, lemmas,
 * lexicon) and `ner.dpm` (entities); a missing file leaves that layer off.
 * NULL with `err` set when a present file is invalid (DP_ERR_MODEL) or when
 * the directory holds neither (DP_ERR_MODEL). */
DP_EXPORT dp_models *dp_models_load(const char *dir, dp_error *err);
/** Loads one model file (either kind) into `m` (created when *m is NULL). */
DP_EXPORT dp_status dp_models_add_file(dp_models **m, const char *path, dp_error *err);
/** Unmaps and frees. Accepts NULL. The docs using it must not be used after. */
DP_EXPORT void dp_models_free(dp_models *m);
/** Has this set a part-of-speech model? An entity model? */
DP_EXPORT int dp_models_has_pos(const dp_models *m);
DP_EXPORT int dp_models_has_ner(const dp_models *m);
/** The directory depeche looks in when none is given: $DEPECHE_MODELS, else
 * the models/fr folder next to the build (DP_MODELS_DIR at build time). */
DP_EXPORT const char *dp_models_default_dir(void);

/** Makes dp_doc_finish tag the doc with `m` (borrowed; NULL to stop tagging). */
DP_EXPORT dp_status dp_doc_set_models(dp_doc *doc, const dp_models *m);

/** Tags one pre-tokenized sentence (token texts, any bytes: invalid UTF-8 is
 * repaired) with the entity model, after the part-of-speech model when the
 * set has one. *tags receives n IOB2 labels ("B-PER", "O"...; model storage,
 * valid while `m` lives); `doc` lends its working memory (its analysis is
 * reset). At most 1000 tokens: a longer sentence is DP_ERR_TOO_LARGE. */
DP_EXPORT dp_status dp_tag_tokens(const dp_models *m, dp_doc *doc, const char *const *toks, const size_t *lens,
                                  size_t n, const char *const **tags, dp_error *err);

/* ## Training (depeche's own trainer; see docs/tagger.md) */

typedef enum dp_train_task { DP_TRAIN_POS = 1, DP_TRAIN_NER = 2 } dp_train_task;

/** Settings of a training run; zero means "the default" for every number. */
typedef struct dp_train_opts {
    dp_train_task task;
    const char *const *train;  /**< NULL-terminated training files: CoNLL-U (pos) or token<TAB>tag (ner) */
    const char *const *dev;    /**< NULL-terminated held-out files for progress and epoch choice; may be NULL */
    const char *const *prefer; /**< pos: training files whose lemma conventions win (weight x10); may be NULL */
    const char *output;        /**< model file to write */
    const char *lexicon;       /**< pos: form<TAB>UPOS<TAB>lemma file (optional) */
    const char *clusters;      /**< bits<TAB>word<TAB>count file (optional) */
    const char *gazetteer;     /**< ner: name<TAB>CLASS file (optional) */
    const char *pos_model;     /**< ner: a pos.dpm whose tags, lexicon and clusters become NER features (optional) */
    const char *info;          /**< text stored in the model: data, licences */
    unsigned epochs;           /**< passes over the data (default 10) */
    unsigned seed;             /**< shuffling seed (default 1): same seed, same model */
    double prune;              /**< drop weights whose magnitude stays below this (default 0) */
    unsigned min_count;        /**< features seen fewer times get no weight (default 2; 1 keeps all) */
    unsigned beam;             /**< ner: beam width for training and decoding (default 1, greedy; at most 8) */
    int bilou;                 /**< ner: learn BILOU labels (Begin, Inside, Last, Unit) from the IOB2 files */
    void (*progress)(void *ctx, const char *line); /**< progress lines (may be NULL) */
    void *progress_ctx;
} dp_train_opts;

/** Trains a model and writes it to opts->output. */
DP_EXPORT dp_status dp_train(const dp_train_opts *opts, dp_error *err);

/* ## Rendering */

/** A sink for output bytes; returns 0 on success, non-zero to stop. */
typedef int (*dp_write_fn)(void *ctx, const char *data, size_t len);

/** Writes the analysis document of the contract (shared/eval/README.md) for a
 * finished doc as JSON, in pieces, through `write`. `opts`: DP_OPT_TOKENS,
 * DP_OPT_PRETTY. No trailing newline. Returns DP_ERR_STATE if the doc was not
 * finished, DP_ERR_ARG if `write` failed. */
DP_EXPORT dp_status dp_doc_write_json(const dp_doc *doc, unsigned opts, dp_write_fn write, void *ctx);

/** One-call helper: analyses `text` (with an optional "YYYY-MM-DD" publication
 * date, NULL for none) and returns the JSON document as a NUL-terminated
 * string to free with dp_free, its length in `out_len` (may be NULL).
 * NULL on error, with `err` filled when not NULL. */
DP_EXPORT char *dp_analyze_json(const char *text, size_t len, const char *published,
                                unsigned opts, size_t *out_len, dp_error *err);

#ifdef __cplusplus
}
#endif

#endif /* DEPECHE_H */
