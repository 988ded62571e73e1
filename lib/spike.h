/* spike: spike strength rules and the signal record of cb-formats(5). */
#ifndef CB_SPIKE_H
#define CB_SPIKE_H

#include <stdint.h>

#include "baseline.h"
#include "buf.h"
#include "candle.h"

enum strength { STRENGTH_NONE = -1, STRENGTH_WEAK, STRENGTH_MEDIUM,
		STRENGTH_STRONG, STRENGTH_EXTREME };

/* Lower bounds of WEAK, MEDIUM, STRONG and EXTREME (default 1.5, 2, 3, 5). */
struct strength_rules {
	double t[4];
};

/* Fill r with the defaults. */
void strength_rules_default(struct strength_rules *r);

/* Parse "W,M,S,E" (four increasing positive numbers) into r. Returns 0 or -1. */
int strength_rules_parse(struct strength_rules *r, const char *s);

/* The strength of a spike whose largest ratio is m: EXTREME if m >= E,
 * STRONG if m >= S, MEDIUM if m >= M, else WEAK. */
enum strength strength_of(const struct strength_rules *r, double m);

/* "WEAK", "MEDIUM", "STRONG", "EXTREME" (NULL for STRENGTH_NONE). */
const char *strength_name(enum strength s);

/* Initial confidence of a signal: WEAK 30, MEDIUM 45, STRONG 60, EXTREME 75. */
int strength_confidence(enum strength s);

/* A signal, or with type "evaluation" the same numbers for a candle that is
 * not a signal (cb-detect --all). Window member names come from labels
 * ("7d" gives baseline_7d and spike_ratio_7d). */
struct signal {
	const char *type;             /* "signal" or "evaluation" */
	const struct candle *c;
	int64_t detected_at;
	double volume;
	int nwin;
	const char *const *labels;
	int has_base[BASELINE_MAX_WINDOWS];
	double base[BASELINE_MAX_WINDOWS];
	int has_ratio[BASELINE_MAX_WINDOWS];
	double ratio[BASELINE_MAX_WINDOWS];
	enum strength strength;       /* STRENGTH_NONE: null */
	const char *status;           /* "DETECTED", or NULL for null */
};

/* The signal id "exchange:market:symbol:interval:open_time" into dst (at
 * least SIGNAL_ID_MAX bytes). Returns its length. */
#define SIGNAL_ID_MAX (CANDLE_KEY_MAX + 24)
size_t signal_id(const struct candle *c, char *dst);

/* Append the record (with newline) to b, members in cb-formats(5) order. */
void signal_write(const struct signal *s, struct buf *b);

/* A signal record as read back by the tools after cb-detect: the members
 * they use, and those cb-score adds when present. */
struct signal_in {
	char id[SIGNAL_ID_MAX];
	char exchange[CANDLE_NAME_MAX];
	char market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX];
	const struct interval *interval;
	int64_t open_time, detected_at;
	double price;
	int has_ratio;          /* spike_ratio_7d is a number */
	double ratio;
	enum strength strength; /* STRENGTH_NONE when null or absent */
	int closed;
	/* From cb-score (cb-formats(5) "scored signal"); scored is 0 without. */
	int scored;
	double score[5];        /* volume, oi, spot_sync, confirmation, timing */
	double total;
	char level[16];
	unsigned confirmations; /* bits of enum confirmation (score.h) */
	int has_oi;  double oi_change_pct;
	int has_spot; double spot_ratio;
	int cb_score_members;   /* any member cb-score writes is present */
};

/* Parse one NDJSON line as a signal. Returns CANDLE_OK with *s filled,
 * CANDLE_OTHER for a valid record of another type, or CANDLE_BAD with a
 * message such as "signal: 'price' is missing" in err (errlen bytes).
 * Required: id, symbol, interval, open_time, price; exchange and market
 * default to binance and futures, detected_at to the candle's close_time + 1,
 * closed to true. */
int signal_parse(struct signal_in *s, const char *line, size_t len, char *err, size_t errlen);

#endif
