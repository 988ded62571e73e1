/* cb-fetch funding: the funding rate history of perpetual futures, through
 * the adapter (net/exchange.h): one download per symbol, paged forward,
 * written by time then symbol and kept in no store. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cbtime.h"
#include "fetch.h"
#include "funding.h"
#include "msg.h"
#include "out.h"
#include "xalloc.h"

struct funding_job {
	struct fetch *f;
	const char *symbol;
	int64_t from, to;
};

static struct funding *fund_mem;
static size_t fund_n, fund_cap;
static struct http_client *fund_http;

static int funding_page(void *ctx, const struct http_result *r);

static void funding_request(struct funding_job *j)
{
	struct buf url = BUF_INIT;
	int weight = j->f->ex->funding_url(&url, j->symbol, j->from, j->to);

	http_get(fund_http, buf_cstr(&url), weight, funding_page, j);
	buf_release(&url);
}

static int funding_page(void *ctx, const struct http_result *r)
{
	struct funding_job *j = ctx;
	struct fetch *f = j->f;
	size_t start = fund_n;
	long rows;
	int verdict;
	char err[256];

	if (r->status != 200) {
		fetch_report(f, j->symbol, r);
		return HTTP_DONE;
	}
	rows = f->ex->parse_funding(r->body->p ? r->body->p : "", r->body->len, j->symbol,
				    &fund_mem, &fund_n, &fund_cap);
	err[0] = '\0';
	if (rows > 0) {
		/* Funding times are not on a strict grid (Binance's are a few
		 * ms late at times): the rows must lie in the window and ascend. */
		struct page_rows p = { fund_mem + start, fund_n - start, sizeof *fund_mem,
				       offsetof(struct funding, time), "fundingTime", NULL };

		if (fetch_page_problem(&p, NULL, j->from, j->to, err, sizeof err))
			fund_n = start;
		else
			err[0] = '\0';
	}
	if ((verdict = fetch_page_verdict(f, j->symbol, r, rows, err[0] ? err : NULL)))
		return verdict;
	/* A full page holds the oldest rows of the window: the next one starts
	 * after its last row, inside the window, so every page advances. */
	if (rows >= f->ex->funding_max && fund_mem[fund_n - 1].time < j->to) {
		j->from = fund_mem[fund_n - 1].time + 1;
		funding_request(j);
	}
	return HTTP_DONE;
}

static int cmp_funding(const void *a, const void *b)
{
	const struct funding *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->symbol, y->symbol);
}

void fetch_funding_out(struct fetch *f, struct funding *all, size_t n, int64_t since,
		       int64_t until)
{
	struct buf b = BUF_INIT;
	char a[32], z[32];

	if (n)
		qsort(all, n, sizeof *all, cmp_funding);
	for (size_t i = 0; i < n; i++)
		if (all[i].time >= since && all[i].time <= until &&
		    (i + 1 == n || cmp_funding(&all[i], &all[i + 1]))) {
			funding_write(&all[i], &b);
			out_write(b.p, b.len);
			buf_reset(&b);
		}
	buf_release(&b);
	time_format(a, since);
	time_format(z, until);
	for (int i = 0; i < f->nsymbols && !f->failed; i++) {
		size_t k;

		for (k = 0; k < n && strcmp(all[k].symbol, f->symbols[i]); k++)
			;
		if (k == n)
			warn("%s:%s: no funding from %s to %s (the exchange has none)", f->exchange,
			     f->symbols[i], a, z);
	}
}

int cmd_funding(struct fetch *f)
{
	int64_t since, until;
	struct funding_job *jobs;
	int rc = 0;

	if (strcmp(f->market, "futures"))
		usage_error("funding: funding exists only for --market futures");
	if (f->offline)
		usage_error("funding: --offline is not supported; funding is not kept in the store");
	fetch_oi_range(f, FETCH_FUNDING_MS, &since, &until);
	if (f->universe && fetch_universe(f) < 0)
		return CB_EXIT_FATAL;
	jobs = xcalloc((size_t)f->nsymbols + 1, sizeof *jobs);
	fund_http = fetch_http(f);
	for (int i = 0; i < f->nsymbols; i++) {
		jobs[i] = (struct funding_job){ f, f->symbols[i], since, until };
		funding_request(&jobs[i]);
	}
	if (http_run(fund_http) < 0) {
		fetch_report_ban(fund_http);
		rc = CB_EXIT_FATAL;
	}
	http_free(fund_http);
	free(jobs);
	fetch_funding_out(f, fund_mem, fund_n, since, until);
	free(fund_mem);
	return rc ? rc : f->failed ? CB_EXIT_REJECTED : CB_EXIT_OK;
}
