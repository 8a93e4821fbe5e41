/* store_int.h — what crosses the store's own files. Not a public
 * interface. */
#ifndef VIGIL_STORE_STORE_INT_H
#define VIGIL_STORE_STORE_INT_H

#include "core/err.h"

/* Takes the shared lock that every open store holds on "<db>.lock"
 * (store_lock.c), waiting a few seconds for a restore that holds it
 * exclusively; VG_EDENIED saying so when it does not finish. *fd is -1
 * for a database without a file (":memory:") and for a readonly one in a
 * directory where the lock file cannot be made. Release with
 * store_lock_release. */
vg_status store_lock_shared(const char *db_path, int readonly, int *fd,
			    struct vg_error *err);

#endif
