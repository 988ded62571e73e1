/* cb-fetch: the HTTP client, the universe of symbols, error reports. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/binance.h"
#include "cbtime.h"
#include "net/exchange.h"
#include "fetch.h"
#include "msg.h"
#include "xalloc.h"

struct http_client *fetch_http(const struct fetch *f)
{
	const struct exchange *ex = exchange_find(f->exchange);
	struct http_opts o = {
		.jobs = f->jobs,
		.weight_budget = f->weight_budget,
		.weight_header = ex ? ex->weight_header : NULL,
		.retries = 4,
		.timeout_ms = f->timeout_ms,
		.user_agent = "cb-fetch/" CB_VERSION,
		.ban_status = ex ? ex->ban_status : 0,
	};

	return http_new(&o);
}

void fetch_report(struct fetch *f, const char *symbol, const struct http_result *r)
{
	const struct exchange *ex = exchange_find(f->exchange);
	long code;
	char msg[256];

	f->failed++;
	if (r->banned)
		return;  /* reported once for all */
	if (ex && r->status && r->body->len &&
	    ex->error(r->body->p, r->body->len, &code, msg, sizeof msg))
		error("%s: %s error %ld: %s", symbol, ex->name, code, msg);
	else if (r->status)
		error("%s: HTTP %ld from %s (after %d tr%s)", symbol, r->status, r->url,
		      r->attempts, r->attempts == 1 ? "y" : "ies");
	else
		error("%s: no answer from %s: %s (after %d tr%s)", symbol, r->url, r->error,
		      r->attempts, r->attempts == 1 ? "y" : "ies");
}

/* The answer of one request, kept for after http_run. */
struct answer {
	const char *what;
	struct fetch *f;
	json_t *json;               /* the parsed answer, NULL until one came */
};

static int keep_answer(void *ctx, const struct http_result *r)
{
	struct answer *a = ctx;

	if (r->status != 200) {
		fetch_report(a->f, a->what, r);
		return HTTP_DONE;
	}
	a->json = json_loadb(r->body->p ? r->body->p : "", r->body->len, 0, NULL);
	if (!a->json && !r->last_try)
		return HTTP_RETRY;
	if (!a->json) {
		error("%s: malformed answer from %s (after %d tries)", a->what, r->url, r->attempts);
		a->f->failed++;
	}
	return HTTP_DONE;
}

/* GET base + path (one request) and return the parsed JSON answer, or NULL
 * after reporting why. */
json_t *fetch_json(struct fetch *f, const char *what, const char *path, int weight)
{
	struct http_client *h = fetch_http(f);
	struct answer a = { what, f, NULL };
	char url[1024];

	snprintf(url, sizeof url, "%s%s", binance_base_url(f->market), path);
	http_get(h, url, weight, keep_answer, &a);
	if (http_run(h) < 0) {
		fetch_report_ban(h);
		json_decref(a.json);
		a.json = NULL;
	}
	http_free(h);
	return a.json;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fetch_universe(struct fetch *f)
{
	int spot = !strcmp(f->market, "spot");
	json_t *info, *list, *s;
	size_t i;

	info = fetch_json(f, "exchangeInfo", spot ? "/api/v3/exchangeInfo" : "/fapi/v1/exchangeInfo",
			  spot ? 20 : 1);
	if (!info)
		return -1;
	list = json_object_get(info, "symbols");
	f->symbols = xcalloc(json_array_size(list) + 1, sizeof *f->symbols);
	f->nsymbols = 0;
	json_array_foreach(list, i, s) {
		const char *name = json_string_value(json_object_get(s, "symbol"));
		const char *status = json_string_value(json_object_get(s, "status"));
		const char *quote = json_string_value(json_object_get(s, "quoteAsset"));
		const char *type = json_string_value(json_object_get(s, "contractType"));

		if (!name || !fetch_in_universe(status ? status : "", quote ? quote : "",
						type ? type : "", spot))
			continue;
		if (!candle_symbol_ok(name))
			continue;
		f->symbols[f->nsymbols++] = xstrdup(name);
	}
	json_decref(info);
	qsort(f->symbols, (size_t)f->nsymbols, sizeof *f->symbols, cmp_str);
	if (!f->nsymbols) {
		error("the exchange lists no trading USDT %s symbols", spot ? "spot" : "perpetual");
		return -1;
	}
	return 0;
}

int fetch_in_universe(const char *status, const char *quote, const char *contract_type, int spot)
{
	return !strcmp(status, "TRADING") && !strcmp(quote, "USDT") &&
	       (spot || !strcmp(contract_type, "PERPETUAL"));
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
