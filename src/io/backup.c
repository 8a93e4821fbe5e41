/* Writing an encrypted backup: snapshot in memory, encrypt in chunks,
 * install atomically. The format is described in backup.h. */
#include "io/backup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "io/backup_int.h"

typedef crypto_secretstream_xchacha20poly1305_state stream_state;

struct chunk_writer {
	int fd;
	const char *path; /* for messages */
	uint8_t header[BACKUP_HEADER_SIZE];
	stream_state state;
	uint8_t *cipher;  /* BACKUP_CHUNK_SIZE + ABYTES */
	uint32_t index;   /* of the next chunk */
	uint32_t total;   /* chunks in the whole backup */
};

/* Copies the live database into memory through SQLite's online backup API:
 * one read transaction, so the copy is consistent even while the server
 * writes. The copy lives in an in-memory database on the memdb VFS, whose
 * pages are one contiguous buffer: *data points into it (no second copy)
 * and stays valid until the caller closes *mem. */
static vg_status snapshot_database(const char *db_path, sqlite3 **mem,
				   uint8_t **data, size_t *size,
				   struct vg_error *err)
{
	sqlite3 *src = NULL;
	sqlite3_backup *bk;
	sqlite3_int64 n = 0;
	vg_status st = VG_OK;
	int rc;

	*mem = NULL;
	*data = NULL;
	*size = 0;
	if (access(db_path, F_OK) != 0)
		return vg_fail(err, VG_ENOTFOUND, db_path,
			       "no such database");
	rc = sqlite3_open_v2(db_path, &src, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_open_v2("file:vigil-backup-snapshot?vfs=memdb", mem,
				     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_URI, NULL);
	if (rc != SQLITE_OK) {
		st = vg_fail(err, VG_EIO, db_path, "cannot open: %s",
			     sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_busy_timeout(src, 10000);
	bk = sqlite3_backup_init(*mem, "main", src, "main");
	if (!bk) {
		st = vg_fail(err, VG_EIO, db_path, "cannot start backup: %s",
			     sqlite3_errmsg(*mem));
		goto out;
	}
	rc = sqlite3_backup_step(bk, -1);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		st = vg_fail(err, VG_EIO, db_path, "cannot copy database: %s",
			     sqlite3_errstr(rc));
		goto out;
	}
	*data = sqlite3_serialize(*mem, "main", &n, SQLITE_SERIALIZE_NOCOPY);
	if (!*data || n <= 100) {
		st = vg_fail(err, VG_EIO, db_path, "empty or unreadable "
			     "database");
		goto out;
	}
	/* Bytes 18 and 19 say "WAL mode": the copy is one self-contained
	 * file, so mark it as a rollback-journal database. vigil switches it
	 * back to WAL when it next opens it. */
	(*data)[18] = 1;
	(*data)[19] = 1;
	*size = (size_t)n;
out:
	if (st != VG_OK) {
		*data = NULL;
		sqlite3_close(*mem);
		*mem = NULL;
	}
	sqlite3_close(src);
	return st;
}

static vg_status write_chunk(struct chunk_writer *w, const uint8_t *plain,
			     size_t len)
{
	uint8_t ad[BACKUP_HEADER_SIZE + BACKUP_CHUNK_HEAD];
	uint8_t head[BACKUP_CHUNK_HEAD];
	unsigned long long clen = 0;
	uint32_t enc_len = (uint32_t)len +
			   crypto_secretstream_xchacha20poly1305_ABYTES;
	size_t adlen;
	unsigned char tag = 0;

	if (w->index + 1 == w->total)
		tag = crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	adlen = backup_chunk_ad(w->header, w->index, enc_len, ad);
	crypto_secretstream_xchacha20poly1305_push(&w->state, w->cipher, &clen,
						   plain, len, ad, adlen, tag);
	backup_put_u32(head, w->index);
	backup_put_u32(head + 4, enc_len);
	if (backup_write_all(w->fd, head, sizeof(head)) != 0 ||
	    backup_write_all(w->fd, w->cipher, (size_t)clen) != 0)
		return vg_fail(NULL, VG_EIO, NULL, "write");
	w->index++;
	return VG_OK;
}

static vg_status write_chunked(struct chunk_writer *w, const uint8_t *data,
			       size_t len)
{
	size_t off, n;
	vg_status st;

	for (off = 0; off < len; off += n) {
		n = len - off;
		if (n > BACKUP_CHUNK_SIZE)
			n = BACKUP_CHUNK_SIZE;
		st = write_chunk(w, data + off, n);
		if (st != VG_OK)
			return st;
	}
	return VG_OK;
}

static uint32_t chunks_for(size_t len)
{
	return (uint32_t)((len + BACKUP_CHUNK_SIZE - 1) / BACKUP_CHUNK_SIZE);
}

static void header_for(const struct backup_secret *secret,
		       struct backup_header *h)
{
	memset(h, 0, sizeof(*h));
	h->version = BACKUP_VERSION;
	h->chunk_size = BACKUP_CHUNK_SIZE;
	if (!secret->passphrase_file) {
		h->kdf = BACKUP_KDF_KEYFILE;
		return;
	}
	/* Backups leave the machine: spend what a desktop can on every guess
	 * an attacker must make. */
	h->kdf = BACKUP_KDF_ARGON2ID;
	randombytes_buf(h->salt, sizeof(h->salt));
	h->opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
	h->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
}

static vg_status read_carried_key(const struct backup_secret *secret,
				  const char *db_key_file, uint8_t **key,
				  size_t *key_len, struct vg_error *err)
{
	vg_status st;

	*key = NULL;
	*key_len = 0;
	if (!secret->passphrase_file || !db_key_file ||
	    access(db_key_file, F_OK) != 0)
		return VG_OK;
	st = backup_read_small_file(db_key_file, BACKUP_KEYFILE_MAX, key,
				    key_len, err);
	return st;
}

static vg_status encrypt_all(struct chunk_writer *w,
			     const struct backup_header *h,
			     const uint8_t *key, const uint8_t *db,
			     size_t db_len, const uint8_t *carried,
			     size_t carried_len)
{
	struct backup_manifest m;
	uint8_t mbytes[BACKUP_MANIFEST_SIZE];
	vg_status st;

	backup_header_pack(h, w->header);
	crypto_secretstream_xchacha20poly1305_init_push(&w->state, w->header + 48,
							key);
	if (backup_write_all(w->fd, w->header, BACKUP_HEADER_SIZE) != 0)
		return VG_EIO;
	m.db_bytes = db_len;
	m.key_bytes = carried_len;
	m.created = (uint64_t)time(NULL);
	backup_manifest_pack(&m, mbytes);
	w->total = 1 + chunks_for(db_len) + chunks_for(carried_len);
	st = write_chunk(w, mbytes, sizeof(mbytes));
	if (st == VG_OK)
		st = write_chunked(w, db, db_len);
	if (st == VG_OK)
		st = write_chunked(w, carried, carried_len);
	return st;
}

vg_status backup_write(const char *db_path, const char *out_path,
		       const struct backup_secret *secret,
		       const char *db_key_file, struct backup_stats *stats,
		       struct vg_error *err)
{
	struct chunk_writer w = { .fd = -1, .path = out_path };
	struct backup_temp tmp = { .fd = -1 };
	struct backup_header h;
	uint8_t *key = NULL, *db = NULL, *carried = NULL;
	sqlite3 *snap = NULL;
	size_t db_len = 0, carried_len = 0;
	vg_status st;

	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, NULL,
			       "cannot initialise libsodium");
	if (access(out_path, F_OK) == 0)
		return vg_fail(err, VG_EEXIST, out_path,
			       "already exists (not overwritten)");
	header_for(secret, &h);
	key = sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES);
	w.cipher = malloc(BACKUP_CHUNK_SIZE +
			  crypto_secretstream_xchacha20poly1305_ABYTES);
	if (!key || !w.cipher) {
		st = vg_fail(err, VG_ENOMEM, NULL, "out of memory");
		goto out;
	}
	st = backup_derive_key(secret, &h, key, err);
	if (st == VG_OK)
		st = read_carried_key(secret, db_key_file, &carried,
				      &carried_len, err);
	if (st == VG_OK)
		st = snapshot_database(db_path, &snap, &db, &db_len, err);
	if (st != VG_OK)
		goto out;
	st = backup_temp_create(out_path, &tmp, err);
	if (st != VG_OK)
		goto out;
	w.fd = tmp.fd;
	st = encrypt_all(&w, &h, key, db, db_len, carried, carried_len);
	if (st == VG_OK && fsync(w.fd) != 0)
		st = VG_EIO;
	if (st != VG_OK) {
		st = vg_fail(err, VG_EIO, out_path, "cannot write: %s",
			     strerror(errno));
		goto out;
	}
	st = backup_install(&tmp, out_path, 0, err);
	if (st == VG_OK && stats) {
		stats->db_bytes = db_len;
		stats->key_bytes = carried_len;
		stats->chunks = w.total;
	}
out:
	backup_temp_discard(&tmp);
	sodium_memzero(&w.state, sizeof(w.state));
	if (db)
		sodium_memzero(db, db_len); /* the plaintext, before SQLite frees it */
	sqlite3_close(snap);
	if (carried)
		sodium_free(carried);
	if (key)
		sodium_free(key);
	free(w.cipher);
	return st;
}
