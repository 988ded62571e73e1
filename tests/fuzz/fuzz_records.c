/* fuzz_records: every record reader of record.h on any line: candle,
 * signal (with cb-score's members), oi, symbol, label and funding. Each must give REC_OK,
 * REC_OTHER or REC_BAD with a message, never read or write out of bounds;
 * a record read back must satisfy the rules the reader promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "candle.h"
#include "funding.h"
#include "labelrec.h"
#include "oi.h"
#include "record.h"
#include "signalrec.h"
#include "symbolinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int r, const char *err)
{
	if (r != REC_OK && r != REC_OTHER && r != REC_BAD)
		abort();
	if (r == REC_BAD && !err[0])
		abort();  /* a rejection always says why */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	char err[256];
	struct candle c;
	struct signal_in g;
	struct oi o;
	struct symbol_info si;
	struct label_in lb;
	struct funding fu;
	int r;

	r = candle_parse(&c, line, size, err, sizeof err);
	check(r, err);
	if (r == REC_OK) {
		if (!c.interval || !(c.high >= c.low) || c.close_time < c.open_time ||
		    strlen(c.symbol) >= sizeof c.symbol || !candle_symbol_ok(c.symbol))
			abort();
	}
	r = signal_parse(&g, line, size, err, sizeof err);
	check(r, err);
	if (r == REC_OK && (!g.interval || strlen(g.id) >= sizeof g.id))
		abort();
	r = oi_parse(&o, line, size, err, sizeof err);
	check(r, err);
	r = symbol_parse(&si, line, size, err, sizeof err);
	check(r, err);
	r = label_parse(&lb, line, size, err, sizeof err);
	check(r, err);
	r = funding_parse(&fu, line, size, err, sizeof err);
	check(r, err);
	return 0;
}
