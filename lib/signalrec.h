/* signalrec: the signal record of cb-formats(5): written by cb-detect (also as
 * "evaluation" records), read back with the members cb-score adds. */
#ifndef CB_SIGNALREC_H
#define CB_SIGNALREC_H

#include <stdint.h>

#include "baseline.h"
#include "buf.h"
#include "candle.h"
#include "condition.h"
#include "strength.h"

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
	/* Why (cb-detect --profile other than seed): with profile NULL the
	 * record has no profile and conditions members. Else cond[0..ncond)
	 * are written with their values (null where has_value[i] is 0). */
	const char *profile;
	int ncond;
	const struct condition *cond;
	const int *has_value;
	const double *value;
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

/* Parse one NDJSON line as a signal. Returns REC_OK with *s filled,
 * REC_OTHER for a valid record of another type, or REC_BAD with a
 * message such as "signal: 'price' is missing" in err (errlen bytes).
 * Required: id, symbol, interval, open_time, price; exchange and market
 * default to binance and futures, detected_at to the candle's close_time + 1,
 * closed to true, strength to STRENGTH_NONE; absent or null numbers leave
 * their has_ flag 0. */
int signal_parse(struct signal_in *s, const char *line, size_t len, char *err, size_t errlen);

struct jfield;

/* 1 if f is a member cb-score writes into a signal (cb-formats(5) "scored
 * signal": score, confidence_level, oi_change_pct, spot_symbol,
 * spot_spike_ratio_7d, has_spot_sync, basis_pct, confirmations, missing),
 * so that cb-score replaces an input's own; 0 otherwise. */
int signal_scored_member(const struct jfield *f);

#endif
