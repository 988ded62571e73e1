/* calibrate: new weights and levels, judged on held-back signals
 * (calibrate.h). */
#include "calibrate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "xalloc.h"

#define MIN_SAMPLES 50
#define MIN_WITH 20
#define MIN_GAIN 0.005

static int by_time(const void *a, const void *b)
{
	const struct cal_sample *x = a, *y = b;

	return x->time < y->time ? -1 : x->time > y->time;
}

struct tv {
	double t;
	int y;
};

static int by_total(const void *a, const void *b)
{
	const struct tv *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

double cal_auc(const double *t, const int *y, size_t n)
{
	struct tv *v = xcalloc(n + 1, sizeof *v);
	double pos = 0, neg = 0, ranks = 0;

	for (size_t i = 0; i < n; i++) {
		v[i].t = t[i];
		v[i].y = y[i];
		pos += y[i] != 0;
		neg += y[i] == 0;
	}
	qsort(v, n, sizeof *v, by_total);
	/* The sum of the positives' ranks, ties sharing their mean rank. */
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double mean;

		while (j < n && v[j].t == v[i].t)
			j++;
		mean = (double)(i + 1 + j) / 2;
		for (size_t k = i; k < j; k++)
			if (v[k].y)
				ranks += mean;
		i = j;
	}
	free(v);
	if (!(pos > 0) || !(neg > 0))
		return NAN;
	return (ranks - pos * (pos + 1) / 2) / (pos * neg);
}

/* The total of s under new maxima w, from its parts under cur. */
static double total(const struct cal_sample *s, const struct score_rules *cur, const double *w)
{
	double t = 0;

	for (int f = 0; f < NFACTORS; f++)
		if (cur->weight[f] > 0)
			t += s->part[f] * w[f] / cur->weight[f];
	return t;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int calibrate(struct cal_sample *s, size_t n, const struct score_rules *cur, double holdout_pct,
	      struct cal_result *r)
{
	size_t held, fit, conf = 0;
	double sum_cur = 0, sum_new = 0, w[NFACTORS], *t, *tc, *tn;
	int *y;

	memset(r, 0, sizeof *r);
	r->rules = *cur;
	r->auc_current = r->auc_new = NAN;
	if (n < MIN_SAMPLES)
		return -1;
	qsort(s, n, sizeof *s, by_time);
	held = (size_t)((double)n * holdout_pct / 100);
	if (held < 1)
		held = 1;
	fit = n - held;
	r->fit = fit;
	r->held = held;
	for (size_t i = 0; i < fit; i++)
		conf += s[i].confirmed != 0;
	r->rate = fit ? (double)conf / (double)fit : NAN;
	for (int f = 0; f < NFACTORS; f++) {
		size_t with = 0;
		double sum_all = 0, sum_conf = 0, lift = 1;

		for (size_t i = 0; i < fit; i++) {
			with += s[i].part[f] > 0;
			sum_all += s[i].part[f];
			if (s[i].confirmed)
				sum_conf += s[i].part[f];
		}
		if (with >= MIN_WITH && conf > 0 && sum_all > 0) {
			lift = (sum_conf / (double)conf) / (sum_all / (double)fit);
			lift = lift < 0.25 ? 0.25 : lift > 4 ? 4 : lift;
		}
		r->lift[f] = lift;
		w[f] = cur->weight[f] * lift;
		sum_cur += cur->weight[f];
		sum_new += w[f];
	}
	for (int f = 0; f < NFACTORS; f++)
		r->rules.weight[f] = sum_new > 0 ? w[f] * sum_cur / sum_new : cur->weight[f];
	/* Levels at the 50th, 80th and 95th percentile of the new totals. */
	t = xcalloc(fit + 1, sizeof *t);
	for (size_t i = 0; i < fit; i++)
		t[i] = total(&s[i], cur, r->rules.weight);
	qsort(t, fit, sizeof *t, dbl_cmp);
	if (fit) {
		double e = round(t[(size_t)(0.95 * (double)(fit - 1))]);
		double h = round(t[(size_t)(0.80 * (double)(fit - 1))]);
		double m = round(t[(size_t)(0.50 * (double)(fit - 1))]);

		h = h < e ? h : e - 1;
		m = m < h ? m : h - 1;
		r->rules.level[0] = e;
		r->rules.level[1] = h;
		r->rules.level[2] = m;
	}
	free(t);
	/* The judgement on the newest signals. */
	tc = xcalloc(held + 1, sizeof *tc);
	tn = xcalloc(held + 1, sizeof *tn);
	y = xcalloc(held + 1, sizeof *y);
	for (size_t i = 0; i < held; i++) {
		const struct cal_sample *x = &s[fit + i];

		tc[i] = total(x, cur, cur->weight);
		tn[i] = total(x, cur, r->rules.weight);
		y[i] = x->confirmed != 0;
	}
	r->auc_current = cal_auc(tc, y, held);
	r->auc_new = cal_auc(tn, y, held);
	free(tc);
	free(tn);
	free(y);
	if (isnan(r->auc_current) || isnan(r->auc_new))
		return -1;
	r->better = r->auc_new >= r->auc_current + MIN_GAIN;
	return 0;
}

int cal_rules_parse(struct score_rules *r, const char *text, char *err, size_t errlen)
{
	struct score_rules t = *r;
	int line = 0;

	while (*text) {
		size_t len = strcspn(text, "\n");
		char buf[256], *v, *end;

		line++;
		if (len >= sizeof buf) {
			snprintf(err, errlen, "line %d: too long", line);
			return -1;
		}
		memcpy(buf, text, len);
		buf[len] = '\0';
		text += len + (text[len] == '\n');
		for (end = buf + len; end > buf && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r');)
			*--end = '\0';
		v = buf + strspn(buf, " \t");
		if (!*v || *v == '#')
			continue;
		if (!strncmp(v, "weights", 7) && (v[7] == ' ' || v[7] == '=')) {
			v += 7 + strspn(v + 7, " \t");
			if (*v++ != '=' || score_weights_parse(&t, v + strspn(v, " \t")) < 0) {
				snprintf(err, errlen, "line %d: weights = V,O,S,C,T (five numbers)", line);
				return -1;
			}
		} else if (!strncmp(v, "levels", 6) && (v[6] == ' ' || v[6] == '=')) {
			v += 6 + strspn(v + 6, " \t");
			if (*v++ != '=' || score_levels_parse(&t, v + strspn(v, " \t")) < 0) {
				snprintf(err, errlen, "line %d: levels = E,H,M (three decreasing numbers)",
					 line);
				return -1;
			}
		} else {
			snprintf(err, errlen, "line %d: not 'weights = ...' or 'levels = ...'", line);
			return -1;
		}
	}
	*r = t;
	return 0;
}

void cal_rules_write(const struct score_rules *r, const char *comment, struct buf *b)
{
	buf_printf(b, "# %s\n", comment);
	buf_printf(b, "weights = %.4g,%.4g,%.4g,%.4g,%.4g\n", r->weight[0], r->weight[1], r->weight[2],
		   r->weight[3], r->weight[4]);
	buf_printf(b, "levels = %.4g,%.4g,%.4g\n", r->level[0], r->level[1], r->level[2]);
}

int cal_rules_load(const char *path, struct score_rules *r, int *exists)
{
	FILE *f = fopen(path, "r");
	struct buf b = BUF_INIT;
	char chunk[4096], err[160];
	size_t n;
	int rc = 0;

	*exists = f != NULL;
	if (!f) {
		if (errno == ENOENT)
			return 0;
		error("cannot read '%s':", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= 65536)
		buf_add(&b, chunk, n);
	if (ferror(f) || b.len > 65536) {
		error("cannot read '%s': %s", path, ferror(f) ? "a read failed" : "larger than 64 KiB");
		rc = -1;
	} else if (cal_rules_parse(r, buf_cstr(&b), err, sizeof err) < 0) {
		error("%s: %s", path, err);
		rc = -1;
	}
	fclose(f);
	buf_release(&b);
	return rc;
}
