#include "market.h"

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
