/* Unit tests for lib/signalrec.h: strength rules, names, confidences, signal ids
 * and the signal record's member order (cb-formats(5)). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "signalrec.h"
#include "unit.h"

static void test_rules(void)
{
	struct strength_rules r;

	strength_rules_default(&r);
	CHECK_NUM(r.t[0], 1.5);
	CHECK_NUM(r.t[1], 2);
	CHECK_NUM(r.t[2], 3);
	CHECK_NUM(r.t[3], 5);

	/* At and just below each boundary: a bound belongs to the level above. */
	CHECK_INT(strength_of(&r, 0), STRENGTH_WEAK);
	CHECK_INT(strength_of(&r, 1), STRENGTH_WEAK);
	CHECK_INT(strength_of(&r, 1.4999999), STRENGTH_WEAK);
	CHECK_INT(strength_of(&r, 1.5), STRENGTH_WEAK);
	CHECK_INT(strength_of(&r, nextafter(2, 0)), STRENGTH_WEAK);
	CHECK_INT(strength_of(&r, 2), STRENGTH_MEDIUM);
	CHECK_INT(strength_of(&r, 2.5), STRENGTH_MEDIUM);
	CHECK_INT(strength_of(&r, nextafter(3, 0)), STRENGTH_MEDIUM);
	CHECK_INT(strength_of(&r, 3), STRENGTH_STRONG);
	CHECK_INT(strength_of(&r, 4.99), STRENGTH_STRONG);
	CHECK_INT(strength_of(&r, nextafter(5, 0)), STRENGTH_STRONG);
	CHECK_INT(strength_of(&r, 5), STRENGTH_EXTREME);
	CHECK_INT(strength_of(&r, 1e300), STRENGTH_EXTREME);
	CHECK_INT(strength_of(&r, INFINITY), STRENGTH_EXTREME);

	CHECK_STR(strength_name(STRENGTH_WEAK), "WEAK");
	CHECK_STR(strength_name(STRENGTH_MEDIUM), "MEDIUM");
	CHECK_STR(strength_name(STRENGTH_STRONG), "STRONG");
	CHECK_STR(strength_name(STRENGTH_EXTREME), "EXTREME");
	CHECK(strength_name(STRENGTH_NONE) == NULL);
	CHECK_INT(strength_confidence(STRENGTH_WEAK), 30);
	CHECK_INT(strength_confidence(STRENGTH_MEDIUM), 45);
	CHECK_INT(strength_confidence(STRENGTH_STRONG), 60);
	CHECK_INT(strength_confidence(STRENGTH_EXTREME), 75);
}

#define PARSE_OK(s, a, b, c, d)                                                       \
	do {                                                                          \
		struct strength_rules r_ = { { -1, -1, -1, -1 } };                    \
		int rc_ = strength_rules_parse(&r_, s);                               \
		CHECKF(rc_ == 0 && r_.t[0] == (a) && r_.t[1] == (b) && r_.t[2] == (c) && \
		       r_.t[3] == (d), "\"%s\": %d, %g,%g,%g,%g", s, rc_, r_.t[0],     \
		       r_.t[1], r_.t[2], r_.t[3]);                                    \
	} while (0)

#define PARSE_BAD(s)                                                                  \
	do {                                                                          \
		struct strength_rules r_;                                             \
		int rc_ = strength_rules_parse(&r_, s);                               \
		CHECKF(rc_ == -1, "\"%s\" accepted", s);                               \
	} while (0)

static void test_rules_parse(void)
{
	PARSE_OK("1.5,2,3,5", 1.5, 2, 3, 5);
	PARSE_OK("1,2,3,4", 1, 2, 3, 4);
	PARSE_OK("0.5,1,1.5,2", 0.5, 1, 1.5, 2);
	PARSE_OK("1.25,2.5,10,100", 1.25, 2.5, 10, 100);
	PARSE_OK("0.1,0.2,0.3,0.4", 0.1, 0.2, 0.3, 0.4);

	PARSE_BAD("");
	PARSE_BAD("1");
	PARSE_BAD("1,2,3");
	PARSE_BAD("1,2,3,4,5");
	PARSE_BAD("1,2,3,4,");
	PARSE_BAD(",1,2,3,4");
	PARSE_BAD("1,,2,3");
	PARSE_BAD("2,1,3,4");        /* not increasing */
	PARSE_BAD("1,2,4,3");
	PARSE_BAD("1,1,2,3");        /* equal is not increasing */
	PARSE_BAD("1,2,3,3");
	PARSE_BAD("0,1,2,3");        /* not positive */
	PARSE_BAD("-1,1,2,3");
	PARSE_BAD("1, 2,3,4");
	PARSE_BAD(" 1,2,3,4");
	PARSE_BAD("1,2,3,4 ");
	PARSE_BAD("a,b,c,d");
	PARSE_BAD("1;2;3;4");
	PARSE_BAD("1,2,3,4x");
	PARSE_BAD("1,2,3,inf");
	PARSE_BAD("1,2,3,nan");
	PARSE_BAD("1,2,3,1e999");    /* not a finite number */

	/* A failed parse leaves the rules as they were. */
	{
		struct strength_rules r;

		strength_rules_default(&r);
		CHECK_INT(strength_rules_parse(&r, "1,2,3"), -1);
		CHECK(r.t[0] == 1.5 && r.t[1] == 2 && r.t[2] == 3 && r.t[3] == 5);
		CHECK_INT(strength_rules_parse(&r, "2,4,6,8"), 0);
		CHECK_INT(strength_of(&r, 3.9), STRENGTH_WEAK);
		CHECK_INT(strength_of(&r, 4), STRENGTH_MEDIUM);
		CHECK_INT(strength_of(&r, 6), STRENGTH_STRONG);
		CHECK_INT(strength_of(&r, 8), STRENGTH_EXTREME);
	}
}

static struct candle make_candle(void)
{
	struct candle c;

	memset(&c, 0, sizeof c);
	memcpy(c.exchange, "binance", sizeof "binance");
	memcpy(c.market, "futures", sizeof "futures");
	memcpy(c.symbol, "BTCUSDT", sizeof "BTCUSDT");
	c.interval = interval_find("4h");
	c.open_time = 1746057600000LL;
	c.close_time = 1746071999999LL;
	c.open = 100;
	c.high = 130;
	c.low = 90;
	c.close = 125;
	c.volume = 900;
	c.closed = 1;
	return c;
}

static void test_signal_id(void)
{
	struct candle c = make_candle();
	char id[SIGNAL_ID_MAX];

	CHECK_INT(signal_id(&c, id), 40);
	CHECK_STR(id, "binance:futures:BTCUSDT:4h:1746057600000");
	memcpy(c.market, "spot", sizeof "spot");
	memcpy(c.symbol, "ETH/USDT", sizeof "ETH/USDT");
	c.interval = interval_find("1M");
	c.open_time = 0;
	CHECK_INT(signal_id(&c, id), 26);
	CHECK_STR(id, "binance:spot:ETH/USDT:1M:0");
	/* The longest names and a 16-digit time fit. */
	memset(c.exchange, 'e', 31);
	memset(c.market, 'm', 31);
	memset(c.symbol, 'S', 31);
	c.interval = interval_find("15m");
	c.open_time = 9007199254740992LL;
	CHECK_INT(signal_id(&c, id), 99 + 1 + 16);
	CHECK_INT(strlen(id), 116);
	CHECK(strstr(id, ":15m:9007199254740992") != NULL);
}

static void test_signal_write(void)
{
	static const char *const labels[] = { "7d", "14d", "30d" };
	struct candle c = make_candle();
	struct signal s;
	struct buf b = BUF_INIT;

	memset(&s, 0, sizeof s);
	s.type = "signal";
	s.c = &c;
	s.detected_at = c.close_time + 1;
	s.volume = 900;
	s.nwin = 3;
	s.labels = labels;
	s.has_base[0] = 1;
	s.base[0] = 300;
	s.has_base[1] = 1;
	s.base[1] = 0;        /* a zero baseline has no ratio */
	s.has_base[2] = 0;
	s.has_ratio[0] = 1;
	s.ratio[0] = 3;
	s.strength = STRENGTH_STRONG;
	s.status = "DETECTED";
	signal_write(&s, &b);
	CHECK_STR(buf_cstr(&b),
		  "{\"type\":\"signal\",\"id\":\"binance:futures:BTCUSDT:4h:1746057600000\","
		  "\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\","
		  "\"interval\":\"4h\",\"open_time\":1746057600000,\"detected_at\":1746072000000,"
		  "\"volume\":900,\"baseline_7d\":300,\"baseline_14d\":0,\"baseline_30d\":null,"
		  "\"spike_ratio_7d\":3,\"spike_ratio_14d\":null,\"spike_ratio_30d\":null,"
		  "\"strength\":\"STRONG\",\"confidence\":60,\"price\":125,"
		  "\"price_change_pct\":25,\"closed\":true,\"status\":\"DETECTED\"}\n");
	buf_release(&b);

	/* An evaluation: no strength, no status; open 0 has no price change. */
	c.open = 0;
	c.closed = 0;
	s.type = "evaluation";
	s.strength = STRENGTH_NONE;
	s.status = NULL;
	s.nwin = 1;
	signal_write(&s, &b);
	CHECK_STR(buf_cstr(&b),
		  "{\"type\":\"evaluation\",\"id\":\"binance:futures:BTCUSDT:4h:1746057600000\","
		  "\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\","
		  "\"interval\":\"4h\",\"open_time\":1746057600000,\"detected_at\":1746072000000,"
		  "\"volume\":900,\"baseline_7d\":300,\"spike_ratio_7d\":3,"
		  "\"strength\":null,\"confidence\":null,\"price\":125,"
		  "\"price_change_pct\":null,\"closed\":false,\"status\":null}\n");
	buf_release(&b);
}

int main(void)
{
	test_rules();
	test_rules_parse();
	test_signal_id();
	test_signal_write();
	UNIT_END();
}
