/* server: a small single-threaded HTTP/1.1 server on poll(2).
 *
 * Connections are kept alive and requests on one connection are answered
 * in order; any number of connections are served at once. A response may
 * be held back for a delay without blocking other connections (a timer in
 * the poll loop). Requests with a body need Content-Length; chunked bodies
 * are refused. The server owns its connections; the handler fills in a
 * response the server owns. */
#ifndef FAKE_SERVER_H
#define FAKE_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* A parsed request; all strings are NUL-terminated and valid only during
 * the handler call. */
struct request {
	const char *method;
	const char *target;    /* as sent: /path?query */
	const char *path;      /* target up to '?' */
	const char *query;     /* after '?', "" if none */
	const char *user_agent;/* the User-Agent header, "" if none */
	const char *api_key;   /* the X-MBX-APIKEY header, "" if none */
	const char *body;      /* Content-Length bytes, not terminated */
	size_t body_len;
};

/* How the response leaves. */
enum {
	SEND_NORMAL,     /* headers and body */
	SEND_TRUNCATE,   /* Content-Length of the whole body, half of it, then close */
	SEND_DROP,       /* close the connection without answering */
	SEND_ENDLESS     /* the headers, then a chunked body that never ends:
			  * "[" and a blank every ENDLESS_MS, until the peer goes */
};

#define ENDLESS_MS 100

struct response {
	int status;
	const char *type;      /* Content-Type; NULL is JSON */
	struct buf headers;    /* extra header lines, each ending in "\r\n" */
	struct buf body;
	int64_t delay_ms;      /* hold the response back this long */
	int mode;              /* SEND_* */
};

struct server_hooks {
	void *ctx;
	/* Answer req in res (status 200, no headers, empty body, no delay on entry). */
	void (*handle)(void *ctx, const struct request *req, struct response *res);
	/* Called for every accepted connection; may be NULL. */
	void (*accepted)(void *ctx);
};

/* Listen on 127.0.0.1 on a port the system chooses. Returns the socket
 * and stores the port; dies on failure. */
int server_listen(int *port);

/* Serve on the listening socket lfd until stopfd becomes readable, then
 * close every connection (not lfd) and return. Dies only on a poll error. */
void server_run(int lfd, int stopfd, const struct server_hooks *hooks);

#endif
