#include "core/paths.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef VIGIL_DATA_DIR
#define VIGIL_DATA_DIR "data"
#endif

const char *paths_data_dir(void)
{
	const char *env = getenv("VIGIL_DATA");

	return env && *env ? env : VIGIL_DATA_DIR;
}

int paths_data_file(char *out, size_t size, const char *rel)
{
	int n = snprintf(out, size, "%s/%s", paths_data_dir(), rel);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}
