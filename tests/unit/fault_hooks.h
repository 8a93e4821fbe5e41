/* fault_hooks.h — making SQLite fail on purpose, for tests only.
 *
 * Two hooks through SQLite's own interfaces: an allocator installed with
 * SQLITE_CONFIG_MALLOC that wraps the default one, and a VFS that wraps
 * the default (unix) VFS and becomes the default itself. Each counts its
 * calls once armed and fails the n-th (or, persistent, the n-th and every
 * one after it). A test runs an operation with n = 1, 2, ... until a run
 * counts fewer than n calls: then every call of that kind the operation
 * makes has failed once.
 *
 * The library also replaces time() and randombytes_buf() for the code it
 * is linked with (the linker's --wrap, see tests/unit/tests.cmake): the
 * clock stands still and the random bytes repeat after fault_repeatable(),
 * so that two runs of one operation write byte for byte the same rows. */
#ifndef VIGIL_TESTS_FAULT_HOOKS_H
#define VIGIL_TESTS_FAULT_HOOKS_H

enum fault_kind {
	FAULT_MALLOC, /* xMalloc and xRealloc of SQLite's allocator */
	FAULT_IO      /* xOpen, xDelete, xAccess and the file methods that
		       * move data or take locks */
};

/* Installs both hooks (and turns lookaside memory off, so that every
 * allocation SQLite makes comes to the allocator). Call before anything
 * else uses SQLite. 0 on success, -1 after saying why on stderr. */
int fault_install(void);

/* Starts counting calls of kind: the n-th fails (n >= 1); n = 0 only
 * counts. With persistent set, every call after the n-th fails as well.
 * Disarms the other kind. */
void fault_arm(enum fault_kind kind, long n, int persistent);

/* Stops failing and counting. */
void fault_disarm(void);

/* Calls counted and faults injected since the last fault_arm. */
long fault_calls(void);
long fault_hits(void);

/* What the last injected fault was: "xWrite", "xMalloc", ... ("" for
 * none): for the message of a failing test. */
const char *fault_last(void);

/* Starts the sequence of random bytes anew from seed: the same seed gives
 * the same bytes. Runs that are compared use one seed; what they run on
 * was built with another, so that new uuids do not repeat old ones. */
void fault_repeatable(unsigned seed);

#endif
