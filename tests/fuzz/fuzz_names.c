/* Fuzzes the name analyser with arbitrary bytes in any script: it must
 * refuse or analyse, never crash, and its keys must be terminated strings
 * that score within [0, 1]. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "names/names.h"

static int names_ready = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct name_key key;
	struct vg_error err;
	char text[1024];
	double score;
	size_t i;

	if (names_ready < 0)
		names_ready = names_init(&err) == VG_OK;
	if (!names_ready)
		abort(); /* the rule files must load for fuzzing to mean much */
	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (names_analyse(text, &key, &err) != VG_OK)
		return 0;
	if (key.nparts > NAMES_MAX_PARTS)
		abort();
	for (i = 0; i < key.nparts; i++)
		if (!memchr(key.parts[i].skeleton, '\0',
			    sizeof(key.parts[i].skeleton)))
			abort();
	score = names_score(&key, &key, NULL);
	if (!(score >= 0.0 && score <= 1.0))
		abort();
	return 0;
}
