/* date_words.h — dates written in Russian, Kazakh and Chinese, for
 * date.c: not a public API (date.h is). */
#ifndef VIGIL_CORE_DATE_WORDS_H
#define VIGIL_CORE_DATE_WORDS_H

#include <stddef.h>

/* Writes into out the English form of a date written with the words of
 * data/dates/words.tsv ("шілде 2021" -> "July 2021"). Returns 1 when it
 * did, 0 when in has a word that is not a date word of any language (or
 * the words could not be read): then nothing is written. */
int date_words_rewrite(const char *in, char *out, size_t size);

#endif
