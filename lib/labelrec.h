/* labelrec: the label record of cb-formats(5) read back: a known event in
 * a series (a pump from cb-fetch --exchange sim pumps, or real labelled
 * data), the ground truth cb-backtest measures precision and recall
 * against. */
#ifndef CB_LABELREC_H
#define CB_LABELREC_H

#include <stddef.h>
#include <stdint.h>

#include "candle.h"
#include "interval.h"

/* Optional members present (struct label_in.has). */
enum { LABEL_PEAK_TIME = 1 << 0, LABEL_VOLUME_MULTIPLE = 1 << 1,
       LABEL_PEAK_GAIN = 1 << 2, LABEL_SEED = 1 << 3 };

struct label_in {
	char exchange[CANDLE_NAME_MAX];
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	const struct interval *interval;
	char kind[16];                  /* "pump" */
	int64_t time, peak_time, end_time;  /* open times of the interval's candles */
	double volume_multiple, peak_gain_pct;
	int64_t seed;
	unsigned has;                   /* LABEL_* bits */
};

/* Parse one NDJSON line as a label with rec_parse (record.h). Returns
 * REC_OK with *l filled, REC_OTHER for a valid record of another type, or
 * REC_BAD with a message such as "label: 'time' is missing" in err (errlen
 * bytes). Required: symbol, interval, time, end_time (end_time not before
 * time; a peak_time, when given, between them). When absent or null:
 * exchange binance, market futures, kind "pump", the other numbers unset
 * (their bit of has clear). */
int label_parse(struct label_in *l, const char *line, size_t len, char *err, size_t errlen);

/* The series key of l, "exchange:market:symbol:interval", into dst (at
 * least CANDLE_KEY_MAX bytes), as candle_series_key. Returns its length. */
size_t label_series_key(const struct label_in *l, char *dst);

#endif
