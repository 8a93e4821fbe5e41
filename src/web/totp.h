/* totp.h — time-based one-time codes (RFC 6238, 30 s, 6 digits) through
 * liboath, for two-factor sign-in. */
#ifndef VIGIL_WEB_TOTP_H
#define VIGIL_WEB_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"

/* A new random 160-bit secret as base32 (32 characters) into out. */
vg_status totp_new_secret(char out[64]);

/* 1 when code is right for secret now (one step either side allowed). */
int totp_verify(const char *secret_b32, const char *code);

/* Like totp_verify, and writes the time step (unix time / 30) the code
 * belongs to into *step. 1 when right, 0 otherwise. */
int totp_verify_step(const char *secret_b32, const char *code,
		     long long *step);

/* totp_verify for signing in as account user_id: also refuses (0) a code
 * whose time step is not newer than the last one the account used, and
 * records the step when it is (store/users.h users_totp_accept_step). */
int totp_verify_once(store *db, int64_t user_id, const char *secret_b32,
		     const char *code);

/* Writes the code for secret at time t (tests and demos). 0 or -1. */
int totp_code_at(const char *secret_b32, long long t, char out[16]);

/* "otpauth://totp/vigil:<name>?secret=...&issuer=vigil" into b. */
void totp_uri(struct buf *b, const char *account, const char *secret_b32);

#endif
