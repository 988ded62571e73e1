/* ticker: the ticker record of cb-formats(5), one symbol's statistics over
 * the last 24 hours, written as NDJSON. */
#ifndef CB_TICKER_H
#define CB_TICKER_H

#include <stdint.h>

#include "buf.h"
#include "candle.h"

struct ticker {
	char exchange[CANDLE_NAME_MAX];
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	int64_t open_time, close_time;
	double open_price, high_price, low_price, last_price;
	double price_change, price_change_pct, weighted_avg_price;
	double volume, quote_volume;
	int64_t trades;
};

/* Append t as one record (with newline) to b, members in cb-formats(5) order. */
void ticker_write(const struct ticker *t, struct buf *b);

#endif
