/* oi: the oi (open interest) record of cb-formats(5), read and written as
 * NDJSON. */
#ifndef CB_OI_H
#define CB_OI_H

#include <stddef.h>
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

/* Append o as one record (with newline) to b, members in cb-formats(5) order. */
void oi_write(const struct oi *o, struct buf *b);

/* Parse one NDJSON line as an oi record with rec_parse (record.h). Returns
 * REC_OK with *o filled, REC_OTHER for a valid record of another type, or
 * REC_BAD with a message such as "oi: 'time' is missing" in err (errlen
 * bytes). Required: symbol, time, open_interest; when absent or null,
 * exchange is binance, period "", open_interest_value 0. */
int oi_parse(struct oi *o, const char *line, size_t len, char *err, size_t errlen);

/* The periods of open-interest history (Binance's), for messages. */
#define OI_PERIODS "5m 15m 30m 1h 2h 4h 6h 12h 1d"

/* 1 if s is one of OI_PERIODS, else 0. An oi record's period, when it has
 * one, must be. */
int oi_period_ok(const char *s);

#endif
