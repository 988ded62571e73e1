/* fake: request dispatch, control endpoints, faults, weights, stats, log. */
#include "fake.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cbtime.h"
#include "jsonw.h"
#include "strmap.h"
#include "xalloc.h"

#define PATHS_MAX 1000        /* distinct paths counted before "(other)" */
#define FAULTS_MAX 1000
#define SLOW_DEFAULT_MS 3000

static const char *const fault_kinds[] = {
	"429", "418", "403", "500", "503", "slow", "truncate", "badjson", "error", "close",
	"huge", "stale", "offgrid", "unordered", "endless", "bigheader", "headers", "escapes",
	"drop-after", "unknown-placed", "unknown-lost", "timeout-placed", "-1021", "-2019",
	"partial", "algo-notfound"
};
#define FAULT_KINDS "429 418 403 500 503 slow truncate badjson error close huge stale offgrid " \
	"unordered endless bigheader headers escapes drop-after unknown-placed unknown-lost " \
	"timeout-placed -1021 -2019 partial algo-notfound"
/* Binance's 503 whose order may or may not have been executed. */
#define UNKNOWN_TEXT "Unknown error, please check your request or try again later."
#define BIG_HEADER (8u << 20)      /* bigheader: one header line of 8 MiB */
#define MANY_HEADERS 100000        /* headers: this many header lines */
#define OFFGRID_MS 1000            /* offgrid: rows this much after the grid */

int64_t real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t fake_now(const struct fake *f)
{
	return f->has_now ? f->fixed_now : real_ms();
}

void api_error(struct response *res, int status, int code, const char *msg)
{
	res->status = status;
	buf_reset(&res->body);
	buf_printf(&res->body, "{\"code\":%d,\"msg\":", code);
	jw_strval(&res->body, msg, strlen(msg));
	buf_addc(&res->body, '}');
}

/* ---- parameters ---- */

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Append s[0..n) to p->store percent-decoded, NUL-terminated; return its offset. */
static size_t decode(struct params *p, const char *s, size_t n)
{
	size_t off = p->store.len;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf_addc(&p->store, ' ');
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			buf_addc(&p->store, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
			i += 2;
		} else {
			buf_addc(&p->store, s[i]);
		}
	}
	buf_addc(&p->store, '\0');
	return off;
}

/* Add the pairs of the form-encoded s[0..n) to p. */
static void parse_pairs(struct params *p, const char *s, size_t n, size_t *koff, size_t *voff)
{
	const char *end = s + n;

	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s)), *e = amp ? amp : end;
		const char *eq = memchr(s, '=', (size_t)(e - s));

		if (e > s) {
			if (p->n == PARAMS_MAX) {
				p->too_many = 1;
				return;
			}
			koff[p->n] = decode(p, s, (size_t)((eq ? eq : e) - s));
			voff[p->n] = eq ? decode(p, eq + 1, (size_t)(e - eq - 1)) : decode(p, "", 0);
			p->n++;
		}
		s = e + 1;
	}
}

/* Decode the query string and, for a form body, the body. A key in both
 * is no duplicate: the query's value comes first and wins. */
static void params_parse(struct params *p, const struct request *req)
{
	size_t koff[PARAMS_MAX], voff[PARAMS_MAX], nquery;

	memset(p, 0, sizeof *p);
	p->method = req->method;
	parse_pairs(p, req->query, strlen(req->query), koff, voff);
	nquery = p->n;
	if (req->body_len && !p->too_many)
		parse_pairs(p, req->body, req->body_len, koff, voff);
	for (size_t i = 0; i < p->n; i++) {
		p->key[i] = p->store.p + koff[i];
		p->val[i] = p->store.p + voff[i];
		for (size_t j = 0; j < i; j++)
			if (!strcmp(p->key[i], p->key[j]) && (j >= nquery) == (i >= nquery))
				p->duplicate = 1;
	}
}

const char *param(const struct params *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->key[i], key))
			return p->val[i][0] ? p->val[i] : NULL;
	return NULL;
}

/* ---- counters and log ---- */

static void count_path(struct fake *f, const char *path)
{
	long *n = strmap_find(f->paths, path, strlen(path));

	if (!n) {
		if (f->npaths >= PATHS_MAX)
			path = "(other)";
		n = strmap_get(f->paths, path, strlen(path), NULL);
		f->npaths++;
	}
	(*n)++;
}

/* Replace the value of a signature parameter in the log line with
 * "(hidden)": a log must hold no secret derived from the API secret. */
static void hide_signature(struct buf *line)
{
	char *sig = strstr(buf_cstr(line), "signature=");
	size_t start, end;
	struct buf out = BUF_INIT;

	if (!sig || (sig > line->p && sig[-1] != '&' && sig[-1] != '?'))
		return;
	start = (size_t)(sig - line->p) + 10;
	end = start + strcspn(line->p + start, "& \n");
	buf_add(&out, line->p, start);
	buf_adds(&out, "(hidden)");
	buf_add(&out, line->p + end, line->len - end);
	buf_release(line);
	*line = out;
}

static void log_request(struct fake *f, const struct request *req)
{
	struct buf line = BUF_INIT;
	const char *p;
	size_t off = 0;

	if (f->logfd < 0)
		return;
	buf_printf(&line, "%s %s\n", req->method, req->target);
	hide_signature(&line);
	for (p = line.p; off < line.len;) {
		ssize_t r = write(f->logfd, p + off, line.len - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			warn("cannot write the log:");
			break;
		}
		off += (size_t)r;
	}
	buf_release(&line);
}

void fake_accepted(void *ctx)
{
	((struct fake *)ctx)->connections++;
}

void fake_reset(struct fake *f)
{
	free(f->faults);
	f->faults = NULL;
	f->nfaults = 0;
	f->requests = f->n429 = f->n418 = f->connections = 0;
	f->user_agent[0] = '\0';
	f->fut.minute = f->spot.minute = 0;
	f->fut.used = f->fut.max = f->spot.used = f->spot.max = 0;
	strmap_free(f->paths);
	f->paths = strmap_new(sizeof(long));
	f->npaths = 0;
	trade_reset(&f->trade);
}

void fake_release(struct fake *f)
{
	free(f->faults);
	strmap_free(f->paths);
	market_release(&f->market);
	trade_release(&f->trade);
	f->faults = NULL;
	f->paths = NULL;
}

/* ---- weights ---- */

/* Seconds from now to the start of the next minute, at least 1. */
static long to_next_minute(void)
{
	int64_t now = real_ms();

	return (long)((60000 - now % 60000 + 999) / 1000);
}

/* Charge weight to w. Returns 0, or -1 if it would pass the limit. */
static int charge(struct window *w, long weight)
{
	int64_t minute = real_ms() / 60000;

	if (w->minute != minute) {
		w->minute = minute;
		w->used = 0;
	}
	if (w->used + weight > w->limit)
		return -1;
	w->used += weight;
	if (w->used > w->max)
		w->max = w->used;
	return 0;
}

/* The weight used in the current minute. */
static long used_now(struct window *w)
{
	return w->minute == real_ms() / 60000 ? w->used : 0;
}

static void weight_headers(struct fake *f, const struct endpoint *ep, struct response *res)
{
	struct window *w = ep->spot ? &f->spot : &f->fut;

	if (ep->foreign)
		return;
	buf_printf(&res->headers, "X-MBX-USED-WEIGHT-1M: %ld\r\n", used_now(w));
	if (ep->spot)
		buf_printf(&res->headers, "X-MBX-USED-WEIGHT: %ld\r\n", used_now(w));
}

static void too_many(struct fake *f, struct response *res, const char *retry_after, long limit)
{
	char msg[200];

	snprintf(msg, sizeof msg, "Too much request weight used; current limit is %ld request weight per 1 "
		 "MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.", limit);
	api_error(res, 429, -1003, msg);
	buf_printf(&res->headers, "Retry-After: %s\r\n", retry_after);
	f->n429++;
}

/* ---- faults ---- */

/* The fault that takes this request, with its count used, or NULL. The
 * returned copy is valid until the next call. */
static const struct fault *take_fault(struct fake *f, const char *path, const struct params *p)
{
	static struct fault taken;
	const char *sym = param(p, "symbol");

	for (size_t i = 0; i < f->nfaults; i++) {
		struct fault *q = &f->faults[i];

		if (strcmp(q->path, path) || (q->symbol[0] && (!sym || strcmp(q->symbol, sym))) ||
		    (q->method[0] && strcmp(q->method, p->method)))
			continue;
		taken = *q;
		if (--q->count == 0) {
			memmove(q, q + 1, (f->nfaults - i - 1) * sizeof *q);
			f->nfaults--;
		}
		return &taken;
	}
	return NULL;
}

/* Answer with the fault q. Returns 1 if that is the whole answer, 0 if the
 * request is to be served normally (and maybe mangled afterwards). */
static int apply_fault(struct fake *f, const struct endpoint *ep, const struct fault *q,
		       struct response *res)
{
	char msg[200];

	if (!strcmp(q->kind, "429")) {
		too_many(f, res, q->retry_after_text, ep->spot ? f->spot.limit : f->fut.limit);
	} else if (!strcmp(q->kind, "418")) {
		snprintf(msg, sizeof msg, "Way too much request weight used; IP banned until %lld. Please use "
			 "WebSocket Streams for live updates to avoid bans.",
			 (long long)(real_ms() + q->retry_after * 1000));
		api_error(res, 418, -1003, msg);
		buf_printf(&res->headers, "Retry-After: %s\r\n", q->retry_after_text);
		f->n418++;
	} else if (!strcmp(q->kind, "403")) {
		/* Bybit's answer to too many requests from one IP: banned for a while. */
		res->status = 403;
		buf_adds(&res->body, "access too frequent");
	} else if (!strcmp(q->kind, "500")) {
		api_error(res, 500, -1000, "An unknown error occurred while processing the request.");
	} else if (!strcmp(q->kind, "503")) {
		api_error(res, 503, -1001, "Service Unavailable.");
	} else if (!strcmp(q->kind, "error")) {
		api_error(res, 400, -1121, "Invalid symbol.");
	} else if (!strcmp(q->kind, "close")) {
		res->mode = SEND_DROP;
	} else if (!strcmp(q->kind, "unknown-lost")) {
		api_error(res, 503, -1000, UNKNOWN_TEXT);
	} else if (!strcmp(q->kind, "-1021")) {
		api_error(res, 400, -1021, "Timestamp for this request is outside of the recvWindow.");
	} else if (!strcmp(q->kind, "-2019")) {
		api_error(res, 400, -2019, "Margin is insufficient.");
	} else if (!strcmp(q->kind, "escapes")) {
		/* An error text that would drive a terminal and forge a line. */
		api_error(res, 400, -1121, "Invalid symbol.\033[2J\033]0;pwned\007\r\n"
			  "cb-fetch: all symbols fetched\033[0m");
	} else if (!strcmp(q->kind, "endless")) {
		res->mode = SEND_ENDLESS;
	} else if (!strcmp(q->kind, "huge")) {
		/* 200 and a valid, empty JSON array padded with blanks to 80 MiB:
		 * an answer no client should take whole. */
		size_t n = 80u << 20;

		res->status = 200;
		buf_addc(&res->body, '[');
		while (res->body.len < n - 1)
			buf_add(&res->body, "                                ", 32);
		buf_addc(&res->body, ']');
	} else {
		return 0;   /* slow, truncate, badjson, stale, offgrid, unordered,
			     * bigheader, headers, and those that take effect first:
			     * drop-after, unknown-placed, timeout-placed, partial,
			     * algo-notfound */
	}
	return 1;
}

/* The top-level elements of the JSON array in body put in reverse order
 * (the rows of an answer, newest first). A body that is not an array of
 * elements is left as it is. */
static void reverse_rows(struct buf *body)
{
	struct buf out = BUF_INIT;
	size_t end[4096], n = 0, i;   /* where each element ends: its ',' or the ']' */
	int depth = 0, in_str = 0;

	if (body->len < 2 || body->p[0] != '[')
		return;
	for (i = 1; i < body->len; i++) {
		char ch = body->p[i];

		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = 0;
		} else if (ch == '"') {
			in_str = 1;
		} else if (ch == '[' || ch == '{') {
			depth++;
		} else if (depth > 0 && (ch == ']' || ch == '}')) {
			depth--;
		} else if (depth == 0 && (ch == ',' || ch == ']')) {
			if (n == sizeof end / sizeof end[0])
				return;
			end[n++] = i;
			if (ch == ']')
				break;
		}
	}
	if (n < 2)
		return;
	buf_addc(&out, '[');
	for (i = n; i-- > 0;) {
		size_t start = i ? end[i - 1] + 1 : 1;

		buf_add(&out, body->p + start, end[i] - start);
		buf_addc(&out, i ? ',' : ']');
	}
	buf_release(body);
	*body = out;
}

/* Make a normal answer broken as fault q says. */
static void mangle(const struct fault *q, struct response *res)
{
	if (!strcmp(q->kind, "slow") || !strcmp(q->kind, "timeout-placed")) {
		res->delay_ms += q->delay_ms;
	} else if (!strcmp(q->kind, "drop-after")) {
		res->mode = SEND_DROP;
	} else if (!strcmp(q->kind, "unknown-placed")) {
		api_error(res, 503, -1000, UNKNOWN_TEXT);
	} else if (!strcmp(q->kind, "truncate")) {
		res->mode = SEND_TRUNCATE;
		if (res->body.len < 2)
			buf_adds(&res->body, "                ");
	} else if (!strcmp(q->kind, "badjson")) {
		res->body.len /= 2;
		buf_adds(&res->body, "#not-json");
	} else if (!strcmp(q->kind, "unordered")) {
		reverse_rows(&res->body);
	} else if (!strcmp(q->kind, "bigheader")) {
		buf_grow(&res->headers, BIG_HEADER + 16);
		buf_adds(&res->headers, "X-Pad: ");
		while (res->headers.len < BIG_HEADER)
			buf_add(&res->headers, "pppppppppppppppppppppppppppppppp", 32);
		buf_adds(&res->headers, "\r\n");
	} else if (!strcmp(q->kind, "headers")) {
		for (long i = 0; i < MANY_HEADERS; i++)
			buf_printf(&res->headers, "X-Pad-%ld: %ld\r\n", i, i);
	}
}

/* ---- control endpoints ---- */

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static void control_error(struct response *res, int status, const char *msg)
{
	res->status = status;
	buf_reset(&res->body);
	buf_adds(&res->body, "{\"error\":");
	jw_strval(&res->body, msg, strlen(msg));
	buf_addc(&res->body, '}');
}

/* retry_after=DIGITS: sent as given, however large (a hostile server's
 * header); its value, capped at 10^9 s, for the ban's end. 0 or -1. */
static int retry_after_param(const char *v, struct fault *q)
{
	size_t n = strlen(v);

	if (!n || n >= sizeof q->retry_after_text || strspn(v, "0123456789") != n)
		return -1;
	memcpy(q->retry_after_text, v, n + 1);
	q->retry_after = n > 9 ? 1000000000L : strtol(v, NULL, 10);
	return 0;
}

static void control_fault(struct fake *f, const struct params *p, struct response *res)
{
	const char *path = param(p, "path"), *sym = param(p, "symbol"), *kind = param(p, "kind");
	const char *method = param(p, "method");
	struct fault q = { .count = 1, .retry_after = 0, .delay_ms = SLOW_DEFAULT_MS, .fraction = 0.5,
			   .hide = 1 };
	char *end;
	size_t k = 0;

	while (kind && k < sizeof fault_kinds / sizeof fault_kinds[0] && strcmp(kind, fault_kinds[k]))
		k++;
	if (!path || strlen(path) >= sizeof q.path || path[0] != '/' || !strncmp(path, "/_fake/", 7)) {
		control_error(res, 400, "path: an endpoint path such as /fapi/v1/klines is required");
		return;
	}
	if (!kind || k == sizeof fault_kinds / sizeof fault_kinds[0]) {
		control_error(res, 400, "kind: one of " FAULT_KINDS);
		return;
	}
	if ((sym && strlen(sym) >= sizeof q.symbol) ||
	    (param(p, "count") && parse_long(param(p, "count"), 1, 1000000, &q.count)) ||
	    (param(p, "retry_after") && retry_after_param(param(p, "retry_after"), &q)) ||
	    (param(p, "delay_ms") && parse_long(param(p, "delay_ms"), 0, 3600000, &q.delay_ms))) {
		control_error(res, 400, "bad symbol, count, retry_after or delay_ms");
		return;
	}
	if ((method && strcmp(method, "GET") && strcmp(method, "POST") && strcmp(method, "DELETE") &&
	     strcmp(method, "PUT")) ||
	    (param(p, "hide") && parse_long(param(p, "hide"), 1, 1000000, &q.hide))) {
		control_error(res, 400, "bad method (GET POST DELETE PUT) or hide");
		return;
	}
	if (param(p, "fraction")) {
		errno = 0;
		q.fraction = strtod(param(p, "fraction"), &end);
		if (*end || errno || !(q.fraction > 0 && q.fraction < 1)) {
			control_error(res, 400, "fraction: a number between 0 and 1 (both excluded)");
			return;
		}
	}
	if (f->nfaults == FAULTS_MAX) {
		control_error(res, 400, "too many faults");
		return;
	}
	if (!param(p, "retry_after")) {
		q.retry_after = !strcmp(kind, "418") ? 120 : 1;
		snprintf(q.retry_after_text, sizeof q.retry_after_text, "%ld", q.retry_after);
	}
	snprintf(q.path, sizeof q.path, "%s", path);
	snprintf(q.symbol, sizeof q.symbol, "%s", sym ? sym : "");
	snprintf(q.kind, sizeof q.kind, "%s", kind);
	/* an algo order is hidden from the queries after its creation */
	snprintf(q.method, sizeof q.method, "%s", method ? method : !strcmp(kind, "algo-notfound") ? "POST" : "");
	f->faults = xreallocarray(f->faults, f->nfaults + 1, sizeof *f->faults);
	f->faults[f->nfaults++] = q;
	buf_printf(&res->body, "{\"faults\":%zu}", f->nfaults);
}

static void stats_path(void *ctx, const char *key, size_t len, void *val)
{
	struct buf *b = ctx;

	if (b->p[b->len - 1] != '{')
		buf_addc(b, ',');
	jw_strval(b, key, len);
	buf_printf(b, ":%ld", *(long *)val);
}

static void control_stats(struct fake *f, struct response *res)
{
	struct buf *b = &res->body;
	long pending = 0;

	for (size_t i = 0; i < f->nfaults; i++)
		pending += f->faults[i].count;
	buf_printf(b, "{\"requests\":%ld,\"paths\":{", f->requests);
	strmap_each(f->paths, stats_path, b);
	buf_printf(b, "},\"status_429\":%ld,\"status_418\":%ld,\"max_weight_1m\":%ld,\"spot_max_weight_1m\":%ld,"
		"\"weight_1m\":%ld,\"spot_weight_1m\":%ld,\"connections\":%ld,\"faults_pending\":%ld,"
		"\"now\":%lld,\"user_agent\":",
	     f->n429, f->n418, f->fut.max, f->spot.max, used_now(&f->fut), used_now(&f->spot),
	     f->connections, pending, (long long)fake_now(f));
	jw_strval(b, f->user_agent, strlen(f->user_agent));
	buf_addc(b, '}');
}

static void control(struct fake *f, const struct request *req, const struct params *p,
		    struct response *res)
{
	const char *name = req->path + 7;   /* after "/_fake/" */
	int post = !strcmp(req->method, "POST");

	if (!strcmp(name, "stats")) {
		if (strcmp(req->method, "GET"))
			control_error(res, 405, "use GET");
		else
			control_stats(f, res);
	} else if (!strcmp(name, "account")) {
		if (strcmp(req->method, "GET"))
			control_error(res, 405, "use GET");
		else
			trade_control_account(f, p, res);
	} else if (!strcmp(name, "mark")) {
		if (!post)
			control_error(res, 405, "use POST");
		else
			trade_control_mark(f, p, res);
	} else if (!strcmp(name, "now") || !strcmp(name, "fault") || !strcmp(name, "reset")) {
		int64_t ms;

		if (!post) {
			control_error(res, 405, "use POST");
		} else if (name[0] == 'r') {
			fake_reset(f);
			buf_adds(&res->body, "{\"reset\":true}");
		} else if (name[0] == 'f') {
			control_fault(f, p, res);
		} else if (!param(p, "ms") || time_parse(param(p, "ms"), &ms) || ms < 0 || ms > TIME_MAX_MS) {
			control_error(res, 400, "ms: a time in epoch milliseconds is required");
		} else {
			f->fixed_now = ms;
			f->has_now = 1;
			trade_advance(f, ms);
			buf_printf(&res->body, "{\"now\":%lld}", (long long)ms);
		}
	} else {
		control_error(res, 404, "unknown control endpoint");
	}
}

/* ---- dispatch ---- */

/* Whether ep serves method: a word of ep->methods, else GET and HEAD. */
static int method_ok(const struct endpoint *ep, const char *method)
{
	size_t n = strlen(method);

	if (!ep->methods)
		return !strcmp(method, "GET") || !strcmp(method, "HEAD");
	for (const char *s = ep->methods; *s; s += strcspn(s, " "), s += strspn(s, " "))
		if (!strncmp(s, method, n) && (s[n] == ' ' || s[n] == '\0'))
			return 1;
	return 0;
}

void fake_handle(void *ctx, const struct request *req, struct response *res)
{
	struct fake *f = ctx;
	const struct endpoint *ep;
	const struct fault *q = NULL;
	struct params p;

	params_parse(&p, req);
	if (!strncmp(req->path, "/_fake/", 7)) {
		control(f, req, &p, res);
		buf_release(&p.store);
		return;
	}
	log_request(f, req);
	f->requests++;
	snprintf(f->user_agent, sizeof f->user_agent, "%s", req->user_agent);
	count_path(f, req->path);
	res->delay_ms = f->latency_ms;
	ep = api_find(req->path);
	if (ep)
		q = take_fault(f, req->path, &p);
	if (!ep) {
		res->status = 404;
		res->type = "text/html";
		buf_adds(&res->body, "<html><body><h2>404 Not found</h2></body></html>\n");
	} else if (q && apply_fault(f, ep, q, res)) {
		weight_headers(f, ep, res);
	} else if (!method_ok(ep, req->method)) {
		api_error(res, 405, -1000, "Request method not supported.");
		weight_headers(f, ep, res);
	} else if (p.duplicate || p.too_many) {
		api_error(res, 400, -1101, p.duplicate ? "Duplicate values for a parameter detected." :
						       "Too many parameters sent for this endpoint.");
		weight_headers(f, ep, res);
	} else if (charge(ep->spot ? &f->spot : &f->fut, ep->weight(&p))) {
		char wait[24];

		snprintf(wait, sizeof wait, "%ld", to_next_minute());
		too_many(f, res, wait, ep->spot ? f->spot.limit : f->fut.limit);
		weight_headers(f, ep, res);
	} else {
		if (q && !strcmp(q->kind, "stale")) {
			/* Answer as if no window had been asked for: the newest
			 * rows, whatever startTime and endTime said. */
			for (size_t i = 0; i < p.n; i++)
				if (!strcmp(p.key[i], "startTime") || !strcmp(p.key[i], "endTime"))
					p.key[i] = "ignored";
		}
		f->shift_ms = q && !strcmp(q->kind, "offgrid") ? OFFGRID_MS : 0;
		f->trade.partial = q && !strcmp(q->kind, "partial") ? q->fraction : 0;
		f->trade.hide = q && !strcmp(q->kind, "algo-notfound") ? q->hide : 0;
		trade_advance(f, fake_now(f));   /* triggers up to now first */
		if (!ep->auth || !trade_auth(f, req, &p, res))
			ep->serve(f, ep, &p, res);
		f->shift_ms = 0;
		f->trade.partial = 0;
		f->trade.hide = 0;
		weight_headers(f, ep, res);
		if (q)
			mangle(q, res);
	}
	buf_release(&p.store);
}
