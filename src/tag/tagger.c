/* tagger.c — loading models and tagging with them (tagger.h). Loading
 * validates every table against its section size and every stored label,
 * offset and script id against its bounds, so tagging itself never checks. */
#include "tagger.h"

#include "hash.h"
#include "text/utf8.h"

#include <stdlib.h>
#include <string.h>

static const char *const upos_names[DP_UPOS_COUNT] = {
    NULL, "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
    "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};

const char *dp_upos_name(int u) { return u > 0 && u < DP_UPOS_COUNT ? upos_names[u] : NULL; }

int dp_upos_from_name(const char *s, size_t n) {
    for (int u = 1; u < DP_UPOS_COUNT; u++)
        if (strlen(upos_names[u]) == n && memcmp(upos_names[u], s, n) == 0) return u;
    return 0;
}

const char *dp_ent_name(int t) {
    static const char *const names[] = {NULL, "PER", "LOC", "ORG"};
    return t > 0 && t < DP_ENT_COUNT ? names[t] : NULL;
}

static dp_status bad(dp_error *err, const char *msg) {
    if (err) *err = (dp_error){DP_ERR_MODEL, msg, 0};
    return DP_ERR_MODEL;
}

/* A u64->u32 table from its section. */
static dp_status view_table(dp_table *t, const dp_mfile *f, uint32_t kid, uint32_t vid, int optional,
                            dp_error *err) {
    size_t ks;
    const unsigned char *k = dp_mfile_section(f, kid, &ks);
    (void)vid;
    memset(t, 0, sizeof *t);
    if (!k && optional) return DP_OK;
    if (!k || ks < 4) return bad(err, "model table missing");
    uint32_t n = dp_rd32(k);
    if (n == 0) return bad(err, "model table is empty");
    if ((ks - 4) / 8 < n) return bad(err, "model table truncated");
    /* an all-full table would make lookups of absent keys loop the whole table */
    t->keys = k + 4;
    t->nslots = n;
    uint32_t used = 0;
    for (uint32_t i = 0; i < n; i++) used += dp_rd32(t->keys + 8 * (size_t)i) != 0;
    if (used >= n) return bad(err, "model table has no empty slot");
    return DP_OK;
}

dp_status dp_pmodel_view(dp_pmodel *pm, const dp_mfile *f, dp_error *err) {
    memset(pm, 0, sizeof *pm);
    size_t sz;
    const unsigned char *p = dp_mfile_section(f, SEC_PARAMS, &sz);
    if (!p || sz < 4 || dp_rd32(p) < PARAM_COUNT || (sz - 4) / 4 < dp_rd32(p)) return bad(err, "model parameters missing");
    if (dp_rd32(p + 4 + 4 * PARAM_FEATVER) != DP_FEATURES_VERSION)
        return bad(err, "model made for another feature version: retrain it (make models)");
    pm->featset = dp_rd32(p + 4 + 4 * PARAM_FEATSET);
    pm->beam = dp_rd32(p) > PARAM_BEAM ? dp_rd32(p + 4 + 4 * PARAM_BEAM) : 1;
    if (pm->beam < 1 || pm->beam > DP_NER_BEAM) return bad(err, "model beam width out of range");
    p = dp_mfile_section(f, SEC_LABELS, &sz);
    if (!p || sz < 4) return bad(err, "model labels missing");
    uint32_t nl = dp_rd32(p);
    if (nl == 0 || nl > DP_MAX_LABELS) return bad(err, "model label count out of range");
    size_t o = 4;
    for (uint32_t i = 0; i < nl; i++) {
        const unsigned char *z = o < sz ? memchr(p + o, 0, sz - o) : NULL;
        if (!z) return bad(err, "model label not terminated");
        pm->labels[i] = (const char *)p + o;
        o = (size_t)(z - p) + 1;
    }
    pm->nlabels = nl;
    dp_status st = view_table(&pm->feats, f, SEC_FEATKEYS, SEC_FEATROWS, 0, err);
    if (st) return st;
    p = dp_mfile_section(f, SEC_WEIGHTS, &sz);
    if (!p || sz < 12) return bad(err, "model weights missing");
    memcpy(&pm->scale, p, 4);
    pm->nrows = dp_rd32(p + 4);
    if (dp_rd32(p + 8) != nl) return bad(err, "model weights do not match its labels");
    if ((sz - 12) / 2 / nl < pm->nrows) return bad(err, "model weights truncated");
    pm->w = p + 12;
    for (uint32_t i = 0; i < pm->feats.nslots; i++)
        if (dp_rd32(pm->feats.keys + 8 * (size_t)i) && dp_rd32(pm->feats.keys + 8 * (size_t)i + 4) >= pm->nrows)
            return bad(err, "model feature row out of range");
    return DP_OK;
}

int dp_pmodel_best(const dp_pmodel *pm, const uint64_t *f, size_t nf, const uint8_t *allow) {
    int32_t score[DP_MAX_LABELS];
    dp_pmodel_scores(pm, f, nf, score);
    int best = -1;
    for (uint32_t l = 0; l < pm->nlabels; l++) {
        if (allow && !allow[l]) continue;
        if (best < 0 || score[l] > score[best]) best = (int)l;
    }
    return best < 0 ? 0 : best;
}

void dp_pmodel_scores(const dp_pmodel *pm, const uint64_t *f, size_t nf, int32_t *score) {
    const unsigned char *rows[DP_MAX_FEATS];
    uint32_t L = pm->nlabels, n = pm->feats.nslots;
    const unsigned char *tab = pm->feats.keys;
    if (nf > DP_MAX_FEATS) nf = DP_MAX_FEATS;
    memset(score, 0, sizeof(int32_t) * L);
    /* Three passes so that the memory loads of all features overlap instead
     * of waiting one after the other: touch every first slot, then find the
     * rows and touch them, then add them up. */
    for (size_t k = 0; k < nf; k++) __builtin_prefetch(tab + 8 * (size_t)dp_mtab_start(f[k], n));
    size_t nr = 0;
    for (size_t k = 0; k < nf; k++) {
        long slot = dp_mtab_find(tab, n, f[k]);
        if (slot < 0) continue;
        const unsigned char *row = pm->w + (size_t)dp_rd32(tab + 8 * (size_t)slot + 4) * L * 2;
        __builtin_prefetch(row);
        rows[nr++] = row;
    }
    for (size_t k = 0; k < nr; k++)
        for (uint32_t l = 0; l < L; l++) score[l] += dp_rd16s(rows[k] + 2 * l);
}

/* ---- lemmas ---- */

uint64_t dp_lemrule_key(int upos, const char *suffix, size_t n) {
    uint64_t h = dp_hash_bytes(DP_HASH_SEED ^ ((uint64_t)upos << 48) ^ ((uint64_t)n << 40), suffix, n);
    return h ? h : 1;
}

static size_t nchars(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte length of s without its last k characters. */
static size_t strip_chars(const char *s, size_t n, unsigned k) {
    size_t i = n;
    while (k > 0 && i > 0) {
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
        k--;
    }
    return i;
}

size_t dp_lemma_make_script(const char *form, size_t fn, const char *lemma, size_t ln, unsigned char *out,
                            size_t cap) {
    char low[DP_WORD_MAX];
    if (fn > DP_WORD_MAX || cap < 2) return 0;
    size_t lown = dp_lower(form, fn, low, sizeof low);
    /* mode 0 (from the lowercased form) when it explains the lemma as well as the cased form */
    const char *src[2] = {low, form};
    size_t srcn[2] = {lown, fn};
    size_t best_len = 0;
    for (int mode = 0; mode < 2; mode++) {
        const char *a = src[mode];
        size_t an = srcn[mode], p = 0;
        while (p < an && p < ln && a[p] == lemma[p]) p++;
        while (p > 0 && ((unsigned char)a[p] & 0xC0) == 0x80 && p < an) p--; /* a character boundary */
        size_t strip = nchars(a + p, an - p), app = ln - p;
        if (strip > 255 || app + 2 > cap) continue;
        if (mode == 1 && best_len) {
            /* keep mode 0 unless the cased form shares a longer prefix */
            if ((size_t)out[1] <= strip) continue;
        }
        out[0] = (unsigned char)mode;
        out[1] = (unsigned char)strip;
        memcpy(out + 2, lemma + p, app);
        best_len = app + 2;
    }
    return best_len;
}

int dp_lemma_script(const dp_models *m, const char *low, size_t lown, int upos) {
    if (!m->lemrules.nslots) return -1;
    for (unsigned k = DP_LEMMA_MAX_SUFFIX; k >= 1; k--) {
        size_t cut = strip_chars(low, lown, k);
        if (nchars(low, lown) < k) continue;
        int64_t v = dp_table_get(&m->lemrules, dp_lemrule_key(upos, low + cut, lown - cut));
        if (v >= 0) return (int)v;
    }
    return -1;
}

size_t dp_lemma_apply(const dp_models *m, int id, const char *s, size_t n, const char *low, size_t lown, char *out,
                      size_t cap) {
    uint32_t a = dp_rd32(m->script_off + 4 * (size_t)id), b = dp_rd32(m->script_off + 4 * (size_t)id + 4);
    const unsigned char *sc = m->scripts + a;
    size_t sl = b - a;
    const char *src = sc[0] ? s : low;
    size_t srcn = sc[0] ? n : lown;
    size_t keep = strip_chars(src, srcn, sc[1]);
    if (keep + sl - 2 > cap) return 0;
    memcpy(out, src, keep);
    memcpy(out + keep, sc + 2, sl - 2);
    return keep + sl - 2;
}

/* ---- loading ---- */

static dp_status view_pos(dp_models *m, dp_error *err) {
    dp_status st = dp_pmodel_view(&m->pos, &m->posf, err);
    if (st) return st;
    for (uint32_t l = 0; l < m->pos.nlabels; l++) {
        const char *name = m->pos.labels[l];
        unsigned np = 0;
        while (*name && np < 3) {
            const char *plus = strchr(name, '+');
            size_t len = plus ? (size_t)(plus - name) : strlen(name);
            int u = dp_upos_from_name(name, len);
            if (!u) return bad(err, "part-of-speech model has an unknown label");
            m->pos_upos[l][np++] = (uint8_t)u;
            name += len + (plus ? 1 : 0);
        }
        m->pos_nparts[l] = (uint8_t)np;
    }
    if ((st = view_table(&m->res.lex, &m->posf, SEC_LEXKEYS, SEC_LEXVALS, 1, err))) return st;
    if ((st = view_table(&m->res.clust, &m->posf, SEC_CLUSTKEYS, SEC_CLUSTVALS, 1, err))) return st;
    if ((st = view_table(&m->lemrules, &m->posf, SEC_L_FEATKEYS, SEC_L_FEATROWS, 1, err))) return st;
    size_t sz;
    const unsigned char *p = dp_mfile_section(&m->posf, SEC_SCRIPTS, &sz);
    if (p) {
        if (sz < 4) return bad(err, "lemma scripts truncated");
        uint32_t n = dp_rd32(p);
        if ((sz - 4) / 4 < (size_t)n + 1) return bad(err, "lemma scripts truncated");
        m->nscripts = n;
        m->script_off = p + 4;
        m->scripts = p + 4 + 4 * ((size_t)n + 1);
        m->scripts_size = sz - 4 - 4 * ((size_t)n + 1);
        uint32_t prev = 0;
        for (uint32_t i = 0; i <= n; i++) {
            uint32_t o = dp_rd32(m->script_off + 4 * (size_t)i);
            if (o < prev || o > m->scripts_size || (i > 0 && o - prev < 2)) return bad(err, "lemma script out of range");
            prev = o;
        }
    }
    /* cluster paths are at most 24 bits (the trainer's limit): longer would overflow shifts */
    for (uint32_t i = 0; i < m->res.clust.nslots; i++)
        if (dp_rd32(m->res.clust.keys + 8 * (size_t)i) && (dp_rd32(m->res.clust.keys + 8 * (size_t)i + 4) >> 24) > 24)
            return bad(err, "word cluster path too long");
    /* lemma scripts append valid UTF-8 */
    for (uint32_t i = 0; i < m->nscripts; i++) {
        uint32_t a = dp_rd32(m->script_off + 4 * (size_t)i), b = dp_rd32(m->script_off + 4 * (size_t)i + 4);
        for (uint32_t j = a + 2; j < b;) {
            uint32_t cp;
            int l = m->scripts[j] ? dp_utf8_check(m->scripts + j, b - j, &cp) : 0;
            if (!l) return bad(err, "lemma script is not valid UTF-8");
            j += (uint32_t)l;
        }
    }
    for (uint32_t i = 0; i < m->lemrules.nslots; i++)
        if (dp_rd32(m->lemrules.keys + 8 * (size_t)i) && dp_rd32(m->lemrules.keys + 8 * (size_t)i + 4) >= m->nscripts)
            return bad(err, "lemma rule names a missing script");
    p = dp_mfile_section(&m->posf, SEC_LEXDATA, &sz);
    m->res.lexdata = p;
    m->res.lexdata_size = sz;
    if (m->res.lex.nslots) {
        if (!p) return bad(err, "lexicon data missing");
        for (uint32_t i = 0; i < m->res.lex.nslots; i++) {
            if (!dp_rd32(m->res.lex.keys + 8 * (size_t)i)) continue;
            uint32_t off = dp_rd32(m->res.lex.keys + 8 * (size_t)i + 4);
            if (off >= sz || (sz - off - 1) / 3 < p[off]) return bad(err, "lexicon entry out of range");
            for (unsigned j = 0; j < p[off]; j++) {
                const unsigned char *e = p + off + 1 + 3 * j;
                if ((e[0] & 0x7F) == 0 || (e[0] & 0x7F) >= DP_UPOS_COUNT || dp_rd16(e + 1) >= m->nscripts)
                    return bad(err, "lexicon entry has a bad tag or script");
            }
        }
    }
    return DP_OK;
}

static dp_status view_ner(dp_models *m, dp_error *err) {
    dp_status st = dp_pmodel_view(&m->ner, &m->nerf, err);
    if (st) return st;
    static const char *const iob2[DP_ENT_COUNT][2] = {
        {NULL, NULL}, {"B-PER", "I-PER"}, {"B-LOC", "I-LOC"}, {"B-ORG", "I-ORG"}};
    m->ner_bilou = 0;
    for (uint32_t l = 0; l < m->ner.nlabels; l++) {
        const char *name = m->ner.labels[l];
        m->ner_out[l] = "O";
        if (!strcmp(name, "O")) {
            m->ner_type[l] = 0;
            m->ner_iob[l] = DP_IOB_O;
            continue;
        }
        const char *kinds = "BILU", *k = name[0] ? strchr(kinds, name[0]) : NULL;
        if (!k || name[1] != '-') return bad(err, "entity model has an unknown label");
        int t = 0;
        for (int e = 1; e < DP_ENT_COUNT; e++)
            if (!strcmp(name + 2, dp_ent_name(e))) t = e;
        if (!t) return bad(err, "entity model has an unknown type");
        m->ner_type[l] = (uint8_t)t;
        m->ner_iob[l] = (uint8_t)(DP_IOB_B + (k - kinds));
        m->ner_bilou |= m->ner_iob[l] >= DP_IOB_L;
        m->ner_out[l] = iob2[t][m->ner_iob[l] == DP_IOB_B || m->ner_iob[l] == DP_IOB_U ? 0 : 1];
    }
    if ((st = view_table(&m->res.gaz, &m->nerf, SEC_GAZKEYS, SEC_GAZVALS, 1, err))) return st;
    return DP_OK;
}

dp_status dp_models_add_file(dp_models **mp, const char *path, dp_error *err) {
    if (!mp || !path) {
        if (err) *err = (dp_error){DP_ERR_ARG, "NULL model set or path", 0};
        return DP_ERR_ARG;
    }
    dp_models *m = *mp;
    int created = 0;
    if (!m) {
        m = calloc(1, sizeof *m);
        if (!m) return DP_ERR_NOMEM;
        created = 1;
    }
    dp_mfile f;
    dp_status st = dp_mfile_open(&f, path, err);
    if (!st) {
        if (f.kind == DP_MODEL_POS && !m->has_pos) {
            m->posf = f;
            st = view_pos(m, err);
            if (st) {
                /* nothing may keep pointing into the unmapped file */
                dp_mfile_close(&m->posf);
                memset(&m->pos, 0, sizeof m->pos);
                memset(&m->res.lex, 0, sizeof m->res.lex);
                memset(&m->res.clust, 0, sizeof m->res.clust);
                memset(&m->lemrules, 0, sizeof m->lemrules);
                m->res.lexdata = NULL;
                m->res.lexdata_size = 0;
                m->scripts = m->script_off = NULL;
                m->nscripts = 0;
                m->scripts_size = 0;
            }
            else m->has_pos = 1;
        } else if (f.kind == DP_MODEL_NER && !m->has_ner) {
            m->nerf = f;
            st = view_ner(m, err);
            if (st) {
                dp_mfile_close(&m->nerf);
                memset(&m->ner, 0, sizeof m->ner);
                memset(&m->res.gaz, 0, sizeof m->res.gaz);
            }
            else m->has_ner = 1;
        } else {
            dp_mfile_close(&f);
            st = bad(err, "model of an unknown kind, or a second model of the same kind");
        }
    }
    if (st && created) {
        free(m);
        return st;
    }
    *mp = m;
    return st;
}

void dp_models_free(dp_models *m) {
    if (!m) return;
    dp_mfile_close(&m->posf);
    dp_mfile_close(&m->nerf);
    free(m);
}

int dp_models_has_pos(const dp_models *m) { return m && m->has_pos; }
int dp_models_has_ner(const dp_models *m) { return m && m->has_ner; }
