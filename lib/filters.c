/* filters: rounding to an exchange's symbol filters (filters.h). */
#include "filters.h"

#include <math.h>
#include <stdio.h>

static const double p10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18
};

#define MAX_UNITS 9007199254740992.0  /* 2^53 */

int filter_step(double step, int64_t *m, int *d)
{
	if (!(step > 0) || !isfinite(step))
		return -1;
	for (int k = 0; k <= 18; k++) {
		double x = step * p10[k], r = round(x);

		if (r >= 1 && r < 1e15 && r / p10[k] == step) {
			*m = (int64_t)r;
			*d = k;
			return 0;
		}
	}
	return -1;
}

/* v in units of 10^-d, rounded down (up > 0) or up: the double nearest
 * u / 10^d is compared with v itself, so a v that is the double nearest a
 * decimal counts as that decimal, and one a hair off it as off it. */
static int64_t units(double v, int d, int up)
{
	double x = v * p10[d], u = up ? ceil(x) : floor(x), r = round(x);

	if (r / p10[d] == v)
		return (int64_t)r;
	if (!up && u > 0 && u / p10[d] > v)
		u--;
	if (up && u / p10[d] < v)
		u++;
	return (int64_t)u;
}

static int64_t steps(double v, double step, int up)
{
	int64_t m, u;
	int d;

	if (!(v >= 0) || !isfinite(v) || filter_step(step, &m, &d) < 0 ||
	    !(v * p10[d] < MAX_UNITS))
		return -1;
	u = units(v, d, up);
	return up ? (u + m - 1) / m : u / m;
}

int64_t filter_steps_down(double v, double step)
{
	return steps(v, step, 0);
}

int64_t filter_steps_up(double v, double step)
{
	return steps(v, step, 1);
}

static double round_to(double v, double step, int up)
{
	int64_t m, n;
	int d;

	if (step == 0 || isnan(step))
		return v;
	n = steps(v, step, up);
	if (n < 0 || filter_step(step, &m, &d) < 0 || (double)n * (double)m >= MAX_UNITS)
		return NAN;
	return (double)(n * m) / p10[d];
}

double filter_round_down(double v, double step)
{
	return round_to(v, step, 0);
}

double filter_round_up(double v, double step)
{
	return round_to(v, step, 1);
}

int filter_notional_ok(double price, double qty, double min_notional)
{
	if (min_notional == 0 || isnan(min_notional))
		return 1;
	return price * qty >= min_notional * (1 - 1e-12);
}

int filter_min_qty_ok(double qty, double min_qty)
{
	if (min_qty == 0 || isnan(min_qty))
		return 1;
	return qty >= min_qty;
}

size_t filter_format(char *dst, double v, double step)
{
	int64_t m, u;
	int d, n;

	dst[0] = '\0';
	if (!(v >= 0) || !isfinite(v) || filter_step(step, &m, &d) < 0 ||
	    !(v * p10[d] < MAX_UNITS))
		return 0;
	u = (int64_t)round(v * p10[d] / (double)m) * m;
	if (!d)
		n = snprintf(dst, FILTER_FMT_MAX, "%lld", (long long)u);
	else
		n = snprintf(dst, FILTER_FMT_MAX, "%lld.%0*lld", (long long)(u / (int64_t)p10[d]), d,
			     (long long)(u % (int64_t)p10[d]));
	return n > 0 ? (size_t)n : 0;
}
