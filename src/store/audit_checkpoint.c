/* audit_checkpoint.c — signed heads of the audit chain (see the header). */
#include "store/audit_checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#define CHECKPOINT_MAGIC "vigil-audit-checkpoint 1"

int checkpoint_default_key_path(const char *db_path, char *out, size_t size)
{
	int n = snprintf(out, size, "%s.audit-key", db_path);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static vg_status create_key(const char *key_path, unsigned char *sk,
			    struct vg_error *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	ssize_t n;
	int fd;

	/* O_EXCL: never replace a key, whose loss would orphan every
	 * checkpoint signed with it. */
	fd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return vg_fail(err, VG_EIO, key_path, "cannot create: %s",
			       strerror(errno));
	crypto_sign_keypair(pk, sk);
	n = write(fd, sk, crypto_sign_SECRETKEYBYTES);
	if (n != crypto_sign_SECRETKEYBYTES || fsync(fd) != 0) {
		close(fd);
		unlink(key_path);
		return vg_fail(err, VG_EIO, key_path, "cannot write the key");
	}
	close(fd);
	return VG_OK;
}

vg_status checkpoint_key_load(const char *key_path, int create,
			      unsigned char *sk, struct vg_error *err)
{
	unsigned char extra;
	struct stat s;
	ssize_t n;
	int fd;

	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, NULL,
			       "cannot initialise libsodium");
	fd = open(key_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create)
		return create_key(key_path, sk, err);
	if (fd < 0)
		return vg_fail(err, errno == ENOENT ? VG_ENOTFOUND : VG_EIO,
			       key_path, "cannot open the signing key: %s",
			       strerror(errno));
	if (fstat(fd, &s) == 0 && (s.st_mode & 077)) {
		close(fd);
		return vg_fail(err, VG_EDENIED, key_path,
			       "signing key readable by others (mode %03o); "
			       "chmod 600 it", (unsigned)(s.st_mode & 0777));
	}
	n = read(fd, sk, crypto_sign_SECRETKEYBYTES);
	if (n == crypto_sign_SECRETKEYBYTES && read(fd, &extra, 1) != 0)
		n = -1;
	close(fd);
	if (n != crypto_sign_SECRETKEYBYTES)
		return vg_fail(err, VG_EINVAL, key_path,
			       "not a signing key (expected %d bytes)",
			       crypto_sign_SECRETKEYBYTES);
	return VG_OK;
}

static vg_status chain_head(store *db, struct audit_checkpoint *cp,
			    struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;

	rc = store_prepare(db, "SELECT seq, hash, at FROM audit_log"
			       " ORDER BY seq DESC LIMIT 1", &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "audit_log");
	rc = store_step(st);
	if (rc == STORE_ROW) {
		cp->seq = store_column_int(st, 0);
		snprintf(cp->hash, sizeof(cp->hash), "%s",
			 store_column_text(st, 1) ? store_column_text(st, 1) :
						    "");
		snprintf(cp->at, sizeof(cp->at), "%s",
			 store_column_text(st, 2) ? store_column_text(st, 2) :
						    "");
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		return vg_fail(err, VG_EINVAL, "audit_log",
			       "the audit log is empty: nothing to checkpoint");
	if (rc != STORE_ROW)
		return store_fail(db, rc, err, "audit_log");
	return VG_OK;
}

vg_status checkpoint_make(store *db, const unsigned char *sk,
			  struct buf *out, struct vg_error *err)
{
	unsigned char sig[crypto_sign_BYTES];
	char sig_hex[crypto_sign_BYTES * 2 + 1];
	struct audit_checkpoint cp = { 0 };
	struct audit_report r;
	struct buf body;
	vg_status st;

	st = audit_verify(db, 0, NULL, &r, err);
	if (st != VG_OK)
		return st;
	if (r.bad_seq)
		return vg_fail(err, VG_EINVAL, "audit_log",
			       "entry %" PRId64 ": %s (no checkpoint of a "
			       "broken chain)", r.bad_seq, r.why);
	st = chain_head(db, &cp, err);
	if (st != VG_OK)
		return st;
	/* libsodium keeps the public key in the second half of an Ed25519
	 * secret key. */
	sodium_bin2hex(cp.key, sizeof(cp.key), sk + crypto_sign_SECRETKEYBYTES -
		       crypto_sign_PUBLICKEYBYTES, crypto_sign_PUBLICKEYBYTES);
	buf_init(&body, CHECKPOINT_MAX_TEXT);
	st = buf_printf(&body, CHECKPOINT_MAGIC "\nseq %" PRId64 "\nhash %s\n"
			"at %s\nkey %s\n", cp.seq, cp.hash, cp.at, cp.key);
	if (st == VG_OK) {
		crypto_sign_detached(sig, NULL, (const unsigned char *)body.ptr,
				     body.len, sk);
		sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, sizeof(sig));
		st = buf_printf(&body, "sig %s\n", sig_hex);
	}
	if (st == VG_OK)
		st = buf_add(out, body.ptr, body.len);
	buf_free(&body);
	if (st != VG_OK)
		return vg_fail(err, st, NULL, "checkpoint too long");
	return VG_OK;
}

/* Copies the value of line "<name> <value>" starting at *p into out and
 * moves *p past the line. */
static vg_status take_line(const char **p, const char *end, const char *name,
			   char *out, size_t size, int lineno,
			   struct vg_error *err)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t nlen = strlen(name), vlen;
	char where[32];

	snprintf(where, sizeof(where), "line %d", lineno);
	if (!nl)
		return vg_fail(err, VG_EINVAL, where, "missing '%s' line",
			       name);
	if ((size_t)(nl - *p) <= nlen + 1 || strncmp(*p, name, nlen) != 0 ||
	    (*p)[nlen] != ' ')
		return vg_fail(err, VG_EINVAL, where, "expected '%s <value>'",
			       name);
	vlen = (size_t)(nl - *p) - nlen - 1;
	if (vlen >= size)
		return vg_fail(err, VG_EINVAL, where, "'%s' value too long",
			       name);
	memcpy(out, *p + nlen + 1, vlen);
	out[vlen] = '\0';
	*p = nl + 1;
	return VG_OK;
}

static int is_hex(const char *s, size_t len)
{
	size_t i;

	if (strlen(s) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return 0;
	return 1;
}

static vg_status parse_fields(const char **p, const char *end,
			      struct audit_checkpoint *cp,
			      struct vg_error *err)
{
	char seq[32], *tail = NULL;
	vg_status st;

	st = take_line(p, end, "seq", seq, sizeof(seq), 2, err);
	if (st == VG_OK)
		st = take_line(p, end, "hash", cp->hash, sizeof(cp->hash), 3,
			       err);
	if (st == VG_OK)
		st = take_line(p, end, "at", cp->at, sizeof(cp->at), 4, err);
	if (st == VG_OK)
		st = take_line(p, end, "key", cp->key, sizeof(cp->key), 5, err);
	if (st != VG_OK)
		return st;
	errno = 0;
	cp->seq = strtoll(seq, &tail, 10);
	if (errno || !tail || *tail || cp->seq <= 0)
		return vg_fail(err, VG_EINVAL, "line 2", "bad seq '%s'", seq);
	if (!is_hex(cp->hash, AUDIT_HASH_HEX - 1))
		return vg_fail(err, VG_EINVAL, "line 3",
			       "hash is not 64 hex digits");
	if (!is_hex(cp->key, CHECKPOINT_PK_HEX - 1))
		return vg_fail(err, VG_EINVAL, "line 5",
			       "key is not 64 hex digits");
	return VG_OK;
}

vg_status checkpoint_parse(const char *text, size_t len,
			   const unsigned char *trusted_pk,
			   struct audit_checkpoint *cp, struct vg_error *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
	char sig_hex[crypto_sign_BYTES * 2 + 2];
	const char *end = text + len, *p = text, *signed_end;
	size_t mlen = sizeof(CHECKPOINT_MAGIC) - 1;
	vg_status st;

	memset(cp, 0, sizeof(*cp));
	if (sodium_init() < 0)
		return vg_fail(err, VG_EINTERNAL, NULL,
			       "cannot initialise libsodium");
	if (len < mlen + 1 || memcmp(text, CHECKPOINT_MAGIC "\n", mlen + 1))
		return vg_fail(err, VG_EINVAL, "line 1",
			       "not a vigil audit checkpoint");
	p += mlen + 1;
	st = parse_fields(&p, end, cp, err);
	if (st != VG_OK)
		return st;
	signed_end = p;
	st = take_line(&p, end, "sig", sig_hex, sizeof(sig_hex), 6, err);
	if (st != VG_OK)
		return st;
	if (!is_hex(sig_hex, crypto_sign_BYTES * 2))
		return vg_fail(err, VG_EINVAL, "line 6",
			       "sig is not 128 hex digits");
	sodium_hex2bin(pk, sizeof(pk), cp->key, strlen(cp->key), NULL, NULL,
		       NULL);
	sodium_hex2bin(sig, sizeof(sig), sig_hex, strlen(sig_hex), NULL, NULL,
		       NULL);
	if (trusted_pk && sodium_memcmp(pk, trusted_pk, sizeof(pk)) != 0)
		return vg_fail(err, VG_EINVAL, "line 5", "signed with another "
			       "key than the one given");
	if (crypto_sign_verify_detached(sig, (const unsigned char *)text,
					(size_t)(signed_end - text), pk) != 0)
		return vg_fail(err, VG_EINVAL, "line 6", "bad signature: the "
			       "checkpoint was altered");
	return VG_OK;
}

/* The hash the chain now holds for entry seq; "" when there is none. */
static vg_status hash_at(store *db, int64_t seq, char out[AUDIT_HASH_HEX],
			 struct vg_error *err)
{
	store_stmt *st;
	store_rc rc;

	out[0] = '\0';
	rc = store_prepare(db, "SELECT hash FROM audit_log WHERE seq = $1",
			   &st);
	if (rc != STORE_OK)
		return store_fail(db, rc, err, "audit_log");
	store_bind_int(st, 1, seq);
	rc = store_step(st);
	if (rc == STORE_ROW && store_column_text(st, 0))
		snprintf(out, AUDIT_HASH_HEX, "%s", store_column_text(st, 0));
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return store_fail(db, rc, err, "audit_log");
	return VG_OK;
}

vg_status checkpoint_check(store *db, const struct audit_checkpoint *cp,
			   struct audit_report *r, struct vg_error *err)
{
	char h[AUDIT_HASH_HEX];
	vg_status st;

	st = audit_verify(db, 0, NULL, r, err);
	if (st != VG_OK || r->bad_seq)
		return st;
	if (r->head_seq < cp->seq) {
		r->bad_seq = cp->seq;
		snprintf(r->why, sizeof(r->why), "truncated: the chain ends at "
			 "entry %" PRId64 " but the checkpoint of %s saw entry "
			 "%" PRId64, r->head_seq, cp->at, cp->seq);
		return VG_OK;
	}
	st = hash_at(db, cp->seq, h, err);
	if (st != VG_OK)
		return st;
	if (strcmp(h, cp->hash) != 0) {
		r->bad_seq = cp->seq;
		snprintf(r->why, sizeof(r->why), "rewritten: entry %" PRId64
			 " is not the one the checkpoint of %s saw (history "
			 "up to it was replaced)", cp->seq, cp->at);
	}
	audit_clean_text(r->why);
	return VG_OK;
}
