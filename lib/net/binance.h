/* binance: what cb tools need to know of Binance's REST API: base URLs,
 * request weights, error bodies and the rows of market-data endpoints. */
#ifndef CB_BINANCE_H
#define CB_BINANCE_H

#include <stddef.h>
#include <stdint.h>

#include "candle.h"

/* The base URL of a market ("futures" or "spot"): $CB_BINANCE_FUTURES_URL or
 * $CB_BINANCE_SPOT_URL when set, else the production host. NULL for an
 * unknown market. */
const char *binance_base_url(const char *market);

/* The most klines one request may ask for: 1500 (futures), 1000 (spot). */
int binance_klines_max(const char *market);

/* The documented weight of a klines request for limit rows. */
int binance_klines_weight(const char *market, int limit);

/* The header carrying the weight used in the current minute. */
#define BINANCE_WEIGHT_HEADER "X-MBX-USED-WEIGHT-1M"

/* If body is a Binance error ({"code":-1121,"msg":"Invalid symbol."}),
 * return 1 with the code and message (msg: cap bytes, NUL-terminated). */
int binance_error(const char *body, size_t len, long *code, char *msg, size_t cap);

/* Parse a klines answer (an array of 12-element rows with string prices) for
 * symbol in market at interval iv. A row whose close_time (the last ms of
 * its interval) is not before as_of (the exchange's time of the answer) is
 * a forming candle: closed false, with as_of. Appends to *out (grown with realloc; *n counts).
 * Returns the number of rows, or -1 with a message in err for a malformed
 * answer (nothing is appended then). */
long binance_parse_klines(const char *body, size_t len, const char *market,
			  const char *symbol, const struct interval *iv, int64_t as_of,
			  struct candle **out, size_t *n, size_t *cap, char *err,
			  size_t errlen);

#endif
