/* test_sim_funding: the simulated market's funding (sim_funding, lib/sim.c).
 * Expected values are worked out by hand from the model of sim.h. */
#include <math.h>
#include <string.h>

#include "cbtime.h"
#include "funding.h"
#include "interval.h"
#include "sim.h"
#include "unit.h"

#define H (3600 * 1000LL)
#define DAY0 1737590400000LL  /* 2025-01-23T00:00:00Z, day 20111 */

/* 1 if rate is the base rate (0.0001 +- 25 %) plus add, to the 8 decimals
 * it is rounded to. */
static int base_plus(double rate, double add)
{
	double r = rate - add;

	return r >= 0.000075 - 1e-8 && r <= 0.000125 + 1e-8;
}

int main(void)
{
	const struct interval *iv = interval_find("4h");
	struct sim *s = sim_new(1, "BTCUSDT", iv), *t;
	struct sim_pump p;
	struct funding f, g;
	struct candle c;
	double gl;

	/* BTCUSDT's pump of seed 1 on 2025-01-23 (cb-fetch pumps labels it):
	 * run-up 04:00 to 16:00 (12 h), dump to 24:00 (8 h), gain 25.3 %. */
	CHECK_INT(sim_pump_of_day(s, DAY0 / MS_PER_DAY, &p), 1);
	CHECK_INT(p.start, DAY0 + 4 * H);
	CHECK_INT(p.peak, DAY0 + 16 * H);
	CHECK_INT(p.end, DAY0 + 24 * H);
	CHECK_NUM(p.gain, 0.253);
	gl = log1p(0.253);

	/* Before the pump (2025-01-22 and 2025-01-23 00:00): the base rate. */
	for (int64_t tm = DAY0 - 24 * H; tm <= DAY0; tm += 8 * H) {
		sim_funding(s, tm, DAY0 + 30 * 24 * H, &f);
		CHECKF(base_plus(f.rate, 0), "rate %.8f at %lld", f.rate, (long long)tm);
		CHECK_STR(f.exchange, "sim");
		CHECK_STR(f.symbol, "BTCUSDT");
		CHECK_INT(f.time, tm);
	}
	/* 08:00: the hours 01..08 see the run-up at 1/12 .. 4/12 of log(1.253)
	 * (05..08): mean 10/12/8 of it. */
	sim_funding(s, DAY0 + 8 * H, DAY0 + 30 * 24 * H, &f);
	CHECKF(base_plus(f.rate, 0.01 * gl * 10.0 / 12 / 8), "rate %.8f", f.rate);
	/* 16:00: hours 09..16 at 5/12 .. 12/12: mean 68/12/8. */
	sim_funding(s, DAY0 + 16 * H, DAY0 + 30 * 24 * H, &f);
	CHECKF(base_plus(f.rate, 0.01 * gl * 68.0 / 12 / 8), "rate %.8f", f.rate);
	CHECK(f.rate > 0.0016);
	/* 2025-01-24 00:00: hours 17..24 in the dump at 7/8 .. 0/8: mean 28/8/8. */
	sim_funding(s, DAY0 + 24 * H, DAY0 + 30 * 24 * H, &f);
	CHECKF(base_plus(f.rate, 0.01 * gl * 28.0 / 8 / 8), "rate %.8f", f.rate);
	/* 08:00 the day after: over. */
	sim_funding(s, DAY0 + 32 * H, DAY0 + 30 * 24 * H, &f);
	CHECKF(base_plus(f.rate, 0), "rate %.8f", f.rate);

	/* The mark price is the open of the 4h candle at the funding time. */
	sim_funding(s, DAY0 + 16 * H, DAY0 + 30 * 24 * H, &f);
	t = sim_new(1, "BTCUSDT", iv);
	sim_candle(t, DAY0 + 16 * H, DAY0 + 30 * 24 * H, &c, NULL);
	CHECK_NUM(f.mark_price, c.open);
	/* Deterministic: a new generator, another now, the same record. */
	sim_funding(t, DAY0 + 16 * H, DAY0 + 16 * H + 1, &g);
	CHECK_NUM(g.rate, f.rate);
	CHECK_NUM(g.mark_price, f.mark_price);
	CHECK_INT(g.time, f.time);
	sim_free(t);
	/* Another seed: another rate. */
	t = sim_new(2, "BTCUSDT", iv);
	sim_funding(t, DAY0 - 24 * H, DAY0, &g);
	sim_funding(s, DAY0 - 24 * H, DAY0, &f);
	CHECK(g.rate != f.rate);
	sim_free(t);
	sim_free(s);
	UNIT_END();
}
