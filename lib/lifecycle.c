#include "lifecycle.h"

#include <string.h>

#include "cbtime.h"
#include "num.h"
#include "pct.h"

static const char *const status_names[LC_NSTATUS] = {
	"DETECTED", "MONITORING", "CONFIRMED", "FAILED", "ARCHIVED"
};

static const char *const reason_names[LC_NREASONS] = {
	NULL, "age", "pump", "drawdown", "expired", "prune"
};

void lc_rules_default(struct lc_rules *r)
{
	r->pump_pct = 10;
	r->drawdown_pct = 15;
	r->follow_pct = 5;
	r->follow_ms = 24 * MS_PER_HOUR;
	r->monitoring_ms = 4 * MS_PER_HOUR;
	r->monitor_ms = 168 * MS_PER_HOUR;
}

void lc_init(struct lc_state *s, double price, int64_t detected_at, int64_t start)
{
	memset(s, 0, sizeof *s);
	s->status = LC_DETECTED;
	s->outcome = LC_NONE;
	s->reason = LC_R_NONE;
	s->status_time = detected_at;
	s->price = price;
	s->detected_at = detected_at;
	s->start = start;
}

int lc_final(enum lc_status st)
{
	return st == LC_CONFIRMED || st == LC_FAILED || st == LC_ARCHIVED;
}

static void move(struct lc_state *s, struct lc_result *res, enum lc_status to,
		 enum lc_reason why, int64_t t)
{
	struct lc_transition *tr = &res->t[res->ntrans++];

	tr->from = s->status;
	tr->to = to;
	tr->reason = why;
	tr->time = t;
	tr->tracked = s->tracked;
	tr->max_gain_pct = s->tracked ? lc_max_gain_pct(s) : 0;
	tr->drawdown_pct = s->tracked ? lc_drawdown_pct(s) : 0;
	s->status = to;
	s->reason = why;
	s->status_time = t;
	if (to == LC_CONFIRMED || to == LC_FAILED) {
		s->outcome = to;
		s->final_time = t;
	}
}

double lc_max_gain_pct(const struct lc_state *s)
{
	return pct_change(s->price, s->max_high);
}

double lc_drawdown_pct(const struct lc_state *s)
{
	/* The fall as a positive number; 0 - x, not -x, keeps a zero +0. */
	return 0 - pct_change(s->price, s->min_low);
}

double lc_current_gain_pct(const struct lc_state *s)
{
	return pct_change(s->price, s->last_close);
}

/* The age transitions whose time is at or before t. Returns 1 if the
 * signal expired. */
static int age_moves(struct lc_state *s, const struct lc_rules *r, struct lc_result *res,
		     int64_t t)
{
	int64_t monitoring_at = s->detected_at + r->monitoring_ms;
	int64_t expire_at = s->detected_at + r->monitor_ms;

	if (s->status == LC_DETECTED && monitoring_at <= t && monitoring_at < expire_at)
		move(s, res, LC_MONITORING, LC_R_AGE, monitoring_at);
	if (expire_at <= t) {
		move(s, res, LC_FAILED, LC_R_EXPIRED, expire_at);
		return 1;
	}
	return 0;
}

int lc_apply(struct lc_state *s, const struct lc_rules *r, const struct lc_bar *b,
	     struct lc_result *res)
{
	double gain;

	memset(res, 0, sizeof *res);
	if (lc_final(s->status) || b->open_time < s->start ||
	    (s->tracked && b->end <= s->last_time))
		return 0;
	/* A gap: the age limits passed before this candle opened. */
	if (age_moves(s, r, res, b->open_time))
		return 1;
	if (!s->tracked || b->high > s->max_high)
		s->max_high = b->high;
	if (!s->tracked || b->low < s->min_low)
		s->min_low = b->low;
	s->last_close = b->close;
	s->last_time = b->end;
	s->tracked++;
	res->applied = 1;
	gain = pct_change(s->price, b->high);
	if (!s->follow && gain >= r->follow_pct && b->end - s->start <= r->follow_ms) {
		s->follow = 1;
		res->follow = 1;
		res->follow_value = gain;
	}
	if (lc_drawdown_pct(s) >= r->drawdown_pct)
		move(s, res, LC_FAILED, LC_R_DRAWDOWN, b->end);
	else if (lc_max_gain_pct(s) >= r->pump_pct)
		move(s, res, LC_CONFIRMED, LC_R_PUMP, b->end);
	else
		age_moves(s, r, res, b->end);
	return 1;
}

int lc_archive(struct lc_state *s, int64_t t, struct lc_transition *tr)
{
	if (s->status != LC_CONFIRMED && s->status != LC_FAILED)
		return 0;
	tr->from = s->status;
	tr->to = LC_ARCHIVED;
	tr->reason = LC_R_PRUNE;
	tr->time = t;
	tr->tracked = s->tracked;
	tr->max_gain_pct = s->tracked ? lc_max_gain_pct(s) : 0;
	tr->drawdown_pct = s->tracked ? lc_drawdown_pct(s) : 0;
	s->status = LC_ARCHIVED;
	s->reason = LC_R_PRUNE;
	s->status_time = t;
	return 1;
}

const char *lc_status_name(enum lc_status st)
{
	return st >= 0 && st < LC_NSTATUS ? status_names[st] : NULL;
}

enum lc_status lc_status_find(const char *s)
{
	for (int i = 0; i < LC_NSTATUS; i++)
		if (!strcmp(s, status_names[i]))
			return (enum lc_status)i;
	return LC_NONE;
}

const char *lc_reason_name(enum lc_reason r)
{
	return r > LC_R_NONE && r < LC_NREASONS ? reason_names[r] : NULL;
}

enum lc_reason lc_reason_find(const char *s)
{
	for (int i = 1; i < LC_NREASONS; i++)
		if (!strcmp(s, reason_names[i]))
			return (enum lc_reason)i;
	return LC_R_NONE;
}
