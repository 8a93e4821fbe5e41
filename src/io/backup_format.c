/* The backup file format, key derivation and careful file I/O shared by
 * backup.c and restore.c. */
#include "io/backup_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Domain separation: the key file also keys other things (field
 * encryption), so the backup key is a keyed hash of it, never the file. */
static const char KEYFILE_CONTEXT[] = "vigil-backup-key-file-v1";

void backup_put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void backup_put_u64(uint8_t *p, uint64_t v)
{
	backup_put_u32(p, (uint32_t)(v >> 32));
	backup_put_u32(p + 4, (uint32_t)v);
}

uint32_t backup_get_u32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

uint64_t backup_get_u64(const uint8_t *p)
{
	return ((uint64_t)backup_get_u32(p) << 32) | backup_get_u32(p + 4);
}

void backup_header_pack(const struct backup_header *h,
			uint8_t out[BACKUP_HEADER_SIZE])
{
	memset(out, 0, BACKUP_HEADER_SIZE);
	memcpy(out, BACKUP_MAGIC, 8);
	out[8] = h->version;
	out[9] = h->kdf;
	backup_put_u32(out + 12, h->chunk_size);
	memcpy(out + 16, h->salt, sizeof(h->salt));
	backup_put_u64(out + 32, h->opslimit);
	backup_put_u64(out + 40, h->memlimit);
	memcpy(out + 48, h->stream, sizeof(h->stream));
}

vg_status backup_header_unpack(const uint8_t in[BACKUP_HEADER_SIZE],
			       struct backup_header *h, struct vg_error *err)
{
	if (memcmp(in, BACKUP_MAGIC, 8) != 0)
		return vg_fail(err, VG_EINVAL, "header",
			       "not a vigil backup (no VIGILBAK signature)");
	h->version = in[8];
	h->kdf = in[9];
	h->chunk_size = backup_get_u32(in + 12);
	memcpy(h->salt, in + 16, sizeof(h->salt));
	h->opslimit = backup_get_u64(in + 32);
	h->memlimit = backup_get_u64(in + 40);
	memcpy(h->stream, in + 48, sizeof(h->stream));
	if (h->version != BACKUP_VERSION)
		return vg_fail(err, VG_EINVAL, "header",
			       "backup format version %u is not supported "
			       "(this vigil reads version %d)",
			       h->version, BACKUP_VERSION);
	if (h->kdf != BACKUP_KDF_KEYFILE && h->kdf != BACKUP_KDF_ARGON2ID)
		return vg_fail(err, VG_EINVAL, "header",
			       "unknown key derivation %u", h->kdf);
	if (h->chunk_size < BACKUP_MANIFEST_SIZE ||
	    h->chunk_size > BACKUP_CHUNK_SIZE_MAX)
		return vg_fail(err, VG_EINVAL, "header",
			       "chunk size %u out of range", h->chunk_size);
	if (h->kdf == BACKUP_KDF_ARGON2ID &&
	    (h->opslimit < crypto_pwhash_OPSLIMIT_MIN ||
	     h->opslimit > BACKUP_OPSLIMIT_MAX ||
	     h->memlimit < crypto_pwhash_MEMLIMIT_MIN ||
	     h->memlimit > BACKUP_MEMLIMIT_MAX))
		return vg_fail(err, VG_EINVAL, "header",
			       "passphrase hashing limits out of range");
	return VG_OK;
}

void backup_manifest_pack(const struct backup_manifest *m,
			  uint8_t out[BACKUP_MANIFEST_SIZE])
{
	memcpy(out, BACKUP_MANIFEST_MAGIC, 4);
	backup_put_u64(out + 4, m->db_bytes);
	backup_put_u64(out + 12, m->key_bytes);
	backup_put_u64(out + 20, m->created);
}

vg_status backup_manifest_unpack(const uint8_t *in, size_t len,
				 struct backup_manifest *m,
				 struct vg_error *err)
{
	if (len != BACKUP_MANIFEST_SIZE ||
	    memcmp(in, BACKUP_MANIFEST_MAGIC, 4) != 0)
		return vg_fail(err, VG_EINVAL, "chunk 0",
			       "not a backup manifest");
	m->db_bytes = backup_get_u64(in + 4);
	m->key_bytes = backup_get_u64(in + 12);
	m->created = backup_get_u64(in + 20);
	if (m->db_bytes == 0)
		return vg_fail(err, VG_EINVAL, "chunk 0",
			       "the backup holds no database");
	if (m->key_bytes > BACKUP_KEYFILE_MAX)
		return vg_fail(err, VG_EINVAL, "chunk 0",
			       "carried key file too large (%llu bytes)",
			       (unsigned long long)m->key_bytes);
	return VG_OK;
}

size_t backup_chunk_ad(const uint8_t header[BACKUP_HEADER_SIZE],
		       uint32_t index, uint32_t len,
		       uint8_t out[BACKUP_HEADER_SIZE + BACKUP_CHUNK_HEAD])
{
	size_t n = 0;

	if (index == 0) {
		memcpy(out, header, BACKUP_HEADER_SIZE);
		n = BACKUP_HEADER_SIZE;
	}
	backup_put_u32(out + n, index);
	backup_put_u32(out + n + 4, len);
	return n + BACKUP_CHUNK_HEAD;
}

static vg_status derive_from_keyfile(const char *path, uint8_t *key,
				     struct vg_error *err)
{
	uint8_t *bytes = NULL;
	size_t len = 0;
	vg_status st;

	st = backup_read_small_file(path, BACKUP_KEYFILE_MAX, &bytes, &len,
				    err);
	if (st != VG_OK)
		return st;
	if (len < 16) {
		sodium_free(bytes);
		return vg_fail(err, VG_EINVAL, path,
			       "key file too short to be a key (%zu bytes)",
			       len);
	}
	crypto_generichash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES,
			   bytes, len, (const uint8_t *)KEYFILE_CONTEXT,
			   sizeof(KEYFILE_CONTEXT) - 1);
	sodium_free(bytes);
	return VG_OK;
}

static vg_status derive_from_passphrase(const char *path,
					const struct backup_header *h,
					uint8_t *key, struct vg_error *err)
{
	char *pass = NULL;
	size_t len = 0;
	vg_status st;
	int rc;

	st = backup_read_passphrase(path, &pass, &len, err);
	if (st != VG_OK)
		return st;
	rc = crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES,
			   pass, len, h->salt, h->opslimit, (size_t)h->memlimit,
			   crypto_pwhash_ALG_ARGON2ID13);
	sodium_free(pass);
	if (rc != 0)
		return vg_fail(err, VG_ENOMEM, path,
			       "not enough memory to hash the passphrase");
	return VG_OK;
}

vg_status backup_derive_key(const struct backup_secret *secret,
			    const struct backup_header *h, uint8_t *key,
			    struct vg_error *err)
{
	if (h->kdf == BACKUP_KDF_ARGON2ID) {
		if (!secret->passphrase_file)
			return vg_fail(err, VG_EINVAL, "header",
				       "this backup is locked with a "
				       "passphrase: give --passphrase-file");
		return derive_from_passphrase(secret->passphrase_file, h, key,
					      err);
	}
	if (!secret->key_file)
		return vg_fail(err, VG_EINVAL, "header",
			       "this backup is locked with a database key "
			       "file: give --key");
	return derive_from_keyfile(secret->key_file, key, err);
}

vg_status backup_read_small_file(const char *path, size_t max,
				 uint8_t **out, size_t *len,
				 struct vg_error *err)
{
	uint8_t *p;
	long n;
	int fd;

	*out = NULL;
	*len = 0;
	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, path,
			       "cannot initialise libsodium");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vg_fail(err, errno == ENOENT ? VG_ENOTFOUND : VG_EIO,
			       path, "cannot open: %s", strerror(errno));
	/* One byte more than allowed tells "too big" from "exactly max". */
	p = sodium_malloc(max + 1);
	if (!p) {
		close(fd);
		return vg_fail(err, VG_ENOMEM, path, "out of memory");
	}
	n = backup_read_full(fd, p, max + 1);
	close(fd);
	if (n < 0) {
		sodium_free(p);
		return vg_fail(err, VG_EIO, path, "cannot read: %s",
			       strerror(errno));
	}
	if ((size_t)n > max) {
		sodium_free(p);
		return vg_fail(err, VG_ETOOBIG, path,
			       "larger than %zu bytes", max);
	}
	*out = p;
	*len = (size_t)n;
	return VG_OK;
}

vg_status backup_read_passphrase(const char *path, char **out, size_t *len,
				 struct vg_error *err)
{
	uint8_t *bytes = NULL;
	size_t n = 0, i;
	vg_status st;

	*out = NULL;
	*len = 0;
	st = backup_read_small_file(path, BACKUP_PASSPHRASE_MAX, &bytes, &n,
				    err);
	if (st != VG_OK)
		return st;
	for (i = 0; i < n && bytes[i] != '\n' && bytes[i] != '\r'; i++)
		;
	if (i < BACKUP_PASSPHRASE_MIN) {
		sodium_free(bytes);
		return vg_fail(err, VG_EINVAL, path,
			       "passphrase shorter than %d characters",
			       BACKUP_PASSPHRASE_MIN);
	}
	bytes[i] = '\0';
	*out = (char *)bytes;
	*len = i;
	return VG_OK;
}

int backup_write_all(int fd, const void *p, size_t len)
{
	const uint8_t *c = p;
	ssize_t n;

	while (len > 0) {
		n = write(fd, c, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		c += n;
		len -= (size_t)n;
	}
	return 0;
}

long backup_read_full(int fd, void *p, size_t len)
{
	uint8_t *c = p;
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, c + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (long)got;
}
