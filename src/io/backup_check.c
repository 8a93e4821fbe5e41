/* Checking a restored database before it has a name.
 *
 * The restore writes the decrypted database into a file without a name
 * (backup_temp.c) and must have SQLite check it before it gives it one.
 * SQLite opens databases by path, refusing symbolic links (O_NOFOLLOW),
 * and /proc/self/fd/N is one. So the check goes through a VFS of its own
 * that reads one descriptor and nothing else: "fd:N" opens descriptor N,
 * read-only; there is no journal, no lock and no other file. Time, sleep
 * and randomness are the system VFS's. */
#include "io/backup_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#define FD_VFS_NAME "vigil-restore-fd"

struct fd_file {
	sqlite3_file base;
	int fd;
};

static int fd_close(sqlite3_file *f)
{
	(void)f; /* the descriptor belongs to the restore */
	return SQLITE_OK;
}

static int fd_read(sqlite3_file *f, void *buf, int amount, sqlite3_int64 off)
{
	struct fd_file *p = (struct fd_file *)f;
	long got = 0;
	ssize_t n;

	while (got < amount) {
		n = pread(p->fd, (char *)buf + got, (size_t)(amount - got),
			  (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return SQLITE_IOERR_READ;
		if (n == 0)
			break;
		got += n;
	}
	if (got < amount) {
		/* SQLite expects the rest zeroed on a short read. */
		memset((char *)buf + got, 0, (size_t)(amount - got));
		return SQLITE_IOERR_SHORT_READ;
	}
	return SQLITE_OK;
}

static int fd_write(sqlite3_file *f, const void *buf, int amount,
		    sqlite3_int64 off)
{
	(void)f, (void)buf, (void)amount, (void)off;
	return SQLITE_READONLY;
}

static int fd_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	(void)f, (void)size;
	return SQLITE_READONLY;
}

static int fd_sync(sqlite3_file *f, int flags)
{
	(void)f, (void)flags;
	return SQLITE_OK;
}

static int fd_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct fd_file *p = (struct fd_file *)f;
	struct stat st;

	if (fstat(p->fd, &st) != 0)
		return SQLITE_IOERR_FSTAT;
	*size = st.st_size;
	return SQLITE_OK;
}

/* Nobody else can see a file without a name: locks always succeed. */
static int fd_lock(sqlite3_file *f, int level)
{
	(void)f, (void)level;
	return SQLITE_OK;
}

static int fd_check_reserved(sqlite3_file *f, int *out)
{
	(void)f;
	*out = 0;
	return SQLITE_OK;
}

static int fd_control(sqlite3_file *f, int op, void *arg)
{
	(void)f, (void)op, (void)arg;
	return SQLITE_NOTFOUND;
}

static int fd_sector_size(sqlite3_file *f)
{
	(void)f;
	return 4096;
}

static int fd_characteristics(sqlite3_file *f)
{
	(void)f;
	return SQLITE_IOCAP_IMMUTABLE;
}

static const sqlite3_io_methods fd_methods = {
	.iVersion = 1,
	.xClose = fd_close,
	.xRead = fd_read,
	.xWrite = fd_write,
	.xTruncate = fd_truncate,
	.xSync = fd_sync,
	.xFileSize = fd_size,
	.xLock = fd_lock,
	.xUnlock = fd_lock,
	.xCheckReservedLock = fd_check_reserved,
	.xFileControl = fd_control,
	.xSectorSize = fd_sector_size,
	.xDeviceCharacteristics = fd_characteristics,
};

/* "fd:N" for the main database, read-only; anything else is refused. */
static int fd_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
		   int flags, int *out_flags)
{
	struct fd_file *p = (struct fd_file *)f;
	char *end;
	long fd;

	(void)vfs;
	p->base.pMethods = NULL;
	if (!name || strncmp(name, "fd:", 3) != 0 ||
	    !(flags & SQLITE_OPEN_MAIN_DB) || (flags & SQLITE_OPEN_READWRITE))
		return SQLITE_CANTOPEN;
	errno = 0;
	fd = strtol(name + 3, &end, 10);
	if (errno || *end || fd < 0 || fd > 1 << 20)
		return SQLITE_CANTOPEN;
	p->fd = (int)fd;
	p->base.pMethods = &fd_methods;
	if (out_flags)
		*out_flags = SQLITE_OPEN_READONLY;
	return SQLITE_OK;
}

static int fd_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs, (void)name, (void)sync_dir;
	return SQLITE_IOERR_DELETE;
}

/* No journal, WAL or other file exists beside it. */
static int fd_access(sqlite3_vfs *vfs, const char *name, int what, int *out)
{
	(void)vfs, (void)name, (void)what;
	*out = 0;
	return SQLITE_OK;
}

static int fd_full_pathname(sqlite3_vfs *vfs, const char *name, int size,
			    char *out)
{
	(void)vfs;
	if (snprintf(out, (size_t)size, "%s", name) >= size)
		return SQLITE_CANTOPEN;
	return SQLITE_OK;
}

static sqlite3_vfs fd_vfs;
static pthread_once_t fd_vfs_once = PTHREAD_ONCE_INIT;
static int fd_vfs_ready;

static void fd_vfs_register(void)
{
	sqlite3_vfs *sys;

	if (sqlite3_initialize() != SQLITE_OK)
		return;
	sys = sqlite3_vfs_find(NULL);
	if (!sys)
		return;
	fd_vfs = *sys; /* time, sleep, randomness, dlopen: the system's */
	fd_vfs.pNext = NULL;
	fd_vfs.szOsFile = (int)sizeof(struct fd_file);
	fd_vfs.zName = FD_VFS_NAME;
	fd_vfs.pAppData = NULL;
	fd_vfs.xOpen = fd_open;
	fd_vfs.xDelete = fd_delete;
	fd_vfs.xAccess = fd_access;
	fd_vfs.xFullPathname = fd_full_pathname;
	if (fd_vfs.iVersion >= 3) {
		fd_vfs.xSetSystemCall = NULL;
		fd_vfs.xGetSystemCall = NULL;
		fd_vfs.xNextSystemCall = NULL;
	}
	fd_vfs_ready = sqlite3_vfs_register(&fd_vfs, 0) == SQLITE_OK;
}

vg_status backup_check_database(int fd, struct vg_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	vg_status rc = VG_OK;
	const char *res;
	char name[32];

	(void)pthread_once(&fd_vfs_once, fd_vfs_register);
	if (!fd_vfs_ready)
		return vg_fail(err, VG_EINTERNAL, "database", "cannot set up "
			       "the check of the restored file");
	snprintf(name, sizeof(name), "fd:%d", fd);
	if (sqlite3_open_v2(name, &db, SQLITE_OPEN_READONLY, FD_VFS_NAME) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) !=
		    SQLITE_OK) {
		rc = vg_fail(err, VG_EINVAL, "database",
			     "restored file is not a database: %s",
			     sqlite3_errmsg(db));
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = vg_fail(err, VG_EINVAL, "database",
			     "integrity check did not run: %s",
			     sqlite3_errmsg(db));
		goto out;
	}
	res = (const char *)sqlite3_column_text(st, 0);
	if (!res || strcmp(res, "ok") != 0)
		rc = vg_fail(err, VG_EINVAL, "database",
			     "integrity check failed: %s",
			     res ? res : "(no result)");
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}
