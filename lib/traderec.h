/* traderec: the trade record of cb-formats(5), one writer for the tools
 * that make trades: cb-backtest from its replay, cb-order from its store
 * (paper trades equal the backtest's byte for byte, apart from mode). */
#ifndef CB_TRADEREC_H
#define CB_TRADEREC_H

#include <stdint.h>

#include "fill.h"
#include "replay.h"
#include "report.h"

/* A trade as its record says it. Strings are borrowed. */
struct trade_rec {
	const char *id;          /* the signal's id: a signal is traded once */
	const char *signal_id;
	const char *symbol;
	int side;                /* +1 long, -1 short */
	int64_t entry_time, exit_time;
	double entry_price, exit_price, quantity, notional;
	double fees, slippage, funding, pnl, pnl_pct;
	enum exit_reason reason;
	double mfe_pct, mae_pct;
	const char *mode;        /* cb-order's "paper" or "live"; NULL: no member */
};

/* The record of trade t of a replay (pointers into t's signal and series). */
void trade_rec_of(const struct bt_trade *t, struct trade_rec *out);

/* Write r as a trade record to rep, members in the order of cb-formats(5),
 * mode last. */
void trade_rec_write(struct report *rep, const struct trade_rec *r);

#endif
