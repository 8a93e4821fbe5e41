/* audit_checkpoint.h — signed heads of the audit chain, kept off the
 * machine, that reveal a truncated or rewritten history.
 *
 * The chain alone cannot show that its newest entries were removed (what
 * is left is still a valid chain). A checkpoint records the head at one
 * moment — {seq, hash, at} — signed with an Ed25519 key (libsodium
 * crypto_sign). Kept elsewhere (printed, mailed to a partner, on a USB
 * stick), it lets `vigil audit verify --checkpoint FILE` check later that
 * the chain still holds that very entry.
 *
 * The checkpoint is plain text, one "key value" per line:
 *   vigil-audit-checkpoint 1
 *   seq 42
 *   hash <64 hex>
 *   at 2026-11-29T12:00:00Z
 *   key <public key, 64 hex>
 *   sig <signature over every line above, 128 hex>
 */
#ifndef VIGIL_STORE_AUDIT_CHECKPOINT_H
#define VIGIL_STORE_AUDIT_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/audit.h"
#include "store/store.h"

#define CHECKPOINT_PK_HEX 65   /* 32 bytes as hex and a NUL */
#define CHECKPOINT_MAX_TEXT 4096

struct audit_checkpoint {
	int64_t seq;
	char hash[AUDIT_HASH_HEX];
	char at[32];
	char key[CHECKPOINT_PK_HEX]; /* the signer's public key as hex */
};

/* The signing key file for db_path when none is given: "<db>.audit-key".
 * Returns 0, or -1 if it does not fit. */
int checkpoint_default_key_path(const char *db_path, char *out, size_t size);

/* Reads the Ed25519 secret key in key_path (64 raw bytes, mode 0600); with
 * create set, makes a new one when the file does not exist. VG_ENOTFOUND
 * without create, VG_EDENIED if group or others may read it, VG_EINVAL if
 * it is not a key. sk must hold crypto_sign_SECRETKEYBYTES. */
vg_status checkpoint_key_load(const char *key_path, int create,
			      unsigned char *sk, struct vg_error *err);

/* Verifies the whole chain and, if it holds, writes a signed checkpoint of
 * its head into out (appended). VG_EINVAL when the chain is broken (naming
 * the entry) or empty. */
vg_status checkpoint_make(store *db, const unsigned char *sk,
			  struct buf *out, struct vg_error *err);

/* Parses and checks the signature of a checkpoint. With trusted_pk (32
 * bytes) not NULL, the signer must be that key. VG_EINVAL naming the line
 * for a malformed text, or "bad signature". */
vg_status checkpoint_parse(const char *text, size_t len,
			   const unsigned char *trusted_pk,
			   struct audit_checkpoint *cp, struct vg_error *err);

/* Checks that the chain still holds cp's entry, unchanged, and is itself
 * unbroken. r is filled as by audit_verify; when the chain is whole but
 * misses the checkpoint, r->bad_seq is cp->seq and r->why says so:
 * "truncated: ..." or "rewritten: ...". */
vg_status checkpoint_check(store *db, const struct audit_checkpoint *cp,
			   struct audit_report *r, struct vg_error *err);

#endif
