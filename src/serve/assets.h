/* assets.h — files embedded at build time (cmake/embed_web.cmake, cmake/embed.cmake). */
#ifndef DP_SERVE_ASSETS_H
#define DP_SERVE_ASSETS_H

#include <stddef.h>

typedef struct dp_asset {
    const char *path; /**< "/index.html", "/assets/app.js": "/" + the path under web/ */
    const char *type; /**< Content-Type */
    const unsigned char *data;
    size_t len;
} dp_asset;

/** Every file of web/, sorted by path; dp_web_nassets entries then a NULL one. */
extern const dp_asset dp_web_assets[];
extern const size_t dp_web_nassets;

/** src/serve/openapi.json, NUL-terminated. */
extern const unsigned char dp_openapi_json[];
extern const size_t dp_openapi_json_len;

#endif
