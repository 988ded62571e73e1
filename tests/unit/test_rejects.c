/* Unit tests for lib/rejects.h: the kind of a rejection message and the
 * guess at a wrong input, both pure. */
#include <string.h>

#include "rejects.h"
#include "unit.h"

static const char *kind(const char *msg)
{
	static char buf[160];

	reject_kind(msg, buf, sizeof buf);
	return buf;
}

static void test_kind(void)
{
	CHECK_STR(kind("invalid JSON at column 92: member name expected"),
		  "invalid JSON at column #: member name expected");
	CHECK_STR(kind("candle: 'interval' \"7m\" is not one of 1m 3m"),
		  "candle: 'interval' \"\" is not one of #m #m");
	CHECK_STR(kind("candle: 'open_time' 14400000 is older than the last candle of "
		       "binance:futures:C:4h (28800000); each series must be in time order"),
		  "candle: 'open_time' # is older than the last candle of * (#); "
		  "each series must be in time order");
	/* "candle:" ends a word: it is the record type, kept. */
	CHECK_STR(kind("candle: 'quote_volume' is missing (series bybit:spot:Q:1h compares)"),
		  "candle: 'quote_volume' is missing (series * compares)");
	/* A decimal is one number; an escaped quote does not end a string. */
	CHECK_STR(kind("ratio 1.5 of \"a\\\"b\" at 3."), "ratio # of \"\" at #.");
	CHECK_STR(kind(""), "");
	/* Two messages of one kind, whatever their numbers and series. */
	CHECK_STR(kind("oi: 'time' 4 is older than the last oi record of binance:A (5)"),
		  kind("oi: 'time' 17 is older than the last oi record of bybit:BTCUSDT (18)"));
}

static void test_kind_truncated(void)
{
	char small[8];

	CHECK_INT(reject_kind("candle: 'volume' is missing", small, sizeof small), 7);
	CHECK_STR(small, "candle:");
	CHECK_INT(reject_kind("x", small, 0), 0);
}

static void test_guess(void)
{
#define G(s) input_guess(s, strlen(s))
	CHECK(G("{\"symbol\":\"BTCUSDT\"}") == NULL);
	CHECK(G("  {") == NULL);
	CHECK(G("") == NULL);
	CHECK(G("not json") == NULL);
	CHECK(G("hello") == NULL);
	CHECK_STR(G("open_time,open,high,low,close,volume"),
		  "this looks like CSV: read it with cb-fetch import --no-db FILE");
	CHECK_STR(G("1567972800000,10340.12,10412.65,10324.77,10391.63,2624.63"),
		  "this looks like CSV: read it with cb-fetch import --no-db FILE");
	CHECK_STR(G("\xEF\xBB\xBF" "Date,Open,High,Low,Close,Volume"),
		  "this looks like CSV: read it with cb-fetch import --no-db FILE");
	CHECK_STR(G("2025-01-01 00:00:00,\"94000.1\",1"),
		  "this looks like CSV: read it with cb-fetch import --no-db FILE");
	/* A comma alone does not make CSV: a sentence or a broken record. */
	CHECK(G("hello, world!") == NULL);
	CHECK(G("\"symbol\":\"X\",{") == NULL);
	CHECK_STR(G("[{\"symbol\":\"X\"},{\"symbol\":\"Y\"}]"),
		  "this looks like a JSON array: cb reads one record per line; use jq -c '.[]'");
	CHECK_STR(G("["), "this looks like a JSON array: cb reads one record per line; "
		  "use jq -c '.[]'");
	CHECK_STR(G("[[1499040000000,\"0.01634790\",\"0.80000000\"]]"),
		  "this looks like an exchange's klines answer (arrays, not records): "
		  "use cb-fetch klines");
	CHECK_STR(G(" [ [1499040000000]]"),
		  "this looks like an exchange's klines answer (arrays, not records): "
		  "use cb-fetch klines");
	/* The store's file: SQLite's 16-byte header, NUL included, then
	 * binary pages up to the first newline. */
	CHECK_STR(input_guess("SQLite format 3\0\x10\0\x02\x02", 20),
		  "this is an SQLite database, the store: its candles come out of "
		  "cb-fetch klines --offline --db FILE");
	CHECK(input_guess("SQLite format 3", 15) == NULL);
#undef G
}

int main(void)
{
	test_kind();
	test_kind_truncated();
	test_guess();
	UNIT_END();
}
