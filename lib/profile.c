/* profile: the settings of a cb-detect run (profile.h). */
#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "choice.h"
#include "num.h"

static const char *const measure_names[] = { "auto", "quote", "base", NULL };
static const enum measure measure_ids[] = { MEASURE_AUTO, MEASURE_QUOTE, MEASURE_BASE };

static void seed(struct profile *p)
{
	char err[128];

	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "seed");
	strength_rules_default(&p->rules);
	p->measure = MEASURE_AUTO;
	profile_set_windows(p, "7d,14d,30d", err, sizeof err);
}

/* The pump profile: exchange-coordinated pumps on 5m candles (cb-detect(1)
 * gives its figures). A pump announced in a Telegram group is a burst of
 * many small taker trades at a round clock time: the trade count leaps
 * further above its day's mean than ordinary volume spikes do. */
static void pump(struct profile *p)
{
	char err[128];
	static const char *const conds[] = { "trades_ratio >= 50", "minute < 5" };

	seed(p);
	snprintf(p->name, sizeof p->name, "pump");
	profile_set_windows(p, "1d,3d", err, sizeof err);
	profile_set_thresholds(p, "20,50,100,200");
	p->has_min_ratio = 1;
	p->min_ratio = 20;
	for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++)
		condition_parse(&p->cond[p->ncond++], conds[i], strlen(conds[i]), err,
				sizeof err);
}

int profile_builtin(struct profile *p, const char *name)
{
	if (!strcmp(name, "seed"))
		seed(p);
	else if (!strcmp(name, "pump"))
		pump(p);
	else
		return -1;
	return 0;
}

const char *profile_builtin_names(void)
{
	return "seed, pump";
}

int profile_set_windows(struct profile *p, const char *list, char *err, size_t errlen)
{
	const char *s = list;
	int nwin = 0;

	while (*s) {
		size_t n = strcspn(s, ",");
		char *lab;

		if (nwin == BASELINE_MAX_WINDOWS) {
			snprintf(err, errlen, "at most %d windows", BASELINE_MAX_WINDOWS);
			return -1;
		}
		lab = p->labels[nwin];
		if (n == 0 || n >= sizeof p->labels[0]) {
			snprintf(err, errlen, "'%s' is not a list of durations", list);
			return -1;
		}
		memcpy(lab, s, n);
		lab[n] = '\0';
		if (duration_parse(lab, &p->win_ms[nwin]) < 0) {
			snprintf(err, errlen, "'%s' is not a duration such as 7d or 90m", lab);
			return -1;
		}
		for (int i = 0; i < nwin; i++)
			if (!strcmp(p->labels[i], lab)) {
				snprintf(err, errlen, "'%s' is given twice", lab);
				return -1;
			}
		nwin++;
		s += n;
		if (*s == ',' && *++s == '\0') {
			snprintf(err, errlen, "'%s' ends with a comma", list);
			return -1;
		}
	}
	if (!nwin) {
		snprintf(err, errlen, "no windows given");
		return -1;
	}
	p->nwin = nwin;
	return 0;
}

int profile_set_thresholds(struct profile *p, const char *s)
{
	return strength_rules_parse(&p->rules, s);
}

int profile_set_min_ratio(struct profile *p, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v > 0) || v > 1e9)
		return -1;
	p->has_min_ratio = 1;
	p->min_ratio = v;
	return 0;
}

double profile_min_ratio(const struct profile *p)
{
	return p->has_min_ratio ? p->min_ratio : p->rules.t[0];
}

int profile_is_seed(const struct profile *p)
{
	return !strcmp(p->name, "seed") && !p->ncond;
}

unsigned profile_needs(const struct profile *p, int quote)
{
	unsigned need = 0;

	for (int i = 0; i < p->ncond; i++)
		need |= condition_needs(&p->cond[i], quote);
	return need;
}

int profile_counts_trades(const struct profile *p)
{
	for (int i = 0; i < p->ncond; i++)
		if (p->cond[i].what == COND_TRADES_RATIO)
			return 1;
	return 0;
}

/* s[0..n) without blanks at either end. */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

enum { K_NAME, K_WINDOWS, K_VOLUME, K_THRESHOLDS, K_MIN_RATIO, K_CONDITION, K_COUNT };
static const char *const keys[K_COUNT] = {
	"name", "windows", "volume", "thresholds", "min_ratio", "condition"
};

/* Set key k to the value v (NUL-terminated). Returns 0 or -1 with err. */
static int set_key(struct profile *p, int k, const char *v, size_t vlen, char *err,
		   size_t errlen)
{
	char msg[160];
	int m;

	switch (k) {
	case K_NAME:
		if (!vlen || vlen >= sizeof p->name) {
			snprintf(err, errlen, "name: '%.80s' is not 1 to %zu bytes", v,
				 sizeof p->name - 1);
			return -1;
		}
		memcpy(p->name, v, vlen + 1);
		return 0;
	case K_WINDOWS:
		if (profile_set_windows(p, v, msg, sizeof msg) < 0) {
			snprintf(err, errlen, "windows: %s", msg);
			return -1;
		}
		return 0;
	case K_VOLUME:
		m = choice_find(v, measure_names);
		if (m < 0) {
			snprintf(err, errlen, "volume: '%.80s' is not auto, quote or base", v);
			return -1;
		}
		p->measure = measure_ids[m];
		return 0;
	case K_THRESHOLDS:
		if (profile_set_thresholds(p, v) < 0) {
			snprintf(err, errlen, "thresholds: '%.80s' is not four increasing positive "
				 "numbers such as 1.5,2,3,5", v);
			return -1;
		}
		return 0;
	case K_MIN_RATIO:
		if (profile_set_min_ratio(p, v) < 0) {
			snprintf(err, errlen, "min_ratio: '%.80s' is not a positive number", v);
			return -1;
		}
		return 0;
	default:
		if (p->ncond == PROFILE_MAX_CONDITIONS) {
			snprintf(err, errlen, "condition: at most %d conditions",
				 PROFILE_MAX_CONDITIONS);
			return -1;
		}
		if (condition_parse(&p->cond[p->ncond], v, vlen, msg, sizeof msg) < 0) {
			snprintf(err, errlen, "condition: %s", msg);
			return -1;
		}
		p->ncond++;
		return 0;
	}
}

int profile_parse(struct profile *p, const char *s, size_t n, const char *name,
		  char *err, size_t errlen)
{
	const char *end = s + n;
	char msg[256];
	long lineno = 0;

	seed(p);
	snprintf(p->name, sizeof p->name, "%s", name);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *line = s, *eq, *val;
		size_t len = (size_t)((nl ? nl : end) - s), klen, vlen;
		char v[256];
		int k = -1;

		s = nl ? nl + 1 : end;
		lineno++;
		trim(&line, &len);
		if (!len || *line == '#')
			continue;
		eq = memchr(line, '=', len);
		if (!eq) {
			snprintf(err, errlen, "line %ld: '%.*s' is not key = value", lineno,
				 (int)len, line);
			return -1;
		}
		klen = (size_t)(eq - line);
		trim(&line, &klen);
		val = eq + 1;
		vlen = len - (size_t)(val - line);
		trim(&val, &vlen);
		for (int i = 0; i < K_COUNT; i++)
			if (klen == strlen(keys[i]) && !memcmp(line, keys[i], klen))
				k = i;
		if (k < 0) {
			snprintf(err, errlen, "line %ld: '%.*s' is not a key (name, windows, "
				 "volume, thresholds, min_ratio, condition)", lineno, (int)klen, line);
			return -1;
		}
		if (memchr(val, '\0', vlen) || vlen >= sizeof v) {
			snprintf(err, errlen, "line %ld: the value of '%s' is too long", lineno,
				 keys[k]);
			return -1;
		}
		memcpy(v, val, vlen);
		v[vlen] = '\0';
		if (set_key(p, k, v, vlen, msg, sizeof msg) < 0) {
			snprintf(err, errlen, "line %ld: %s", lineno, msg);
			return -1;
		}
	}
	return 0;
}

void profile_write(const struct profile *p, struct buf *b)
{
	char num[NUM_FMT_MAX], text[CONDITION_TEXT_MAX];

	buf_printf(b, "name = %s\nwindows = ", p->name);
	for (int i = 0; i < p->nwin; i++)
		buf_printf(b, "%s%s", i ? "," : "", p->labels[i]);
	buf_printf(b, "\nvolume = %s\nthresholds = ", measure_names[p->measure]);
	for (int i = 0; i < 4; i++) {
		fmt_double(num, p->rules.t[i]);
		buf_printf(b, "%s%s", i ? "," : "", num);
	}
	fmt_double(num, profile_min_ratio(p));
	buf_printf(b, "\nmin_ratio = %s\n", num);
	for (int i = 0; i < p->ncond; i++) {
		condition_format(&p->cond[i], text);
		buf_printf(b, "condition = %s\n", text);
	}
}
