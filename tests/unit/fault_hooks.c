/* SQLite's allocator and default VFS, wrapped so that the n-th call
 * fails; a clock that stands still and random bytes that repeat. */
#include "fault_hooks.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

/* Single-threaded tests only: the counter has no lock. */
static struct {
	int armed;
	enum fault_kind kind;
	long n;
	int persistent;
	long calls, hits;
	const char *last;
} ctr;

/* Counts one call of kind; 1 when this call is to fail. */
static int tick(enum fault_kind kind, const char *what)
{
	if (!ctr.armed || ctr.kind != kind)
		return 0;
	ctr.calls++;
	if (ctr.n > 0 && (ctr.calls == ctr.n ||
			  (ctr.persistent && ctr.calls > ctr.n))) {
		ctr.hits++;
		ctr.last = what;
		return 1;
	}
	return 0;
}

void fault_arm(enum fault_kind kind, long n, int persistent)
{
	ctr.armed = 1;
	ctr.kind = kind;
	ctr.n = n;
	ctr.persistent = persistent;
	ctr.calls = 0;
	ctr.hits = 0;
	ctr.last = "";
}

void fault_disarm(void)
{
	ctr.armed = 0;
}

long fault_calls(void) { return ctr.calls; }
long fault_hits(void) { return ctr.hits; }
const char *fault_last(void) { return ctr.last ? ctr.last : ""; }

/* --- the allocator --- */

static sqlite3_mem_methods real_mem;

static void *m_malloc(int n)
{
	if (tick(FAULT_MALLOC, "xMalloc"))
		return NULL;
	return real_mem.xMalloc(n);
}

static void m_free(void *p) { real_mem.xFree(p); }

static void *m_realloc(void *p, int n)
{
	if (tick(FAULT_MALLOC, "xRealloc"))
		return NULL;
	return real_mem.xRealloc(p, n);
}

static int m_size(void *p) { return real_mem.xSize(p); }
static int m_roundup(int n) { return real_mem.xRoundup(n); }
static int m_init(void *app) { return real_mem.xInit(real_mem.pAppData); }
static void m_shutdown(void *app) { real_mem.xShutdown(real_mem.pAppData); }

/* --- the VFS: a shim file holds the real one right behind it --- */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;

struct shim_file {
	sqlite3_file base;
	sqlite3_file *real;
};

#define REAL(f) (((struct shim_file *)(f))->real)
#define RM(f) (REAL(f)->pMethods)

static int f_close(sqlite3_file *f)
{
	return RM(f)->xClose(REAL(f));
}

static int f_read(sqlite3_file *f, void *p, int amt, sqlite3_int64 off)
{
	if (tick(FAULT_IO, "xRead"))
		return SQLITE_IOERR_READ;
	return RM(f)->xRead(REAL(f), p, amt, off);
}

static int f_write(sqlite3_file *f, const void *p, int amt,
		   sqlite3_int64 off)
{
	if (tick(FAULT_IO, "xWrite"))
		return SQLITE_IOERR_WRITE;
	return RM(f)->xWrite(REAL(f), p, amt, off);
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (tick(FAULT_IO, "xTruncate"))
		return SQLITE_IOERR_TRUNCATE;
	return RM(f)->xTruncate(REAL(f), size);
}

static int f_sync(sqlite3_file *f, int flags)
{
	/* Counted, and failed when it is its turn, but never passed on:
	 * these tests are about the answers SQLite gives, not about power
	 * loss, and a real fsync per commit made them ten times slower. */
	(void)f;
	(void)flags;
	if (tick(FAULT_IO, "xSync"))
		return SQLITE_IOERR_FSYNC;
	return SQLITE_OK;
}

static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	if (tick(FAULT_IO, "xFileSize"))
		return SQLITE_IOERR_FSTAT;
	return RM(f)->xFileSize(REAL(f), size);
}

static int f_lock(sqlite3_file *f, int level)
{
	if (tick(FAULT_IO, "xLock"))
		return SQLITE_IOERR_LOCK;
	return RM(f)->xLock(REAL(f), level);
}

static int f_unlock(sqlite3_file *f, int level)
{
	return RM(f)->xUnlock(REAL(f), level);
}

static int f_reserved(sqlite3_file *f, int *out)
{
	return RM(f)->xCheckReservedLock(REAL(f), out);
}

static int f_control(sqlite3_file *f, int op, void *arg)
{
	return RM(f)->xFileControl(REAL(f), op, arg);
}

static int f_sector(sqlite3_file *f)
{
	return RM(f)->xSectorSize(REAL(f));
}

static int f_device(sqlite3_file *f)
{
	return RM(f)->xDeviceCharacteristics(REAL(f));
}

static int f_shm_map(sqlite3_file *f, int pg, int pgsz, int extend,
		     void volatile **pp)
{
	if (tick(FAULT_IO, "xShmMap"))
		return SQLITE_IOERR_SHMMAP;
	return RM(f)->xShmMap(REAL(f), pg, pgsz, extend, pp);
}

static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return RM(f)->xShmLock(REAL(f), off, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
	RM(f)->xShmBarrier(REAL(f));
}

static int f_shm_unmap(sqlite3_file *f, int del)
{
	return RM(f)->xShmUnmap(REAL(f), del);
}

static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
	*pp = NULL;
	if (tick(FAULT_IO, "xFetch"))
		return SQLITE_IOERR_MMAP;
	return RM(f)->xFetch(REAL(f), off, amt, pp);
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return RM(f)->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods shim_io = {
	3, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock,
	f_unlock, f_reserved, f_control, f_sector, f_device, f_shm_map,
	f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch, f_unfetch
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file,
		  int flags, int *out_flags)
{
	struct shim_file *f = (struct shim_file *)file;
	int rc;

	f->base.pMethods = NULL;
	f->real = (sqlite3_file *)(f + 1);
	if (tick(FAULT_IO, "xOpen"))
		return SQLITE_CANTOPEN;
	rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	/* SQLite closes a file whose methods are set, even after a failed
	 * open; the real VFS decides whether there is one. */
	if (f->real->pMethods)
		f->base.pMethods = &shim_io;
	return rc;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	if (tick(FAULT_IO, "xDelete"))
		return SQLITE_IOERR_DELETE;
	/* No directory fsync either (see f_sync). */
	return real_vfs->xDelete(real_vfs, name, 0);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	if (tick(FAULT_IO, "xAccess"))
		return SQLITE_IOERR_ACCESS;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

int fault_install(void)
{
	static const sqlite3_mem_methods mem = {
		m_malloc, m_free, m_realloc, m_size, m_roundup, m_init,
		m_shutdown, NULL
	};
	int rc;

	rc = sqlite3_shutdown();
	if (rc == SQLITE_OK)
		rc = sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem);
	if (rc == SQLITE_OK)
		rc = sqlite3_config(SQLITE_CONFIG_MALLOC, &mem);
	if (rc == SQLITE_OK)
		rc = sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_initialize();
	if (rc != SQLITE_OK) {
		fprintf(stderr, "fault hooks: SQLite refused: %s\n",
			sqlite3_errstr(rc));
		return -1;
	}
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs) {
		fprintf(stderr, "fault hooks: SQLite has no default VFS\n");
		return -1;
	}
	/* Everything the shim does not wrap is the real VFS's own (those
	 * methods read only mxPathname and pAppData, copied with them). */
	shim_vfs = *real_vfs;
	shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
	shim_vfs.zName = "fault-shim";
	shim_vfs.pNext = NULL;
	shim_vfs.xOpen = v_open;
	shim_vfs.xDelete = v_delete;
	shim_vfs.xAccess = v_access;
	rc = sqlite3_vfs_register(&shim_vfs, 1);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "fault hooks: cannot register the VFS: %s\n",
			sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

/* --- repeatable time and randomness (linked with --wrap) --- */

time_t __wrap_time(time_t *t);
void __wrap_randombytes_buf(void *buf, size_t size);

static uint64_t rnd_state = 1;

void fault_repeatable(unsigned seed)
{
	rnd_state = 0x9e3779b97f4a7c15ULL * ((uint64_t)seed + 1);
}

/* 2026-01-01T00:00:00Z, always. */
time_t __wrap_time(time_t *t)
{
	time_t now = (time_t)1767225600;

	if (t)
		*t = now;
	return now;
}

/* xorshift64*: the same bytes after every fault_repeatable(). */
void __wrap_randombytes_buf(void *buf, size_t size)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < size; i++) {
		rnd_state ^= rnd_state >> 12;
		rnd_state ^= rnd_state << 25;
		rnd_state ^= rnd_state >> 27;
		p[i] = (unsigned char)((rnd_state * 0x2545F4914F6CDD1DULL) >> 56);
	}
}
