/* Restoring an encrypted backup: every chunk is authenticated, the result
 * checked by SQLite, and only then renamed into place. The format is
 * described in backup.h. */
#include "io/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "io/backup_int.h"
#include "store/store.h"

typedef crypto_secretstream_xchacha20poly1305_state stream_state;

struct chunk_reader {
	int fd;
	uint8_t header[BACKUP_HEADER_SIZE];
	struct backup_header h;
	stream_state state;
	uint8_t *cipher;  /* chunk_size + ABYTES */
	uint8_t *plain;   /* chunk_size, sodium_malloc'd: may hold the key */
	uint32_t index;   /* of the next chunk */
	int final_seen;
};

/* Where the decrypted content goes while it streams in. */
struct restore_sink {
	struct backup_manifest m;
	int db_fd;
	uint64_t db_written;
	uint8_t *key;     /* the carried key file, m.key_bytes long */
	uint64_t key_written;
};

static vg_status read_header(struct chunk_reader *r, struct vg_error *err)
{
	long n = backup_read_full(r->fd, r->header, BACKUP_HEADER_SIZE);

	if (n < 0)
		return vg_fail(err, VG_EIO, "header", "cannot read: %s",
			       strerror(errno));
	if (n < BACKUP_HEADER_SIZE)
		return vg_fail(err, VG_EINVAL, "header",
			       "truncated: %ld of %d bytes", n,
			       BACKUP_HEADER_SIZE);
	return backup_header_unpack(r->header, &r->h, err);
}

/* Reads and decrypts the next chunk into r->plain. *got_chunk is 0 at a
 * clean end of file (no further chunk). */
static vg_status read_chunk(struct chunk_reader *r, size_t *plain_len,
			    int *got_chunk, struct vg_error *err)
{
	uint8_t head[BACKUP_CHUNK_HEAD];
	uint8_t ad[BACKUP_HEADER_SIZE + BACKUP_CHUNK_HEAD];
	unsigned long long mlen = 0;
	uint32_t found, len;
	unsigned char tag = 0;
	char where[32];
	size_t adlen;
	long n;

	*got_chunk = 0;
	snprintf(where, sizeof(where), "chunk %u", r->index);
	n = backup_read_full(r->fd, head, sizeof(head));
	if (n == 0)
		return VG_OK;
	if (n < (long)sizeof(head))
		return vg_fail(err, VG_EINVAL, where, "cut short in its "
			       "header (%ld of %zu bytes)", n, sizeof(head));
	found = backup_get_u32(head);
	len = backup_get_u32(head + 4);
	if (found != r->index)
		return vg_fail(err, VG_EINVAL, where, "out of order (found "
			       "chunk %u): chunks were moved or dropped",
			       found);
	if (len < crypto_secretstream_xchacha20poly1305_ABYTES ||
	    len > r->h.chunk_size +
			  crypto_secretstream_xchacha20poly1305_ABYTES)
		return vg_fail(err, VG_EINVAL, where, "impossible length %u",
			       len);
	n = backup_read_full(r->fd, r->cipher, len);
	if (n < 0)
		return vg_fail(err, VG_EIO, where, "cannot read: %s",
			       strerror(errno));
	if ((uint32_t)n < len)
		return vg_fail(err, VG_EINVAL, where, "cut short (%ld of %u "
			       "bytes): the backup is truncated", n, len);
	adlen = backup_chunk_ad(r->header, r->index, len, ad);
	if (crypto_secretstream_xchacha20poly1305_pull(
		    &r->state, r->plain, &mlen, &tag, r->cipher, len, ad,
		    adlen) != 0) {
		if (r->index == 0)
			return vg_fail(err, VG_EINVAL, where,
				       "fails authentication: wrong key or "
				       "passphrase, or the header was altered");
		return vg_fail(err, VG_EINVAL, where,
			       "fails authentication: altered, or from "
			       "another backup");
	}
	r->final_seen = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	*plain_len = (size_t)mlen;
	*got_chunk = 1;
	r->index++;
	return VG_OK;
}

/* Sends a chunk's bytes to the database file, then to the key. */
static vg_status sink_chunk(struct restore_sink *s, const uint8_t *p,
			    size_t len, const char *where,
			    struct vg_error *err)
{
	uint64_t room = s->m.db_bytes - s->db_written;
	size_t n = len < room ? len : (size_t)room;

	if (n > 0) {
		if (backup_write_all(s->db_fd, p, n) != 0)
			return vg_fail(err, VG_EIO, where,
				       "cannot write the database: %s",
				       strerror(errno));
		s->db_written += n;
		p += n;
		len -= n;
	}
	if (len > s->m.key_bytes - s->key_written)
		return vg_fail(err, VG_EINVAL, where,
			       "more data than the manifest announces");
	memcpy(s->key + s->key_written, p, len);
	s->key_written += len;
	return VG_OK;
}

static vg_status decrypt_all(struct chunk_reader *r, struct restore_sink *s,
			     struct vg_error *err)
{
	char where[32] = "end of file";
	size_t len = 0;
	int got = 0;
	vg_status st;

	st = read_chunk(r, &len, &got, err);
	if (st != VG_OK)
		return st;
	if (!got)
		return vg_fail(err, VG_EINVAL, "chunk 0",
			       "missing: the backup holds only a header");
	st = backup_manifest_unpack(r->plain, len, &s->m, err);
	if (st != VG_OK)
		return st;
	s->key = sodium_malloc(s->m.key_bytes ? s->m.key_bytes : 1);
	if (!s->key)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	while (!r->final_seen) {
		st = read_chunk(r, &len, &got, err);
		if (st != VG_OK)
			return st;
		if (!got)
			return vg_fail(err, VG_EINVAL, "end of file",
				       "truncated after chunk %u: the final "
				       "chunk is missing", r->index - 1);
		snprintf(where, sizeof(where), "chunk %u", r->index - 1);
		st = sink_chunk(s, r->plain, len, where, err);
		if (st != VG_OK)
			return st;
	}
	if (s->db_written != s->m.db_bytes || s->key_written != s->m.key_bytes)
		return vg_fail(err, VG_EINVAL, where,
			       "final chunk reached with data missing");
	if (backup_read_full(r->fd, where, 1) != 0)
		return vg_fail(err, VG_EINVAL, "end of file",
			       "data after the final chunk");
	return VG_OK;
}

static vg_status write_key_file(const char *db_path, const uint8_t *key,
				size_t len, int force, char *key_path,
				size_t key_path_size, struct vg_error *err)
{
	struct backup_temp tmp;
	vg_status st;

	snprintf(key_path, key_path_size, "%s.key", db_path);
	st = backup_temp_create(key_path, &tmp, err);
	if (st != VG_OK)
		return st;
	if (backup_write_all(tmp.fd, key, len) != 0 || fsync(tmp.fd) != 0)
		st = vg_fail(err, VG_EIO, key_path, "cannot write: %s",
			     strerror(errno));
	if (st == VG_OK)
		st = backup_install(&tmp, key_path, force, err);
	backup_temp_discard(&tmp);
	return st;
}

/* The key that goes beside the restored database: the one carried inside
 * a passphrase backup, or the key file the backup was opened with. */
static vg_status install_key(const char *db_path,
			     const struct backup_secret *secret,
			     const struct restore_sink *s, int force,
			     char *key_path, size_t key_path_size,
			     struct vg_error *err)
{
	struct stat a, b;
	uint8_t *bytes = NULL;
	size_t len = 0;
	vg_status st;

	key_path[0] = '\0';
	if (s->m.key_bytes > 0)
		return write_key_file(db_path, s->key, s->m.key_bytes, force,
				      key_path, key_path_size, err);
	if (!secret->key_file)
		return VG_OK;
	snprintf(key_path, key_path_size, "%s.key", db_path);
	if (stat(secret->key_file, &a) == 0 && stat(key_path, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		key_path[0] = '\0'; /* already in place: nothing to undo */
		return VG_OK;
	}
	st = backup_read_small_file(secret->key_file, BACKUP_KEYFILE_MAX,
				    &bytes, &len, err);
	if (st == VG_OK)
		st = write_key_file(db_path, bytes, len, force, key_path,
				    key_path_size, err);
	if (bytes)
		sodium_free(bytes);
	return st;
}

static void remove_sidecars(const char *db_path)
{
	char path[4096];

	/* A stale WAL beside the restored file would be replayed into it. */
	snprintf(path, sizeof(path), "%s-wal", db_path);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", db_path);
	unlink(path);
}

static vg_status install_database(struct backup_temp *tmp,
				  const char *db_path,
				  const struct backup_secret *secret,
				  const struct restore_sink *s, int force,
				  struct vg_error *err)
{
	char key_path[4096];
	vg_status st;

	st = install_key(db_path, secret, s, force, key_path,
			 sizeof(key_path), err);
	if (st != VG_OK)
		return st;
	if (force)
		remove_sidecars(db_path);
	st = backup_install(tmp, db_path, force, err);
	if (st != VG_OK && key_path[0] && !force)
		unlink(key_path);
	return st;
}

static vg_status open_input(const char *in_path, struct chunk_reader *r,
			    struct vg_error *err)
{
	vg_status st;

	r->fd = open(in_path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return vg_fail(err, errno == ENOENT ? VG_ENOTFOUND : VG_EIO,
			       in_path, "cannot open: %s", strerror(errno));
	st = read_header(r, err);
	if (st != VG_OK)
		vg_error_prefix(err, "%s", in_path);
	return st;
}

/* Decrypts the backup into a temporary file, checks it and installs it;
 * the caller holds the database's lock exclusively. */
static vg_status restore_locked(const char *in_path, const char *db_path,
				const struct backup_secret *secret, int force,
				struct backup_stats *stats,
				struct vg_error *err)
{
	struct chunk_reader r = { .fd = -1 };
	struct restore_sink s = { .db_fd = -1 };
	struct backup_temp tmp = { .fd = -1 };
	uint8_t *key = NULL;
	vg_status st;

	st = open_input(in_path, &r, err);
	if (st != VG_OK)
		goto out;
	key = sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES);
	r.cipher = malloc(r.h.chunk_size +
			  crypto_secretstream_xchacha20poly1305_ABYTES);
	r.plain = sodium_malloc(r.h.chunk_size);
	if (!key || !r.cipher || !r.plain) {
		st = vg_fail(err, VG_ENOMEM, NULL, "out of memory");
		goto out;
	}
	st = backup_derive_key(secret, &r.h, key, err);
	if (st != VG_OK)
		goto out;
	if (crypto_secretstream_xchacha20poly1305_init_pull(
		    &r.state, r.h.stream, key) != 0) {
		st = vg_fail(err, VG_EINVAL, "header", "bad stream header");
		goto out;
	}
	st = backup_temp_create(db_path, &tmp, err);
	if (st != VG_OK)
		goto out;
	s.db_fd = tmp.fd;
	st = decrypt_all(&r, &s, err);
	if (st == VG_OK && fsync(s.db_fd) != 0)
		st = vg_fail(err, VG_EIO, db_path, "cannot sync: %s",
			     strerror(errno));
	if (st != VG_OK) {
		vg_error_prefix(err, "%s", in_path);
		goto out;
	}
	st = backup_check_database(tmp.fd, err);
	if (st == VG_OK)
		st = install_database(&tmp, db_path, secret, &s, force, err);
	if (st == VG_OK && stats) {
		stats->db_bytes = s.m.db_bytes;
		stats->key_bytes = s.m.key_bytes;
		stats->chunks = r.index;
	}
out:
	if (r.fd >= 0)
		close(r.fd);
	backup_temp_discard(&tmp);
	sodium_memzero(&r.state, sizeof(r.state));
	if (s.key)
		sodium_free(s.key);
	if (r.plain)
		sodium_free(r.plain);
	if (key)
		sodium_free(key);
	free(r.cipher);
	return st;
}

vg_status backup_restore(const char *in_path, const char *db_path,
			 const struct backup_secret *secret, int force,
			 struct backup_stats *stats, struct vg_error *err)
{
	vg_status st;
	int lock = -1;

	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, NULL,
			       "cannot initialise libsodium");
	if (!force && access(db_path, F_OK) == 0)
		return vg_fail(err, VG_EEXIST, db_path, "already exists "
			       "(not overwritten; --force replaces it)");
	/* Refused at once, before a long decryption, while any process has
	 * the database open: its writes would go on into the replaced file
	 * and be lost. Held to the end, so nothing opens it half-way. */
	st = store_lock_exclusive(db_path, &lock, err);
	if (st != VG_OK)
		return st;
	(void)store_remove_leftovers(db_path);
	st = restore_locked(in_path, db_path, secret, force, stats, err);
	if (st != VG_OK && access(db_path, F_OK) != 0)
		store_lock_remove(db_path, lock); /* nothing else is left */
	else
		store_lock_release(lock);
	return st;
}
