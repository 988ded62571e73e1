/* metrics: the summary metrics of a backtest or a paper run (cb-backtest(1),
 * "summary"), as the mainstream tools define them (trading-facts.md, 5):
 * returns, CAGR, drawdowns, Sharpe and Sortino on daily equity, Calmar,
 * profit factor and expectancy of the trades, win/draw/loss, hit rate
 * against the base rate, and precision, recall and F1 against labelled
 * pumps. Pure functions over arrays the caller owns: no I/O, no
 * allocation; an undefined metric (no data, a division by zero) is NaN,
 * which the writers print as null. */
#ifndef CB_METRICS_H
#define CB_METRICS_H

#include <stddef.h>
#include <stdint.h>

/* Periods per year of daily returns for a market open every day. */
#define METRICS_DAYS_PER_YEAR 365

/* Total return in percent: pct_change(start, end). */
double metrics_return_pct(double start, double end);

/* Compound annual growth in percent over days days:
 * ((end / start)^(365 / days) - 1) * 100. -100 if end <= 0 (all lost);
 * NaN if start <= 0 or days <= 0. */
double metrics_cagr_pct(double start, double end, double days);

/* The deepest fall of an equity curve from a previous peak, measured two
 * ways, each with the index of its peak (start) and trough (end). A peak
 * is the latest point at the running maximum. Both are 0 (start = end =
 * 0) for a curve that never falls, or for n == 0. */
struct drawdown {
	double pct;                 /* largest (peak - trough) * 100 / peak, >= 0 */
	size_t pct_start, pct_end;
	double abs;                 /* largest peak - trough, >= 0 */
	size_t abs_start, abs_end;
};
void metrics_drawdown(const double *eq, size_t n, struct drawdown *dd);

/* The period returns of an equity curve: r[i - 1] = eq[i] / eq[i - 1] - 1
 * for i = 1 .. n - 1, into r (room for n - 1). Returns n - 1, or 0 if
 * n < 2. */
size_t metrics_returns(const double *eq, size_t n, double *r);

/* Arithmetic mean (NaN if n == 0) and sample standard deviation (ddof 1;
 * NaN if n < 2). */
double metrics_mean(const double *x, size_t n);
double metrics_stddev(const double *x, size_t n);

/* Sharpe ratio of period returns, risk-free rate 0: mean(r) / stddev(r) *
 * sqrt(periods) (QuantStats, jesse). NaN if n < 2 or the deviation is 0. */
double metrics_sharpe(const double *r, size_t n, double periods);

/* Sortino ratio: mean(r) / sqrt(sum over r_i < 0 of r_i^2 / n) *
 * sqrt(periods), n counting every return (QuantStats' downside deviation,
 * trading-facts.md 5). NaN if n == 0 or no return is negative. */
double metrics_sortino(const double *r, size_t n, double periods);

/* Calmar ratio: cagr_pct / max_drawdown_pct (both in percent). NaN if the
 * drawdown is 0 or either is NaN. */
double metrics_calmar(double cagr_pct, double max_drawdown_pct);

/* What the net PnLs of the trades say. Win, draw and loss go by the sign
 * of the net PnL (freqtrade). */
struct trade_stats {
	size_t n, wins, draws, losses;
	double gross_win;       /* sum of the positive PnLs */
	double gross_loss;      /* minus the sum of the negative ones, >= 0 */
	double win_rate_pct;    /* wins * 100 / n; NaN if n == 0 */
	double avg_win;         /* gross_win / wins; NaN without wins */
	double avg_loss;        /* gross_loss / losses, >= 0; NaN without losses */
	double profit_factor;   /* gross_win / gross_loss; NaN without losses */
	double expectancy;      /* win rate * avg_win - loss rate * avg_loss, the
				   rates over all n trades: the mean PnL; NaN if
				   n == 0 */
};
void metrics_trades(const double *pnl, size_t n, struct trade_stats *s);

/* A share in percent: hits * 100 / n; NaN if n == 0. The hit rate is
 * take-profit exits over the trades that did not end with the input
 * ("end" exits are left out of both), the base rate the same over a
 * hypothetical signal on every candle. */
double metrics_rate_pct(size_t hits, size_t n);

/* Lift of the hit rate over the base rate: hit / base; NaN if base is 0
 * or either is NaN. */
double metrics_lift(double hit_pct, double base_pct);

/* 1 if a signal whose candle opens at open finds the labelled pump that
 * starts at time and ends at end_time: time - candle_ms <= open <=
 * end_time (one candle of the signal's interval before the pump's start,
 * to its end, both included), else 0. */
int metrics_label_found(int64_t open, int64_t time, int64_t end_time, int64_t candle_ms);

/* Precision, recall and F1 (fractions 0 to 1) of the taken signals against
 * the labelled pumps: precision = matched / taken (signals that found a
 * pump), recall = found / pumps (pumps found by a taken signal), F1 =
 * 2 * P * R / (P + R). A ratio over 0 is NaN; F1 is 0 if P + R == 0. */
struct label_stats {
	double precision, recall, f1;
};
void metrics_labels(size_t taken, size_t matched, size_t pumps, size_t found,
		    struct label_stats *s);

#endif
