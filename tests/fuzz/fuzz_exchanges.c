/* fuzz_exchanges: each exchange adapter's parsers on any answer body:
 * klines, exchangeInfo (symbols and filters), open interest, tickers,
 * error bodies and ban bodies. Each must return a count or its error value
 * and free or hand back what it allocated. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "interval.h"
#include "net/exchange.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "binance", "bybit", "mexc" };
	static const char *const markets[] = { "futures", "spot" };
	const char *body = (const char *)data;
	const struct interval *iv = interval_find("4h");

	for (size_t e = 0; e < sizeof names / sizeof names[0]; e++) {
		const struct exchange *ex = exchange_find(names[e]);
		char err[256], msg[256];
		long code;

		if (!ex)
			abort();
		for (size_t m = 0; m < 2; m++) {
			struct candle *c = NULL;
			struct symbol_info *si = NULL;
			struct ticker *tk = NULL;
			size_t n = 0, cap = 0;
			long r;

			if (!(ex->markets & (m ? EXCHANGE_SPOT : EXCHANGE_FUTURES)))
				continue;
			if (ex->parse_klines) {
				r = ex->parse_klines(body, size, markets[m], "BTCUSDT", iv,
						     1735689600000, &c, &n, &cap, err, sizeof err);
				if (r < -2 || (r >= 0 && (size_t)r != n))
					abort();
				free(c);
			}
			if (ex->parse_symbols) {
				r = ex->parse_symbols(body, size, markets[m], &si, err, sizeof err);
				if (r < -1 || (r < 0 && si))
					abort();
				free(si);
			}
			if (ex->parse_tickers) {
				r = ex->parse_tickers(body, size, markets[m], &tk);
				if (r < -1)
					abort();
				free(tk);
			}
		}
		if (ex->parse_oi) {
			struct oi *o = NULL;
			size_t n = 0, cap = 0;

			if (ex->parse_oi(body, size, "BTCUSDT", "4h", &o, &n, &cap) < -1)
				abort();
			free(o);
		}
		if (ex->error && ex->error(body, size, &code, msg, sizeof msg) == 1 &&
		    strlen(msg) >= sizeof msg)
			abort();
		if (ex->ban_until)
			(void)ex->ban_until(body, size);
	}
	return 0;
}
