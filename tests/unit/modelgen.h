/* modelgen.h — tiny synthetic training sets, temporary directories and
 * file helpers for the model tests (test_train.c, test_model.c). Include
 * after harness.h. Everything is static inline so each test binary takes
 * only what it uses.
 *
 * The sets follow patterns a tagger can learn from a few dozen sentences:
 *   part of speech (CoNLL-U): "nous" + a verb in -ons is PRON VERB; a
 *     capitalised word after "M." is PROPN; "du" is the multiword token
 *     de + le, ADP+DET; a noun follows "le" or "du";
 *   entities (token<TAB>IOB2): "M. First Last" gives B-PER I-PER (the title
 *     outside), "à City" gives B-LOC.
 * Generation is deterministic (a fixed linear congruential sequence). */
#ifndef DP_TEST_MODELGEN_H
#define DP_TEST_MODELGEN_H

/* the including file defines _POSIX_C_SOURCE 200809L before any include (mkdtemp) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- files and directories ---- */

/** A fresh directory under the working directory (CTest runs tests in the
 * build tree): "./tmp-TAG-XXXXXX". Returns 0 on success. */
static inline int mg_mkdtemp(char *out, size_t cap, const char *tag) {
    if ((size_t)snprintf(out, cap, "tmp-%s-XXXXXX", tag) >= cap) return -1;
    return mkdtemp(out) ? 0 : -1;
}

/** dir/name into out. */
static inline const char *mg_path(char *out, size_t cap, const char *dir, const char *name) {
    snprintf(out, cap, "%s/%s", dir, name);
    return out;
}

/** Removes the plain files of dir (one level; subdirectories emptied first) and dir itself. */
static inline void mg_rmtree(const char *dir) {
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char p[1024];
            int l = snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (l < 0 || (size_t)l >= sizeof p) continue;
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) mg_rmtree(p);
            else remove(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/** Writes data[0..n) to path. Returns 0 on success. */
static inline int mg_write(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int ok = fwrite(data, 1, n, f) == n;
    if (fclose(f) != 0) ok = 0;
    return ok ? 0 : -1;
}

/** Reads a whole file into a malloc'ed buffer (free it). NULL on error. */
static inline unsigned char *mg_read(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0;
    unsigned char *b = malloc(cap);
    while (b) {
        len += fread(b + len, 1, cap - len, f);
        if (len < cap) break;
        unsigned char *nb = realloc(b, cap * 2);
        if (!nb) {
            free(b);
            b = NULL;
            break;
        }
        b = nb;
        cap *= 2;
    }
    if (b && ferror(f)) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *n = len;
    return b;
}

/* ---- a deterministic sequence ---- */

static inline unsigned mg_rand(unsigned long *s) {
    *s = *s * 6364136223846793005ul + 1442695040888963407ul;
    return (unsigned)(*s >> 33);
}
#define MG_PICK(arr, s) ((arr)[mg_rand(s) % (sizeof(arr) / sizeof((arr)[0]))])

/* ---- part of speech (CoNLL-U) ---- */

typedef struct mg_pair {
    const char *form, *lemma;
} mg_pair;

/* Verbs after "nous", all in -tons -> -ter (so that the suffix rules can learn them). */
static const mg_pair mg_verbs_nous[] = {
    {"chantons", "chanter"}, {"montons", "monter"},   {"sautons", "sauter"}, {"comptons", "compter"},
    {"portons", "porter"},   {"notons", "noter"},     {"flottons", "flotter"}, {"goûtons", "goûter"},
    {"quittons", "quitter"}, {"restons", "rester"}};
/* Verbs after a name. */
static const mg_pair mg_verbs_3[] = {{"mange", "manger"}, {"regarde", "regarder"}, {"aime", "aimer"},
                                     {"garde", "garder"}, {"prépare", "préparer"}};
static const char *const mg_nouns[] = {"pain", "lait", "vin",     "riz",    "thé",
                                       "sel",  "miel", "fromage", "beurre", "sucre"};
static const char *const mg_names[] = {"Dupont", "Martin", "Durand", "Moreau", "Girard", "Bernard",
                                       "Petit", "Roux", "Fournier", "Lambert", "Fontaine", "Rousseau"};

/* One CoNLL-U word line. */
static inline void mg_word(FILE *f, int id, const char *form, const char *lemma, const char *upos) {
    fprintf(f, "%d\t%s\t%s\t%s\t_\t_\t_\t_\t_\t_\n", id, form, lemma, upos);
}

/* Writes "du" as the multiword token 'de' ADP + 'le' DET at id and id+1. */
static inline void mg_du(FILE *f, int id) {
    fprintf(f, "%d-%d\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n", id, id + 1);
    mg_word(f, id, "de", "de", "ADP");
    mg_word(f, id + 1, "le", "le", "DET");
}

/** Writes `nsent` part-of-speech sentences to path (CoNLL-U). Returns 0 on success. */
static inline int mg_write_pos(const char *path, int nsent, unsigned long seed) {
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    unsigned long s = seed;
    for (int k = 0; k < nsent; k++) {
        const mg_pair *v = &MG_PICK(mg_verbs_nous, &s), *v3 = &MG_PICK(mg_verbs_3, &s);
        const char *n = MG_PICK(mg_nouns, &s), *name = MG_PICK(mg_names, &s);
        int id = 1;
        fprintf(f, "# sent_id = s%d\n", k);
        switch (k % 5) {
        case 0: /* Nous chantons le pain . */
        case 1: /* Nous chantons du pain . */
            mg_word(f, id++, "Nous", "nous", "PRON");
            mg_word(f, id++, v->form, v->lemma, "VERB");
            if (k % 5 == 0) mg_word(f, id++, "le", "le", "DET");
            else {
                mg_du(f, id);
                id += 2;
            }
            mg_word(f, id++, n, n, "NOUN");
            break;
        case 2: /* M. Dupont mange du pain . */
        case 3: /* M. Dupont mange le pain . */
            mg_word(f, id++, "M.", "monsieur", "NOUN");
            mg_word(f, id++, name, name, "PROPN");
            mg_word(f, id++, v3->form, v3->lemma, "VERB");
            if (k % 5 == 2) {
                mg_du(f, id);
                id += 2;
            } else {
                mg_word(f, id++, "le", "le", "DET");
            }
            mg_word(f, id++, n, n, "NOUN");
            break;
        default: /* M. Dupont et nous chantons le pain . */
            mg_word(f, id++, "M.", "monsieur", "NOUN");
            mg_word(f, id++, name, name, "PROPN");
            mg_word(f, id++, "et", "et", "CCONJ");
            mg_word(f, id++, "nous", "nous", "PRON");
            mg_word(f, id++, v->form, v->lemma, "VERB");
            mg_word(f, id++, "le", "le", "DET");
            mg_word(f, id++, n, n, "NOUN");
            break;
        }
        mg_word(f, id, ".", ".", "PUNCT");
        fputc('\n', f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

/** The external lexicon (form<TAB>UPOS<TAB>lemma): the verbs of the set, and
 * irregular verbs the training sentences never show ("buvons" -> "boire"). */
static inline int mg_write_lexicon(const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("# form\tUPOS\tlemma\n", f);
    for (size_t i = 0; i < sizeof mg_verbs_nous / sizeof mg_verbs_nous[0]; i++)
        fprintf(f, "%s\tVERB\t%s\n", mg_verbs_nous[i].form, mg_verbs_nous[i].lemma);
    fputs("buvons\tVERB\tboire\nfaisons\tVERB\tfaire\nallons\tVERB\taller\nboit\tVERB\tboire\n"
          "pain\tNOUN\tpain\nlait\tNOUN\tlait\n",
          f);
    return fclose(f) == 0 ? 0 : -1;
}

/** Word clusters (bits<TAB>word<TAB>count) for a few words of the set. */
static inline int mg_write_clusters(const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("0010\tpain\t10\n0011\tlait\t8\n0011\tvin\t7\n110\tchantons\t5\n111\tnous\t20\n01\tM.\t9\n", f);
    return fclose(f) == 0 ? 0 : -1;
}

/* ---- entities (token<TAB>IOB2) ---- */

static const char *const mg_first[] = {"Jean", "Pierre", "Marie", "Sophie", "Paul", "Claire", "Louis", "Anne",
                                       "Luc", "Julie"};
static const char *const mg_cities[] = {"Lyon", "Nantes", "Lille", "Brest", "Rennes", "Dijon",
                                        "Nancy", "Metz", "Tours", "Caen", "Angers", "Reims"};

static inline void mg_tok(FILE *f, const char *tok, const char *tag) { fprintf(f, "%s\t%s\n", tok, tag); }

/** Writes `nsent` entity sentences to path (one token and its IOB2 tag a line). */
static inline int mg_write_ner(const char *path, int nsent, unsigned long seed) {
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    unsigned long s = seed;
    for (int k = 0; k < nsent; k++) {
        const char *fi = MG_PICK(mg_first, &s), *la = MG_PICK(mg_names, &s), *c = MG_PICK(mg_cities, &s);
        switch (k % 4) {
        case 0: /* M. Jean Dupont est arrivé à Lyon . */
            mg_tok(f, "M.", "O");
            mg_tok(f, fi, "B-PER");
            mg_tok(f, la, "I-PER");
            mg_tok(f, "est", "O");
            mg_tok(f, "arrivé", "O");
            mg_tok(f, "à", "O");
            mg_tok(f, c, "B-LOC");
            break;
        case 1: /* Hier , M. Jean Dupont a parlé à Lyon . */
            mg_tok(f, "Hier", "O");
            mg_tok(f, ",", "O");
            mg_tok(f, "M.", "O");
            mg_tok(f, fi, "B-PER");
            mg_tok(f, la, "I-PER");
            mg_tok(f, "a", "O");
            mg_tok(f, "parlé", "O");
            mg_tok(f, "à", "O");
            mg_tok(f, c, "B-LOC");
            break;
        case 2: /* Nous sommes allés à Lyon avec M. Dupont . */
            mg_tok(f, "Nous", "O");
            mg_tok(f, "sommes", "O");
            mg_tok(f, "allés", "O");
            mg_tok(f, "à", "O");
            mg_tok(f, c, "B-LOC");
            mg_tok(f, "avec", "O");
            mg_tok(f, "M.", "O");
            mg_tok(f, la, "B-PER");
            break;
        default: /* Le chat de la voisine dort . */
            mg_tok(f, "Le", "O");
            mg_tok(f, "chat", "O");
            mg_tok(f, "de", "O");
            mg_tok(f, "la", "O");
            mg_tok(f, "voisine", "O");
            mg_tok(f, "dort", "O");
            break;
        }
        mg_tok(f, ".", "O");
        fputc('\n', f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

/** A small gazetteer (name<TAB>CLASS). */
static inline int mg_write_gazetteer(const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("Lyon\tCITY\nNantes\tCITY\nJean\tFIRSTNAME_M\nMarie\tFIRSTNAME_F\nFrance\tCOUNTRY\n"
          "Nouvelle-Calédonie\tREGION\nLe Mans\tCOMMUNE\nBanque de France\tORG\n",
          f);
    return fclose(f) == 0 ? 0 : -1;
}

#endif
