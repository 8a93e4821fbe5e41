/* Fault injection: every allocation SQLite makes, and every call it makes
 * to the file system, fails once in turn while the store imports, writes
 * records, queues and accepts review items, merges two people, takes a
 * backup and an export, and while it verifies the audit chain (which must
 * then fail, never call a sound chain broken).
 *
 * For an operation and a kind of fault, the loop runs the operation on a
 * fresh copy of one casebook with the n-th call failing, for n = 1, 2, ...
 * until a run makes fewer than n calls. Each run must end in one of two
 * ways: an error status with a message, and the casebook exactly as it was
 * (a dump of every table, byte for byte); or success, and the casebook
 * exactly as a run without faults leaves it. Either way no transaction is
 * left open and the audit chain verifies. Time and random bytes repeat
 * (fault_hooks.h) so that the two dumps can be compared whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "fault_hooks.h"
#include "io/backup.h"
#include "io/export.h"
#include "io/import.h"
#include "store/audit.h"
#include "store/crypt.h"
#include "store/merge.h"
#include "store/review.h"
#include "fault_test_util.h"
#include "store_test_util.h"

static const struct actor cli = { 0, "cli", ROLE_ADMIN };
static const struct actor editor = { 3, "eda", ROLE_EDITOR };

#define MAX_RUNS 200000L

struct fixture {
	char dir[512];
	char base[600], work[600], work_key[620], json[600], bak[600];
	char restored[600];
	char p_keep[32], p_dup[32], p_spare[32]; /* people of the base */
	int64_t item;                            /* an open review item */
	char *before;                            /* dump of the base */
	unsigned char *base_bytes;               /* the base file itself */
	size_t base_len;
	int work_clean; /* the work copy is byte for byte the base */
};

static struct fixture fx;

/* --- files --- */

/* 1 when the file at path holds exactly the base's bytes. */
static int same_as_base(const char *path)
{
	size_t len;
	unsigned char *p = read_all(path, &len);
	int same = p && len == fx.base_len && !memcmp(p, fx.base_bytes, len);

	free(p);
	return same;
}

/* The dump of the casebook, and whether its chain holds. Read through
 * the connection that wrote: with no transaction open, what it reads is
 * what was committed (opening another connection per run would parse the
 * schema again and double the loop's time). */
static char *inspect(store *db, char *why, size_t size)
{
	char *d = dump(db);

	why[0] = '\0';
	if (!chain_holds(db, why, size) && !why[0])
		snprintf(why, size, "broken");
	return d;
}

static char *inspect_file(const char *path, char *why, size_t size)
{
	store *db = open_store(path);
	char *d = inspect(db, why, size);

	store_close(db);
	return d;
}

/* --- the casebook every run starts from --- */

static void create_into(store *db, const char *type, const char *text,
			char *id, size_t size)
{
	struct vg_error err = { 0 };
	json_error_t je;
	json_t *rec = json_loads(text, 0, &je), *out = NULL;

	if (!rec)
		fail_msg("test JSON: %s: %s", text, je.text);
	if (records_create(db, &cli, type, rec, &out, &err) != VG_OK)
		fail_msg("create %s: %s: %s", type, err.where, err.msg);
	if (id)
		snprintf(id, size, "%s", json_string_value(json_object_get(out, "id")));
	json_decref(rec);
	json_decref(out);
}

static const char review_text[] =
	"Aruzhan Bekova, the mother of Arman Bekov, said he was detained in July 2021.";

/* Two proposed people who are related: the first is accepted into the
 * base, the second (whose accept links them) is left for the test. */
static const char proposal[] =
	"{\"persons\": ["
	" {\"name\": \"Aruzhan Bekova\", \"variants\": [], \"role\": \"relative\","
	"  \"occupation\": \"nurse\","
	"  \"relations\": [{\"type\": \"mother_of\", \"of\": \"Arman Bekov\","
	"   \"start\": 0, \"end\": 41, \"quote\": \"Aruzhan Bekova, the mother of Arman Bekov\"}],"
	"  \"evidence\": [{\"field\": \"name\", \"start\": 0, \"end\": 14, \"quote\": \"Aruzhan Bekova\"}]},"
	" {\"name\": \"Arman Bekov\", \"variants\": [\"Арман Беков\"], \"role\": \"victim\","
	"  \"status\": \"detained\", \"status_since\": \"July 2021\","
	"  \"ethnicity\": \"Kazakh\","
	"  \"relations\": [{\"type\": \"child_of\", \"of\": \"Aruzhan Bekova\","
	"   \"start\": 0, \"end\": 41, \"quote\": \"Aruzhan Bekova, the mother of Arman Bekov\"}],"
	"  \"evidence\": [{\"field\": \"name\", \"start\": 30, \"end\": 41, \"quote\": \"Arman Bekov\"},"
	"   {\"field\": \"status\", \"start\": 50, \"end\": 75, \"quote\": \"was detained in July 2021\"}]}"
	"]}";

static void queue_review(store *db)
{
	struct review_source src = { "Interview", "testimony", NULL, NULL, "en",
				     review_text };
	struct vg_error err = { 0 };
	json_t *p = json_loads(proposal, 0, NULL);
	char source[32], person[32];
	size_t n = 0;
	int64_t last = 0;

	assert_non_null(p);
	if (review_queue(db, &editor, &src, p, source, sizeof(source), &n,
			 &err) != VG_OK)
		fail_msg("queue: %s: %s", err.where, err.msg);
	json_decref(p);
	assert_int_equal(n, 2);
	assert_int_equal(store_query_int(db, "SELECT max(id) FROM review_item",
					 &last), STORE_ROW);
	if (review_accept(db, &editor, last - 1, NULL, NULL, person,
			  sizeof(person), &err) != VG_OK)
		fail_msg("accept: %s: %s", err.where, err.msg);
	fx.item = last;
}

static void write_import_file(void)
{
	FILE *f = fopen(fx.json, "w");

	assert_non_null(f);
	fputs("{\"vigil\": 1, \"records\": [\n"
	      " {\"record\": \"person\", \"id\": \"V-000100\", \"names\":"
	      "  [{\"name\": \"Gulnar Tursun\"}, {\"name\": \"Гүлнар Турсун\","
	      "  \"script\": \"Cyrl\"}], \"occupation\": \"doctor\"},\n"
	      " {\"record\": \"act\", \"victim\": \"V-000100\","
	      "  \"type\": \"detention\", \"start_date\": \"March 2018\"},\n"
	      " {\"record\": \"person\", \"names\": [{\"name\": \"Erbol Sadyk\"}],"
	      "  \"home_address\": \"street 4\"}\n"
	      "]}\n", f);
	fclose(f);
}

static void build_base(void)
{
	struct vg_error err = { 0 };
	store *db = NULL;
	char act[96], work_key_src[620];

	if (store_open(fx.base, STORE_OPEN_CREATE, &db, &err) != STORE_OK ||
	    schema_migrate(db, 0, NULL, &err) != VG_OK)
		fail_msg("base: %s: %s", err.where, err.msg);
	store_close(db);
	if (crypt_key_create(fx.base, &err) != VG_OK)
		fail_msg("key: %s", err.msg);
	db = open_store(fx.base);
	create_into(db, "person", "{\"names\": [{\"name\": \"Arman Bekov\"}],"
		    " \"occupation\": \"teacher\"}", fx.p_keep, sizeof(fx.p_keep));
	create_into(db, "person", "{\"names\": [{\"name\": \"Арман Беков\","
		    " \"script\": \"Cyrl\"}], \"birth\": \"about 1985\"}",
		    fx.p_dup, sizeof(fx.p_dup));
	snprintf(act, sizeof(act), "{\"victim\": \"%s\", \"type\": \"arrest\"}",
		 fx.p_dup);
	create_into(db, "act", act, NULL, 0);
	create_into(db, "person", "{\"names\": [{\"name\": \"Dilnur Ablet\"}],"
		    " \"home_address\": \"house 9\"}", fx.p_spare,
		    sizeof(fx.p_spare));
	queue_review(db);
	fx.before = dump(db);
	store_close(db);
	snprintf(work_key_src, sizeof(work_key_src), "%s.key", fx.base);
	copy_file(work_key_src, fx.work_key);
	fx.base_bytes = read_all(fx.base, &fx.base_len);
	assert_non_null(fx.base_bytes);
}

static int setup(void **state)
{
	struct vg_error err;
	const char *tmp = getenv("VIGIL_TMP");

	/* Each run creates and deletes the casebook's -wal and -shm files:
	 * on a disk file system that costs more than the run itself, so a
	 * memory file system is used when there is one. */
	if (access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";

	if (fault_install() != 0)
		return -1;
	if (thesaurus_load(&err) != VG_OK)
		return -1;
	snprintf(fx.dir, sizeof(fx.dir), "%s/faults-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(fx.dir))
		return -1;
	snprintf(fx.base, sizeof(fx.base), "%s/base.db", fx.dir);
	snprintf(fx.work, sizeof(fx.work), "%s/work.db", fx.dir);
	snprintf(fx.work_key, sizeof(fx.work_key), "%s.key", fx.work);
	snprintf(fx.json, sizeof(fx.json), "%s/import.json", fx.dir);
	snprintf(fx.bak, sizeof(fx.bak), "%s/work.bak", fx.dir);
	snprintf(fx.restored, sizeof(fx.restored), "%s/restored.db", fx.dir);
	fault_repeatable(1);
	build_base();
	write_import_file();
	return 0;
}

static int teardown(void **state)
{
	char cmd[700];

	free(fx.before);
	free(fx.base_bytes);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx.dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* --- the operations --- */

static vg_status op_import(store *db, struct vg_error *err)
{
	return io_import_file(db, &cli, fx.json, 0, err);
}

static vg_status op_create(store *db, struct vg_error *err)
{
	json_t *rec = json_pack("{s:[{s:s},{s:s,s:s}],s:s,s:s}", "names",
				"name", "Mihrigul Tursun", "name",
				"Михригүл Турсун", "script", "Cyrl",
				"occupation", "engineer", "home_address",
				"flat 12");
	json_t *out = NULL;
	vg_status s = records_create(db, &cli, "person", rec, &out, err);

	if (s == VG_OK && !json_string_value(json_object_get(out, "id")))
		s = vg_fail(err, VG_EINTERNAL, "create", "no id returned");
	json_decref(rec);
	json_decref(out);
	return s;
}

static vg_status op_update(store *db, struct vg_error *err)
{
	json_t *ch = json_pack("{s:s,s:[{s:s},{s:s}],s:s}", "occupation",
			       "poet", "names", "name", "Dilnur Ablet", "name",
			       "Dilnur Abletova", "home_address", "house 10");
	json_t *out = NULL;
	vg_status s = records_update(db, &cli, "person", fx.p_spare, ch, &out,
				     err);

	json_decref(ch);
	json_decref(out);
	return s;
}

static vg_status op_delete(store *db, struct vg_error *err)
{
	return records_delete(db, &cli, "person", fx.p_spare, err);
}

static vg_status op_accept(store *db, struct vg_error *err)
{
	char person[32];

	return review_accept(db, &editor, fx.item, NULL, NULL, person,
			     sizeof(person), err);
}

static vg_status op_merge(store *db, struct vg_error *err)
{
	json_t *moved = NULL;
	vg_status s = person_merge(db, &cli, fx.p_keep, fx.p_dup, &moved, err);

	json_decref(moved);
	return s;
}

static vg_status op_backup(store *db, struct vg_error *err)
{
	struct backup_secret secret = { fx.work_key, NULL };

	return backup_write(fx.work, fx.bak, &secret, NULL, NULL, err);
}

static vg_status op_queue(store *db, struct vg_error *err)
{
	struct review_source src = { "Letter", "testimony", NULL, NULL, "en",
				     review_text };
	json_t *p = json_loads(proposal, 0, NULL);
	char source[32];
	vg_status s;

	if (!p)
		fail_msg("test JSON");
	s = review_queue(db, &editor, &src, p, source, sizeof(source), NULL,
			 err);
	json_decref(p);
	return s;
}

/* Reads only; what it wrote is thrown away. */
static vg_status op_export(store *db, struct vg_error *err)
{
	FILE *f = tmpfile();
	vg_status s;

	if (!f)
		fail_msg("no temporary file");
	s = io_export(db, ROLE_ADMIN, f, err);
	fclose(f);
	return s;
}

/* Only reads: a fault may make it fail, never report a sound chain as
 * broken (tampering is what it exists to find). */
static vg_status op_verify(store *db, struct vg_error *err)
{
	struct audit_report r;
	vg_status s = audit_verify(db, 0, NULL, &r, err);

	if (s == VG_OK && r.bad_seq)
		fail_msg("verify, fault at %s: a sound chain reported broken at"
			 " entry %lld: %s", fault_last(), (long long)r.bad_seq,
			 r.why);
	return s;
}

struct op {
	const char *name;
	vg_status (*run)(store *db, struct vg_error *err);
	int on_store; /* 0: the operation opens the casebook itself */
	int writes;   /* 0: the casebook stays as it was */
};

/* --- one run --- */

struct outcome {
	vg_status s;
	struct vg_error err;
	int in_tx;
	long calls, hits;
	char why[300]; /* why the audit chain is broken; "" when it holds */
	char *after; /* dump of the casebook (of the restored backup); NULL
		      * when the file is byte for byte what it was */
};

/* What a backup run left: nothing, or a backup that restores to the
 * casebook it was taken from. */
static char *backup_result(vg_status s, int entries_before, char *why,
			   size_t size)
{
	struct backup_secret secret = { fx.work_key, NULL };
	struct vg_error err = { 0 };
	char key[640], *d;

	if (s != VG_OK) {
		if (access(fx.bak, F_OK) == 0 ||
		    count_entries(fx.dir) != entries_before)
			fail_msg("backup failed but left a file behind");
		return NULL; /* as before: a backup only reads */
	}
	fault_repeatable(3);
	if (backup_restore(fx.bak, fx.restored, &secret, 1, NULL, &err) != VG_OK)
		fail_msg("backup does not restore: %s: %s", err.where, err.msg);
	d = inspect_file(fx.restored, why, size);
	remove_casebook_files(fx.restored);
	snprintf(key, sizeof(key), "%s.key", fx.restored);
	unlink(key);
	unlink(fx.bak);
	return d;
}

static void run_once(const struct op *op, enum fault_kind kind, long n,
		     struct outcome *o)
{
	char wal[620], shm[620];
	store *db = NULL;
	int entries;

	snprintf(wal, sizeof(wal), "%s-wal", fx.work);
	snprintf(shm, sizeof(shm), "%s-shm", fx.work);
	unlink(wal);
	unlink(shm);
	if (!fx.work_clean)
		copy_file(fx.base, fx.work);
	fx.work_clean = 0;
	memset(o, 0, sizeof(*o));
	fault_repeatable(2);
	if (op->on_store)
		db = open_store(fx.work);
	entries = count_entries(fx.dir);
	fault_arm(kind, n, 0);
	o->s = op->run(db, &o->err);
	fault_disarm();
	o->calls = fault_calls();
	o->hits = fault_hits();
	if (db) {
		o->in_tx = store_in_transaction(db);
		if (o->in_tx)
			(void)store_rollback(db);
		store_close(db);
		/* Most runs fail and write nothing: the file is then the
		 * base's, its dump and chain too, and the next run can
		 * start on it without a copy. */
		if (same_as_base(fx.work) && access(wal, F_OK) != 0)
			fx.work_clean = 1;
		else
			o->after = inspect_file(fx.work, o->why, sizeof(o->why));
	} else {
		fx.work_clean = 1; /* a backup only reads */
		o->after = backup_result(o->s, entries, o->why, sizeof(o->why));
	}
}

/* --- the loop --- */

struct tally {
	long runs, errors, ok_despite;
	long by_status[VG_EINTERNAL + 1];
};

/* Checks one faulted run against the casebook before and the result of
 * the run without faults. */
static void check_run(const struct op *op, enum fault_kind kind, long n,
		      const struct outcome *o, const char *ref)
{
	const char *k = kind == FAULT_MALLOC ? "malloc" : "io";

	if (o->in_tx)
		fail_msg("%s, %s fault %ld (%s): a transaction was left open",
			 op->name, k, n, fault_last());
	if (o->s != VG_OK) {
		if (!o->err.msg[0])
			fail_msg("%s, %s fault %ld (%s): status '%s' without a"
				 " message", op->name, k, n, fault_last(),
				 vg_status_name(o->s));
		/* "not found" or "invalid" would blame the caller's input
		 * for what the machine did. */
		if (o->s != VG_ENOMEM && o->s != VG_EIO)
			fail_msg("%s, %s fault %ld (%s): reported as '%s': %s: %s",
				 op->name, k, n, fault_last(),
				 vg_status_name(o->s), o->err.where, o->err.msg);
		if (o->after && strcmp(o->after, fx.before) != 0)
			fail_msg("%s, %s fault %ld (%s): failed (%s: %s) but"
				 " the casebook changed", op->name, k, n,
				 fault_last(), o->err.where, o->err.msg);
	} else if (strcmp(o->after ? o->after : fx.before, ref) != 0) {
		fail_msg("%s, %s fault %ld (%s): succeeded but wrote other"
			 " rows than a run without faults", op->name, k, n,
			 fault_last());
	}
	if (o->why[0])
		fail_msg("%s, %s fault %ld (%s): audit chain: %s", op->name, k,
			 n, fault_last(), o->why);
}

/* Every call fails in turn; under AddressSanitizer, which makes each run
 * three times slower, every other allocation (all I/O calls still), unless
 * VIGIL_FAULT_EVERY is set: the plain build covers them all. */
static long fault_step(enum fault_kind kind)
{
#ifdef __SANITIZE_ADDRESS__
	if (kind == FAULT_MALLOC && !getenv("VIGIL_FAULT_EVERY"))
		return 2;
#endif
	(void)kind;
	return 1;
}

static void fault_loop(const struct op *op, enum fault_kind kind)
{
	struct outcome o;
	struct tally t = { 0 };
	char *ref;
	long n;

	run_once(op, kind, 0, &o);
	if (o.s != VG_OK)
		fail_msg("%s without faults: %s: %s", op->name, o.err.where,
			 o.err.msg);
	ref = o.after ? o.after : strdup(fx.before);
	if (op->writes && strcmp(ref, fx.before) == 0)
		fail_msg("%s without faults changed nothing", op->name);
	/* VIGIL_FAULT_FROM=n starts at the n-th call, to look into one. */
	n = getenv("VIGIL_FAULT_FROM") ? strtol(getenv("VIGIL_FAULT_FROM"), NULL, 10) : 1;
	for (n = n > 0 ? n : 1; n < MAX_RUNS; n += fault_step(kind)) {
		run_once(op, kind, n, &o);
		if (!o.hits) {
			/* Past the last call: the whole operation ran. */
			assert_int_equal(o.s, VG_OK);
			assert_string_equal(o.after ? o.after : fx.before, ref);
			free(o.after);
			break;
		}
		check_run(op, kind, n, &o, ref);
		t.runs++;
		if (o.s == VG_OK)
			t.ok_despite++;
		else {
			t.errors++;
			t.by_status[o.s]++;
		}
		free(o.after);
	}
	free(ref);
	printf("%-7s %-6s %5ld faults: %5ld errors (out of memory %ld, i/o"
	       " %ld), %5ld recovered\n", op->name,
	       kind == FAULT_MALLOC ? "malloc" : "io", t.runs, t.errors,
	       t.by_status[VG_ENOMEM], t.by_status[VG_EIO], t.ok_despite);
	assert_true(n < MAX_RUNS);
	assert_true(t.runs > 0);
}

static const struct op ops[] = {
	{ "import", op_import, 1, 1 },
	{ "create", op_create, 1, 1 },
	{ "update", op_update, 1, 1 },
	{ "delete", op_delete, 1, 1 },
	{ "accept", op_accept, 1, 1 },
	{ "merge", op_merge, 1, 1 },
	{ "backup", op_backup, 0, 0 },
	{ "verify", op_verify, 1, 0 },
	{ "queue", op_queue, 1, 1 },
	{ "export", op_export, 1, 0 },
};

#define FAULT_TEST(i, name)                                                  \
	static void test_##name##_malloc(void **state)                       \
	{                                                                    \
		fault_loop(&ops[i], FAULT_MALLOC);                           \
	}                                                                    \
	static void test_##name##_io(void **state)                           \
	{                                                                    \
		fault_loop(&ops[i], FAULT_IO);                               \
	}

FAULT_TEST(0, import)
FAULT_TEST(1, create)
FAULT_TEST(2, update)
FAULT_TEST(3, delete)
FAULT_TEST(4, accept)
FAULT_TEST(5, merge)
FAULT_TEST(6, backup)
FAULT_TEST(7, verify)
FAULT_TEST(8, queue)
FAULT_TEST(9, export)

#define BOTH(name) cmocka_unit_test(test_##name##_malloc), \
		   cmocka_unit_test(test_##name##_io)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(import), BOTH(create), BOTH(update), BOTH(delete),
		BOTH(accept), BOTH(merge), BOTH(backup), BOTH(verify),
		BOTH(queue), BOTH(export),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* "test_merge_*" runs only those, when looking into one. */
	if (getenv("VIGIL_FAULT_FILTER"))
		cmocka_set_test_filter(getenv("VIGIL_FAULT_FILTER"));
	return cmocka_run_group_tests(tests, setup, teardown);
}
