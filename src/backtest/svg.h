/* svg: cb-backtest's --svg picture: the equity curve, the drawdown beneath
 * it, and the trades marked, as one self-contained SVG 1.1 document (no
 * script, no external reference), with labelled axes and UTC dates. */
#ifndef CB_BACKTEST_SVG_H
#define CB_BACKTEST_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Equity at one time (epoch ms), marked to market. */
struct svg_point {
	int64_t t;
	double equity;
};

/* A trade as drawn: a mark at its exit, green when pnl > 0, red when < 0,
 * grey when 0, with a tooltip naming it. */
struct svg_trade {
	const char *label;   /* e.g. "BTCUSDT long"; escaped when written */
	int64_t entry, exit;
	double pnl;
};

/* Append the document to b: title (escaped), the n points of the equity
 * curve in time order (n >= 1), and ntr trades whose exits lie within the
 * curve's time span (others are left out). The y axis of the equity panel
 * is in the account's currency, the drawdown panel's in percent below the
 * running peak. Allocates nothing but b's growth. */
void svg_equity(struct buf *b, const char *title, const struct svg_point *p, size_t n,
		const struct svg_trade *tr, size_t ntr);

#endif
