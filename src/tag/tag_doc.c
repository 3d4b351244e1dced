/* tag_doc.c — the tagging pass over a document (DESIGN: "tag"): per
 * sentence, word infos, part of speech, lemmas, then entities. The working
 * arrays are sized to the longest sentence (DP_MAX_SENTENCE_TOKENS) once per
 * doc and reused: no allocation per token. */
#include "doc.h"
#include "tagger.h"
#include "hash.h"

#include <string.h>

struct dp_tagscratch {
    uint8_t hyp[2][DP_NER_BEAM][DP_MAX_SENTENCE_TOKENS]; /* beam label histories */
    dp_wordinfo wi[DP_MAX_SENTENCE_TOKENS];
    uint8_t pos[DP_MAX_SENTENCE_TOKENS];
    uint8_t ner[DP_MAX_SENTENCE_TOKENS];
    const char *forms[DP_MAX_SENTENCE_TOKENS];
    size_t lens[DP_MAX_SENTENCE_TOKENS];
};

/* Entity labels of the n words of S (word infos filled, gazetteer marked)
 * into S->ner: beam search over label sequences under the IOB2 constraint,
 * scores summed along each sequence, as the model was trained (a beam of 1
 * is greedy decoding). */
static void ner_decode(const dp_models *m, struct dp_tagscratch *S, size_t n) {
    const dp_pmodel *pm = &m->ner;
    uint32_t L = pm->nlabels;
    int beam = (int)pm->beam, nb = 1, cur = 0;
    int64_t sc[DP_NER_BEAM], nsc[DP_NER_BEAM];
    uint64_t f[DP_MAX_FEATS];
    int32_t score[DP_MAX_LABELS];
    int32_t base[DP_MAX_LABELS];
    sc[0] = 0;
    for (size_t i = 0; i < n; i++) {
        struct cand { int h, l; int64_t s; } cand[DP_NER_BEAM * DP_MAX_LABELS];
        int nc = 0;
        /* the label-independent features once, the few others per hypothesis */
        size_t nfs = dp_features_static(pm->featset, S->wi, n, i, f);
        dp_pmodel_scores(pm, f, nfs, base);
        for (int h = 0; h < nb; h++) {
            const uint8_t *hist = S->hyp[cur][h];
            size_t nf = dp_features_dyn(pm->featset, S->wi, n, i, hist, f);
            dp_pmodel_scores(pm, f, nf, score);
            for (uint32_t l = 0; l < L; l++) score[l] += base[l];
            int prev = i ? hist[i - 1] : -1, before = nc;
            /* the previous label leaves an entity open (IOB2: may; BILOU: must continue it) */
            int open = prev >= 0 && (m->ner_iob[prev] == DP_IOB_B || m->ner_iob[prev] == DP_IOB_I);
            for (uint32_t l = 0; l < L; l++) {
                int iob = m->ner_iob[l];
                if (iob == DP_IOB_I || iob == DP_IOB_L) {
                    if (!open || m->ner_type[prev] != m->ner_type[l]) continue;
                } else if (open && m->ner_bilou) {
                    continue;
                }
                if (m->ner_bilou && i + 1 == n && (iob == DP_IOB_B || iob == DP_IOB_I)) continue;
                cand[nc++] = (struct cand){h, (int)l, sc[h] + score[l]};
            }
            /* A trained model always has a way on (O, or L-X after B-X); a
             * damaged one that passed the checks may not: any label then. */
            if (nc == before)
                for (uint32_t l = 0; l < L; l++) cand[nc++] = (struct cand){h, (int)l, sc[h] + score[l]};
        }
        int nn = 0;
        for (int k = 0; k < beam && k < nc; k++) {
            int bi = k;
            for (int j = k + 1; j < nc; j++)
                if (cand[j].s > cand[bi].s) bi = j;
            struct cand t = cand[bi];
            cand[bi] = cand[k];
            cand[k] = t;
            memcpy(S->hyp[!cur][nn], S->hyp[cur][t.h], i);
            S->hyp[!cur][nn][i] = (uint8_t)t.l;
            nsc[nn++] = t.s;
        }
        cur = !cur;
        nb = nn; /* at least 1: "O" is always allowed */
        memcpy(sc, nsc, sizeof(int64_t) * (size_t)nb);
    }
    memcpy(S->ner, S->hyp[cur][0], n);
}

void dp_tagscratch_free(dp_doc *d) {
    dp_mfree(&d->alc, d->scratch);
    d->scratch = NULL;
}

/* Lemma of a plain token tagged `upos`, appended to d->lemmas. */
static int lemmatize(dp_doc *d, dp_token *t, int upos) {
    const dp_models *m = d->models;
    const char *s = d->norm.data + t->nstart;
    size_t n = t->nend - t->nstart;
    char low[DP_WORD_MAX], out[DP_WORD_MAX * 2 + 300];
    size_t lown = n <= DP_WORD_MAX ? dp_lower(s, n, low, sizeof low) : 0;
    size_t ol = 0;
    int script = -1;
    if (n > DP_WORD_MAX || upos == DP_UPOS_PUNCT || upos == DP_UPOS_NUM || upos == DP_UPOS_SYM) {
        script = -2; /* the form itself */
    } else {
        int64_t off = dp_table_get(&m->res.lex, dp_hash_bytes(DP_HASH_SEED, low, lown));
        if (off >= 0) {
            const unsigned char *e = m->res.lexdata + off;
            for (unsigned j = 0; j < e[0]; j++)
                if ((e[1 + 3 * j] & 0x7F) == upos) {
                    script = dp_rd16(e + 2 + 3 * j);
                    break;
                }
        }
        if (script < 0 && upos == DP_UPOS_PROPN) script = -2;
        if (script == -1) script = dp_lemma_script(m, low, lown, upos);
    }
    if (script == -2) {
        t->lemma_off = (uint32_t)d->lemmas.len;
        t->lemma_len = (uint32_t)n;
        return dp_buf_put(&d->lemmas, s, n);
    }
    if (script >= 0) ol = dp_lemma_apply(m, script, s, n, low, lown, out, sizeof out);
    if (ol == 0) {
        memcpy(out, low, lown);
        ol = lown;
    }
    t->lemma_off = (uint32_t)d->lemmas.len;
    t->lemma_len = (uint32_t)ol;
    return dp_buf_put(&d->lemmas, out, ol);
}

static int add_mention(dp_doc *d, const dp_token *toks, size_t base, size_t a, size_t b, int type) {
    dp_mentvec *v = &d->mentions;
    if (v->n == v->cap) {
        void *p = v->v;
        if (dp_grow(&d->alc, &p, &v->cap, v->n + 1, sizeof *v->v)) return -1;
        v->v = p;
    }
    v->v[v->n++] = (dp_mention){.start = toks[a].start, .end = toks[b - 1].end, .nstart = toks[a].nstart,
                                .nend = toks[b - 1].nend, .first_token = (uint32_t)(base + a),
                                .ntokens = (uint32_t)(b - a), .type = (uint8_t)type, .entity = -1};
    return 0;
}

dp_status dp_tag_doc(dp_doc *d) {
    const dp_models *m = d->models;
    if (!m || (!m->has_pos && !m->has_ner)) return DP_OK;
    if (!d->scratch) {
        d->scratch = dp_malloc(&d->alc, sizeof *d->scratch);
        if (!d->scratch) return DP_ERR_NOMEM;
    }
    struct dp_tagscratch *S = d->scratch;
    const char *text = d->norm.data;
    uint64_t f[DP_MAX_FEATS];
    for (size_t si = 0; si < d->sents.n; si++) {
        const dp_sentence *se = &d->sents.v[si];
        dp_token *toks = d->toks.v + se->first_token;
        size_t n = se->ntokens;
        for (size_t i = 0; i < n; i++) {
            S->forms[i] = text + toks[i].nstart;
            S->lens[i] = toks[i].nend - toks[i].nstart;
            dp_wordinfo_fill(&S->wi[i], S->forms[i], S->lens[i], &m->res);
        }
        if (n) S->wi[0].flags |= WF_FIRST;
        if (m->has_pos) {
            for (size_t i = 0; i < n; i++) {
                size_t nf = dp_features(m->pos.featset, S->wi, n, i, S->pos, f);
                int l = dp_pmodel_best(&m->pos, f, nf, NULL);
                /* A compound tag ("ADP+DET") needs a multiword token. The other
                 * way round, a multiword candidate tagged as one word is one:
                 * "des" is "de les" or the indefinite article (DET). */
                if (m->pos_nparts[l] > 1 && toks[i].nparts != m->pos_nparts[l]) {
                    uint8_t ok[DP_MAX_LABELS];
                    for (uint32_t k = 0; k < m->pos.nlabels; k++) ok[k] = m->pos_nparts[k] == 1;
                    l = dp_pmodel_best(&m->pos, f, nf, ok);
                }
                if (m->pos_nparts[l] == 1 && toks[i].nparts > 1) {
                    toks[i].nparts = 0;
                    toks[i].parts = NULL;
                }
                S->pos[i] = (uint8_t)l;
                S->wi[i].upos = m->pos_upos[l][0];
                dp_token *t = &toks[i];
                if (t->nparts > 1) {
                    t->upos = 0;
                    for (unsigned p = 0; p < t->nparts && p < 3; p++)
                        t->part_upos[p] = p < m->pos_nparts[l] ? m->pos_upos[l][p] : 0;
                    const char *w = t->parts[0].text;
                    t->lemma_off = (uint32_t)d->lemmas.len;
                    t->lemma_len = (uint32_t)strlen(w);
                    if (dp_buf_put(&d->lemmas, w, strlen(w))) return DP_ERR_NOMEM;
                } else {
                    t->upos = m->pos_upos[l][0];
                    if (lemmatize(d, t, t->upos)) return DP_ERR_NOMEM;
                }
            }
        }
        if (m->has_ner) {
            dp_gazetteer_mark(S->wi, S->forms, S->lens, n, &m->res);
            ner_decode(m, S, n);
            size_t start = 0;
            int cur = 0;
            for (size_t i = 0; i < n; i++) {
                int l = S->ner[i], iob = m->ner_iob[l];
                if (cur && iob != DP_IOB_I && iob != DP_IOB_L) {
                    if (add_mention(d, toks, se->first_token, start, i, cur)) return DP_ERR_NOMEM;
                    cur = 0;
                }
                if (iob == DP_IOB_B || iob == DP_IOB_U) {
                    start = i;
                    cur = m->ner_type[l];
                }
                if (cur && (iob == DP_IOB_L || iob == DP_IOB_U)) {
                    if (add_mention(d, toks, se->first_token, start, i + 1, cur)) return DP_ERR_NOMEM;
                    cur = 0;
                }
            }
            if (cur && add_mention(d, toks, se->first_token, start, n, cur)) return DP_ERR_NOMEM;
        }
    }
    return DP_OK;
}

dp_status dp_tag_tokens(const dp_models *m, dp_doc *d, const char *const *toks, const size_t *lens, size_t n,
                        const char *const **tags, dp_error *err) {
    static const char *o_tag = "O";
    if (!m || !d || ((!toks || !lens) && n) || !tags) {
        if (err) *err = (dp_error){DP_ERR_ARG, "NULL models, doc, tokens, lengths or result", 0};
        return DP_ERR_ARG;
    }
    if (n > DP_MAX_SENTENCE_TOKENS) {
        if (err) *err = (dp_error){DP_ERR_TOO_LARGE, "sentence longer than 1000 tokens", 0};
        return DP_ERR_TOO_LARGE;
    }
    dp_doc_reset(d);
    if (!d->scratch) {
        d->scratch = dp_malloc(&d->alc, sizeof *d->scratch);
        if (!d->scratch) return DP_ERR_NOMEM;
    }
    struct dp_tagscratch *S = d->scratch;
    /* repaired copies of the tokens, NUL-separated, then pointers into them */
    size_t offs[DP_MAX_SENTENCE_TOKENS];
    d->norm.len = 0;
    for (size_t i = 0; i < n; i++) {
        offs[i] = d->norm.len;
        if (dp_utf8_repair(&d->norm, toks[i], lens[i]) || dp_buf_putc(&d->norm, 0)) return DP_ERR_NOMEM;
        S->lens[i] = d->norm.len - offs[i] - 1;
    }
    for (size_t i = 0; i < n; i++) {
        S->forms[i] = d->norm.data + offs[i];
        dp_wordinfo_fill(&S->wi[i], S->forms[i], S->lens[i], &m->res);
    }
    if (n) S->wi[0].flags |= WF_FIRST;
    uint64_t f[DP_MAX_FEATS];
    if (m->has_pos)
        for (size_t i = 0; i < n; i++) {
            size_t nf = dp_features(m->pos.featset, S->wi, n, i, S->pos, f);
            S->pos[i] = (uint8_t)dp_pmodel_best(&m->pos, f, nf, NULL);
            S->wi[i].upos = m->pos_upos[S->pos[i]][0];
        }
    if (!m->has_ner) {
        for (size_t i = 0; i < n; i++) d->scratch_tags[i] = o_tag;
        *tags = d->scratch_tags;
        return DP_OK;
    }
    dp_gazetteer_mark(S->wi, S->forms, S->lens, n, &m->res);
    ner_decode(m, S, n);
    for (size_t i = 0; i < n; i++) d->scratch_tags[i] = m->ner_out[S->ner[i]];
    *tags = d->scratch_tags;
    return DP_OK;
}
