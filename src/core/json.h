/* json.h — a strict, non-recursive JSON reader for one article object (NDJSON line).
 * RFC 8259: no comments, no trailing commas, no leading zeros; strings must be
 * valid UTF-8 (invalid bytes are repaired to U+FFFD, as for plain text);
 * nesting deeper than DP_JSON_MAX_DEPTH is an error. */
#ifndef DP_JSON_H
#define DP_JSON_H

#include "buf.h"

/** Called for each member of the top-level object. `kind` is one of
 * JSON_STRING (value unescaped in `val`, UTF-8), JSON_NUMBER (raw text in
 * `val`), JSON_NULL, JSON_TRUE, JSON_FALSE, JSON_OTHER (object or array, skipped).
 * Return 0 to go on, or a dp_status to stop with it. */
enum { JSON_STRING, JSON_NUMBER, JSON_NULL, JSON_TRUE, JSON_FALSE, JSON_OTHER };
typedef int (*dp_json_member_fn)(void *ctx, const char *key, size_t klen, int kind, const char *val,
                                 size_t vlen);

/** Reads `json` as one object, calling `fn` per member. `scratch` is used for
 * unescaping (its content is clobbered; values passed to fn live until the
 * next member). Returns DP_OK, DP_ERR_JSON (err->offset set) or DP_ERR_NOMEM,
 * or what fn returned. */
dp_status dp_json_read_object(const char *json, size_t len, dp_buf *keybuf, dp_buf *valbuf,
                              dp_json_member_fn fn, void *ctx, dp_error *err);

#endif
