/* portfolio: the money of a backtest or a paper run, shared by cb-backtest
 * and cb-order (cb-backtest(1), "Money"): cash, the open positions, equity
 * marked at the latest closes, fees, slippage, funding and realized PnL.
 * Pure bookkeeping: values in, values out, no I/O, no clock; the only
 * allocation is the array of open positions, which the portfolio owns.
 *
 *	cash    starts at the balance, pays every fee and every funding
 *	        payment, and receives the gross PnL of each closed position;
 *	equity  cash + the sum over open positions of
 *	        side * quantity * (mark - entry fill), where the mark is the
 *	        position's latest close (pf_mark), or its entry fill until its
 *	        first candle closes;
 *	exposure  the sum of open positions' quantity * entry fill.
 *
 * Equity and exposure are summed over the open positions on each call, so
 * that they are exact (no running sum drifts): O(open positions). Open
 * positions keep the order they were opened in; indexes shift down when
 * an earlier one closes. */
#ifndef CB_PORTFOLIO_H
#define CB_PORTFOLIO_H

#include <stddef.h>
#include <stdint.h>

#include "fill.h"

/* An open position. */
struct pf_position {
	struct position p;   /* the exit rules' state (fill.h); p.last_close
				is the exit rules', not the mark */
	size_t tag;          /* the caller's: e.g. the index of its series */
	double mark;         /* the latest close taken in (pf_mark), or the
				entry fill */
	double notional;     /* quantity * entry fill */
	double fees;         /* fees paid on it so far */
	double slippage;     /* what slippage cost on its fills so far */
	double funding;      /* funding received (negative: paid) */
};

/* A closed position: the numbers of a trade record. */
struct pf_trade {
	int side;
	double entry, exit;      /* fill prices, slippage included */
	double quantity;
	double notional;         /* quantity * entry fill */
	double fees;             /* entry fee + exit fee */
	double slippage;         /* both fills' slippage cost */
	double funding;          /* received, negative when paid */
	double pnl;              /* side * quantity * (exit - entry) - fees + funding */
	double pnl_pct;          /* pnl * 100 / notional */
	size_t tag;
};

struct portfolio {
	double balance;          /* the starting cash */
	double cash;
	double realized;         /* sum of closed trades' pnl */
	double fees, slippage;   /* paid on every fill so far */
	double funding;          /* received so far (negative: paid) */
	struct pf_position *pos; /* open positions, in the order opened */
	size_t n, cap;
};

/* Start pf with balance in cash and no position. */
void pf_init(struct portfolio *pf, double balance);

/* Free pf's positions (pf itself is the caller's); pf may be reused after
 * pf_init. */
void pf_release(struct portfolio *pf);

/* Open a position of quantity (> 0) for side (+1, -1) at market price
 * price: the fill is fill_entry_price(side, price, slippage_bps), the fee
 * fill_fee(quantity * fill, fee_bps) is paid from cash at once. The
 * position starts as fill_open does, marked at its fill, with tag.
 * Returns its index (the last). Dies if memory runs out. */
size_t pf_open(struct portfolio *pf, int side, double price, double quantity,
	       double slippage_bps, double fee_bps, int64_t time, int at_open, size_t tag);

/* Append p, a position opened before (as pf_open made it, carried from
 * an earlier run), as it is: cash and the totals do not change. Returns
 * its index (the last). Dies if memory runs out. */
size_t pf_restore(struct portfolio *pf, const struct pf_position *p);

/* Mark open position i at close: the price its unrealized PnL counts at. */
void pf_mark(struct portfolio *pf, size_t i, double close);

/* Book a funding payment for open position i at price (mark price, or the
 * candle's open) and rate: cash and the position's funding change by
 * fill_funding(side, quantity, price, rate). Returns that amount. */
double pf_fund(struct portfolio *pf, size_t i, double price, double rate);

/* Close open position i at market price price: the fill moves against the
 * trade by slippage_bps, the exit fee on quantity * fill is paid, cash
 * receives side * quantity * (fill - entry fill). Fills *t, removes the
 * position (later indexes shift down by one) and returns t->pnl. */
double pf_close(struct portfolio *pf, size_t i, double price, double slippage_bps,
		double fee_bps, struct pf_trade *t);

/* cash + unrealized PnL at the marks. */
double pf_equity(const struct portfolio *pf);

/* The sum of open positions' quantity * entry fill. */
double pf_exposure(const struct portfolio *pf);

#endif
