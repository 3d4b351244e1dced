/* utf8.c — validation, repair, CR/LF folding, NFC and the offset map (utf8.h). */
#include "utf8.h"

#include <string.h>
#include <utf8proc.h>

/* A combining sequence longer than this is copied as it is, not normalised:
 * Unicode's stream-safe format caps runs of non-starters at 30, and an
 * unbounded run is a denial-of-service vector (issue #2, pathological inputs). */
#define MAX_CLUSTER_CPS 32
/* utf8proc may expand a code point into up to 4 canonical parts. */
#define NFC_BUF (MAX_CLUSTER_CPS * 4 + 8)

void dp_offmap_init(dp_offmap *m, const dp_alloc *alc) {
    m->alc = alc;
    m->segs = NULL;
    m->nsegs = m->cap = 0;
}

void dp_offmap_release(dp_offmap *m) {
    dp_mfree(m->alc, m->segs);
    m->segs = NULL;
    m->nsegs = m->cap = 0;
}

static int add_seg(dp_offmap *m, uint32_t n0, uint32_t n1, uint32_t o0, uint32_t o1) {
    /* a run of identical replacements (binary junk, NUL runs, CRLF lines)
     * extends one uniform segment, so the map stays small and exact */
    uint8_t nu = 0, ou = 0;
    if (n1 - n0 <= 3 && o1 - o0 <= 3 && n1 > n0 && o1 > o0) {
        nu = (uint8_t)(n1 - n0);
        ou = (uint8_t)(o1 - o0);
    }
    if (m->nsegs && nu) {
        dp_seg *last = &m->segs[m->nsegs - 1];
        if (last->n1 == n0 && last->o1 == o0 && last->nu == nu && last->ou == ou) {
            last->n1 = n1;
            last->o1 = o1;
            return 0;
        }
    }
    void *p = m->segs;
    if (dp_grow(m->alc, &p, &m->cap, m->nsegs + 1, sizeof(dp_seg))) return -1;
    m->segs = p;
    m->segs[m->nsegs++] = (dp_seg){n0, n1, o0, o1, nu, ou};
    return 0;
}

static uint32_t seg_map(const dp_seg *s, uint32_t pos) {
    if (pos >= s->n1) return s->o1 + (pos - s->n1);
    if (pos == s->n0) return s->o0;
    if (s->nu) {
        uint32_t k = (pos - s->n0) / s->nu, r = (pos - s->n0) % s->nu;
        return s->o0 + k * s->ou + (r ? s->ou : 0);
    }
    return s->o1;
}

uint32_t dp_offmap_orig(const dp_offmap *m, uint32_t pos) {
    /* last segment with n0 <= pos */
    size_t lo = 0, hi = m->nsegs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->segs[mid].n0 <= pos) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return pos;
    return seg_map(&m->segs[lo - 1], pos);
}

uint32_t dp_offcursor_orig(dp_offcursor *c, uint32_t pos) {
    const dp_offmap *m = c->m;
    if (c->i > 0 && m->segs[c->i - 1].n0 > pos) c->i = 0; /* went backwards: restart */
    while (c->i < m->nsegs && m->segs[c->i].n0 <= pos) c->i++;
    if (c->i == 0) return pos;
    return seg_map(&m->segs[c->i - 1], pos);
}

int dp_utf8_check(const unsigned char *s, size_t n, uint32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    if (c < 0xC2) return 0;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        uint32_t v = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)) return 0;
        *cp = v;
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
        uint32_t v = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
        if (v < 0x10000 || v > 0x10FFFF) return 0;
        *cp = v;
        return 4;
    }
    return 0;
}

int dp_utf8_encode(uint32_t cp, char *o) {
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static const char REPL[3] = {(char)0xEF, (char)0xBF, (char)0xBD}; /* U+FFFD */

int dp_utf8_repair(dp_buf *out, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && u[j] >= 1 && u[j] < 0x80) j++;
        if (dp_buf_put(out, s + i, j - i)) return -1;
        i = j;
        if (i >= n) break;
        uint32_t cp;
        int l = u[i] ? dp_utf8_check(u + i, n - i, &cp) : 0;
        if (l) {
            if (dp_buf_put(out, s + i, (size_t)l)) return -1;
            i += (size_t)l;
        } else {
            if (dp_buf_put(out, REPL, 3)) return -1;
            i++;
        }
    }
    return 0;
}

/* Does cp continue the cluster started before it (so NFC may join them)? */
static int is_continuation(const utf8proc_property_t *p) {
    if (p->combining_class) return 1;
    switch (p->boundclass) {
    case UTF8PROC_BOUNDCLASS_EXTEND:
    case UTF8PROC_BOUNDCLASS_SPACINGMARK:
    case UTF8PROC_BOUNDCLASS_ZWJ:
    case UTF8PROC_BOUNDCLASS_V:
    case UTF8PROC_BOUNDCLASS_T:
        return 1;
    default:
        return 0;
    }
}

/* A lone code point is already NFC unless it has a canonical decomposition
 * that does not recompose to itself (singletons such as U+212B ANGSTROM,
 * composition exclusions). Below U+0300 every precomposed letter is stable. */
static int single_is_stable(uint32_t cp, const utf8proc_property_t *p) {
    if (cp < 0x300) return 1;
    if (p->decomp_seqindex == UINT16_MAX) return 1;
    if (p->decomp_type != 0) return 1; /* compatibility decomposition: NFC keeps it */
    return 0;
}

typedef struct norm_state {
    const unsigned char *in;
    size_t n;
    dp_buf *out;
    dp_offmap *map;
} norm_state;

/* Emits in[a..b) normalised as `rep` (rep_len bytes): a segment only if lengths differ. */
static int emit_replaced(norm_state *st, size_t a, size_t b, const char *rep, size_t rep_len) {
    uint32_t n0 = (uint32_t)st->out->len;
    if (dp_buf_put(st->out, rep, rep_len)) return -1;
    if (rep_len != b - a) return add_seg(st->map, n0, (uint32_t)st->out->len, (uint32_t)a, (uint32_t)b);
    return 0;
}

/* NFC of the cluster in[a..b) of `ncps` code points. */
static int emit_cluster(norm_state *st, size_t a, size_t b) {
    utf8proc_int32_t buf[NFC_BUF];
    utf8proc_ssize_t k = utf8proc_decompose((const utf8proc_uint8_t *)st->in + a, (utf8proc_ssize_t)(b - a),
                                            buf, NFC_BUF, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
    if (k < 0 || k > NFC_BUF) return dp_buf_put(st->out, st->in + a, b - a);
    k = utf8proc_normalize_utf32(buf, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (k < 0) return dp_buf_put(st->out, st->in + a, b - a);
    char tmp[NFC_BUF * 4];
    size_t tl = 0;
    for (utf8proc_ssize_t i = 0; i < k; i++) tl += (size_t)dp_utf8_encode((uint32_t)buf[i], tmp + tl);
    if (tl == b - a && memcmp(tmp, st->in + a, tl) == 0) return dp_buf_put(st->out, st->in + a, tl);
    return emit_replaced(st, a, b, tmp, tl);
}

dp_status dp_normalize(const char *in_, size_t n, unsigned opts, dp_buf *out, dp_offmap *map, dp_error *err) {
    const unsigned char *in = (const unsigned char *)in_;
    norm_state st = {in, n, out, map};
    out->len = 0;
    map->nsegs = 0;
    if (n > DP_MAX_INPUT) {
        if (err) *err = (dp_error){DP_ERR_TOO_LARGE, "input larger than DP_MAX_INPUT", 0};
        return DP_ERR_TOO_LARGE;
    }
    if (dp_buf_reserve(out, n + n / 8 + 16)) goto nomem;
    size_t i = 0;
    if (n >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
        if (add_seg(map, 0, 0, 0, 3)) goto nomem;
        i = 3;
    }
    int nfc = !(opts & DP_OPT_NO_NFC);
    while (i < n) {
        /* fast path: a run of printable ASCII and tabs/LF */
        size_t j = i;
        /* eight bytes at a time while none is non-ASCII, CR or NUL */
        while (j + 8 <= n) {
            uint64_t v;
            memcpy(&v, in + j, 8);
            const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
            uint64_t cr = v ^ (ones * '\r');
            if ((v | ((v - ones) & ~v) | ((cr - ones) & ~cr)) & highs) break;
            j += 8;
        }
        while (j < n && in[j] < 0x80 && in[j] != '\r' && in[j] != 0) j++;
        if (j > i) {
            if (dp_buf_put(out, in + i, j - i)) goto nomem;
            i = j;
            if (i >= n) break;
        }
        unsigned c = in[i];
        if (c == '\r') {
            if (i + 1 < n && in[i + 1] == '\n') {
                if (emit_replaced(&st, i, i + 2, "\n", 1)) goto nomem;
                i += 2;
            } else {
                if (dp_buf_putc(out, '\n')) goto nomem;
                i++;
            }
            continue;
        }
        uint32_t cp;
        int l = c ? dp_utf8_check(in + i, n - i, &cp) : 0;
        if (!l) {
            if (opts & DP_OPT_STRICT_UTF8) {
                if (err) *err = (dp_error){DP_ERR_UTF8, c ? "invalid UTF-8 sequence" : "NUL byte in text", i};
                return DP_ERR_UTF8;
            }
            if (emit_replaced(&st, i, i + 1, REPL, 3)) goto nomem;
            i++;
            continue;
        }
        if (!nfc) {
            if (dp_buf_put(out, in + i, (size_t)l)) goto nomem;
            i += (size_t)l;
            continue;
        }
        const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
        size_t a = i;
        /* a combining mark right after an ASCII letter belongs to that letter's cluster */
        if (is_continuation(p) && i > 0 && out->len > 0 && in[i - 1] >= 0x21 && in[i - 1] < 0x80) {
            a = i - 1;
            out->len--;
        }
        size_t b = i + (size_t)l;
        int ncps = (a < i) ? 2 : 1;
        while (b < n && ncps <= MAX_CLUSTER_CPS) {
            uint32_t nc;
            int nl = in[b] >= 0x80 ? dp_utf8_check(in + b, n - b, &nc) : 0;
            if (!nl || !is_continuation(utf8proc_get_property((utf8proc_int32_t)nc))) break;
            b += (size_t)nl;
            ncps++;
        }
        if (ncps > MAX_CLUSTER_CPS) {
            /* pathological run of marks: copy as is up to the end of the run */
            while (b < n) {
                uint32_t nc;
                int nl = in[b] >= 0x80 ? dp_utf8_check(in + b, n - b, &nc) : 0;
                if (!nl || !is_continuation(utf8proc_get_property((utf8proc_int32_t)nc))) break;
                b += (size_t)nl;
            }
            if (dp_buf_put(out, in + a, b - a)) goto nomem;
        } else if (ncps == 1 && single_is_stable(cp, p)) {
            if (dp_buf_put(out, in + a, b - a)) goto nomem;
        } else if (emit_cluster(&st, a, b)) {
            goto nomem;
        }
        i = b;
    }
    if (dp_buf_nul(out)) goto nomem;
    return DP_OK;
nomem:
    if (err) *err = (dp_error){DP_ERR_NOMEM, "out of memory", 0};
    return DP_ERR_NOMEM;
}
