/* condition: one condition of a detection profile (profile.h), such as
 * "trades_ratio >= 50": a value of a candle, or of the candle against its
 * series' baselines, compared with a threshold. cb-detect signals a candle
 * when every condition of its profile holds. Pure rules: values in, values
 * out. */
#ifndef CB_CONDITION_H
#define CB_CONDITION_H

#include <stddef.h>

#include "candle.h"

/* What a condition compares (the names are those of the profile format,
 * cb-detect(1)). */
enum cond_value {
	COND_VOLUME_RATIO,      /* the measure / the first window's baseline */
	COND_TRADES_RATIO,      /* trades / the first window's mean trades */
	COND_CHANGE_PCT,        /* close vs open, percent */
	COND_PREV_CHANGE_PCT,   /* close vs the series' previous close, percent */
	COND_TAKER_BUY_SHARE,   /* taker-buy part of the measure, 0 to 1 */
	COND_SPIKE_PCT,         /* high vs open, percent */
	COND_MINUTE,            /* minute of the hour of open_time, 0 to 59 */
	COND_VALUES
};

enum cond_op { COND_GE, COND_GT, COND_LE, COND_LT };

struct condition {
	enum cond_value what;
	enum cond_op op;
	double threshold;
};

/* What a candle's condition values are computed from. A has_ flag of 0
 * means the value is not known (no baseline yet, or a first candle). */
struct cond_input {
	const struct candle *c;
	int quote;                  /* the series compares quote volume */
	int has_volume_ratio;
	double volume_ratio;
	int has_trades_ratio;
	double trades_ratio;
	int has_prev_close;
	double prev_close;
};

/* Longest text condition_format writes, NUL included. */
#define CONDITION_TEXT_MAX 64

/* Parse "NAME OP NUMBER" in s[0..n) (blanks around the operator optional;
 * OP is >=, >, <= or <; NUMBER a JSON number) into *k. Returns 0, or -1
 * with a message such as "'volume' is not a condition value (volume_ratio,
 * ...)" in err (errlen bytes). */
int condition_parse(struct condition *k, const char *s, size_t n, char *err, size_t errlen);

/* The text of k as condition_parse reads it, "trades_ratio >= 50", into dst
 * (CONDITION_TEXT_MAX bytes). Returns its length. */
size_t condition_format(const struct condition *k, char *dst);

/* The name of a value ("trades_ratio") and of an operator (">="). */
const char *condition_value_name(enum cond_value v);
const char *condition_op_name(enum cond_op op);

/* The optional candle members (CANDLE_* bits) that k needs: a candle
 * without one of them cannot be evaluated. quote: the series compares
 * quote volume (taker_buy_share then needs taker_buy_quote_volume). */
unsigned condition_needs(const struct condition *k, int quote);

/* The value k compares for the candle of in: returns 1 and stores it, or
 * 0 when it is not known (no baseline, a ratio or percent over 0, no
 * previous close, a volume of 0 for taker_buy_share, a member missing). */
int condition_value(const struct condition *k, const struct cond_input *in, double *v);

/* 1 if v passes k's comparison with its threshold, else 0. */
int condition_holds(const struct condition *k, double v);

#endif
