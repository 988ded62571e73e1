/* Unit tests of lib/net/futanswer.c and lib/net/futures.c: the outcome of
 * every error code of trading-facts 1.8 and the four 503 texts of 1.9,
 * the parsers on answers shaped as Binance's (field lists of
 * trading-facts 1.4-1.6), deterministic client ids, and the client on the
 * wire against tinyhttp.h's local server: the documented signature
 * vector, -1021 resync and one resend, unknown and malformed answers,
 * -4046, the audit hook (which never sees the key, the secret or a
 * signature, nor does stderr). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "net/futures.h"
#include "tinyhttp.h"
#include "unit.h"

#define S(x) x, sizeof x - 1

/* ---- classification ---- */

static enum fut_outcome classify(enum rest_result res, long status, const char *body,
				 struct fut_reply *r)
{
	struct rest_answer a = REST_ANSWER_INIT;

	a.result = res;
	a.status = res == REST_ANSWER ? status : 0;
	if (body && *body)
		buf_adds(&a.body, body);
	if (res != REST_ANSWER)
		snprintf(a.error, sizeof a.error, "Connection refused");
	fut_classify(&a, 1000000, r);
	buf_release(&a.body);
	return r->outcome;
}

static enum fut_outcome code_outcome(long status, int code)
{
	struct fut_reply r;
	char body[96];

	snprintf(body, sizeof body, "{\"code\":%d,\"msg\":\"text\"}", code);
	classify(REST_ANSWER, status, body, &r);
	CHECK_INT(r.code, code);
	return r.outcome;
}

static void test_codes(void)
{
	static const struct { int code; enum fut_outcome o; } t[] = {
		{ -1000, FUT_UNKNOWN }, { -1001, FUT_UNKNOWN }, { -1003, FUT_RATE_LIMITED },
		{ -1006, FUT_UNKNOWN }, { -1007, FUT_UNKNOWN }, { -1008, FUT_REJECTED },
		{ -1015, FUT_RATE_LIMITED }, { -1021, FUT_CLOCK }, { -1022, FUT_REJECTED },
		{ -1111, FUT_REJECTED }, { -2010, FUT_REJECTED }, { -2011, FUT_NOT_FOUND },
		{ -2013, FUT_NOT_FOUND }, { -2019, FUT_REJECTED }, { -2021, FUT_REJECTED },
		{ -2022, FUT_REJECTED }, { -4003, FUT_REJECTED }, { -4015, FUT_REJECTED },
		{ -4116, FUT_DUPLICATE }, { -4118, FUT_REJECTED }, { -4120, FUT_REJECTED },
		{ -4131, FUT_REJECTED }, { -4164, FUT_REJECTED }, { -4400, FUT_REJECTED },
		{ -4401, FUT_REJECTED }, { -5021, FUT_REJECTED }, { -5022, FUT_REJECTED },
	};

	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		CHECKF(code_outcome(400, t[i].code) == t[i].o, "code %d", t[i].code);
	/* An unexpected code with a server error may have done something. */
	CHECK_INT(code_outcome(500, -2010), FUT_UNKNOWN);
	CHECK_INT(code_outcome(503, -1008), FUT_REJECTED);
	CHECK_INT(code_outcome(503, -1000), FUT_UNKNOWN);
}

static void test_statuses(void)
{
	struct fut_reply r;
	struct rest_answer a = REST_ANSWER_INIT;

	/* The four 503s of trading-facts 1.9, plain and as {"code","msg"}. */
	CHECK_INT(classify(REST_ANSWER, 503,
			   "Unknown error, please check your request or try again later.", &r),
		  FUT_UNKNOWN);
	CHECK_INT(classify(REST_ANSWER, 503, "{\"code\":-1000,\"msg\":\"Unknown error, please "
			   "check your request or try again later.\"}", &r), FUT_UNKNOWN);
	CHECK_STR(r.msg, "Unknown error, please check your request or try again later.");
	CHECK_INT(classify(REST_ANSWER, 503, "Service Unavailable.", &r), FUT_REJECTED);
	CHECK_INT(classify(REST_ANSWER, 503, "{\"msg\":\"Service Unavailable.\"}", &r),
		  FUT_REJECTED);
	CHECK_INT(classify(REST_ANSWER, 503, "Internal error; unable to process your request. "
			   "Please try again.", &r), FUT_REJECTED);
	CHECK_INT(classify(REST_ANSWER, 503, "{\"code\":-1008,\"msg\":\"Request throttled by "
			   "system-level protection. Reduce-only/close-position orders are "
			   "exempt.\"}", &r), FUT_REJECTED);
	CHECK_INT(r.code, -1008);
	/* Any other 503 or 5xx text, or a 408: unknown. */
	CHECK_INT(classify(REST_ANSWER, 503, "<html>Service Unavailable</html>", &r), FUT_UNKNOWN);
	CHECK_INT(classify(REST_ANSWER, 502, "Bad Gateway", &r), FUT_UNKNOWN);
	CHECK_INT(classify(REST_ANSWER, 500, "", &r), FUT_UNKNOWN);
	CHECK_INT(classify(REST_ANSWER, 408, "", &r), FUT_UNKNOWN);
	/* Other 4xx: a definite no (403: the WAF). */
	CHECK_INT(classify(REST_ANSWER, 403, "<html>Forbidden</html>", &r), FUT_REJECTED);
	CHECK_STR(r.msg, "<html>Forbidden</html>");
	CHECK_INT(r.http_status, 403);
	CHECK_INT(r.code, 0);
	/* 2xx: ok, also Binance's {"code":200,"msg":"success"}. */
	CHECK_INT(classify(REST_ANSWER, 200, "{\"code\":200,\"msg\":\"success\"}", &r), FUT_OK);
	CHECK_INT(r.code, 0);
	CHECK_STR(r.msg, "");
	CHECK_INT(classify(REST_ANSWER, 302, "", &r), FUT_UNKNOWN);
	/* Transport. */
	CHECK_INT(classify(REST_NOT_SENT, 0, NULL, &r), FUT_NOT_SENT);
	CHECK_STR(r.msg, "Connection refused");
	CHECK_INT(classify(REST_NO_ANSWER, 0, NULL, &r), FUT_UNKNOWN);
	CHECK_INT(r.http_status, 0);
	/* 418 and 429, with Retry-After or "banned until" (now is 1000000 ms:
	 * 1060000 is 60 s later). */
	CHECK_INT(classify(REST_ANSWER, 418, "{\"code\":-1003,\"msg\":\"Way too many requests; "
			   "IP(1.2.3.4) banned until 1060000. Please use the websocket.\"}", &r),
		  FUT_BANNED);
	CHECK_INT(r.retry_after_s, 60);
	a.result = REST_ANSWER;
	a.status = 429;
	a.retry_after_s = 7;
	a.order_count_10s = 3;
	a.order_count_1m = 4;
	a.used_weight_1m = 5;
	buf_adds(&a.body, "{\"code\":-1015,\"msg\":\"Too many new orders.\"}");
	fut_classify(&a, 0, &r);
	CHECK_INT(r.outcome, FUT_RATE_LIMITED);
	CHECK_INT(r.retry_after_s, 7);
	CHECK_INT(r.order_count_10s, 3);
	CHECK_INT(r.order_count_1m, 4);
	CHECK_INT(r.used_weight_1m, 5);
	CHECK_INT(r.code, -1015);
	buf_release(&a.body);
	/* A message cannot move the terminal's cursor. */
	CHECK_INT(classify(REST_ANSWER, 400, "{\"code\":-1102,\"msg\":\"bad\\u001b[2J\"}", &r),
		  FUT_REJECTED);
	CHECK_STR(r.msg, "bad?[2J");
	CHECK_STR(fut_outcome_name(FUT_UNKNOWN), "unknown");
	CHECK_STR(fut_outcome_name(FUT_BAD_ANSWER), "bad answer");
}

/* ---- parsing ---- */

static const char order_ack[] =
	"{\"clientOrderId\":\"cb-e0-abc\",\"cumQty\":\"0\",\"executedQty\":\"0\","
	"\"orderId\":22542179,\"origQty\":\"0.012\",\"price\":\"0\",\"reduceOnly\":false,"
	"\"side\":\"BUY\",\"positionSide\":\"BOTH\",\"status\":\"NEW\",\"stopPrice\":\"0\","
	"\"closePosition\":false,\"symbol\":\"BTCUSDT\",\"timeInForce\":\"GTC\","
	"\"type\":\"MARKET\",\"origType\":\"MARKET\",\"updateTime\":1764489600123,"
	"\"workingType\":\"CONTRACT_PRICE\",\"priceProtect\":false,\"priceMatch\":\"NONE\","
	"\"selfTradePreventionMode\":\"EXPIRE_MAKER\",\"goodTillDate\":0}";

static void test_parse_orders(void)
{
	struct fut_order o, *list;
	char err[200];
	long n;

	CHECK_INT(fut_parse_order(S(order_ack), &o, err, sizeof err), 0);
	CHECK_INT(o.order_id, 22542179);
	CHECK_STR(o.client_id, "cb-e0-abc");
	CHECK_STR(o.symbol, "BTCUSDT");
	CHECK_INT(o.status, FUT_ST_NEW);
	CHECK_STR(o.status_text, "NEW");
	CHECK_INT(o.side, FUT_BUY);
	CHECK_STR(o.type, "MARKET");
	CHECK_STR(o.orig_qty, "0.012");
	CHECK_STR(o.executed_qty, "0");
	CHECK_STR(o.avg_price, "");
	CHECK_INT(o.reduce_only, 0);
	CHECK_INT(o.update_time, 1764489600123);
	/* Every status. */
	{
		static const char *const st[] = {
			"NEW", "PARTIALLY_FILLED", "FILLED", "CANCELED", "REJECTED", "EXPIRED",
			"EXPIRED_IN_MATCH", "SOMETHING_NEW"
		};

		for (int i = 0; i < 8; i++) {
			char b[128];

			snprintf(b, sizeof b, "{\"orderId\":1,\"status\":\"%s\",\"side\":\"SELL\","
				 "\"reduceOnly\":true}", st[i]);
			CHECK_INT(fut_parse_order(b, strlen(b), &o, err, sizeof err), 0);
			CHECK_INT(o.status, i);
			CHECK_STR(o.status_text, st[i]);
			CHECK_INT(o.side, FUT_SELL);
			CHECK_INT(o.reduce_only, 1);
		}
	}
	/* Malformed. */
	CHECK_INT(fut_parse_order(S("{\"status\":\"NEW\"}"), &o, err, sizeof err), -1);
	CHECK_STR(err, "malformed order: 'orderId' is missing or not valid");
	CHECK_INT(fut_parse_order(S("{\"orderId\":1}"), &o, err, sizeof err), -1);
	CHECK_STR(err, "malformed order: 'status' is missing or not valid");
	CHECK_INT(fut_parse_order(S("{\"orderId\":1,\"status\":\"NEW\",\"clientOrderId\":"
				    "\"0123456789012345678901234567890123456789\"}"), &o, err,
				  sizeof err), -1);
	CHECK_INT(fut_parse_order(S("{\"orderId\":"), &o, err, sizeof err), -1);
	CHECK(!strncmp(err, "malformed answer: ", 18));
	/* Lists. */
	n = fut_parse_orders(S("[]"), &list, err, sizeof err);
	CHECK_INT(n, 0);
	CHECK(list == NULL);
	n = fut_parse_orders(S("[{\"orderId\":1,\"status\":\"NEW\"},{\"orderId\":\"2\","
			       "\"status\":\"FILLED\",\"executedQty\":\"0.5\"}]"), &list, err,
			     sizeof err);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(list[1].order_id, 2);
		CHECK_INT(list[1].status, FUT_ST_FILLED);
		CHECK_STR(list[1].executed_qty, "0.5");
	}
	free(list);
	CHECK_INT(fut_parse_orders(S("{\"orderId\":1}"), &list, err, sizeof err), -1);
	CHECK_STR(err, "malformed answer: not a list");
	CHECK_INT(fut_parse_orders(S("[{\"orderId\":1,\"status\":\"NEW\"},{}]"), &list, err,
				   sizeof err), -1);
	CHECK(list == NULL);
}

static const char algo_query[] =
	"{\"algoId\":2146760,\"clientAlgoId\":\"cb-s0.0f1e\",\"algoType\":\"CONDITIONAL\","
	"\"orderType\":\"STOP_MARKET\",\"symbol\":\"BTCUSDT\",\"side\":\"SELL\","
	"\"positionSide\":\"BOTH\",\"timeInForce\":\"GTC\",\"quantity\":\"0\","
	"\"algoStatus\":\"FINISHED\",\"actualOrderId\":\"22542200\",\"actualPrice\":\"61230.1\","
	"\"actualQty\":\"0.012\",\"actualType\":\"MARKET\",\"triggerPrice\":\"61234.5\","
	"\"price\":\"0\",\"workingType\":\"MARK_PRICE\",\"priceMatch\":\"NONE\","
	"\"closePosition\":true,\"priceProtect\":false,\"reduceOnly\":true,"
	"\"createTime\":1764489600200,\"updateTime\":1764490000000,\"triggerTime\":1764490000000}";

static void test_parse_algos(void)
{
	struct fut_algo a, *list;
	char err[200];
	long n;

	CHECK_INT(fut_parse_algo(S(algo_query), 0, &a, err, sizeof err), 0);
	CHECK_INT(a.algo_id, 2146760);
	CHECK_STR(a.client_algo_id, "cb-s0.0f1e");
	CHECK_INT(a.status, FUT_ALGO_FINISHED);
	CHECK_STR(a.order_type, "STOP_MARKET");
	CHECK_INT(a.side, FUT_SELL);
	CHECK_STR(a.trigger_price, "61234.5");
	CHECK_STR(a.working_type, "MARK_PRICE");
	CHECK_INT(a.close_position, 1);
	CHECK_INT(a.reduce_only, 1);
	CHECK_STR(a.actual_order_id, "22542200");
	CHECK_STR(a.actual_qty, "0.012");
	CHECK_STR(a.actual_price, "61230.1");
	CHECK_INT(a.create_time, 1764489600200);
	CHECK_INT(a.trigger_time, 1764490000000);
	/* actualOrderId as a number, and the statuses. */
	{
		static const char *const st[] = {
			"NEW", "TRIGGERING", "TRIGGERED", "FINISHED", "CANCELED", "REJECTED",
			"EXPIRED", "PAUSED"
		};

		for (int i = 0; i < 8; i++) {
			char b[128];

			snprintf(b, sizeof b, "{\"algoId\":5,\"algoStatus\":\"%s\","
				 "\"actualOrderId\":77}", st[i]);
			CHECK_INT(fut_parse_algo(b, strlen(b), 0, &a, err, sizeof err), 0);
			CHECK_INT(a.status, i);
			CHECK_STR(a.actual_order_id, "77");
		}
	}
	/* The cancel answer names the ids only. */
	CHECK_INT(fut_parse_algo(S("{\"algoId\":2146760,\"clientAlgoId\":\"cb-s0.0f1e\","
				   "\"code\":\"200\",\"msg\":\"success\"}"), 1, &a, err, sizeof err),
		  0);
	CHECK_INT(a.algo_id, 2146760);
	CHECK_STR(a.client_algo_id, "cb-s0.0f1e");
	CHECK_INT(a.status, FUT_ALGO_OTHER);
	CHECK_INT(fut_parse_algo(S("{\"algoId\":2146760}"), 0, &a, err, sizeof err), -1);
	CHECK_STR(err, "malformed algo order: 'algoStatus' is missing or not valid");
	CHECK_INT(fut_parse_algo(S("{\"clientAlgoId\":\"x\"}"), 1, &a, err, sizeof err), -1);
	n = fut_parse_algos(S("[{\"algoId\":1,\"algoStatus\":\"NEW\",\"symbol\":\"ETHUSDT\"}]"),
			    &list, err, sizeof err);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(list[0].symbol, "ETHUSDT");
	free(list);
}

static void test_parse_rest(void)
{
	static const char trades[] =
		"[{\"buyer\":true,\"commission\":\"0.36753000\",\"commissionAsset\":\"USDT\","
		"\"id\":698759,\"maker\":false,\"orderId\":22542179,\"price\":\"61250.0\","
		"\"qty\":\"0.012\",\"quoteQty\":\"735.00000\",\"realizedPnl\":\"0\","
		"\"side\":\"BUY\",\"positionSide\":\"BOTH\",\"symbol\":\"BTCUSDT\","
		"\"time\":1764489600150}]";
	static const char positions[] =
		"[{\"symbol\":\"BTCUSDT\",\"positionSide\":\"BOTH\",\"positionAmt\":\"-0.012\","
		"\"entryPrice\":\"61250.0\",\"breakEvenPrice\":\"61280.6\","
		"\"markPrice\":\"61300.00000000\",\"unRealizedProfit\":\"-0.60000000\","
		"\"liquidationPrice\":\"65000.1\",\"isolatedMargin\":\"73.5\","
		"\"notional\":\"-735.60000000\",\"marginAsset\":\"USDT\","
		"\"isolatedWallet\":\"74.1\",\"initialMargin\":\"73.56\",\"maintMargin\":\"2.9\","
		"\"adl\":1,\"updateTime\":1764489600150}]";
	static const char account[] =
		"{\"totalInitialMargin\":\"73.56\",\"totalMaintMargin\":\"2.9\","
		"\"totalWalletBalance\":\"10000.00000000\",\"totalUnrealizedProfit\":\"-0.6\","
		"\"totalMarginBalance\":\"9999.4\",\"availableBalance\":\"9925.84\","
		"\"maxWithdrawAmount\":\"9925.84\",\"assets\":[],\"positions\":[]}";
	static const char mark[] =
		"{\"symbol\":\"BTCUSDT\",\"markPrice\":\"61300.00000000\","
		"\"indexPrice\":\"61290.1\",\"estimatedSettlePrice\":\"61288.0\","
		"\"lastFundingRate\":\"0.00010000\",\"interestRate\":\"0.00010000\","
		"\"nextFundingTime\":1764504000000,\"time\":1764489601000}";
	static const char info[] =
		"{\"timezone\":\"UTC\",\"serverTime\":1764489600000,\"rateLimits\":["
		"{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,"
		"\"limit\":2400},{\"rateLimitType\":\"ORDERS\",\"interval\":\"MINUTE\","
		"\"intervalNum\":1,\"limit\":1200},{\"rateLimitType\":\"ORDERS\","
		"\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":300}],\"symbols\":[]}";
	struct fut_trade *t;
	struct fut_position *p;
	struct fut_account a;
	struct fut_mark m;
	struct fut_rate_limit rl[2];
	int64_t st;
	char err[200];
	long n;

	n = fut_parse_trades(S(trades), &t, err, sizeof err);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(t[0].id, 698759);
		CHECK_INT(t[0].order_id, 22542179);
		CHECK_STR(t[0].price, "61250.0");
		CHECK_STR(t[0].qty, "0.012");
		CHECK_STR(t[0].quote_qty, "735.00000");
		CHECK_STR(t[0].commission, "0.36753000");
		CHECK_STR(t[0].commission_asset, "USDT");
		CHECK_STR(t[0].realized_pnl, "0");
		CHECK_INT(t[0].side, FUT_BUY);
		CHECK_INT(t[0].maker, 0);
		CHECK_INT(t[0].buyer, 1);
		CHECK_INT(t[0].time, 1764489600150);
	}
	free(t);
	CHECK_INT(fut_parse_trades(S("[{\"id\":1,\"orderId\":2,\"qty\":\"1\"}]"), &t, err,
				   sizeof err), -1);
	CHECK_STR(err, "malformed trade: 'price' is missing or not valid");

	n = fut_parse_positions(S(positions), &p, err, sizeof err);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(p[0].symbol, "BTCUSDT");
		CHECK_STR(p[0].position_side, "BOTH");
		CHECK_STR(p[0].position_amt, "-0.012");
		CHECK_STR(p[0].entry_price, "61250.0");
		CHECK_STR(p[0].break_even_price, "61280.6");
		CHECK_STR(p[0].mark_price, "61300.00000000");
		CHECK_STR(p[0].unrealized_profit, "-0.60000000");
		CHECK_STR(p[0].liquidation_price, "65000.1");
		CHECK_STR(p[0].notional, "-735.60000000");
		CHECK_STR(p[0].isolated_margin, "73.5");
		CHECK_STR(p[0].initial_margin, "73.56");
		CHECK_INT(p[0].update_time, 1764489600150);
	}
	free(p);

	CHECK_INT(fut_parse_account(S(account), &a, err, sizeof err), 0);
	CHECK_STR(a.total_wallet_balance, "10000.00000000");
	CHECK_STR(a.available_balance, "9925.84");
	CHECK_STR(a.total_unrealized_profit, "-0.6");
	CHECK_STR(a.total_margin_balance, "9999.4");
	CHECK_STR(a.max_withdraw_amount, "9925.84");
	CHECK_INT(fut_parse_account(S("{\"totalWalletBalance\":\"1\"}"), &a, err, sizeof err), -1);
	CHECK_STR(err, "malformed account: 'availableBalance' is missing or not valid");

	CHECK_INT(fut_parse_mark(S(mark), &m, err, sizeof err), 0);
	CHECK_STR(m.symbol, "BTCUSDT");
	CHECK_STR(m.mark_price, "61300.00000000");
	CHECK_STR(m.index_price, "61290.1");
	CHECK_STR(m.last_funding_rate, "0.00010000");
	CHECK_INT(m.next_funding_time, 1764504000000);
	CHECK_INT(m.time, 1764489601000);

	CHECK_INT(fut_parse_time(S("{\"serverTime\":1764489600000}"), &st, err, sizeof err), 0);
	CHECK_INT(st, 1764489600000);
	CHECK_INT(fut_parse_time(S("{\"serverTime\":\"soon\"}"), &st, err, sizeof err), -1);

	/* Two of the three limits fit. */
	CHECK_INT(fut_parse_rate_limits(S(info), rl, 2, err, sizeof err), 2);
	CHECK_STR(rl[0].type, "REQUEST_WEIGHT");
	CHECK_STR(rl[0].interval, "MINUTE");
	CHECK_INT(rl[0].interval_num, 1);
	CHECK_INT(rl[0].limit, 2400);
	CHECK_STR(rl[1].type, "ORDERS");
	CHECK_INT(rl[1].limit, 1200);
	CHECK_INT(fut_parse_rate_limits(S("{\"symbols\":[]}"), rl, 2, err, sizeof err), -1);
}

/* ---- client ids ---- */

static void test_client_ids(void)
{
	static const char *const sig[] = {
		"binance:futures:BTCUSDT:5m:1764489600000", "x", "s:1", "a b c",
		"binance:futures:1000PEPEUSDT:1m:1764489600000", "BTC/USDT 5m#42"
	};
	char a[FUT_ID_MAX], b[FUT_ID_MAX], ids[6 * 4 * 3][FUT_ID_MAX];
	int n = 0;

	/* Short ids of Binance's characters stay readable. */
	CHECK_INT(fut_client_id("cb", "s:1", 'e', 0, a), 0);
	CHECK_STR(a, "cb-e0-s:1");
	/* Long ones, or with other characters, become a hash: the prefix,
	 * kind, sequence, a '.' and hex digits up to 36 characters. */
	CHECK_INT(fut_client_id("cb", sig[0], 'e', 0, a), 0);
	CHECK_INT((long)strlen(a), 36);
	CHECK(!strncmp(a, "cb-e0.", 6));
	CHECK_INT((long)strspn(a + 6, "0123456789abcdef"), 30);
	CHECK_INT(fut_client_id("cb", sig[0], 'e', 0, b), 0);
	CHECK_STR(a, b);
	CHECK_INT(fut_client_id("cb", "a b c", 'x', 12345, a), 0);
	CHECK(!strncmp(a, "cb-x12345.", 10));
	CHECK_INT((long)strlen(a), 36);
	/* Every (signal, kind, seq) gives a different valid id. */
	for (int i = 0; i < 6; i++)
		for (int k = 0; k < 4; k++)
			for (unsigned s = 0; s < 3; s++) {
				CHECK_INT(fut_client_id("cb", sig[i], "estx"[k], s, ids[n]), 0);
				CHECKF(fut_client_id_ok(ids[n]), "%s", ids[n]);
				n++;
			}
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			CHECKF(strcmp(ids[i], ids[j]), "%s twice", ids[i]);
	/* Out of range. */
	CHECK_INT(fut_client_id("", "x", 'e', 0, a), -1);
	CHECK_STR(a, "");
	CHECK_INT(fut_client_id("toolongpfx", "x", 'e', 0, a), -1);
	CHECK_INT(fut_client_id("c b", "x", 'e', 0, a), -1);
	CHECK_INT(fut_client_id("cb", "x", 'E', 0, a), -1);
	CHECK_INT(fut_client_id("cb", "x", 'e', 100000, a), -1);
	CHECK_INT(fut_client_id("cb", "", 'e', 0, a), -1);
	/* The pattern. */
	CHECK(fut_client_id_ok("abc.DEF:/_-09"));
	CHECK(fut_client_id_ok("123456789012345678901234567890123456"));
	CHECK(!fut_client_id_ok("1234567890123456789012345678901234567"));
	CHECK(!fut_client_id_ok(""));
	CHECK(!fut_client_id_ok("a b"));
	CHECK(!fut_client_id_ok("a#b"));
}

/* ---- the client on the wire ---- */

#define SECRET "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"
#define KEY "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
#define VECTOR_SIG "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"

static int64_t fixed_clock(void *ctx)
{
	return *(int64_t *)ctx;
}

/* Everything the audit hook saw, as text. */
static struct buf seen = BUF_INIT;
static int refuse_next;

static int hook(void *ctx, const struct fut_audit *a)
{
	(void)ctx;
	buf_printf(&seen, "%s %s %s %s", a->event, a->method, a->path, a->params);
	if (a->reply)
		buf_printf(&seen, " -> %s %ld %d %s [%.*s]", fut_outcome_name(a->reply->outcome),
			   a->reply->http_status, a->reply->code, a->reply->msg,
			   (int)a->body_len, a->body);
	buf_addc(&seen, '\n');
	if (refuse_next && !strcmp(a->event, "request")) {
		refuse_next = 0;
		return 1;
	}
	return 0;
}

#define H200(body) "HTTP/1.1 200 OK\r\nContent-Length: " #body "\r\n\r\n"

static char *answer(long status, const char *body)
{
	static char b[16][1024];
	static int k;
	char *p = b[k++ % 16];

	snprintf(p, 1024, "HTTP/1.1 %ld X\r\nContent-Type: application/json\r\n"
		 "X-MBX-ORDER-COUNT-10S: 1\r\nContent-Length: %zu\r\n\r\n%s", status,
		 strlen(body), body);
	return p;
}

static void test_wire(void)
{
	const char *script[16];
	int64_t now = 1591702613943;
	struct fut_config cfg = {
		.api_key = KEY, .api_secret = SECRET, .timeout_ms = 500,
		.connect_timeout_ms = 500, .audit = hook, .clock_ms = fixed_clock, .clock_ctx = &now
	};
	struct tiny t;
	struct fut_client *c;
	struct fut_reply r;
	struct fut_order o;
	struct fut_algo a;
	struct fut_position *pos;
	struct symbol_info *syms;
	struct fut_rate_limit rl[4];
	size_t nrl;
	const char *log;
	char errfile[] = "/tmp/cb-futerr-XXXXXX";
	int errfd = mkstemp(errfile), saved = dup(2);
	size_t k = 0;

	script[k++] = answer(200, order_ack);                                   /* 1 */
	script[k++] = answer(400, "{\"code\":-1021,\"msg\":\"Timestamp for this request "
			     "is outside of the recvWindow.\"}");                       /* 2 */
	script[k++] = answer(200, "{\"serverTime\":1591702618943}");            /* 3 */
	script[k++] = answer(200, order_ack);                                   /* 4 */
	script[k++] = answer(200, "{\"orderId\":");                             /* 5 */
	script[k++] = answer(200, "{\"orderId\":");                             /* 6 */
	script[k++] = answer(400, "{\"code\":-4046,\"msg\":\"No need to change margin "
			     "type.\"}");                                               /* 7 */
	script[k++] = answer(200, algo_query);                                  /* 8 */
	script[k++] = answer(200, "[]");                                        /* 9 */
	script[k++] = answer(200, "{\"rateLimits\":[{\"rateLimitType\":\"ORDERS\","
			     "\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":300}],"
			     "\"symbols\":[{\"symbol\":\"BTCUSDT\",\"status\":\"TRADING\","
			     "\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"tickSize\":\"0.10\"},"
			     "{\"filterType\":\"LOT_SIZE\",\"stepSize\":\"0.001\","
			     "\"minQty\":\"0.001\"},{\"filterType\":\"MIN_NOTIONAL\","
			     "\"notional\":\"50\"}]}]}");                               /* 10 */
	script[k++] = "DROP";                                                   /* 11 */
	CHECK_INT(tiny_start(&t, script, k), 0);
	cfg.base_url = t.url;
	/* stderr goes to a file, to be searched for secrets. */
	fflush(stderr);
	dup2(errfd, 2);
	c = fut_open(&cfg);

	/* 1: the documented signature vector, on the wire. */
	CHECK_INT(fut_new_order(c, &(struct fut_order_req){ .symbol = "BTCUSDT", .side = FUT_BUY,
		.type = FUT_LIMIT, .quantity = "1", .price = "9000" }, &r, &o), 0);
	CHECK_INT(r.outcome, FUT_OK);
	CHECK_INT(r.order_count_10s, 1);
	CHECK_INT(o.order_id, 22542179);

	/* 2-4: -1021, a resync (the server is 5000 ms ahead), the same order
	 * once more with the new timestamp. */
	CHECK_INT(fut_new_order(c, &(struct fut_order_req){ .symbol = "BTCUSDT", .side = FUT_BUY,
		.type = FUT_MARKET, .quantity = "0.012", .reduce_only = 1,
		.client_id = "cb-e0-s:1", .want_result = 1 }, &r, &o), 0);
	CHECK_INT(r.outcome, FUT_OK);
	CHECK_INT(fut_offset_ms(c), 5000);

	/* 5: a malformed answer to an order: the order may exist. */
	CHECK_INT(fut_new_order(c, &(struct fut_order_req){ .symbol = "BTCUSDT", .side = FUT_SELL,
		.type = FUT_MARKET, .quantity = "0.012" }, &r, &o), -1);
	CHECK_INT(r.outcome, FUT_UNKNOWN);
	CHECK(!strncmp(r.msg, "malformed answer: ", 18));
	/* 6: to a query: a bad answer, nothing unknown. */
	CHECK_INT(fut_query_order(c, "BTCUSDT", 0, "cb-e0-s:1", &r, &o), -1);
	CHECK_INT(r.outcome, FUT_BAD_ANSWER);
	/* 7: -4046 is as good as done. */
	CHECK_INT(fut_set_margin_type(c, "BTCUSDT", FUT_ISOLATED, &r), 0);
	CHECK_INT(r.outcome, FUT_OK);
	CHECK_INT(r.code, -4046);
	/* 8: a stop-loss on the algo API. */
	CHECK_INT(fut_new_algo(c, &(struct fut_algo_req){ .symbol = "BTCUSDT", .side = FUT_SELL,
		.type = FUT_STOP_MARKET, .trigger_price = "61234.5", .close_position = 1,
		.client_algo_id = "cb-s0.0f1e" }, &r, &a), 0);
	CHECK_INT(a.algo_id, 2146760);
	/* The hook refuses: nothing is sent. */
	refuse_next = 1;
	CHECK_INT(fut_cancel_algo(c, 2146760, NULL, &r, &a), -1);
	CHECK_INT(r.outcome, FUT_NOT_SENT);
	/* 9: an empty list. */
	pos = (void *)&r;
	CHECK_INT(fut_position_risk(c, NULL, &pos, &r), 0);
	CHECK(pos == NULL);
	/* 10: exchangeInfo, unsigned. */
	CHECK_INT(fut_exchange_info(c, &syms, rl, 4, &nrl, &r), 1);
	CHECK_INT((long)nrl, 1);
	CHECK_INT(rl[0].interval_num, 10);
	if (syms) {
		CHECK_STR(syms[0].symbol, "BTCUSDT");
		CHECK_NUM(syms[0].tick_size, 0.1);
		CHECK_NUM(syms[0].min_notional, 50);
	}
	free(syms);
	/* 11: dropped after reading: unknown. */
	CHECK_INT(fut_cancel_order(c, "BTCUSDT", 22542179, NULL, &r, &o), -1);
	CHECK_INT(r.outcome, FUT_UNKNOWN);
	/* Bad arguments never leave. */
	CHECK_INT(fut_new_order(c, &(struct fut_order_req){ .symbol = "BTCUSDT", .side = FUT_BUY,
		.type = FUT_MARKET, .quantity = "1e-3" }, &r, &o), -1);
	CHECK_INT(r.outcome, FUT_REJECTED);
	CHECK_STR(r.msg, "not sent: the quantity is not a decimal");
	CHECK_INT(fut_new_order(c, &(struct fut_order_req){ .symbol = "BTCUSDT", .side = FUT_BUY,
		.type = FUT_MARKET, .quantity = "1", .client_id = "no spaces" }, &r, &o), -1);
	CHECK_INT(fut_new_algo(c, &(struct fut_algo_req){ .symbol = "BTCUSDT", .side = FUT_SELL,
		.type = FUT_STOP_MARKET, .trigger_price = "1", .close_position = 1,
		.quantity = "1" }, &r, &a), -1);
	CHECK_INT(fut_set_leverage(c, "BTCUSDT", 0, &r), -1);
	fut_close(c);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	log = tiny_log(&t);
	CHECK(strstr(log, "POST /fapi/v1/order?symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1"
		     "&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"
		     "&signature=" VECTOR_SIG " HTTP/1.1\r\n"));
	CHECK(strstr(log, "X-MBX-APIKEY: " KEY "\r\n"));
	/* The order after -1021 went twice, the second time on server time;
	 * its client id's ':' encoded. */
	CHECK_INT(tiny_count(log, "POST /fapi/v1/order?symbol=BTCUSDT&side=BUY&type=MARKET"
			     "&quantity=0.012&reduceOnly=true&newClientOrderId=cb-e0-s%3A1"
			     "&newOrderRespType=RESULT&recvWindow=5000&timestamp="), 2);
	CHECK(strstr(log, "&timestamp=1591702618943&signature="));
	CHECK(strstr(log, "GET /fapi/v1/time HTTP/1.1\r\n"));
	CHECK(strstr(log, "GET /fapi/v1/order?symbol=BTCUSDT&origClientOrderId=cb-e0-s%3A1"
		     "&recvWindow=5000&timestamp="));
	CHECK(strstr(log, "POST /fapi/v1/marginType?symbol=BTCUSDT&marginType=ISOLATED&"));
	CHECK(strstr(log, "POST /fapi/v1/algoOrder?algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL"
		     "&type=STOP_MARKET&triggerPrice=61234.5&closePosition=true"
		     "&workingType=MARK_PRICE&clientAlgoId=cb-s0.0f1e&recvWindow=5000&"));
	CHECK(!strstr(log, "DELETE /fapi/v1/algoOrder"));
	CHECK(strstr(log, "GET /fapi/v3/positionRisk?recvWindow=5000&timestamp="));
	CHECK(strstr(log, "GET /fapi/v1/exchangeInfo HTTP/1.1\r\n"));
	CHECK(strstr(log, "DELETE /fapi/v1/order?symbol=BTCUSDT&orderId=22542179&"));
	/* Unsigned requests carry no key. */
	CHECK_INT(tiny_count(log, "X-MBX-APIKEY"), 9);
	tiny_stop(&t);

	/* The hook saw each request and answer, never a secret. */
	buf_cstr(&seen);
	CHECK(strstr(seen.p, "request POST /fapi/v1/order symbol=BTCUSDT&side=BUY&type=LIMIT"
		     "&quantity=1&price=9000&timeInForce=GTC\n"));
	CHECK(strstr(seen.p, "answer POST /fapi/v1/order symbol=BTCUSDT&side=BUY&type=MARKET"
		     "&quantity=0.012&reduceOnly=true&newClientOrderId=cb-e0-s%3A1"
		     "&newOrderRespType=RESULT -> clock 400 -1021 Timestamp for this request is "
		     "outside of the recvWindow. ["));
	CHECK(strstr(seen.p, "answer DELETE /fapi/v1/order symbol=BTCUSDT&orderId=22542179 -> "
		     "unknown 0 0 "));
	CHECK(strstr(seen.p, "request DELETE /fapi/v1/algoOrder algoId=2146760\n"));
	CHECK(!strstr(seen.p, "answer DELETE /fapi/v1/algoOrder"));
	CHECK(!strstr(seen.p, KEY) && !strstr(seen.p, SECRET) && !strstr(seen.p, VECTOR_SIG));
	CHECK(!strstr(seen.p, "signature") && !strstr(seen.p, "timestamp="));
	{
		char b[4096];
		ssize_t n = pread(errfd, b, sizeof b - 1, 0);

		b[n > 0 ? n : 0] = '\0';
		CHECK(!strstr(b, KEY) && !strstr(b, SECRET) && !strstr(b, VECTOR_SIG));
		close(errfd);
		unlink(errfile);
	}
	buf_release(&seen);
}

/* A closed port: not sent, safe to send again. */
static void test_not_sent(void)
{
	char url[64];
	struct fut_config cfg = { .base_url = url, .api_key = "k", .api_secret = "s",
				  .connect_timeout_ms = 500, .timeout_ms = 500 };
	struct fut_client *c;
	struct fut_reply r;
	struct fut_order o;

	snprintf(url, sizeof url, "http://127.0.0.1:%d/", tiny_closed_port());
	c = fut_open(&cfg);
	CHECK_INT(fut_new_order(c, &(struct fut_order_req){ .symbol = "BTCUSDT", .side = FUT_BUY,
		.type = FUT_MARKET, .quantity = "1" }, &r, &o), -1);
	CHECK_INT(r.outcome, FUT_NOT_SENT);
	CHECK_INT(fut_sync_time(c, &r), -1);
	CHECK_INT(r.outcome, FUT_NOT_SENT);
	fut_close(c);
}

int main(void)
{
	setenv("NO_PROXY", "127.0.0.1", 1);
	setenv("no_proxy", "127.0.0.1", 1);
	test_codes();
	test_statuses();
	test_parse_orders();
	test_parse_algos();
	test_parse_rest();
	test_client_ids();
	test_wire();
	test_not_sent();
	UNIT_END();
}
