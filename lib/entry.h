/* entry: where a signal's position starts in its series (cb-backtest(1),
 * --entry): at the open of the first candle opening at or after the
 * signal's detected_at (next-open, the default), or at the signal's price,
 * the signal candle's close, at detected_at (close: the seed system's
 * optimistic reference). Either way the exits are tested from the first
 * candle opening at or after detected_at on. */
#ifndef CB_ENTRY_H
#define CB_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "replayin.h"

enum bt_entry_mode { BT_ENTRY_NEXT_OPEN, BT_ENTRY_CLOSE };

struct bt_entry {
	size_t bar;       /* index in the series of the first candle the
			     position lives in (exits are tested from it) */
	int64_t time;     /* entry time: that candle's open_time, or detected_at */
	double price;     /* market price before slippage: that candle's open,
			     or the signal's price */
	int at_open;      /* 1: entered at the open of candle bar (that open is
			     no gap for the exit rules) */
};

/* The entry of signal g in its series s under mode m. Returns 0 with *e
 * filled, or -1 if s has no candle opening at or after g->detected_at (the
 * input ends first: the signal cannot be traded). */
int bt_entry_find(const struct bt_series *s, const struct signal_in *g, enum bt_entry_mode m,
		  struct bt_entry *e);

#endif
