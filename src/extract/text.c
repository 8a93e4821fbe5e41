/* text.c — words, sentences and quotations, with byte offsets kept. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "extract/extract_int.h"

static int is_word_char(UChar32 c)
{
	return u_isalpha(c) || u_isdigit(c) ||
	       (U_GET_GC_MASK(c) & U_GC_M_MASK);
}

static int is_joiner(UChar32 c)
{
	return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010;
}

static int is_apostrophe(UChar32 c)
{
	return c == '\'' || c == 0x2019;
}

static UChar32 peek(const char *s, size_t len, size_t i)
{
	UChar32 c;

	if (i >= len)
		return -1;
	U8_NEXT(s, i, len, c);
	return c;
}

static vg_status push_tok(struct doc *d, size_t start, size_t end,
			  enum tok_kind kind)
{
	struct tok *t;
	size_t i;
	UChar32 c;
	int upper = 0, letters = 0;

	if (d->ntoks == d->captoks) {
		size_t cap = d->captoks ? d->captoks * 2 : 256;
		struct tok *n = realloc(d->toks, cap * sizeof(*n));

		if (!n)
			return VG_ENOMEM;
		d->toks = n;
		d->captoks = cap;
	}
	t = &d->toks[d->ntoks++];
	memset(t, 0, sizeof(*t));
	t->start = start;
	t->end = end;
	t->kind = kind;
	t->mention = -1;
	t->low = d->pool + d->pool_len;
	for (i = start; i < end;) {
		U8_NEXT(d->text, i, end, c);
		if (u_isalpha(c)) {
			letters++;
			upper += u_isupper(c) || u_istitle(c);
			if (letters == 1 && (u_isupper(c) || u_istitle(c)))
				t->flags |= TF_CAP;
		}
		c = u_tolower(c);
		/* The pool was sized for the worst growth of lower-casing. */
		U8_APPEND_UNSAFE(d->pool, d->pool_len, c);
	}
	d->pool[d->pool_len++] = '\0';
	if (letters >= 2 && upper == letters && letters <= 5)
		t->flags |= TF_ACRONYM;
	return VG_OK;
}

/* Where a word that starts at i ends: letters, digits and marks, joined by
 * an apostrophe or hyphen, but a possessive 's is left outside. */
static size_t word_end(const char *s, size_t len, size_t i)
{
	size_t j;
	UChar32 c, n;

	for (;;) {
		j = i;
		if (j >= len)
			return i;
		U8_NEXT(s, j, len, c);
		if (is_word_char(c) && !u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) {
			i = j;
			continue;
		}
		if (!is_joiner(c))
			return i;
		n = peek(s, len, j);
		if (n < 0 || !is_word_char(n))
			return i;
		if (is_apostrophe(c) && (n == 's' || n == 'S') &&
		    (j + 1 >= len || !is_word_char(peek(s, len, j + 1))))
			return i;
		i = j;
	}
}

vg_status doc_tokenize(struct doc *d, struct vg_error *err)
{
	size_t i = 0, start, j;
	UChar32 c;
	vg_status rc;

	d->pool_cap = d->len * 2 + d->len / 2 + 16;
	d->pool = malloc(d->pool_cap + d->len + 16);
	if (!d->pool)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	while (i < d->len) {
		start = i;
		U8_NEXT(d->text, i, d->len, c);
		if (c < 0)
			return vg_fail(err, VG_EINVAL, "text",
				       "byte %zu: not valid UTF-8", start);
		if (u_isspace(c) || c == 0xFEFF)
			continue;
		if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) {
			for (j = i; j < d->len;) {
				size_t k = j;

				U8_NEXT(d->text, k, d->len, c);
				if (!u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) &&
				    c != 0x00B7 && c != 0x30FB)
					break;
				j = k;
			}
			rc = push_tok(d, start, j, TOK_HAN);
		} else if (is_word_char(c)) {
			int digit = u_isdigit(c);

			j = word_end(d->text, d->len, i);
			/* An initial keeps its full stop: "R. Sarsenbay". */
			if (!digit && j == i && u_isupper(c) && j < d->len &&
			    d->text[j] == '.' &&
			    (j + 1 >= d->len || d->text[j + 1] == ' ' ||
			     d->text[j + 1] == '\n'))
				j++;
			rc = push_tok(d, start, j, digit ? TOK_NUM : TOK_WORD);
			if (!rc && d->text[j - 1] == '.' && j - start <= 3)
				d->toks[d->ntoks - 1].flags |= TF_INITIAL;
		} else if (is_apostrophe(c) && (peek(d->text, d->len, i) == 's')) {
			j = i + 1;
			rc = push_tok(d, start, j, TOK_PUNCT);
		} else {
			j = i;
			rc = push_tok(d, start, j, TOK_PUNCT);
		}
		if (rc)
			return vg_fail(err, rc, NULL, "out of memory");
		i = j;
	}
	return VG_OK;
}

static int ends_abbreviation(const struct doc *d, size_t k)
{
	if (d->toks[k].flags & TF_INITIAL)
		return 1;
	if (k > 0 && tok_punct(d, k, ".") &&
	    wordmap_get(&d->lex->titles, d->toks[k - 1].low))
		return 1;
	return 0;
}

vg_status doc_sentences(struct doc *d, struct vg_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UText *ut = NULL;
	UBreakIterator *bi = NULL;
	size_t k = 0;
	int32_t b;
	int sent = 0, first = 1;
	vg_status rc = VG_OK;

	ut = utext_openUTF8(NULL, d->text, (int64_t)d->len, &st);
	bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(bi, ut, &st);
	if (U_FAILURE(st)) {
		rc = vg_fail(err, VG_EINTERNAL, "sentences", "ICU: %s",
			     u_errorName(st));
		goto out;
	}
	ubrk_first(bi);
	for (b = ubrk_next(bi); b != UBRK_DONE && k < d->ntoks;
	     b = ubrk_next(bi)) {
		for (; k < d->ntoks && d->toks[k].start < (size_t)b; k++) {
			d->toks[k].sent = sent;
			if (first && d->toks[k].kind == TOK_WORD) {
				d->toks[k].flags |= TF_SENT_START;
				first = 0;
			}
		}
		if (k > 0 && k < d->ntoks && ends_abbreviation(d, k - 1))
			continue;
		sent++;
		first = 1;
	}
	for (; k < d->ntoks; k++)
		d->toks[k].sent = sent;
	d->nsent = sent + 1;
out:
	ubrk_close(bi);
	utext_close(ut);
	return rc;
}

static int blank_line_between(const struct doc *d, size_t a, size_t b)
{
	size_t i;
	int nl = 0;

	for (i = d->toks[a].end; i < d->toks[b].start; i++) {
		if (d->text[i] == '\n' && ++nl == 2)
			return 1;
		if (d->text[i] != '\n' && d->text[i] != ' ' &&
		    d->text[i] != '\r' && d->text[i] != '\t')
			nl = 0;
	}
	return 0;
}

static int is_quote_mark(const struct doc *d, size_t k, int *opens)
{
	const char *s = d->text + d->toks[k].start;
	size_t n = d->toks[k].end - d->toks[k].start;

	if (d->toks[k].kind != TOK_PUNCT)
		return 0;
	if ((n == 3 && !memcmp(s, "\xe2\x80\x9c", 3)) ||
	    (n == 2 && !memcmp(s, "\xc2\xab", 2))) {
		*opens = 1;
		return 1;
	}
	if ((n == 3 && !memcmp(s, "\xe2\x80\x9d", 3)) ||
	    (n == 2 && !memcmp(s, "\xc2\xbb", 2))) {
		*opens = 0;
		return 1;
	}
	if (n == 1 && *s == '"') {
		*opens = -1; /* toggles */
		return 1;
	}
	return 0;
}

static void close_quote(struct doc *d, int q, size_t close)
{
	size_t k;

	d->quotes[q - 1].close = close;
	for (k = d->quotes[q - 1].open + 1; k < close && k < d->ntoks; k++)
		d->toks[k].quote = q;
}

void doc_quotes(struct doc *d)
{
	size_t k;
	int open = 0, opens;

	d->quotes = calloc(d->ntoks / 2 + 1, sizeof(*d->quotes));
	if (!d->quotes)
		return;
	for (k = 0; k < d->ntoks; k++) {
		if (k == 0 || blank_line_between(d, k - 1, k)) {
			d->toks[k].flags |= TF_PARA_START;
			if (open)
				close_quote(d, open, k);
			open = 0;
		}
		if (!is_quote_mark(d, k, &opens))
			continue;
		if (opens == -1)
			opens = !open;
		if (opens && !open) {
			d->quotes[d->nquotes].open = k;
			d->quotes[d->nquotes].speaker = -1;
			open = (int)++d->nquotes;
		} else if (!opens && open) {
			close_quote(d, open, k);
			open = 0;
		}
	}
	if (open)
		close_quote(d, open, d->ntoks);
}

int doc_phrase(const struct doc *d, size_t i, size_t n, char *out,
	       size_t size)
{
	size_t k, len = 0, l;

	if (!size)
		return -1;
	out[0] = '\0';
	for (k = i; k < i + n; k++) {
		if (k >= d->ntoks || d->toks[k].kind == TOK_PUNCT)
			return -1;
		l = strlen(d->toks[k].low);
		if (len + l + 2 > size)
			return -1;
		if (k > i)
			out[len++] = ' ';
		memcpy(out + len, d->toks[k].low, l + 1);
		len += l;
	}
	return 0;
}

size_t doc_match(const struct doc *d, const struct wordmap *m, size_t i,
		 const char **val)
{
	char phrase[256];
	const char *v;
	size_t n;

	if (i >= d->ntoks)
		return 0;
	for (n = (size_t)(m->max_words ? m->max_words : 1); n > 0; n--) {
		if (doc_phrase(d, i, n, phrase, sizeof(phrase)))
			continue;
		v = wordmap_get(m, phrase);
		if (v) {
			if (val)
				*val = v;
			return n;
		}
	}
	return 0;
}

int tok_is(const struct doc *d, size_t i, const char *low)
{
	return i < d->ntoks && !strcmp(d->toks[i].low, low);
}

int tok_punct(const struct doc *d, size_t i, const char *p)
{
	const char *low;

	if (i >= d->ntoks || d->toks[i].kind != TOK_PUNCT)
		return 0;
	low = d->toks[i].low;
	/* Chinese text writes brackets full width: "（阿布都·吾甫尔）" */
	if (!strcmp(p, "("))
		return !strcmp(low, p) || !strcmp(low, "\xef\xbc\x88");
	if (!strcmp(p, ")"))
		return !strcmp(low, p) || !strcmp(low, "\xef\xbc\x89");
	return !strcmp(low, p);
}
