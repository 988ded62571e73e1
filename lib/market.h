/* market: the market-data records other than candles (cb-formats(5)):
 * oi (open interest), symbol (an exchange's trading rules) and ticker. */
#ifndef CB_MARKET_H
#define CB_MARKET_H

#include <stdint.h>

#include "buf.h"
#include "candle.h"

struct oi {
	char exchange[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	char period[8];
	int64_t time;
	double open_interest;        /* contracts (base asset) */
	double open_interest_value;  /* quote asset */
};

struct symbol_info {
	char exchange[CANDLE_NAME_MAX];
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	char status[24];
	char base_asset[CANDLE_NAME_MAX];
	char quote_asset[CANDLE_NAME_MAX];
	char contract_type[24];      /* "" for spot */
	double tick_size, step_size, min_qty, min_notional;  /* NaN: unknown (null) */
	int64_t onboard_date;        /* 0 if unknown */
};

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

/* Append each record (with newline) to b, members in cb-formats(5) order. */
void oi_write(const struct oi *o, struct buf *b);
void symbol_write(const struct symbol_info *s, struct buf *b);
void ticker_write(const struct ticker *t, struct buf *b);

/* Parse one NDJSON line as an oi record. Returns CANDLE_OK with *o filled,
 * CANDLE_OTHER for a valid record of another type, or CANDLE_BAD with a
 * message such as "oi: 'time' is missing" in err (errlen bytes). Required:
 * symbol, time, open_interest; exchange defaults to binance, period to "",
 * open_interest_value to 0 when absent or null. */
int oi_parse(struct oi *o, const char *line, size_t len, char *err, size_t errlen);

#endif
