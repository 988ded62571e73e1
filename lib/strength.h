/* strength: the strength rules of a volume spike (cb-detect --thresholds)
 * and a strength's name and initial confidence. Pure rules: values in,
 * values out. */
#ifndef CB_STRENGTH_H
#define CB_STRENGTH_H

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

#endif
