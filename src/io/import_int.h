/* import_int.h — what crosses the files of the import: the streaming
 * reader of the file's envelope, which hands over one record at a time so
 * that only the current record is ever held as JSON. */
#ifndef VIGIL_IO_IMPORT_INT_H
#define VIGIL_IO_IMPORT_INT_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"
#include "store/store.h"

/* Called once per record, pos counting from 1; rec is borrowed for the
 * call. A status other than VG_OK stops the reading and is returned. */
typedef vg_status (*import_record_fn)(void *ctx, size_t pos,
				      const json_t *rec,
				      struct vg_error *err);

/* Reads text (len bytes, the content of the file called path) as
 * {"vigil": 1, "records": [...]}: "vigil" must come first, then
 * "records", nothing else. Syntax errors are reported as "<path>: line L,
 * column C" (columns count characters, as jansson's do); *count receives
 * the number of records handed over. */
vg_status import_scan(const char *path, const char *text, size_t len,
		      import_record_fn fn, void *ctx, size_t *count,
		      struct vg_error *err);

/* For a citation record: checks that its offsets fall inside the text of
 * its source and that its quote is exactly the text between them
 * (offsets count Unicode code points, as extract.h's do). VG_OK when the
 * record is not a citation, gives no offsets, or its source is not in the
 * store (records_create then says so). On failure err->where is the field
 * ("quote", "end_offset"). */
vg_status import_check_citation(store *db, const json_t *rec,
				struct vg_error *err);

#endif
