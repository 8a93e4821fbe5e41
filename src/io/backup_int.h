/* backup_int.h — what backup.c and restore.c share: the file format, key
 * derivation and careful file I/O. Not a public interface. */
#ifndef VIGIL_IO_BACKUP_INT_H
#define VIGIL_IO_BACKUP_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "core/err.h"
#include "io/backup.h"

#define BACKUP_MAGIC "VIGILBAK"
#define BACKUP_VERSION 1
#define BACKUP_HEADER_SIZE 72
#define BACKUP_CHUNK_HEAD 8
#define BACKUP_MANIFEST_MAGIC "VGMF"
#define BACKUP_MANIFEST_SIZE 28
/* A restore refuses headers that would make it allocate or hash without
 * bound: a hostile file must not be able to exhaust the machine. */
#define BACKUP_CHUNK_SIZE_MAX (1u << 20)
#define BACKUP_MEMLIMIT_MAX (1024ull * 1024 * 1024)
#define BACKUP_OPSLIMIT_MAX 16ull

enum backup_kdf {
	BACKUP_KDF_KEYFILE = 0,
	BACKUP_KDF_ARGON2ID = 1
};

struct backup_header {
	uint8_t version;
	uint8_t kdf;
	uint32_t chunk_size;
	uint8_t salt[crypto_pwhash_SALTBYTES];
	uint64_t opslimit;
	uint64_t memlimit;
	uint8_t stream[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
};

struct backup_manifest {
	uint64_t db_bytes;
	uint64_t key_bytes;
	uint64_t created; /* unix seconds */
};

void backup_put_u32(uint8_t *p, uint32_t v);
void backup_put_u64(uint8_t *p, uint64_t v);
uint32_t backup_get_u32(const uint8_t *p);
uint64_t backup_get_u64(const uint8_t *p);

void backup_header_pack(const struct backup_header *h,
			uint8_t out[BACKUP_HEADER_SIZE]);
/* VG_EINVAL naming what is wrong with the header (magic, version, sizes). */
vg_status backup_header_unpack(const uint8_t in[BACKUP_HEADER_SIZE],
			       struct backup_header *h, struct vg_error *err);

void backup_manifest_pack(const struct backup_manifest *m,
			  uint8_t out[BACKUP_MANIFEST_SIZE]);
vg_status backup_manifest_unpack(const uint8_t *in, size_t len,
				 struct backup_manifest *m,
				 struct vg_error *err);

/* The additional data a chunk authenticates: its index and length, and
 * for chunk 0 the whole file header before them. Returns its length. */
size_t backup_chunk_ad(const uint8_t header[BACKUP_HEADER_SIZE],
		       uint32_t index, uint32_t len,
		       uint8_t out[BACKUP_HEADER_SIZE + BACKUP_CHUNK_HEAD]);

/* Derives the stream key from the secret and the header (salt, limits).
 * key must hold crypto_secretstream_xchacha20poly1305_KEYBYTES. */
vg_status backup_derive_key(const struct backup_secret *secret,
			    const struct backup_header *h, uint8_t *key,
			    struct vg_error *err);

/* Reads a whole small file (at most max bytes) into sodium_malloc'd
 * memory: VG_ENOTFOUND, VG_ETOOBIG or VG_EIO naming the path. The caller
 * frees *out with sodium_free. */
vg_status backup_read_small_file(const char *path, size_t max,
				 uint8_t **out, size_t *len,
				 struct vg_error *err);

/* Writes all of len bytes, retrying on EINTR and short writes. 0 or -1. */
int backup_write_all(int fd, const void *p, size_t len);
/* Reads up to len bytes, stopping only at end of file. The count read, or
 * -1 on an error. */
long backup_read_full(int fd, void *p, size_t len);

/* A file being written, which takes its final name only when complete. */
struct backup_temp {
	int fd;     /* -1 when there is none */
	char *name; /* its temporary name; NULL while it has none */
};

/* Creates a private (0600) temporary file in path's directory. Where the
 * file system allows (O_TMPFILE) it has no name until backup_install
 * gives it path's, so that a process killed meanwhile leaves nothing
 * behind, and a restore's plaintext never lies on disk under a name.
 * Elsewhere it is "<path>.tmp-XXXXXX", which the next open of the
 * database removes (store_remove_leftovers) if the process dies. */
vg_status backup_temp_create(const char *path, struct backup_temp *t,
			     struct vg_error *err);

/* Gives the synced temporary file the name path: with replace,
 * atomically over an existing file; without, failing with VG_EEXIST if
 * path exists. Then syncs the directory so that the name survives a power
 * cut. On success t is closed and empty. */
vg_status backup_install(struct backup_temp *t, const char *path,
			 int replace, struct vg_error *err);

/* Closes t and removes its file, if it still has one. */
void backup_temp_discard(struct backup_temp *t);

/* SQLite's own check of every page, index and constraint of the database
 * file open on fd (PRAGMA integrity_check), which need not have a name:
 * VG_EINVAL saying what is wrong. Reads it in pages, as SQLite reads any
 * database, so memory stays small whatever its size. */
vg_status backup_check_database(int fd, struct vg_error *err);

#endif
