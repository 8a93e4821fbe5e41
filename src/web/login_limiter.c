/* The sign-in slow-down. Failed sign-ins are counted per pair of account
 * name and client address, and per address alone; past a number of free
 * tries each further failure doubles the wait before the next attempt is
 * checked, up to a cap. Nothing is ever locked: the owner of an account
 * signing in from another address is not slowed by what an attacker does
 * from theirs, and an attacker gets one guess per capped wait per address.
 *
 * An attempt made during its wait is answered at once (429 with
 * Retry-After) without checking the password, so no worker thread sleeps
 * and the answer does not tell whether the guess was right. Counters live
 * in memory, keyed by a hash of name and address: a restart forgets them,
 * and the database never holds who tried to sign in from where. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "web/web_req.h"

#define LIMITER_SLOTS 4096
/* An office or a NAT shares one address: it gets this many times the free
 * tries of one account name before the address itself is slowed. */
#define ADDRESS_SHARE 4
#define FIRST_DELAY_MS 1000
/* A checked attempt takes a password hash: one begun longer ago than this
 * has ended without saying so and no longer holds the pair. */
#define INFLIGHT_MS 10000

struct limiter_slot {
	unsigned char key[crypto_generichash_BYTES]; /* all zero: unused */
	unsigned failures;
	int64_t last_ms;  /* the newest counted failure */
	int64_t next_ms;  /* no attempt is checked before this */
	int64_t inflight_ms; /* when a checked attempt of the pair began, or 0 */
};

struct login_limiter {
	pthread_mutex_t lock;
	struct limiter_slot slots[LIMITER_SLOTS];
};

struct login_limiter *auth_limiter_new(void)
{
	struct login_limiter *l = calloc(1, sizeof(*l));

	if (l)
		pthread_mutex_init(&l->lock, NULL);
	return l;
}

void auth_limiter_free(struct login_limiter *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The slot key: a hash of the kind, the address and (for a pair) the
 * name, so that memory holds neither names nor addresses in clear. */
static void slot_key(const char *kind, const char *addr, const char *name,
		     unsigned char out[crypto_generichash_BYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, crypto_generichash_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)kind,
				  strlen(kind) + 1);
	crypto_generichash_update(&st, (const unsigned char *)addr,
				  strlen(addr) + 1);
	if (name)
		crypto_generichash_update(&st, (const unsigned char *)name,
					  strlen(name) + 1);
	crypto_generichash_final(&st, out, crypto_generichash_BYTES);
}

static int64_t cap_ms(const struct web_config *cfg)
{
	return (int64_t)cfg->login_delay_max_s * 1000;
}

/* A slot idle for twice the cap is forgotten: its owner has waited out
 * the longest delay twice over. */
static int expired(const struct limiter_slot *s, const struct web_config *cfg,
		   int64_t now)
{
	return now - s->last_ms > 2 * cap_ms(cfg) + FIRST_DELAY_MS;
}

static struct limiter_slot *find_slot(struct login_limiter *l,
				      const unsigned char *key,
				      const struct web_config *cfg, int64_t now,
				      int create)
{
	struct limiter_slot *victim = NULL;
	size_t i;

	for (i = 0; i < LIMITER_SLOTS; i++) {
		struct limiter_slot *s = &l->slots[i];

		if (!memcmp(s->key, key, crypto_generichash_BYTES)) {
			if (!expired(s, cfg, now))
				return s;
			memset(s, 0, sizeof(*s));
			victim = s;
			break;
		}
		/* The least recently failing slot goes when all are used. */
		if (!victim || s->last_ms < victim->last_ms)
			victim = s;
	}
	if (!create)
		return NULL;
	memset(victim, 0, sizeof(*victim));
	memcpy(victim->key, key, crypto_generichash_BYTES);
	return victim;
}

/* The wait after n failures with `free` free tries: none, then 1 s,
 * doubling up to the cap. */
static int64_t delay_after(unsigned n, unsigned free_tries,
			   const struct web_config *cfg)
{
	unsigned over;
	int64_t d;

	if (n < free_tries)
		return 0;
	over = n - free_tries;
	d = over >= 30 ? cap_ms(cfg) : (int64_t)FIRST_DELAY_MS << over;
	return d < cap_ms(cfg) ? d : cap_ms(cfg);
}

static int64_t wait_of(const struct limiter_slot *s, int64_t now)
{
	return s && s->next_ms > now ? s->next_ms - now : 0;
}

long auth_limiter_begin(struct web_req *rq, const char *name)
{
	struct login_limiter *l = rq->srv->limiter;
	const struct web_config *cfg = &rq->srv->cfg;
	unsigned char pk[crypto_generichash_BYTES], ak[crypto_generichash_BYTES];
	struct limiter_slot *pair, *addr;
	int64_t now = now_ms(), wait;

	slot_key("pair", rq->client_ip, name, pk);
	slot_key("address", rq->client_ip, NULL, ak);
	pthread_mutex_lock(&l->lock);
	pair = find_slot(l, pk, cfg, now, 0);
	addr = find_slot(l, ak, cfg, now, 0);
	wait = wait_of(pair, now);
	if (wait_of(addr, now) > wait)
		wait = wait_of(addr, now);
	/* Parallel guesses of a pair already failing are checked one at a
	 * time, or the wait could be dodged by asking many at once. */
	if (wait == 0 && pair && pair->inflight_ms &&
	    now - pair->inflight_ms < INFLIGHT_MS)
		wait = FIRST_DELAY_MS;
	else if (wait == 0 && pair)
		pair->inflight_ms = now;
	pthread_mutex_unlock(&l->lock);
	return (long)wait;
}

static void count_failure(struct login_limiter *l, const unsigned char *key,
			  unsigned free_tries, const struct web_config *cfg,
			  int64_t now)
{
	struct limiter_slot *s = find_slot(l, key, cfg, now, 1);

	s->inflight_ms = 0;
	if (s->failures < UINT32_MAX)
		s->failures++;
	s->last_ms = now;
	s->next_ms = now + delay_after(s->failures, free_tries, cfg);
}

void auth_limiter_end(struct web_req *rq, const char *name, int failed)
{
	struct login_limiter *l = rq->srv->limiter;
	const struct web_config *cfg = &rq->srv->cfg;
	unsigned char pk[crypto_generichash_BYTES], ak[crypto_generichash_BYTES];
	struct limiter_slot *pair;
	unsigned free_tries = cfg->login_max_failures;
	int64_t now = now_ms();

	slot_key("pair", rq->client_ip, name, pk);
	slot_key("address", rq->client_ip, NULL, ak);
	pthread_mutex_lock(&l->lock);
	if (failed > 0) {
		count_failure(l, pk, free_tries, cfg, now);
		count_failure(l, ak, free_tries * ADDRESS_SHARE, cfg, now);
	} else {
		pair = find_slot(l, pk, cfg, now, 0);
		/* A success clears the pair only: signing in to an account of
		 * one's own must not reset an address that is guessing. */
		if (pair && failed == 0)
			memset(pair, 0, sizeof(*pair));
		else if (pair)
			pair->inflight_ms = 0;
	}
	pthread_mutex_unlock(&l->lock);
}
