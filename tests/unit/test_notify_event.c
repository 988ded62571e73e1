/* Unit tests of src/notify/event.c: the events read from records and their
 * keys, the --on selection, the chart links and the messages, worked by
 * hand. */
#include <string.h>

#include "notify.h"
#include "record.h"
#include "unit.h"

static struct nevent ev[2];

/* Parse line; return the result, with *n events. */
static int parse(const char *line, int *n)
{
	char err[256];

	return nevent_parse(line, strlen(line), 86400000LL * 3 + 5, ev, n, err, sizeof err);
}

static void bad(const char *line, const char *want)
{
	char err[256];
	int n, r = nevent_parse(line, strlen(line), 0, ev, &n, err, sizeof err);

	CHECKF(r == REC_BAD && !strcmp(err, want), "%s: %d %s", line, r, err);
}

static void sel_bad(const char *spec)
{
	struct nsel s;
	char err[256];

	CHECKF(nsel_parse(&s, spec, err, sizeof err) == -1, "'%s' accepted", spec);
}

/* The message of the only event of line. */
static void message(const char *line, const char *want)
{
	struct buf b = BUF_INIT;
	int n = 0;

	CHECK_INT(parse(line, &n), REC_OK);
	CHECK_INT(n, 1);
	nevent_message(&ev[0], &b);
	CHECK_STR(buf_cstr(&b), want);
	buf_release(&b);
}

static void link_is(const char *ex, const char *market, const char *sym, const char *want)
{
	char url[128];
	size_t n = chart_link(ex, market, sym, url, sizeof url);

	CHECK_STR(url, want);
	CHECK_INT(n, strlen(want));
}

int main(void)
{
	struct nsel s;
	char err[256];
	int n;

	/* Keys. */
	CHECK_INT(parse("{\"type\":\"signal\",\"id\":\"binance:futures:AUSDT:4h:0\",\"symbol\":\"AUSDT\","
			"\"interval\":\"4h\",\"open_time\":0,\"price\":1}", &n), REC_OK);
	CHECK_INT(n, 1);
	CHECK_STR(ev[0].key, "signal:binance:futures:AUSDT:4h:0");
	CHECK_INT(ev[0].strength, STRENGTH_NONE);
	CHECK_INT(ev[0].time, 14400000);  /* detected_at: the close_time + 1 */
	CHECK_INT(parse("{\"type\":\"status\",\"id\":\"bybit:spot:AUSDT:1h:0\",\"symbol\":\"AUSDT\","
			"\"from\":\"DETECTED\",\"to\":\"FAILED\",\"time\":9}", &n), REC_OK);
	CHECK_STR(ev[0].key, "status:bybit:spot:AUSDT:1h:0:FAILED");
	CHECK_STR(ev[0].exchange, "bybit");
	CHECK_STR(ev[0].market, "spot");
	CHECK_INT(parse("{\"type\":\"trade\",\"id\":\"s1\",\"symbol\":\"AUSDT\",\"side\":\"short\","
			"\"exit_time\":1,\"pnl\":-5.5,\"pnl_pct\":-1.234,\"exit_reason\":\"stop\"}", &n),
		  REC_OK);
	CHECK_STR(ev[0].key, "trade:s1:backtest");
	CHECK_STR(ev[0].exchange, "");
	CHECK_INT(parse("{\"type\":\"order_status\",\"mode\":\"live\",\"halted\":false,"
			"\"daily_loss_halt\":false}", &n), REC_OK);
	CHECK_INT(n, 0);
	/* No done: the day of now (day 3). */
	CHECK_INT(parse("{\"type\":\"order_status\",\"mode\":\"live\",\"done\":null,\"halted\":true,"
			"\"daily_loss_halt\":true}", &n), REC_OK);
	CHECK_INT(n, 2);
	CHECK_STR(ev[0].key, "halt:live:manual::3");
	CHECK_STR(ev[1].key, "halt:live:daily_loss:3");
	CHECK_INT(parse("{\"type\":\"job\",\"job\":\"backup\",\"start\":7,\"status\":0}", &n), REC_OK);
	CHECK_STR(ev[0].key, "job:backup:7");
	CHECK_INT(parse("{\"type\":\"candle\"}", &n), REC_OTHER);
	CHECK_INT(n, 0);
	CHECK_INT(parse("{\"type\":\"evaluation\",\"x\":1}", &n), REC_OTHER);
	CHECK_INT(parse("{\"symbol\":\"AUSDT\"}", &n), REC_OTHER);
	bad("{\"type\":\"status\",\"id\":\"x\",\"symbol\":\"A\",\"from\":\"NEW\",\"to\":\"FAILED\","
	    "\"time\":1}", "status: 'from' is not a status");
	bad("{\"type\":\"trade\",\"id\":\"x\",\"symbol\":\"A\",\"side\":\"up\",\"exit_time\":1,"
	    "\"pnl\":1,\"pnl_pct\":1,\"exit_reason\":\"stop\"}", "trade: 'side' is not long or short");
	bad("{\"type\":\"job\",\"job\":\"detect\",\"start\":7,\"end\":6,\"status\":0}",
	    "job: 'end' is before 'start'");
	bad("{\"type\":\"job\",\"job\":\"detect\",\"status\":0}", "job: 'start' is missing");

	/* Selections. */
	CHECK_INT(nsel_parse(&s, NSEL_DEFAULT, err, sizeof err), 0);
	CHECK_INT(s.signal, (1u << STRENGTH_STRONG) | (1u << STRENGTH_EXTREME));
	CHECK_INT(s.status, 1u << LC_CONFIRMED);
	CHECK(s.trade && s.halt);
	CHECK_INT(s.job, 1);
	CHECK_INT(nsel_parse(&s, "signal:Medium,status,job:failed,job", err, sizeof err), 0);
	CHECK_INT(s.signal, 1u << STRENGTH_MEDIUM);
	CHECK_INT(s.status, 31);
	CHECK_INT(s.job, 2);
	CHECK(!s.trade && !s.halt);
	sel_bad("");
	sel_bad("signal:");
	sel_bad("signal:STRONG,");
	sel_bad("trade:paper");
	sel_bad("signal:none+");
	sel_bad("job:ok");
	CHECK_INT(nsel_parse(&s, "bogus", err, sizeof err), -1);
	CHECK_STR(err, "'bogus' is not signal[:STRENGTH[+]], status[:STATUS], trade, halt, job or "
		       "job:failed");

	/* Matching. */
	memset(ev, 0, sizeof ev);
	nsel_parse(&s, "signal:STRONG+,job:failed", err, sizeof err);
	ev[0].kind = NK_SIGNAL;
	ev[0].strength = STRENGTH_MEDIUM;
	CHECK_INT(nsel_match(&s, &ev[0]), 0);
	ev[0].strength = STRENGTH_EXTREME;
	CHECK_INT(nsel_match(&s, &ev[0]), 1);
	ev[0].strength = STRENGTH_NONE;
	CHECK_INT(nsel_match(&s, &ev[0]), 0);
	nsel_parse(&s, "signal", err, sizeof err);
	CHECK_INT(nsel_match(&s, &ev[0]), 1);
	ev[0].kind = NK_JOB;
	ev[0].status = 0;
	nsel_parse(&s, "job:failed", err, sizeof err);
	CHECK_INT(nsel_match(&s, &ev[0]), 0);
	ev[0].status = 2;
	CHECK_INT(nsel_match(&s, &ev[0]), 1);
	ev[0].kind = NK_STATUS;
	ev[0].to = LC_FAILED;
	nsel_parse(&s, "status:confirmed", err, sizeof err);
	CHECK_INT(nsel_match(&s, &ev[0]), 0);
	ev[0].to = LC_CONFIRMED;
	CHECK_INT(nsel_match(&s, &ev[0]), 1);
	ev[0].kind = NK_TRADE;
	CHECK_INT(nsel_match(&s, &ev[0]), 0);

	/* Chart links. */
	link_is("binance", "futures", "BTCUSDT", "https://www.binance.com/en/futures/BTCUSDT");
	link_is("binance", "spot", "ETHUSDT", "https://www.binance.com/en/trade/ETH_USDT");
	link_is("binance", "spot", "BTCFDUSD", "https://www.binance.com/en/trade/BTC_FDUSD");
	link_is("binance", "spot", "ETHBTC", "https://www.binance.com/en/trade/ETH_BTC");
	link_is("binance", "spot", "ABCXYZ", "https://www.binance.com/en/futures/ABCXYZ");
	link_is("bybit", "futures", "SOLUSDT", "https://www.bybit.com/trade/usdt/SOLUSDT");
	link_is("bybit", "spot", "SOLUSDT", "https://www.bybit.com/en/trade/spot/SOL/USDT");
	link_is("mexc", "spot", "PEPEUSDT", "https://www.mexc.com/exchange/PEPE_USDT");
	link_is("mexc", "futures", "PEPEUSDT", "");
	link_is("sim", "futures", "S0001USDT", "");

	/* Messages. An unscored signal of a forming candle, no strength. */
	message("{\"type\":\"signal\",\"id\":\"binance:futures:AUSDT:1h:0\",\"symbol\":\"AUSDT\","
		"\"interval\":\"1h\",\"open_time\":0,\"price\":0.000123,\"closed\":false}",
		"signal: AUSDT futures 1h (candle still open)\n"
		"price 0.000123, not scored, detected 1970-01-01T01:00:00Z\n"
		"https://www.binance.com/en/futures/AUSDT");
	/* Scored without a level; 59.95 has one decimal 60.0 (59.95 is
	 * 59.9500000000000028...). */
	message("{\"type\":\"signal\",\"id\":\"sim:futures:AUSDT:4h:0\",\"exchange\":\"sim\",\"symbol\":\"AUSDT\","
		"\"interval\":\"4h\",\"open_time\":0,\"price\":2,\"strength\":\"EXTREME\","
		"\"detected_at\":1000,\"score\":{\"total\":59.95,\"volume\":1,\"oi\":1,"
		"\"spot_sync\":1,\"confirmation\":1,\"timing\":1}}",
		"EXTREME signal: AUSDT futures 4h\nprice 2, score 60.0, detected 1970-01-01T00:00:01Z");
	message("{\"type\":\"status\",\"id\":\"binance:spot:AUSDT:1h:0\",\"symbol\":\"AUSDT\","
		"\"from\":\"DETECTED\",\"to\":\"MONITORING\",\"time\":14400000,\"reason\":\"age\"}",
		"AUSDT MONITORING (age), was DETECTED\nsignal binance:spot:AUSDT:1h:0, at "
		"1970-01-01T04:00:00Z\nhttps://www.binance.com/en/trade/A_USDT");
	message("{\"type\":\"trade\",\"id\":\"s1\",\"symbol\":\"AUSDT\",\"side\":\"short\","
		"\"exit_time\":1,\"pnl\":-5.5,\"pnl_pct\":-1.234,\"exit_reason\":\"stop\"}",
		"AUSDT short closed (stop): pnl -5.50 (-1.23%), at 1970-01-01T00:00:00.001Z");
	message("{\"type\":\"order_status\",\"mode\":\"live\",\"halted\":true,"
		"\"daily_loss_halt\":false}", "cb-order live halted: no reason given");
	message("{\"type\":\"job\",\"job\":\"backup\",\"start\":7,\"status\":0}", "job backup done");
	message("{\"type\":\"job\",\"job\":\"report\",\"start\":0,\"end\":59950,\"status\":2,"
		"\"summary\":\"disk\\nfull\"}", "job report failed (status 2) in 60.0 s: disk?full");
	UNIT_END();
}
