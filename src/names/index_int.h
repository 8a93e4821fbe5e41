/* index_int.h — what the name index's files share: its tables and the
 * compact containers they are made of. Not a public header. */
#ifndef VIGIL_NAMES_INDEX_INT_H
#define VIGIL_NAMES_INDEX_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "names/index.h"
#include "names/names.h"

#define IX_NONE UINT32_MAX

/* A growing array of uint32: postings and part lists, one malloc each. */
struct u32vec {
	uint32_t *v;
	uint32_t n, cap;
};

vg_status u32vec_push(struct u32vec *a, uint32_t x);
void u32vec_free(struct u32vec *a);

/* NUL-terminated strings packed end to end; an offset names each. */
struct strpool {
	char *p;
	size_t len, cap;
};

/* Appends s (len bytes) and its NUL; *off receives where it starts. */
vg_status strpool_add(struct strpool *sp, const char *s, size_t len,
		      uint32_t *off);
void strpool_free(struct strpool *sp);

/* An open-addressing multimap from a 64-bit key hash to uint32 values.
 * Several values may share a key; colliding keys are told apart by the
 * caller where it matters (by comparing the strings behind the values). */
struct keymap {
	uint64_t *keys; /* 0 marks an empty slot */
	uint32_t *vals;
	size_t cap, n;  /* cap is a power of two, n <= cap / 2 */
};

vg_status keymap_add(struct keymap *m, uint64_t key, uint32_t val);
void keymap_free(struct keymap *m);

/* Iterates over the values of key: start with *pos = keymap_start(m, key),
 * then keymap_next returns 1 and fills *val while there are more. */
size_t keymap_start(const struct keymap *m, uint64_t key);
int keymap_next(const struct keymap *m, uint64_t key, size_t *pos,
		uint32_t *val);

/* A 64-bit hash of len bytes after a one-byte tag, never 0. */
uint64_t ix_hash(char tag, const char *s, size_t len);

/* A distinct analysed part and the names that carry it. */
struct ix_part {
	struct name_part np;
	struct u32vec names; /* entry numbers, ascending */
};

/* A distinct written token ("Nasiollauly", "Насиоллаұлы") and its
 * analysis, cached because names repeat their parts. */
struct ix_token {
	uint32_t text;      /* offset in the token pool */
	uint32_t parts;     /* offset in token_parts */
	uint8_t nparts;     /* 0: the token has no letters */
	uint8_t analysed;
	char script[8];
};

/* One name of one person. */
struct ix_entry {
	uint32_t person;
	uint32_t name;      /* offset in the name pool */
	uint32_t parts;     /* offset in entry_parts */
	uint32_t next;      /* the person's next entry, or IX_NONE */
	uint8_t nparts;
	uint8_t dead;
	char script[6];
};

struct ix_person {
	uint32_t id;        /* offset in the id pool */
	uint32_t first;     /* first entry, IX_NONE when removed */
};

/* Scratch space of one search: dense per-entry accumulators, reused. */
struct ix_scratch {
	float *total;
	float *best;        /* best contribution of the current query part */
	uint8_t *mark;      /* which query part last touched the entry */
	uint32_t *touched;
	size_t ntouched, cap;
};

struct names_index {
	pthread_rwlock_t lock;
	pthread_mutex_t scratch_lock;
	struct ix_scratch **scratch;
	size_t nscratch, scratch_cap;

	struct strpool ids, names, tokens;
	struct ix_person *people;
	size_t npeople, people_cap, nalive;
	struct ix_entry *entries;
	size_t nentries, entries_cap, nlive;
	struct ix_part *parts;
	size_t nparts, parts_cap;
	struct ix_token *toks;
	size_t ntoks, toks_cap;
	struct u32vec entry_parts, token_parts;

	struct keymap id_map;    /* id -> person */
	struct keymap token_map; /* token text -> token */
	struct keymap part_map;  /* analysed part -> part */
	struct keymap key_map;   /* skeleton, deletions, stem -> part */
};

/* Grows *arr (elements of size sz) so that it holds at least need. */
vg_status ix_reserve(void **arr, size_t *cap, size_t need, size_t sz);

/* The part equal to np, created (with its lookup keys) if new. */
vg_status ix_part_intern(names_index *idx, const struct name_part *np,
			 uint32_t *out);

/* Fills key with the analysed parts of entry e. */
void ix_entry_key(const names_index *idx, const struct ix_entry *e,
		  struct name_key *key);

/* The skeleton's consonants (vowels dropped) into out; their count. */
size_t ix_consonants(const char *skeleton, char *out, size_t outsize);

/* index_split.c: q with each long part that splits into two indexed
 * skeletons written as those two parts; 1 when a part was split. */
int ix_split_joined(const names_index *idx, const struct name_key *q,
		    struct name_key *out);

/* Scratch for a search over the index as it is now (read lock held). */
struct ix_scratch *ix_scratch_get(names_index *idx);
void ix_scratch_put(names_index *idx, struct ix_scratch *s);
void ix_scratch_free(struct ix_scratch *s);

#endif
