#include "market.h"

#include <stdio.h>
#include <string.h>

#include "json.h"
#include "jsonw.h"

void oi_write(const struct oi *o, struct buf *b)
{
	jw_begin(b);
	jw_str(b, "type", "oi");
	jw_str(b, "exchange", o->exchange);
	jw_str(b, "symbol", o->symbol);
	jw_str(b, "period", o->period);
	jw_int(b, "time", o->time);
	jw_num(b, "open_interest", o->open_interest);
	jw_num(b, "open_interest_value", o->open_interest_value);
	jw_end(b);
}

static void str_or_null(struct buf *b, const char *key, const char *v)
{
	if (*v)
		jw_str(b, key, v);
	else
		jw_null(b, key);
}

void symbol_write(const struct symbol_info *s, struct buf *b)
{
	jw_begin(b);
	jw_str(b, "type", "symbol");
	jw_str(b, "exchange", s->exchange);
	jw_str(b, "market", s->market);
	jw_str(b, "symbol", s->symbol);
	jw_str(b, "status", s->status);
	jw_str(b, "base_asset", s->base_asset);
	jw_str(b, "quote_asset", s->quote_asset);
	str_or_null(b, "contract_type", s->contract_type);
	jw_num(b, "tick_size", s->tick_size);
	jw_num(b, "step_size", s->step_size);
	jw_num(b, "min_qty", s->min_qty);
	jw_num(b, "min_notional", s->min_notional);
	if (s->onboard_date)
		jw_int(b, "onboard_date", s->onboard_date);
	else
		jw_null(b, "onboard_date");
	jw_end(b);
}

void ticker_write(const struct ticker *t, struct buf *b)
{
	jw_begin(b);
	jw_str(b, "type", "ticker");
	jw_str(b, "exchange", t->exchange);
	jw_str(b, "market", t->market);
	jw_str(b, "symbol", t->symbol);
	jw_int(b, "open_time", t->open_time);
	jw_int(b, "close_time", t->close_time);
	jw_num(b, "open_price", t->open_price);
	jw_num(b, "high_price", t->high_price);
	jw_num(b, "low_price", t->low_price);
	jw_num(b, "last_price", t->last_price);
	jw_num(b, "price_change", t->price_change);
	jw_num(b, "price_change_pct", t->price_change_pct);
	jw_num(b, "weighted_avg_price", t->weighted_avg_price);
	jw_num(b, "volume", t->volume);
	jw_num(b, "quote_volume", t->quote_volume);
	jw_int(b, "trades", t->trades);
	jw_end(b);
}

#define BAD(...) do { if (!*err) snprintf(err, errlen, __VA_ARGS__); } while (0)

int oi_parse(struct oi *o, const char *line, size_t len, char *err, size_t errlen)
{
	enum { O_SYMBOL = 1, O_TIME = 2, O_OI = 4, O_EXCH = 8 };
	struct jscan sc;
	struct jfield f;
	unsigned seen = 0;
	int r, other = 0;

	memset(o, 0, sizeof *o);
	err[0] = '\0';
	jscan_init(&sc, line, len);
	while ((r = jscan_next(&sc, &f)) > 0) {
		if (other)
			continue;
		if (jfield_key_is(&f, "type")) {
			if (f.type != JSON_STRING)
				BAD("record: 'type' is not a string");
			else if (!jfield_str_is(&f, "oi"))
				other = 1;
		} else if (jfield_key_is(&f, "exchange")) {
			record_name(&f, "oi", "exchange", o->exchange, sizeof o->exchange, NAME_PLAIN,
				    err, errlen);
			seen |= O_EXCH;
		} else if (jfield_key_is(&f, "symbol")) {
			record_name(&f, "oi", "symbol", o->symbol, sizeof o->symbol, NAME_SYMBOL,
				    err, errlen);
			seen |= O_SYMBOL;
		} else if (jfield_key_is(&f, "period")) {
			if (f.type != JSON_NULL)
				record_name(&f, "oi", "period", o->period, sizeof o->period, NAME_ANY,
				    err, errlen);
		} else if (jfield_key_is(&f, "time")) {
			if (jfield_int(&f, &o->time) < 0 || o->time < 0)
				BAD("oi: 'time' is not a time in epoch milliseconds");
			seen |= O_TIME;
		} else if (jfield_key_is(&f, "open_interest")) {
			if (jfield_number(&f, &o->open_interest) < 0 || o->open_interest < 0)
				BAD("oi: 'open_interest' is not a number of 0 or more");
			seen |= O_OI;
		} else if (jfield_key_is(&f, "open_interest_value")) {
			if (f.type != JSON_NULL && jfield_number(&f, &o->open_interest_value) < 0)
				BAD("oi: 'open_interest_value' is not a number");
		}
	}
	if (r < 0) {
		snprintf(err, errlen, "invalid JSON at column %ld: %s", (long)(sc.p - line) + 1,
			 sc.err);
		return CANDLE_BAD;
	}
	if (other)
		return CANDLE_OTHER;
	if (!(seen & O_SYMBOL)) BAD("oi: 'symbol' is missing");
	else if (!(seen & O_TIME)) BAD("oi: 'time' is missing");
	else if (!(seen & O_OI)) BAD("oi: 'open_interest' is missing");
	if (*err)
		return CANDLE_BAD;
	if (!(seen & O_EXCH))
		memcpy(o->exchange, "binance", sizeof "binance");
	return CANDLE_OK;
}
