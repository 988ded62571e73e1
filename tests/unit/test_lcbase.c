/* Unit tests for lib/lcbase.h: the share of candles that, taken as a
 * signal, are CONFIRMED by the lifecycle's default rules (pump 10 %,
 * drawdown 15 %, expiry 168 h), computed by hand. 4h candles; candle i
 * opens at 4h * i and ends at 4h * (i + 1). */
#include <stdio.h>

#include "cbtime.h"
#include "lcbase.h"
#include "unit.h"

#define H MS_PER_HOUR

static struct lc_rules rules;

static struct lc_bar bar(int i, double high, double low, double close)
{
	struct lc_bar b = { (int64_t)i * 4 * H, (int64_t)(i + 1) * 4 * H, high, low, close };

	return b;
}

/* Closes 100, 100, 111, 111: candle 0 and 1 (ref 100) see a high of 111,
 * +11 %: CONFIRMED. Candles 2 and 3 (ref 111) are never final: the input
 * ends first. 2 decided, 2 confirmed. */
static void test_pump(void)
{
	struct lc_bar b[] = { bar(0, 100, 100, 100), bar(1, 100, 100, 100),
			      bar(2, 111, 100, 111), bar(3, 111, 111, 111) };
	struct lc_base_count c = { 0, 0 };

	lc_base_series(b, 4, &rules, &c);
	CHECK_INT(c.decided, 2);
	CHECK_INT(c.confirmed, 2);
}

/* Closes 100, 80: candle 0 (ref 100) sees a low of 80, a drawdown of
 * 20 %: FAILED. Candle 1 is followed by nothing. 1 decided, 0 confirmed. */
static void test_drawdown(void)
{
	struct lc_bar b[] = { bar(0, 100, 100, 100), bar(1, 100, 80, 80) };
	struct lc_base_count c = { 0, 0 };

	lc_base_series(b, 2, &rules, &c);
	CHECK_INT(c.decided, 1);
	CHECK_INT(c.confirmed, 0);
}

/* 44 flat candles: a signal on candle i expires at its end + 168 h, the
 * end of candle i + 42, so candles 0 and 1 (followed to candles 42 and 43)
 * are FAILED, expired; the others are not final. A close of 0 is never a
 * signal. */
static void test_expiry(void)
{
	struct lc_bar b[44];
	struct lc_base_count c = { 0, 0 };

	for (int i = 0; i < 44; i++)
		b[i] = bar(i, 100, 100, 100);
	lc_base_series(b, 44, &rules, &c);
	CHECK_INT(c.decided, 2);
	CHECK_INT(c.confirmed, 0);
	b[0].close = 0;
	c.decided = c.confirmed = 0;
	lc_base_series(b, 44, &rules, &c);
	CHECK_INT(c.decided, 1);
	lc_base_series(b, 0, &rules, &c);
	CHECK_INT(c.decided, 1);
}

int main(void)
{
	lc_rules_default(&rules);
	test_pump();
	test_drawdown();
	test_expiry();
	UNIT_END();
}
