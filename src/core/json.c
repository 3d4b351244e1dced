/* json.c — strict JSON object reader (json.h). Iterative: nested values are
 * skipped with an explicit depth counter, never by recursion (STYLE §5). */
#include "json.h"

#include "text/utf8.h"

typedef struct jr {
    const unsigned char *s;
    size_t n, i;
    dp_error *err;
} jr;

static dp_status fail(jr *r, const char *msg) {
    if (r->err) *r->err = (dp_error){DP_ERR_JSON, msg, r->i};
    return DP_ERR_JSON;
}

static void ws(jr *r) {
    while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' || r->s[r->i] == '\n' || r->s[r->i] == '\r'))
        r->i++;
}

static int hex4(const unsigned char *p, uint32_t *v) {
    uint32_t x = 0;
    for (int k = 0; k < 4; k++) {
        unsigned c = p[k];
        x <<= 4;
        if (c >= '0' && c <= '9') x |= c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') x |= (c | 0x20) - 'a' + 10;
        else return -1;
    }
    *v = x;
    return 0;
}

/* Reads a string at r->i (on the opening quote) into out (if not NULL). */
static dp_status read_string(jr *r, dp_buf *out) {
    if (out) out->len = 0;
    r->i++; /* opening quote */
    for (;;) {
        size_t a = r->i;
        while (r->i < r->n && r->s[r->i] != '"' && r->s[r->i] != '\\' && r->s[r->i] >= 0x20) r->i++;
        /* raw bytes: the text layer repairs or (strict) rejects invalid UTF-8 with its offset */
        if (out && r->i > a && dp_buf_put(out, r->s + a, r->i - a)) return DP_ERR_NOMEM;
        if (r->i >= r->n) return fail(r, "unterminated string");
        unsigned c = r->s[r->i];
        if (c == '"') {
            r->i++;
            if (out && dp_buf_nul(out)) return DP_ERR_NOMEM;
            return DP_OK;
        }
        if (c < 0x20) return fail(r, "control character in string");
        /* backslash */
        if (r->i + 1 >= r->n) return fail(r, "unterminated escape");
        unsigned e = r->s[r->i + 1];
        char ch;
        switch (e) {
        case '"': ch = '"'; break;
        case '\\': ch = '\\'; break;
        case '/': ch = '/'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 't': ch = '\t'; break;
        case 'u': {
            uint32_t v;
            if (r->i + 6 > r->n || hex4(r->s + r->i + 2, &v)) return fail(r, "bad \\u escape");
            r->i += 6;
            if (v >= 0xD800 && v <= 0xDBFF && r->i + 6 <= r->n && r->s[r->i] == '\\' && r->s[r->i + 1] == 'u') {
                uint32_t lo;
                if (!hex4(r->s + r->i + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                    r->i += 6;
                }
            }
            if (v >= 0xD800 && v <= 0xDFFF) v = 0xFFFD; /* lone surrogate: documented repair */
            if (v == 0) v = 0xFFFD;                      /* \u0000: NUL is never text */
            char tmp[4];
            int l = dp_utf8_encode(v, tmp);
            if (out && dp_buf_put(out, tmp, (size_t)l)) return DP_ERR_NOMEM;
            continue;
        }
        default:
            return fail(r, "bad escape");
        }
        r->i += 2;
        if (out && dp_buf_putc(out, ch)) return DP_ERR_NOMEM;
    }
}

static int lit(jr *r, const char *w, size_t l) {
    if (r->n - r->i < l) return 0;
    for (size_t k = 0; k < l; k++)
        if (r->s[r->i + k] != (unsigned char)w[k]) return 0;
    r->i += l;
    return 1;
}

static dp_status read_number(jr *r) {
    size_t i = r->i;
    const unsigned char *s = r->s;
    if (i < r->n && s[i] == '-') i++;
    if (i >= r->n) return fail(r, "bad number");
    if (s[i] == '0') i++;
    else if (s[i] >= '1' && s[i] <= '9') while (i < r->n && s[i] >= '0' && s[i] <= '9') i++;
    else return fail(r, "bad number");
    if (i < r->n && s[i] == '.') {
        i++;
        if (i >= r->n || s[i] < '0' || s[i] > '9') { r->i = i; return fail(r, "bad number"); }
        while (i < r->n && s[i] >= '0' && s[i] <= '9') i++;
    }
    if (i < r->n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < r->n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= r->n || s[i] < '0' || s[i] > '9') { r->i = i; return fail(r, "bad number"); }
        while (i < r->n && s[i] >= '0' && s[i] <= '9') i++;
    }
    r->i = i;
    return DP_OK;
}

/* Skips one value (object or array included), iteratively. */
static dp_status skip_value(jr *r) {
    /* stack of container kinds as bits: 1 = object, 0 = array */
    uint64_t stack = 0;
    int depth = 0;
    int need_value = 1;
    for (;;) {
        ws(r);
        if (r->i >= r->n) return fail(r, "unexpected end of input");
        unsigned c = r->s[r->i];
        if (need_value) {
            dp_status st = DP_OK;
            if (c == '{' || c == '[') {
                if (depth + 1 >= DP_JSON_MAX_DEPTH) return fail(r, "nesting too deep");
                stack = (stack << 1) | (c == '{');
                depth++;
                r->i++;
                ws(r);
                if (r->i < r->n && r->s[r->i] == (c == '{' ? '}' : ']')) {
                    r->i++;
                    stack >>= 1;
                    depth--;
                    need_value = 0;
                } else if (c == '{') {
                    if (r->i >= r->n || r->s[r->i] != '"') return fail(r, "expected a member name");
                    if ((st = read_string(r, NULL))) return st;
                    ws(r);
                    if (r->i >= r->n || r->s[r->i] != ':') return fail(r, "expected ':'");
                    r->i++;
                }
                if (need_value) continue;
            } else if (c == '"') {
                st = read_string(r, NULL);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                st = read_number(r);
            } else if (!lit(r, "true", 4) && !lit(r, "false", 5) && !lit(r, "null", 4)) {
                return fail(r, "unexpected character");
            }
            if (st) return st;
            need_value = 0;
        }
        if (depth == 0) return DP_OK;
        ws(r);
        if (r->i >= r->n) return fail(r, "unexpected end of input");
        c = r->s[r->i];
        int in_obj = (int)(stack & 1);
        if (c == ',') {
            r->i++;
            if (in_obj) {
                ws(r);
                if (r->i >= r->n || r->s[r->i] != '"') return fail(r, "expected a member name");
                dp_status st = read_string(r, NULL);
                if (st) return st;
                ws(r);
                if (r->i >= r->n || r->s[r->i] != ':') return fail(r, "expected ':'");
                r->i++;
            }
            need_value = 1;
        } else if (c == (in_obj ? '}' : ']')) {
            r->i++;
            stack >>= 1;
            depth--;
            if (depth == 0) return DP_OK;
        } else {
            return fail(r, in_obj ? "expected ',' or '}'" : "expected ',' or ']'");
        }
    }
}

dp_status dp_json_read_object(const char *json, size_t len, dp_buf *keybuf, dp_buf *valbuf,
                              dp_json_member_fn fn, void *ctx, dp_error *err) {
    jr r = {(const unsigned char *)json, len, 0, err};
    dp_status st;
    if (len >= 3 && r.s[0] == 0xEF && r.s[1] == 0xBB && r.s[2] == 0xBF) r.i = 3; /* a BOM before the object */
    ws(&r);
    if (r.i >= r.n || r.s[r.i] != '{') return fail(&r, "expected a JSON object");
    r.i++;
    ws(&r);
    if (r.i < r.n && r.s[r.i] == '}') {
        r.i++;
        goto end;
    }
    for (;;) {
        ws(&r);
        if (r.i >= r.n || r.s[r.i] != '"') return fail(&r, "expected a member name");
        if ((st = read_string(&r, keybuf))) return st;
        ws(&r);
        if (r.i >= r.n || r.s[r.i] != ':') return fail(&r, "expected ':'");
        r.i++;
        ws(&r);
        if (r.i >= r.n) return fail(&r, "unexpected end of input");
        unsigned c = r.s[r.i];
        int kind;
        const char *val = NULL;
        size_t vlen = 0;
        size_t vstart = r.i;
        if (c == '"') {
            if ((st = read_string(&r, valbuf))) return st;
            kind = JSON_STRING;
            val = valbuf->data ? valbuf->data : "";
            vlen = valbuf->len;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if ((st = read_number(&r))) return st;
            kind = JSON_NUMBER;
            val = json + vstart;
            vlen = r.i - vstart;
        } else if (lit(&r, "null", 4)) {
            kind = JSON_NULL;
        } else if (lit(&r, "true", 4)) {
            kind = JSON_TRUE;
        } else if (lit(&r, "false", 5)) {
            kind = JSON_FALSE;
        } else if (c == '{' || c == '[') {
            if ((st = skip_value(&r))) return st;
            kind = JSON_OTHER;
        } else {
            return fail(&r, "unexpected character");
        }
        int rc = fn(ctx, keybuf->data ? keybuf->data : "", keybuf->len, kind, val, vlen);
        if (rc) {
            if (err) *err = (dp_error){(dp_status)rc, dp_strerror((dp_status)rc), vstart};
            return (dp_status)rc;
        }
        ws(&r);
        if (r.i >= r.n) return fail(&r, "unexpected end of input");
        if (r.s[r.i] == ',') {
            r.i++;
            continue;
        }
        if (r.s[r.i] == '}') {
            r.i++;
            break;
        }
        return fail(&r, "expected ',' or '}'");
    }
end:
    ws(&r);
    if (r.i != r.n) return fail(&r, "trailing characters after the object");
    return DP_OK;
}
