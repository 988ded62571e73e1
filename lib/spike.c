#include "spike.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonw.h"
#include "score.h"

void strength_rules_default(struct strength_rules *r)
{
	r->t[0] = 1.5;
	r->t[1] = 2;
	r->t[2] = 3;
	r->t[3] = 5;
}

int strength_rules_parse(struct strength_rules *r, const char *s)
{
	struct strength_rules tmp;
	const char *p = s;

	for (int i = 0; i < 4; i++) {
		char *end;

		size_t n = strspn(p, "0123456789.");

		if (!n)
			return -1;
		tmp.t[i] = strtod(p, &end);
		if (end != p + n || !(tmp.t[i] > 0) || tmp.t[i] > 1e9 ||
		    (i && tmp.t[i] <= tmp.t[i - 1]))
			return -1;
		p = end;
		if (i < 3 && *p++ != ',')
			return -1;
	}
	if (*p)
		return -1;
	*r = tmp;
	return 0;
}

enum strength strength_of(const struct strength_rules *r, double m)
{
	if (m >= r->t[3])
		return STRENGTH_EXTREME;
	if (m >= r->t[2])
		return STRENGTH_STRONG;
	if (m >= r->t[1])
		return STRENGTH_MEDIUM;
	return STRENGTH_WEAK;
}

const char *strength_name(enum strength s)
{
	static const char *const names[] = { "WEAK", "MEDIUM", "STRONG", "EXTREME" };

	return s == STRENGTH_NONE ? NULL : names[s];
}

int strength_confidence(enum strength s)
{
	static const int conf[] = { 30, 45, 60, 75 };

	return s == STRENGTH_NONE ? 0 : conf[s];
}

size_t signal_id(const struct candle *c, char *dst)
{
	size_t n = candle_series_key(c, dst);

	return n + (size_t)snprintf(dst + n, SIGNAL_ID_MAX - n, ":%lld",
				    (long long)c->open_time);
}

void signal_write(const struct signal *s, struct buf *b)
{
	const struct candle *c = s->c;
	char id[SIGNAL_ID_MAX], key[48];

	jw_begin(b);
	jw_str(b, "type", s->type);
	signal_id(c, id);
	jw_str(b, "id", id);
	jw_str(b, "exchange", c->exchange);
	jw_str(b, "market", c->market);
	jw_str(b, "symbol", c->symbol);
	jw_str(b, "interval", c->interval->name);
	jw_int(b, "open_time", c->open_time);
	jw_int(b, "detected_at", s->detected_at);
	jw_num(b, "volume", s->volume);
	for (int i = 0; i < s->nwin; i++) {
		snprintf(key, sizeof key, "baseline_%s", s->labels[i]);
		jw_num_or_null(b, key, s->has_base[i], s->base[i]);
	}
	for (int i = 0; i < s->nwin; i++) {
		snprintf(key, sizeof key, "spike_ratio_%s", s->labels[i]);
		jw_num_or_null(b, key, s->has_ratio[i], s->ratio[i]);
	}
	if (s->strength == STRENGTH_NONE) {
		jw_null(b, "strength");
		jw_null(b, "confidence");
	} else {
		jw_str(b, "strength", strength_name(s->strength));
		jw_int(b, "confidence", strength_confidence(s->strength));
	}
	jw_num(b, "price", c->close);
	if (c->open > 0)
		jw_num(b, "price_change_pct", (c->close - c->open) / c->open * 100);
	else
		jw_null(b, "price_change_pct");
	jw_bool(b, "closed", c->closed);
	if (s->status)
		jw_str(b, "status", s->status);
	else
		jw_null(b, "status");
	jw_end(b);
}

#define BAD(...) do { if (!*err) snprintf(err, errlen, __VA_ARGS__); } while (0)

static void num_member(const struct jfield *f, const char *name, int *has, double *v,
		       char *err, size_t errlen)
{
	if (f->type == JSON_NULL) {
		*has = 0;
		return;
	}
	if (jfield_number(f, v) < 0)
		BAD("signal: '%s' is not a number", name);
	else
		*has = 1;
}

static void int_member(const struct jfield *f, const char *name, int64_t *v,
		       char *err, size_t errlen)
{
	if (jfield_int(f, v) < 0 || *v < 0)
		BAD("signal: '%s' is not a time in epoch milliseconds", name);
}

/* The "score" object of a scored signal. */
static void score_member(struct signal_in *s, const struct jfield *f, char *err, size_t errlen)
{
	static const char *const keys[] = { "volume", "oi", "spot_sync", "confirmation",
					    "timing", "total" };
	struct jscan sc;
	struct jfield g;
	unsigned seen = 0;
	int r;

	if (f->type == JSON_NULL)
		return;
	if (f->type != JSON_OBJECT) {
		BAD("signal: 'score' is not an object");
		return;
	}
	jscan_init(&sc, f->val, f->vlen);
	while ((r = jscan_next(&sc, &g)) > 0)
		for (int i = 0; i < 6; i++)
			if (jfield_key_is(&g, keys[i])) {
				double v;

				if (jfield_number(&g, &v) < 0) {
					BAD("signal: 'score.%s' is not a number", keys[i]);
					return;
				}
				if (i < 5)
					s->score[i] = v;
				else
					s->total = v;
				seen |= 1u << i;
			}
	if (seen != 077)
		BAD("signal: 'score' lacks a member (volume, oi, spot_sync, confirmation, "
		    "timing, total)");
	else
		s->scored = 1;
}

static void confirmations_member(struct signal_in *s, const struct jfield *f, char *err,
				 size_t errlen)
{
	const char *p = f->val + 1, *end = f->val + f->vlen - 1;

	if (f->type == JSON_NULL)
		return;
	if (f->type != JSON_ARRAY) {
		BAD("signal: 'confirmations' is not an array");
		return;
	}
	/* An array of plain strings: ["SPOT_SYNC","OI_RISE"]. */
	while (p < end) {
		const char *q;
		int c;

		if (*p == ' ' || *p == ',' || *p == '\t') {
			p++;
			continue;
		}
		if (*p != '"' || !(q = memchr(p + 1, '"', (size_t)(end - p - 1))) ||
		    (c = confirmation_find(p + 1, (size_t)(q - p - 1))) < 0) {
			BAD("signal: 'confirmations' has an item that is not a confirmation name");
			return;
		}
		s->confirmations |= 1u << c;
		p = q + 1;
	}
}

int signal_parse(struct signal_in *s, const char *line, size_t len, char *err, size_t errlen)
{
	enum { S_ID = 1, S_SYMBOL = 2, S_INTERVAL = 4, S_OPEN = 8, S_PRICE = 16, S_DET = 32,
	       S_EXCH = 64, S_MARKET = 128 };
	struct jscan sc;
	struct jfield f;
	unsigned seen = 0;
	int r, other = 0, has_price = 0;
	char ivname[8], tmp[16];

	memset(s, 0, sizeof *s);
	s->strength = STRENGTH_NONE;
	s->closed = 1;
	err[0] = '\0';
	jscan_init(&sc, line, len);
	while ((r = jscan_next(&sc, &f)) > 0) {
		if (other)
			continue;
		if (jfield_key_is(&f, "type")) {
			if (f.type != JSON_STRING)
				BAD("record: 'type' is not a string");
			else if (!jfield_str_is(&f, "signal"))
				other = 1;
		} else if (jfield_key_is(&f, "id")) {
			record_name(&f, "signal", "id", s->id, sizeof s->id, NAME_ANY, err, errlen);
			seen |= S_ID;
		} else if (jfield_key_is(&f, "exchange")) {
			record_name(&f, "signal", "exchange", s->exchange, CANDLE_NAME_MAX, NAME_PLAIN,
				    err, errlen);
			seen |= S_EXCH;
		} else if (jfield_key_is(&f, "market")) {
			record_name(&f, "signal", "market", s->market, CANDLE_NAME_MAX, NAME_PLAIN,
				    err, errlen);
			seen |= S_MARKET;
		} else if (jfield_key_is(&f, "symbol")) {
			record_name(&f, "signal", "symbol", s->symbol, CANDLE_NAME_MAX, NAME_SYMBOL,
				    err, errlen);
			seen |= S_SYMBOL;
		} else if (jfield_key_is(&f, "interval")) {
			long n = jfield_string(&f, ivname, sizeof ivname);

			if (n < 0 || !(s->interval = interval_find(ivname)))
				BAD("signal: 'interval' is not one of %s", interval_names());
			seen |= S_INTERVAL;
		} else if (jfield_key_is(&f, "open_time")) {
			int_member(&f, "open_time", &s->open_time, err, errlen);
			seen |= S_OPEN;
		} else if (jfield_key_is(&f, "detected_at")) {
			int_member(&f, "detected_at", &s->detected_at, err, errlen);
			seen |= S_DET;
		} else if (jfield_key_is(&f, "price")) {
			num_member(&f, "price", &has_price, &s->price, err, errlen);
			if (has_price)
				seen |= S_PRICE;
		} else if (jfield_key_is(&f, "spike_ratio_7d")) {
			num_member(&f, "spike_ratio_7d", &s->has_ratio, &s->ratio, err, errlen);
		} else if (jfield_key_is(&f, "strength")) {
			if (f.type != JSON_NULL) {
				s->strength = STRENGTH_NONE;
				for (int i = STRENGTH_WEAK; i <= STRENGTH_EXTREME; i++)
					if (jfield_str_is(&f, strength_name((enum strength)i)))
						s->strength = (enum strength)i;
				if (s->strength == STRENGTH_NONE)
					BAD("signal: 'strength' is not WEAK, MEDIUM, STRONG or EXTREME");
			}
		} else if (jfield_key_is(&f, "closed")) {
			if (f.type == JSON_FALSE)
				s->closed = 0;
			else if (f.type != JSON_TRUE && f.type != JSON_NULL)
				BAD("signal: 'closed' is not true or false");
		} else if (jfield_key_is(&f, "spot_symbol") || jfield_key_is(&f, "has_spot_sync") ||
			   jfield_key_is(&f, "basis_pct") || jfield_key_is(&f, "missing")) {
			s->cb_score_members = 1;
		} else if (jfield_key_is(&f, "score")) {
			s->cb_score_members = 1;
			score_member(s, &f, err, errlen);
		} else if (jfield_key_is(&f, "confidence_level")) {
			s->cb_score_members = 1;
			if (f.type != JSON_NULL && (jfield_string(&f, tmp, sizeof tmp) < 0 ||
						    score_level_rank(tmp) < 0))
				BAD("signal: 'confidence_level' is not LOW, MEDIUM, HIGH or EXTREME");
			else if (f.type != JSON_NULL)
				snprintf(s->level, sizeof s->level, "%s", tmp);
		} else if (jfield_key_is(&f, "confirmations")) {
			s->cb_score_members = 1;
			confirmations_member(s, &f, err, errlen);
		} else if (jfield_key_is(&f, "oi_change_pct")) {
			s->cb_score_members = 1;
			num_member(&f, "oi_change_pct", &s->has_oi, &s->oi_change_pct, err, errlen);
		} else if (jfield_key_is(&f, "spot_spike_ratio_7d")) {
			s->cb_score_members = 1;
			num_member(&f, "spot_spike_ratio_7d", &s->has_spot, &s->spot_ratio, err, errlen);
		}
	}
	if (r < 0) {
		snprintf(err, errlen, "invalid JSON at column %ld: %s", (long)(sc.p - line) + 1,
			 sc.err);
		return CANDLE_BAD;
	}
	if (other)
		return CANDLE_OTHER;
	if (*err)
		return CANDLE_BAD;
	if (!(seen & S_ID)) BAD("signal: 'id' is missing");
	else if (!(seen & S_SYMBOL)) BAD("signal: 'symbol' is missing");
	else if (!(seen & S_INTERVAL)) BAD("signal: 'interval' is missing");
	else if (!(seen & S_OPEN)) BAD("signal: 'open_time' is missing");
	else if (!(seen & S_PRICE)) BAD("signal: 'price' is missing");
	if (*err)
		return CANDLE_BAD;
	if (!(seen & S_EXCH))
		memcpy(s->exchange, "binance", sizeof "binance");
	if (!(seen & S_MARKET))
		memcpy(s->market, "futures", sizeof "futures");
	if (!(seen & S_DET))
		s->detected_at = interval_close_time(s->interval, s->open_time) + 1;
	return CANDLE_OK;
}
