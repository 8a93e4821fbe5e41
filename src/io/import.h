/* import.h — reading records into the casebook from a JSON file.
 *
 * The file format, which io/export.h writes:
 *   {"vigil": 1,
 *    "records": [
 *      {"record": "person", "id": "V-000001", "names": [...], ...},
 *      {"record": "act", "id": "A-000001", "victim": "V-000001",
 *       "type": "disappearance", "start_date": "since July 2021", ...},
 *      ...]}
 * Each record names its type under "record" (not "type": acts and
 * relations have a field called "type"); the other keys are the record's
 * own, as model/model.h describes them. Records come in dependency order:
 * a reference points to a record earlier in the file or already in the
 * database. Fields vigil computes itself (read-only or derived: a
 * person's status, a campaign's day count) and the timestamps
 * created_at/updated_at are accepted and ignored, so that an export can be
 * imported again unchanged. "vigil" comes first, then "records"; the
 * records are read one at a time, so memory holds the file's bytes and one
 * record, never the whole file as JSON. A citation's quote must be the
 * text of its source between its offsets (Unicode code points). */
#ifndef VIGIL_IO_IMPORT_H
#define VIGIL_IO_IMPORT_H

#include "core/err.h"
#include "store/records.h"
#include "store/store.h"

/* The largest file io_import_file reads. */
#define IO_IMPORT_MAX_BYTES ((size_t)256 * 1024 * 1024)

/* Imports every record of the file at path, as who, inside ONE
 * transaction: on any failure everything is rolled back and nothing is
 * written. With dry_run set, everything is checked the same way (the
 * records are created, references resolved) and then rolled back.
 *
 * On failure err->where names the file, the record (1-based position and
 * its id when it has one) and the field: "people.json: record 40
 * (A-000040): field type", and err->msg what is wrong. JSON syntax errors
 * give line and column ("people.json: line 3, column 17"). VG_ETOOBIG for
 * a file over IO_IMPORT_MAX_BYTES. */
vg_status io_import_file(store *db, const struct actor *who,
			 const char *path, int dry_run, struct vg_error *err);

/* Refuses, before opening it, a path that is not a regular file (a FIFO,
 * whose open would wait for a writer; a device such as /dev/zero, which
 * never ends): VG_EINVAL naming the file and what it is. io_import_file
 * checks this too, and again on the opened file. */
vg_status io_import_check_file(const char *path, struct vg_error *err);

/* The same, and *imported (if not NULL) receives the number of records
 * created (or that would be, for a dry run). */
vg_status io_import_file_counted(store *db, const struct actor *who,
				 const char *path, int dry_run,
				 size_t *imported, struct vg_error *err);

#endif
