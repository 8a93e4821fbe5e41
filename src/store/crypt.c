/* crypt.c — the key file and sealing of FIELD_ENCRYPTED values. */
#include "store/crypt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#define B64 sodium_base64_VARIANT_ORIGINAL
#define MAX_SEALED_PLAIN (4u << 20)

int crypt_key_path(const char *db_path, char *out, size_t size)
{
	int n = snprintf(out, size, "%s.key", db_path);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static vg_status ready(struct vg_error *err)
{
	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, NULL,
			       "libsodium could not be initialised");
	return VG_OK;
}

vg_status crypt_key_create(const char *db_path, struct vg_error *err)
{
	unsigned char key[CRYPT_KEY_BYTES];
	char path[4096];
	ssize_t wrote;
	int fd;
	vg_status s = ready(err);

	if (s != VG_OK)
		return s;
	if (crypt_key_path(db_path, path, sizeof(path)) != 0)
		return vg_fail(err, VG_EINVAL, db_path, "path too long");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		return vg_fail(err, VG_EEXIST, path,
			       "a key file is already there; it is kept");
	if (fd < 0)
		return vg_fail(err, VG_EIO, path, "cannot create key file: %s",
			       strerror(errno));
	randombytes_buf(key, sizeof(key));
	wrote = write(fd, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	if (wrote != (ssize_t)sizeof(key) || fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return vg_fail(err, VG_EIO, path, "cannot write key file");
	}
	if (close(fd) != 0)
		return vg_fail(err, VG_EIO, path, "cannot write key file");
	return VG_OK;
}

vg_status crypt_key_load(const char *db_path,
			 unsigned char key[CRYPT_KEY_BYTES],
			 struct vg_error *err)
{
	char path[4096];
	struct stat st;
	ssize_t got;
	int fd;

	if (crypt_key_path(db_path, path, sizeof(path)) != 0)
		return vg_fail(err, VG_EINVAL, db_path, "path too long");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT)
		return vg_fail(err, VG_ENOTFOUND, path, "no key file");
	if (fd < 0)
		return vg_fail(err, VG_EIO, path, "cannot open key file: %s",
			       strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return vg_fail(err, VG_EIO, path, "not a regular file");
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return vg_fail(err, VG_EDENIED, path,
			       "key file may be read by others (mode %03o); "
			       "refusing it: chmod 600 it",
			       (unsigned)(st.st_mode & 0777));
	}
	got = read(fd, key, CRYPT_KEY_BYTES);
	close(fd);
	if (got != CRYPT_KEY_BYTES || st.st_size != CRYPT_KEY_BYTES)
		return vg_fail(err, VG_EINVAL, path,
			       "key file must hold exactly %d bytes",
			       CRYPT_KEY_BYTES);
	return VG_OK;
}

vg_status crypt_seal(const unsigned char key[CRYPT_KEY_BYTES],
		     const char *plain, char **out, struct vg_error *err)
{
	size_t plen = strlen(plain);
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
		      plen;
	size_t b64len;
	unsigned char *box = NULL;
	vg_status s = ready(err);

	*out = NULL;
	if (s != VG_OK)
		return s;
	if (plen > MAX_SEALED_PLAIN)
		return vg_fail(err, VG_ETOOBIG, NULL, "value too long to seal");
	box = malloc(blen);
	b64len = sodium_base64_ENCODED_LEN(blen, B64);
	*out = malloc(b64len);
	if (!box || !*out) {
		free(box);
		free(*out);
		*out = NULL;
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	}
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES,
			      (const unsigned char *)plain, plen, box, key);
	sodium_bin2base64(*out, b64len, box, blen, B64);
	free(box);
	return VG_OK;
}

vg_status crypt_open(const unsigned char key[CRYPT_KEY_BYTES],
		     const char *sealed, char **out, struct vg_error *err)
{
	size_t slen = strlen(sealed);
	size_t blen = 0;
	size_t min = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
	unsigned char *box = NULL;
	vg_status s = ready(err);

	*out = NULL;
	if (s != VG_OK)
		return s;
	box = malloc(slen + 1);
	if (!box)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	if (sodium_base642bin(box, slen + 1, sealed, slen, NULL, &blen, NULL,
			      B64) != 0 || blen < min) {
		s = vg_fail(err, VG_EINVAL, NULL, "not a sealed value");
		goto out;
	}
	*out = malloc(blen - min + 1);
	if (!*out) {
		s = vg_fail(err, VG_ENOMEM, NULL, "out of memory");
		goto out;
	}
	if (crypto_secretbox_open_easy((unsigned char *)*out,
				       box + crypto_secretbox_NONCEBYTES,
				       blen - crypto_secretbox_NONCEBYTES, box,
				       key) != 0) {
		free(*out);
		*out = NULL;
		s = vg_fail(err, VG_EINVAL, NULL,
			    "cannot decrypt: wrong key or altered value");
		goto out;
	}
	(*out)[blen - min] = '\0';
out:
	free(box);
	return s;
}
