/* thesaurus.c — the controlled vocabularies, read from
 * <data dir>/thesauri/<name>.tsv.
 *
 * A file holds one term a line: code<TAB>label<TAB>huridocs<TAB>parent.
 * Lines starting with '#' and blank lines are skipped. A code is lower-case
 * letters, digits and '_'; a HURIDOCS code is empty or 12 digits; a parent
 * is empty or the code of another term of the same file. Everything is
 * checked before anything is kept: a bad file leaves no thesaurus loaded. */
#include "model/thesaurus.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/paths.h"

#define MAX_THESAURI 64
#define MAX_TERMS 2000
#define MAX_LINE 2048
#define MAX_NAME 64

struct thesaurus {
	char name[MAX_NAME];
	struct term *terms;
	size_t n;
	char *text; /* every string of the terms points into this */
};

static struct thesaurus loaded[MAX_THESAURI];
static size_t nloaded;
static int is_loaded;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static void thesaurus_clear(struct thesaurus *t)
{
	free(t->terms);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

static int valid_code(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

static int valid_huridocs(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (*s < '0' || *s > '9')
			return 0;
	return n == 0 || n == 12;
}

/* Splits line in place at tabs into at most max columns; returns how many
 * columns there were (counting past max, so too many is seen). */
static size_t split_tabs(char *line, char **cols, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *tab = strchr(p, '\t');

		if (n < max)
			cols[n] = p;
		n++;
		if (!tab)
			return n;
		*tab = '\0';
		p = tab + 1;
	}
}

static const struct term *find_in(const struct thesaurus *t, const char *code)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->terms[i].code, code))
			return &t->terms[i];
	return NULL;
}

/* Checks one data line and turns it into a term pointing into line. */
static vg_status parse_term(char *line, struct term *out, const char *where,
			    struct vg_error *err)
{
	char *cols[4];
	size_t n = split_tabs(line, cols, 4);

	if (n != 4)
		return vg_fail(err, VG_EINVAL, where,
			       "expected 4 columns separated by tabs (code, "
			       "label, huridocs, parent), found %zu", n);
	if (!valid_code(cols[0]))
		return vg_fail(err, VG_EINVAL, where,
			       "code '%.64s' must be lower-case letters, digits "
			       "and '_'", cols[0]);
	if (!*cols[1])
		return vg_fail(err, VG_EINVAL, where, "the label is empty");
	if (!valid_huridocs(cols[2]))
		return vg_fail(err, VG_EINVAL, where,
			       "HURIDOCS code '%.64s' must be empty or 12 digits",
			       cols[2]);
	if (*cols[3] && !valid_code(cols[3]))
		return vg_fail(err, VG_EINVAL, where,
			       "parent '%.64s' is not a code", cols[3]);
	out->code = cols[0];
	out->label = cols[1];
	out->huridocs = cols[2];
	out->parent = cols[3];
	return VG_OK;
}

/* Reads the whole file into a buffer (the terms keep pointing into it). */
static vg_status read_file(const char *path, struct buf *b,
			   struct vg_error *err)
{
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "r");
	vg_status s = VG_OK;

	if (!f)
		return vg_fail(err, VG_EIO, path, "cannot open: %s",
			       strerror(errno));
	for (;;) {
		n = fread(chunk, 1, sizeof(chunk), f);
		if (n == 0)
			break;
		s = buf_add(b, chunk, n);
		if (s != VG_OK) {
			vg_fail(err, s, path, "file too big (limit %zu bytes)",
				b->max);
			break;
		}
	}
	if (s == VG_OK && ferror(f))
		s = vg_fail(err, VG_EIO, path, "read error");
	fclose(f);
	return s;
}

/* Every parent must name a term of the same thesaurus, and codes must be
 * unique. */
static vg_status check_links(const struct thesaurus *t, const size_t *lines,
			     const char *path, struct vg_error *err)
{
	char where[512];
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		snprintf(where, sizeof(where), "%s: line %zu", path, lines[i]);
		for (j = 0; j < i; j++)
			if (!strcmp(t->terms[i].code, t->terms[j].code))
				return vg_fail(err, VG_EINVAL, where,
					       "code '%s' already defined on "
					       "line %zu", t->terms[i].code,
					       lines[j]);
		if (*t->terms[i].parent && !find_in(t, t->terms[i].parent))
			return vg_fail(err, VG_EINVAL, where,
				       "parent '%s' is not a code of this "
				       "thesaurus", t->terms[i].parent);
	}
	return VG_OK;
}

static vg_status parse_lines(struct thesaurus *t, size_t *lines,
			     const char *path, struct vg_error *err)
{
	char where[512];
	char *line;
	size_t lineno = 0;
	char *p = t->text;
	vg_status s;

	/* a byte order mark, as some editors write, is not content */
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;

	while (p && *p) {
		char *nl = strchr(p, '\n');

		line = p;
		lineno++;
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
		if (*line && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		snprintf(where, sizeof(where), "%s: line %zu", path, lineno);
		if (strlen(line) > MAX_LINE)
			return vg_fail(err, VG_EINVAL, where,
				       "line longer than %d bytes", MAX_LINE);
		if (!*line || *line == '#')
			continue;
		if (t->n == MAX_TERMS)
			return vg_fail(err, VG_ETOOBIG, where,
				       "more than %d terms", MAX_TERMS);
		s = parse_term(line, &t->terms[t->n], where, err);
		if (s != VG_OK)
			return s;
		lines[t->n++] = lineno;
	}
	return check_links(t, lines, path, err);
}

/* Loads one file into t (name without ".tsv"). */
static vg_status load_file(struct thesaurus *t, const char *dir,
			   const char *file, struct vg_error *err)
{
	char path[1024];
	struct buf b;
	size_t *lines = NULL;
	size_t len = strlen(file) - 4;
	vg_status s;

	memset(t, 0, sizeof(*t));
	if (len == 0 || len >= sizeof(t->name))
		return vg_fail(err, VG_EINVAL, file, "bad thesaurus file name");
	memcpy(t->name, file, len);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	buf_init(&b, 1024 * 1024);
	s = read_file(path, &b, err);
	if (s != VG_OK)
		goto out;
	t->text = buf_detach(&b);
	t->terms = calloc(MAX_TERMS, sizeof(*t->terms));
	lines = calloc(MAX_TERMS, sizeof(*lines));
	if (!t->text || !t->terms || !lines) {
		s = vg_fail(err, VG_ENOMEM, path, "out of memory");
		goto out;
	}
	s = parse_lines(t, lines, path, err);
	if (s == VG_OK && t->n == 0)
		s = vg_fail(err, VG_EINVAL, path, "no terms");
out:
	buf_free(&b);
	free(lines);
	if (s != VG_OK)
		thesaurus_clear(t);
	return s;
}

static int is_tsv(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && !strcmp(name + n - 4, ".tsv") && name[0] != '.';
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct thesaurus *)a)->name,
		      ((const struct thesaurus *)b)->name);
}

/* Loads every file of dir into fresh, then sorts them by name. */
static vg_status load_dir(const char *dir, struct thesaurus *fresh,
			  size_t *n, struct vg_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	vg_status s = VG_OK;

	*n = 0;
	if (!d)
		return vg_fail(err, VG_EIO, dir, "cannot open: %s",
			       strerror(errno));
	for (;;) {
		e = readdir(d);
		if (!e)
			break;
		if (!is_tsv(e->d_name))
			continue;
		if (*n == MAX_THESAURI) {
			s = vg_fail(err, VG_ETOOBIG, dir,
				    "more than %d thesauri", MAX_THESAURI);
			break;
		}
		s = load_file(&fresh[*n], dir, e->d_name, err);
		if (s != VG_OK)
			break;
		(*n)++;
	}
	closedir(d);
	if (s == VG_OK && *n == 0)
		s = vg_fail(err, VG_ENOTFOUND, dir, "no thesaurus files (*.tsv)");
	if (s != VG_OK) {
		while (*n > 0)
			thesaurus_clear(&fresh[--(*n)]);
		return s;
	}
	qsort(fresh, *n, sizeof(*fresh), by_name);
	return VG_OK;
}

vg_status thesaurus_load(struct vg_error *err)
{
	static struct thesaurus fresh[MAX_THESAURI];
	char dir[1024];
	size_t n;
	vg_status s = VG_OK;

	pthread_mutex_lock(&load_lock);
	if (is_loaded)
		goto out;
	if (paths_data_file(dir, sizeof(dir), "thesauri") != 0) {
		s = vg_fail(err, VG_EINVAL, NULL, "data directory path too long");
		goto out;
	}
	s = load_dir(dir, fresh, &n, err);
	if (s != VG_OK)
		goto out;
	memcpy(loaded, fresh, n * sizeof(*fresh));
	nloaded = n;
	is_loaded = 1;
out:
	pthread_mutex_unlock(&load_lock);
	return s;
}

void thesaurus_free(void)
{
	pthread_mutex_lock(&load_lock);
	while (nloaded > 0)
		thesaurus_clear(&loaded[--nloaded]);
	is_loaded = 0;
	pthread_mutex_unlock(&load_lock);
}

static const struct thesaurus *find_thesaurus(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < nloaded; i++)
		if (!strcmp(loaded[i].name, name))
			return &loaded[i];
	return NULL;
}

const struct term *thesaurus_terms(const char *name, size_t *n)
{
	const struct thesaurus *t = find_thesaurus(name);

	if (n)
		*n = t ? t->n : 0;
	return t ? t->terms : NULL;
}

const struct term *thesaurus_find(const char *name, const char *code)
{
	const struct thesaurus *t = find_thesaurus(name);

	if (!t || !code)
		return NULL;
	return find_in(t, code);
}

void thesaurus_allowed(const char *name, char *out, size_t size)
{
	static const char more[] = ", …";
	const struct thesaurus *t = find_thesaurus(name);
	size_t i, len = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		const char *sep = i ? ", " : "";
		size_t need = strlen(sep) + strlen(t->terms[i].code);
		/* keep room for ", …" unless this is the last code */
		size_t reserve = i + 1 < t->n ? sizeof(more) - 1 : 0;

		if (len + need + reserve >= size) {
			if (len + sizeof(more) <= size)
				snprintf(out + len, size - len, "%s", more);
			return;
		}
		len += (size_t)snprintf(out + len, size - len, "%s%s", sep,
					t->terms[i].code);
	}
}
