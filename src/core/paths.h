/* paths.h — where vigil finds its data files. */
#ifndef VIGIL_CORE_PATHS_H
#define VIGIL_CORE_PATHS_H

#include <stddef.h>

/* The data directory: $VIGIL_DATA if set, else the one fixed at build. */
const char *paths_data_dir(void);

/* Writes "<data dir>/<rel>" into out. Returns 0, or -1 if it does not fit. */
int paths_data_file(char *out, size_t size, const char *rel);

#endif
