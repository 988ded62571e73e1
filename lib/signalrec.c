#include "signalrec.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "jsonw.h"
#include "num.h"
#include "pct.h"
#include "record.h"
#include "score.h"

size_t signal_id(const struct candle *c, char *dst)
{
	size_t n = candle_series_key(c, dst);

	return n + (size_t)snprintf(dst + n, SIGNAL_ID_MAX - n, ":%lld",
				    (long long)c->open_time);
}

/* The profile and each condition with its value and threshold. */
static void write_why(const struct signal *s, struct buf *b)
{
	jw_str(b, "profile", s->profile);
	jw_key(b, "conditions");
	buf_addc(b, '[');
	for (int i = 0; i < s->ncond; i++) {
		const struct condition *k = &s->cond[i];

		if (i)
			buf_addc(b, ',');
		buf_addc(b, '{');
		jw_str(b, "name", condition_value_name(k->what));
		jw_str(b, "op", condition_op_name(k->op));
		jw_num(b, "threshold", k->threshold);
		jw_num_or_null(b, "value", s->has_value[i], s->value[i]);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
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
		jw_num(b, "price_change_pct", pct_change(c->open, c->close));
	else
		jw_null(b, "price_change_pct");
	jw_bool(b, "closed", c->closed);
	if (s->status)
		jw_str(b, "status", s->status);
	else
		jw_null(b, "status");
	if (s->profile)
		write_why(s, b);
	jw_end(b);
}

#define BAD(...) rec_bad(err, errlen, __VA_ARGS__)

/* "strength": one of the names. */
static void strength_member(void *rec, const struct jfield *f, char *err, size_t errlen)
{
	struct signal_in *s = rec;

	for (int i = STRENGTH_WEAK; i <= STRENGTH_EXTREME; i++)
		if (jfield_str_is(f, strength_name((enum strength)i))) {
			s->strength = (enum strength)i;
			return;
		}
	BAD("signal: 'strength' is not WEAK, MEDIUM, STRONG or EXTREME");
}

/* The "score" object of a scored signal. */
static void score_member(void *rec, const struct jfield *f, char *err, size_t errlen)
{
	static const char *const keys[] = { "volume", "oi", "spot_sync", "confirmation",
					    "timing", "total" };
	struct signal_in *s = rec;
	struct jscan sc;
	struct jfield g;
	unsigned seen = 0;
	int r;

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

static void level_member(void *rec, const struct jfield *f, char *err, size_t errlen)
{
	struct signal_in *s = rec;
	char tmp[16];

	if (jfield_string(f, tmp, sizeof tmp) < 0 || score_level_rank(tmp) < 0)
		BAD("signal: 'confidence_level' is not LOW, MEDIUM, HIGH or EXTREME");
	else
		snprintf(s->level, sizeof s->level, "%s", tmp);
}

static void confirmations_member(void *rec, const struct jfield *f, char *err, size_t errlen)
{
	struct signal_in *s = rec;
	const char *p = f->val + 1, *end = f->val + f->vlen - 1;

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

/* The members of a signal as read back; from S_SCORE on, those cb-score
 * writes (the one list of them: SCORED below). */
enum {
	S_ID, S_EXCHANGE, S_MARKET, S_SYMBOL, S_INTERVAL, S_OPEN_TIME, S_DETECTED_AT, S_PRICE,
	S_RATIO, S_STRENGTH, S_CLOSED, S_SCORE, S_LEVEL, S_OI, S_SPOT_SYMBOL, S_SPOT_RATIO,
	S_SPOT_SYNC, S_BASIS, S_CONFIRMATIONS, S_MISSING, S_COUNT
};
#define SCORED (REC_BIT(S_COUNT) - REC_BIT(S_SCORE))

#define AT(field) offsetof(struct signal_in, field)
#define CAP(field) sizeof(((struct signal_in *)0)->field)
#define M(nm, k, fl, field) .name = (nm), .kind = (k), .flags = (fl), .off = AT(field)
#define TIME "is not a time in epoch milliseconds"
#define CUSTOM(nm, fn) .name = (nm), .kind = RK_CUSTOM, .parse = (fn)

static const struct rec_member members[S_COUNT] = {
	[S_ID] = { M("id", RK_STRING, REC_REQUIRED, id), .cap = CAP(id) },
	[S_EXCHANGE] = { M("exchange", RK_NAME, 0, exchange), .cap = CAP(exchange),
		.def_str = "binance" },
	[S_MARKET] = { M("market", RK_NAME, 0, market), .cap = CAP(market), .def_str = "futures" },
	[S_SYMBOL] = { M("symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(symbol) },
	[S_INTERVAL] = { M("interval", RK_INTERVAL, REC_REQUIRED, interval),
		.msg = "is not one of" },
	[S_OPEN_TIME] = { M("open_time", RK_INT, REC_REQUIRED | REC_NONNEG, open_time),
		.msg = TIME },
	[S_DETECTED_AT] = { M("detected_at", RK_INT, REC_NONNEG, detected_at), .msg = TIME },
	[S_PRICE] = { M("price", RK_NUMBER, REC_REQUIRED, price) },
	[S_RATIO] = { M("spike_ratio_7d", RK_NUMBER, 0, ratio), .has_off = AT(has_ratio),
		.has_bit = 1 },
	[S_STRENGTH] = { CUSTOM("strength", strength_member) },
	[S_CLOSED] = { M("closed", RK_BOOL, 0, closed), .has_def = 1, .def_num = 1 },
	[S_SCORE] = { CUSTOM("score", score_member) },
	[S_LEVEL] = { CUSTOM("confidence_level", level_member) },
	[S_OI] = { M("oi_change_pct", RK_NUMBER, 0, oi_change_pct), .has_off = AT(has_oi),
		.has_bit = 1 },
	[S_SPOT_SYMBOL] = { .name = "spot_symbol", .kind = RK_ANY },
	[S_SPOT_RATIO] = { M("spot_spike_ratio_7d", RK_NUMBER, 0, spot_ratio),
		.has_off = AT(has_spot), .has_bit = 1 },
	[S_SPOT_SYNC] = { .name = "has_spot_sync", .kind = RK_ANY },
	[S_BASIS] = { .name = "basis_pct", .kind = RK_ANY },
	[S_CONFIRMATIONS] = { CUSTOM("confirmations", confirmations_member) },
	[S_MISSING] = { .name = "missing", .kind = RK_ANY },
};

static int finish(void *rec, uint64_t seen, uint64_t present, char *err, size_t errlen)
{
	struct signal_in *s = rec;
	char want[SIGNAL_ID_MAX];

	/* The id names the signal's candle: anything else would let one
	 * record take over another signal's row in the store. */
	snprintf(want, sizeof want, "%s:%s:%s:%s:%lld", s->exchange, s->market, s->symbol,
		 s->interval->name, (long long)s->open_time);
	if (strcmp(s->id, want)) {
		rec_bad(err, errlen, "signal: 'id' is not exchange:market:symbol:interval:"
			"open_time (%s)", want);
		return -1;
	}
	if (!(seen & REC_BIT(S_STRENGTH)))
		s->strength = STRENGTH_NONE;
	if (!(seen & REC_BIT(S_DETECTED_AT)))
		s->detected_at = interval_close_time(s->interval, s->open_time) + 1;
	else if (s->detected_at < s->open_time) {
		rec_bad(err, errlen, "signal: 'detected_at' %lld is before 'open_time' %lld",
			(long long)s->detected_at, (long long)s->open_time);
		return -1;
	}
	s->cb_score_members = (present & SCORED) != 0;
	return 0;
}

static struct rec_type signal_type = { "signal", sizeof(struct signal_in), members, S_COUNT,
				       finish, { 0 } };

int signal_parse(struct signal_in *s, const char *line, size_t len, char *err, size_t errlen)
{
	return rec_parse(&signal_type, s, line, len, err, errlen);
}

int signal_scored_member(const struct jfield *f)
{
	int i = rec_member_of(&signal_type, f->key, f->klen, f->kesc);

	return i >= 0 && i < S_COUNT && (SCORED & REC_BIT(i));
}
