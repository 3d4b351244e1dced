/* model.h — depeche's binary model files (docs/model-format.md).
 *
 * A model file is a header, a section table and sections, all little-endian,
 * written byte by byte (never by dumping structs). On load the file is
 * mmap-ed read-only, the magic, version, size and checksum are checked, and
 * every section's offset and size, and every count inside a section, are
 * checked against the file size before use: a truncated or corrupted file
 * gives DP_ERR_MODEL with a message, never a crash (issue #3, item 2). */
#ifndef DP_MODEL_H
#define DP_MODEL_H

#include "core/buf.h"
#include "depeche.h"

#include <stdint.h>

#define DP_MODEL_MAGIC "DPCHMDL1"
#define DP_MODEL_VERSION 3u /* 2: 32-bit fingerprint tables; 3: slots and values interleaved */
#define DP_MODEL_HEADER 40u /* magic 8, version 4, kind 4, nsections 4, reserved 4, size 8, checksum 8 */
#define DP_MODEL_MAX_SECTIONS 64u

/* Section ids. */
enum {
    SEC_INFO = 1,      /* UTF-8 text: what the model was trained on, licences, scores */
    SEC_LABELS = 2,    /* u32 n, then n NUL-terminated strings */
    SEC_PARAMS = 3,    /* u32 n, then n u32 values (feature set and options) */
    SEC_FEATKEYS = 4,  /* u32 nslots, then nslots x (u32 fingerprint (0 = empty), u32 row) */
    SEC_FEATROWS = 5,  /* unused since format 3 (values live beside their fingerprints) */
    SEC_WEIGHTS = 6,   /* f32 scale, u32 nrows, u32 nlabels, i16 w[nrows * nlabels] */
    SEC_LEXKEYS = 7,   /* lexicon: u32 nslots, u64 keys[nslots] */
    SEC_LEXVALS = 8,   /* u32 offset into SEC_LEXDATA per slot */
    SEC_LEXDATA = 9,   /* entries: u8 count, then count x (u8 label, u16 script) */
    SEC_SCRIPTS = 10,  /* lemma edit scripts: u32 n, u32 off[n + 1], bytes */
    SEC_L_FEATKEYS = 11, SEC_L_FEATROWS = 12, SEC_L_WEIGHTS = 13, /* lemma classifier */
    SEC_CLUSTKEYS = 14, SEC_CLUSTVALS = 15, /* word -> cluster path: u32 nslots, u64 keys; u32 vals */
    SEC_GAZKEYS = 16, SEC_GAZVALS = 17      /* token-sequence hash -> class bits */
};

/* Model kinds. */
enum { DP_MODEL_POS = 1, DP_MODEL_NER = 2 };

/** A loaded model file: the mapping and its validated sections. */
typedef struct dp_mfile {
    const unsigned char *base;
    size_t size;
    uint32_t kind;
    uint32_t nsections;
    int mapped; /* 1: munmap on close; 0: memory owned by caller */
} dp_mfile;

/** A section's bytes, or NULL/0 when absent. */
const unsigned char *dp_mfile_section(const dp_mfile *f, uint32_t id, size_t *size);

/** Opens and validates a model file (mmap). */
dp_status dp_mfile_open(dp_mfile *f, const char *path, dp_error *err);
/** Validates a model held in memory (not copied; must outlive f). */
dp_status dp_mfile_open_mem(dp_mfile *f, const void *data, size_t size, dp_error *err);
void dp_mfile_close(dp_mfile *f);

/* Little-endian readers over validated memory. */
static inline uint32_t dp_rd32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t dp_rd64(const unsigned char *p) { return (uint64_t)dp_rd32(p) | (uint64_t)dp_rd32(p + 4) << 32; }
static inline int16_t dp_rd16s(const unsigned char *p) { return (int16_t)(uint16_t)(p[0] | p[1] << 8); }
static inline uint16_t dp_rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* Writer: sections appended to a buffer, then finished with header and checksum. */
typedef struct dp_mwriter {
    dp_buf body;        /* section bytes */
    uint32_t ids[DP_MODEL_MAX_SECTIONS];
    uint64_t offs[DP_MODEL_MAX_SECTIONS], sizes[DP_MODEL_MAX_SECTIONS];
    uint32_t n;
    uint32_t kind;
    int failed;
    size_t cur_start;   /* start of the section being written */
} dp_mwriter;

void dp_mw_init(dp_mwriter *w, uint32_t kind);
void dp_mw_begin(dp_mwriter *w, uint32_t id);
void dp_mw_end(dp_mwriter *w);
void dp_mw_u8(dp_mwriter *w, uint8_t v);
void dp_mw_u16(dp_mwriter *w, uint16_t v);
void dp_mw_u32(dp_mwriter *w, uint32_t v);
void dp_mw_u64(dp_mwriter *w, uint64_t v);
void dp_mw_f32(dp_mwriter *w, float v);
void dp_mw_bytes(dp_mwriter *w, const void *p, size_t n);
/** Writes the file (atomically: temp file then rename). */
dp_status dp_mw_save(dp_mwriter *w, const char *path, dp_error *err);
void dp_mw_release(dp_mwriter *w);

/* Tables in model files store 32-bit fingerprints of 64-bit keys, at a load
 * of 0.8, to keep the shipped models small: a false match needs two keys
 * agreeing on 31 bits within one probe run (about 1 lookup in 10^9). */
static inline uint32_t dp_mtab_fp(uint64_t key) { return (uint32_t)(key >> 32) | 1u; }
static inline uint32_t dp_mtab_start(uint64_t key, uint32_t nslots) {
    return (uint32_t)(((uint64_t)(uint32_t)key * nslots) >> 32);
}

/** Lookup of a key in a table of nslots (fingerprint, value) pairs, 8 bytes
 * each, so that one cache line holds the slot and its value (linear probing);
 * returns the slot or -1. */
static inline long dp_mtab_find(const unsigned char *fps, uint32_t nslots, uint64_t key) {
    uint32_t fp = dp_mtab_fp(key), i = dp_mtab_start(key, nslots);
    for (uint32_t probes = 0; probes < nslots; probes++) {
        uint32_t k = dp_rd32(fps + 8 * (size_t)i);
        if (k == fp) return (long)i;
        if (k == 0) return -1;
        if (++i == nslots) i = 0;
    }
    return -1;
}

#endif
