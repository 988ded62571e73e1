/* label: the label record of cb-formats(5) as the tools read it back: a
 * known event in a series (a pump), the ground truth a detector and a
 * backtest are measured against. */
#ifndef CB_LABEL_H
#define CB_LABEL_H

#include <stddef.h>
#include <stdint.h>

#include "candle.h"

/* Members present and not null (struct label_in.has). */
enum {
	LABEL_PEAK_TIME = 1 << 0,
	LABEL_END_TIME = 1 << 1
};

struct label_in {
	char exchange[CANDLE_NAME_MAX];
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	const struct interval *interval;
	char kind[CANDLE_NAME_MAX];
	int64_t time;       /* open_time of the event's first candle */
	int64_t peak_time;  /* LABEL_PEAK_TIME, else 0 */
	int64_t end_time;   /* LABEL_END_TIME, else 0 */
	unsigned has;       /* LABEL_* bits */
};

/* Parse one NDJSON line as a label record with rec_parse (record.h).
 * Returns REC_OK with *l filled, REC_OTHER for a valid record of another
 * type, or REC_BAD with a message such as "label: 'time' is missing" in err
 * (errlen bytes). Required: symbol, interval, time. When absent or null:
 * exchange binance, market futures, kind "pump"; peak_time and end_time
 * leave their bit of has clear. The times must be open times of the
 * interval, in order: time <= peak_time <= end_time. Other members
 * (volume_multiple, peak_gain_pct, seed, source, ...) are read as JSON and
 * not kept. */
int label_parse(struct label_in *l, const char *line, size_t len, char *err, size_t errlen);

#endif
