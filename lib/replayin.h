/* input: cb-backtest's input read once into compact per-series arrays, so
 * that every configuration of a sweep simulates over the same memory and
 * the result cannot depend on how the parts of the stream were interleaved
 * (cb-detect -p | cb-score -p, the same with --lateness, or the parts
 * concatenated).
 *
 * What is kept, and what wins:
 *  - candles: the closed ones only (a forming candle is counted, its
 *    open_time kept per series in forming_at, and dropped), 48 bytes each (struct candle_bar), per series in ascending
 *    open_time, one per open_time: a later record of the same candle
 *    replaces the earlier one, wherever it comes in the input;
 *  - signals: the last record of each id (cb-score's scored record
 *    replaces cb-detect's plain one);
 *  - symbols: the filters of the last symbol record of each
 *    exchange:market:symbol (step size, min qty, min notional);
 *  - labels: each labelled event's series, time and end_time, once;
 *  - funding: each payment of an exchange:symbol (a futures contract),
 *    one per time: a later record of the same symbol and time replaces
 *    the earlier one.
 * Other record types (oi, ...) are not read: REC_OTHER.
 *
 * After bt_input_finish, series and signals are also in arrays sorted by
 * key and by id, and the labels by series key, time and end_time: the
 * order every later step walks them in, and the funding payments are
 * sorted by time and symbol. Memory: the
 * candle arrays grow by a quarter at a time, so at most 60 bytes per
 * candle, plus a constant per series and per signal. */
#ifndef CB_REPLAYIN_H
#define CB_REPLAYIN_H

#include <stddef.h>
#include <stdint.h>

#include "candle.h"
#include "fill.h"
#include "funding.h"
#include "labelrec.h"
#include "risk.h"
#include "signalrec.h"
#include "strmap.h"

/* A labelled event (label record) of a series. */
struct bt_label {
	char key[CANDLE_KEY_MAX];   /* exchange:market:symbol:interval */
	int64_t time, end_time;     /* end_time: hi for a label without one */
	int64_t lo, hi;             /* a signal's candle opening in [lo, hi] finds
				       it (label_span) */
};

/* A funding payment (funding record) of a futures contract. */
struct bt_funding {
	int64_t time;
	double rate;
	double mark_price;   /* NaN: unknown */
	size_t sym;          /* index of its exchange:symbol in bt_input.fsym */
	size_t seq;          /* its place in the input, for "the later wins" */
};

/* One series: exchange:market:symbol:interval. */
struct bt_series {
	char key[CANDLE_KEY_MAX];
	char exchange[CANDLE_NAME_MAX];
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	const struct interval *interval;
	struct candle_bar *bar;           /* closed candles, ascending open_time */
	size_t n, cap;
	const struct risk_filters *filters;  /* after finish: the symbol's, or NULL */
	long fsym;            /* after finish: a futures series' funding symbol
				 (index in bt_input.fsym), or -1 */
};

struct bt_input {
	struct strmap *series;     /* key -> struct bt_series */
	struct strmap *signals;    /* id -> struct signal_in */
	struct strmap *symbols;    /* exchange:market:symbol -> struct risk_filters */
	struct strmap *forming_at; /* series key -> int64_t: the open_time of its
				      latest forming candle (cb-order --live
				      enters on one) */
	/* After bt_input_finish: */
	struct bt_series **by_key;        /* nseries, sorted by key */
	size_t nseries;
	const struct signal_in **by_id;   /* nsignals, sorted by id */
	size_t nsignals;
	struct bt_label *labels;          /* nlabels; sorted and without repeats
					     after finish */
	size_t nlabels, labels_cap;
	struct strmap *fsym;       /* exchange:symbol -> size_t, its index */
	struct bt_funding *funding;   /* nfunding; sorted by time and sym,
					 without repeats, after finish */
	size_t nfunding, funding_cap;
	/* What was read. */
	long candles;      /* closed candle records */
	long forming;      /* forming candle records, dropped */
	long replaced;     /* candle records that replaced an earlier one */
	long signal_recs;  /* signal records (several may share an id) */
	long symbol_recs;  /* symbol records */
	long label_recs;   /* label records */
	long funding_recs; /* funding records */
};

/* Start an empty input. */
void bt_input_init(struct bt_input *in);

/* Read one NDJSON line into in. Returns REC_OK if it was a candle, signal,
 * symbol, label or funding record and is taken; REC_OTHER for a valid record of another
 * type (left alone); REC_BAD with the record parser's message in err
 * (errlen bytes). Allocates as the series grow (dies if memory runs out).
 * Not after bt_input_finish. */
int bt_input_line(struct bt_input *in, const char *line, size_t len, char *err,
		  size_t errlen);

/* Make sure the series of signal g (its exchange, market, symbol and
 * interval) exists, with no candle if none was read: a position carried
 * from an earlier run (cb-order) lives in it though this input may hold
 * none of its candles. Not after bt_input_finish. */
void bt_input_add_series(struct bt_input *in, const struct signal_in *g);

/* End the reading: sort the series by key and the signals by id into
 * by_key and by_id, give each series its symbol's filters and funding
 * symbol, sort the labels, dropping repeats of one (same key, time and
 * end_time), and the funding payments by time and symbol, keeping the
 * last record of each symbol and time. */
void bt_input_finish(struct bt_input *in);

/* The series of key (exchange:market:symbol:interval), or NULL. */
struct bt_series *bt_input_series(const struct bt_input *in, const char *key);

/* The open_time of the latest forming candle of series key read, or
 * INT64_MIN if none. */
int64_t bt_input_forming(const struct bt_input *in, const char *key);

/* The index of the first candle of s opening at or after t (s->n if none):
 * the entry candle of a signal detected at t (--entry next-open). */
size_t bt_series_first_open(const struct bt_series *s, int64_t t);

/* Free everything in (not in itself). */
void bt_input_free(struct bt_input *in);

#endif
