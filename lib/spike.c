#include "spike.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

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
