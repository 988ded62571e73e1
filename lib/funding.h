/* funding: the funding record of cb-formats(5), one funding payment of a
 * perpetual futures contract (Binance GET /fapi/v1/fundingRate), read and
 * written as NDJSON. */
#ifndef CB_FUNDING_H
#define CB_FUNDING_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "candle.h"

struct funding {
	char exchange[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	int64_t time;        /* fundingTime, epoch ms */
	double rate;         /* fundingRate: 0.0001 is 0.01 %; longs pay when > 0 */
	double mark_price;   /* markPrice; NaN when unknown (null) */
};

/* Append f as one record (with newline) to b, members in cb-formats(5)
 * order; a NaN mark_price is written as null. */
void funding_write(const struct funding *f, struct buf *b);

/* Parse one NDJSON line as a funding record with rec_parse (record.h).
 * Returns REC_OK with *f filled, REC_OTHER for a valid record of another
 * type, or REC_BAD with a message such as "funding: 'rate' is missing" in
 * err (errlen bytes). Required: symbol, time, rate. When absent or null:
 * exchange binance, mark_price NaN. */
int funding_parse(struct funding *f, const char *line, size_t len, char *err, size_t errlen);

#endif
