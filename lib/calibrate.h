/* calibrate: new score weights and levels from the outcomes of final
 * signals (cb-validate calibrate, cb-run's calibrate job), kept only when
 * they rank held-back recent signals better than the weights in use.
 *
 * A sample is a final signal: the points of each factor it scored under
 * the rules in use (the parts of its score), whether it was CONFIRMED
 * (else FAILED), and its detection time. The samples are split by time:
 * the oldest (100 - holdout_pct) % fit, the newest holdout_pct % judge.
 *
 * The fit: a factor's new maximum is its current one times its lift, the
 * mean points it gave the CONFIRMED fitting signals over the mean it gave
 * all of them, bounded to [0.25, 4] (1 when fewer than 20 signals got
 * points from it); then every maximum is scaled so that they add up to
 * what the current ones add up to. A signal's total under
 * new weights is the sum of its parts each times new / current maximum.
 * The levels MEDIUM, HIGH and EXTREME start at the 50th, 80th and 95th
 * percentile of the fitting signals' new totals (rounded to a whole
 * point, kept strictly decreasing).
 *
 * The judgement: the AUC of the total on the held-back signals, the
 * chance that a CONFIRMED one has a higher total than a FAILED one (ties
 * count half), under the current and the new weights. The new ones are
 * better only when their AUC is higher by at least 0.005. Pure: values in,
 * values out. */
#ifndef CB_CALIBRATE_H
#define CB_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>

#include "score.h"

struct cal_sample {
	double part[NFACTORS];   /* the points of each factor, under cur */
	int confirmed;           /* 1 CONFIRMED, 0 FAILED */
	int64_t time;            /* detected_at */
};

struct cal_result {
	size_t fit, held;                 /* samples that fit, that judge */
	double rate;                      /* confirmation rate of the fitting ones */
	double lift[NFACTORS];            /* each factor's, as used (1 if too few) */
	struct score_rules rules;         /* cur with the new weights and levels */
	double auc_current, auc_new;      /* on the held-back samples; NaN if
					     they lack a CONFIRMED or a FAILED */
	int better;                       /* the new rules judge better */
};

/* Fit and judge as above. s (n samples) is sorted by time here. Returns
 * 0, or -1 when there are fewer than 50 samples or the held-back part
 * lacks a CONFIRMED or a FAILED one (r->better 0; r filled as far as it
 * goes). */
int calibrate(struct cal_sample *s, size_t n, const struct score_rules *cur, double holdout_pct,
	      struct cal_result *r);

/* Read the weights file text (NUL-terminated) into r: lines
 * "weights = V,O,S,C,T" and "levels = E,H,M" (score_weights_parse,
 * score_levels_parse), blank lines and # comments; either line may be
 * absent (r keeps that part). Returns 0, or -1 with a message naming the
 * line in err (errlen bytes). */
int cal_rules_parse(struct score_rules *r, const char *text, char *err, size_t errlen);

/* Read the weights file at path into r with cal_rules_parse. A missing
 * file leaves r as it is, with *exists 0. Returns 0, or -1 after an
 * error message naming the file (and the line). */
int cal_rules_load(const char *path, struct score_rules *r, int *exists);

/* Append the weights file of r (what cal_rules_parse reads) to b, after
 * a comment line. */
struct buf;
void cal_rules_write(const struct score_rules *r, const char *comment, struct buf *b);

/* The AUC of totals t (n of them) against outcomes y, as above; NaN if y
 * lacks a 1 or a 0. */
double cal_auc(const double *t, const int *y, size_t n);

#endif
