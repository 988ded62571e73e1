/* candle_parse reads every layout with one reader (lib/record.c), which
 * takes shortcuts for plain values and for the member order of the last
 * line. The results must not depend on them: each line here is parsed as
 * is and with a leading space, and the results are compared field by field. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "candle.h"
#include "interval.h"
#include "unit.h"

static uint64_t rng = 42;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double rnd(double lo, double hi, int decimals)
{
	double scale = 1;

	for (int i = 0; i < decimals; i++)
		scale *= 10;
	return (double)(int64_t)((lo + (hi - lo) * (double)(next() % 1000000) / 1e6) * scale) / scale;
}

/* Parse line as is and prefixed with a space; both must give the same. */
static void agree(const char *line)
{
	struct candle a, b;
	char ea[256], eb[256], spaced[4096];
	int ra, rb;

	memset(&a, 0x55, sizeof a);
	memset(&b, 0x55, sizeof b);
	snprintf(spaced, sizeof spaced, " %s", line);
	ra = candle_parse(&a, line, strlen(line), ea, sizeof ea);
	rb = candle_parse(&b, spaced, strlen(spaced), eb, sizeof eb);
	if (!CHECK_INT(ra, rb))
		printf("  line: %s\n", line);
	if (ra == REC_BAD && rb == REC_BAD) {
		/* Columns differ by the space; compare the message up to "column". */
		char *ca = strstr(ea, "column"), *cb = strstr(eb, "column");

		if (ca && cb)
			*ca = *cb = '\0';
		CHECK_STR(ea, eb);
	}
	if (ra != REC_OK || rb != REC_OK)
		return;
	CHECK_STR(a.exchange, b.exchange);
	CHECK_STR(a.market, b.market);
	CHECK_STR(a.symbol, b.symbol);
	CHECK(a.interval == b.interval);
	CHECK_INT(a.open_time, b.open_time);
	CHECK_INT(a.close_time, b.close_time);
	CHECK_NUM(a.open, b.open);
	CHECK_NUM(a.high, b.high);
	CHECK_NUM(a.low, b.low);
	CHECK_NUM(a.close, b.close);
	CHECK_NUM(a.volume, b.volume);
	CHECK_INT(a.closed, b.closed);
	CHECK_INT(a.has, b.has);
	if (a.has & CANDLE_QUOTE_VOLUME)
		CHECK_NUM(a.quote_volume, b.quote_volume);
	if (a.has & CANDLE_TRADES)
		CHECK_INT(a.trades, b.trades);
	if (a.has & CANDLE_TAKER_BUY_VOLUME)
		CHECK_NUM(a.taker_buy_volume, b.taker_buy_volume);
	if (a.has & CANDLE_TAKER_BUY_QUOTE_VOLUME)
		CHECK_NUM(a.taker_buy_quote_volume, b.taker_buy_quote_volume);
	if (a.has & CANDLE_AS_OF)
		CHECK_INT(a.as_of, b.as_of);
}

int main(void)
{
	static const char *const names[] = { "1m", "4h", "1d", "1w", "1M" };
	static const char *const bad[] = {
		/* each differs from the canonical layout in one way */
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":-3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":0.4,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTC:USDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"7m\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0.5,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":10,\"close_time\":5,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true,}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}x",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":01,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTC\\u0055SDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true,\"as_of\":5}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":\"true\"}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":1.5,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true",
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3e999,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
		"{\"type\":\"signal\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":14399999,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":3,\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}",
	};
	struct buf b = BUF_INIT;

	/* Canonical lines from the writer: random values, optional members
	 * present or null, forming candles with as_of. */
	for (int i = 0; i < 20000; i++) {
		struct candle c;
		double lo = rnd(0.0001, 50000, (int)(next() % 9)), hi = lo * (1 + rnd(0, 0.2, 6));

		memset(&c, 0, sizeof c);
		snprintf(c.exchange, sizeof c.exchange, "%s", next() % 2 ? "binance" : "bybit");
		snprintf(c.market, sizeof c.market, "%s", next() % 2 ? "futures" : "spot");
		snprintf(c.symbol, sizeof c.symbol, "S%03dUSDT", (int)(next() % 1000));
		c.interval = interval_find(names[next() % 5]);
		c.open_time = interval_open_time(c.interval,
						 (int64_t)(next() % 2000000000000ULL));
		c.close_time = interval_close_time(c.interval, c.open_time);
		c.low = lo;
		c.high = hi;
		c.open = rnd(lo, hi, 4);
		c.close = rnd(lo, hi, 4);
		c.open = c.open < lo ? lo : c.open > hi ? hi : c.open;
		c.close = c.close < lo ? lo : c.close > hi ? hi : c.close;
		c.volume = (double)(next() % 100000000) / 1000 + 1e-13 * (double)(next() % 10);
		c.closed = next() % 4 != 0;
		if (next() % 3) {
			c.has |= CANDLE_QUOTE_VOLUME | CANDLE_TRADES;
			c.quote_volume = c.volume * c.close;
			c.trades = (int64_t)(next() % 1000000);
		}
		if (next() % 2) {
			c.has |= CANDLE_TAKER_BUY_VOLUME | CANDLE_TAKER_BUY_QUOTE_VOLUME;
			c.taker_buy_volume = c.volume / 3;
			c.taker_buy_quote_volume = c.volume / 7;
		}
		if (!c.closed && next() % 2) {
			c.has |= CANDLE_AS_OF;
			c.as_of = c.open_time + 1000;
		}
		buf_reset(&b);
		candle_write(&c, &b);
		b.len--;  /* no newline */
		agree(buf_cstr(&b));
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		agree(bad[i]);
	buf_release(&b);
	UNIT_END();
}
