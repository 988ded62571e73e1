/* Unit tests of the exchange adapters (lib/net): the registry and
 * capabilities, the Binance parsers of exchangeInfo (filters as numbers,
 * futures and spot, as the fake exchange and Binance write them), open
 * interest, tickers, errors and ban bodies, and Bybit's instruments-info
 * (as in Bybit's V5 documentation). */
#include <stdlib.h>
#include <string.h>

#include "filters.h"
#include "msg.h"
#include "net/exchange.h"
#include "net/http.h"
#include "unit.h"

#define S(x) x, sizeof x - 1

static const char futures_info[] =
	"{\"timezone\":\"UTC\",\"serverTime\":1777615200000,\"symbols\":["
	"{\"symbol\":\"BTCUSDT\",\"pair\":\"BTCUSDT\",\"contractType\":\"PERPETUAL\","
	"\"onboardDate\":1569398400000,\"status\":\"TRADING\",\"baseAsset\":\"BTC\","
	"\"quoteAsset\":\"USDT\",\"pricePrecision\":2,\"quantityPrecision\":3,\"filters\":["
	"{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"556.80\",\"maxPrice\":\"4529764\","
	"\"tickSize\":\"0.10\"},{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.001\","
	"\"maxQty\":\"1000\",\"stepSize\":\"0.001\"},{\"filterType\":\"MARKET_LOT_SIZE\","
	"\"minQty\":\"0.001\",\"maxQty\":\"120\",\"stepSize\":\"0.001\"},"
	"{\"filterType\":\"MAX_NUM_ORDERS\",\"limit\":200},"
	"{\"filterType\":\"MIN_NOTIONAL\",\"notional\":\"100\"},"
	"{\"filterType\":\"PERCENT_PRICE\",\"multiplierUp\":\"1.0500\","
	"\"multiplierDown\":\"0.9500\",\"multiplierDecimal\":\"4\"}]},"
	"{\"symbol\":\"BTCUSDT_260626\",\"contractType\":\"CURRENT_QUARTER\",\"status\":\"TRADING\","
	"\"baseAsset\":\"BTC\",\"quoteAsset\":\"USDT\",\"filters\":[]}]}";

static const char spot_info[] =
	"{\"symbols\":[{\"symbol\":\"PEPEUSDT\",\"status\":\"TRADING\",\"baseAsset\":\"PEPE\","
	"\"quoteAsset\":\"USDT\",\"filters\":[{\"filterType\":\"PRICE_FILTER\","
	"\"minPrice\":\"0.00000001\",\"maxPrice\":\"1.00000000\",\"tickSize\":\"0.00000001\"},"
	"{\"filterType\":\"LOT_SIZE\",\"minQty\":\"1.00000000\",\"maxQty\":\"92141578.00000000\","
	"\"stepSize\":\"1.00000000\"},{\"filterType\":\"NOTIONAL\",\"minNotional\":\"1.00000000\","
	"\"applyMinToMarket\":true}]}]}";

static const char oi_rows[] =
	"[{\"symbol\":\"BTCUSDT\",\"sumOpenInterest\":\"20403.63700000\","
	"\"sumOpenInterestValue\":\"150570784.07809979\",\"timestamp\":\"1583127900000\"},"
	"{\"symbol\":\"BTCUSDT\",\"sumOpenInterest\":\"20401.36700000\","
	"\"sumOpenInterestValue\":\"149940752.14464448\",\"timestamp\":1583128200000}]";

static const char tickers[] =
	"[{\"symbol\":\"BTCUSDT\",\"priceChange\":\"-94.99999800\",\"priceChangePercent\":\"-95.960\","
	"\"weightedAvgPrice\":\"0.29628482\",\"lastPrice\":\"4.00000200\",\"openPrice\":\"99.00000000\","
	"\"highPrice\":\"100.00000000\",\"lowPrice\":\"0.10000000\",\"volume\":\"8913.30000000\","
	"\"quoteVolume\":\"15.30000000\",\"openTime\":1499783499040,\"closeTime\":1499869899040,"
	"\"count\":76}]";

static const char bybit_linear[] =
	"{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
	"{\"symbol\":\"BTCUSDT\",\"contractType\":\"LinearPerpetual\",\"status\":\"Trading\","
	"\"baseCoin\":\"BTC\",\"quoteCoin\":\"USDT\",\"launchTime\":\"1585526400000\","
	"\"priceFilter\":{\"minPrice\":\"0.10\",\"maxPrice\":\"199999.80\",\"tickSize\":\"0.10\"},"
	"\"lotSizeFilter\":{\"maxOrderQty\":\"100.000\",\"minOrderQty\":\"0.001\","
	"\"qtyStep\":\"0.001\",\"minNotionalValue\":\"5\"}}],\"nextPageCursor\":\"\"},"
	"\"retExtInfo\":{},\"time\":1777615200000}";

static const char bybit_spot[] =
	"{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"spot\",\"list\":["
	"{\"symbol\":\"BTCUSDT\",\"baseCoin\":\"BTC\",\"quoteCoin\":\"USDT\",\"status\":\"Trading\","
	"\"lotSizeFilter\":{\"basePrecision\":\"0.000001\",\"quotePrecision\":\"0.00000001\","
	"\"minOrderQty\":\"0.000048\",\"maxOrderQty\":\"71.73956243\",\"minOrderAmt\":\"1\","
	"\"maxOrderAmt\":\"2000000\"},\"priceFilter\":{\"tickSize\":\"0.01\"}}]}}";

/* Text and URLs from outside, made safe to print (issue 15). */
static void test_printable(void)
{
	char s[] = "a\033[2Jb\nc\x7f\td";
	char msg[100], *u;
	long code;
	const char *body = "{\"code\":-1,\"msg\":\"bad\\u001b[31m\\nforged line\"}";

	msg_printable(s);
	CHECK_STR(s, "a?[2Jb?c??d");
	CHECK_INT(exchange_binance.error(body, strlen(body), &code, msg, sizeof msg), 1);
	CHECK_INT(code, -1);
	CHECK_STR(msg, "bad?[31m?forged line");
	body = "{\"retCode\":10001,\"retMsg\":\"x\\u0007y\",\"result\":{}}";
	CHECK_INT(exchange_bybit.error(body, strlen(body), &code, msg, sizeof msg), 1);
	CHECK_STR(msg, "x?y");
	u = http_url_shown("https://user:secret@api.example:8443/fapi/v1/klines?a=b@c");
	CHECK_STR(u, "https://***@api.example:8443/fapi/v1/klines?a=b@c");
	free(u);
	u = http_url_shown("http://127.0.0.1:5000/x?email=a@b");
	CHECK_STR(u, "http://127.0.0.1:5000/x?email=a@b");
	free(u);
	u = http_url_shown("http://tok@h");
	CHECK_STR(u, "http://***@h");
	free(u);
}

int main(void)
{
	struct symbol_info *si;
	struct oi *oi = NULL;
	struct ticker *tk;
	size_t n = 0, cap = 0;
	char err[200], msg[100];
	long code;

	test_printable();
	/* The registry: four adapters, found by name; what each serves. */
	CHECK(exchange_find("binance") == &exchange_binance);
	CHECK(exchange_find("bybit") == &exchange_bybit);
	CHECK(exchange_find("mexc") == &exchange_mexc);
	CHECK(exchange_find("sim") == &exchange_sim);
	CHECK(exchange_find("kraken") == NULL);
	CHECK(exchange_binance.serves & EXCHANGE_SYMBOLS);
	CHECK(exchange_binance.serves & EXCHANGE_OI);
	CHECK(!(exchange_binance.serves & EXCHANGE_PUMPS));
	CHECK(exchange_sim.generated);
	CHECK(exchange_sim.serves & EXCHANGE_OI);
	CHECK(exchange_sim.serves & EXCHANGE_SYMBOLS);
	CHECK(exchange_sim.serves & EXCHANGE_PUMPS);
	CHECK(!(exchange_bybit.serves & EXCHANGE_OI));
	CHECK(exchange_bybit.serves & EXCHANGE_SYMBOLS);
	CHECK(!(exchange_mexc.serves & EXCHANGE_SYMBOLS));
	CHECK_INT(exchange_mexc.markets, EXCHANGE_SPOT);

	/* exchangeInfo, futures: the filters as numbers. */
	CHECK_INT(exchange_binance.parse_symbols(S(futures_info), "futures", &si, err, sizeof err), 2);
	CHECK_STR(si[0].exchange, "binance");
	CHECK_STR(si[0].market, "futures");
	CHECK_STR(si[0].symbol, "BTCUSDT");
	CHECK_STR(si[0].status, "TRADING");
	CHECK_STR(si[0].base_asset, "BTC");
	CHECK_STR(si[0].quote_asset, "USDT");
	CHECK_STR(si[0].contract_type, "PERPETUAL");
	CHECK_NUM(si[0].tick_size, 0.1);
	CHECK_NUM(si[0].step_size, 0.001);
	CHECK_NUM(si[0].min_qty, 0.001);
	CHECK_NUM(si[0].min_notional, 100);
	CHECK_INT(si[0].onboard_date, 1569398400000);
	/* ... which the filter rules round with. */
	CHECK_NUM(filter_round_down(64123.456, si[0].tick_size), 64123.4);
	CHECK_NUM(filter_round_down(0.0125, si[0].step_size), 0.012);
	/* A symbol without filters: NaN (null in its record). */
	CHECK_STR(si[1].contract_type, "CURRENT_QUARTER");
	CHECK(isnan(si[1].tick_size) && isnan(si[1].step_size));
	CHECK(isnan(si[1].min_qty) && isnan(si[1].min_notional));
	CHECK_INT(si[1].onboard_date, 0);
	free(si);

	/* exchangeInfo, spot: NOTIONAL's minNotional, 8-decimal strings. */
	CHECK_INT(exchange_binance.parse_symbols(S(spot_info), "spot", &si, err, sizeof err), 1);
	CHECK_STR(si[0].market, "spot");
	CHECK_STR(si[0].contract_type, "");
	CHECK_NUM(si[0].tick_size, 1e-8);
	CHECK_NUM(si[0].step_size, 1);
	CHECK_NUM(si[0].min_qty, 1);
	CHECK_NUM(si[0].min_notional, 1);
	free(si);

	/* Malformed answers. */
	CHECK_INT(exchange_binance.parse_symbols(S("{\"symbols\":"), "spot", &si, err, sizeof err), -1);
	CHECK(si == NULL);
	CHECK_INT(exchange_binance.parse_symbols(S("{}"), "spot", &si, err, sizeof err), -1);
	CHECK_STR(err, "malformed answer: no symbols list");

	/* Bybit's instruments-info: linear and spot filters. */
	CHECK_INT(exchange_bybit.parse_symbols(S(bybit_linear), "futures", &si, err, sizeof err), 1);
	CHECK_STR(si[0].exchange, "bybit");
	CHECK_STR(si[0].status, "Trading");
	CHECK_STR(si[0].contract_type, "LinearPerpetual");
	CHECK_NUM(si[0].tick_size, 0.1);
	CHECK_NUM(si[0].step_size, 0.001);
	CHECK_NUM(si[0].min_qty, 0.001);
	CHECK_NUM(si[0].min_notional, 5);
	CHECK_INT(si[0].onboard_date, 1585526400000);
	free(si);
	CHECK_INT(exchange_bybit.parse_symbols(S(bybit_spot), "spot", &si, err, sizeof err), 1);
	CHECK_STR(si[0].contract_type, "");
	CHECK_NUM(si[0].tick_size, 0.01);
	CHECK_NUM(si[0].step_size, 0.000001);
	CHECK_NUM(si[0].min_qty, 0.000048);
	CHECK_NUM(si[0].min_notional, 1);
	CHECK_INT(si[0].onboard_date, 0);
	free(si);
	CHECK_INT(exchange_bybit.parse_symbols(S("{\"retCode\":10001,\"retMsg\":\"params error\","
						 "\"result\":{}}"), "spot", &si, err, sizeof err), -1);
	CHECK(si == NULL);
	CHECK(exchange_mexc.parse_symbols == NULL);

	/* Open interest: a timestamp as a string or a number. */
	CHECK_INT(exchange_binance.parse_oi(S(oi_rows), "BTCUSDT", "5m", &oi, &n, &cap), 2);
	CHECK_INT((long long)n, 2);
	CHECK_STR(oi[0].exchange, "binance");
	CHECK_STR(oi[0].period, "5m");
	CHECK_INT(oi[0].time, 1583127900000);
	CHECK_NUM(oi[0].open_interest, 20403.637);
	CHECK_NUM(oi[1].open_interest_value, 149940752.14464448);
	CHECK_INT(oi[1].time, 1583128200000);
	CHECK_INT(exchange_binance.parse_oi(S("[{\"timestamp\":\"x\"}]"), "BTCUSDT", "5m", &oi, &n,
					    &cap), -1);
	CHECK_INT((long long)n, 2);  /* nothing appended */
	CHECK_INT(exchange_binance.parse_oi(S("{\"code\":-1}"), "BTCUSDT", "5m", &oi, &n, &cap), -1);
	free(oi);

	/* Tickers. */
	CHECK_INT(exchange_binance.parse_tickers(S(tickers), "spot", &tk), 1);
	CHECK_STR(tk[0].symbol, "BTCUSDT");
	CHECK_NUM(tk[0].price_change_pct, -95.96);
	CHECK_NUM(tk[0].last_price, 4.000002);
	CHECK_INT(tk[0].trades, 76);
	CHECK_INT(tk[0].close_time, 1499869899040);
	free(tk);

	/* Errors and bans. */
	CHECK_INT(exchange_binance.error(S("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"), &code, msg,
					 sizeof msg), 1);
	CHECK_INT(code, -1121);
	CHECK_STR(msg, "Invalid symbol.");
	CHECK_INT(exchange_binance.error(S("<html>"), &code, msg, sizeof msg), 0);
	CHECK_INT(exchange_mexc.error(S("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"), &code, msg,
				      sizeof msg), 1);
	CHECK_INT(exchange_bybit.error(S("{\"retCode\":10001,\"retMsg\":\"params error\"}"), &code, msg,
				       sizeof msg), 1);
	CHECK_INT(code, 10001);
	CHECK_STR(msg, "params error");
	CHECK_INT(exchange_binance.ban_until(S("{\"code\":-1003,\"msg\":\"Way too many requests; IP "
					       "banned until 1746057600000. Please use the websocket "
					       "for live updates to avoid bans.\"}")), 1746057600000);
	CHECK_INT(exchange_binance.ban_until(S("{\"code\":-1003,\"msg\":\"Too many requests\"}")), 0);
	CHECK_INT(exchange_binance.ban_until(NULL, 0), 0);
	CHECK(exchange_bybit.ban_until == NULL);
	CHECK_INT(exchange_bybit.ban_status, 403);
	UNIT_END();
}
