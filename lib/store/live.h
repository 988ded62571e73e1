/* store/live.h: cb-order's journal of live orders and its live positions
 * (cb-store(5) live_orders, live_positions), and the audit trail
 * (order_audit). The journal is what makes a live run safe to kill at any
 * point: an order's intent is committed before its request leaves, its
 * outcome after the answer, so that the next run knows every order that
 * may exist and resolves the unknown ones by a query before anything else
 * is sent. Every function returns 0, or -1 after printing an error naming
 * the store; the caller holds the transaction. */
#ifndef CB_STORE_LIVE_H
#define CB_STORE_LIVE_H

#include <stdint.h>

#include "signalrec.h"
#include "store/store.h"

#define LIVE_ID_MAX 37     /* a client order id and its NUL */
#define LIVE_DEC_MAX 40    /* an exact decimal and its NUL */
#define LIVE_SYM_MAX 32

/* What an order is for. */
enum live_kind { LIVE_ENTRY, LIVE_STOP, LIVE_TAKE_PROFIT, LIVE_EXIT, LIVE_NKINDS };

/* Where an order stands, as far as the journal knows. */
enum live_state {
	LS_INTENT,     /* committed, its request may or may not have left */
	LS_UNKNOWN,    /* sent, the outcome unknown: a query must tell */
	LS_OPEN,       /* on the exchange, working (an algo order: NEW) */
	LS_FILLED,     /* done: filled (an algo order: fired, FINISHED) */
	LS_CANCELED,
	LS_EXPIRED,    /* ended by the exchange (a partly filled MARKET order
			  too: filled_qty tells) */
	LS_REJECTED,   /* refused: it never existed */
	LS_GONE,       /* never placed (a query found nothing) */
	LS_NSTATES
};

struct live_order {
	char client_id[LIVE_ID_MAX];
	char signal_id[SIGNAL_ID_MAX];
	enum live_kind kind;
	char symbol[LIVE_SYM_MAX];
	char side[8];                    /* BUY or SELL */
	char quantity[LIVE_DEC_MAX];     /* "" for closePosition */
	char trigger[LIVE_DEC_MAX];      /* algo orders' trigger price, else "" */
	enum live_state state;
	int64_t exchange_id;             /* orderId or algoId; 0 unknown */
	double filled_qty, avg_price;    /* from the fills; 0 and NaN before */
	char error[256];                 /* the exchange's refusal, or "" */
	int64_t created, updated;
};

/* A position the live account holds for a signal. */
struct live_position {
	char signal_id[SIGNAL_ID_MAX];
	char symbol[LIVE_SYM_MAX];
	int side;                        /* +1 long, -1 short */
	char quantity[LIVE_DEC_MAX];     /* open: as filled, less what partial exits closed */
	double entry_price;              /* the fills' average */
	int64_t entry_time;              /* the strategy's (entry candle open) */
	int64_t opened;                  /* when the entry filled */
	char stop[LIVE_DEC_MAX], take_profit[LIVE_DEC_MAX];  /* triggers, or "" */
	int protect_seq;                 /* sequence of its protective and exit orders */
	double fees;                     /* the entry's commission */
	/* Exits at market that filled only in part (quantity is what is
	 * left): their quantity, quote amount and commission. */
	double closed_qty, closed_quote, exit_fees;
};

const char *live_kind_name(enum live_kind k);
const char *live_state_name(enum live_state s);

/* Insert or replace order o (its client id is the key). */
int store_live_order_put(struct store *s, const struct live_order *o);

/* Call fn for each order of signal_id (NULL: all), oldest first; with
 * open_only, only those in LS_INTENT, LS_UNKNOWN or LS_OPEN. */
int store_live_order_each(struct store *s, const char *signal_id, int open_only,
			  void (*fn)(void *ctx, const struct live_order *o), void *ctx);

/* The order of client_id into *o; *found 0 if the journal has none. */
int store_live_order_get(struct store *s, const char *client_id, struct live_order *o,
			 int *found);

/* Call fn for each entry that filled (wholly or in part) whose signal has
 * neither a live position nor a live trade: a run stopped between the
 * fill and the position. */
int store_live_unbooked_each(struct store *s,
			     void (*fn)(void *ctx, const struct live_order *o), void *ctx);

/* Call fn for each signal with an entry order that exists or may exist on
 * the exchange (any state but gone and rejected): never entered again. */
int store_live_entered_each(struct store *s, void (*fn)(void *ctx, const char *signal_id),
			    void *ctx);

/* Insert or replace position p; delete the position of signal_id. */
int store_live_position_put(struct store *s, const struct live_position *p);
int store_live_position_del(struct store *s, const char *signal_id);

/* Call fn for each live position, oldest first. */
int store_live_position_each(struct store *s,
			     void (*fn)(void *ctx, const struct live_position *p), void *ctx);

/* Append one row to the audit trail: a request (status -1, body NULL) or
 * an answer of mode at time. params never hold a key, a secret or a
 * signature (the caller's duty: futures.h gives them without). */
int store_audit_put(struct store *s, const char *mode, const char *kind, const char *method,
		    const char *path, const char *params, long status, const char *body,
		    size_t body_len, int64_t time);

#endif
