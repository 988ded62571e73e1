/* candle: the candle record of cb-formats(5), read from and written to NDJSON. */
#ifndef CB_CANDLE_H
#define CB_CANDLE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "interval.h"
#include "record.h"

/* Optional members present in a candle (struct candle.has). */
enum {
	CANDLE_QUOTE_VOLUME = 1 << 0,
	CANDLE_TRADES = 1 << 1,
	CANDLE_TAKER_BUY_VOLUME = 1 << 2,
	CANDLE_TAKER_BUY_QUOTE_VOLUME = 1 << 3,
	CANDLE_AS_OF = 1 << 4
};

#define CANDLE_NAME_MAX 32  /* exchange, market, symbol: at most 31 bytes */

struct candle {
	char exchange[CANDLE_NAME_MAX];
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	const struct interval *interval;
	int64_t open_time, close_time;
	double open, high, low, close, volume;
	double quote_volume, taker_buy_volume, taker_buy_quote_volume;
	int64_t trades;
	int64_t as_of;     /* exchange time of a forming candle's values */
	int closed;
	unsigned has;      /* CANDLE_* bits */
};

/* Parse one NDJSON line with rec_parse (record.h). Returns REC_OK with *c
 * filled; REC_OTHER if the line is a valid record of another type (c is
 * unspecified); REC_BAD if the line is not valid JSON or not a valid candle,
 * with a message such as "candle: 'volume' is not a number" in err (errlen
 * bytes). Defaults: exchange "binance", market "futures", close_time from
 * the interval, closed true; absent or null optional numbers leave their
 * bit of has clear. */
int candle_parse(struct candle *c, const char *line, size_t len, char *err,
		 size_t errlen);

/* The series key "exchange:market:symbol:interval" into dst (at least
 * CANDLE_KEY_MAX bytes), NUL-terminated. Returns its length. */
#define CANDLE_KEY_MAX (3 * CANDLE_NAME_MAX + 8)
size_t candle_series_key(const struct candle *c, char *dst);

/* Append c as one NDJSON candle record (with its newline) to b, members in
 * the order of cb-formats(5); absent optional members are null, as_of is
 * written only for a forming candle that has it. */
void candle_write(const struct candle *c, struct buf *b);

/* 1 if s is a valid exchange or market name ([a-z0-9_-], 1-31 bytes). */
int candle_name_ok(const char *s);
/* 1 if s is a valid symbol ([A-Za-z0-9._/-], 1-31 bytes). */
int candle_symbol_ok(const char *s);

/* The time at which c is known, the stream's event time: close_time + 1
 * for a closed candle, else its as_of if it has one, else open_time. */
int64_t candle_event_time(const struct candle *c);

#endif
