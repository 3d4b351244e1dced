/* models.c — finding and loading a model directory. */
#define _POSIX_C_SOURCE 200809L
#include "tagger.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef DP_MODELS_DIR
#define DP_MODELS_DIR "models/fr"
#endif
#ifndef DP_MODELS_INSTALL_DIR
#define DP_MODELS_INSTALL_DIR "/usr/local/share/depeche/models/fr"
#endif

const char *dp_models_default_dir(void) {
    const char *e = getenv("DEPECHE_MODELS");
    if (e && *e) return e;
    if (access(DP_MODELS_DIR "/pos.dpm", R_OK) == 0) return DP_MODELS_DIR;
    return DP_MODELS_INSTALL_DIR;
}

dp_models *dp_models_load(const char *dir, dp_error *err) {
    if (!dir) {
        if (err) *err = (dp_error){DP_ERR_ARG, "no model directory", 0};
        return NULL;
    }
    static const char *const files[] = {"pos.dpm", "ner.dpm"};
    dp_models *m = NULL;
    for (size_t i = 0; i < 2; i++) {
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, files[i]) >= (int)sizeof path) {
            if (err) *err = (dp_error){DP_ERR_ARG, "model directory path too long", 0};
            dp_models_free(m);
            return NULL;
        }
        if (access(path, F_OK) != 0) continue;
        if (dp_models_add_file(&m, path, err)) {
            dp_models_free(m);
            return NULL;
        }
    }
    if (!m && err) *err = (dp_error){DP_ERR_MODEL, "no model file (pos.dpm, ner.dpm) in the model directory", 0};
    return m;
}

/* The gazetteer classes of an exact token sequence (facts layer: genders of
 * first names, names the tagger typed against every list). */
uint32_t dp_models_gaz(const dp_models *m, const char *const *forms, const size_t *lens, size_t n) {
    if (!m || !m->has_ner || !m->res.gaz.nslots || !n || n > GAZ_MAX_WORDS) return 0;
    int64_t v = dp_table_get(&m->res.gaz, dp_gaz_seq_hash(forms, lens, n));
    return v < 0 ? 0 : (uint32_t)v & 0xFFFFu & ~GAZ_CONTINUES;
}
