/* lexicon.c — word lists from data/lexicon/ in small hash maps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paths.h"
#include "extract/extract_int.h"

#define LEXICON_MAX_FILE (1024 * 1024)

static size_t hash_str(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 ^ (unsigned char)*s++;
	return h;
}

const char *wordmap_get(const struct wordmap *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = hash_str(key) & (m->cap - 1);
	while (m->keys[i]) {
		if (!strcmp(m->keys[i], key))
			return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

static void wordmap_put(struct wordmap *m, char *key, char *val)
{
	size_t i = hash_str(key) & (m->cap - 1);
	int words = 1;
	const char *p;

	while (m->keys[i]) {
		if (!strcmp(m->keys[i], key))
			return; /* the first line for a key wins */
		i = (i + 1) & (m->cap - 1);
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	if (strlen(key) > m->max_len)
		m->max_len = strlen(key);
	for (p = key; *p; p++)
		words += *p == ' ';
	if (words > m->max_words)
		m->max_words = words;
}

static vg_status read_file(const char *path, char **out, struct vg_error *err)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n;
	vg_status rc = VG_OK;

	if (!f)
		return vg_fail(err, VG_ENOTFOUND, path, "cannot open lexicon");
	data = malloc(LEXICON_MAX_FILE + 1);
	if (!data) {
		rc = vg_fail(err, VG_ENOMEM, path, "out of memory");
		goto out;
	}
	n = fread(data, 1, LEXICON_MAX_FILE + 1, f);
	if (n > LEXICON_MAX_FILE) {
		rc = vg_fail(err, VG_ETOOBIG, path, "lexicon over 1 MiB");
		goto out;
	}
	data[n] = '\0';
	*out = data;
	data = NULL;
out:
	free(data);
	fclose(f);
	return rc;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Parses the "key[TAB value]" lines of pool (read from path) into m; keys
 * must already be lower case so that lookups need no folding of the
 * list. */
static vg_status wordmap_parse(struct wordmap *m, char *pool, const char *path,
			       struct vg_error *err)
{
	char *line, *next, *tab, *key;
	size_t lineno = 0;
	const char *p;

	for (line = pool; line; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '#')
			continue;
		tab = strchr(line, '\t');
		if (tab)
			*tab++ = '\0';
		key = trim(line);
		if (!*key)
			continue;
		for (p = key; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				return vg_fail(err, VG_EINVAL, path,
					       "line %zu: entries are written in lower case",
					       lineno);
		wordmap_put(m, key, tab ? trim(tab) : (char *)"");
	}
	return VG_OK;
}

/* Reads the files rels[0..n) into one map: the earlier file's entry for a
 * key wins. */
static vg_status wordmap_load(struct wordmap *m, char (*rels)[256], size_t n,
			      struct vg_error *err)
{
	char paths[LEXICON_MAX_LANGS][1024];
	size_t i, lines = 1;
	const char *p;
	vg_status rc;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < n; i++) {
		if (paths_data_file(paths[i], sizeof(paths[i]), rels[i]))
			return vg_fail(err, VG_EINVAL, rels[i], "data path too long");
		rc = read_file(paths[i], &m->pools[i], err);
		if (rc)
			return rc;
		m->npools++;
		for (p = m->pools[i]; *p; p++)
			lines += *p == '\n';
	}
	m->cap = 16;
	while (m->cap < lines * 2)
		m->cap *= 2;
	m->keys = calloc(m->cap, sizeof(*m->keys));
	m->vals = calloc(m->cap, sizeof(*m->vals));
	if (!m->keys || !m->vals)
		return vg_fail(err, VG_ENOMEM, rels[0], "out of memory");
	for (i = 0; i < n; i++) {
		rc = wordmap_parse(m, m->pools[i], paths[i], err);
		if (rc)
			return rc;
	}
	return VG_OK;
}

static void wordmap_free(struct wordmap *m)
{
	size_t i;

	free(m->keys);
	free(m->vals);
	for (i = 0; i < m->npools; i++)
		free(m->pools[i]);
}

struct lexfile {
	size_t offset;
	const char *name;
	int per_language;
};

#define LEXF(field, name, lang) \
	{ offsetof(struct extract_lexicon, field), name, lang }

static const struct lexfile lexfiles[] = {
	LEXF(given, "given_names.txt", 0),
	LEXF(endings, "name_endings.txt", 0),
	LEXF(places, "places.txt", 0),
	LEXF(ethnic, "ethnicities.txt", 0),
	LEXF(chinese, "chinese_surnames.txt", 0),
	LEXF(common, "common.txt", 1),
	LEXF(calendar, "calendar.txt", 1),
	LEXF(titles, "titles.txt", 1),
	LEXF(status, "status.txt", 1),
	LEXF(kinship, "kinship.txt", 1),
	LEXF(occupations, "occupations.txt", 1),
	LEXF(orgs, "org_words.txt", 1),
	LEXF(place_cues, "place_cues.txt", 1),
	LEXF(speech, "speech_verbs.txt", 1),
	LEXF(list_cues, "list_cues.txt", 1),
	LEXF(modifiers, "modifiers.txt", 1),
	LEXF(state, "state_words.txt", 1),
	LEXF(gendered, "gendered_words.txt", 1),
	LEXF(status_nouns, "status_nouns.txt", 1),
};

/* The language folders to merge: lang first, then every other folder
 * named in lexicon/languages.txt, in its order. Texts mix languages (an
 * English report quotes a Russian statement, a Kazakh one gives Chinese
 * names), and the cue words of one language do not collide with another's
 * script, so every language's cues are read, the chosen one winning. */
static vg_status lexicon_langs(const char *lang, char (*langs)[32], size_t *n,
			       struct vg_error *err)
{
	char path[1024], *data = NULL, *line, *next, *code;
	vg_status rc;

	if (paths_data_file(path, sizeof(path), "lexicon/languages.txt"))
		return vg_fail(err, VG_EINVAL, "lexicon/languages.txt",
			       "data path too long");
	rc = read_file(path, &data, err);
	if (rc)
		return rc;
	snprintf(langs[0], sizeof(langs[0]), "%s", lang);
	*n = 1;
	for (line = data; line && !rc; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		code = trim(line);
		if (!*code || *code == '#' || !strcmp(code, lang))
			continue;
		if (*n == LEXICON_MAX_LANGS || strlen(code) >= sizeof(langs[0]) ||
		    strchr(code, '/') || strchr(code, '.'))
			rc = vg_fail(err, VG_EINVAL, path,
				     "at most %d language codes such as 'ru', one a line",
				     LEXICON_MAX_LANGS);
		else
			snprintf(langs[(*n)++], sizeof(langs[0]), "%s", code);
	}
	free(data);
	return rc;
}

vg_status extract_lexicon_load(const char *lang, struct extract_lexicon **out,
			       struct vg_error *err)
{
	struct extract_lexicon *lex;
	char rels[LEXICON_MAX_LANGS][256], langs[LEXICON_MAX_LANGS][32];
	size_t i, l, nlangs = 0;
	vg_status rc = VG_OK;

	*out = NULL;
	if (!lang || !*lang || strlen(lang) >= 32 || strchr(lang, '/') ||
	    strchr(lang, '.'))
		return vg_fail(err, VG_EINVAL, "language",
			       "expected a language code such as 'en'");
	rc = lexicon_langs(lang, langs, &nlangs, err);
	if (rc)
		return rc;
	lex = calloc(1, sizeof(*lex));
	if (!lex)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	for (i = 0; i < sizeof(lexfiles) / sizeof(lexfiles[0]) && !rc; i++) {
		struct wordmap *m =
			(struct wordmap *)((char *)lex + lexfiles[i].offset);

		if (!lexfiles[i].per_language) {
			snprintf(rels[0], sizeof(rels[0]), "lexicon/%s",
				 lexfiles[i].name);
			rc = wordmap_load(m, rels, 1, err);
			continue;
		}
		for (l = 0; l < nlangs; l++)
			snprintf(rels[l], sizeof(rels[l]), "lexicon/%s/%s",
				 langs[l], lexfiles[i].name);
		rc = wordmap_load(m, rels, nlangs, err);
	}
	if (!rc) {
		*out = lex;
		lex = NULL;
	}
	extract_lexicon_free(lex);
	return rc;
}

void extract_lexicon_free(struct extract_lexicon *lex)
{
	size_t i;

	if (!lex)
		return;
	for (i = 0; i < sizeof(lexfiles) / sizeof(lexfiles[0]); i++)
		wordmap_free((struct wordmap *)((char *)lex +
						lexfiles[i].offset));
	free(lex);
}
