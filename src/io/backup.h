/* backup.h — encrypted, verified backups of a vigil database.
 *
 * A backup is a consistent snapshot of the live database (SQLite's online
 * backup API, taken while the server keeps running), encrypted with
 * libsodium's crypto_secretstream_xchacha20poly1305 in fixed-size chunks.
 * The plaintext never touches the disk: the snapshot is taken into memory
 * and encrypted from there.
 *
 * The file (all integers big-endian):
 *   header   "VIGILBAK" | version u8 (1) | kdf u8 | 0 u16 | chunk size u32
 *            | salt[16] | opslimit u64 | memlimit u64 | stream header[24]
 *   chunks   index u32 | length u32 | ciphertext[length]
 * Chunk 0 holds the manifest (sizes of what follows), then the database
 * pages, then (passphrase backups only) the database's key file, so that a
 * passphrase backup restores on a machine that has nothing else. The last
 * chunk carries the FINAL tag: a file cut at any chunk boundary is refused.
 * Each chunk authenticates its index and length (and chunk 0 the header),
 * so a flipped byte, a reordered or a foreign chunk is refused and named.
 *
 * The key is either the database's key file (BLAKE2b of its bytes under a
 * fixed context) or a passphrase stretched with Argon2id (the salt and
 * limits are in the header). */
#ifndef VIGIL_IO_BACKUP_H
#define VIGIL_IO_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BACKUP_CHUNK_SIZE 65536
#define BACKUP_PASSPHRASE_MIN 8
/* A passphrase file is read up to this many bytes. */
#define BACKUP_PASSPHRASE_MAX 1024
/* Key files are small; anything larger is not one. */
#define BACKUP_KEYFILE_MAX 4096

/* Where the key comes from. Exactly one of key_file and passphrase_file is
 * set. */
struct backup_secret {
	const char *key_file;        /* a database key file (<db>.key) */
	const char *passphrase_file; /* first line is the passphrase */
};

struct backup_stats {
	uint64_t db_bytes;  /* plaintext database size */
	uint64_t key_bytes; /* key file bytes carried inside (passphrase mode) */
	uint32_t chunks;    /* chunks written or read, manifest included */
};

/* Writes an encrypted backup of the database at db_path to out_path.
 * With a passphrase, db_key_file (may be NULL when the database has none)
 * is carried inside the backup. Refuses to overwrite an existing out_path
 * (VG_EEXIST). The output is written to a temporary file in out_path's
 * directory that has no name where the file system allows (O_TMPFILE),
 * synced, and named out_path only when complete; on any failure, and when
 * the process is killed, nothing is left behind. stats may be NULL. */
vg_status backup_write(const char *db_path, const char *out_path,
		       const struct backup_secret *secret,
		       const char *db_key_file, struct backup_stats *stats,
		       struct vg_error *err);

/* Restores the backup at in_path as a new database at db_path. Every chunk
 * is authenticated before anything is renamed into place; the restored file
 * must pass PRAGMA integrity_check. Refuses an existing db_path unless force
 * is set (then its -wal and -shm files are removed as well), and refuses
 * at once with VG_EDENIED while any process has db_path open (the lock of
 * store.h, held exclusively for the whole restore). The decrypted
 * database is written to a file without a name (backup_int.h), so a
 * restore killed half-way leaves no plaintext; leftovers of one killed
 * in the instant before the rename are removed at the next open. A
 * passphrase backup that carries a key file writes it to <db_path>.key
 * (mode 0600); a key-file backup copies secret->key_file there, so that
 * the restored database can read its encrypted fields.
 *
 * Errors say what is wrong and where: "chunk 3: fails authentication
 * (altered, or from another backup)", "chunk 3: out of order (found chunk
 * 5)", "truncated after chunk 7: the final chunk is missing". */
vg_status backup_restore(const char *in_path, const char *db_path,
			 const struct backup_secret *secret, int force,
			 struct backup_stats *stats, struct vg_error *err);

/* Reads a passphrase file: its first line, without the line end. VG_EINVAL
 * when shorter than BACKUP_PASSPHRASE_MIN. The caller frees *out with
 * sodium_free after use. */
vg_status backup_read_passphrase(const char *path, char **out, size_t *len,
				 struct vg_error *err);

#endif
