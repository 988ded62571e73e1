/* futanswer: the answers of Binance's USD-M futures trading API, as pure
 * functions: what became of a request (its outcome, from trading-facts
 * 1.8 and 1.9), and the parsed shapes of orders, algo (conditional)
 * orders, trades, positions, the account, the mark price, the server time
 * and the rate limits. Text in, values out: no I/O, no clock (the time
 * is an argument), so a stored answer classifies and parses the same way
 * later. futures.h sends the requests.
 *
 * Prices and quantities stay the exact decimal text the exchange wrote
 * ("0.012"): num_parse (num.h) reads one as a double when needed. */
#ifndef CB_FUTANSWER_H
#define CB_FUTANSWER_H

#include <stddef.h>
#include <stdint.h>

#include "rest.h"

/* Room for a client order id or client algo id with its NUL (Binance:
 * ^[.A-Z:/a-z0-9_-]{1,36}$), a decimal, a symbol, a short name. */
#define FUT_ID_MAX 37
#define FUT_DEC_MAX 40
#define FUT_SYM_MAX 32
#define FUT_NAME_MAX 32

/* What became of one request. */
enum fut_outcome {
	FUT_OK,            /* 2xx with a well-formed body */
	FUT_REJECTED,      /* a definite no: nothing was done (-2010, -2019, -2021,
			    * -2022, -4164, -1111, -4003, -4120, -1022, -1008, any
			    * other 4xx, 503 "Service Unavailable.", 503 "Internal
			    * error; ..."); code and msg tell which */
	FUT_NOT_FOUND,     /* -2013 / -2011: no such order (query or cancel) */
	FUT_DUPLICATE,     /* -4116: an OPEN order already carries this client id;
			    * this request created nothing: query the id */
	FUT_UNKNOWN,       /* sent, outcome unknown: no answer, 503 "Unknown error,
			    * please check your request or try again later.",
			    * -1000, -1001, -1006, -1007, 408, another 5xx, a 2xx
			    * whose body is malformed (the order may exist):
			    * resolve it with a query before anything is re-sent */
	FUT_CLOCK,         /* -1021: timestamp outside recvWindow; not executed */
	FUT_RATE_LIMITED,  /* 429, -1003, -1015: not executed; retry_after_s */
	FUT_BANNED,        /* 418: this IP is banned; stop (retry_after_s if known) */
	FUT_NOT_SENT,      /* it never left (connect failed, or the audit hook
			    * refused it): safe to send again */
	FUT_BAD_ANSWER     /* a query's 2xx answer is malformed (msg says how);
			    * a query changes nothing, so nothing is unknown */
};

/* The end of one request. Headers the answer lacked are -1. */
struct fut_reply {
	enum fut_outcome outcome;
	long http_status;          /* 0 if no answer */
	int code;                  /* the exchange's error code, 0 if none */
	char msg[256];             /* its message, the transport error, or "" */
	long retry_after_s;        /* Retry-After, or a ban's end; -1 if unknown */
	long order_count_10s, order_count_1m, used_weight_1m;
	int64_t date;              /* the answer's Date (epoch ms), or 0 */
	long elapsed_ms;
};

enum fut_side { FUT_BUY, FUT_SELL };

enum fut_order_status {
	FUT_ST_NEW, FUT_ST_PARTIALLY_FILLED, FUT_ST_FILLED, FUT_ST_CANCELED,
	FUT_ST_REJECTED, FUT_ST_EXPIRED, FUT_ST_EXPIRED_IN_MATCH,
	FUT_ST_OTHER               /* a status this code does not know: see status_text */
};

enum fut_algo_status {
	FUT_ALGO_NEW, FUT_ALGO_TRIGGERING, FUT_ALGO_TRIGGERED, FUT_ALGO_FINISHED,
	FUT_ALGO_CANCELED, FUT_ALGO_REJECTED, FUT_ALGO_EXPIRED,
	FUT_ALGO_OTHER             /* unknown or absent (a cancel's answer): see status_text */
};

/* A regular order (new, query, cancel, openOrders). */
struct fut_order {
	int64_t order_id;
	char client_id[FUT_ID_MAX];
	char symbol[FUT_SYM_MAX];
	enum fut_order_status status;
	char status_text[FUT_NAME_MAX];
	enum fut_side side;
	char type[FUT_NAME_MAX];          /* "MARKET", "LIMIT", ... */
	char orig_qty[FUT_DEC_MAX];
	char executed_qty[FUT_DEC_MAX];
	char price[FUT_DEC_MAX];          /* "" if absent */
	char avg_price[FUT_DEC_MAX];      /* "" if absent (dropped from the new-order
					   * spec: take fills from userTrades) */
	int reduce_only;
	int close_position;
	int64_t update_time;              /* 0 if absent */
};

/* An algo (conditional) order (new, query, cancel, openAlgoOrders). */
struct fut_algo {
	int64_t algo_id;
	char client_algo_id[FUT_ID_MAX];
	char symbol[FUT_SYM_MAX];
	enum fut_algo_status status;
	char status_text[FUT_NAME_MAX];
	enum fut_side side;
	char order_type[FUT_NAME_MAX];    /* "STOP_MARKET", "TAKE_PROFIT_MARKET", ... */
	char trigger_price[FUT_DEC_MAX];
	char quantity[FUT_DEC_MAX];
	char working_type[FUT_NAME_MAX];
	int close_position, reduce_only;
	char actual_order_id[FUT_DEC_MAX];/* the order made on trigger, "" if none */
	char actual_qty[FUT_DEC_MAX];
	char actual_price[FUT_DEC_MAX];
	int64_t create_time, update_time, trigger_time;  /* 0 if absent */
};

/* One fill of the account (userTrades). */
struct fut_trade {
	int64_t id, order_id, time;
	char symbol[FUT_SYM_MAX];
	enum fut_side side;
	char price[FUT_DEC_MAX], qty[FUT_DEC_MAX], quote_qty[FUT_DEC_MAX];
	char commission[FUT_DEC_MAX], commission_asset[FUT_NAME_MAX];
	char realized_pnl[FUT_DEC_MAX];
	int maker, buyer;
};

/* One position (positionRisk v3). */
struct fut_position {
	char symbol[FUT_SYM_MAX];
	char position_side[FUT_NAME_MAX]; /* "BOTH" in one-way mode */
	char position_amt[FUT_DEC_MAX];   /* signed: negative is short */
	char entry_price[FUT_DEC_MAX], break_even_price[FUT_DEC_MAX];
	char mark_price[FUT_DEC_MAX], unrealized_profit[FUT_DEC_MAX];
	char liquidation_price[FUT_DEC_MAX], notional[FUT_DEC_MAX];
	char isolated_margin[FUT_DEC_MAX], initial_margin[FUT_DEC_MAX];
	int64_t update_time;
};

/* The account's totals (account v3). */
struct fut_account {
	char total_wallet_balance[FUT_DEC_MAX];
	char available_balance[FUT_DEC_MAX];
	char total_unrealized_profit[FUT_DEC_MAX];
	char total_margin_balance[FUT_DEC_MAX];
	char max_withdraw_amount[FUT_DEC_MAX];
};

/* A symbol's mark price (premiumIndex). */
struct fut_mark {
	char symbol[FUT_SYM_MAX];
	char mark_price[FUT_DEC_MAX], index_price[FUT_DEC_MAX];
	char last_funding_rate[FUT_DEC_MAX];
	int64_t next_funding_time, time;
};

/* One of exchangeInfo's rateLimits: {REQUEST_WEIGHT|ORDERS, MINUTE|SECOND|
 * DAY, intervalNum, limit}. */
struct fut_rate_limit {
	char type[FUT_NAME_MAX];
	char interval[FUT_NAME_MAX];
	int interval_num;
	long limit;
};

/* The outcome of one request from what rest_request made of it, a: its
 * result, status, body and headers (trading-facts 1.8, 1.9). Fills *r
 * (outcome, status, code, msg, headers; retry_after_s from Retry-After,
 * or for a ban from "banned until MS" in the message and now_ms). A 2xx
 * is FUT_OK here; the parser of its body may still find it malformed. */
void fut_classify(const struct rest_answer *a, int64_t now_ms, struct fut_reply *r);

/* The outcome's name: "ok", "rejected", "not found", "duplicate",
 * "unknown", "clock", "rate limited", "banned", "not sent", "bad answer". */
const char *fut_outcome_name(enum fut_outcome o);

/* Parsers of 2xx bodies (body[0..len), need not be NUL-terminated). Each
 * returns 0 (or the number of items) with the struct filled, or -1 with a
 * message in err (errlen bytes) if the body is not that shape; a list's
 * array *out (NULL when empty) is the caller's to free(). Required
 * members: an order's orderId and status; an algo order's algoId (or,
 * with cancel set, the cancel answer {algoId, clientAlgoId, code, msg});
 * a trade's id, orderId, price and qty; a position's symbol and
 * positionAmt; the account's totalWalletBalance and availableBalance;
 * the mark's markPrice; serverTime. Absent others are "" or 0. */
int fut_parse_order(const char *body, size_t len, struct fut_order *o, char *err, size_t errlen);
long fut_parse_orders(const char *body, size_t len, struct fut_order **out, char *err,
		      size_t errlen);
int fut_parse_algo(const char *body, size_t len, int cancel, struct fut_algo *a, char *err,
		   size_t errlen);
long fut_parse_algos(const char *body, size_t len, struct fut_algo **out, char *err,
		     size_t errlen);
long fut_parse_trades(const char *body, size_t len, struct fut_trade **out, char *err,
		      size_t errlen);
long fut_parse_positions(const char *body, size_t len, struct fut_position **out, char *err,
			 size_t errlen);
int fut_parse_account(const char *body, size_t len, struct fut_account *a, char *err,
		      size_t errlen);
int fut_parse_mark(const char *body, size_t len, struct fut_mark *m, char *err, size_t errlen);
int fut_parse_time(const char *body, size_t len, int64_t *server_time, char *err, size_t errlen);
/* exchangeInfo's rateLimits: at most cap of them into out. */
long fut_parse_rate_limits(const char *body, size_t len, struct fut_rate_limit *out, size_t cap,
			   char *err, size_t errlen);

#endif
