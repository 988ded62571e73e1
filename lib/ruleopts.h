/* ruleopts: the options of the trading rules, one table for the tools that
 * trade (cb-backtest replays, cb-order trades), so that the same words set
 * the same rules in both: which signals, the side, the entry, the fills,
 * the exits, the sizing and the risk limits (cb-backtest(1), "The rules").
 *
 *	static const struct opt options[] = {
 *		RULE_OPTIONS,
 *		{ "format", OPT_FORMAT, 1, "FORMAT", "..." },   (ids from OPT_RULES_END)
 *		OPTS_COMMON,
 *		{ 0 }
 *	};
 *	while ((c = opts_next(...)) != -1) {
 *		if (rule_set(&cfg, c, arg)) continue;
 *		...
 *	}
 *	rule_check(&cfg, NULL);
 */
#ifndef CB_RULEOPTS_H
#define CB_RULEOPTS_H

#include <stdint.h>

#include "opts.h"
#include "replay.h"

enum { OPT_MIN_STRENGTH = OPT_TOOL, OPT_MIN_SCORE, OPT_LEVEL, OPT_MARKET, OPT_INTERVAL,
       OPT_SYMBOLS, OPT_CLOSED_ONLY, OPT_SIDE, OPT_ENTRY, OPT_SLIPPAGE, OPT_FEE,
       OPT_STOP_LOSS, OPT_TAKE_PROFIT, OPT_MAX_HOLD, OPT_TRAILING, OPT_BALANCE,
       OPT_SIZE_PCT, OPT_RISK_PCT, OPT_LEVERAGE, OPT_MAX_POSITIONS, OPT_MAX_EXPOSURE,
       OPT_COOLDOWN, OPT_DAILY_LOSS, OPT_FLATTEN,
       OPT_RULES_END };   /* a tool's own long options start here */

#define RULE_OPTIONS \
	{ "min-strength", OPT_MIN_STRENGTH, 1, "STRENGTH", "trade signals of at least STRENGTH: WEAK, MEDIUM, STRONG, EXTREME (WEAK)" }, \
	{ "min-score", OPT_MIN_SCORE, 1, "N", "trade scored signals whose score.total is at least N" }, \
	{ "level", OPT_LEVEL, 1, "LEVEL", "trade scored signals of at least LEVEL: LOW, MEDIUM, HIGH, EXTREME" }, \
	{ "market", OPT_MARKET, 1, "MARKET", "trade series of MARKET, or all (futures)" }, \
	{ "interval", OPT_INTERVAL, 1, "INTERVAL", "trade series of INTERVAL, or all (all)" }, \
	{ "symbols", OPT_SYMBOLS, 1, "LIST", "trade only these symbols, comma-separated (all)" }, \
	{ "closed-only", OPT_CLOSED_ONLY, 0, NULL, "ignore signals of forming candles (the default)" }, \
	{ "side", OPT_SIDE, 1, "SIDE", "long, or short to fade the pump (long)" }, \
	{ "entry", OPT_ENTRY, 1, "WHEN", "next-open, or close: the signal candle's close, optimistic (next-open)" }, \
	{ "slippage-bps", OPT_SLIPPAGE, 1, "BPS", "move every fill against the trade by BPS basis points (5)" }, \
	{ "fee-bps", OPT_FEE, 1, "BPS", "fee on the notional of every fill, in basis points (5)" }, \
	{ "stop-loss", OPT_STOP_LOSS, 1, "PCT", "exit PCT percent below the entry (long; 15; 0: none)" }, \
	{ "take-profit", OPT_TAKE_PROFIT, 1, "PCT", "exit PCT percent above the entry (long; 10; 0: none)" }, \
	{ "max-hold", OPT_MAX_HOLD, 1, "DURATION", "exit at the close reaching DURATION after the entry (7d; 0: none)" }, \
	{ "trailing", OPT_TRAILING, 1, "PCT", "trailing stop PCT percent from the best completed price (none)" }, \
	{ "balance", OPT_BALANCE, 1, "AMOUNT", "starting cash in the quote currency (10000)" }, \
	{ "size-pct", OPT_SIZE_PCT, 1, "PCT", "notional of a position in percent of equity (10)" }, \
	{ "risk-pct", OPT_RISK_PCT, 1, "PCT", "size so that the stop-loss costs PCT percent of equity" }, \
	{ "leverage", OPT_LEVERAGE, 1, "X", "multiply the position by X (1)" }, \
	{ "max-positions", OPT_MAX_POSITIONS, 1, "N", "at most N positions open (4; 0: no limit)" }, \
	{ "max-exposure-pct", OPT_MAX_EXPOSURE, 1, "PCT", "open notional at most PCT percent of equity (50; 0: no limit)" }, \
	{ "cooldown", OPT_COOLDOWN, 1, "DURATION", "no entry on a symbol for DURATION after an exit (0)" }, \
	{ "daily-loss-pct", OPT_DAILY_LOSS, 1, "PCT", "no entry for the rest of a UTC day that lost PCT percent (5; 0: none)" }, \
	{ "flatten-on-halt", OPT_FLATTEN, 0, NULL, "when the daily loss halts entries, also exit open positions" }

/* Apply the rule option id with its argument arg to cfg: the rules a
 * --sweep may vary. Returns 1, or 0 if id is not one (--symbols and
 * --flatten-on-halt are rule_set_fixed's). An argument that is not a
 * value of the option is a usage error (exit 2). arg is pointed to, not
 * copied: it must outlive cfg (argv does). */
int rule_set(struct bt_config *cfg, int id, const char *arg);

/* Apply --symbols (a copy of its list goes to cfg->strat.symbols, freed by
 * rule_free; a later --symbols frees the earlier list) or
 * --flatten-on-halt. Returns 1, or 0 if id is neither. */
int rule_set_fixed(struct bt_config *cfg, int id, const char *arg);

/* A configuration whose rules contradict each other (--risk-pct without a
 * stop-loss) is a usage error, prefixed with "label: " if label is not
 * NULL. */
void rule_check(const struct bt_config *cfg, const char *label);

/* Free what rule_set allocated in cfg (the --symbols list); cfg's rules
 * stay otherwise. Copies of cfg made before share that list: free it once. */
void rule_free(struct bt_config *cfg);

/* A number option: finite and within [lo, hi], else a usage error naming
 * opt. */
double rule_num_arg(const char *opt, const char *arg, double lo, double hi);

/* A duration option ("0", or 7d, 90m: duration_parse), in ms, else a
 * usage error naming opt. */
int64_t rule_duration_arg(const char *opt, const char *arg);

#endif
