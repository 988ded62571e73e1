/* load: cb-backtest's input, read once into compact per-series arrays.
 *
 * The stream holds candles, signals (plain or scored), and optionally
 * labels, funding and symbol records, in any interleaving: the loaded data
 * are the same for `cb-detect -p | cb-score -p`, the same with --lateness,
 * and the parts concatenated one after another. So:
 *  - a series' candles are kept in open_time order whatever order they
 *    came in; a candle given twice counts as last given; forming candles
 *    (closed false) are not kept (counted), since a backtest trades on
 *    closed candles only;
 *  - a signal given twice (cb-detect's and then cb-score's record of one
 *    id) counts as last given, whole: its members are not merged.
 * A candle costs 40 bytes (struct bar) and at most half that again in
 * unused capacity. */
#ifndef CB_BACKTEST_LOAD_H
#define CB_BACKTEST_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "candle.h"
#include "funding.h"
#include "label.h"
#include "signalrec.h"
#include "symbolinfo.h"

struct strmap;

/* One closed candle: its open time and prices. The close time follows from
 * the series' interval. */
struct bar {
	int64_t t;
	double o, h, l, c;
};

struct series {
	char exchange[CANDLE_NAME_MAX];
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	const struct interval *iv;
	struct bar *bar;    /* n bars in open_time order, after load_finish */
	size_t n, cap;
	uint32_t *seq;      /* while out of order: each bar's arrival number */
	int unsorted;       /* a bar came before one already held */
};

/* A signal as last given, with the order it was first seen in. */
struct signal_entry {
	struct signal_in s;
	uint64_t first_seen;
};

struct load {
	struct strmap *series_map;   /* "exchange:market:symbol:interval" -> struct series */
	struct strmap *signal_map;   /* id -> struct signal_entry */
	struct strmap *symbol_map;   /* "exchange:market:symbol" -> struct symbol_info */
	struct label_in *labels;
	size_t nlabels, labels_cap;
	struct funding *funding;     /* in time order, then symbol, after load_finish */
	size_t nfunding, funding_cap;
	/* Counts for the summary and for messages. */
	uint64_t lines, candles, forming, signals, others;
	uint64_t seq;                /* arrival number of the next record */
};

/* Start an empty load. */
void load_init(struct load *ld);

/* Read one line of the stream (name and line number for messages): a
 * candle, signal, label, funding or symbol record is kept; a record of
 * another type is counted and ignored; a bad record is rejected with
 * reject() (msg.h) and not kept. */
void load_line(struct load *ld, const char *line, size_t len, const char *name, long no);

/* After the last line: put every series in open_time order (a candle given
 * twice: the last one given stays) and the funding records in time order. */
void load_finish(struct load *ld);

/* The series of key "exchange:market:symbol:interval", or NULL. */
struct series *load_series(const struct load *ld, const char *exchange, const char *market,
			   const char *symbol, const struct interval *iv);

/* The index in s->bar of the first bar with open time >= t: s->n if none. */
size_t series_at_or_after(const struct series *s, int64_t t);

/* Free everything ld holds. */
void load_release(struct load *ld);

#endif
