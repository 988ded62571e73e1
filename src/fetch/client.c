/* cb-fetch: the HTTP client of the exchange's adapter, one-request GETs,
 * and the reports of failed requests and bans. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "fetch.h"
#include "msg.h"

struct http_client *fetch_http(const struct fetch *f)
{
	const struct exchange *ex = f->ex;
	struct http_opts o = {
		.jobs = f->jobs,
		.weight_budget = f->weight_budget,
		.weight_header = ex->weight_header,
		.retries = 4,
		.timeout_ms = f->timeout_ms,
		.user_agent = "cb-fetch/" CB_VERSION,
		.ban_status = ex->ban_status,
		.ban_until = ex->ban_until,
	};

	return http_new(&o);
}

void fetch_report(struct fetch *f, const char *symbol, const struct http_result *r)
{
	const struct exchange *ex = f->ex;
	long code;
	char msg[256];

	f->failed++;
	if (r->banned)
		return;  /* reported once for all */
	if (ex->error && r->status && r->body->len &&
	    ex->error(r->body->p, r->body->len, &code, msg, sizeof msg))
		error("%s: %s error %ld: %s", symbol, ex->name, code, msg);
	else if (r->status)
		error("%s: HTTP %ld from %s (after %d tr%s)", symbol, r->status, r->url,
		      r->attempts, r->attempts == 1 ? "y" : "ies");
	else
		error("%s: no answer from %s: %s (after %d tr%s)", symbol, r->url, r->error,
		      r->attempts, r->attempts == 1 ? "y" : "ies");
}

/* One request's answer, handed to its parser. */
struct answer {
	const char *what;
	struct fetch *f;
	int (*parse)(void *ctx, const char *body, size_t len);
	void *ctx;
	int ok;
};

static int take_answer(void *ctx, const struct http_result *r)
{
	struct answer *a = ctx;

	if (r->status != 200) {
		fetch_report(a->f, a->what, r);
		return HTTP_DONE;
	}
	if (a->parse(a->ctx, r->body->p ? r->body->p : "", r->body->len) == 0) {
		a->ok = 1;
		return HTTP_DONE;
	}
	if (!r->last_try)
		return HTTP_RETRY;
	error("%s: malformed answer from %s (after %d tries)", a->what, r->url, r->attempts);
	a->f->failed++;
	return HTTP_DONE;
}

int fetch_one(struct fetch *f, const char *what, const char *url, int weight,
	      int (*parse)(void *ctx, const char *body, size_t len), void *ctx)
{
	struct http_client *h = fetch_http(f);
	struct answer a = { what, f, parse, ctx, 0 };

	http_get(h, url, weight, take_answer, &a);
	if (http_run(h) < 0) {
		fetch_report_ban(h);
		a.ok = 0;
	}
	http_free(h);
	return a.ok ? 0 : -1;
}

void fetch_report_unlisted(struct fetch *f, const void *items, size_t n, size_t size,
			   size_t off, const char *why)
{
	for (int i = 0; i < f->nsymbols; i++) {
		size_t k = 0;

		while (k < n && strcmp((const char *)items + k * size + off, f->symbols[i]))
			k++;
		if (k == n) {
			error("%s: %s", f->symbols[i], why);
			f->failed++;
		}
	}
}

void fetch_report_ban(const struct http_client *h)
{
	int64_t end = http_banned_until(h);
	char t[32];

	if (end)
		time_format(t, end);
	error("the exchange banned this IP address (HTTP %ld)%s%s; stopped every request",
	      http_banned_status(h), end ? " until " : "", end ? t : "");
}
