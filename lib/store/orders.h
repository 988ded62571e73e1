/* store/orders.h: cb-order's tables (cb-store(5)), one book per mode
 * ("paper" or "live"):
 *   order_book       the replay's state between runs: the steps done,
 *                    cash and totals, the UTC day, a manual halt
 *   order_positions  the open positions, with what the exit rules know
 *   order_cooldowns  each symbol's last exit
 *   order_signals    every signal acted on (entered or skipped, never
 *                    again) or waiting for its entry candle, with its
 *                    last record
 *   order_trades     the closed trades, as their trade records say
 *   order_audit      every request to an exchange and its answer:
 *                    append only (triggers refuse UPDATE and DELETE)
 * Every function returns 0, or -1 after printing an error naming the
 * store; the caller holds the transaction (store_begin). */
#ifndef CB_STORE_ORDERS_H
#define CB_STORE_ORDERS_H

#include <stdint.h>

#include "replay.h"
#include "store/store.h"
#include "traderec.h"

/* The book of mode into *st (initialised here; bt_state_release frees
 * it) and its manual halt (reason into halt, haltlen bytes, "" if none).
 * *found is 0 and st empty (done INT64_MIN) for a mode never run (its
 * halt may be set). */
int store_book_get(struct store *s, const char *mode, struct bt_state *st, char *halt,
		   size_t haltlen, int *found);

/* Replace the book of mode with st: its totals, positions and cooldowns
 * (the manual halt stays). now is the time of the run, for status. */
int store_book_put(struct store *s, const char *mode, const struct bt_state *st, int64_t now);

/* Set (reason not NULL) or clear (NULL) the manual halt of mode, which
 * blocks new entries in every later run. */
int store_book_halt(struct store *s, const char *mode, const char *reason, int64_t now);

/* What became of a signal. */
enum order_signal_status { OSIG_WAITING, OSIG_ENTERED, OSIG_SKIPPED };

/* Record signal id of mode: its status, the reason it was skipped (or
 * NULL), the time it was decided at (its entry time; the detection time
 * while it waits) and its last record (the NDJSON line, len bytes). A
 * waiting signal may be recorded again; an entered or skipped one is
 * never changed. */
int store_order_signal_put(struct store *s, const char *mode, const char *id,
			   enum order_signal_status status, const char *reason, int64_t time,
			   const char *record, size_t len);

/* Call fn for each signal of mode with status st (the ids sorted), with
 * its last record. */
int store_order_signal_each(struct store *s, const char *mode, enum order_signal_status st,
			    void (*fn)(void *ctx, const char *id, const char *record,
				       const char *reason, int64_t time),
			    void *ctx);

/* Store a closed trade of mode (r->mode is not stored). */
int store_order_trade_put(struct store *s, const char *mode, const struct trade_rec *r);

/* Call fn for each trade of mode in the order they closed (r->mode set). */
int store_order_trade_each(struct store *s, const char *mode,
			   void (*fn)(void *ctx, const struct trade_rec *r), void *ctx);

/* The time of the last trade of symbol in mode into *t, with *has 1; *has
 * 0 if it has none. */
int store_order_last_exit(struct store *s, const char *mode, const char *symbol, int *has,
			  int64_t *t);

/* The counts of mode's signals by status, trades, and its realized pnl. */
struct order_counts {
	long waiting, entered, skipped, trades;
	double pnl;
};
int store_order_counts(struct store *s, const char *mode, struct order_counts *c);

#endif
