/* Fuzzes the JSON import as a dry run into an in-memory database: any
 * file must be imported whole or refused with a message that says where,
 * and a dry run must leave the database exactly as it was. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "io/import.h"
#include "store/schema.h"
#include "store/store.h"

static store *db;

static int64_t count_rows(void)
{
	int64_t n = -1;

	if (store_query_int(db, "SELECT (SELECT count(*) FROM person) + "
				"(SELECT count(*) FROM audit_log)",
			    &n) != STORE_ROW)
		abort();
	return n;
}

static void open_database(void)
{
	struct vg_error err;

	if (store_open(":memory:", STORE_OPEN_CREATE, &db, &err) != STORE_OK ||
	    schema_migrate(db, 0, NULL, &err) != VG_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct actor who = { 0, "fuzz", ROLE_ADMIN };
	struct vg_error err;
	char path[64];
	int64_t before;
	vg_status st;
	int fd;

	if (!db)
		open_database();
	/* The file lives in memory: fuzzing must not wear the disk. */
	fd = memfd_create("import.json", 0);
	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	before = count_rows();
	st = io_import_file(db, &who, path, 1, &err);
	if (st != VG_OK && (err.msg[0] == '\0' || err.where[0] == '\0'))
		abort(); /* a refusal must say what and where */
	if (count_rows() != before || store_in_transaction(db))
		abort(); /* a dry run, or a failure, leaves nothing behind */
	close(fd);
	return 0;
}
