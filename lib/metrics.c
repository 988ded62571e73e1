/* metrics: summary metrics over arrays (metrics.h). */
#include "metrics.h"

#include <math.h>

#include "pct.h"

double metrics_return_pct(double start, double end)
{
	return pct_change(start, end);
}

double metrics_cagr_pct(double start, double end, double days)
{
	if (!(start > 0) || !(days > 0))
		return NAN;
	if (!(end > 0))
		return -100;
	return (pow(end / start, METRICS_DAYS_PER_YEAR / days) - 1) * 100;
}

void metrics_drawdown(const double *eq, size_t n, struct drawdown *dd)
{
	size_t peak = 0;

	dd->pct = dd->abs = 0;
	dd->pct_start = dd->pct_end = dd->abs_start = dd->abs_end = 0;
	for (size_t i = 0; i < n; i++) {
		double fall, rel;

		if (eq[i] >= eq[peak]) {
			peak = i;
			continue;
		}
		fall = eq[peak] - eq[i];
		rel = fall * 100 / eq[peak];
		if (rel > dd->pct) {
			dd->pct = rel;
			dd->pct_start = peak;
			dd->pct_end = i;
		}
		if (fall > dd->abs) {
			dd->abs = fall;
			dd->abs_start = peak;
			dd->abs_end = i;
		}
	}
}

size_t metrics_returns(const double *eq, size_t n, double *r)
{
	if (n < 2)
		return 0;
	for (size_t i = 1; i < n; i++)
		r[i - 1] = eq[i] / eq[i - 1] - 1;
	return n - 1;
}

double metrics_mean(const double *x, size_t n)
{
	double s = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	return s / (double)n;
}

double metrics_stddev(const double *x, size_t n)
{
	double m, s = 0;

	if (n < 2)
		return NAN;
	m = metrics_mean(x, n);
	for (size_t i = 0; i < n; i++)
		s += (x[i] - m) * (x[i] - m);
	return sqrt(s / (double)(n - 1));
}

double metrics_sharpe(const double *r, size_t n, double periods)
{
	double sd = metrics_stddev(r, n);

	if (!(sd > 0))
		return NAN;
	return metrics_mean(r, n) / sd * sqrt(periods);
}

double metrics_sortino(const double *r, size_t n, double periods)
{
	double s = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		if (r[i] < 0)
			s += r[i] * r[i];
	if (!(s > 0))
		return NAN;
	return metrics_mean(r, n) / sqrt(s / (double)n) * sqrt(periods);
}

double metrics_calmar(double cagr_pct, double max_drawdown_pct)
{
	if (!(max_drawdown_pct != 0) || isnan(cagr_pct))
		return NAN;
	return cagr_pct / fabs(max_drawdown_pct);
}

void metrics_trades(const double *pnl, size_t n, struct trade_stats *s)
{
	s->n = n;
	s->wins = s->draws = s->losses = 0;
	s->gross_win = s->gross_loss = 0;
	for (size_t i = 0; i < n; i++) {
		if (pnl[i] > 0) {
			s->wins++;
			s->gross_win += pnl[i];
		} else if (pnl[i] < 0) {
			s->losses++;
			s->gross_loss -= pnl[i];
		} else {
			s->draws++;
		}
	}
	s->win_rate_pct = metrics_rate_pct(s->wins, n);
	s->avg_win = s->wins ? s->gross_win / (double)s->wins : NAN;
	s->avg_loss = s->losses ? s->gross_loss / (double)s->losses : NAN;
	s->profit_factor = s->losses ? s->gross_win / s->gross_loss : NAN;
	s->expectancy = n ? (s->gross_win - s->gross_loss) / (double)n : NAN;
}

double metrics_rate_pct(size_t hits, size_t n)
{
	return n ? (double)hits * 100 / (double)n : NAN;
}

double metrics_lift(double hit_pct, double base_pct)
{
	if (!(base_pct != 0) || isnan(hit_pct))
		return NAN;
	return hit_pct / base_pct;
}

int metrics_label_found(int64_t open, int64_t time, int64_t end_time, int64_t candle_ms)
{
	return open >= time - candle_ms && open <= end_time;
}

void metrics_labels(size_t taken, size_t matched, size_t pumps, size_t found,
		    struct label_stats *s)
{
	s->precision = taken ? (double)matched / (double)taken : NAN;
	s->recall = pumps ? (double)found / (double)pumps : NAN;
	if (isnan(s->precision) || isnan(s->recall))
		s->f1 = NAN;
	else if (s->precision + s->recall == 0)
		s->f1 = 0;
	else
		s->f1 = 2 * s->precision * s->recall / (s->precision + s->recall);
}
