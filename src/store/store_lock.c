/* store_lock.c — the advisory lock that says "this database is open".
 *
 * Every open store holds a shared flock on "<db>.lock" for as long as it
 * is open. A restore takes it exclusively before it replaces the file and
 * refuses when it cannot: a server holding the old file open would
 * otherwise go on acknowledging writes into a file that no longer has the
 * database's name, and every one of them would be lost.
 *
 * The lock lives on a file of its own because SQLite's locks are POSIX
 * (fcntl) locks on the database file, and a process that closes any
 * descriptor of that file drops all of them; flock on a separate file
 * never touches them, also on NFS, where flock is emulated with fcntl
 * locks on the file it is taken on. Shared locks taken through separate
 * open() calls do not conflict, so the server's one connection per
 * thread each hold their own. */
#include "store/store.h"
#include "store/store_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

/* How long an open waits for a restore that holds the lock to finish. */
#define SHARED_WAIT_MS 10000
#define SHARED_POLL_MS 20
/* Opening and locking races with a restore removing the file; give up
 * after this many rounds rather than loop on a file system gone wrong. */
#define LOCK_ROUNDS 100

static int lock_path(const char *db_path, char *out, size_t size)
{
	int n = snprintf(out, size, "%s.lock", db_path);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int open_lock_file(const char *path, int readonly)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
				    O_NOCTTY, 0600);

	if (fd < 0 && readonly)
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	return fd;
}

/* Takes op (LOCK_SH or LOCK_EX) without waiting. 1 with *fd set when
 * taken; 0 when another process holds a conflicting lock; -1 with errno
 * on an error. The file is checked to still have the name after the lock
 * is taken: a refused restore removes it, and a lock on a removed file
 * would guard nothing. */
static int try_lock(const char *path, int op, int readonly, int *fd)
{
	struct stat held, named;
	int round, f, e;

	for (round = 0; round < LOCK_ROUNDS; round++) {
		f = open_lock_file(path, readonly);
		if (f < 0)
			return -1;
		if (flock(f, op | LOCK_NB) != 0) {
			e = errno;
			close(f);
			errno = e;
			return e == EWOULDBLOCK ? 0 : -1;
		}
		if (fstat(f, &held) == 0 && stat(path, &named) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
			*fd = f;
			return 1;
		}
		close(f);
	}
	errno = EAGAIN;
	return -1;
}

/* Is path one that a memory or URI database has instead of a file? */
static int has_no_file(const char *path)
{
	return !path[0] || !strcmp(path, ":memory:") ||
	       !strncmp(path, "file:", 5);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

vg_status store_lock_shared(const char *db_path, int readonly, int *fd,
			    struct vg_error *err)
{
	char path[4096];
	long waited;
	int got;

	*fd = -1;
	if (has_no_file(db_path))
		return VG_OK;
	if (lock_path(db_path, path, sizeof(path)) != 0)
		return vg_fail(err, VG_EINVAL, db_path, "path too long");
	for (waited = 0;; waited += SHARED_POLL_MS) {
		got = try_lock(path, LOCK_SH, readonly, fd);
		if (got != 0 || waited >= SHARED_WAIT_MS)
			break;
		sleep_ms(SHARED_POLL_MS);
	}
	if (got > 0)
		return VG_OK;
	if (got == 0)
		return vg_fail(err, VG_EDENIED, db_path, "a restore is "
			       "replacing this database (it holds %s); try "
			       "again when it has finished", path);
	/* A reader of a database in a directory it may not write still
	 * reads safely without the lock: nothing it does can be lost. */
	if (readonly && (errno == EACCES || errno == EROFS))
		return VG_OK;
	return vg_fail(err, VG_EIO, path, "cannot take the database's "
		       "lock: %s", strerror(errno));
}

/* " (process 1234, vigil)" for the first other process /proc/locks shows
 * holding a flock on inode ino; "" when it cannot tell. The message is
 * only more helpful with it. */
static void describe_holder(ino_t ino, char *out, size_t size)
{
	FILE *f = fopen("/proc/locks", "re");
	char line[256], kind[16], comm[64] = "", path[64];
	unsigned long long found;
	unsigned maj, min;
	int pid = 0;

	out[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*d: %15s %*s %*s %d %x:%x:%llu", kind, &pid,
			   &maj, &min, &found) == 5 &&
		    !strcmp(kind, "FLOCK") && found == (unsigned long long)ino &&
		    pid > 0 && pid != (int)getpid())
			break;
		pid = 0;
	}
	fclose(f);
	if (pid <= 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "re");
	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	if (comm[0])
		snprintf(out, size, " (process %d, %s)", pid, comm);
	else
		snprintf(out, size, " (process %d)", pid);
}

vg_status store_lock_exclusive(const char *db_path, int *fd,
			       struct vg_error *err)
{
	char path[4096], who[128];
	struct stat st;
	int got;

	*fd = -1;
	if (lock_path(db_path, path, sizeof(path)) != 0)
		return vg_fail(err, VG_EINVAL, db_path, "path too long");
	got = try_lock(path, LOCK_EX, 0, fd);
	if (got > 0)
		return VG_OK;
	if (got < 0)
		return vg_fail(err, VG_EIO, path, "cannot take the database's "
			       "lock: %s", strerror(errno));
	who[0] = '\0';
	if (stat(path, &st) == 0)
		describe_holder(st.st_ino, who, sizeof(who));
	return vg_fail(err, VG_EDENIED, db_path, "the database is open in "
		       "another process%s: stop it (a running vigil serve, "
		       "or another command) first; nothing was changed", who);
}

void store_lock_release(int fd)
{
	if (fd >= 0)
		close(fd); /* closing the only descriptor releases the flock */
}

void store_lock_remove(const char *db_path, int fd)
{
	char path[4096];

	if (fd < 0)
		return;
	if (lock_path(db_path, path, sizeof(path)) == 0)
		unlink(path);
	close(fd);
}

/* "<base>.tmp-XXXXXX" or "<base>.key.tmp-XXXXXX": the names mkstemp
 * gives the temporary files of a restore (backup_temp_create). */
static int is_leftover(const char *name, const char *base)
{
	size_t n = strlen(base), i;
	const char *tail;

	if (strncmp(name, base, n) != 0)
		return 0;
	tail = name + n;
	if (!strncmp(tail, ".key", 4))
		tail += 4;
	if (strncmp(tail, ".tmp-", 5) != 0)
		return 0;
	tail += 5;
	for (i = 0; tail[i]; i++)
		if (!((tail[i] >= 'a' && tail[i] <= 'z') ||
		      (tail[i] >= 'A' && tail[i] <= 'Z') ||
		      (tail[i] >= '0' && tail[i] <= '9')))
			return 0;
	return i == 6;
}

int store_remove_leftovers(const char *db_path)
{
	char *dcopy = strdup(db_path), *bcopy = strdup(db_path);
	char path[4096];
	const char *dir, *base;
	struct dirent *e;
	struct stat st;
	int removed = 0, n;
	DIR *d = NULL;

	if (!dcopy || !bcopy || has_no_file(db_path))
		goto out;
	dir = dirname(dcopy);
	base = basename(bcopy);
	d = opendir(dir);
	if (!d)
		goto out;
	while ((e = readdir(d)) != NULL) {
		if (!is_leftover(e->d_name, base))
			continue;
		n = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (n < 0 || (size_t)n >= sizeof(path) ||
		    lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    st.st_uid != geteuid())
			continue;
		if (unlink(path) == 0) {
			removed++;
			log_line("removed %s, left by an interrupted restore",
				 path);
		}
	}
out:
	if (d)
		closedir(d);
	free(dcopy);
	free(bcopy);
	return removed;
}
