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

/* Creates a private (0600) temporary file beside path: *tmp receives its
 * name (caller frees). Returns the descriptor, or -1 with err filled. */
int backup_temp_beside(const char *path, char **tmp, struct vg_error *err);

/* Moves tmp to path after syncing: with replace, atomically over an
 * existing file; without, failing with VG_EEXIST if path exists. Then
 * syncs the directory so that the rename survives a power cut. */
vg_status backup_install(const char *tmp, const char *path, int replace,
			 struct vg_error *err);

#endif
