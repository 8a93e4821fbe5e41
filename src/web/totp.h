/* totp.h — time-based one-time codes (RFC 6238, 30 s, 6 digits) through
 * liboath, for two-factor sign-in. */
#ifndef VIGIL_WEB_TOTP_H
#define VIGIL_WEB_TOTP_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* A new random 160-bit secret as base32 (32 characters) into out. */
vg_status totp_new_secret(char out[64]);

/* 1 when code is right for secret now (one step either side allowed). */
int totp_verify(const char *secret_b32, const char *code);

/* Writes the code for secret at time t (tests and demos). 0 or -1. */
int totp_code_at(const char *secret_b32, long long t, char out[16]);

/* "otpauth://totp/vigil:<name>?secret=...&issuer=vigil" into b. */
void totp_uri(struct buf *b, const char *account, const char *secret_b32);

#endif
