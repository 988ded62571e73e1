#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "xalloc.h"

#define HEAD_MAX (16 * 1024)   /* request line and headers */
#define BODY_MAX (1024 * 1024)
#define READ_CHUNK (16 * 1024)

enum { C_READ, C_WAIT, C_WRITE };

struct conn {
	int fd;
	struct buf in;       /* received, not yet answered */
	struct buf out;      /* the response being sent */
	size_t sent;
	int64_t ready_at;    /* C_WAIT: monotonic ms at which to start sending */
	int state;
	int close_after;     /* close once out is sent */
	int endless;         /* SEND_ENDLESS: once out is sent, another chunk */
	int eof;             /* the peer has finished sending */
	int dead;            /* to be closed and freed */
};

static struct buf scratch;   /* a copy of the request head, cut into strings */

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int server_listen(int *port)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		die("cannot create a socket:");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, SOMAXCONN) ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) || set_nonblock(fd))
		die("cannot listen on 127.0.0.1:");
	*port = ntohs(a.sin_port);
	return fd;
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 401: return "Unauthorized";
	case 418: return "I'm a teapot";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* Put res into c's output and set when it leaves. */
static void queue_response(struct conn *c, struct response *res, int head_only)
{
	char line[256];
	size_t body = res->body.len;

	if (res->mode == SEND_DROP) {
		c->dead = 1;
		return;
	}
	if (res->mode == SEND_TRUNCATE)
		c->close_after = 1;
	buf_reset(&c->out);
	c->sent = 0;
	snprintf(line, sizeof line, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n", res->status,
		 reason(res->status), res->type ? res->type : "application/json;charset=UTF-8");
	buf_adds(&c->out, line);
	if (res->mode == SEND_ENDLESS) {
		/* No length: chunks, the first "[", then blanks, never the end. */
		c->endless = c->close_after = 1;
		buf_adds(&c->out, "Transfer-Encoding: chunked\r\n");
		if (res->headers.len)
			buf_add(&c->out, res->headers.p, res->headers.len);
		buf_adds(&c->out, "Connection: close\r\n\r\n1\r\n[\r\n");
		c->ready_at = mono_ms() + (res->delay_ms > 0 ? res->delay_ms : 0);
		c->state = res->delay_ms > 0 ? C_WAIT : C_WRITE;
		return;
	}
	snprintf(line, sizeof line, "Content-Length: %zu\r\n", body);
	buf_adds(&c->out, line);
	if (res->headers.len)
		buf_add(&c->out, res->headers.p, res->headers.len);
	buf_adds(&c->out, c->close_after ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n");
	if (!head_only && body)
		buf_add(&c->out, res->body.p, res->mode == SEND_TRUNCATE ? body / 2 : body);
	c->ready_at = mono_ms() + (res->delay_ms > 0 ? res->delay_ms : 0);
	c->state = res->delay_ms > 0 ? C_WAIT : C_WRITE;
}

/* Answer a request the server cannot parse, then close. */
static void protocol_error(struct conn *c, int status, const char *text)
{
	struct response res = { status, "text/plain", BUF_INIT, BUF_INIT, 0, SEND_NORMAL };

	buf_adds(&res.body, text);
	buf_addc(&res.body, '\n');
	c->close_after = 1;
	queue_response(c, &res, 0);
	buf_release(&res.body);
}

/* Length of the request head in p[0..n) with its blank line, or 0. */
static size_t head_length(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '\n')
			continue;
		if (i + 1 < n && p[i + 1] == '\n')
			return i + 2;
		if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* The next line of the head at *p, NUL-terminated without its CR LF. */
static char *next_line(char **p)
{
	char *s = *p, *e = strchr(s, '\n');

	if (!e)
		return NULL;
	*p = e + 1;
	if (e > s && e[-1] == '\r')
		e--;
	*e = '\0';
	return s;
}

static int token_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < 'A' || *s > 'Z')
			return 0;
	return 1;
}

/* Parse and answer the first request in c->in. Returns 1 if a response was
 * queued (or the connection dropped), 0 if the request is not complete. */
static int try_request(struct conn *c, const struct server_hooks *h)
{
	struct request req = { 0 };
	struct response res = { 200, NULL, BUF_INIT, BUF_INIT, 0, SEND_NORMAL };
	size_t hlen = head_length(c->in.p, c->in.len), clen = 0;
	char *p, *line, *version, *q;
	int keep;

	if (!hlen) {
		if (c->in.len > HEAD_MAX) {
			protocol_error(c, 431, "request head too large");
			return 1;
		}
		return 0;
	}
	if (hlen > HEAD_MAX) {
		protocol_error(c, 431, "request head too large");
		return 1;
	}
	if (memchr(c->in.p, '\0', hlen)) {
		protocol_error(c, 400, "NUL byte in the request head");
		return 1;
	}
	buf_reset(&scratch);
	buf_grow(&scratch, 2 * hlen + 4);
	buf_add(&scratch, c->in.p, hlen);
	p = buf_cstr(&scratch);
	line = next_line(&p);
	req.method = line;
	q = strchr(line, ' ');
	version = q ? strchr(q + 1, ' ') : NULL;
	if (!q || !version || strchr(version + 1, ' ')) {
		protocol_error(c, 400, "malformed request line");
		return 1;
	}
	*q = *version++ = '\0';
	req.target = q + 1;
	if (!token_ok(req.method) || req.target[0] != '/' ||
	    (strcmp(version, "HTTP/1.1") && strcmp(version, "HTTP/1.0"))) {
		protocol_error(c, 400, "malformed request line");
		return 1;
	}
	keep = !strcmp(version, "HTTP/1.1");
	req.user_agent = "";
	req.api_key = "";
	for (;;) {
		char *v;

		line = next_line(&p);
		if (!line || !*line)
			break;
		v = strchr(line, ':');
		if (!v) {
			protocol_error(c, 400, "malformed header");
			return 1;
		}
		*v++ = '\0';
		v += strspn(v, " \t");
		if (!strcasecmp(line, "Content-Length")) {
			char *end;
			unsigned long long n;

			errno = 0;
			n = strtoull(v, &end, 10);
			if (end == v || *end || errno || v[0] == '-' || n > BODY_MAX) {
				protocol_error(c, 413, "bad or too large Content-Length");
				return 1;
			}
			clen = (size_t)n;
		} else if (!strcasecmp(line, "User-Agent")) {
			req.user_agent = v;
		} else if (!strcasecmp(line, "X-MBX-APIKEY")) {
			req.api_key = v;
		} else if (!strcasecmp(line, "Transfer-Encoding")) {
			protocol_error(c, 501, "chunked bodies are not supported");
			return 1;
		} else if (!strcasecmp(line, "Connection")) {
			if (strstr(v, "close") || strstr(v, "Close"))
				keep = 0;
			else if (strstr(v, "keep-alive") || strstr(v, "Keep-Alive"))
				keep = 1;
		}
	}
	if (c->in.len - hlen < clen)
		return 0;
	c->close_after = !keep;
	/* path and query are cut from a copy of the target after the head
	 * (scratch has room for it: no reallocation, the strings stay valid) */
	{
		char *path = scratch.p + hlen + 1;

		memcpy(path, req.target, strlen(req.target) + 1);
		q = strchr(path, '?');
		if (q)
			*q++ = '\0';
		req.path = path;
		req.query = q ? q : "";
	}
	req.body = c->in.p + hlen;
	req.body_len = clen;
	h->handle(h->ctx, &req, &res);
	queue_response(c, &res, !strcmp(req.method, "HEAD"));
	buf_release(&res.headers);
	buf_release(&res.body);
	c->in.len -= hlen + clen;
	memmove(c->in.p, c->in.p + hlen + clen, c->in.len);
	return 1;
}

static void conn_write(struct conn *c, const struct server_hooks *h);

/* Answer the requests waiting in c->in, one at a time. */
static void conn_process(struct conn *c, const struct server_hooks *h)
{
	if (c->state != C_READ || c->dead)
		return;
	if (!try_request(c, h)) {
		if (c->eof)
			c->dead = 1;
		return;
	}
	if (c->state == C_WRITE)
		conn_write(c, h);
}

static void conn_write(struct conn *c, const struct server_hooks *h)
{
	while (!c->dead && c->sent < c->out.len) {
		ssize_t r = send(c->fd, c->out.p + c->sent, c->out.len - c->sent, MSG_NOSIGNAL);

		if (r > 0)
			c->sent += (size_t)r;
		else if (r < 0 && errno == EINTR)
			continue;
		else if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		else
			c->dead = 1;
	}
	if (c->dead)
		return;
	if (c->endless) {
		/* The next chunk of a body that never ends, a while later. */
		buf_reset(&c->out);
		buf_adds(&c->out, "1\r\n \r\n");
		c->sent = 0;
		c->ready_at = mono_ms() + ENDLESS_MS;
		c->state = C_WAIT;
		return;
	}
	if (c->close_after) {
		c->dead = 1;
		return;
	}
	c->state = C_READ;
	buf_reset(&c->out);
	conn_process(c, h);
}

static void conn_read(struct conn *c, const struct server_hooks *h)
{
	ssize_t r;

	buf_grow(&c->in, READ_CHUNK);
	r = read(c->fd, c->in.p + c->in.len, c->in.cap - c->in.len);
	if (r > 0)
		c->in.len += (size_t)r;
	else if (r == 0)
		c->eof = 1;
	else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		c->dead = 1;
	if (!c->dead)
		conn_process(c, h);
}

static void conn_free(struct conn *c)
{
	close(c->fd);
	buf_release(&c->in);
	buf_release(&c->out);
	free(c);
}

/* Accept every pending connection onto the list. */
static void accept_all(int lfd, struct conn ***list, size_t *n, size_t *cap,
		       const struct server_hooks *h)
{
	for (;;) {
		int one = 1, fd = accept(lfd, NULL, NULL);
		struct conn *c;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				warn("cannot accept a connection:");
			return;
		}
		if (set_nonblock(fd)) {
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			*list = xreallocarray(*list, *cap, sizeof **list);
		}
		c = xcalloc(1, sizeof *c);
		c->fd = fd;
		c->state = C_READ;
		(*list)[(*n)++] = c;
		if (h->accepted)
			h->accepted(h->ctx);
	}
}

void server_run(int lfd, int stopfd, const struct server_hooks *h)
{
	struct conn **conns = NULL;
	struct pollfd *pfd = NULL;
	size_t n = 0, cap = 0, pcap = 0;

	for (;;) {
		int64_t now = mono_ms(), timeout = -1;
		size_t live = n, k = 0;
		int r;

		if (pcap < n + 2) {
			pcap = n + 64;
			pfd = xreallocarray(pfd, pcap, sizeof *pfd);
		}
		pfd[0] = (struct pollfd){ stopfd, POLLIN, 0 };
		pfd[1] = (struct pollfd){ lfd, POLLIN, 0 };
		for (size_t i = 0; i < n; i++) {
			struct conn *c = conns[i];
			short ev = c->state == C_READ ? POLLIN : c->state == C_WRITE ? POLLOUT : 0;

			if (c->state == C_WAIT) {
				int64_t wait = c->ready_at > now ? c->ready_at - now : 0;

				timeout = timeout < 0 || wait < timeout ? wait : timeout;
			}
			pfd[i + 2] = (struct pollfd){ c->fd, ev, 0 };
		}
		r = poll(pfd, (nfds_t)(n + 2), timeout > 3600000 ? 3600000 : (int)timeout);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("poll:");
		if (pfd[0].revents)
			break;
		now = mono_ms();
		for (size_t i = 0; i < live; i++) {
			struct conn *c = conns[i];
			short re = pfd[i + 2].revents;

			if (c->state == C_WAIT && c->ready_at <= now) {
				c->state = C_WRITE;
				conn_write(c, h);
			} else if (re & POLLNVAL) {
				c->dead = 1;
			} else if (c->state == C_READ && (re & (POLLIN | POLLHUP | POLLERR))) {
				conn_read(c, h);
			} else if (c->state == C_WRITE && (re & (POLLOUT | POLLHUP | POLLERR))) {
				conn_write(c, h);
			}
		}
		if (pfd[1].revents & POLLIN)
			accept_all(lfd, &conns, &n, &cap, h);
		for (size_t i = 0; i < n; i++) {
			if (conns[i]->dead)
				conn_free(conns[i]);
			else
				conns[k++] = conns[i];
		}
		n = k;
	}
	for (size_t i = 0; i < n; i++)
		conn_free(conns[i]);
	free(conns);
	free(pfd);
	buf_release(&scratch);
}
