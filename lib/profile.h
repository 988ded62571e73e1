/* profile: the settings of a cb-detect run in one place, so that a run can
 * be named, written out and reproduced (cb-detect --profile,
 * --print-profile): the baseline windows, the volume measure, the strength
 * thresholds, the volume ratio a signal needs and further conditions
 * (condition.h). Built-in profiles are "seed" (the defaults) and "pump".
 *
 * A profile file is text, one "key = value" a line; blank lines and lines
 * starting with # are ignored:
 *
 *	name = pump
 *	windows = 1d,3d
 *	volume = auto
 *	thresholds = 20,50,100,200
 *	min_ratio = 20
 *	condition = trades_ratio >= 50
 *	condition = minute < 5
 *
 * Keys not given keep the seed profile's values; each condition line adds a
 * condition. Pure text in, values out: reading the file is the caller's. */
#ifndef CB_PROFILE_H
#define CB_PROFILE_H

#include <stdint.h>

#include "baseline.h"
#include "buf.h"
#include "condition.h"
#include "strength.h"
#include "volseries.h"

#define PROFILE_NAME_MAX 64
#define PROFILE_MAX_CONDITIONS 16
#define PROFILE_LABEL_MAX 16

struct profile {
	char name[PROFILE_NAME_MAX];
	int nwin;
	int64_t win_ms[BASELINE_MAX_WINDOWS];
	char labels[BASELINE_MAX_WINDOWS][PROFILE_LABEL_MAX];  /* as written: "7d" */
	enum measure measure;
	struct strength_rules rules;
	int has_min_ratio;        /* else the WEAK threshold, rules.t[0] */
	double min_ratio;
	int ncond;
	struct condition cond[PROFILE_MAX_CONDITIONS];
};

/* Fill p with the built-in profile name ("seed" or "pump"). Returns 0, or
 * -1 (p untouched) if there is no such profile. */
int profile_builtin(struct profile *p, const char *name);

/* The built-in names, comma-separated: "seed, pump". */
const char *profile_builtin_names(void);

/* Read the profile text s[0..n) into p: the seed profile, then each line's
 * key. name is the profile's name unless the text sets one. Returns 0, or -1
 * with a message such as "line 3: 'widows' is not a key (name, windows,
 * volume, thresholds, min_ratio, condition)" in err (errlen bytes); p is
 * then unspecified. */
int profile_parse(struct profile *p, const char *s, size_t n, const char *name,
		  char *err, size_t errlen);

/* Set the windows from a comma-separated list of durations ("7d,14d,30d").
 * Returns 0, or -1 with a message such as "'7x' is not a duration such as
 * 7d or 90m" in err (the windows are then unspecified). */
int profile_set_windows(struct profile *p, const char *list, char *err, size_t errlen);

/* Set the thresholds from "W,M,S,E" (strength.h). Returns 0 or -1. */
int profile_set_thresholds(struct profile *p, const char *s);

/* Parse R, a positive number up to 1e9, as the volume ratio a signal
 * needs. Returns 0 or -1 (p untouched). */
int profile_set_min_ratio(struct profile *p, const char *s);

/* The volume ratio a signal needs: min_ratio if set, else the WEAK
 * threshold. */
double profile_min_ratio(const struct profile *p);

/* 1 if p behaves and writes as the seed profile: named "seed", without
 * conditions. Its signals carry no profile and conditions members. */
int profile_is_seed(const struct profile *p);

/* The candle members (CANDLE_* bits) p's conditions need, for a series
 * that compares quote volume (quote 1) or base volume. */
unsigned profile_needs(const struct profile *p, int quote);

/* 1 if a condition of p is on trades_ratio (the series then keep
 * baselines of the trade count). */
int profile_counts_trades(const struct profile *p);

/* Append p as profile text that profile_parse reads back to the same
 * profile, every key written (min_ratio as its effective value). */
void profile_write(const struct profile *p, struct buf *b);

#endif
