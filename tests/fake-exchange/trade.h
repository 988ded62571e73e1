/* trade: the fake exchange's Binance USD-M trading account.
 *
 * One account in one-way mode with a USDT balance: per-symbol leverage,
 * margin type and position (signed amount, average entry price, realized
 * PnL), orders (MARKET, and LIMIT orders that rest until the mark crosses
 * them), conditional algo orders (STOP_MARKET, TAKE_PROFIT_MARKET) that
 * trigger on the mark price, fills with a 0.05% taker commission. The
 * mark of a symbol is the market model's price at the fake clock "now"
 * (rounded to the tick), unless a test set it with /_fake/mark. trade.c
 * also serves the signed endpoints that use this state and checks their
 * key, signature and timestamp. The struct trade owns all its memory. */
#ifndef FAKE_TRADE_H
#define FAKE_TRADE_H

#include <stddef.h>
#include <stdint.h>

struct fake;
struct params;
struct request;
struct response;
struct strmap;

#define CID_MAX 40   /* client ids: at most 36 characters */

/* Order statuses (Binance's names in trade.c). */
enum { ST_NEW, ST_PARTIALLY_FILLED, ST_FILLED, ST_CANCELED, ST_EXPIRED };
/* Algo order statuses: NEW, FINISHED, CANCELED, EXPIRED. */
enum { AL_NEW, AL_FINISHED, AL_CANCELED, AL_EXPIRED };
#define KEY_MAX 256

/* A regular order (/fapi/v1/order), also the MARKET order an algo order
 * places when it triggers. */
struct order {
	int64_t id;
	char client[CID_MAX];
	size_t sym;             /* index into the market's symbols */
	int buy;
	int limit;              /* 0 MARKET, 1 LIMIT */
	int reduce_only, close_position;
	double qty, price;      /* price: the limit price (0 for MARKET) */
	double executed, quote; /* filled quantity, and the sum of price * qty */
	int status;             /* ST_* */
	char tif[4];            /* LIMIT: GTC, IOC, FOK, GTX, GTD */
	int64_t time, update;
};

/* A conditional algo order (/fapi/v1/algoOrder). */
struct algo {
	int64_t id;
	char client[CID_MAX];
	size_t sym;
	int buy;
	int take_profit;        /* 0 STOP_MARKET, 1 TAKE_PROFIT_MARKET */
	int mark_price;         /* workingType MARK_PRICE (else CONTRACT_PRICE) */
	int close_position, reduce_only, price_protect;
	double qty, trigger;
	int status;             /* AL_* */
	int64_t create, update, trigger_time;
	int64_t actual_id;      /* the order placed on trigger, 0 if none */
	double actual_qty, actual_price;
	long hidden;            /* GET queries still answered -2013 (algo-notfound) */
};

/* A fill, as userTrades lists it. */
struct fill {
	int64_t id, order_id;
	size_t sym;
	int buy, maker;
	double price, qty, commission, realized;
	int64_t time;
};

/* A symbol's position and settings. */
struct pos {
	double amt, entry;      /* signed amount; average entry price */
	int leverage, isolated;
	double mark;            /* the /_fake/mark override, when has_mark */
	int has_mark;
	int64_t update;
};

struct trade {
	char key[KEY_MAX], secret[KEY_MAX];
	double balance0;        /* the USDT balance at the start (--balance) */
	double realized, fees;  /* the sums over all fills */
	size_t nsym;
	struct pos *pos;        /* one per market symbol */
	struct order *orders;
	size_t norders;
	struct algo *algos;
	size_t nalgos;
	struct fill *fills;
	size_t nfills;
	struct strmap *cids, *algo_cids;   /* client id -> orders created with it (long) */
	int64_t checked;        /* the triggers are checked up to this time */
	int has_checked;
	/* orders placed per window of the real clock (X-MBX-ORDER-COUNT-*) */
	int64_t win10, win60;
	long n10, n60;
	/* while one request is served: its fault's effect */
	double partial;         /* a MARKET order fills only this share (0: all) */
	long hide;              /* a new algo order is not found this many times */
};

/* Start with no positions, orders or fills for nsym symbols, a USDT
 * balance, and the API key and secret (copied). */
void trade_init(struct trade *t, size_t nsym, double balance, const char *key, const char *secret);
/* Back to the state of trade_init (key, secret and balance stay). */
void trade_reset(struct trade *t);
/* Free everything. */
void trade_release(struct trade *t);

/* Move the trading clock to now: every mark (of symbols without an
 * override) follows the market's minute path from the last time checked,
 * and orders that the marks trigger or cross fill on the way. A time in
 * the past is taken as it is. */
void trade_advance(struct fake *f, int64_t now);

/* Check a SIGNED request: X-MBX-APIKEY, signature (hex HMAC-SHA256 of the
 * query string and body without the signature), timestamp and recvWindow.
 * Returns 0 if it passes, else -1 with Binance's error in res. */
int trade_auth(struct fake *f, const struct request *req, const struct params *p,
	       struct response *res);

/* POST /_fake/mark?symbol=S&price=P (0: back to the market's price). */
void trade_control_mark(struct fake *f, const struct params *p, struct response *res);
/* GET /_fake/account[?all=1]: the whole trading state as JSON (all=1:
 * with every order, algo order and fill ever made). */
void trade_control_account(struct fake *f, const struct params *p, struct response *res);

#endif
