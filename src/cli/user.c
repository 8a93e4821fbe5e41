/* vigil user — accounts from the command line: add, passwd, role, disable,
 * enable, token, list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "core/log.h"
#include "model/model.h"
#include "store/schema.h"
#include "store/users.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vigil user add NAME --role ROLE [--password-stdin] [--db PATH]\n"
		"       vigil user passwd NAME [--password-stdin] [--db PATH]\n"
		"       vigil user role NAME ROLE [--db PATH]\n"
		"       vigil user disable NAME [--db PATH]\n"
		"       vigil user enable NAME [--db PATH]\n"
		"       vigil user token NAME [--label TEXT] [--db PATH]\n"
		"       vigil user totp-reset NAME [--db PATH]\n"
		"       vigil user list [--db PATH]\n"
		"\n"
		"Roles: viewer, contributor, editor, admin. Without --password-stdin\n"
		"a random password is made and printed once. A password changed or\n"
		"an account disabled ends its sessions. `token` prints an API token\n"
		"once (send it as \"Authorization: Bearer TOKEN\"); only its hash is\n"
		"kept. Admins must enrol two-factor at their first sign-in;\n"
		"totp-reset removes an account's two-factor key (a lost device),\n"
		"so that it enrols again.\n");
}

struct user_opts {
	const char *db;
	const char *role;
	const char *label;
	int password_stdin;
	const char *pos[3];
	int npos;
};

static int parse(int argc, char **argv, struct user_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--password-stdin")) {
			o->password_stdin = 1;
		} else if (!strcmp(a, "--db") || !strcmp(a, "--role") ||
			   !strcmp(a, "--label")) {
			if (!v) {
				fprintf(stderr, "vigil user: %s needs a value\n", a);
				return -1;
			}
			if (!strcmp(a, "--db"))
				o->db = v;
			else if (!strcmp(a, "--role"))
				o->role = v;
			else
				o->label = v;
			i++;
		} else if (a[0] == '-') {
			fprintf(stderr, "vigil user: unknown option %s\n", a);
			return -1;
		} else if (o->npos < 3) {
			o->pos[o->npos++] = a;
		} else {
			fprintf(stderr, "vigil user: too many arguments\n");
			return -1;
		}
	}
	return 0;
}

/* The password from stdin's first line, or a new random one (printed). */
static int get_password(const struct user_opts *o, char *out, size_t size,
			int *generated)
{
	unsigned char raw[18];

	*generated = 0;
	if (o->password_stdin) {
		if (!fgets(out, (int)size, stdin)) {
			fprintf(stderr, "vigil user: no password on stdin\n");
			return -1;
		}
		out[strcspn(out, "\r\n")] = '\0';
		return 0;
	}
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, size, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	*generated = 1;
	return 0;
}

static int open_db(const char *path, store **db)
{
	struct vg_error err;

	vg_error_clear(&err);
	if (store_open(path, 0, db, &err) != STORE_OK)
		return cli_report("user", &err);
	if (!schema_is_initialised(*db) ||
	    schema_migrate(*db, 0, NULL, &err) != VG_OK) {
		if (!err.msg[0])
			vg_fail(&err, VG_EINVAL, path,
				"not a vigil database (run vigil init first)");
		store_close(*db);
		*db = NULL;
		return cli_report("user", &err);
	}
	cli_seal_totp_seeds("user", *db);
	return 0;
}

void cli_seal_totp_seeds(const char *cmd, store *db)
{
	struct vg_error err;
	int sealed = 0;

	vg_error_clear(&err);
	if (users_seal_seeds(db, &sealed, &err) != VG_OK)
		log_line("%s: two-factor keys stay in clear: %s: %s", cmd,
			 err.where, err.msg);
	else if (sealed)
		log_line("%s: sealed the two-factor keys of %d account%s",
			 cmd, sealed, sealed == 1 ? "" : "s");
}

static int list_users(store *db)
{
	struct vg_error err;
	json_t *arr = NULL, *u;
	size_t i;

	vg_error_clear(&err);
	if (users_list(db, &arr, &err) != VG_OK)
		return cli_report("user", &err);
	json_array_foreach(arr, i, u)
		printf("%-24s %-12s%s%s\n",
		       json_string_value(json_object_get(u, "username")),
		       json_string_value(json_object_get(u, "role")),
		       json_is_true(json_object_get(u, "totp")) ? " 2fa" : "",
		       json_is_true(json_object_get(u, "disabled")) ?
			       " disabled" : "");
	json_decref(arr);
	return 0;
}

static int run(store *db, const struct user_opts *o)
{
	const char *cmd = o->pos[0], *name = o->pos[1];
	char password[USERS_PASSWORD_MAX + 2], token[65];
	struct vg_error err;
	enum role role;
	vg_status s = VG_OK;
	int generated = 0;

	vg_error_clear(&err);
	if (!strcmp(cmd, "list"))
		return list_users(db);
	if (!name) {
		fprintf(stderr, "vigil user %s: which account? (see --help)\n",
			cmd);
		return 1;
	}
	if (!strcmp(cmd, "add") || !strcmp(cmd, "passwd")) {
		const char *r = o->role;

		if (!strcmp(cmd, "add") &&
		    (!r || model_role_parse(r, &role) || role == ROLE_PUBLIC)) {
			fprintf(stderr, "vigil user add: --role must be viewer, "
					"contributor, editor or admin\n");
			return 1;
		}
		if (get_password(o, password, sizeof(password), &generated))
			return 1;
		s = !strcmp(cmd, "add") ?
			    users_add(db, name, password, role, NULL, &err) :
			    users_set_password(db, name, password, &err);
		if (s == VG_OK && generated)
			printf("password for %s: %s\n", name, password);
		sodium_memzero(password, sizeof(password));
	} else if (!strcmp(cmd, "role")) {
		if (!o->pos[2] || model_role_parse(o->pos[2], &role)) {
			fprintf(stderr, "vigil user role: ROLE must be viewer, "
					"contributor, editor or admin\n");
			return 1;
		}
		s = users_set_role(db, name, role, &err);
	} else if (!strcmp(cmd, "disable") || !strcmp(cmd, "enable")) {
		s = users_set_disabled(db, name, !strcmp(cmd, "disable"), &err);
	} else if (!strcmp(cmd, "totp-reset")) {
		struct user_row u;

		s = users_find(db, name, &u, &err);
		if (s == VG_OK)
			s = users_set_totp(db, u.id, NULL, &err);
	} else if (!strcmp(cmd, "token")) {
		s = users_token_new(db, name, o->label, token, &err);
		if (s == VG_OK)
			printf("%s\n", token);
	} else {
		fprintf(stderr, "vigil user: unknown action '%s' (see --help)\n",
			cmd);
		return 1;
	}
	if (s != VG_OK) {
		vg_error_prefix(&err, "%s", name);
		return cli_report("user", &err);
	}
	return 0;
}

int cli_user(int argc, char **argv)
{
	struct user_opts o;
	store *db = NULL;
	int rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 1 : 0;
	}
	if (parse(argc, argv, &o))
		return 1;
	if (o.npos == 0) {
		usage(stderr);
		return 1;
	}
	rc = open_db(cli_db_path(o.db), &db);
	if (rc)
		return rc;
	rc = run(db, &o);
	store_close(db);
	return rc;
}
