#include "candle.h"

#include <stddef.h>
#include <string.h>

#include "jsonw.h"

/* The members of a candle (cb-formats(5)), in the order of the format. */
enum {
	C_EXCHANGE, C_MARKET, C_SYMBOL, C_INTERVAL, C_OPEN_TIME, C_CLOSE_TIME, C_OPEN, C_HIGH,
	C_LOW, C_CLOSE, C_VOLUME, C_QUOTE_VOLUME, C_TRADES, C_TAKER_BUY_VOLUME,
	C_TAKER_BUY_QUOTE_VOLUME, C_CLOSED, C_AS_OF, C_COUNT
};

#define AT(field) offsetof(struct candle, field)
#define CAP(field) sizeof(((struct candle *)0)->field)
#define HAS(bit) .has_off = AT(has), .has_bit = (bit)
#define REQ (REC_REQUIRED | REC_NONNEG)
#define M(nm, k, fl, field) .name = (nm), .kind = (k), .flags = (fl), .off = AT(field)

static const struct rec_member members[C_COUNT] = {
	[C_EXCHANGE] = { M("exchange", RK_NAME, 0, exchange),
		.cap = CAP(exchange), .def_str = "binance" },
	[C_MARKET] = { M("market", RK_NAME, 0, market), .cap = CAP(market), .def_str = "futures" },
	[C_SYMBOL] = { M("symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(symbol) },
	[C_INTERVAL] = { M("interval", RK_INTERVAL, REC_REQUIRED, interval) },
	[C_OPEN_TIME] = { M("open_time", RK_INT, REQ, open_time) },
	[C_CLOSE_TIME] = { M("close_time", RK_INT, REC_NONNEG, close_time) },
	[C_OPEN] = { M("open", RK_NUMBER, REQ, open) },
	[C_HIGH] = { M("high", RK_NUMBER, REQ, high) },
	[C_LOW] = { M("low", RK_NUMBER, REQ, low) },
	[C_CLOSE] = { M("close", RK_NUMBER, REQ, close) },
	[C_VOLUME] = { M("volume", RK_NUMBER, REQ, volume) },
	[C_QUOTE_VOLUME] = { M("quote_volume", RK_NUMBER, REC_NONNEG, quote_volume),
		HAS(CANDLE_QUOTE_VOLUME) },
	[C_TRADES] = { M("trades", RK_INT, REC_NONNEG, trades), HAS(CANDLE_TRADES) },
	[C_TAKER_BUY_VOLUME] = { M("taker_buy_volume", RK_NUMBER, REC_NONNEG, taker_buy_volume),
		HAS(CANDLE_TAKER_BUY_VOLUME) },
	[C_TAKER_BUY_QUOTE_VOLUME] = { M("taker_buy_quote_volume", RK_NUMBER, REC_NONNEG,
		taker_buy_quote_volume),
		HAS(CANDLE_TAKER_BUY_QUOTE_VOLUME) },
	[C_CLOSED] = { M("closed", RK_BOOL, 0, closed), .has_def = 1, .def_num = 1 },
	[C_AS_OF] = { M("as_of", RK_INT, REC_NONNEG, as_of), HAS(CANDLE_AS_OF) },
};

/* The rules between members, and close_time from the interval. */
static int finish(void *rec, uint64_t seen, uint64_t present, char *err, size_t errlen)
{
	struct candle *c = rec;

	int64_t close_time = interval_close_time(c->interval, c->open_time);

	(void)present;
	if (c->high < c->low) {
		rec_bad(err, errlen, "candle: 'high' is below 'low'");
		return -1;
	}
	/* A price outside the candle's range cannot be traded at: a writer's
	 * bug, which a backtest would otherwise fill at. */
	if (c->open < c->low || c->open > c->high) {
		rec_bad(err, errlen, "candle: 'open' is outside 'low' .. 'high'");
		return -1;
	}
	if (c->close < c->low || c->close > c->high) {
		rec_bad(err, errlen, "candle: 'close' is outside 'low' .. 'high'");
		return -1;
	}
	/* Every interval has a grid of open times (interval.h): a candle off
	 * it would be a series of its own that never lines up with the rest. */
	if (interval_open_time(c->interval, c->open_time) != c->open_time) {
		rec_bad(err, errlen, "candle: 'open_time' %lld is not the start of a %s candle",
			(long long)c->open_time, c->interval->name);
		return -1;
	}
	if (!(seen & REC_BIT(C_CLOSE_TIME))) {
		c->close_time = close_time;
	} else if (c->close_time < c->open_time) {
		rec_bad(err, errlen, "candle: 'close_time' is before 'open_time'");
		return -1;
	} else if (c->close_time != close_time) {
		rec_bad(err, errlen, "candle: 'close_time' %lld is not the end of the %s candle "
			"(%lld)", (long long)c->close_time, c->interval->name,
			(long long)close_time);
		return -1;
	}
	return 0;
}

static struct rec_type candle_type = { "candle", sizeof(struct candle), members, C_COUNT,
				       finish, { 0 } };

int candle_name_ok(const char *s) { return rec_name_ok(s, RK_NAME, CANDLE_NAME_MAX - 1); }
int candle_symbol_ok(const char *s) { return rec_name_ok(s, RK_SYMBOL, CANDLE_NAME_MAX - 1); }

int candle_parse(struct candle *c, const char *line, size_t len, char *err, size_t errlen)
{
	return rec_parse(&candle_type, c, line, len, err, errlen);
}

int64_t candle_event_time(const struct candle *c)
{
	if (c->closed)
		return c->close_time + 1;
	return c->has & CANDLE_AS_OF ? c->as_of : c->open_time;
}

static char *put(char *d, const char *s, char sep)
{
	size_t n = strlen(s);

	memcpy(d, s, n);
	d[n] = sep;
	return d + n + 1;
}


size_t candle_series_key(const struct candle *c, char *dst)
{
	char *d = dst;

	d = put(d, c->exchange, ':');
	d = put(d, c->market, ':');
	d = put(d, c->symbol, ':');
	d = put(d, c->interval->name, '\0');
	return (size_t)(d - dst - 1);
}

void candle_write(const struct candle *c, struct buf *b)
{
	jw_begin(b);
	jw_str(b, "type", "candle");
	jw_str(b, "exchange", c->exchange);
	jw_str(b, "market", c->market);
	jw_str(b, "symbol", c->symbol);
	jw_str(b, "interval", c->interval->name);
	jw_int(b, "open_time", c->open_time);
	jw_int(b, "close_time", c->close_time);
	jw_num(b, "open", c->open);
	jw_num(b, "high", c->high);
	jw_num(b, "low", c->low);
	jw_num(b, "close", c->close);
	jw_num(b, "volume", c->volume);
	jw_num_or_null(b, "quote_volume", c->has & CANDLE_QUOTE_VOLUME, c->quote_volume);
	if (c->has & CANDLE_TRADES)
		jw_int(b, "trades", c->trades);
	else
		jw_null(b, "trades");
	jw_num_or_null(b, "taker_buy_volume", c->has & CANDLE_TAKER_BUY_VOLUME,
		       c->taker_buy_volume);
	jw_num_or_null(b, "taker_buy_quote_volume", c->has & CANDLE_TAKER_BUY_QUOTE_VOLUME,
		       c->taker_buy_quote_volume);
	jw_bool(b, "closed", c->closed);
	if ((c->has & CANDLE_AS_OF) && !c->closed)
		jw_int(b, "as_of", c->as_of);
	jw_end(b);
}
