/* users_int.h — what users.c and users_totp.c share. */
#ifndef VIGIL_STORE_USERS_INT_H
#define VIGIL_STORE_USERS_INT_H

#include "store/users.h"

/* Fills out->totp_on and out->totp_secret from an account row's columns:
 * plain (a key left in clear from before schema 15) and sealed. */
void users_read_totp(store *db, const char *plain, const char *sealed,
		     struct user_row *out);

#endif
