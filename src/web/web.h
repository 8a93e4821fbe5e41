/* web.h — the casebook's HTTP server: server-rendered pages and the JSON
 * API over the same model, behind one router.
 *
 * Safe by default: it listens on 127.0.0.1 unless told otherwise, caps
 * every input (body, upload, field length, header memory, connections per
 * address, time), and sends CSP, nosniff, no-referrer and frame-denial
 * headers on every response. Pages are written through escaping helpers
 * (web/page.h); handlers see only the parameters their route declares
 * (web/web_int.h). */
#ifndef VIGIL_WEB_WEB_H
#define VIGIL_WEB_WEB_H

#include <stddef.h>

#include "core/err.h"

struct web_config {
	const char *db_path;     /* the database every request opens */
	const char *listen;      /* "127.0.0.1:8080"; port 0 picks a free one */
	int public_only;         /* --public: serve only the anonymous view */
	/* --behind-proxy: the address of the TLS proxy in front, or NULL.
	 * Only requests from it have their X-Forwarded-Proto (Secure cookies)
	 * and X-Forwarded-For (the client's address) believed. */
	const char *proxy_addr;
	unsigned threads;        /* worker pool size, 2..16 */
	size_t max_body;         /* bytes of a form or JSON body */
	size_t max_upload;       /* bytes of a multipart (file) body */
	size_t max_field;        /* bytes of one form or query value */
	unsigned max_conns;      /* connections in total */
	unsigned max_conns_per_ip;
	unsigned conn_timeout_s; /* idle connection timeout */
	size_t header_memory;    /* bytes MHD may use per connection */
	unsigned session_idle_s; /* a session dies after this much idleness */
	unsigned session_max_s;  /* and after this much time in any case */
	unsigned login_max_failures; /* free failed sign-ins per name and address */
	unsigned login_delay_max_s;  /* the longest wait they grow to */
};

/* Fills cfg with the defaults: 127.0.0.1:8080, 4 threads, 1 MiB bodies,
 * 16 MiB uploads, 64 KiB fields, 64 connections (8 per address), 30 s
 * timeout, 32 KiB header memory, sessions idle 30 min / absolute 12 h,
 * 5 free failed sign-ins per name and address, then waits doubling from
 * 1 s to at most 15 min; no proxy trusted. */
void web_config_defaults(struct web_config *cfg);

typedef struct web_server web_server;

/* Starts the server in its own threads. On success *out is running and
 * the bound address is printed by the caller from web_server_port(). On
 * failure err says why (address in use, a proxy address that is not an
 * IP address, database missing). */
vg_status web_server_start(const struct web_config *cfg, web_server **out,
			   struct vg_error *err);

/* The port actually bound (useful with port 0). */
unsigned web_server_port(const web_server *srv);

/* Stops accepting, waits for requests in flight, closes every database
 * connection and frees the server. NULL is allowed. */
void web_server_stop(web_server *srv);

#endif
