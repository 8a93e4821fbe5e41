/* translit.c — the per-script rule chains, compiled once from
 * data/translit/ and shared by threads through a pool of clones.
 *
 * ICU transliterators are not safe to use from two threads at once, so
 * each pool slot holds its own clones behind a mutex; a thread takes the
 * first free slot. The part cache in front of this keeps the pool cold. */
#include "names/names_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/utf8.h>

#include "core/paths.h"

#define POOL_SLOTS 8
#define RULES_MAX (64 * 1024)
#define UBUF 2048 /* UTF-16 units: a 512-byte part may grow fourfold */

enum trans_id {
	T_CYRL_RU, T_CYRL_KK, T_CYRL_UG, T_CYRL_KY, T_ARAB_UG, T_ARAB_KK,
	T_ARAB_KK_FRONT, T_HAN_PINYIN, T_HAN, T_OTHER, T_LATIN, T_SKELETON,
	T_HAN_READINGS, T_HAN_NAME, T_ARAB_AR, T_COUNT
};

/* Rule file under data/translit/, or an ICU system id in brackets. */
static const char *const trans_source[T_COUNT] = {
	"cyrl-ru.txt", "cyrl-kk.txt", "cyrl-ug.txt", "cyrl-ky.txt",
	"arab-ug.txt", "arab-kk.txt", "arab-kk-front.txt",
	"[Han-Latin/Names]", "han.txt", "[Any-Latin]", "latin.txt",
	"skeleton.txt", "han-readings.txt", "han-name.txt",
	"arab-ar.txt"
};

struct trans_slot {
	pthread_mutex_t lock;
	UTransliterator *t[T_COUNT];
};

static struct trans_slot pool[POOL_SLOTS];
static int pool_ready;

/* ICU's Han-Latin/Names takes about a third of a second to build, so it is
 * built the first time a Chinese name comes, not at start-up. */
static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *lazy_proto[T_COUNT];

static int is_lazy(enum trans_id id)
{
	return id == T_HAN_PINYIN;
}

static vg_status read_rules(const char *name, UChar **out, int32_t *outlen,
			    struct vg_error *err)
{
	char path[1024], *text = NULL;
	UErrorCode uerr = U_ZERO_ERROR;
	vg_status st = VG_OK;
	size_t n;
	FILE *f = NULL;
	UChar *u = NULL;

	if (paths_data_file(path, sizeof(path), "translit/") < 0 ||
	    strlen(path) + strlen(name) >= sizeof(path))
		return vg_fail(err, VG_EINVAL, name, "data path too long");
	memcpy(path + strlen(path), name, strlen(name) + 1);
	f = fopen(path, "rb");
	if (!f) {
		st = vg_fail(err, VG_EIO, path, "cannot open rule file");
		goto out;
	}
	text = malloc(RULES_MAX + 1);
	u = malloc((RULES_MAX + 1) * sizeof(UChar));
	if (!text || !u) {
		st = vg_fail(err, VG_ENOMEM, path, "out of memory");
		goto out;
	}
	n = fread(text, 1, RULES_MAX + 1, f);
	if (n > RULES_MAX) {
		st = vg_fail(err, VG_ETOOBIG, path, "rule file over %d bytes", RULES_MAX);
		goto out;
	}
	u_strFromUTF8(u, RULES_MAX + 1, outlen, text, (int32_t)n, &uerr);
	if (U_FAILURE(uerr)) {
		st = vg_fail(err, VG_EINVAL, path, "not valid UTF-8");
		goto out;
	}
	*out = u;
	u = NULL;
out:
	if (f)
		fclose(f);
	free(text);
	free(u);
	return st;
}

static vg_status open_one(enum trans_id id, UTransliterator **out,
			  struct vg_error *err)
{
	const char *src = trans_source[id];
	UErrorCode uerr = U_ZERO_ERROR;
	UParseError perr;
	UChar uid[64], *rules = NULL;
	int32_t idlen, rlen = 0;
	vg_status st;

	if (src[0] == '[') {
		u_strFromUTF8(uid, 64, &idlen, src + 1, (int32_t)strlen(src) - 2, &uerr);
		*out = utrans_openU(uid, idlen, UTRANS_FORWARD, NULL, 0, &perr, &uerr);
		if (U_FAILURE(uerr))
			return vg_fail(err, VG_EINTERNAL, src,
				       "ICU has no such transliterator: %s", u_errorName(uerr));
		return VG_OK;
	}
	st = read_rules(src, &rules, &rlen, err);
	if (st != VG_OK)
		return st;
	u_strFromUTF8(uid, 64, &idlen, src, (int32_t)strlen(src), &uerr);
	*out = utrans_openU(uid, idlen, UTRANS_FORWARD, rules, rlen, &perr, &uerr);
	free(rules);
	if (U_FAILURE(uerr)) {
		UErrorCode cerr = U_ZERO_ERROR;
		char near[64] = "";

		u_strToUTF8(near, sizeof(near), NULL, perr.preContext, -1, &cerr);
		return vg_fail(err, VG_EINVAL, src, "rule error after '%s': %s",
			       near, u_errorName(uerr));
	}
	return VG_OK;
}

void translit_free(void)
{
	int i, k;

	for (i = 0; i < POOL_SLOTS; i++) {
		for (k = 0; k < T_COUNT; k++) {
			if (pool[i].t[k])
				utrans_close(pool[i].t[k]);
			pool[i].t[k] = NULL;
		}
		if (pool_ready)
			pthread_mutex_destroy(&pool[i].lock);
	}
	for (k = 0; k < T_COUNT; k++) {
		if (lazy_proto[k])
			utrans_close(lazy_proto[k]);
		lazy_proto[k] = NULL;
	}
	pool_ready = 0;
}

vg_status translit_init(struct vg_error *err)
{
	UErrorCode uerr = U_ZERO_ERROR;
	vg_status st;
	int i, k;

	memset(pool, 0, sizeof(pool));
	for (i = 0; i < POOL_SLOTS; i++)
		pthread_mutex_init(&pool[i].lock, NULL);
	pool_ready = 1;
	for (k = 0; k < T_COUNT; k++) {
		if (is_lazy((enum trans_id)k))
			continue;
		st = open_one((enum trans_id)k, &pool[0].t[k], err);
		if (st != VG_OK)
			goto fail;
		for (i = 1; i < POOL_SLOTS; i++) {
			pool[i].t[k] = utrans_clone(pool[0].t[k], &uerr);
			if (U_FAILURE(uerr)) {
				st = vg_fail(err, VG_ENOMEM, trans_source[k], "cannot clone");
				goto fail;
			}
		}
	}
	return VG_OK;
fail:
	translit_free();
	return st;
}

static struct trans_slot *slot_take(void)
{
	static unsigned next;
	unsigned start, i;

	start = __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED);
	for (i = 0; i < POOL_SLOTS; i++) {
		struct trans_slot *s = &pool[(start + i) % POOL_SLOTS];

		if (pthread_mutex_trylock(&s->lock) == 0)
			return s;
	}
	pthread_mutex_lock(&pool[start % POOL_SLOTS].lock);
	return &pool[start % POOL_SLOTS];
}

static void slot_give(struct trans_slot *s)
{
	pthread_mutex_unlock(&s->lock);
}

/* The slot's own clone of a lazily built transliterator; the caller holds
 * the slot. NULL when ICU cannot build it. */
static UTransliterator *slot_lazy(struct trans_slot *s, enum trans_id id)
{
	UErrorCode uerr = U_ZERO_ERROR;

	if (s->t[id])
		return s->t[id];
	pthread_mutex_lock(&lazy_lock);
	if (!lazy_proto[id] && open_one(id, &lazy_proto[id], NULL) != VG_OK)
		lazy_proto[id] = NULL;
	if (lazy_proto[id])
		s->t[id] = utrans_clone(lazy_proto[id], &uerr);
	pthread_mutex_unlock(&lazy_lock);
	if (U_FAILURE(uerr) && s->t[id]) {
		utrans_close(s->t[id]);
		s->t[id] = NULL;
	}
	return s->t[id];
}

static vg_status run_cap(UTransliterator *t, UChar *u, int32_t *len,
			 int32_t capacity)
{
	UErrorCode uerr = U_ZERO_ERROR;
	int32_t limit = *len;

	utrans_transUChars(t, u, len, capacity, 0, &limit, &uerr);
	if (uerr == U_BUFFER_OVERFLOW_ERROR)
		return VG_ETOOBIG;
	if (U_FAILURE(uerr))
		return VG_EINTERNAL;
	*len = limit;
	return VG_OK;
}

static vg_status run(UTransliterator *t, UChar *u, int32_t *len)
{
	return run_cap(t, u, len, UBUF);
}

/* One character's reading: the transcription reading when
 * han-readings.txt names the character, else ICU's. */
static vg_status han_read_one(UTransliterator *readings, UTransliterator *t,
			      UChar *one, int32_t *onelen)
{
	UChar32 before = one[0];
	vg_status st;

	st = run_cap(readings, one, onelen, 32);
	if (st != VG_OK)
		return st;
	if (*onelen > 0 && one[0] != before)
		return VG_OK;
	return run_cap(t, one, onelen, 32);
}

/* Han-Latin reads runs of characters as words and then leaves out the
 * syllable breaks the han rules need; read each character alone. */
static vg_status han_to_syllables(UTransliterator *readings, UTransliterator *t,
				  UChar *u, int32_t *len)
{
	UChar in[UBUF], one[32];
	int32_t n = *len, i = 0, o = 0, k, onelen;
	vg_status st;

	if (n >= UBUF)
		return VG_ETOOBIG;
	memcpy(in, u, (size_t)n * sizeof(UChar));
	u[o++] = ' ';
	while (i < n) {
		UChar32 c;

		onelen = 0;
		U16_NEXT(in, i, n, c);
		U16_APPEND_UNSAFE(one, onelen, c);
		st = han_read_one(readings, t, one, &onelen);
		if (st != VG_OK)
			return st;
		if (o + onelen + 2 >= UBUF)
			break; /* the Latin form is cut at 63 bytes anyway */
		for (k = 0; k < onelen; k++)
			u[o++] = one[k];
		u[o++] = ' ';
	}
	*len = o;
	return VG_OK;
}

/* A front-vowel word of Kazakh Arabic script: marked with the high hamza
 * in the encodings people type (NFKC has split ٵ ٶ ٷ ٸ into letter +
 * U+0674; the plain hamza; the combining hamza above; ئ from a Uyghur
 * keyboard), or, unmarked by the rules of the script, holding one of the
 * letters only front words have: ە (е), ك (к), گ (г). */
static int is_front_word(const char *part)
{
	return strstr(part, "\xd9\xb4") != NULL     /* U+0674 high hamza */
	       || strstr(part, "\xd8\xa1") != NULL  /* U+0621 hamza */
	       || strstr(part, "\xd9\x94") != NULL  /* U+0654 hamza above */
	       || strstr(part, "\xd8\xa6") != NULL  /* U+0626 yeh with hamza */
	       || strstr(part, "\xdb\x95") != NULL  /* U+06D5 ae */
	       || strstr(part, "\xd9\x83") != NULL  /* U+0643 kaf */
	       || strstr(part, "\xda\xaf") != NULL; /* U+06AF gaf */
}

/* Characters read one by one into pinyin syllables, then the rules
 * then: han.txt toward a Turkic name, han-name.txt as a Chinese name. */
static vg_status han_chain(struct trans_slot *s, enum trans_id then,
			   UChar *u, int32_t *len)
{
	vg_status st;

	if (!slot_lazy(s, T_HAN_PINYIN))
		return VG_EINTERNAL;
	st = han_to_syllables(s->t[T_HAN_READINGS], s->t[T_HAN_PINYIN], u, len);
	return st == VG_OK ? run(s->t[then], u, len) : st;
}

static vg_status run_chain(struct trans_slot *s, enum part_script script,
			   const char *part, UChar *u, int32_t *len)
{
	vg_status st = VG_OK;

	switch (script) {
	case PS_CYRL_RU: st = run(s->t[T_CYRL_RU], u, len); break;
	case PS_CYRL_KK: st = run(s->t[T_CYRL_KK], u, len); break;
	case PS_CYRL_UG: st = run(s->t[T_CYRL_UG], u, len); break;
	case PS_CYRL_KY: st = run(s->t[T_CYRL_KY], u, len); break;
	case PS_ARAB_UG: st = run(s->t[T_ARAB_UG], u, len); break;
	case PS_ARAB_AR: st = run(s->t[T_ARAB_AR], u, len); break;
	case PS_ARAB_KK:
		st = run(s->t[T_ARAB_KK], u, len);
		if (st == VG_OK && is_front_word(part))
			st = run(s->t[T_ARAB_KK_FRONT], u, len);
		break;
	case PS_HAN: st = han_chain(s, T_HAN, u, len); break;
	case PS_HAN_NAME: st = han_chain(s, T_HAN_NAME, u, len); break;
	case PS_PINYIN: st = run(s->t[T_HAN], u, len); break;
	case PS_OTHER: st = run(s->t[T_OTHER], u, len); break;
	default: break;
	}
	if (st != VG_OK)
		return st;
	return run(s->t[T_LATIN], u, len);
}

static vg_status to_utf16(const char *in, UChar *u, int32_t *len)
{
	UErrorCode uerr = U_ZERO_ERROR;

	u_strFromUTF8(u, UBUF, len, in, -1, &uerr);
	if (uerr == U_BUFFER_OVERFLOW_ERROR || uerr == U_STRING_NOT_TERMINATED_WARNING)
		return VG_ETOOBIG;
	return U_FAILURE(uerr) ? VG_EINVAL : VG_OK;
}

/* Copies src into out, cut at a character boundary when it does not fit:
 * a part longer than any name is still a part, not an error. */
static void copy_cut(char *out, size_t outsize, const char *src)
{
	size_t n = strlen(src);

	if (n >= outsize) {
		n = outsize - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, src, n);
	out[n] = '\0';
}

static vg_status to_utf8(const UChar *u, int32_t len, char *out, size_t outsize)
{
	UErrorCode uerr = U_ZERO_ERROR;
	char tmp[UBUF * 3 + 1];
	int32_t n;

	u_strToUTF8(tmp, (int32_t)sizeof(tmp), &n, u, len, &uerr);
	if (uerr == U_BUFFER_OVERFLOW_ERROR || uerr == U_STRING_NOT_TERMINATED_WARNING)
		return VG_ETOOBIG;
	if (U_FAILURE(uerr))
		return VG_EINVAL;
	copy_cut(out, outsize, tmp);
	return VG_OK;
}

/* Rule chains (ICU's Any-Latin above all) may write capitals; the Latin
 * form is case-folded like the input was. */
static vg_status fold_case(UChar *u, int32_t *len)
{
	UErrorCode uerr = U_ZERO_ERROR;
	UChar tmp[UBUF];
	int32_t n;

	n = u_strFoldCase(tmp, UBUF, u, *len, U_FOLD_CASE_DEFAULT, &uerr);
	if (uerr == U_BUFFER_OVERFLOW_ERROR || n >= UBUF)
		return VG_ETOOBIG;
	if (U_FAILURE(uerr))
		return VG_EINTERNAL;
	memcpy(u, tmp, (size_t)n * sizeof(UChar));
	*len = n;
	return VG_OK;
}

static int plain_ascii(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

vg_status translit_to_latin(enum part_script script, const char *part,
			    char *out, size_t outsize)
{
	struct trans_slot *s;
	char syl[3 * NAMES_MAX_INPUT];
	UChar u[UBUF];
	int32_t len;
	vg_status st;

	/* plain ASCII letters: the Latin rules would leave them as they are */
	if (script == PS_LATIN && plain_ascii(part)) {
		copy_cut(out, outsize, part);
		return VG_OK;
	}
	if (script == PS_PINYIN) {
		/* han.txt reads syllables between spaces */
		if (!pinyin_segment(part, syl, sizeof(syl)))
			return VG_EINVAL;
		part = syl;
	}
	st = to_utf16(part, u, &len);
	if (st != VG_OK)
		return st;
	s = slot_take();
	st = run_chain(s, script, part, u, &len);
	slot_give(s);
	if (st == VG_OK)
		st = fold_case(u, &len);
	if (st != VG_OK)
		return st;
	return to_utf8(u, len, out, outsize);
}

/* Digits stay: organisations and vessels carry numbers ("Brigade 44").
 * Upper case never does: a rule that writes a capital must not make two
 * spellings of one name differ. */
static int skeleton_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static char fold_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

vg_status translit_skeleton(const char *latin, char *out, size_t outsize)
{
	struct trans_slot *s;
	char tmp[UBUF];
	UChar u[UBUF];
	int32_t len;
	size_t i, o = 0;
	vg_status st;

	st = to_utf16(latin, u, &len);
	if (st != VG_OK)
		return st;
	s = slot_take();
	st = run(s->t[T_SKELETON], u, &len);
	slot_give(s);
	if (st == VG_OK)
		st = to_utf8(u, len, tmp, sizeof(tmp));
	if (st != VG_OK)
		return st;
	/* Doubled letters are spelling, not sound: Nasiolla, Nasiola. */
	for (i = 0; tmp[i]; i++) {
		char c = fold_ascii(tmp[i]);

		if (!skeleton_letter(c))
			continue;
		if (o > 0 && out[o - 1] == c)
			continue;
		if (o + 1 >= outsize)
			break;
		out[o++] = c;
	}
	out[o] = '\0';
	return VG_OK;
}
