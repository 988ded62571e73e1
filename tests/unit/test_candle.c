/* Unit tests for lib/candle.h: candle_parse against cb-formats(5), its
 * messages, candle_write's member order, series keys and name checks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "candle.h"
#include "unit.h"

#define OPEN_T 1746057600000LL   /* 2025-05-01T00:00:00Z */

static char err[256];
static struct candle c;

/* candle_parse of an exact-size heap copy of line (overreads show under
 * ASan and valgrind). */
static int parse(const char *line)
{
	size_t n = strlen(line);
	char *t = malloc(n ? n : 1);
	int rc;

	if (!t)
		abort();
	memcpy(t, line, n);
	memset(&c, 0x5a, sizeof c);
	memset(err, 0, sizeof err);
	rc = candle_parse(&c, t, n, err, sizeof err);
	free(t);
	return rc;
}

/* The line is a bad candle, with exactly this message (NULL: any). */
#define BAD_CANDLE(line, msg)                                                         \
	do {                                                                          \
		int rc_ = parse(line);                                                \
		const char *m_ = (msg);                                               \
		CHECKF(rc_ == REC_BAD, "%s: %d (%s)", line, rc_, err);             \
		CHECKF(err[0] != '\0', "%s: no message", line);                       \
		if (m_)                                                               \
			CHECK_STR(err, m_);                                           \
	} while (0)

#define OK_CANDLE(line)                                                               \
	do {                                                                          \
		int rc_ = parse(line);                                                \
		CHECKF(rc_ == REC_OK, "%s: %d (%s)", line, rc_, err);              \
	} while (0)

#define OTHER(line)                                                                   \
	do {                                                                          \
		int rc_ = parse(line);                                                \
		CHECKF(rc_ == REC_OTHER, "%s: %d (%s)", line, rc_, err);           \
	} while (0)

/* A minimal valid candle; members are written "name":value, and W(...)
 * wraps them into a line. */
#define MIN_MEMBERS "\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":1746057600000," \
		    "\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":100"

static void test_defaults(void)
{
	OK_CANDLE("{\"type\":\"candle\"," MIN_MEMBERS "}");
	CHECK_STR(c.exchange, "binance");
	CHECK_STR(c.market, "futures");
	CHECK_STR(c.symbol, "BTCUSDT");
	CHECK(c.interval && !strcmp(c.interval->name, "4h"));
	CHECK_INT(c.open_time, OPEN_T);
	CHECK_INT(c.close_time, OPEN_T + 4 * 3600000 - 1);   /* 1746071999999 */
	CHECK_NUM(c.open, 1);
	CHECK_NUM(c.high, 2);
	CHECK_NUM(c.low, 0.5);
	CHECK_NUM(c.close, 1.5);
	CHECK_NUM(c.volume, 100);
	CHECK_INT(c.closed, 1);
	CHECK_INT(c.has, 0);

	/* No "type": a candle all the same. */
	OK_CANDLE("{" MIN_MEMBERS "}");
	CHECK_STR(c.exchange, "binance");
	CHECK_INT(c.close_time, 1746071999999LL);

	/* close_time from the interval: 1m, 1d, 1w, and the calendar month. */
	OK_CANDLE("{\"symbol\":\"X\",\"interval\":\"1m\",\"open_time\":1746057600000,"
		  "\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0}");
	CHECK_INT(c.close_time, OPEN_T + 59999);
	OK_CANDLE("{\"symbol\":\"X\",\"interval\":\"1d\",\"open_time\":1746057600000,"
		  "\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0}");
	CHECK_INT(c.close_time, 1746143999999LL);
	OK_CANDLE("{\"symbol\":\"X\",\"interval\":\"1w\",\"open_time\":1746403200000,"
		  "\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0}");
	CHECK_INT(c.close_time, 1747007999999LL);
	OK_CANDLE("{\"symbol\":\"X\",\"interval\":\"1M\",\"open_time\":1706745600000,"
		  "\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0}");
	CHECK_INT(c.close_time, 1709251199999LL);   /* end of February 2024 */
	OK_CANDLE("{\"symbol\":\"X\",\"interval\":\"1M\",\"open_time\":1733011200000,"
		  "\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":0}");
	CHECK_INT(c.close_time, 1735689599999LL);   /* end of December 2024 */

	/* Optional members given as null are absent. */
	OK_CANDLE("{" MIN_MEMBERS ",\"quote_volume\":null,\"trades\":null,"
		  "\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"as_of\":null,"
		  "\"close_time\":null}");
	CHECK_INT(c.has, 0);
	CHECK_INT(c.close_time, 1746071999999LL);

	/* Whitespace, other member order, unknown members, escapes. */
	OK_CANDLE(" { \"volume\" : 100 , \"close\":1.5,\"low\":0.5,\"high\":2,\"open\":1,"
		  "\"extra\":{\"a\":[1,2]},\"open_time\":1.7460576e12,\"interval\":\"4\\u0068\","
		  "\"sym\\u0062ol\":\"BTC\\/USDT\" } \r\n");
	CHECK_STR(c.symbol, "BTC/USDT");
	CHECK(c.interval && !strcmp(c.interval->name, "4h"));
	CHECK_INT(c.open_time, OPEN_T);
	CHECK_NUM(c.volume, 100);
}

static void test_full(void)
{
	static const char line[] =
		"{\"type\":\"candle\",\"exchange\":\"bybit\",\"market\":\"spot\","
		"\"symbol\":\"ETHUSDT\",\"interval\":\"1h\",\"open_time\":1746057600000,"
		"\"close_time\":1746061199999,\"open\":1805.5,\"high\":1810.25,\"low\":1800,"
		"\"close\":1808.75,\"volume\":1234.5678,\"quote_volume\":2229876.5,"
		"\"trades\":4567,\"taker_buy_volume\":600.1,\"taker_buy_quote_volume\":1083000.25,"
		"\"closed\":false,\"as_of\":1746059000000}";
	char spaced[sizeof line + 1];

	/* The canonical layout, and the same with a space (the generic reader). */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0) {
			OK_CANDLE(line);
		} else {
			spaced[0] = ' ';
			memcpy(spaced + 1, line, sizeof line);
			OK_CANDLE(spaced);
		}
		CHECK_STR(c.exchange, "bybit");
		CHECK_STR(c.market, "spot");
		CHECK_STR(c.symbol, "ETHUSDT");
		CHECK(c.interval && !strcmp(c.interval->name, "1h"));
		CHECK_INT(c.open_time, OPEN_T);
		CHECK_INT(c.close_time, 1746061199999LL);
		CHECK_NUM(c.open, 1805.5);
		CHECK_NUM(c.high, 1810.25);
		CHECK_NUM(c.low, 1800);
		CHECK_NUM(c.close, 1808.75);
		CHECK_NUM(c.volume, 1234.5678);
		CHECK_NUM(c.quote_volume, 2229876.5);
		CHECK_INT(c.trades, 4567);
		CHECK_NUM(c.taker_buy_volume, 600.1);
		CHECK_NUM(c.taker_buy_quote_volume, 1083000.25);
		CHECK_INT(c.closed, 0);
		CHECK_INT(c.as_of, 1746059000000LL);
		CHECK_INT(c.has, CANDLE_QUOTE_VOLUME | CANDLE_TRADES | CANDLE_TAKER_BUY_VOLUME |
				 CANDLE_TAKER_BUY_QUOTE_VOLUME | CANDLE_AS_OF);
	}
	/* close_time must be the end of the interval's candle (issue 15). */
	OK_CANDLE("{" MIN_MEMBERS ",\"close_time\":1746071999999}");
	CHECK_INT(c.close_time, OPEN_T + 4 * 3600000 - 1);
	/* high equal to low; zero prices and volume. */
	OK_CANDLE("{\"symbol\":\"X\",\"interval\":\"4h\",\"open_time\":0,\"open\":0,\"high\":0,"
		  "\"low\":0,\"close\":0,\"volume\":0,\"trades\":0}");
	CHECK_INT(c.trades, 0);
	CHECK_INT(c.has, CANDLE_TRADES);
}

static void test_required(void)
{
	static const char *const names[] = { "symbol", "interval", "open_time", "open", "high",
		"low", "close", "volume" };
	static const char *const values[] = { "\"BTCUSDT\"", "\"4h\"", "1746057600000", "1", "2",
		"0.5", "1.5", "100" };

	/* Each required member left out, or null. */
	for (int miss = 0; miss < 8; miss++) {
		for (int null = 0; null <= 1; null++) {
			char line[512], want[128];
			size_t k = 0;

			k += (size_t)snprintf(line + k, sizeof line - k, "{\"type\":\"candle\"");
			for (int i = 0; i < 8; i++) {
				if (i == miss && !null)
					continue;
				k += (size_t)snprintf(line + k, sizeof line - k, ",\"%s\":%s", names[i],
						      i == miss ? "null" : values[i]);
			}
			snprintf(line + k, sizeof line - k, "}");
			if (null)
				snprintf(want, sizeof want, "candle: '%s' is not a %s", names[miss],
					 miss < 2 ? "string" : "number");
			else
				snprintf(want, sizeof want, "candle: '%s' is missing", names[miss]);
			BAD_CANDLE(line, want);
		}
	}
	/* Several missing: the first in the order of the format is named. */
	BAD_CANDLE("{\"open\":1}", "candle: 'symbol' is missing");
	/* Prices inside the range, times on the interval's grid (issue 15). */
	BAD_CANDLE("{\"symbol\":\"X\",\"interval\":\"4h\",\"open_time\":0,\"open\":3,\"high\":2,"
		   "\"low\":1,\"close\":1,\"volume\":1}", "candle: 'open' is outside 'low' .. 'high'");
	BAD_CANDLE("{\"symbol\":\"X\",\"interval\":\"4h\",\"open_time\":0,\"open\":1,\"high\":2,"
		   "\"low\":1,\"close\":0.5,\"volume\":1}", "candle: 'close' is outside 'low' .. 'high'");
	BAD_CANDLE("{\"symbol\":\"X\",\"interval\":\"4h\",\"open_time\":1000,\"open\":1,\"high\":2,"
		   "\"low\":1,\"close\":1,\"volume\":1}",
		   "candle: 'open_time' 1000 is not the start of a 4h candle");
	BAD_CANDLE("{\"symbol\":\"X\",\"interval\":\"1w\",\"open_time\":0,\"open\":1,\"high\":2,"
		   "\"low\":1,\"close\":1,\"volume\":1}",
		   "candle: 'open_time' 0 is not the start of a 1w candle");  /* 1970-01-01 is a Thursday */
	BAD_CANDLE("{\"symbol\":\"X\",\"interval\":\"4h\",\"open_time\":0,\"close_time\":5,"
		   "\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1}",
		   "candle: 'close_time' 5 is not the end of the 4h candle (14399999)");
	OK_CANDLE("{\"symbol\":\"X\",\"interval\":\"1w\",\"open_time\":345600000,\"open\":1,"
		  "\"high\":2,\"low\":1,\"close\":2,\"volume\":1}");  /* Monday 1970-01-05 */
	BAD_CANDLE("{\"symbol\":\"X\",\"volume\":1}", "candle: 'interval' is missing");
	BAD_CANDLE("{}", "candle: 'symbol' is missing");
	BAD_CANDLE("{\"type\":\"candle\"}", "candle: 'symbol' is missing");
}

static void test_wrong_values(void)
{
	BAD_CANDLE("{" MIN_MEMBERS ",\"volume\":\"100\"}", "candle: 'volume' is not a number");
	BAD_CANDLE("{\"symbol\":\"X\",\"interval\":\"4h\",\"open_time\":1746057600000,"
		   "\"open\":\"1\",\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":100}",
		   "candle: 'open' is not a number");
	BAD_CANDLE("{" MIN_MEMBERS ",\"high\":true}", "candle: 'high' is not a number");
	BAD_CANDLE("{" MIN_MEMBERS ",\"low\":[1]}", "candle: 'low' is not a number");
	BAD_CANDLE("{" MIN_MEMBERS ",\"close\":{}}", "candle: 'close' is not a number");
	BAD_CANDLE("{" MIN_MEMBERS ",\"quote_volume\":\"1\"}",
		   "candle: 'quote_volume' is not a number");
	BAD_CANDLE("{" MIN_MEMBERS ",\"symbol\":5}", "candle: 'symbol' is not a string");
	BAD_CANDLE("{" MIN_MEMBERS ",\"interval\":4}", "candle: 'interval' is not a string");
	BAD_CANDLE("{" MIN_MEMBERS ",\"exchange\":false}", "candle: 'exchange' is not a string");
	BAD_CANDLE("{" MIN_MEMBERS ",\"open_time\":\"1746057600000\"}",
		   "candle: 'open_time' is not a number");
	BAD_CANDLE("{" MIN_MEMBERS ",\"open_time\":1746057600000.5}",
		   "candle: 'open_time' is not an integer");
	BAD_CANDLE("{" MIN_MEMBERS ",\"trades\":2.5}", "candle: 'trades' is not an integer");
	BAD_CANDLE("{" MIN_MEMBERS ",\"as_of\":1e300}", "candle: 'as_of' is not an integer");
	BAD_CANDLE("{" MIN_MEMBERS ",\"close_time\":1746057600000.25}",
		   "candle: 'close_time' is not an integer");
	BAD_CANDLE("{" MIN_MEMBERS ",\"closed\":\"true\"}",
		   "candle: 'closed' is not true or false");
	BAD_CANDLE("{" MIN_MEMBERS ",\"closed\":1}", "candle: 'closed' is not true or false");
	BAD_CANDLE("{" MIN_MEMBERS ",\"type\":5}", NULL);
	BAD_CANDLE("{\"type\":null," MIN_MEMBERS "}", NULL);

	/* Negative prices, volumes, times and counts. */
	BAD_CANDLE("{" MIN_MEMBERS ",\"open\":-1}", "candle: 'open' is negative");
	BAD_CANDLE("{" MIN_MEMBERS ",\"volume\":-0.001}", "candle: 'volume' is negative");
	BAD_CANDLE("{" MIN_MEMBERS ",\"low\":-0.5}", "candle: 'low' is negative");
	BAD_CANDLE("{" MIN_MEMBERS ",\"quote_volume\":-1}", "candle: 'quote_volume' is negative");
	BAD_CANDLE("{" MIN_MEMBERS ",\"taker_buy_volume\":-1}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"taker_buy_quote_volume\":-1e-9}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"trades\":-1}", "candle: 'trades' is negative");
	BAD_CANDLE("{" MIN_MEMBERS ",\"as_of\":-1}", "candle: 'as_of' is negative");
	BAD_CANDLE("{" MIN_MEMBERS ",\"open_time\":-14400000}", "candle: 'open_time' is negative");

	/* Inconsistent values. */
	BAD_CANDLE("{" MIN_MEMBERS ",\"high\":0.4}", "candle: 'high' is below 'low'");
	BAD_CANDLE("{" MIN_MEMBERS ",\"close_time\":1746057599999}",
		   "candle: 'close_time' is before 'open_time'");
	BAD_CANDLE("{" MIN_MEMBERS ",\"interval\":\"5h\"}", NULL);
	CHECK(strstr(err, "'interval'") && strstr(err, "5h") &&
	      strstr(err, "1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M"));
	BAD_CANDLE("{" MIN_MEMBERS ",\"interval\":\"1h \"}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"interval\":\"4H\"}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"interval\":\"a-much-too-long-interval-name\"}", NULL);

	/* Names. */
	BAD_CANDLE("{" MIN_MEMBERS ",\"exchange\":\"Binance\"}", NULL);
	CHECK(strstr(err, "'exchange'") != NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"exchange\":\"\"}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"market\":\"spot market\"}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"market\":\"USD-M\"}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"symbol\":\"BTC USDT\"}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"symbol\":\"\"}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"symbol\":\"BTC\\u00e9\"}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"exchange\":\"abcdefghijklmnopqrstuvwxyz012345\"}",
		   "candle: 'exchange' is longer than 31 bytes");
	OK_CANDLE("{" MIN_MEMBERS ",\"exchange\":\"abcdefghijklmnopqrstuvwxyz01234\"}");
	CHECK_STR(c.exchange, "abcdefghijklmnopqrstuvwxyz01234");
	OK_CANDLE("{" MIN_MEMBERS ",\"symbol\":\"1000PEPE-USDT_PERP.v2/X\"}");
	CHECK_STR(c.symbol, "1000PEPE-USDT_PERP.v2/X");
	OK_CANDLE("{" MIN_MEMBERS ",\"market\":\"coin-m_2\"}");
	CHECK_STR(c.market, "coin-m_2");
}

static void test_other_and_invalid(void)
{
	/* Records of another type: REC_OTHER, whatever else they hold. */
	OTHER("{\"type\":\"signal\"}");
	OTHER("{\"type\":\"signal\",\"volume\":-5,\"symbol\":5,\"interval\":\"zz\",\"high\":1,"
	      "\"low\":2}");
	OTHER("{\"volume\":\"x\",\"open\":-1,\"interval\":7,\"symbol\":\"bad name\","
	      "\"type\":\"evaluation\"}");
	OTHER("{\"type\":\"Candle\"," MIN_MEMBERS "}");
	OTHER("{\"type\":\"\"," MIN_MEMBERS "}");
	OTHER("{\"type\":\"candles\"}");
	OTHER("{\"closed\":\"maybe\",\"type\":\"order\"}");
	OTHER("{\"type\":\"sig\\u006eal\",\"volume\":null}");

	/* Not JSON, or not an object: bad whatever the type. */
	BAD_CANDLE("", NULL);
	BAD_CANDLE("   ", NULL);
	BAD_CANDLE("[1,2]", NULL);
	BAD_CANDLE("null", NULL);
	BAD_CANDLE("{", NULL);
	BAD_CANDLE("{\"type\":\"signal\",}", NULL);
	BAD_CANDLE("{\"type\":\"signal\"} x", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS "", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"volume\":01}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"volume\":1e400}", NULL);
	BAD_CANDLE("{" MIN_MEMBERS ",\"x\":tru}", NULL);
	BAD_CANDLE("{\"type\":\"candle\",\"symbol\":\"BTC\tUSDT\"}", NULL);

	/* A short message buffer gets a truncated, terminated message. */
	{
		static const char line[] = "{\"open\":1}";
		char small[8];
		struct candle cc;

		memset(small, 'x', sizeof small);
		CHECK_INT(candle_parse(&cc, line, sizeof line - 1, small, sizeof small), REC_BAD);
		CHECK(memchr(small, '\0', sizeof small) != NULL);
		CHECK_STR(small, "candle:");
	}
}

/* candle_parse in a child process: its result + 10, or -1 if it died (a
 * memory error under AddressSanitizer ends the child, not the test). */
static int parse_in_child(const char *line)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -2;
	if (pid == 0) {
		_exit(parse(line) + 10);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Lines in the layout cb writes take a faster path; it must agree with the
 * generic reader, on good lines and near misses alike. */
static void test_canonical_agrees(void)
{
	static const char *const lines[] = {
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\","
		"\"interval\":\"4h\",\"open_time\":1746057600000,\"close_time\":1746071999999,"
		"\"open\":94172.5,\"high\":94500,\"low\":94000.1,\"close\":94300,\"volume\":1234.567,"
		"\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,"
		"\"taker_buy_quote_volume\":null,\"closed\":true}",
		/* high below low */
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\","
		"\"interval\":\"4h\",\"open_time\":1746057600000,\"close_time\":1746071999999,"
		"\"open\":1,\"high\":1,\"low\":2,\"close\":1,\"volume\":1,"
		"\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,"
		"\"taker_buy_quote_volume\":null,\"closed\":true}",
		/* unknown interval */
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\","
		"\"interval\":\"5h\",\"open_time\":1746057600000,\"close_time\":1746071999999,"
		"\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1,"
		"\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,"
		"\"taker_buy_quote_volume\":null,\"closed\":true}",
		/* negative volume */
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\","
		"\"interval\":\"4h\",\"open_time\":1746057600000,\"close_time\":1746071999999,"
		"\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":-1,"
		"\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,"
		"\"taker_buy_quote_volume\":null,\"closed\":true}",
		/* trades not a whole number */
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\","
		"\"interval\":\"4h\",\"open_time\":1746057600000,\"close_time\":1746071999999,"
		"\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1,"
		"\"quote_volume\":null,\"trades\":1.5,\"taker_buy_volume\":null,"
		"\"taker_buy_quote_volume\":null,\"closed\":true}",
		/* an open_time above 2^53, which no double holds */
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\","
		"\"interval\":\"4h\",\"open_time\":9007199254740993,\"close_time\":9007199254740993,"
		"\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1,"
		"\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,"
		"\"taker_buy_quote_volume\":null,\"closed\":true}",
		/* close_time before open_time */
		"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\",\"symbol\":\"BTCUSDT\","
		"\"interval\":\"4h\",\"open_time\":1746057600000,\"close_time\":1746057599999,"
		"\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1,"
		"\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,"
		"\"taker_buy_quote_volume\":null,\"closed\":true}",
	};

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		char spaced[1024];
		struct candle fast;
		int rc_fast, rc_gen;

		rc_fast = parse(lines[i]);
		fast = c;
		snprintf(spaced, sizeof spaced, " %s", lines[i]);
		rc_gen = parse(spaced);
		CHECKF(rc_fast == rc_gen, "line %zu: canonical %d, generic %d (%s)", i, rc_fast,
		       rc_gen, err);
		if (rc_fast == REC_OK && rc_gen == REC_OK)
			CHECK(fast.open_time == c.open_time && fast.close_time == c.close_time &&
			      fast.volume == c.volume && fast.interval == c.interval &&
			      fast.has == c.has && fast.closed == c.closed &&
			      !strcmp(fast.symbol, c.symbol));
	}

	/* An interval name too long for an interval, in the canonical layout:
	 * rejected, without writing past any buffer. */
	{
		static const char line[] =
			"{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\","
			"\"symbol\":\"BTCUSDT\",\"interval\":\"abcdefghijklmnopqrstuvwxyzABCDE\","
			"\"open_time\":1746057600000,\"close_time\":1746071999999,"
			"\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1,"
			"\"quote_volume\":null,\"trades\":null,\"taker_buy_volume\":null,"
			"\"taker_buy_quote_volume\":null,\"closed\":true}";
		int r = parse_in_child(line);

		CHECKF(r == REC_BAD + 10, "31-byte interval in the canonical layout: %s (%d)",
		       r == -1 ? "the parser crashed" :
		       r == 1 ? "a memory error (sanitizer)" : "wrong result", r);
	}
}

static void test_write(void)
{
	struct buf b = BUF_INIT;
	struct candle w;

	memset(&w, 0, sizeof w);
	memcpy(w.exchange, "binance", sizeof "binance");
	memcpy(w.market, "futures", sizeof "futures");
	memcpy(w.symbol, "BTCUSDT", sizeof "BTCUSDT");
	w.interval = interval_find("4h");
	w.open_time = OPEN_T;
	w.close_time = 1746071999999LL;
	w.open = 94172.5;
	w.high = 94500;
	w.low = 94000.1;
	w.close = 94300;
	w.volume = 1234.567;
	w.closed = 1;
	/* Values of absent members are not written. */
	w.quote_volume = 5;
	w.trades = 6;
	w.as_of = 7;
	candle_write(&w, &b);
	CHECK_STR(buf_cstr(&b),
		  "{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\","
		  "\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":1746057600000,"
		  "\"close_time\":1746071999999,\"open\":94172.5,\"high\":94500,\"low\":94000.1,"
		  "\"close\":94300,\"volume\":1234.567,\"quote_volume\":null,\"trades\":null,"
		  "\"taker_buy_volume\":null,\"taker_buy_quote_volume\":null,\"closed\":true}\n");

	/* Every member present; appended after the first record. */
	w.has = CANDLE_QUOTE_VOLUME | CANDLE_TRADES | CANDLE_TAKER_BUY_VOLUME |
		CANDLE_TAKER_BUY_QUOTE_VOLUME | CANDLE_AS_OF;
	w.quote_volume = 0.1 + 0.2;
	w.trades = 4567;
	w.taker_buy_volume = 0;
	w.taker_buy_quote_volume = 0.001;
	w.closed = 0;
	w.as_of = 1746059000000LL;
	{
		size_t first = b.len;

		candle_write(&w, &b);
		CHECK_STR(buf_cstr(&b) + first,
			  "{\"type\":\"candle\",\"exchange\":\"binance\",\"market\":\"futures\","
			  "\"symbol\":\"BTCUSDT\",\"interval\":\"4h\",\"open_time\":1746057600000,"
			  "\"close_time\":1746071999999,\"open\":94172.5,\"high\":94500,"
			  "\"low\":94000.1,\"close\":94300,\"volume\":1234.567,"
			  "\"quote_volume\":0.30000000000000004,\"trades\":4567,"
			  "\"taker_buy_volume\":0,\"taker_buy_quote_volume\":0.001,"
			  "\"closed\":false,\"as_of\":1746059000000}\n");
		/* And it reads back as written. */
		CHECK_INT(candle_parse(&c, b.p + first, b.len - first - 1, err, sizeof err),
			  REC_OK);
		CHECK_INT(c.has, w.has);
		CHECK_NUM(c.quote_volume, 0.1 + 0.2);
		CHECK_NUM(c.taker_buy_quote_volume, 0.001);
		CHECK_INT(c.as_of, w.as_of);
		CHECK_INT(c.closed, 0);
	}
	buf_release(&b);

	/* Random candles survive a write and a read, bit for bit. */
	{
		uint64_t r = 0x9e3779b97f4a7c15ULL;
		long bad = 0;
		static const char *const ivs[] = { "1m", "15m", "4h", "1d", "1w", "1M" };

		for (int i = 0; i < 2000; i++) {
			struct candle x, y;
			double v[9];

			for (int j = 0; j < 9; j++) {
				r ^= r << 13;
				r ^= r >> 7;
				r ^= r << 17;
				v[j] = (double)(r >> 11) * 0x1p-53 * (j % 3 == 0 ? 1e6 : 1e-2);
			}
			memset(&x, 0, sizeof x);
			snprintf(x.exchange, sizeof x.exchange, "%s", i % 2 ? "binance" : "okx");
			snprintf(x.market, sizeof x.market, "%s", i % 3 ? "futures" : "spot");
			snprintf(x.symbol, sizeof x.symbol, "SYM%dUSDT", i);
			x.interval = interval_find(ivs[i % 6]);
			x.open_time = interval_open_time(x.interval, OPEN_T + (int64_t)i * 60000);
			x.close_time = interval_close_time(x.interval, x.open_time);
			x.low = v[0];
			x.open = v[0] + v[1];
			x.close = v[0] + v[2];
			x.high = v[0] + v[1] + v[2];
			x.high = x.high < x.open ? x.open : x.high < x.close ? x.close : x.high;
		x.high = x.high < x.open ? x.open : x.high < x.close ? x.close : x.high;
			x.volume = v[3];
			x.quote_volume = v[4];
			x.trades = (int64_t)(v[5] * 1000);
			x.taker_buy_volume = v[6];
			x.taker_buy_quote_volume = v[7];
			x.closed = i % 5 != 0;
			x.as_of = x.open_time + 1000;
			x.has = (unsigned)(r & 31);
			if (x.closed)
				x.has &= ~(unsigned)CANDLE_AS_OF;
			buf_reset(&b);
			candle_write(&x, &b);
			memset(&y, 0, sizeof y);
			if (candle_parse(&y, b.p, b.len - 1, err, sizeof err) != REC_OK ||
			    strcmp(x.exchange, y.exchange) || strcmp(x.market, y.market) ||
			    strcmp(x.symbol, y.symbol) || x.interval != y.interval ||
			    x.open_time != y.open_time || x.close_time != y.close_time ||
			    x.open != y.open || x.high != y.high || x.low != y.low ||
			    x.close != y.close || x.volume != y.volume || x.has != y.has ||
			    x.closed != y.closed ||
			    (x.has & CANDLE_QUOTE_VOLUME && x.quote_volume != y.quote_volume) ||
			    (x.has & CANDLE_TRADES && x.trades != y.trades) ||
			    (x.has & CANDLE_TAKER_BUY_VOLUME && x.taker_buy_volume != y.taker_buy_volume) ||
			    (x.has & CANDLE_TAKER_BUY_QUOTE_VOLUME &&
			     x.taker_buy_quote_volume != y.taker_buy_quote_volume) ||
			    (x.has & CANDLE_AS_OF && x.as_of != y.as_of)) {
				if (bad++ < 3)
					printf("  round trip failed: %.*s (%s)\n", (int)b.len, b.p, err);
			}
		}
		CHECK_INT(bad, 0);
		buf_release(&b);
	}
}

static void test_names_and_key(void)
{
	struct candle k;
	char key[CANDLE_KEY_MAX];

	CHECK_INT(candle_name_ok("binance"), 1);
	CHECK_INT(candle_name_ok("a"), 1);
	CHECK_INT(candle_name_ok("usd-m_2"), 1);
	CHECK_INT(candle_name_ok("abcdefghijklmnopqrstuvwxyz01234"), 1);    /* 31 */
	CHECK_INT(candle_name_ok("abcdefghijklmnopqrstuvwxyz012345"), 0);   /* 32 */
	CHECK_INT(candle_name_ok(""), 0);
	CHECK_INT(candle_name_ok("Binance"), 0);
	CHECK_INT(candle_name_ok("bin ance"), 0);
	CHECK_INT(candle_name_ok("bin.ance"), 0);
	CHECK_INT(candle_name_ok("bin/ance"), 0);
	CHECK_INT(candle_name_ok("bin:ance"), 0);
	CHECK_INT(candle_name_ok("caf\xc3\xa9"), 0);
	CHECK_INT(candle_symbol_ok("BTCUSDT"), 1);
	CHECK_INT(candle_symbol_ok("BTC/USDT"), 1);
	CHECK_INT(candle_symbol_ok("btc-usdt_PERP.2"), 1);
	CHECK_INT(candle_symbol_ok("ABCDEFGHIJKLMNOPQRSTUVWXYZ01234"), 1);  /* 31 */
	CHECK_INT(candle_symbol_ok("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"), 0); /* 32 */
	CHECK_INT(candle_symbol_ok(""), 0);
	CHECK_INT(candle_symbol_ok("BTC USDT"), 0);
	CHECK_INT(candle_symbol_ok("BTC:USDT"), 0);
	CHECK_INT(candle_symbol_ok("BTC\\USDT"), 0);

	memset(&k, 0, sizeof k);
	memcpy(k.exchange, "binance", sizeof "binance");
	memcpy(k.market, "futures", sizeof "futures");
	memcpy(k.symbol, "BTCUSDT", sizeof "BTCUSDT");
	k.interval = interval_find("4h");
	CHECK_INT(candle_series_key(&k, key), 26);
	CHECK_STR(key, "binance:futures:BTCUSDT:4h");
	/* The longest names fit. */
	memset(k.exchange, 'e', 31);
	memset(k.market, 'm', 31);
	memset(k.symbol, 'S', 31);
	k.interval = interval_find("15m");
	CHECK_INT(candle_series_key(&k, key), 3 * 31 + 3 + 3);
	CHECK_INT(strlen(key), 3 * 31 + 3 + 3);
	CHECK(3 * 31 + 3 + 3 < CANDLE_KEY_MAX);
}

int main(void)
{
	test_defaults();
	test_full();
	test_required();
	test_wrong_values();
	test_other_and_invalid();
	test_canonical_agrees();
	test_write();
	test_names_and_key();
	UNIT_END();
}
