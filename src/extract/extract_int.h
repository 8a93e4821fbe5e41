/* extract_int.h — what crosses the files of src/extract/. */
#ifndef VIGIL_EXTRACT_EXTRACT_INT_H
#define VIGIL_EXTRACT_EXTRACT_INT_H

#include <stddef.h>

#include "core/err.h"
#include "extract/extract.h"

/* ---- word lists (lexicon.c) ---- */

/* The most language folders whose cue words one lexicon merges. */
#define LEXICON_MAX_LANGS 8

struct wordmap {
	char **keys;
	char **vals; /* "" when the line had no second column */
	size_t cap, n;
	char *pools[LEXICON_MAX_LANGS]; /* the files' bytes; keys point in */
	size_t npools;
	int max_words; /* the most words in one key */
	size_t max_len; /* the longest key, in bytes */
};

/* The value for key, or NULL when key is not in the map. */
const char *wordmap_get(const struct wordmap *m, const char *key);

struct extract_lexicon {
	struct wordmap given, endings, places, ethnic, chinese;
	struct wordmap common, calendar, titles, status, kinship, occupations;
	struct wordmap orgs, place_cues, speech, list_cues, modifiers, state;
	struct wordmap gendered, status_nouns;
};

/* ---- tokens and sentences (text.c) ---- */

enum tok_kind { TOK_WORD, TOK_NUM, TOK_PUNCT, TOK_HAN };

enum tok_flags {
	TF_CAP = 1,        /* starts with an upper-case letter */
	TF_INITIAL = 2,    /* "R." */
	TF_SENT_START = 4, /* first word of its sentence */
	TF_ORG = 8,        /* part of an organisation's name */
	TF_PLACE = 16,     /* part of a place's name */
	TF_CAL = 32,       /* month, weekday or season */
	TF_ACRONYM = 64,   /* short all-capital word: "UN", "BBC" */
	TF_PARA_START = 128
};

struct tok {
	size_t start, end; /* bytes in the text */
	const char *low;   /* lower-cased form, in the doc's pool */
	enum tok_kind kind;
	unsigned flags;
	int sent;          /* sentence number */
	int quote;         /* quotation number, 0 outside quotes */
	int mention;       /* the mention covering it, or -1 */
};

/* ---- what the analysis builds (people.c, facts.c) ---- */

struct mention {
	size_t t0, t1;  /* tokens [t0, t1) */
	int person;     /* index into persons, -1 until clustered */
	int head;       /* mention this one sits in the apposition of, or -1 */
	int list;       /* list number, or -1 */
	int nparts;
	int accepted;
};

struct evidence {
	const char *field;
	size_t start, end; /* bytes */
};

struct relation {
	char type[24];
	int other; /* person index */
	size_t start, end;
};

#define PERSON_MAX_EVIDENCE 48
#define PERSON_MAX_RELATIONS 12
#define PERSON_MAX_VARIANTS 8

struct eperson {
	char *name;
	int name_parts;        /* parts of name that are not initials */
	char *variants[PERSON_MAX_VARIANTS];
	size_t nvariants;
	const char *role;      /* NULL until decided */
	const char *role_cue;  /* role suggested by occupation or cue */
	const char *status;
	int status_rank;       /* how strongly the status was stated */
	int status_when;       /* year * 100 + month of the status, or 0 */
	int victim_cue;        /* a status was stated, even ambiguously */
	char since[48];
	char sentence[48];
	char occupation[96];
	int occupation_rank;
	const char *ethnicity;
	struct relation rel[PERSON_MAX_RELATIONS];
	size_t nrel;
	struct evidence ev[PERSON_MAX_EVIDENCE];
	size_t nev;
	int speaker;           /* spoke a quotation */
	int narrator;          /* "My name is X": the "I" of the text */
	int byline;            /* named in a byline: wrote or translated it */
	char sex;              /* 'f', 'm' or 0: what "she" and "he" may be */
};

struct quotation {
	size_t open, close; /* token indices of the quote marks */
	int speaker;        /* person index or -1 */
};

struct doc {
	const struct extract_lexicon *lex;
	const char *text;
	size_t len;
	struct tok *toks;
	size_t ntoks, captoks;
	char *pool;
	size_t pool_len, pool_cap;
	char (*skel)[32];  /* per token: reduced form of a name part, or "" */
	int nsent;
	struct mention *ments;
	size_t nments, capments;
	struct eperson *persons;
	size_t npersons, cappersons;
	struct quotation *quotes;
	size_t nquotes;
	int nlists;
	char **places;
	size_t nplaces;
	char **orgs;
	size_t norgs;
	char *publisher; /* a last paragraph that is only an organisation */
};

/* text.c */
vg_status doc_tokenize(struct doc *d, struct vg_error *err);
vg_status doc_sentences(struct doc *d, struct vg_error *err);
void doc_quotes(struct doc *d);
/* The lower-cased words of toks [i, i+n) joined by spaces, into out. */
int doc_phrase(const struct doc *d, size_t i, size_t n, char *out,
	       size_t size);
/* The longest key of m starting at token i (n words at most m->max_words)
 * that is in m: its number of tokens, or 0. *val receives its value. */
size_t doc_match(const struct doc *d, const struct wordmap *m, size_t i,
		 const char **val);
int tok_is(const struct doc *d, size_t i, const char *low);
/* Is token k one of words (a NULL-ended list)? (facts.c) */
int tok_in(const struct doc *d, size_t k, const char *const *words);
int tok_punct(const struct doc *d, size_t i, const char *p);

/* entities.c: places, organisations and dates */
vg_status doc_places_orgs(struct doc *d);
/* A date starting at token i ("July 2021", "14 December 2022", "2017"):
 * its token count, or 0. */
size_t doc_date_at(const struct doc *d, size_t i);

/* people.c */
vg_status doc_people(struct doc *d);
/* lists.c: marks the lists of names, and accepts their items. */
void doc_accept_lists(struct doc *d);
/* Does lower-cased name part low end in a name-part ending (-uly, -ova)? */
int name_has_ending(const struct doc *d, const char *low);

/* cases.c: names in Russian and Kazakh cases */
/* Does Cyrillic word low have a name-part ending under a case ending? */
int name_stem_has_ending(const struct doc *d, const char *low);
/* The sex ('m', 'f') a Russian name in an oblique case shows, or 0. */
int name_case_sex(const struct doc *d, const struct mention *m);
/* The mention's text as a name is proposed, in the nominative (caller
 * frees; NULL when out of memory). */
char *name_nominative(const struct doc *d, const struct mention *m);

/* spelling.c: are two lower-cased name parts the same part written two
 * ways (Kurmanalieva/Kurmanaliyeva, R./Rysbek)? */
int name_parts_similar(const char *a, const char *b);
/* Is lower-cased word low a given name of the list, in its Latin spelling
 * or a Cyrillic one ("ильхам" for "ilham")? */
int given_name(const struct doc *d, const char *low);
/* The stems a lower-cased Cyrillic word may have under a Russian or
 * Kazakh case ending ("алматыда" → "алматы"), up to max, into out; their
 * number. */
#define CASE_STEMS_MAX 12
size_t case_stems(const char *low, char (*out)[64], size_t max);
/* Is one of the stems of Cyrillic word low under a case ending in m
 * ("алматыда" in the places, "имама" in the occupations)? */
int stem_in(const char *low, const struct wordmap *m);
/* Does ok(ctx, stem) hold for one of those stems? */
int stem_matches(const char *low, int (*ok)(const void *ctx, const char *stem),
		 const void *ctx);
/* The same for tokens i and j of d, their reduced forms made once. */
int name_tokens_similar(struct doc *d, size_t i, size_t j);
/* Marks person p a woman or a man from the word at token k ("mother",
 * "Mrs"), if that word says. */
void person_sex_from_word(struct doc *d, int p, size_t k);

/* facts.c */
vg_status doc_facts(struct doc *d);
void person_add_evidence(struct doc *d, int p, const char *field,
			 size_t start, size_t end);
void person_add_relation(struct doc *d, int p, const char *type, int other,
			 size_t start, size_t end);

/* status.c */
void doc_status(struct doc *d);

/* when.c: dates and terms of a statement */
/* The date in toks [a, b) as the proposal gives it, into out. */
void date_text(const struct doc *d, size_t a, size_t b, char *out, size_t size);
/* year * 100 + month of the date in toks [a, b). */
int date_key(const struct doc *d, size_t a, size_t b);
/* The first token of token k's clause, looking back. */
size_t clause_start(const struct doc *d, size_t k);
/* The date nearest k in toks [from, k): 1 and its range [*a, *b), or 0. */
int date_before(const struct doc *d, size_t from, size_t k, size_t *a, size_t *b);
/* A date a few words after k, before end, or opening its sentence. */
int date_after(const struct doc *d, size_t k, size_t end, size_t *a, size_t *b);
/* A term from k up to end: 1 with its text in out and *stop after it. */
int term_after(const struct doc *d, size_t k, size_t end, char *out,
	       size_t size, size_t *stop);

/* subject.c */
int tok_adverb(const struct doc *d, size_t k);
int tok_aux(const struct doc *d, size_t k);
/* "not", "never" just before token k. */
int clause_negated(const struct doc *d, size_t k);
/* Is the status word at k (lexicon value v) stated, not in passing? */
int clause_verbal(const struct doc *d, size_t k, const char *v);
int clause_stop(const struct doc *d, size_t k);
/* The token after the clause that token k is in. */
size_t clause_end(const struct doc *d, size_t k);
/* The mention a statement at token k is about, or -1. */
int subject_of(const struct doc *d, size_t k);
int subject_list_after_colon(const struct doc *d, size_t k);
int subject_record(const struct doc *d, size_t k);
int subject_coordinated(const struct doc *d, int m);
/* The person a Russian or Kazakh sentence without a subject is about, by
 * a pronoun after the verb or the person last named; -1 when it has a
 * subject of its own. after: the token after the status words at k. */
int subject_dropped(const struct doc *d, size_t k, size_t after);
/* The name right after a Russian or Kazakh status word with no subject
 * before it ("были осуждены музыкант X"), or -1. */
int subject_after(const struct doc *d, size_t k, size_t after);
/* A Russian verb in the active past ("задержали", "приговорил"). */
int tok_active_past(const struct doc *d, size_t k);
/* The person "my <kin>" or "his <kin>" without a name refers to: the one
 * with that relation to the owner, or -1. */
int person_by_kin(const struct doc *d, const char *type, int owner);
/* Is token k a third-person pronoun ("he", "she", "его", "ол"; with
 * subject, one that can be a clause's subject or the one a status is
 * stated of)? *other (may be NULL) receives the sex it rules out, or 0. */
int tok_pronoun(const struct doc *d, size_t k, char *other, int subject);
/* The person "he", "she", "his" or "her" at token k stands for, or -1. */
int doc_pronoun_person(const struct doc *d, size_t k);
/* The narrator or the speaker of the quotation token k is in, or -1. */
int first_person_at(const struct doc *d, size_t k);

/* facts.c: small readers shared with describe.c */
int tok_article(const struct doc *d, size_t k);    /* a, an, the */
int tok_possessive(const struct doc *d, size_t k); /* my, his, его, оның, … */
int tok_first_possessive(const struct doc *d, size_t k); /* my, our, мой, менің */
int tok_preposition(const struct doc *d, size_t k);
/* The relation the kinship word at k states ("mother_of"), or NULL;
 * *owner (may be NULL) is 1 when the word itself says "my" (Kazakh
 * "әкем"), 3 when it says "his or her" ("әкесі"), else 0. */
const char *kin_type(const struct doc *d, size_t k, int *owner);
/* The person the accepted mention at token k names, or -1. */
int doc_person_at(const struct doc *d, size_t k);

/* describe.c */
void doc_describe(struct doc *d);

/* output.c */
vg_status doc_to_json(const struct doc *d, json_t **out);

#endif
