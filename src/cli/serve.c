/* vigil serve — the web interface and the JSON API on 127.0.0.1. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/log.h"
#include "model/thesaurus.h"
#include "store/schema.h"
#include "web/web.h"
#include "web/web_names.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vigil serve [--db PATH] [--listen ADDR:PORT] [--public]\n"
		"                   [--behind-proxy PROXY-ADDR] [--threads N]\n"
		"                   [--session-idle SECONDS] [--session-max SECONDS]\n"
		"                   [--login-failures N] [--login-delay-max SECONDS]\n"
		"                   [--quiet]\n"
		"\n"
		"Serves the casebook on 127.0.0.1:8080 unless --listen says\n"
		"otherwise (port 0 picks a free port; the address is printed).\n"
		"--public serves only the anonymous view: public records and\n"
		"public fields, no sign-in, read-only.\n"
		"--behind-proxy names the address of the TLS proxy in front (e.g.\n"
		"127.0.0.1). Only requests from that address have X-Forwarded-Proto\n"
		"believed (cookies then Secure and named __Host-vigil) and their\n"
		"client taken from X-Forwarded-For (its right-most address that is\n"
		"not the proxy); from any other peer both headers are ignored.\n"
		"Sessions end after 30 minutes idle and 12 hours in any case.\n"
		"Failed sign-ins slow down, never lock: after 5 failures of one\n"
		"account name from one address, each further try from there waits\n"
		"1 s, then 2, 4, ... up to 15 minutes (--login-delay-max); an\n"
		"address gets 4 times as many free failures across all names.\n"
		"The same name from another address is not slowed. A wait is\n"
		"answered 429 with Retry-After. The variables VIGIL_SESSION_IDLE,\n"
		"VIGIL_SESSION_MAX, VIGIL_LOGIN_FAILURES and VIGIL_LOGIN_DELAY_MAX\n"
		"set the same as the options (--login-lock and VIGIL_LOGIN_LOCK\n"
		"are older names of the delay cap).\n");
}

static int parse_uint(const char *s, const char *opt, unsigned *out)
{
	char *end;
	long v;

	if (!s)
		return 0;
	v = strtol(s, &end, 10);
	if (*end || end == s || v < 1 || v > 10000000) {
		fprintf(stderr, "vigil serve: %s: expected a positive number, "
				"got '%s'\n", opt, s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int env_settings(struct web_config *cfg)
{
	if (parse_uint(getenv("VIGIL_SESSION_IDLE"), "VIGIL_SESSION_IDLE",
		       &cfg->session_idle_s) ||
	    parse_uint(getenv("VIGIL_SESSION_MAX"), "VIGIL_SESSION_MAX",
		       &cfg->session_max_s) ||
	    parse_uint(getenv("VIGIL_LOGIN_FAILURES"), "VIGIL_LOGIN_FAILURES",
		       &cfg->login_max_failures) ||
	    parse_uint(getenv("VIGIL_LOGIN_LOCK"), "VIGIL_LOGIN_LOCK",
		       &cfg->login_delay_max_s) ||
	    parse_uint(getenv("VIGIL_LOGIN_DELAY_MAX"), "VIGIL_LOGIN_DELAY_MAX",
		       &cfg->login_delay_max_s))
		return -1;
	return 0;
}

/* Checks the database is there and current before any thread starts.
 * *out stays open while the server runs: its lock (store.h) tells a
 * restore that the database is in use even before the first request
 * opens a connection of a worker thread. */
static int prepare_db(const char *path, store **out)
{
	struct vg_error err;
	store *db = NULL;
	int rc = 0;

	*out = NULL;
	vg_error_clear(&err);
	if (store_open(path, 0, &db, &err) != STORE_OK)
		return cli_report("serve", &err);
	if (!schema_is_initialised(db)) {
		fprintf(stderr, "vigil serve: %s: not a vigil database "
				"(run vigil init first)\n", path);
		store_close(db);
		return 1;
	}
	if (schema_migrate(db, 0, NULL, &err) != VG_OK)
		rc = cli_report("serve", &err);
	if (rc == 0)
		cli_seal_totp_seeds("serve", db);
	/* The name index is built here, from the one connection, before
	 * any request can arrive. */
	if (rc == 0 && web_names_start(db, &err) != VG_OK)
		/* Name search then falls back to the full-text index. */
		log_line("name index not available: %s: %s", err.where,
			 err.msg);
	if (rc == 0)
		*out = db;
	else
		store_close(db);
	return rc;
}

static int parse_args(int argc, char **argv, struct web_config *cfg,
		      const char **db)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--public")) {
			cfg->public_only = 1;
		} else if (!strcmp(a, "--quiet")) {
			log_set_quiet(1);
		} else if (!strcmp(a, "--behind-proxy") &&
			   (!v || !strncmp(v, "--", 2))) {
			fprintf(stderr, "vigil serve: --behind-proxy needs the "
					"proxy's address, e.g. --behind-proxy "
					"127.0.0.1\n");
			return -1;
		} else if (!v) {
			fprintf(stderr, "vigil serve: unknown option or missing "
					"value: %s (see --help)\n", a);
			return -1;
		} else if (!strcmp(a, "--behind-proxy")) {
			cfg->proxy_addr = v, i++;
		} else if (!strcmp(a, "--db")) {
			*db = v, i++;
		} else if (!strcmp(a, "--listen")) {
			cfg->listen = v, i++;
		} else if (!strcmp(a, "--threads")) {
			if (parse_uint(v, a, &cfg->threads))
				return -1;
			i++;
		} else if (!strcmp(a, "--session-idle")) {
			if (parse_uint(v, a, &cfg->session_idle_s))
				return -1;
			i++;
		} else if (!strcmp(a, "--session-max")) {
			if (parse_uint(v, a, &cfg->session_max_s))
				return -1;
			i++;
		} else if (!strcmp(a, "--login-failures")) {
			if (parse_uint(v, a, &cfg->login_max_failures))
				return -1;
			i++;
		} else if (!strcmp(a, "--login-delay-max") ||
			   !strcmp(a, "--login-lock")) {
			if (parse_uint(v, a, &cfg->login_delay_max_s))
				return -1;
			i++;
		} else {
			fprintf(stderr, "vigil serve: unknown option %s "
					"(see --help)\n", a);
			return -1;
		}
	}
	return 0;
}

int cli_serve(int argc, char **argv)
{
	struct web_config cfg;
	struct vg_error err;
	web_server *srv = NULL;
	store *held = NULL;
	const char *db = NULL;
	sigset_t set;
	int sig, rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	web_config_defaults(&cfg);
	if (env_settings(&cfg) || parse_args(argc, argv, &cfg, &db))
		return 1;
	cfg.db_path = cli_db_path(db);
	rc = prepare_db(cfg.db_path, &held);
	if (rc)
		return rc;
	vg_error_clear(&err);
	if (thesaurus_load(&err) != VG_OK) {
		store_close(held);
		return cli_report("serve", &err);
	}
	/* Block the stop signals before threads start so only sigwait sees
	 * them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (web_server_start(&cfg, &srv, &err) != VG_OK) {
		store_close(held);
		return cli_report("serve", &err);
	}
	fprintf(stderr, "vigil serve: listening on http://%.*s:%u/%s\n",
		(int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen,
		web_server_port(srv), cfg.public_only ? " (public view)" : "");
	fflush(stderr);
	sigwait(&set, &sig);
	web_server_stop(srv);
	store_close(held);
	return 0;
}
