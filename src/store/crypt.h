/* crypt.h — encryption at rest of the fields marked FIELD_ENCRYPTED.
 *
 * The key is 32 random bytes in a file beside the database, "<db>.key",
 * readable by its owner only: a copy of the database alone does not reveal
 * witness identities. Values are sealed with libsodium's crypto_secretbox
 * (XSalsa20-Poly1305) under a fresh random nonce each and stored as
 * base64(nonce || ciphertext). */
#ifndef VIGIL_STORE_CRYPT_H
#define VIGIL_STORE_CRYPT_H

#include <stddef.h>

#include "core/err.h"

#define CRYPT_KEY_BYTES 32

/* Writes "<db_path>.key" into out. Returns 0, or -1 if it does not fit. */
int crypt_key_path(const char *db_path, char *out, size_t size);

/* Creates a new random key file (mode 0600) for db_path. VG_EEXIST if one
 * is already there (never overwritten: that would lose every sealed
 * value), VG_EIO if it cannot be written. */
vg_status crypt_key_create(const char *db_path, struct vg_error *err);

/* Reads the key file of db_path into key. VG_ENOTFOUND if there is none,
 * VG_EDENIED if group or others may read it (the file is named and its
 * mode given), VG_EINVAL if it is not exactly 32 bytes. */
vg_status crypt_key_load(const char *db_path,
			 unsigned char key[CRYPT_KEY_BYTES],
			 struct vg_error *err);

/* Seals plain text; *out is a NUL-terminated base64 string the caller
 * frees. VG_ENOMEM or VG_EINTERNAL (libsodium not initialised). */
vg_status crypt_seal(const unsigned char key[CRYPT_KEY_BYTES],
		     const char *plain, char **out, struct vg_error *err);

/* Opens a sealed value; *out is the plain text the caller frees.
 * VG_EINVAL if it is not valid base64, too short, or fails
 * authentication (wrong key or altered data). */
vg_status crypt_open(const unsigned char key[CRYPT_KEY_BYTES],
		     const char *sealed, char **out, struct vg_error *err);

#endif
