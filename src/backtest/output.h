/* output: cb-backtest's records (cb-formats(5) trade, summary, equity)
 * from the result of one configuration, through report.h (NDJSON, or
 * tables with --format table), and the summary's metrics. */
#ifndef CB_BACKTEST_OUTPUT_H
#define CB_BACKTEST_OUTPUT_H

#include "replayin.h"
#include "report.h"
#include "replay.h"

/* Write a trade record for each trade of res, in the order they closed. */
void bt_write_trades(struct report *rep, const struct bt_result *res);

/* For --format table: a table of the trades by symbol and one by exit
 * reason (trades, mean pnl_pct, total pnl, and in percent of the balance,
 * mean hold, wins, draws, losses, win rate), each ending with a TOTAL row. */
void bt_write_groups(struct report *rep, const struct bt_result *res);

/* Write an equity record for each point of res's curve, or with daily for
 * each 00:00 UTC (the days of the summary's Sharpe ratio). */
void bt_write_equity(struct report *rep, const struct bt_result *res, int daily);

/* Write the summary record of configuration c over in with result res;
 * config is its --sweep values ("take-profit=5;stop-loss=10") or NULL,
 * sample "in" or "out" with --split, else NULL. */
void bt_write_summary(struct report *rep, const struct bt_input *in, const struct bt_config *c,
		      const struct bt_result *res, const char *config, const char *sample);

/* Write the --svg picture of res (svg.h) to the file path, replacing it:
 * the equity curve after every step with the drawdown beneath it, and
 * every trade marked at its exit. Dies if the file cannot be written. */
void bt_write_svg(const char *path, const struct bt_result *res);

#endif
