/* Unit tests for lib/history.h, lib/fifo.h, lib/factors.h and lib/pct.h,
 * with hand-computed expectations. Times are 4h candles numbered from 0. */
#include <stdio.h>

#include "cbtime.h"
#include "factors.h"
#include "fifo.h"
#include "history.h"
#include "pct.h"
#include "unit.h"

#define H4 (4 * MS_PER_HOUR)

static void add(struct history *h, int64_t t, double close, double vol, double mean, int has_mean)
{
	struct point *p = history_push(h);

	p->t = t;
	p->close = close;
	p->vol = vol;
	p->mean = mean;
	p->has_mean = (unsigned char)has_mean;
	p->closed = 1;
}

static void test_pct(void)
{
	CHECK_NUM(pct_change(100, 107), 7);        /* dividing first: 7.000000000000001 */
	CHECK_NUM(pct_change(1000, 1300), 30);     /* dividing first: 29.999999999999996 */
	CHECK_NUM(pct_change(200, 150), -25);
	CHECK_NUM(basis_pct(101, 100), 1);
	CHECK_NUM(basis_pct(99, 100), -1);
}

static void test_history(void)
{
	struct history h = { 0 };

	CHECK(history_at_or_before(&h, 5) == NULL);
	CHECK(history_find(&h, 0) == NULL);
	for (int i = 0; i < 200; i++)
		add(&h, (int64_t)i * 10, i, 0, 0, 0);
	CHECK_INT(h.len, 200);
	CHECK_INT(history_lower(&h, 0), 0);
	CHECK_INT(history_lower(&h, 5), 1);
	CHECK_INT(history_lower(&h, 10), 1);
	CHECK_INT(history_lower(&h, 5000), 200);
	CHECK_NUM(history_find(&h, 130)->close, 13);
	CHECK(history_find(&h, 131) == NULL);
	CHECK_NUM(history_at_or_before(&h, 139)->close, 13);
	CHECK_NUM(history_at_or_before(&h, 140)->close, 14);
	CHECK(history_at_or_before(&h, -1) == NULL);
	CHECK_NUM(history_at_or_before(&h, INT64_MAX)->close, 199);
	CHECK_NUM(history_newest(&h)->close, 199);
	/* Trim below 1005: keeps 1000 (the value at or before 1005) and on. */
	history_trim(&h, 1005);
	CHECK_INT(h.len, 100);
	CHECK_NUM(history_at(&h, 0)->close, 100);
	CHECK_NUM(history_at_or_before(&h, 1005)->close, 100);
	/* Pushing after a trim reuses the room before start. */
	for (int i = 200; i < 400; i++)
		add(&h, (int64_t)i * 10, i, 0, 0, 0);
	CHECK_INT(h.len, 300);
	CHECK_NUM(history_at(&h, 0)->close, 100);
	CHECK_NUM(history_newest(&h)->close, 399);
	CHECK_NUM(history_find(&h, 2500)->close, 250);
	history_trim(&h, 0);               /* nothing older: nothing dropped */
	CHECK_INT(h.len, 300);
	history_release(&h);
	CHECK_INT(h.len, 0);
	CHECK(h.p == NULL);
}

static void test_fifo(void)
{
	struct fifo q = { 0 };
	int v[100];

	for (int i = 0; i < 100; i++)
		v[i] = i;
	for (int i = 0; i < 10; i++)
		fifo_push(&q, &v[i]);
	for (int i = 0; i < 5; i++) {
		CHECK_INT(*(int *)fifo_front(&q), i);
		fifo_pop(&q);
	}
	for (int i = 10; i < 100; i++)
		fifo_push(&q, &v[i]);
	CHECK_INT(q.len, 95);
	for (int i = 5; i < 100; i++) {
		CHECK_INT(*(int *)fifo_front(&q), i);
		fifo_pop(&q);
	}
	CHECK_INT(q.len, 0);
	CHECK_INT(q.start, 0);
	fifo_release(&q);
}

static void test_spot_pair(void)
{
	char s[32];

	CHECK_NUM(spot_pair("BTCUSDT", s, sizeof s), 1);
	CHECK_STR(s, "BTCUSDT");
	CHECK_NUM(spot_pair("1000PEPEUSDT", s, sizeof s), 1000);
	CHECK_STR(s, "PEPEUSDT");
	CHECK_NUM(spot_pair("1000000MOGUSDT", s, sizeof s), 1e6);
	CHECK_STR(s, "MOGUSDT");
	CHECK_NUM(spot_pair("1MBABYDOGEUSDT", s, sizeof s), 1e6);
	CHECK_STR(s, "BABYDOGEUSDT");
	CHECK_NUM(spot_pair("1INCHUSDT", s, sizeof s), 1);   /* not a multiplier */
	CHECK_STR(s, "1INCHUSDT");
	CHECK_NUM(spot_pair("100XUSDT", s, sizeof s), 1);    /* two zeros: not one */
	CHECK_STR(s, "100XUSDT");
}

static void test_oi_change(void)
{
	struct history oi = { 0 };
	double p = -1;

	CHECK_INT(oi_change(&oi, 0, H4, &p), 0);
	/* Values every hour: 1000 at 0, 1100 at 1h, ..., 1300 at 3h, 1400 at 4h. */
	for (int i = 0; i <= 4; i++)
		add(&oi, (int64_t)i * MS_PER_HOUR, 1000 + 100 * i, 0, 0, 0);
	CHECK_INT(oi_change(&oi, 0, H4, &p), 1);
	CHECK_NUM(p, 40);                  /* 1000 to 1400 */
	CHECK_INT(oi_change(&oi, 30 * 60000, 3 * MS_PER_HOUR + 1, &p), 1);
	CHECK_NUM(p, 30);                  /* 1000 (at 0) to 1300 (at 3h) */
	CHECK_INT(oi_change(&oi, -1, H4, &p), 0);   /* nothing at or before the open */
	history_release(&oi);
	add(&oi, 0, 0, 0, 0, 0);
	add(&oi, H4, 5, 0, 0, 0);
	CHECK_INT(oi_change(&oi, 0, H4, &p), 0);    /* from 0: no percentage */
	history_release(&oi);
}

static void test_basis_mean(void)
{
	struct history f = { 0 }, s = { 0 };
	const struct interval *iv = interval_find("4h");
	double m = -1;

	/* Futures closes 101, 102, 99 over spot 100 (times 1): |basis| 1, 2, 1. */
	add(&f, 0, 101, 0, 0, 0);
	add(&f, H4, 102, 0, 0, 0);
	add(&f, 2 * H4, 99, 0, 0, 0);
	add(&s, 0, 100, 0, 0, 0);
	add(&s, H4, 100, 0, 0, 0);
	add(&s, 2 * H4, 100, 0, 0, 0);
	CHECK_INT(basis_mean(&f, &s, 1, iv, 3 * H4, 3, &m), 1);
	CHECK_NUM(m, 4.0 / 3);
	CHECK_INT(basis_mean(&f, &s, 1, iv, 3 * H4, 2, &m), 1);
	CHECK_NUM(m, 1.5);
	CHECK_INT(basis_mean(&f, &s, 1, iv, 3 * H4, 4, &m), 0);  /* a candle missing */
	/* A multiplier: spot 0.1 times 1000 is 100. */
	history_release(&s);
	add(&s, 0, 0.1, 0, 0, 0);
	add(&s, H4, 0.1, 0, 0, 0);
	add(&s, 2 * H4, 0.1, 0, 0, 0);
	CHECK_INT(basis_mean(&f, &s, 1000, iv, 3 * H4, 1, &m), 1);
	CHECK_NEAR(m, 1, 1e-12);
	history_at(&s, 2)->close = 0;
	CHECK_INT(basis_mean(&f, &s, 1000, iv, 3 * H4, 1, &m), 0); /* no spot price */
	history_release(&f);
	history_release(&s);
}

static void test_ltf(void)
{
	struct history a = { 0 }, b = { 0 };
	const struct history *both[2] = { &a, &b };
	int64_t t = 10 * H4, end = 11 * H4;

	CHECK_INT(ltf_volume(both, 0, t, end, 2), -1);       /* no lower interval */
	CHECK_INT(ltf_volume(both, 2, t, end, 2), -1);       /* none has a candle there */
	/* 1h candles inside the 4h candle, mean 100 at the first: 150, 200, 201. */
	add(&a, t - MS_PER_HOUR, 1, 999, 100, 1);            /* before t: not counted */
	add(&a, t, 1, 150, 100, 1);
	add(&a, t + MS_PER_HOUR, 1, 200, 120, 1);            /* mean of the first counts */
	CHECK_INT(ltf_volume(both, 2, t, end, 2), 0);        /* 200 is not above 2 x 100 */
	add(&a, t + 2 * MS_PER_HOUR, 1, 201, 50, 1);
	CHECK_INT(ltf_volume(both, 2, t, end, 2), 1);
	add(&b, end, 1, 1e9, 1, 1);                          /* at end: outside */
	CHECK_INT(ltf_volume(both + 1, 1, t, end, 2), -1);
	history_release(&a);
	add(&a, t, 1, 1e9, 0, 0);                            /* no mean: cannot tell */
	CHECK_INT(ltf_volume(both, 1, t, end, 2), -1);
	history_release(&a);
	history_release(&b);
}

int main(void)
{
	test_pct();
	test_history();
	test_fifo();
	test_spot_pair();
	test_oi_change();
	test_basis_mean();
	test_ltf();
	UNIT_END();
}
