/* Unit tests of lib/metrics.c on small series computed by hand, with the
 * harder figures cross-checked by the python3 one-liner quoted below. */
#include <stdint.h>

#include "metrics.h"
#include "unit.h"

/* Daily equity: 10000, then +2 %, -2 %, +3 %, -1 %:
 *   10000 * 1.02 = 10200; 10200 * 0.98 = 9996; 9996 * 1.03 = 10295.88;
 *   10295.88 * 0.99 = 10192.9212.
 * Returns 0.02, -0.02, 0.03, -0.01: mean 0.02 / 4 = 0.005.
 * Deviations 0.015, -0.025, 0.025, -0.015; squares 0.000225, 0.000625,
 * 0.000625, 0.000225, sum 0.0017; sample variance 0.0017 / 3 =
 * 0.000566667; stddev 0.0238047614.
 * Sharpe 0.005 / 0.0238047614 * sqrt(365) = 0.2100420 * 19.1049732 =
 * 4.0128470.
 * Sortino: downside deviation sqrt((0.02^2 + 0.01^2) / 4) =
 * sqrt(0.000125) = 0.0111803399 (divided by all 4 returns);
 * 0.005 / 0.0111803399 * 19.1049732 = 0.4472136 * 19.1049732 = 8.5440037.
 * Max drawdown: from 10200 (index 1) to 9996 (index 2): 204, 2 %; the
 * later fall 10295.88 to 10192.9212 is 102.9588, 1 %.
 * CAGR over 4 days: (10192.9212 / 10000)^(365 / 4) - 1 = 1.01929212^91.25
 * - 1 = 471.8121 %; Calmar 471.8121 / 2 = 235.906.
 * Cross-check:
 *   python3 -c "import statistics as s,math;e=[10000,10200,9996,10295.88,
 *   10192.9212];r=[b/a-1 for a,b in zip(e,e[1:])];m=s.mean(r);print(m,
 *   s.stdev(r),m/s.stdev(r)*math.sqrt(365),m/math.sqrt(sum(x*x for x in r
 *   if x<0)/len(r))*math.sqrt(365),((e[-1]/e[0])**(365/4)-1)*100,
 *   ((e[-1]/e[0])**(365/4)-1)*100/2)"
 *   0.005000000000000032 0.023804761428476165 4.012847016330276
 *   8.544003745317596 471.81210059483146 235.90605029741573 */
static void equity_curve(void)
{
	const double e[] = { 10000, 10200, 9996, 10295.88, 10192.9212 };
	double r[4];
	struct drawdown dd;
	double cagr;

	CHECK_INT(metrics_returns(e, 5, r), 4);
	CHECK_NEAR(r[0], 0.02, 1e-12);
	CHECK_NEAR(r[1], -0.02, 1e-12);
	CHECK_NEAR(r[2], 0.03, 1e-12);
	CHECK_NEAR(r[3], -0.01, 1e-12);
	CHECK_NEAR(metrics_mean(r, 4), 0.005, 1e-12);
	CHECK_NEAR(metrics_stddev(r, 4), 0.023804761428476165, 1e-12);
	CHECK_NEAR(metrics_sharpe(r, 4, METRICS_DAYS_PER_YEAR), 4.012847016330276, 1e-12);
	CHECK_NEAR(metrics_sortino(r, 4, METRICS_DAYS_PER_YEAR), 8.544003745317596, 1e-12);

	metrics_drawdown(e, 5, &dd);
	CHECK_NEAR(dd.pct, 2, 1e-12);
	CHECK_INT(dd.pct_start, 1);
	CHECK_INT(dd.pct_end, 2);
	CHECK_NEAR(dd.abs, 204, 1e-12);
	CHECK_INT(dd.abs_start, 1);
	CHECK_INT(dd.abs_end, 2);

	CHECK_NEAR(metrics_return_pct(e[0], e[4]), 1.929212, 1e-12);
	cagr = metrics_cagr_pct(e[0], e[4], 4);
	CHECK_NEAR(cagr, 471.81210059483146, 1e-12);
	CHECK_NEAR(metrics_calmar(cagr, dd.pct), 235.90605029741573, 1e-12);
}

static void drawdowns(void)
{
	/* Relative and absolute differ: 100 -> 50 is 50 % (50); 1000 -> 900
	 * is 10 % but 100. */
	const double a[] = { 100, 50, 1000, 900, 950 };
	/* The peak is the latest point at the running maximum: the fall
	 * starts at index 1, not 0. */
	const double b[] = { 100, 100, 90, 100, 95 };
	const double up[] = { 1, 2, 2, 3 };
	struct drawdown dd;

	metrics_drawdown(a, 5, &dd);
	CHECK_NUM(dd.pct, 50);
	CHECK_INT(dd.pct_start, 0);
	CHECK_INT(dd.pct_end, 1);
	CHECK_NUM(dd.abs, 100);
	CHECK_INT(dd.abs_start, 2);
	CHECK_INT(dd.abs_end, 3);

	metrics_drawdown(b, 5, &dd);
	CHECK_NUM(dd.pct, 10);
	CHECK_INT(dd.pct_start, 1);
	CHECK_INT(dd.pct_end, 2);
	CHECK_NUM(dd.abs, 10);

	metrics_drawdown(up, 4, &dd);
	CHECK_NUM(dd.pct, 0);
	CHECK_NUM(dd.abs, 0);
	CHECK_INT(dd.pct_start, 0);
	CHECK_INT(dd.pct_end, 0);
	metrics_drawdown(up, 0, &dd);
	CHECK_NUM(dd.pct, 0);
}

static void ratios_undefined(void)
{
	const double flat[] = { 0.01, 0.01, 0.01 };
	const double one[] = { 0.01 };
	const double e1[] = { 5 };
	double r[1];

	CHECK_INT(metrics_returns(e1, 1, r), 0);
	CHECK(isnan(metrics_mean(one, 0)));
	CHECK(isnan(metrics_stddev(one, 1)));
	CHECK(isnan(metrics_sharpe(one, 1, 365)));
	CHECK(isnan(metrics_sharpe(flat, 3, 365)));    /* deviation 0 */
	CHECK(isnan(metrics_sortino(flat, 3, 365)));   /* no negative return */
	CHECK(isnan(metrics_sortino(one, 0, 365)));
	/* Sortino of one loss: mean -0.01 / sqrt(0.0001 / 1) = -1, * sqrt(365). */
	{
		const double loss[] = { -0.01 };

		CHECK_NEAR(metrics_sortino(loss, 1, 365), -sqrt(365), 1e-12);
	}
	CHECK(isnan(metrics_calmar(10, 0)));
	CHECK(isnan(metrics_calmar(NAN, 5)));
	CHECK_NUM(metrics_calmar(10, -5), 2);
}

static void growth(void)
{
	/* 10000 to 12100 is 21 %; over 730 days 1.21^(1/2) - 1 = 10 %. */
	CHECK_NUM(metrics_return_pct(10000, 12100), 21);
	CHECK_NEAR(metrics_cagr_pct(10000, 12100, 730), 10, 1e-12);
	/* Over 365 days the CAGR is the return. */
	CHECK_NEAR(metrics_cagr_pct(10000, 9000, 365), -10, 1e-12);
	CHECK_NUM(metrics_cagr_pct(10000, 0, 100), -100);
	CHECK_NUM(metrics_cagr_pct(10000, -5, 100), -100);
	CHECK(isnan(metrics_cagr_pct(10000, 12000, 0)));
	CHECK(isnan(metrics_cagr_pct(0, 12000, 10)));
}

static void trades(void)
{
	/* PnLs 100, -50, 0, 30, -25: wins 2 (130), draws 1, losses 2 (75).
	 * Win rate 2 / 5 = 40 %; avg win 65, avg loss 37.5; profit factor
	 * 130 / 75 = 1.7333...; expectancy 0.4 * 65 - 0.4 * 37.5 = 26 - 15 =
	 * 11 = (130 - 75) / 5. */
	const double pnl[] = { 100, -50, 0, 30, -25 };
	const double wins[] = { 5, 7 };
	struct trade_stats s;

	metrics_trades(pnl, 5, &s);
	CHECK_INT(s.n, 5);
	CHECK_INT(s.wins, 2);
	CHECK_INT(s.draws, 1);
	CHECK_INT(s.losses, 2);
	CHECK_NUM(s.gross_win, 130);
	CHECK_NUM(s.gross_loss, 75);
	CHECK_NUM(s.win_rate_pct, 40);
	CHECK_NUM(s.avg_win, 65);
	CHECK_NUM(s.avg_loss, 37.5);
	CHECK_NEAR(s.profit_factor, 130.0 / 75, 1e-15);
	CHECK_NUM(s.expectancy, 11);

	/* No losses: profit factor undefined. */
	metrics_trades(wins, 2, &s);
	CHECK_INT(s.wins, 2);
	CHECK(isnan(s.profit_factor));
	CHECK(isnan(s.avg_loss));
	CHECK_NUM(s.expectancy, 6);
	/* No trades. */
	metrics_trades(wins, 0, &s);
	CHECK_INT(s.n, 0);
	CHECK(isnan(s.win_rate_pct));
	CHECK(isnan(s.expectancy));
	CHECK(isnan(s.avg_win));
}

static void hit_rates(void)
{
	/* 3 take-profits of 12 trades: 25 %; base 10 %: lift 2.5. */
	CHECK_NUM(metrics_rate_pct(3, 12), 25);
	CHECK(isnan(metrics_rate_pct(0, 0)));
	CHECK_NUM(metrics_lift(25, 10), 2.5);
	CHECK(isnan(metrics_lift(25, 0)));
	CHECK(isnan(metrics_lift(NAN, 10)));
	CHECK(isnan(metrics_lift(25, NAN)));
}

static void labels(void)
{
	/* A pump from T to T + 8h; 4h candles: a signal candle opening from
	 * T - 4h to T + 8h finds it. */
	const int64_t T = 1795996800000LL, H = 14400000LL;
	struct label_stats s;

	CHECK_INT(metrics_label_found(T - H, T, T + 2 * H, H), 1);
	CHECK_INT(metrics_label_found(T - H - 1, T, T + 2 * H, H), 0);
	CHECK_INT(metrics_label_found(T, T, T + 2 * H, H), 1);
	CHECK_INT(metrics_label_found(T + 2 * H, T, T + 2 * H, H), 1);
	CHECK_INT(metrics_label_found(T + 2 * H + 1, T, T + 2 * H, H), 0);

	/* 10 taken, 4 found a pump; 8 pumps, 2 found: precision 0.4, recall
	 * 0.25, F1 2 * 0.4 * 0.25 / 0.65 = 0.2 / 0.65 = 0.307692... */
	metrics_labels(10, 4, 8, 2, &s);
	CHECK_NUM(s.precision, 0.4);
	CHECK_NUM(s.recall, 0.25);
	CHECK_NEAR(s.f1, 0.2 / 0.65, 1e-15);
	metrics_labels(10, 0, 8, 0, &s);
	CHECK_NUM(s.f1, 0);
	metrics_labels(0, 0, 8, 0, &s);
	CHECK(isnan(s.precision));
	CHECK(isnan(s.f1));
	metrics_labels(5, 0, 0, 0, &s);
	CHECK(isnan(s.recall));
}

int main(void)
{
	equity_curve();
	drawdowns();
	ratios_undefined();
	growth();
	trades();
	hit_rates();
	labels();
	UNIT_END();
}
