#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "jsonw.h"

static const double default_max[NFACTORS] = { 25, 25, 20, 20, 10 };

static const char *const level_names[] = { "LOW", "MEDIUM", "HIGH", "EXTREME" };

static const char *const conf_names[NCONFIRMATIONS] = {
	"SPOT_SYNC", "OI_RISE", "LTF_VOLUME", "BASIS_ANOMALY",
	"NEXT_CANDLE_SPIKE", "FOLLOW_THROUGH"
};

static void steps_set(struct steps *t, int le, int n, const double *at, const double *pts,
		      double otherwise)
{
	t->n = n;
	t->le = le;
	for (int i = 0; i < n; i++) {
		t->at[i] = at[i];
		t->pts[i] = pts[i];
	}
	t->otherwise = otherwise;
}

void score_rules_default(struct score_rules *r)
{
	static const double vat[] = { 5, 3, 2 }, vpts[] = { 25, 20, 15 };
	static const double oat[] = { 50, 30, 15, 5 }, opts[] = { 25, 20, 15, 10 };
	static const double sat[] = { 3, 2, 1.5 }, spts[] = { 20, 15, 10 };
	static const double tat[] = { 4 * MS_PER_HOUR, 12 * MS_PER_HOUR, 24 * MS_PER_HOUR,
				      48 * MS_PER_HOUR };
	static const double tpts[] = { 10, 7, 5, 3 };

	memset(r, 0, sizeof *r);
	steps_set(&r->volume, 0, 3, vat, vpts, 10);
	steps_set(&r->oi, 0, 4, oat, opts, 0);
	steps_set(&r->spot, 0, 3, sat, spts, 0);
	steps_set(&r->timing, 1, 4, tat, tpts, 0);
	r->confirm_each = 5;
	r->confirm_max = 20;
	memcpy(r->weight, default_max, sizeof r->weight);
	r->level[0] = 80;
	r->level[1] = 60;
	r->level[2] = 40;
}

/* A number >= 0 in s[0..n). */
static int number(const char *s, size_t n, double *v)
{
	char tmp[64], *end;

	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*v = strtod(tmp, &end);
	return *end || !(*v >= 0) || !isfinite(*v) ? -1 : 0;
}

static int bound(const char *s, size_t n, int durations, double *v)
{
	char tmp[64];
	int64_t ms;

	if (!durations)
		return number(s, n, v);
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (duration_parse(tmp, &ms) < 0)
		return -1;
	*v = (double)ms;
	return 0;
}

int steps_parse(struct steps *t, const char *s, int durations, const char **why)
{
	struct steps r = { 0 };
	const char *p = s;

	r.le = t->le;
	for (;;) {
		size_t n = strcspn(p, ",");
		const char *colon = memchr(p, ':', n);

		if (!colon) {
			/* A bare number: the points otherwise; only last. */
			if (p[n] != '\0') {
				*why = "only the last item may be bare points";
				return -1;
			}
			if (number(p, n, &r.otherwise) < 0) {
				*why = "points must be numbers of 0 or more";
				return -1;
			}
			break;
		}
		if (r.n == STEPS_MAX) {
			*why = "too many steps (at most 8)";
			return -1;
		}
		if (bound(p, (size_t)(colon - p), durations, &r.at[r.n]) < 0) {
			*why = durations ? "bounds must be durations such as 4h" :
					   "bounds must be numbers of 0 or more";
			return -1;
		}
		if (number(colon + 1, n - (size_t)(colon - p) - 1, &r.pts[r.n]) < 0) {
			*why = "points must be numbers of 0 or more";
			return -1;
		}
		if (r.n > 0 && (r.le ? r.at[r.n] <= r.at[r.n - 1] : r.at[r.n] >= r.at[r.n - 1])) {
			*why = r.le ? "bounds must increase" : "bounds must decrease";
			return -1;
		}
		r.n++;
		p += n;
		if (*p == '\0')
			break;
		p++;
	}
	if (r.n == 0) {
		*why = "no steps given";
		return -1;
	}
	*t = r;
	return 0;
}

/* Parse a comma-separated list of exactly n numbers >= 0. */
static int numbers(const char *s, int n, double *v)
{
	const char *p = s;

	for (int i = 0; i < n; i++) {
		size_t len = strcspn(p, ",");

		if (number(p, len, &v[i]) < 0)
			return -1;
		p += len;
		if (i < n - 1 && *p++ != ',')
			return -1;
	}
	return *p ? -1 : 0;
}

int score_weights_parse(struct score_rules *r, const char *s)
{
	double w[NFACTORS];

	if (numbers(s, NFACTORS, w) < 0)
		return -1;
	/* A weight is the most points a factor gives: bounded, so that the
	 * points and their total stay finite (1e308 made totals inf). */
	for (int i = 0; i < NFACTORS; i++)
		if (w[i] > SCORE_WEIGHT_MAX)
			return -1;
	memcpy(r->weight, w, sizeof w);
	return 0;
}

int score_levels_parse(struct score_rules *r, const char *s)
{
	double l[3];

	if (numbers(s, 3, l) < 0 || !(l[0] > l[1] && l[1] > l[2]))
		return -1;
	memcpy(r->level, l, sizeof l);
	return 0;
}

static double step(const struct steps *t, double v)
{
	for (int i = 0; i < t->n; i++)
		if (t->le ? v <= t->at[i] : v >= t->at[i])
			return t->pts[i];
	return t->otherwise;
}

static int popcount(unsigned x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

double score_factor(const struct score_rules *r, enum factor f, const struct score_input *in)
{
	double pts = 0;

	switch (f) {
	case FACTOR_VOLUME:
		pts = in->has_ratio ? step(&r->volume, in->ratio) : 0;
		break;
	case FACTOR_OI:
		pts = in->has_oi ? step(&r->oi, in->oi_pct) : 0;
		break;
	case FACTOR_SPOT:
		pts = in->has_spot ? step(&r->spot, in->spot_ratio) : 0;
		break;
	case FACTOR_CONFIRMATION:
		pts = r->confirm_each * popcount(in->confirmations);
		if (pts > r->confirm_max)
			pts = r->confirm_max;
		break;
	case FACTOR_TIMING:
		pts = in->age_ms < 0 ? step(&r->timing, 0) : step(&r->timing, (double)in->age_ms);
		break;
	default:
		return 0;
	}
	/* Scale only when the weight differs, so default scores stay exact. */
	if (r->weight[f] != default_max[f])
		pts = pts * r->weight[f] / default_max[f];
	return pts;
}

const char *score_level(const struct score_rules *r, double total)
{
	for (int i = 0; i < 3; i++)
		if (total >= r->level[i])
			return level_names[3 - i];
	return level_names[0];
}

int score_level_rank(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, level_names[i]))
			return i;
	return -1;
}

void score_compute(const struct score_rules *r, const struct score_input *in, struct score *s)
{
	s->total = 0;
	for (int f = 0; f < NFACTORS; f++) {
		s->f[f] = score_factor(r, (enum factor)f, in);
		s->total += s->f[f];
	}
	s->level = score_level(r, s->total);
}

const char *confirmation_name(enum confirmation c)
{
	return (unsigned)c < NCONFIRMATIONS ? conf_names[c] : NULL;
}

int confirmation_find(const char *s, size_t n)
{
	for (int i = 0; i < NCONFIRMATIONS; i++)
		if (strlen(conf_names[i]) == n && !memcmp(conf_names[i], s, n))
			return i;
	return -1;
}

void score_write(struct buf *b, const struct score *s)
{
	static const char *const keys[NFACTORS] = {
		"volume", "oi", "spot_sync", "confirmation", "timing"
	};

	jw_key(b, "score");
	buf_addc(b, '{');
	for (int f = 0; f < NFACTORS; f++)
		jw_num(b, keys[f], s->f[f]);
	jw_num(b, "total", s->total);
	buf_addc(b, '}');
	jw_str(b, "confidence_level", s->level);
}
