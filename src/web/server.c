/* The libmicrohttpd glue: limits, a worker pool, one request structure per
 * request, security headers on every response and one log line each. */
#include "web/web.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <sodium.h>

#include "core/log.h"
#include "web/status.h"
#include "web/web_req.h"

void web_config_defaults(struct web_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->listen = "127.0.0.1:8080";
	cfg->threads = 4;
	cfg->max_body = 1u << 20;
	cfg->max_upload = 16u << 20;
	cfg->max_field = 64u << 10;
	cfg->max_conns = 64;
	cfg->max_conns_per_ip = 8;
	cfg->conn_timeout_s = 30;
	cfg->header_memory = 32u << 10;
	cfg->session_idle_s = 30 * 60;
	cfg->session_max_s = 12 * 3600;
	cfg->login_max_failures = 5;
	cfg->login_delay_max_s = 15 * 60;
}

static struct web_req *req_new(web_server *srv, struct MHD_Connection *c)
{
	struct web_req *rq = calloc(1, sizeof(*rq));
	const union MHD_ConnectionInfo *ci;

	if (!rq)
		return NULL;
	rq->srv = srv;
	rq->conn = c;
	clock_gettime(CLOCK_MONOTONIC, &rq->started);
	form_init(&rq->query, 64, srv->cfg.max_field, 0);
	/* Each field's own cap is the one its route declares (router.c). */
	form_init(&rq->form, 512, srv->cfg.max_upload, srv->cfg.max_upload);
	buf_init(&rq->body, srv->cfg.max_upload > srv->cfg.max_body ?
				    srv->cfg.max_upload : srv->cfg.max_body);
	buf_init(&rq->out, WEB_OUT_MAX);
	rq->status = 200;
	snprintf(rq->content_type, sizeof(rq->content_type),
		 "text/html; charset=utf-8");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *in =
			(const struct sockaddr_in *)ci->client_addr;
		inet_ntop(AF_INET, &in->sin_addr, rq->client_ip,
			  sizeof(rq->client_ip));
	} else if (ci && ci->client_addr &&
		   ci->client_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
			(const struct sockaddr_in6 *)ci->client_addr;
		inet_ntop(AF_INET6, &in6->sin6_addr, rq->client_ip,
			  sizeof(rq->client_ip));
	}
	return rq;
}

/* MHD decodes %00 into a NUL, which would silently shorten the path (and a
 * query value) the router sees: the URI is looked at as it came, before
 * decoding, and a path or query that is not clean UTF-8 is refused. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct web_req *rq = req_new(cls, c);

	if (rq && uri && strstr(uri, "%00"))
		rq->bad_uri = 1;
	return rq;
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind,
				 const char *key, const char *value)
{
	struct web_req *rq = cls;

	(void)kind;
	if (!form_utf8_ok(key, strlen(key)) ||
	    (value && !form_utf8_ok(value, strlen(value)))) {
		rq->bad_uri = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* An address as inet_ntop writes it (so that one client has one
 * spelling), from text that may carry spaces around it. 0, or -1 when it
 * is not an IPv4 or IPv6 address. */
static int normalise_addr(const char *s, size_t len, char out[64])
{
	unsigned char bin[16];
	char tmp[64];

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (inet_pton(AF_INET, tmp, bin) == 1)
		return inet_ntop(AF_INET, bin, out, 64) ? 0 : -1;
	if (inet_pton(AF_INET6, tmp, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, 64) ? 0 : -1;
	return -1;
}

static enum MHD_Result last_forwarded_for(void *cls, enum MHD_ValueKind kind,
					  const char *key, const char *value)
{
	const char **last = cls;

	(void)kind;
	if (!strcasecmp(key, "X-Forwarded-For") && value)
		*last = value;
	return MHD_YES;
}

/* Behind the configured proxy, the client is the right-most address of
 * the last X-Forwarded-For header that is not the proxy itself: entries
 * to its left were written by the client and may be anything. A request
 * from any other peer is taken as coming from that peer, whatever it
 * claims. */
static void resolve_client(struct web_req *rq)
{
	const char *xff = NULL, *end, *comma;
	char addr[64];

	if (!rq->srv->proxy[0] || strcmp(rq->client_ip, rq->srv->proxy))
		return;
	rq->from_proxy = 1;
	MHD_get_connection_values(rq->conn, MHD_HEADER_KIND,
				  last_forwarded_for, &xff);
	if (!xff)
		return;
	end = xff + strlen(xff);
	while (end > xff) {
		comma = end;
		while (comma > xff && comma[-1] != ',')
			comma--;
		if (normalise_addr(comma, (size_t)(end - comma), addr) != 0)
			return; /* unreadable: keep the proxy's own address */
		if (strcmp(addr, rq->srv->proxy)) {
			snprintf(rq->client_ip, sizeof(rq->client_ip), "%s", addr);
			return;
		}
		end = comma > xff ? comma - 1 : xff;
	}
}

/* Fills in what only the access handler is told: method and path. */
static void req_begin(struct web_req *rq, const char *url, const char *method)
{
	size_t len = strlen(url);

	rq->begun = 1;
	snprintf(rq->method, sizeof(rq->method), "%s", method);
	/* MHD hands us the path already percent-decoded, query removed. */
	snprintf(rq->path, sizeof(rq->path), "%s", url);
	if (len >= sizeof(rq->path) || !form_utf8_ok(url, len))
		rq->bad_uri = 1;
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, check_arg,
				  rq);
	resolve_client(rq);
}

/* An error the server answers itself, before any route: JSON under /api,
 * plain text elsewhere (no page chrome: nothing about the caller is known
 * yet). */
static void early_error(struct web_req *rq, int status, const char *msg)
{
	if (web_is_api_path(rq->path)) {
		web_json_error(rq, status, msg);
		return;
	}
	rq->status = status;
	snprintf(rq->content_type, sizeof(rq->content_type),
		 "text/plain; charset=utf-8");
	buf_reset(&rq->out);
	(void)buf_adds(&rq->out, msg);
	(void)buf_adds(&rq->out, "\n");
}

static void req_free(struct web_req *rq)
{
	int i;

	if (!rq)
		return;
	for (i = 0; i < rq->nparams; i++) {
		free(rq->param_names[i]);
		free(rq->param_values[i]);
	}
	for (i = 0; i < rq->nheaders; i++) {
		free(rq->headers[i].name);
		free(rq->headers[i].value);
	}
	form_free(&rq->query);
	form_free(&rq->form);
	json_decref(rq->json);
	buf_free(&rq->body);
	buf_free(&rq->out);
	free(rq);
}

static const char *const security_headers[][2] = {
	{ "Content-Security-Policy",
	  "default-src 'self'; script-src 'self'; style-src 'self'; "
	  "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
	  "form-action 'self'; frame-ancestors 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "no-referrer" },
	{ "X-Frame-Options", "DENY" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	{ "Permissions-Policy", "camera=(), microphone=(), geolocation=()" },
};

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000L +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000L;
}

static enum MHD_Result send_response(struct web_req *rq)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len, i;
	char *body;
	int k, own_cache;

	if (buf_error(&rq->out) != VG_OK || rq->out.len + 1 >= rq->out.max) {
		/* An append was refused (the cap, memory): never send the
		 * page with a part missing. */
		buf_reset(&rq->out);
		rq->status = 500;
		(void)buf_adds(&rq->out, "response too large\n");
		snprintf(rq->content_type, sizeof(rq->content_type),
			 "text/plain; charset=utf-8");
	}
	len = rq->out.len;
	body = buf_detach(&rq->out);
	if (!body)
		return MHD_NO;
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	for (i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]);
	     i++)
		MHD_add_response_header(resp, security_headers[i][0],
					security_headers[i][1]);
	MHD_add_response_header(resp, "Content-Type", rq->content_type);
	own_cache = 0;
	for (k = 0; k < rq->nheaders; k++) {
		if (!strcasecmp(rq->headers[k].name, "Cache-Control")) {
			/* A signed-in page is never cached, whatever it asked. */
			if (rq->private_page)
				continue;
			own_cache = 1;
		}
		MHD_add_response_header(resp, rq->headers[k].name,
					rq->headers[k].value);
	}
	if (!own_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	/* Every 503 is a casebook busy or not open yet: worth a retry soon. */
	if (rq->status == 503 && !MHD_get_response_header(resp, "Retry-After")) {
		char secs[16];

		snprintf(secs, sizeof(secs), "%d", WEB_RETRY_AFTER_S);
		MHD_add_response_header(resp, "Retry-After", secs);
	}
	ret = MHD_queue_response(rq->conn, (unsigned)rq->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	web_server *srv = cls;
	struct web_req *rq = *con_cls;
	const char *cl, *ct;

	if (!rq) {
		rq = req_new(srv, c);
		if (!rq)
			return MHD_NO;
		*con_cls = rq;
	}
	if (!rq->begun) {
		req_begin(rq, url, method);
		ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						 "Content-Type");
		/* Only a multipart body (a file) may be upload-sized. */
		if (!ct || strncasecmp(ct, "multipart/form-data", 19))
			rq->body.max = srv->cfg.max_body;
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						 "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > rq->body.max)
			rq->body_too_big = 1;
		/* Only multipart forms carry files: any other body is kept
		 * to the smaller cap (the rest is read and dropped, so the
		 * client still gets its 413), so that each connection cannot
		 * make the server hold an upload's worth of memory. */
		ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						 "Content-Type");
		if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
			rq->body.max = srv->cfg.max_body;
		/* A refused URI's body is read and dropped like a big one. */
		if (rq->bad_uri)
			rq->body_too_big = 1;
		if (!rq->body_too_big)
			return MHD_YES;
	}
	if (*upload_data_size) {
		if (!rq->body_too_big &&
		    buf_add(&rq->body, upload_data, *upload_data_size) != VG_OK)
			rq->body_too_big = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->bad_uri) {
		early_error(rq, 400, "the path or query holds a NUL byte, "
			    "invalid UTF-8, or is too long");
	} else if (rq->body_too_big) {
		early_error(rq, 413, "request body too large");
	} else {
		router_dispatch(rq);
	}
	return send_response(rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct web_req *rq = *con_cls;

	if (!rq)
		return;
	if (!rq->begun || rq->bad_uri) {
		/* Never reached a route: the path may be anything at all. */
		if (rq->begun)
			log_line("%s - %d %ldms", rq->method, rq->status,
				 elapsed_ms(&rq->started));
		req_free(rq);
		*con_cls = NULL;
		return;
	}
	/* Method, path and status only: query strings can hold names. A
	 * path that carries an account name is logged as its pattern, and an
	 * unknown path not at all (it may be anything a client typed). */
	log_line("%s %s %d %ldms", rq->method,
		 rq->route && strstr(rq->route->pattern, ":name") ?
			 rq->route->pattern :
		 rq->route || rq->status != 404 ? rq->path : "-",
		 rq->status, elapsed_ms(&rq->started));
	req_free(rq);
	*con_cls = NULL;
}

static vg_status parse_listen(const char *s, struct sockaddr_in *sa,
			      struct vg_error *err)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	char *end;
	long port;
	size_t hl;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon)
		return vg_fail(err, VG_EINVAL, "--listen",
			       "expected ADDRESS:PORT, e.g. 127.0.0.1:8080");
	hl = (size_t)(colon - s);
	if (hl == 0 || hl >= sizeof(host))
		return vg_fail(err, VG_EINVAL, "--listen", "bad address");
	memcpy(host, s, hl);
	host[hl] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535 || end == colon + 1)
		return vg_fail(err, VG_EINVAL, "--listen", "bad port '%s'",
			       colon + 1);
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return vg_fail(err, VG_EINVAL, "--listen",
			       "'%s' is not an IPv4 address", host);
	sa->sin_port = htons((uint16_t)port);
	return VG_OK;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[256];

	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_line("http: %s", line);
}

vg_status web_server_start(const struct web_config *cfg, web_server **out,
			   struct vg_error *err)
{
	struct sockaddr_in sa;
	web_server *srv;
	const union MHD_DaemonInfo *di;
	vg_status st;
	unsigned threads;

	*out = NULL;
	st = parse_listen(cfg->listen, &sa, err);
	if (st != VG_OK)
		return st;
	srv = calloc(1, sizeof(*srv));
	if (!srv)
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	srv->cfg = *cfg;
	srv->db_path = strdup(cfg->db_path ? cfg->db_path : "vigil.db");
	srv->cfg.db_path = srv->db_path;
	srv->cfg.listen = NULL;
	if (cfg->proxy_addr &&
	    normalise_addr(cfg->proxy_addr, strlen(cfg->proxy_addr),
			   srv->proxy) != 0) {
		free(srv->db_path);
		free(srv);
		return vg_fail(err, VG_EINVAL, "--behind-proxy",
			       "'%s' is not an IP address (the proxy's, e.g. "
			       "127.0.0.1)", cfg->proxy_addr);
	}
	srv->cfg.proxy_addr = NULL;
	if (sodium_init() < 0) {
		free(srv->db_path);
		free(srv);
		return vg_fail(err, VG_EINTERNAL, NULL,
			       "libsodium could not be initialised");
	}
	randombytes_buf(srv->csrf_key, sizeof(srv->csrf_key));
	srv->limiter = auth_limiter_new();
	pthread_mutex_init(&srv->lock, NULL);
	if (!srv->db_path || !srv->limiter) {
		web_server_stop(srv);
		return vg_fail(err, VG_ENOMEM, NULL, "out of memory");
	}
	threads = cfg->threads < 2 ? 2 : cfg->threads > 16 ? 16 : cfg->threads;
	srv->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL,
		NULL, on_request, srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, cfg->max_conns,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_conns_per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->conn_timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->header_memory,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
		MHD_OPTION_END);
	if (!srv->daemon) {
		web_server_stop(srv);
		return vg_fail(err, VG_EIO, "--listen",
			       "cannot listen on %s (in use, or not allowed)",
			       cfg->listen);
	}
	di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : ntohs(sa.sin_port);
	*out = srv;
	return VG_OK;
}

unsigned web_server_port(const web_server *srv)
{
	return srv->port;
}

void web_server_stop(web_server *srv)
{
	int i;

	if (!srv)
		return;
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);
	for (i = 0; i < srv->nconns; i++)
		store_close(srv->conns[i]);
	auth_limiter_free(srv->limiter);
	sodium_memzero(srv->csrf_key, sizeof(srv->csrf_key));
	pthread_mutex_destroy(&srv->lock);
	free(srv->db_path);
	free(srv);
}
