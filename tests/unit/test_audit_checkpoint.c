/* Unit tests for src/store/audit_checkpoint.c: a signed head of the audit
 * chain reveals truncation and rewriting that the chain alone cannot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store/audit.h"
#include "store/audit_checkpoint.h"
#include "store/schema.h"
#include "store/store.h"

struct fixture {
	char dir[512];
	char db_path[600];
	char key_path[620];
	store *db;
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
};

static void append_entries(store *db, int n)
{
	struct audit_entry e = { .actor = "cli", .action = "create",
				 .record_type = "person",
				 .record_id = "V-000001" };
	struct vg_error err;
	int i;

	for (i = 0; i < n; i++)
		assert_int_equal(audit_append(db, &e, NULL, &err), VG_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("VIGIL_TMP");
	struct vg_error err;

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "%s/checkpoint-XXXXXX",
		 tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db_path, sizeof(f->db_path), "%s/t.db", f->dir);
	assert_int_equal(checkpoint_default_key_path(f->db_path, f->key_path,
						     sizeof(f->key_path)), 0);
	assert_int_equal(store_open(f->db_path, STORE_OPEN_CREATE, &f->db,
				    &err), STORE_OK);
	assert_int_equal(schema_migrate(f->db, 0, NULL, &err), VG_OK);
	append_entries(f->db, 5);
	assert_int_equal(checkpoint_key_load(f->key_path, 1, f->sk, &err),
			 VG_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[700];

	store_close(f->db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void make_checkpoint(struct fixture *f, struct buf *text,
			    struct audit_checkpoint *cp)
{
	struct vg_error err;

	buf_init(text, CHECKPOINT_MAX_TEXT);
	assert_int_equal(checkpoint_make(f->db, f->sk, text, &err), VG_OK);
	assert_int_equal(checkpoint_parse(text->ptr, text->len, NULL, cp,
					  &err), VG_OK);
}

/* Deletes the audit entries from seq on, as an intruder with the file
 * would: the chain left behind still verifies. */
static void cut_chain_from(store *db, int seq)
{
	char sql[80];

	snprintf(sql, sizeof(sql), "DELETE FROM audit_log WHERE seq >= %d",
		 seq);
	assert_int_equal(store_exec(db, sql), STORE_OK);
}

/* The chain checked against cp is reported broken at bad_seq, with word
 * in the reason. */
static void expect_check_fails(struct fixture *f,
			       const struct audit_checkpoint *cp,
			       int64_t bad_seq, const char *word)
{
	struct audit_report r;
	struct vg_error err;

	assert_int_equal(checkpoint_check(f->db, cp, &r, &err), VG_OK);
	assert_int_equal(r.bad_seq, bad_seq);
	assert_non_null(strstr(r.why, word));
}

/* Parsing text against pk (NULL: any key) is refused with word in the
 * message. */
static void expect_parse_refused(const struct buf *text,
				 const unsigned char *pk, const char *word)
{
	struct audit_checkpoint cp;
	struct vg_error err;

	assert_int_equal(checkpoint_parse(text->ptr, text->len, pk, &cp, &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.msg, word));
}

static void test_checkpoint_names_the_head_and_holds_while_chain_grows(
	void **state)
{
	struct fixture *f = *state;
	struct audit_checkpoint cp;
	struct audit_report r;
	struct vg_error err;
	struct buf text;

	make_checkpoint(f, &text, &cp);
	assert_int_equal(cp.seq, 5);
	assert_int_equal(strlen(cp.hash), 64);
	append_entries(f->db, 3);
	assert_int_equal(checkpoint_check(f->db, &cp, &r, &err), VG_OK);
	assert_int_equal(r.bad_seq, 0);
	assert_int_equal(r.head_seq, 8);
	buf_free(&text);
}

static void test_truncated_chain_is_caught_by_the_checkpoint(void **state)
{
	struct fixture *f = *state;
	struct audit_checkpoint cp;
	struct audit_report r;
	struct vg_error err;
	struct buf text;

	make_checkpoint(f, &text, &cp);
	cut_chain_from(f->db, 4);
	/* The chain alone still holds: only the checkpoint tells. */
	assert_int_equal(audit_verify(f->db, 0, NULL, &r, &err), VG_OK);
	assert_int_equal(r.bad_seq, 0);
	expect_check_fails(f, &cp, 5, "truncated");
	buf_free(&text);
}

static void test_truncated_and_regrown_chain_is_caught(void **state)
{
	struct fixture *f = *state;
	struct audit_checkpoint cp;
	struct buf text;

	make_checkpoint(f, &text, &cp);
	cut_chain_from(f->db, 3);
	sleep(1); /* a different "at" makes different hashes */
	append_entries(f->db, 4);
	expect_check_fails(f, &cp, 5, "rewritten");
	buf_free(&text);
}

static void test_altered_checkpoint_fails_its_signature(void **state)
{
	struct fixture *f = *state;
	struct audit_checkpoint cp;
	struct buf text;
	char *seq;

	make_checkpoint(f, &text, &cp);
	seq = strstr(text.ptr, "seq 5");
	assert_non_null(seq);
	seq[4] = '4';
	expect_parse_refused(&text, NULL, "bad signature");
	buf_free(&text);
}

static void test_checkpoint_from_another_key_is_refused_when_key_given(
	void **state)
{
	struct fixture *f = *state;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	struct audit_checkpoint cp;
	struct vg_error err;
	struct buf text;

	make_checkpoint(f, &text, &cp);
	crypto_sign_keypair(pk, sk);
	expect_parse_refused(&text, pk, "another key");
	memcpy(pk, f->sk + 32, sizeof(pk));
	assert_int_equal(checkpoint_parse(text.ptr, text.len, pk, &cp, &err),
			 VG_OK);
	buf_free(&text);
}

static void test_garbage_checkpoint_is_refused_naming_the_line(void **state)
{
	struct audit_checkpoint cp;
	struct vg_error err;
	const char *t = "vigil-audit-checkpoint 1\nseq 5\nhash zz\n";

	(void)state;
	assert_int_equal(checkpoint_parse("hello", 5, NULL, &cp, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "line 1");
	assert_int_equal(checkpoint_parse(t, strlen(t), NULL, &cp, &err),
			 VG_EINVAL);
	assert_string_equal(err.where, "line 4");
}

static void test_signing_key_readable_by_others_is_refused(void **state)
{
	struct fixture *f = *state;
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	struct vg_error err;

	assert_int_equal(chmod(f->key_path, 0644), 0);
	assert_int_equal(checkpoint_key_load(f->key_path, 0, sk, &err),
			 VG_EDENIED);
	assert_int_equal(chmod(f->key_path, 0600), 0);
	assert_int_equal(checkpoint_key_load(f->key_path, 0, sk, &err), VG_OK);
	assert_memory_equal(sk, f->sk, sizeof(sk));
}

static void test_broken_chain_gets_no_checkpoint(void **state)
{
	struct fixture *f = *state;
	struct vg_error err;
	struct buf text;

	assert_int_equal(store_exec(f->db, "UPDATE audit_log SET actor = "
				    "'someone' WHERE seq = 2"), STORE_OK);
	buf_init(&text, CHECKPOINT_MAX_TEXT);
	assert_int_equal(checkpoint_make(f->db, f->sk, &text, &err),
			 VG_EINVAL);
	assert_non_null(strstr(err.msg, "entry 2"));
	buf_free(&text);
}

/* Each test but one gets its own database, chain and key. */
#define WITH_FIXTURE(test) \
	cmocka_unit_test_setup_teardown(test, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		WITH_FIXTURE(test_checkpoint_names_the_head_and_holds_while_chain_grows),
		WITH_FIXTURE(test_truncated_chain_is_caught_by_the_checkpoint),
		WITH_FIXTURE(test_truncated_and_regrown_chain_is_caught),
		WITH_FIXTURE(test_altered_checkpoint_fails_its_signature),
		WITH_FIXTURE(test_checkpoint_from_another_key_is_refused_when_key_given),
		cmocka_unit_test(
			test_garbage_checkpoint_is_refused_naming_the_line),
		WITH_FIXTURE(test_signing_key_readable_by_others_is_refused),
		WITH_FIXTURE(test_broken_chain_gets_no_checkpoint),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
