/* Unit tests for lib/baseline.h: rolling means checked against hand-computed
 * values and, over a long stream, against sums recomputed from scratch. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "unit.h"

static double mean_of(const struct baseline *b, int i, int *ok)
{
	double m = -12345;

	*ok = baseline_mean(b, i, &m);
	return m;
}

#define MEAN_IS(b, i, want)                                                           \
	do {                                                                          \
		int ok_;                                                              \
		double m_ = mean_of((b), (i), &ok_);                                  \
		CHECKF(ok_ == 1 && m_ == (want), "window %d: %d, %.17g; expected %.17g", \
		       (i), ok_, m_, (double)(want));                                 \
	} while (0)

#define MEAN_NONE(b, i)                                                               \
	do {                                                                          \
		int ok_;                                                              \
		double m_ = mean_of((b), (i), &ok_);                                  \
		CHECKF(ok_ == 0, "window %d: %d, %.17g; expected none", (i), ok_, m_); \
	} while (0)

static void test_small(void)
{
	struct baseline b;
	static const size_t w3[] = { 3 };
	static const size_t w235[] = { 2, 3, 5 };

	baseline_init(&b, w3, 1);
	MEAN_NONE(&b, 0);
	baseline_push(&b, 1);
	MEAN_NONE(&b, 0);
	baseline_push(&b, 2);
	MEAN_NONE(&b, 0);
	baseline_push(&b, 3);
	MEAN_IS(&b, 0, 2);              /* (1+2+3)/3 */
	baseline_push(&b, 4);
	MEAN_IS(&b, 0, 3);              /* (2+3+4)/3 */
	baseline_push(&b, 10);
	MEAN_IS(&b, 0, 17.0 / 3);       /* (3+4+10)/3 */
	baseline_push(&b, 0);
	MEAN_IS(&b, 0, 14.0 / 3);       /* (4+10+0)/3 */
	baseline_push(&b, 0);
	baseline_push(&b, 0);
	MEAN_IS(&b, 0, 0);
	baseline_push(&b, 0.5);
	MEAN_IS(&b, 0, 0.5 / 3);
	baseline_release(&b);

	/* Several windows: after k pushes of 1..k, window w holds k-w+1..k. */
	baseline_init(&b, w235, 3);
	for (int k = 1; k <= 12; k++) {
		baseline_push(&b, k);
		for (int i = 0; i < 3; i++) {
			int w = (int)w235[i];

			if (k < w)
				MEAN_NONE(&b, i);
			else
				MEAN_IS(&b, i, (double)(2 * k - w + 1) / 2);
		}
	}
	/* k = 12: 11.5, 11, 10 */
	MEAN_IS(&b, 0, 11.5);
	MEAN_IS(&b, 1, 11);
	MEAN_IS(&b, 2, 10);
	baseline_release(&b);
	CHECK(b.ring == NULL);
	baseline_release(&b);          /* twice is fine */
	baseline_release(NULL);

	/* Initialised again after release; windows given out of order. */
	{
		static const size_t w[] = { 4, 1, 2 };

		baseline_init(&b, w, 3);
		baseline_push(&b, 8);
		MEAN_NONE(&b, 0);
		MEAN_IS(&b, 1, 8);
		MEAN_NONE(&b, 2);
		baseline_push(&b, 4);
		MEAN_IS(&b, 1, 4);
		MEAN_IS(&b, 2, 6);
		baseline_push(&b, 2);
		baseline_push(&b, 1);
		MEAN_IS(&b, 0, 3.75);           /* 15/4 */
		MEAN_IS(&b, 1, 1);
		MEAN_IS(&b, 2, 1.5);
		baseline_push(&b, 1);
		MEAN_IS(&b, 0, 2);              /* (4+2+1+1)/4 */
		baseline_release(&b);
	}
}

static void test_zero_length(void)
{
	struct baseline b;
	static const size_t w[] = { 0, 2 };
	static const size_t none[] = { 0 };

	baseline_init(&b, w, 2);
	for (int i = 0; i < 100; i++) {
		baseline_push(&b, i);
		MEAN_NONE(&b, 0);
	}
	MEAN_IS(&b, 1, 98.5);
	baseline_release(&b);

	/* Only empty windows: pushing is harmless, nothing is ever full. */
	baseline_init(&b, none, 1);
	for (int i = 0; i < 10; i++)
		baseline_push(&b, 1);
	MEAN_NONE(&b, 0);
	baseline_release(&b);

	/* No windows at all. */
	baseline_init(&b, none, 0);
	baseline_push(&b, 1);
	baseline_push(&b, 2);
	baseline_release(&b);
	CHECK(1);
}

static uint64_t rng = 0x853c49e6748fea9bULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double unit_rand(void)
{
	return (double)(rnd() >> 11) * 0x1p-53;
}

/* Once a window holds only zeros its mean is exactly 0, whatever passed
 * through it: a residue such as 3e-20 would make the next volume a spike of
 * ratio 1e19. This history (found by a random search) left one behind a
 * compensated running sum of width 7. */
static void test_zeros_after_volume(void)
{
	static const double v[] = {
		0x0p+0, 0x1.d5d71816e0834p+39, 0x0p+0, 0x0p+0, 0x1.596fcdaf32a1ap+40,
		0x1.3cd49cd8d520dp-10, 0x1.18c9d9d597487p-10, 0x1.2505bc7846ca6p+40,
		0x1.9b6974f94fdb1p+40, 0x1.47527f6e2abe3p-10, 0x1.6b75e83f7ef2ap+40,
		0x1.550c6fe4bf2b6p+40, 0x1.b2a7da48918a2p+40,
	};
	static const size_t w[] = { 7, 3, 5 };
	struct baseline b;

	baseline_init(&b, w, 3);
	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
		baseline_push(&b, v[k]);
	for (int k = 0; k < 7; k++) {
		baseline_push(&b, 0);
		if (k >= 2)
			MEAN_IS(&b, 1, 0);
		if (k >= 4)
			MEAN_IS(&b, 2, 0);
	}
	MEAN_IS(&b, 0, 0);
	/* A tiny volume after them is measured against the tiny mean exactly. */
	baseline_push(&b, 0x1p-30);
	MEAN_IS(&b, 0, 0x1p-30 / 7);
	MEAN_IS(&b, 1, 0x1p-30 / 3);
	MEAN_IS(&b, 2, 0x1p-30 / 5);
	baseline_release(&b);
}

/* A long stream of volumes: runs of huge values (~1e12), tiny ones (~1e-3)
 * and zeros, in random lengths, so windows empty of huge values right after
 * holding them. Every 997th push every window's mean is compared with a sum
 * of the window's values made afresh (compensated, in long double); the
 * 7-wide window every push. An all-zero window must give exactly 0. */
static void test_long_stream(void)
{
	enum { NWIN = 4, MAXW = 1000 };
	static const size_t w[NWIN] = { 7, 30, 180, MAXW };
	static double ring[MAXW];
	struct baseline b;
	long n = 5000000, checked = 0, bad = 0, badzero = 0;
	double worst = 0;
	int kind = 0, left = 0;

	baseline_init(&b, w, NWIN);
	for (long k = 0; k < n; k++) {
		double v;

		if (left == 0) {
			kind = (int)(rnd() % 3);
			left = 1 + (int)(rnd() % (rnd() & 1 ? 2000 : 40));
		}
		left--;
		v = kind == 0 ? 1e12 * (1 + unit_rand()) : kind == 1 ? 1e-3 * (1 + unit_rand()) : 0;
		if (kind == 0 && rnd() % 50 == 0)
			v = 0;
		baseline_push(&b, v);
		ring[k % MAXW] = v;

		for (int i = 0; i < NWIN; i++) {
			long double s = 0;
			double got = -1, want, err;

			if (i > 0 && k % 997 != 0)
				break;
			if ((size_t)k + 1 < w[i]) {
				if (baseline_mean(&b, i, &got) != 0)
					bad++;
				continue;
			}
			/* Neumaier's sum in long double: exact enough even where
			 * long double is only a double (valgrind). */
			{
				long double comp = 0;

				for (size_t j = 0; j < w[i]; j++) {
					long double x = ring[(size_t)(k - (long)j) % MAXW], t = s + x;

					comp += fabsl(s) >= fabsl(x) ? (s - t) + x : (x - t) + s;
					s = t;
				}
				s += comp;
			}
			want = (double)(s / w[i]);
			checked++;
			if (baseline_mean(&b, i, &got) != 1) {
				bad++;
				continue;
			}
			if (want == 0) {
				if (got != 0 && badzero++ < 5)
					printf("  push %ld, window %zu: all zero, mean %.17g\n", k, w[i], got);
				continue;
			}
			err = fabs(got - want) / want;
			if (err > worst)
				worst = err;
			if (err > 1e-9 && bad++ < 5)
				printf("  push %ld, window %zu: mean %.17g, expected %.17g\n", k, w[i],
				       got, want);
		}
	}
	baseline_release(&b);
	CHECKF(checked > n, "only %ld comparisons", checked);
	CHECKF(bad == 0, "%ld of %ld means off by more than 1e-9 (worst %.3g)", bad, checked,
	       worst);
	CHECKF(badzero == 0, "%ld all-zero windows with a non-zero mean", badzero);
	/* The header promises about 1e-15 relative. */
	CHECKF(worst <= 1e-14, "worst relative error %.3g", worst);
}

/* The same stream through a naive running sum drifts: the test above would
 * catch a baseline that did not compensate. */
static void test_naive_drifts(void)
{
	double naive = 0, ring[7] = { 0 }, worst = 0;

	for (long k = 0; k < 100000; k++) {
		double v = (k / 50) % 2 ? 1e-3 * (1 + unit_rand()) : 1e12 * (1 + unit_rand());
		long double s = 0;

		naive += v - (k >= 7 ? ring[k % 7] : 0);
		ring[k % 7] = v;
		if (k < 7)
			continue;
		for (int j = 0; j < 7; j++)
			s += ring[j];
		if (fabs(naive - (double)s) / (double)s > worst)
			worst = fabs(naive - (double)s) / (double)s;
	}
	CHECKF(worst > 1e-9, "a naive sum stays within %.3g", worst);
}

int main(void)
{
	test_small();
	test_zero_length();
	test_zeros_after_volume();
	test_long_stream();
	test_naive_drifts();
	UNIT_END();
}
