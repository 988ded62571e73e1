/* score: the five-factor confidence score of a signal (cb-score(1)), shared
 * by cb-score, which computes it, and cb-validate, which recomputes its
 * confirmation and timing parts as confirmations arrive and time passes.
 *
 * Each factor maps a measure to points with a step table; the points are
 * then scaled by weight / default maximum (--weights), so the defaults give
 * volume 0-25, oi 0-25, spot_sync 0-20, confirmation 0-20, timing 0-10 and
 * a total of 0-100. */
#ifndef CB_SCORE_H
#define CB_SCORE_H

#include <stdint.h>

#include "buf.h"

enum factor { FACTOR_VOLUME, FACTOR_OI, FACTOR_SPOT, FACTOR_CONFIRMATION,
	      FACTOR_TIMING, NFACTORS };

/* Confirmation kinds, as bits of a set. The first four come from cb-score,
 * the last two from cb-validate. */
enum confirmation { CONF_SPOT_SYNC, CONF_OI_RISE, CONF_LTF_VOLUME, CONF_BASIS_ANOMALY,
		    CONF_NEXT_CANDLE_SPIKE, CONF_FOLLOW_THROUGH, NCONFIRMATIONS };

#define STEPS_MAX 8

/* A step table: the points of the first step whose bound the measure meets
 * (at or above the bound; with le, at or below), else otherwise. */
struct steps {
	int n, le;
	double at[STEPS_MAX];
	double pts[STEPS_MAX];
	double otherwise;
};

struct score_rules {
	struct steps volume;       /* spike_ratio_7d: 5:25,3:20,2:15,10 */
	struct steps oi;           /* oi_change_pct: 50:25,30:20,15:15,5:10,0 */
	struct steps spot;         /* spot_spike_ratio_7d: 3:20,2:15,1.5:10,0 */
	struct steps timing;       /* age in ms, at or below: 4h:10,12h:7,24h:5,48h:3,0 */
	double confirm_each;       /* 5 points for each confirmation */
	double confirm_max;        /* at most 20 */
	double weight[NFACTORS];   /* 25,25,20,20,10 */
	double level[3];           /* EXTREME, HIGH, MEDIUM lower bounds: 80,60,40 */
};

/* Fill r with the defaults of cb-score(1). */
void score_rules_default(struct score_rules *r);

/* Parse a step table "T:P,T:P,...[,P]" (bounds in the table's direction;
 * with durations, bounds such as 4h) into t, keeping t->le. A last bare P is
 * the points otherwise (default 0). Returns 0, or -1 with *why set to a
 * static description of what is wrong. */
int steps_parse(struct steps *t, const char *s, int durations, const char **why);

/* The largest weight --weights takes: a million points. */
#define SCORE_WEIGHT_MAX 1000000

/* Parse "V,O,S,C,T" (five numbers from 0 to SCORE_WEIGHT_MAX) into
 * r->weight. Returns 0 or -1. */
int score_weights_parse(struct score_rules *r, const char *s);

/* Parse "E,H,M" (three decreasing numbers) into r->level. Returns 0 or -1. */
int score_levels_parse(struct score_rules *r, const char *s);

/* The measures a score is computed from; has_* 0 means the data is missing
 * and the factor scores 0. */
struct score_input {
	int has_ratio;  double ratio;       /* spike_ratio_7d */
	int has_oi;     double oi_pct;      /* oi_change_pct */
	int has_spot;   double spot_ratio;  /* spot_spike_ratio_7d */
	unsigned confirmations;             /* set of 1u << enum confirmation */
	int64_t age_ms;                     /* event time at scoring - detected_at */
};

struct score {
	double f[NFACTORS];
	double total;
	const char *level;          /* "LOW", "MEDIUM", "HIGH" or "EXTREME" */
};

/* The points of one factor, weighted. */
double score_factor(const struct score_rules *r, enum factor f, const struct score_input *in);

/* Every factor, the total and the confidence level. */
void score_compute(const struct score_rules *r, const struct score_input *in, struct score *s);

/* The level of a total. */
const char *score_level(const struct score_rules *r, double total);

/* The rank of a level name (LOW 0, MEDIUM 1, HIGH 2, EXTREME 3), or -1. */
int score_level_rank(const char *name);

/* "SPOT_SYNC", ... ; NULL out of range. */
const char *confirmation_name(enum confirmation c);

/* The confirmation named s[0..n), or -1. */
int confirmation_find(const char *s, size_t n);

/* Append the members "score":{...} and "confidence_level":"..." to the
 * record being written in b (see jsonw.h). */
void score_write(struct buf *b, const struct score *s);

#endif
