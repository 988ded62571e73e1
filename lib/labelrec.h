/* labelrec: the label record of cb-formats(5) read back: a known event in
 * a series (a pump from cb-fetch --exchange sim pumps, or real labelled
 * data), the ground truth cb-backtest measures precision and recall
 * against. A simulated pump has an end_time; a real one (La Morgia et al.'s
 * Telegram-announced pumps) has null for what only a simulator knows, and
 * the groups that announced it with the times they gave (source,
 * source_times). */
#ifndef CB_LABELREC_H
#define CB_LABELREC_H

#include <stddef.h>
#include <stdint.h>

#include "candle.h"
#include "interval.h"

/* Optional members present (struct label_in.has). */
enum { LABEL_PEAK_TIME = 1 << 0, LABEL_VOLUME_MULTIPLE = 1 << 1,
       LABEL_PEAK_GAIN = 1 << 2, LABEL_SEED = 1 << 3, LABEL_SOURCE = 1 << 5,
       LABEL_SOURCE_TIMES = 1 << 6 };

/* How near a signal's candle must open to an announced time to find a
 * real pump (label_span). */
#define LABEL_REAL_WINDOW_MS 3600000

struct label_in {
	char exchange[CANDLE_NAME_MAX];
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	const struct interval *interval;
	char kind[16];                  /* "pump" */
	int64_t time, peak_time, end_time;  /* open times of the interval's candles */
	int has_end_time;               /* end_time was given (a simulated pump) */
	double volume_multiple, peak_gain_pct;
	int64_t seed;
	long nsource;                   /* items of source (LABEL_SOURCE) */
	long nsource_times;             /* items of source_times (LABEL_SOURCE_TIMES) */
	int64_t source_first, source_last;  /* the earliest and latest of them */
	unsigned has;                   /* LABEL_* bits */
};

/* Parse one NDJSON line as a label with rec_parse (record.h). Returns
 * REC_OK with *l filled, REC_OTHER for a valid record of another type, or
 * REC_BAD with a message such as "label: 'time' is missing" in err (errlen
 * bytes). Required: symbol, interval, time. end_time, when given, is not
 * before time, and a peak_time between them; source is an array of
 * strings, source_times an array of times (integers >= 0), one for each
 * source when both are given. When absent or null: exchange binance,
 * market futures, kind "pump", the other members unset (their bit of has
 * clear). */
int label_parse(struct label_in *l, const char *line, size_t len, char *err, size_t errlen);

/* The open times of the candles of l's series whose signal finds the
 * event, lo to hi, both included, into *lo and *hi. With an end_time (a
 * simulated pump) from one candle before time to end_time; else (a real
 * pump) from LABEL_REAL_WINDOW_MS before the first source time to as long
 * after the last, or around time without source_times. */
void label_span(const struct label_in *l, int64_t *lo, int64_t *hi);

/* The series key of l, "exchange:market:symbol:interval", into dst (at
 * least CANDLE_KEY_MAX bytes), as candle_series_key. Returns its length. */
size_t label_series_key(const struct label_in *l, char *dst);

#endif
