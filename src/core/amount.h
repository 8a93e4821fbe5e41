/* amount.h — whole numbers and amounts of money as people type them:
 * "150 000", "150.000", "1 500 000 тенге", "₸ 150000", "5000 元". */
#ifndef VIGIL_CORE_AMOUNT_H
#define VIGIL_CORE_AMOUNT_H

#include <stdint.h>

#include "core/err.h"

/* Reads a whole number whose digits may be grouped by threes with spaces
 * (also no-break and thin spaces), dots or commas: "150 000", "150.000",
 * "1,500,000". A sign is allowed in front. VG_EINVAL, saying why, for
 * anything else ("1.5", "15 00", "abc"). */
vg_status amount_parse_whole(const char *s, int64_t *out, struct vg_error *err);

/* Reads an amount with an optional currency word or sign before or after
 * it (data/numbers/currencies.tsv): *value the number, currency (4 bytes)
 * the ISO code or "" when none was written. VG_EINVAL for an unknown word
 * or a number amount_parse_whole refuses. */
vg_status amount_parse(const char *s, int64_t *value, char currency[4],
		       struct vg_error *err);

#endif
