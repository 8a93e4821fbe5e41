/* Fuzzes restoring a backup file: a backup comes back from outside (a
 * disk, a partner), so any bytes must be refused with a reason and leave
 * nothing behind; none can get past authentication without the key. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "io/backup.h"

static char dir[64];
static char key_path[128];

static void remove_key(void)
{
	unlink(key_path);
	rmdir(dir);
}

static void make_key(void)
{
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/vigil-fuzz-restore-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	atexit(remove_key);
	snprintf(key_path, sizeof(key_path), "%s/k", dir);
	f = fopen(key_path, "wb");
	if (!f || fwrite("0123456789abcdef0123456789abcdef", 1, 32, f) != 32)
		abort();
	fclose(f);
}

static int dir_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		abort();
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct backup_secret secret = { 0 };
	struct vg_error err;
	char in[64], db[160];
	int fd;

	if (!dir[0])
		make_key();
	fd = memfd_create("backup", 0);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(in, sizeof(in), "/proc/self/fd/%d", fd);
	snprintf(db, sizeof(db), "%s/restored.db", dir);
	secret.key_file = key_path;
	memset(&err, 0, sizeof(err));
	if (backup_restore(in, db, &secret, 0, NULL, &err) == VG_OK)
		abort(); /* no input can be authenticated without the key */
	if (!err.msg[0] || dir_entries() != 1)
		abort(); /* a refusal says why and leaves only the key */
	close(fd);
	return 0;
}
