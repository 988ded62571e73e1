#include "factors.h"

#include <math.h>
#include <stdio.h>

#include "pct.h"

double spot_pair(const char *sym, char *out, size_t cap)
{
	double mult = 1;
	size_t z = 0;

	if (sym[0] == '1') {
		while (sym[1 + z] == '0')
			z++;
		if (z >= 3 && sym[1 + z] >= 'A' && sym[1 + z] <= 'Z') {
			mult = pow(10, (double)z);
			sym += 1 + z;
		} else if (sym[1] == 'M' && sym[2] >= 'A' && sym[2] <= 'Z') {
			mult = 1e6;
			sym += 2;
		}
	}
	snprintf(out, cap, "%s", sym);
	return mult;
}

double basis_pct(double futures, double spot)
{
	return pct_change(spot, futures);
}

int oi_change(const struct history *oi, int64_t t, int64_t end, double *pct)
{
	const struct point *o1 = history_at_or_before(oi, t);
	const struct point *o2 = history_at_or_before(oi, end);

	if (!o1 || !o2 || !(o1->close > 0))
		return 0;
	*pct = pct_change(o1->close, o2->close);
	return 1;
}

int basis_mean(const struct history *futures, const struct history *spot, double mult,
	       const struct interval *iv, int64_t t, int n, double *mean)
{
	double sum = 0;

	for (int k = 1; k <= n; k++) {
		int64_t tk = interval_back(iv, t, k);
		const struct point *f = history_find(futures, tk), *s = history_find(spot, tk);

		if (!f || !s || !(s->close > 0))
			return 0;
		sum += fabs(basis_pct(f->close, s->close * mult));
	}
	*mean = sum / n;
	return 1;
}

int ltf_volume(const struct history *const *lower, int n, int64_t t, int64_t end,
	       double ratio)
{
	int known = 0;

	for (int i = 0; i < n; i++) {
		const struct history *h = lower[i];
		size_t j = history_lower(h, t);
		double m;

		if (j == h->len || history_at(h, j)->t >= end || !history_at(h, j)->has_mean)
			continue;
		known = 1;
		m = history_at(h, j)->mean;
		for (; j < h->len && history_at(h, j)->t < end; j++)
			if (history_at(h, j)->vol > ratio * m)
				return 1;
	}
	return known ? 0 : -1;
}
