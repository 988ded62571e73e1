/* cb-fetch: the market's symbols from the adapter's exchangeInfo, and the
 * universe of symbols (--universe) chosen from them. */
#include <stdlib.h>
#include <string.h>

#include "candle.h"
#include "fetch.h"
#include "msg.h"
#include "xalloc.h"

/* Parsing exchangeInfo with the adapter. */
struct info {
	const struct fetch *f;
	struct symbol_info *all;
	long n;
};

static int parse_info(void *ctx, const char *body, size_t len)
{
	struct info *in = ctx;
	char err[256];

	free(in->all);
	in->n = in->f->ex->parse_symbols(body, len, in->f->market, &in->all, err, sizeof err);
	return in->n < 0 ? -1 : 0;
}

long fetch_symbols(struct fetch *f, struct symbol_info **out)
{
	struct info in = { f, NULL, -1 };
	struct buf url = BUF_INIT;
	int weight = f->ex->symbols_url(&url, f->market);
	int rc = fetch_one(f, "exchangeInfo", buf_cstr(&url), weight, parse_info, &in);

	buf_release(&url);
	if (rc < 0) {
		free(in.all);
		*out = NULL;
		return -1;
	}
	*out = in.all;
	return in.n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fetch_universe(struct fetch *f)
{
	int spot = !strcmp(f->market, "spot");
	struct symbol_info *all;
	long n = fetch_symbols(f, &all);

	if (n < 0)
		return -1;
	f->symbols = xcalloc((size_t)n + 1, sizeof *f->symbols);
	f->nsymbols = 0;
	for (long i = 0; i < n; i++) {
		const struct symbol_info *si = &all[i];

		if (!si->symbol[0] || !fetch_in_universe(si->status, si->quote_asset,
							 si->contract_type, spot))
			continue;
		if (!candle_symbol_ok(si->symbol))
			continue;
		f->symbols[f->nsymbols++] = xstrdup(si->symbol);
	}
	free(all);
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
