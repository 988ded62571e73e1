/* fake-notify: local stand-ins for Telegram's Bot API (sendMessage), a
 * Discord webhook and a generic webhook, so that cb-notify is tested
 * without the internet. Served by the fake exchange's HTTP server
 * (tests/fake-exchange/server.c, compiled in unchanged).
 *
 *	POST /bot<TOKEN>/sendMessage    form chat_id, text: Telegram's answers
 *	POST /api/webhooks/<ID>/<TOKEN> JSON content: 204, as Discord
 *	POST /hook                      any JSON: 200
 *	POST /_fake/fault?kind=K&count=N[&retry_after=S&delay_ms=D&reset_after=S]
 *	     the next N messages (any target) get K: 429 (with retry_after
 *	     seconds: Telegram's parameters.retry_after, Discord's retry_after
 *	     and a Retry-After header of 60 that must not be used), 500, 400,
 *	     slow (answered after delay_ms), drop (closed unanswered), bucket
 *	     (answered, with X-RateLimit-Remaining 0 and X-RateLimit-Reset-After
 *	     reset_after)
 *
 * Every message request appends one NDJSON line to the --log file:
 * {"t":MS,"target":"telegram","status":200,"chat_id":"42","text":"..."}
 * (t: ms since the start; Discord and webhook: "body" holds the JSON
 * posted). A token or webhook secret that is not the expected one
 * (--telegram-token, --discord-token) is answered 401 and logged as
 * "bad-token"; the tokens themselves are never logged. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "jsonw.h"
#include "msg.h"
#include "opts.h"
#include "server.h"

enum { OPT_PORT_FILE = OPT_TOOL, OPT_LOG, OPT_TG_TOKEN, OPT_DC_TOKEN };

static const struct opt opts[] = {
	{ "port-file", OPT_PORT_FILE, 1, "FILE", "write the port and a newline to FILE once listening (required)" },
	{ "log", OPT_LOG, 1, "FILE", "append one NDJSON line per message request to FILE" },
	{ "telegram-token", OPT_TG_TOKEN, 1, "TOKEN", "the bot token expected (default 123:fake)" },
	{ "discord-token", OPT_DC_TOKEN, 1, "TOKEN", "the webhook token expected (default fake)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"--port-file FILE [OPTION]...",
	"Serve fake Telegram, Discord and webhook endpoints on 127.0.0.1 until SIGTERM.",
	NULL
};

struct fake {
	const char *tg_token, *dc_token;
	int logfd;
	int64_t t0;
	char kind[16];
	long count;
	double retry_after, reset_after;
	long delay_ms;
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The value of name in the query or form q (percent-decoded, '+' a
 * blank) into b; 0 if absent. */
static int param(const char *q, size_t n, const char *name, struct buf *b)
{
	size_t k = strlen(name);
	const char *p = q, *end = q + n;

	buf_reset(b);
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *e = amp ? amp : end;

		if ((size_t)(e - p) > k && !strncmp(p, name, k) && p[k] == '=') {
			for (const char *s = p + k + 1; s < e; s++) {
				unsigned v;

				if (*s == '%' && e - s > 2 && sscanf(s + 1, "%2x", &v) == 1) {
					buf_addc(b, (char)v);
					s += 2;
				} else {
					buf_addc(b, *s == '+' ? ' ' : *s);
				}
			}
			buf_cstr(b);
			return 1;
		}
		p = amp ? amp + 1 : end;
	}
	return 0;
}

static void log_line(struct fake *f, struct buf *b)
{
	if (f->logfd >= 0 && write(f->logfd, b->p, b->len) != (ssize_t)b->len)
		die("cannot write the log:");
}

static void control(struct fake *f, const struct request *req, struct response *res)
{
	struct buf v = BUF_INIT;
	size_t n = strlen(req->query);

	if (strcmp(req->path, "/_fake/fault") || !param(req->query, n, "kind", &v)) {
		res->status = 404;
		buf_release(&v);
		return;
	}
	snprintf(f->kind, sizeof f->kind, "%s", v.p);
	f->count = param(req->query, n, "count", &v) ? atol(v.p) : 1;
	f->retry_after = param(req->query, n, "retry_after", &v) ? atof(v.p) : 1;
	f->reset_after = param(req->query, n, "reset_after", &v) ? atof(v.p) : 1;
	f->delay_ms = param(req->query, n, "delay_ms", &v) ? atol(v.p) : 3000;
	buf_adds(&res->body, "{}");
	buf_release(&v);
}

/* Apply the programmed fault, if any, to res; 1 if one applied. */
static int fault(struct fake *f, int telegram, struct response *res)
{
	if (f->count <= 0)
		return 0;
	f->count--;
	if (!strcmp(f->kind, "429")) {
		res->status = 429;
		buf_adds(&res->headers, "Retry-After: 60\r\n");
		if (telegram)
			buf_printf(&res->body, "{\"ok\":false,\"error_code\":429,\"description\":"
				   "\"Too Many Requests: retry after %g\",\"parameters\":"
				   "{\"retry_after\":%g}}", f->retry_after, f->retry_after);
		else
			buf_printf(&res->body, "{\"message\":\"You are being rate limited.\","
				   "\"retry_after\":%g,\"global\":false}", f->retry_after);
	} else if (!strcmp(f->kind, "500")) {
		res->status = 500;
		buf_adds(&res->body, "{\"ok\":false,\"error_code\":500,\"description\":"
			 "\"Internal Server Error\"}");
	} else if (!strcmp(f->kind, "400")) {
		res->status = 400;
		buf_adds(&res->body, "{\"ok\":false,\"error_code\":400,\"description\":"
			 "\"Bad Request: chat not found\"}");
	} else if (!strcmp(f->kind, "slow")) {
		res->delay_ms = f->delay_ms;
		return 0;  /* answered normally, late */
	} else if (!strcmp(f->kind, "drop")) {
		res->mode = SEND_DROP;
	} else if (!strcmp(f->kind, "bucket")) {
		buf_printf(&res->headers, "X-RateLimit-Limit: 5\r\nX-RateLimit-Remaining: 0\r\n"
			   "X-RateLimit-Reset-After: %.3f\r\n", f->reset_after);
		return 0;
	}
	return 1;
}

static void handle(void *ctx, const struct request *req, struct response *res)
{
	struct fake *f = ctx;
	struct buf line = BUF_INIT, v = BUF_INIT;
	const char *path = req->path, *target;
	int telegram = 0, ok_token = 1;
	size_t k;

	if (!strncmp(path, "/_fake/", 7)) {
		control(f, req, res);
		return;
	}
	if (strcmp(req->method, "POST")) {
		res->status = 405;
		return;
	}
	if (!strncmp(path, "/bot", 4)) {
		k = strlen(f->tg_token);
		telegram = 1;
		target = "telegram";
		ok_token = !strncmp(path + 4, f->tg_token, k) && !strcmp(path + 4 + k, "/sendMessage");
	} else if (!strncmp(path, "/api/webhooks/", 14)) {
		const char *slash = strchr(path + 14, '/');

		target = "discord";
		ok_token = slash && !strcmp(slash + 1, f->dc_token);
	} else if (!strcmp(path, "/hook")) {
		target = "webhook";
	} else {
		res->status = 404;
		return;
	}
	jw_begin(&line);
	jw_int(&line, "t", mono_ms() - f->t0);
	jw_str(&line, "target", target);
	if (!ok_token) {
		res->status = 401;
		buf_adds(&res->body, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
		jw_int(&line, "status", 401);
		jw_str(&line, "error", "bad-token");
	} else {
		if (!fault(f, telegram, res)) {
			res->status = telegram || !strcmp(target, "webhook") ? 200 : 204;
			if (telegram)
				buf_adds(&res->body, "{\"ok\":true,\"result\":{\"message_id\":1}}");
		}
		jw_int(&line, "status", res->mode == SEND_DROP ? 0 : res->status);
		if (telegram) {
			param(req->body, req->body_len, "chat_id", &v);
			jw_str(&line, "chat_id", v.len ? v.p : "");
			param(req->body, req->body_len, "text", &v);
			jw_str(&line, "text", v.len ? v.p : "");
		} else {
			jw_key(&line, "body");
			jw_strval(&line, req->body, req->body_len);
		}
	}
	jw_end(&line);
	log_line(f, &line);
	buf_release(&line);
	buf_release(&v);
}

static int stop_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(stop_pipe[1], &c, 1) < 0) {
		/* a stop is already pending */
	}
	errno = saved;
}

int main(int argc, char **argv)
{
	static struct fake f;
	struct server_hooks hooks = { &f, handle, NULL };
	struct sigaction sa;
	const char *port_file = NULL, *arg;
	char text[16], tmp[4096];
	int c, port, lfd, fd, len;

	msg_init("fake-notify");
	f.tg_token = "123:fake";
	f.dc_token = "fake";
	f.logfd = -1;
	while ((c = opts_next(argc, argv, opts, &usage, &arg)) != -1) {
		switch (c) {
		case OPT_PORT_FILE: port_file = arg; break;
		case OPT_LOG:
			f.logfd = open(arg, O_WRONLY | O_CREAT | O_APPEND, 0644);
			if (f.logfd < 0)
				die("cannot open '%s':", arg);
			break;
		case OPT_TG_TOKEN: f.tg_token = arg; break;
		case OPT_DC_TOKEN: f.dc_token = arg; break;
		default: usage_error("unhandled option");
		}
	}
	if (!port_file || optind < argc)
		usage_error("give --port-file FILE and no operand");
	if (pipe(stop_pipe) || fcntl(stop_pipe[1], F_SETFL, O_NONBLOCK))
		die("cannot create a pipe:");
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	f.t0 = mono_ms();
	lfd = server_listen(&port);
	len = snprintf(text, sizeof text, "%d\n", port);
	snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, (size_t)len) != len || close(fd) || rename(tmp, port_file))
		die("cannot write the port file '%s':", port_file);
	server_run(lfd, stop_pipe[0], &hooks);
	close(lfd);
	return 0;
}
