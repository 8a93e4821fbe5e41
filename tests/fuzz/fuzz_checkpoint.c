/* Fuzzes the audit checkpoint parser: a checkpoint arrives from outside
 * (mail, a USB stick), so any text must be refused with the line it
 * failed on, or accepted only with a valid signature. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/audit_checkpoint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct audit_checkpoint cp;
	struct vg_error err;

	if (size > CHECKPOINT_MAX_TEXT)
		return 0;
	memset(&err, 0, sizeof(err));
	if (checkpoint_parse((const char *)data, size, NULL, &cp, &err) !=
	    VG_OK) {
		if (!err.where[0] || !err.msg[0])
			abort();
		return 0;
	}
	/* Accepted: it must carry a real signature over what it says. */
	if (cp.seq <= 0 || strlen(cp.hash) != 64 || strlen(cp.key) != 64)
		abort();
	return 0;
}
