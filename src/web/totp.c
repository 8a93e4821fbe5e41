/* TOTP through liboath. */
#include "web/totp.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "store/users.h"
#include "web/page.h"

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready;

static void init_oath(void)
{
	oath_ready = oath_init() == OATH_OK;
}

vg_status totp_new_secret(char out[64])
{
	unsigned char raw[20];
	char *enc = NULL;
	size_t len = 0;

	pthread_once(&oath_once, init_oath);
	if (!oath_ready || sodium_init() < 0)
		return VG_EINTERNAL;
	randombytes_buf(raw, sizeof(raw));
	if (oath_base32_encode((const char *)raw, sizeof(raw), &enc, &len) !=
		    OATH_OK || len >= 64) {
		free(enc);
		return VG_EINTERNAL;
	}
	memcpy(out, enc, len);
	out[len] = '\0';
	sodium_memzero(raw, sizeof(raw));
	free(enc);
	return VG_OK;
}

static int decode(const char *secret_b32, char **raw, size_t *len)
{
	pthread_once(&oath_once, init_oath);
	if (!oath_ready || !secret_b32 || !*secret_b32)
		return -1;
	return oath_base32_decode(secret_b32, strlen(secret_b32), raw, len) ==
			       OATH_OK ? 0 : -1;
}

int totp_verify_step(const char *secret_b32, const char *code,
		     long long *step)
{
	char *raw = NULL;
	size_t len = 0, i, n = code ? strlen(code) : 0;
	time_t now = time(NULL);
	int rc, pos = 0;

	if (n != 6)
		return 0;
	for (i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	if (decode(secret_b32, &raw, &len))
		return 0;
	rc = oath_totp_validate2(raw, len, now, 30, 0, 1, &pos, code);
	sodium_memzero(raw, len);
	free(raw);
	if (rc < 0)
		return 0;
	if (step)
		*step = (long long)(now / 30) + pos;
	return 1;
}

int totp_verify(const char *secret_b32, const char *code)
{
	return totp_verify_step(secret_b32, code, NULL);
}

int totp_verify_once(store *db, int64_t user_id, const char *secret_b32,
		     const char *code)
{
	long long step = 0;
	struct vg_error err;

	vg_error_clear(&err);
	if (!totp_verify_step(secret_b32, code, &step))
		return 0;
	return users_totp_accept_step(db, user_id, step, &err) == VG_OK;
}

int totp_code_at(const char *secret_b32, long long t, char out[16])
{
	char *raw = NULL;
	size_t len = 0;
	int rc;

	if (decode(secret_b32, &raw, &len))
		return -1;
	rc = oath_totp_generate(raw, len, (time_t)t, 30, 0, 6, out);
	free(raw);
	return rc == OATH_OK ? 0 : -1;
}

void totp_uri(struct buf *b, const char *account, const char *secret_b32)
{
	(void)buf_adds(b, "otpauth://totp/vigil:");
	html_url_arg(b, account);
	(void)buf_adds(b, "?secret=");
	html_url_arg(b, secret_b32);
	(void)buf_adds(b, "&issuer=vigil&digits=6&period=30");
}
