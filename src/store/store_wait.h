/* store_wait.h — the busy wait of store.h, private to the SQLite driver.
 *
 * SQLite calls store_wait_on_busy while another connection holds the lock
 * a statement needs; the driver calls store_wait_end after every statement
 * so that the process's one long wait is given back however it ended. */
#ifndef VIGIL_STORE_STORE_WAIT_H
#define VIGIL_STORE_STORE_WAIT_H

struct store_wait {
	long from;            /* when the current wait began, in ms */
	int long_wait;        /* holds the process's one long wait */
	int nowait;           /* store_step_nowait: give up at once */
};

/* A busy handler for sqlite3_busy_handler, ctx a struct store_wait: 1 to
 * try again after a nap, 0 to give up. */
int store_wait_on_busy(void *ctx, int count);

void store_wait_end(struct store_wait *w);

#endif
