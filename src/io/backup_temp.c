/* Temporary files of backup and restore, and giving them their final
 * name. A restore's temporary file holds the whole database in plaintext;
 * where the file system allows, it never has a name until it is complete
 * and checked, so a restore killed half-way leaves nothing to find. */
#include "io/backup_int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Tries for a free random name before giving up on the directory. */
#define NAME_TRIES 100

/* An unnamed file is given a name through its /proc/self/fd link. */
static int proc_fd_path(int fd, char *out, size_t size)
{
	return snprintf(out, size, "/proc/self/fd/%d", fd) < (int)size ? 0 : -1;
}

/* A file with no name in dir (O_TMPFILE), or -1 when the file system or
 * the system cannot make or later name one. */
static int open_unnamed(const char *path)
{
	char *copy = strdup(path), probe[64];
	int fd = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	free(copy);
	if (fd >= 0 && (proc_fd_path(fd, probe, sizeof(probe)) != 0 ||
			access(probe, F_OK) != 0)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

vg_status backup_temp_create(const char *path, struct backup_temp *t,
			     struct vg_error *err)
{
	size_t size = strlen(path) + 16;
	char *name;

	t->fd = open_unnamed(path);
	t->name = NULL;
	if (t->fd >= 0)
		return VG_OK;
	name = malloc(size);
	if (!name)
		return vg_fail(err, VG_ENOMEM, path, "out of memory");
	snprintf(name, size, "%s.tmp-XXXXXX", path);
	/* mkstemp creates the file 0600: the content is never readable by
	 * others, not even for a moment. */
	t->fd = mkostemp(name, O_CLOEXEC);
	if (t->fd < 0) {
		free(name);
		return vg_fail(err, VG_EIO, path, "cannot create a temporary "
			       "file: %s", strerror(errno));
	}
	t->name = name;
	return VG_OK;
}

void backup_temp_discard(struct backup_temp *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->name)
		unlink(t->name);
	free(t->name);
	t->name = NULL;
}

static void sync_parent_dir(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return;
	fsync(fd);
	close(fd);
}

/* Links the unnamed file of fd at a new random name beside path, which
 * *name receives (caller frees). */
static vg_status link_random(int fd, const char *path, char **name,
			     struct vg_error *err)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t size = strlen(path) + 16, len;
	char proc[64], *n;
	int i, j;

	*name = NULL;
	if (proc_fd_path(fd, proc, sizeof(proc)) != 0)
		return vg_fail(err, VG_EINTERNAL, path, "descriptor path");
	n = malloc(size);
	if (!n)
		return vg_fail(err, VG_ENOMEM, path, "out of memory");
	for (i = 0; i < NAME_TRIES; i++) {
		len = (size_t)snprintf(n, size, "%s.tmp-", path);
		for (j = 0; j < 6; j++)
			n[len + (size_t)j] =
				alnum[randombytes_uniform(sizeof(alnum) - 1)];
		n[len + 6] = '\0';
		if (linkat(AT_FDCWD, proc, AT_FDCWD, n, AT_SYMLINK_FOLLOW) == 0) {
			*name = n;
			return VG_OK;
		}
		if (errno != EEXIST)
			break;
	}
	free(n);
	return vg_fail(err, VG_EIO, path, "cannot name the new file: %s",
		       strerror(errno));
}

/* Names the unnamed file of t: directly when path must not exist (link
 * fails if it does, so nothing that appeared meanwhile is overwritten);
 * through a random name and a rename when it replaces path. */
static vg_status install_unnamed(struct backup_temp *t, const char *path,
				 int replace, struct vg_error *err)
{
	char proc[64];
	vg_status st;

	if (!replace) {
		if (proc_fd_path(t->fd, proc, sizeof(proc)) != 0)
			return vg_fail(err, VG_EINTERNAL, path,
				       "descriptor path");
		if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) ==
		    0)
			return VG_OK;
		if (errno == EEXIST)
			return vg_fail(err, VG_EEXIST, path,
				       "already exists (not overwritten)");
		return vg_fail(err, VG_EIO, path, "cannot create: %s",
			       strerror(errno));
	}
	st = link_random(t->fd, path, &t->name, err);
	if (st != VG_OK)
		return st;
	if (rename(t->name, path) != 0)
		return vg_fail(err, VG_EIO, path, "cannot rename: %s",
			       strerror(errno));
	free(t->name);
	t->name = NULL;
	return VG_OK;
}

static vg_status install_named(struct backup_temp *t, const char *path,
			       int replace, struct vg_error *err)
{
	if (replace) {
		if (rename(t->name, path) != 0)
			return vg_fail(err, VG_EIO, path, "cannot rename: %s",
				       strerror(errno));
	} else if (link(t->name, path) != 0) {
		/* link() fails if path exists: no window in which a file
		 * that appeared meanwhile is overwritten. */
		if (errno == EEXIST)
			return vg_fail(err, VG_EEXIST, path,
				       "already exists (not overwritten)");
		return vg_fail(err, VG_EIO, path, "cannot create: %s",
			       strerror(errno));
	} else {
		unlink(t->name);
	}
	free(t->name);
	t->name = NULL;
	return VG_OK;
}

vg_status backup_install(struct backup_temp *t, const char *path,
			 int replace, struct vg_error *err)
{
	vg_status st;

	if (t->name)
		st = install_named(t, path, replace, err);
	else
		st = install_unnamed(t, path, replace, err);
	if (st != VG_OK)
		return st;
	sync_parent_dir(path);
	backup_temp_discard(t);
	return VG_OK;
}
