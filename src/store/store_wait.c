/* How long a statement waits for a lock another connection holds. */
#include "store/store_wait.h"

#include <stdatomic.h>
#include <time.h>

#include "store/store.h"

/* 1 while one connection of the process is waiting past
 * STORE_BUSY_SHARE_MS (store.h). */
static atomic_int long_waiter;
/* When the last long wait ran out (CLOCK_MONOTONIC ms), 0 if none has:
 * the lock was then held by someone for the whole wait, so for as long
 * again no new long wait starts. Without this, writes queued on one
 * server thread would each wait in full, one after the other. */
static atomic_long long_wait_failed;

void store_wait_end(struct store_wait *w)
{
	if (w->long_wait) {
		w->long_wait = 0;
		atomic_store(&long_waiter, 0);
	}
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Takes the process's one long wait, unless another connection has it or
 * one ran out lately. */
static int take_long_wait(struct store_wait *w)
{
	long failed = atomic_load(&long_wait_failed);
	int none = 0;

	if (failed && now_ms() - failed < STORE_BUSY_WAIT_MS)
		return 0;
	if (!atomic_compare_exchange_strong(&long_waiter, &none, 1))
		return 0;
	w->long_wait = 1;
	return 1;
}

/* Naps a millisecond at first, then 20: a lock held by another thread's
 * commit is gone within milliseconds, one held by an import is not worth
 * polling fast for. */
int store_wait_on_busy(void *ctx, int count)
{
	struct store_wait *w = ctx;
	struct timespec nap;
	long waited, step;

	if (w->nowait)
		return 0;
	if (count == 0)
		w->from = now_ms();
	waited = now_ms() - w->from;
	if (waited >= STORE_BUSY_WAIT_MS) {
		if (w->long_wait)
			atomic_store(&long_wait_failed, now_ms());
		return 0;
	}
	if (waited >= STORE_BUSY_SHARE_MS && !w->long_wait &&
	    !take_long_wait(w))
		return 0;
	step = count < 20 ? 1 : 20;
	if (step > STORE_BUSY_WAIT_MS - waited)
		step = STORE_BUSY_WAIT_MS - waited;
	nap.tv_sec = 0;
	nap.tv_nsec = step * 1000000L;
	nanosleep(&nap, NULL);
	return 1;
}
