#include "ticker.h"

#include "jsonw.h"

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
