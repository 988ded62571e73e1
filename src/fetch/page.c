/* cb-fetch: whether the rows of a page answer the request that asked for
 * them (fetch.h), for klines, open interest and funding alike. */
#include <stdio.h>
#include <string.h>

#include "fetch.h"
#include "msg.h"

/* Why row i, opening at t, does not answer the request, or NULL. */
static const char *row_problem(const struct page_rows *p, size_t i, int64_t t, int64_t prev,
			       const struct interval *iv, int64_t from, int64_t to)
{
	const char *why;

	if (t < from || t > to)
		return "opens outside the window asked for";
	if (iv && interval_open_time(iv, t) != t)
		return "is off the interval's grid";
	why = p->check ? p->check((const char *)p->rows + i * p->size, iv) : NULL;
	if (why)
		return why;
	if (i && t <= prev)
		return "is not after the row before it";
	return NULL;
}

int fetch_page_problem(const struct page_rows *p, const struct interval *iv, int64_t from,
		       int64_t to, char *err, size_t errlen)
{
	int64_t t, prev = 0;

	for (size_t i = 0; i < p->n; i++, prev = t) {
		const char *why;

		memcpy(&t, (const char *)p->rows + i * p->size + p->time_off, sizeof t);
		why = row_problem(p, i, t, prev, iv, from, to);
		if (why) {
			snprintf(err, errlen, "malformed answer: row %zu (%s %lld) %s "
				 "(window %lld .. %lld)", i + 1, p->time_name, (long long)t, why,
				 (long long)from, (long long)to);
			return 1;
		}
	}
	return 0;
}

int fetch_page_verdict(struct fetch *f, const char *symbol, const struct http_result *r,
		       long rows, const char *problem)
{
	if (rows >= 0 && !problem)
		return 0;
	if (!r->last_try)
		return HTTP_RETRY;
	if (rows < 0)
		error("%s: malformed answer from %s (after %d tries)", symbol, r->url, r->attempts);
	else
		error("%s: %s (after %d tries)", symbol, problem, r->attempts);
	f->failed++;
	return HTTP_DONE;
}
