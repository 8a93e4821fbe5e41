#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define VIGIL_VERSION "0.1.0"

int cli_version(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: vigil version\n\nPrints vigil's version.\n");
		return 0;
	}
	printf("vigil %s\n", VIGIL_VERSION);
	return 0;
}
