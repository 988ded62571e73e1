/* bench/order-latency: the decision latency of cb-order --live, from a
 * signal read to its entry request ready to leave, network excluded: the
 * strategy check, the risk decision, the quantity on the step, the client
 * id, the protective levels, and the intent committed to the store (the
 * journal row that must exist before the request, store/live.h). Each of
 * N signals (1000) is timed alone; prints the median and the 99th
 * percentile next to a baseline measured in the same run: the journal's
 * commit alone (one row, one transaction), the part no decision can skip.
 * Goal (issue 13): p99 < 1 ms.
 *
 *	order-latency [N] STORE_FILE
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cbtime.h"
#include "fill.h"
#include "filters.h"
#include "net/futures.h"
#include "risk.h"
#include "signalrec.h"
#include "store/live.h"
#include "store/store.h"
#include "strategy.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, dbl_cmp);
	printf("%-34s median %7.1f us   p99 %7.1f us   max %7.1f us\n", what, v[n / 2],
	       v[(int)(n * 0.99)], v[n - 1]);
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 1000;
	const char *path = argv[argc - 1];
	struct store *s;
	double *dec, *base;
	struct strategy_rules sr;
	struct risk_rules rr;
	struct exit_rules er;
	struct risk_filters f = { 0.001, 0.001, 5 };

	if (argc < 2 || n < 1) {
		fprintf(stderr, "usage: order-latency [N] STORE_FILE\n");
		return 2;
	}
	s = store_open(path);
	if (!s)
		return 1;
	dec = calloc((size_t)n, sizeof *dec);
	base = calloc((size_t)n, sizeof *base);
	strategy_rules_default(&sr);
	risk_rules_default(&rr);
	exit_rules_default(&er);
	for (int i = 0; i < n; i++) {
		struct signal_in g;
		struct risk_book b = { 10000, 0, 0, 0 };
		struct risk_symbol rs = { 0, 0, 0 };
		struct risk_decision d;
		struct live_order w, old;
		char line[512], err[256], qty[FILTER_FMT_MAX];
		double t0, stop, target;
		int found, len;

		len = snprintf(line, sizeof line,
			       "{\"type\":\"signal\",\"id\":\"binance:futures:S%04dUSDT:5m:%lld\","
			       "\"symbol\":\"S%04dUSDT\",\"interval\":\"5m\",\"open_time\":%lld,"
			       "\"price\":%g,\"strength\":\"STRONG\",\"spike_ratio_7d\":4.5}",
			       i % 500, 1700000000000LL + i * 300000LL, i % 500,
			       1700000000000LL + i * 300000LL, 100.0 + i % 7);
		t0 = now_us();
		if (signal_parse(&g, line, (size_t)len, err, sizeof err) != REC_OK ||
		    strategy_check(&sr, &g) != STRAT_OK ||
		    risk_decide(&rr, &b, &rs, &f, g.detected_at, g.price, &d) != RISK_OK) {
			fprintf(stderr, "order-latency: signal %d refused\n", i);
			return 1;
		}
		filter_format(qty, d.quantity, f.step_size);
		fill_protect_levels(1, g.price, &er, 0.01, &stop, &target);
		memset(&w, 0, sizeof w);
		fut_client_id("cb", g.id, 'e', 0, w.client_id);
		snprintf(w.signal_id, sizeof w.signal_id, "%s", g.id);
		snprintf(w.symbol, sizeof w.symbol, "%s", g.symbol);
		snprintf(w.side, sizeof w.side, "BUY");
		snprintf(w.quantity, sizeof w.quantity, "%.39s", qty);
		w.state = LS_INTENT;
		w.avg_price = NAN;
		if (store_begin(s) < 0 || store_live_order_get(s, w.client_id, &old, &found) < 0 ||
		    store_live_order_put(s, &w) < 0 || store_commit(s) < 0)
			return 1;
		dec[i] = now_us() - t0;

		/* The baseline: one journal row committed, nothing else. */
		snprintf(w.client_id, sizeof w.client_id, "base-%d", i);
		t0 = now_us();
		if (store_begin(s) < 0 || store_live_order_put(s, &w) < 0 || store_commit(s) < 0)
			return 1;
		base[i] = now_us() - t0;
	}
	printf("%d signals, store %s\n", n, path);
	report("baseline: one journal commit", base, n);
	report("cb-order: signal to request", dec, n);
	printf("goal p99 < 1000 us: %s\n", dec[(int)(n * 0.99)] < 1000 ? "met" : "not met");
	store_close(s);
	free(dec);
	free(base);
	return 0;
}
