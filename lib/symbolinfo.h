/* symbolinfo: the symbol record of cb-formats(5), an exchange's trading
 * rules for one symbol (status, assets, and the filters an order must
 * meet: tick size, step size, minimum quantity and notional). */
#ifndef CB_SYMBOLINFO_H
#define CB_SYMBOLINFO_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "candle.h"

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

/* Append s as one record (with newline) to b, members in cb-formats(5)
 * order; NaN sizes and a 0 onboard_date are written as null. */
void symbol_write(const struct symbol_info *s, struct buf *b);

/* Parse one NDJSON line as a symbol record with rec_parse (record.h).
 * Returns REC_OK with *s filled, REC_OTHER for a valid record of another
 * type, or REC_BAD with a message such as "symbol: 'tick_size' is
 * negative" in err (errlen bytes). Required: symbol. When absent or null:
 * exchange binance, market futures, the strings "", the four sizes NaN
 * (no filter), onboard_date 0. */
int symbol_parse(struct symbol_info *s, const char *line, size_t len, char *err,
		 size_t errlen);

#endif
