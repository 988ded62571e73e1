/* futures: a client of Binance's USD-M futures trading API (fapi), typed:
 * orders, algo (conditional) orders, positions, the account, fills, the
 * mark price, leverage and margin type, exchangeInfo; with the server
 * clock offset, request signing, an audit hook, and deterministic client
 * order ids. The answers' outcomes and shapes are futanswer.h's.
 *
 * Every request goes out once through rest.h, never retried blindly. The
 * one exception is safe by Binance's rules: a signed request answered
 * -1021 (timestamp outside recvWindow; not executed) resyncs the clock
 * and is sent once more. Whatever else happens, the caller sees the
 * outcome (struct fut_reply) and decides: FUT_UNKNOWN must be resolved
 * by a query (fut_query_order, fut_query_algo) before anything is sent
 * again for that order.
 *
 * Signing (trading-facts 1.2): the parameters go in the query string,
 * for every method; recvWindow and timestamp (local clock + offset) are
 * appended and the hex HMAC-SHA256 signature of the whole comes last; the
 * key goes in the header X-MBX-APIKEY. The key, the secret and signatures
 * never reach the audit hook, a message, stderr or stdout.
 *
 * Calls return 0 (or a count) when the outcome is FUT_OK and the answer
 * parsed, else -1; *r always tells what happened. A malformed 2xx answer
 * to a request that changes something is FUT_UNKNOWN (it may have been
 * done), to a query FUT_BAD_ANSWER; a query left FUT_UNKNOWN (no answer)
 * changed nothing either. Arguments are checked before anything is sent:
 * a bad one is FUT_REJECTED with code 0 and nothing sent. The account is
 * taken to be in one-way position mode (positionSide BOTH), as cb-order
 * needs: reduceOnly and closePosition are refused in Hedge Mode. */
#ifndef CB_FUTURES_H
#define CB_FUTURES_H

#include <stddef.h>
#include <stdint.h>

#include "futanswer.h"
#include "symbolinfo.h"

/* What the audit hook sees: once before each request is sent
 * (event "request") and once after it ends (event "answer"). */
struct fut_audit {
	const char *event;           /* "request" or "answer" */
	const char *method;          /* "GET", "POST", "DELETE" */
	const char *path;            /* "/fapi/v1/order" */
	const char *params;          /* URL-encoded, without recvWindow, timestamp
				      * and signature: "symbol=BTCUSDT&side=BUY..." */
	int signed_req;              /* 1 if it is (or was) signed */
	int64_t time_ms;             /* the wall clock at the event */
	/* "answer" only (NULL and 0 for "request"): */
	const struct fut_reply *reply;  /* outcome, status, code, msg, headers, elapsed */
	const char *body;            /* the answer's body, "" if none */
	size_t body_len;
};

/* The hook returns 0 to go on. Non-zero for a "request" stops it: it is
 * not sent and ends FUT_NOT_SENT (a journal that cannot write must not
 * let an order out); for an "answer" it is ignored. The struct and its
 * strings are valid during the call only. */
typedef int (*fut_audit_fn)(void *ctx, const struct fut_audit *a);

struct fut_config {
	const char *base_url;        /* NULL: CB_BINANCE_FUTURES_URL, else
				      * https://fapi.binance.com */
	const char *api_key;         /* copied; NULL: only public requests work */
	const char *api_secret;      /* copied */
	long recv_window_ms;         /* 0: 5000 */
	long timeout_ms;             /* the whole request; 0: 10000 */
	long connect_timeout_ms;     /* 0: 5000 */
	fut_audit_fn audit;          /* or NULL */
	void *audit_ctx;
	/* The local clock in epoch ms; NULL: the wall clock (tests set it). */
	int64_t (*clock_ms)(void *ctx);
	void *clock_ctx;
};

struct fut_client;

/* A new client (cfg and its strings copied). Dies if libcurl cannot be
 * initialised. fut_close wipes the copies of the key and secret. */
struct fut_client *fut_open(const struct fut_config *cfg);
/* Close the client, wiping its key and secret. NULL is allowed. */
void fut_close(struct fut_client *c);

/* GET /fapi/v1/time: measure the server clock's offset from the local one
 * (the server time minus the middle of the request) and keep it for
 * signing. Returns 0, or -1 (offset unchanged). */
int fut_sync_time(struct fut_client *c, struct fut_reply *r);
/* The offset kept (ms; 0 before a sync) and the server's time now by it. */
int64_t fut_offset_ms(const struct fut_client *c);
int64_t fut_server_now_ms(const struct fut_client *c);

enum fut_order_type { FUT_MARKET, FUT_LIMIT };

/* POST /fapi/v1/order. Decimals are exact text ("0.012"), formatted at
 * the filter's decimals by the caller (filters.h's filter_format). */
struct fut_order_req {
	const char *symbol;
	enum fut_side side;
	enum fut_order_type type;
	const char *quantity;
	const char *price;           /* FUT_LIMIT only, else NULL */
	const char *time_in_force;   /* FUT_LIMIT: GTC, IOC, FOK or GTX; NULL: GTC */
	int reduce_only;
	const char *client_id;       /* newClientOrderId (fut_client_id), or NULL */
	int want_result;             /* newOrderRespType=RESULT (else ACK) */
};

/* Place an order; *o is the answer's order. */
int fut_new_order(struct fut_client *c, const struct fut_order_req *q, struct fut_reply *r,
		  struct fut_order *o);
/* GET /fapi/v1/order by order_id (> 0) or else client_id
 * (origClientOrderId). -2013 is FUT_NOT_FOUND. */
int fut_query_order(struct fut_client *c, const char *symbol, int64_t order_id,
		    const char *client_id, struct fut_reply *r, struct fut_order *o);
/* DELETE /fapi/v1/order, the same way. -2011 is FUT_NOT_FOUND. */
int fut_cancel_order(struct fut_client *c, const char *symbol, int64_t order_id,
		     const char *client_id, struct fut_reply *r, struct fut_order *o);
/* GET /fapi/v1/openOrders of symbol, or of all symbols (NULL). Returns
 * the count with a new array *out (the caller frees it), or -1. */
long fut_open_orders(struct fut_client *c, const char *symbol, struct fut_order **out,
		     struct fut_reply *r);

enum fut_algo_type { FUT_STOP_MARKET, FUT_TAKE_PROFIT_MARKET };
enum fut_working_type { FUT_MARK_PRICE, FUT_CONTRACT_PRICE };

/* POST /fapi/v1/algoOrder, algoType=CONDITIONAL. */
struct fut_algo_req {
	const char *symbol;
	enum fut_side side;
	enum fut_algo_type type;
	const char *trigger_price;   /* exact text, at the tick's decimals */
	int close_position;          /* closePosition=true (no quantity then) */
	const char *quantity;        /* without close_position */
	int reduce_only;             /* without close_position */
	enum fut_working_type working_type;
	int price_protect;
	const char *client_algo_id;  /* clientAlgoId (fut_client_id), or NULL */
};

int fut_new_algo(struct fut_client *c, const struct fut_algo_req *q, struct fut_reply *r,
		 struct fut_algo *a);
/* GET /fapi/v1/algoOrder by algo_id (> 0) or else client_algo_id. */
int fut_query_algo(struct fut_client *c, int64_t algo_id, const char *client_algo_id,
		   struct fut_reply *r, struct fut_algo *a);
/* DELETE /fapi/v1/algoOrder the same way; the answer names only the
 * ids (a->status FUT_ALGO_OTHER): query for the state. */
int fut_cancel_algo(struct fut_client *c, int64_t algo_id, const char *client_algo_id,
		    struct fut_reply *r, struct fut_algo *a);
/* GET /fapi/v1/openAlgoOrders of symbol or of all (NULL), as fut_open_orders. */
long fut_open_algo_orders(struct fut_client *c, const char *symbol, struct fut_algo **out,
			  struct fut_reply *r);

/* GET /fapi/v3/positionRisk of symbol or of all (NULL), as fut_open_orders. */
long fut_position_risk(struct fut_client *c, const char *symbol, struct fut_position **out,
		       struct fut_reply *r);
/* GET /fapi/v3/account: the balances. */
int fut_account(struct fut_client *c, struct fut_account *a, struct fut_reply *r);
/* GET /fapi/v1/userTrades of symbol, oldest first: from trade from_id on
 * when > 0, else the 7 days from start_time when > 0, else the last 7
 * days (Binance's window); at most limit (1 to 1000; 0: the exchange's
 * 500). As fut_open_orders. */
long fut_user_trades(struct fut_client *c, const char *symbol, int64_t start_time,
		     int64_t from_id, int limit, struct fut_trade **out, struct fut_reply *r);
/* GET /fapi/v1/premiumIndex of symbol (unsigned). */
int fut_mark_price(struct fut_client *c, const char *symbol, struct fut_mark *m,
		   struct fut_reply *r);

/* POST /fapi/v1/leverage: symbol's initial leverage (1 to 125). */
int fut_set_leverage(struct fut_client *c, const char *symbol, int leverage,
		     struct fut_reply *r);
enum fut_margin { FUT_ISOLATED, FUT_CROSSED };
/* POST /fapi/v1/marginType. -4046 "No need to change margin type" is
 * FUT_OK (r->code stays -4046). */
int fut_set_margin_type(struct fut_client *c, const char *symbol, enum fut_margin m,
			struct fut_reply *r);

/* GET /fapi/v1/exchangeInfo (unsigned): every symbol with its filters into
 * a new array *symbols (the caller frees it; exchange_binance's parser,
 * as cb-fetch reads them) and at most cap rate limits (REQUEST_WEIGHT,
 * ORDERS) into limits, their count in *nlimits. Returns the number of
 * symbols, or -1. */
long fut_exchange_info(struct fut_client *c, struct symbol_info **symbols,
		       struct fut_rate_limit *limits, size_t cap, size_t *nlimits,
		       struct fut_reply *r);

/* A deterministic client order id (or client algo id) into out
 * (FUT_ID_MAX bytes): "PREFIX-KINDSEQ-SIGNAL" with the signal id itself
 * when it fits in 36 characters and uses only Binance's characters
 * ^[.A-Z:/a-z0-9_-]$, else "PREFIX-KINDSEQ.HASH" with as many hex digits
 * of its SHA-256 as fit. The same arguments always give the same id;
 * different kinds or sequence numbers give different ids. prefix: 1 to 8
 * of Binance's characters ("cb"); kind: a lowercase letter (entry 'e',
 * stop 's', take-profit 't', exit 'x'); seq: 0 to 99999. Returns 0, or
 * -1 (out "") for arguments out of those ranges or an empty signal id. */
int fut_client_id(const char *prefix, const char *signal_id, char kind, unsigned seq,
		  char out[FUT_ID_MAX]);

/* 1 if s matches Binance's client id pattern ^[.A-Z:/a-z0-9_-]{1,36}$. */
int fut_client_id_ok(const char *s);

#endif
