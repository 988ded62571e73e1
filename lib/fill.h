/* fill: the prices and costs of a position's fills and the exit rules of
 * one candle, shared by cb-backtest and cb-order's paper trading so that
 * both get the same trades (cb-backtest(1), "The rules"). Pure: values in,
 * values out; no I/O, no clock, no allocation.
 *
 * A side is +1 (long) or -1 (short). Prices are market prices (an open, a
 * level, a close) until a fill_*_price turns them into fill prices, which
 * move against the trade by the slippage. Percentages and basis points
 * are multiplied before they are divided, as pct.h does, so that round
 * inputs stay round: 100 with 5 bps against a buy is 100.05 exactly, not
 * 100.05000000000001.
 *
 * Exit levels are relative to the entry fill price:
 *	long:  stop  = entry * (100 - stop_loss) / 100
 *	       target = entry * (100 + take_profit) / 100
 *	       trailing = best * (100 - trailing) / 100, best the highest high
 *	short: the same mirrored (stop above, target below, best the lowest low)
 * where best starts at the entry fill price and takes in each *completed*
 * candle since the entry, never the candle being tested (fill_after_candle). */
#ifndef CB_FILL_H
#define CB_FILL_H

#include <stdint.h>

/* One candle as the exit rules see it: [open_time, close_time + 1). */
struct candle_bar {
	int64_t open_time, close_time;
	double open, high, low, close;
};

/* Why a position exits. The names are the trade record's exit_reason. */
enum exit_reason { EXIT_NONE, EXIT_STOP, EXIT_TAKE_PROFIT, EXIT_TRAILING, EXIT_TIME,
		   EXIT_END, EXIT_HALT, EXIT_NREASONS };

/* The exit rules; a 0 turns a rule off. */
struct exit_rules {
	double stop_loss_pct;    /* 15 */
	double take_profit_pct;  /* 10 */
	double trailing_pct;     /* 0 (off) */
	int64_t max_hold_ms;     /* 7 days */
};

/* An open position, as far as its exits are concerned. Start it with
 * fill_open; fill_after_candle keeps hi, lo and last_close. */
struct position {
	int side;              /* +1 long, -1 short */
	double entry;          /* entry fill price (slippage included) */
	double quantity;
	int64_t entry_time;    /* the entry candle's open_time (entry at the open),
				  or detected_at (entry at a close) */
	int entry_at_open;     /* entered at the open of the candle opening at
				  entry_time: that open is no gap */
	double hi, lo;         /* highest and lowest price since the entry: the
				  entry fill, completed candles, and the exit
				  candle up to its exit */
	double last_close;     /* the latest close, or the entry fill before the
				  first candle closes: the mark for equity */
};

/* Where one candle takes a position out. */
struct exit {
	enum exit_reason reason;  /* EXIT_NONE: it stays open */
	int at_open;              /* 1 if it exits at the candle's open (a gap) */
	double price;             /* market price of the exit, before slippage:
				     the open, the level, or the close */
	int64_t time;             /* the candle's open_time for an exit at the open
				     or at a level, close_time + 1 for a time exit */
};

/* Fill r with the defaults: stop 15, target 10, no trailing, 7 days. */
void exit_rules_default(struct exit_rules *r);

/* The fill price of an entry (exit) at market price price for a side,
 * moved against the trade by slippage_bps: a long buys at price * (10000 +
 * bps) / 10000 and sells at price * (10000 - bps) / 10000; a short the
 * other way round. */
double fill_entry_price(int side, double price, double slippage_bps);
double fill_exit_price(int side, double price, double slippage_bps);

/* The fee of a fill: notional * fee_bps / 10000 (notional = quantity *
 * fill price). */
double fill_fee(double notional, double fee_bps);

/* What slippage cost on one fill: quantity * |fill - market price|. */
double fill_slippage_cost(double quantity, double price, double fill);

/* Gross profit of a round trip: side * quantity * (exit - entry), fill
 * prices. The net PnL of a trade is this minus fees plus funding. */
double fill_gross_pnl(int side, double quantity, double entry, double exit);

/* The cash a funding payment moves for a position open at its time:
 * -side * quantity * price * rate (a long pays a positive rate). */
double fill_funding(int side, double quantity, double price, double rate);

/* Start a position: every member from the arguments, hi = lo = last_close
 * = entry. */
void fill_open(struct position *p, int side, double entry, double quantity,
	       int64_t entry_time, int entry_at_open);

/* The levels of p under r: the stop, the target and the trailing stop, or
 * NaN for a rule that is off (a 0). The trailing level uses p->hi (long)
 * or p->lo (short) as they stand: completed candles only. */
double fill_stop_level(const struct position *p, const struct exit_rules *r);
double fill_target_level(const struct position *p, const struct exit_rules *r);
double fill_trailing_level(const struct position *p, const struct exit_rules *r);

/* The trigger prices of a live position's protective orders (cb-order
 * --live): the stop and the target of a position entered at fill price
 * entry for side under r, each rounded to the tick toward the entry (a
 * long's stop up, its target down; a short's the other way), so that
 * neither fires later than the rules say. NaN for a rule that is off, or
 * for a level the rounding would move to or past the entry; tick 0 or
 * NaN: no rounding. */
void fill_protect_levels(int side, double entry, const struct exit_rules *r, double tick,
			 double *stop, double *target);

/* Whether candle b takes position p out under rules r, in the order of
 * cb-backtest(1):
 *  1. at the open, unless p entered at this very open: an open at or
 *     beyond the stop exits there (EXIT_STOP), else one at or beyond the
 *     target (EXIT_TAKE_PROFIT), else one at or beyond the trailing level
 *     (EXIT_TRAILING: a stop order fills at the open it gapped to);
 *  2. inside the candle: the stop if the low (long; the high, short)
 *     reaches it, else the target if the high (long; the low, short)
 *     reaches it (both in one candle: the stop, pessimistic), else the
 *     trailing stop if the low (high) reaches it, each at its level;
 *  3. time: at the close if close_time + 1 >= entry_time + max_hold.
 * Fills *out (reason EXIT_NONE and price NaN when it stays open) and
 * returns 1 if p exits, else 0. b must be a candle of p's series that
 * opens at or after its entry time; p and b are not changed. */
int fill_exit_in_candle(const struct position *p, const struct candle_bar *b,
			const struct exit_rules *r, struct exit *out);

/* An exit the rules do not choose, in candle b: EXIT_HALT (--flatten-on-
 * halt) at b's open, at its open_time; EXIT_END (the input ended) at b's
 * close, at its close_time + 1. Fills *out (at_open 1 for a halt) and
 * returns 1; any other reason returns 0 with out->reason EXIT_NONE. */
int fill_exit_forced(const struct candle_bar *b, enum exit_reason why, struct exit *out);

/* Take candle b into p after fill_exit_in_candle gave e for it: with no
 * exit, or an exit at the close (EXIT_TIME, EXIT_END), the whole candle
 * extends hi and lo; with an exit at the open, only the open does; with
 * an exit at a level, the open and the level do (what came after the exit
 * in that candle is not the trade's). last_close becomes b's close. e may
 * be NULL (no exit). */
void fill_after_candle(struct position *p, const struct candle_bar *b, const struct exit *e);

/* Maximum favourable and adverse excursion of p in percent of its entry
 * fill, both >= 0: for a long pct_change(entry, hi) and -pct_change(entry,
 * lo), for a short the other way round (never -0). */
double fill_mfe_pct(const struct position *p);
double fill_mae_pct(const struct position *p);

/* "stop", "take_profit", "trailing", "time", "end", "halt"; NULL for
 * EXIT_NONE or out of range. */
const char *exit_reason_name(enum exit_reason r);

#endif
