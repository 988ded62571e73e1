#include "candle.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "num.h"
#include "jsonw.h"

/* Members of a candle, for the one-pass dispatch in candle_parse. */
enum member {
	M_NONE, M_TYPE, M_EXCHANGE, M_MARKET, M_SYMBOL, M_INTERVAL, M_OPEN_TIME,
	M_CLOSE_TIME, M_OPEN, M_HIGH, M_LOW, M_CLOSE, M_VOLUME, M_QUOTE_VOLUME,
	M_TRADES, M_TAKER_BUY_VOLUME, M_TAKER_BUY_QUOTE_VOLUME, M_CLOSED, M_AS_OF,
	M_COUNT
};

static const char *const member_names[M_COUNT] = {
	"", "type", "exchange", "market", "symbol", "interval", "open_time",
	"close_time", "open", "high", "low", "close", "volume", "quote_volume",
	"trades", "taker_buy_volume", "taker_buy_quote_volume", "closed", "as_of"
};

static enum member member_of(const struct jfield *f)
{
	if (f->kesc) {
		for (int m = 1; m < M_COUNT; m++)
			if (jfield_key_is(f, member_names[m]))
				return (enum member)m;
		return M_NONE;
	}
	/* Dispatch on length first: one memcmp per member in the common case. */
	switch (f->klen) {
	case 3: return !memcmp(f->key, "low", 3) ? M_LOW : M_NONE;
	case 4:
		if (!memcmp(f->key, "type", 4)) return M_TYPE;
		if (!memcmp(f->key, "open", 4)) return M_OPEN;
		if (!memcmp(f->key, "high", 4)) return M_HIGH;
		return M_NONE;
	case 5:
		if (!memcmp(f->key, "close", 5)) return M_CLOSE;
		if (!memcmp(f->key, "as_of", 5)) return M_AS_OF;
		return M_NONE;
	case 6:
		if (!memcmp(f->key, "symbol", 6)) return M_SYMBOL;
		if (!memcmp(f->key, "market", 6)) return M_MARKET;
		if (!memcmp(f->key, "volume", 6)) return M_VOLUME;
		if (!memcmp(f->key, "trades", 6)) return M_TRADES;
		if (!memcmp(f->key, "closed", 6)) return M_CLOSED;
		return M_NONE;
	case 8:
		if (!memcmp(f->key, "exchange", 8)) return M_EXCHANGE;
		if (!memcmp(f->key, "interval", 8)) return M_INTERVAL;
		return M_NONE;
	case 9: return !memcmp(f->key, "open_time", 9) ? M_OPEN_TIME : M_NONE;
	case 10: return !memcmp(f->key, "close_time", 10) ? M_CLOSE_TIME : M_NONE;
	case 12: return !memcmp(f->key, "quote_volume", 12) ? M_QUOTE_VOLUME : M_NONE;
	case 16: return !memcmp(f->key, "taker_buy_volume", 16) ? M_TAKER_BUY_VOLUME : M_NONE;
	case 22:
		return !memcmp(f->key, "taker_buy_quote_volume", 22) ? M_TAKER_BUY_QUOTE_VOLUME : M_NONE;
	default: return M_NONE;
	}
}

static int name_ok(const char *s, int symbol)
{
	size_t n = 0;

	for (; s[n]; n++) {
		char ch = s[n];

		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-')
			continue;
		if (symbol && ((ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '/'))
			continue;
		return 0;
	}
	return n > 0 && n < CANDLE_NAME_MAX;
}

int candle_name_ok(const char *s) { return name_ok(s, 0); }
int candle_symbol_ok(const char *s) { return name_ok(s, 1); }

/* The first problem found is kept; scanning goes on, because a later
 * "type" member may show the record is not a candle at all. */
#define BAD(...) do { if (!*err) snprintf(err, errlen, __VA_ARGS__); } while (0)

int record_name(const struct jfield *f, const char *rec, const char *name, char *dst,
		size_t cap, enum name_kind kind, char *err, size_t errlen)
{
	long n = jfield_string(f, dst, cap);

	if (n == -1)
		BAD("%s: '%s' is not a string", rec, name);
	else if (n == -2)
		BAD("%s: '%s' is longer than %d bytes", rec, name, (int)cap - 1);
	else if (kind != NAME_ANY && !name_ok(dst, kind == NAME_SYMBOL))
		BAD("%s: '%s' \"%s\" has characters other than %s", rec, name, dst,
		    kind == NAME_SYMBOL ? "A-Z a-z 0-9 . _ / -" : "a-z 0-9 _ -");
	else
		return 0;
	return -1;
}

static void get_name(const struct jfield *f, const char *name, char *dst, int symbol,
		     char *err, size_t errlen)
{
	record_name(f, "candle", name, dst, CANDLE_NAME_MAX, symbol ? NAME_SYMBOL : NAME_PLAIN,
		    err, errlen);
}

static int is_int_member(enum member m)
{
	return m == M_OPEN_TIME || m == M_CLOSE_TIME || m == M_TRADES || m == M_AS_OF;
}

static int is_required(enum member m)
{
	return m == M_SYMBOL || m == M_INTERVAL || m == M_OPEN_TIME || m == M_OPEN ||
	       m == M_HIGH || m == M_LOW || m == M_CLOSE || m == M_VOLUME;
}

/* A number member: store it, or note why not. */
static void get_number(struct candle *c, enum member m, const struct jfield *f,
		       unsigned *seen, char *err, size_t errlen)
{
	const char *name = member_names[m];
	int64_t iv;
	double v;

	if (f->type == JSON_NULL && !is_required(m)) {
		*seen &= ~(1u << m);  /* null: absent */
		return;
	}
	if (f->type != JSON_NUMBER) {
		BAD("candle: '%s' is not a number", name);
		return;
	}
	if (is_int_member(m)) {
		if (jfield_int(f, &iv) < 0) {
			BAD("candle: '%s' is not an integer", name);
			return;
		}
		if (iv < 0)
			BAD("candle: '%s' is negative", name);
		switch (m) {
		case M_OPEN_TIME: c->open_time = iv; break;
		case M_CLOSE_TIME: c->close_time = iv; break;
		case M_TRADES: c->trades = iv; break;
		default: c->as_of = iv; break;
		}
		return;
	}
	if (jfield_number(f, &v) < 0) {
		BAD("candle: '%s' is not a number", name);
		return;
	}
	if (v < 0)
		BAD("candle: '%s' is negative", name);
	switch (m) {
	case M_OPEN: c->open = v; break;
	case M_HIGH: c->high = v; break;
	case M_LOW: c->low = v; break;
	case M_CLOSE: c->close = v; break;
	case M_VOLUME: c->volume = v; break;
	case M_QUOTE_VOLUME: c->quote_volume = v; break;
	case M_TAKER_BUY_VOLUME: c->taker_buy_volume = v; break;
	default: c->taker_buy_quote_volume = v; break;
	}
}

static int parse_generic(struct candle *c, const char *line, size_t len, char *err,
			 size_t errlen)
{
	static const enum member required[] = { M_SYMBOL, M_INTERVAL, M_OPEN_TIME,
		M_OPEN, M_HIGH, M_LOW, M_CLOSE, M_VOLUME };
	struct jscan s;
	struct jfield f;
	unsigned seen = 0;
	int r, other = 0;
	char ivname[8];

	err[0] = '\0';
	jscan_init(&s, line, len);
	while ((r = jscan_next(&s, &f)) > 0) {
		enum member m = member_of(&f);

		if (m == M_NONE || other)
			continue;
		if (f.type == JSON_NULL && (m == M_EXCHANGE || m == M_MARKET || m == M_CLOSED)) {
			seen &= ~(1u << m);  /* null: absent, the default applies */
			continue;
		}
		seen |= 1u << m;
		switch (m) {
		case M_TYPE:
			if (f.type != JSON_STRING)
				BAD("record: 'type' is not a string");
			else if (!jfield_str_is(&f, "candle"))
				other = 1;
			break;
		case M_EXCHANGE:
			get_name(&f, "exchange", c->exchange, 0, err, errlen);
			break;
		case M_MARKET:
			get_name(&f, "market", c->market, 0, err, errlen);
			break;
		case M_SYMBOL:
			get_name(&f, "symbol", c->symbol, 1, err, errlen);
			break;
		case M_INTERVAL: {
			long n = jfield_string(&f, ivname, sizeof ivname);

			if (n == -1)
				BAD("candle: 'interval' is not a string");
			else if (n == -2 || !(c->interval = interval_find(ivname)))
				BAD("candle: 'interval' \"%.*s\" is not one of %s",
				    (int)(f.vlen > 16 ? 16 : f.vlen), f.val, interval_names());
			break;
		}
		case M_CLOSED:
			if (f.type != JSON_TRUE && f.type != JSON_FALSE)
				BAD("candle: 'closed' is not true or false");
			c->closed = f.type == JSON_TRUE;
			break;
		default:
			get_number(c, m, &f, &seen, err, errlen);
			break;
		}
	}
	if (r < 0) {
		snprintf(err, errlen, "invalid JSON at column %ld: %s",
			 (long)(s.p - line) + 1, s.err);
		return CANDLE_BAD;
	}
	if (other)
		return CANDLE_OTHER;
	if (*err)
		return CANDLE_BAD;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!(seen & 1u << required[i])) {
			BAD("candle: '%s' is missing", member_names[required[i]]);
			return CANDLE_BAD;
		}
	if (!(seen & 1u << M_EXCHANGE))
		memcpy(c->exchange, "binance", sizeof "binance");
	if (!(seen & 1u << M_MARKET))
		memcpy(c->market, "futures", sizeof "futures");
	if (!(seen & 1u << M_CLOSED))
		c->closed = 1;
	if (c->high < c->low) {
		BAD("candle: 'high' is below 'low'");
		return CANDLE_BAD;
	}
	if (!(seen & 1u << M_CLOSE_TIME)) {
		c->close_time = interval_close_time(c->interval, c->open_time);
	} else if (c->close_time < c->open_time) {
		BAD("candle: 'close_time' is before 'open_time'");
		return CANDLE_BAD;
	}
	c->has = 0;
	if (seen & 1u << M_QUOTE_VOLUME) c->has |= CANDLE_QUOTE_VOLUME;
	if (seen & 1u << M_TRADES) c->has |= CANDLE_TRADES;
	if (seen & 1u << M_TAKER_BUY_VOLUME) c->has |= CANDLE_TAKER_BUY_VOLUME;
	if (seen & 1u << M_TAKER_BUY_QUOTE_VOLUME) c->has |= CANDLE_TAKER_BUY_QUOTE_VOLUME;
	if (seen & 1u << M_AS_OF) c->has |= CANDLE_AS_OF;
	return CANDLE_OK;
}

static char *put(char *d, const char *s, char sep)
{
	size_t n = strlen(s);

	memcpy(d, s, n);
	d[n] = sep;
	return d + n + 1;
}


/* The canonical layout: the members in cb-formats(5) order, no whitespace,
 * no escapes, as every cb tool writes them. Lines in this exact form are
 * read by matching the literal key text instead of scanning and dispatching
 * each key, which makes reading about twice as fast. Any difference at all
 * (other order, whitespace, escapes, an unusual or invalid value) sends the
 * line to the generic reader, which is the reference and gives the messages. */
static const char *lit(const char *p, const char *end, const char *text, size_t n)
{
	return (size_t)(end - p) >= n && !memcmp(p, text, n) ? p + n : NULL;
}
#define LIT(p, s) ((p) = (p) ? lit((p), end, (s), sizeof(s) - 1) : NULL)

/* A quoted name of allowed characters into dst (cap bytes). */
static const char *fast_name(const char *p, const char *end, char *dst, size_t cap,
			     int symbol)
{
	size_t n = 0;

	if (!p || p == end || *p++ != '"')
		return NULL;
	while (p < end && *p != '"') {
		char ch = *p;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		      ch == '-' || (symbol && ((ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '/'))))
			return NULL;
		if (n + 1 == cap)
			return NULL;
		dst[n++] = ch;
		p++;
	}
	if (p == end || n == 0)
		return NULL;
	dst[n] = '\0';
	return p + 1;
}

/* A non-negative number, or null (*has = 0) when nullable. */
static const char *fast_num(const char *p, const char *end, double *v, int nullable,
			    int *has)
{
	const char *q;

	if (!p || p == end)
		return NULL;
	if (*p == 'n') {
		if (!nullable || !(q = lit(p, end, "null", 4)))
			return NULL;
		*has = 0;
		return q;
	}
	q = num_scan(p, end, v);
	if (!q || *v < 0 || (q < end && *q != ',' && *q != '}'))
		return NULL;
	if (has)
		*has = 1;
	return q;
}

/* A non-negative integer written as plain digits (at most 15 of them, so
 * exact); anything else is left to the generic reader. */
static const char *fast_int(const char *p, const char *end, int64_t *out, int nullable,
			    int *has)
{
	int64_t v = 0;
	int n = 0;

	if (!p || p == end)
		return NULL;
	if (*p == 'n') {
		const char *q = lit(p, end, "null", 4);

		if (!nullable || !q)
			return NULL;
		*has = 0;
		return q;
	}
	for (; p < end && *p >= '0' && *p <= '9' && n < 16; p++, n++)
		v = v * 10 + (*p - '0');
	if (n == 0 || n > 15 || (n > 1 && p[-n] == '0') || (p < end && *p != ',' && *p != '}'))
		return NULL;
	*out = v;
	if (has)
		*has = 1;
	return p;
}

static int parse_canonical(struct candle *c, const char *p, const char *end)
{
	char ivname[8];
	int has, present;

	LIT(p, "{\"type\":\"candle\",\"exchange\":");
	p = fast_name(p, end, c->exchange, sizeof c->exchange, 0);
	LIT(p, ",\"market\":");
	p = fast_name(p, end, c->market, sizeof c->market, 0);
	LIT(p, ",\"symbol\":");
	p = fast_name(p, end, c->symbol, sizeof c->symbol, 1);
	LIT(p, ",\"interval\":");
	p = fast_name(p, end, ivname, sizeof ivname, 1);
	LIT(p, ",\"open_time\":");
	p = fast_int(p, end, &c->open_time, 0, NULL);
	LIT(p, ",\"close_time\":");
	p = fast_int(p, end, &c->close_time, 0, NULL);
	LIT(p, ",\"open\":");
	p = fast_num(p, end, &c->open, 0, NULL);
	LIT(p, ",\"high\":");
	p = fast_num(p, end, &c->high, 0, NULL);
	LIT(p, ",\"low\":");
	p = fast_num(p, end, &c->low, 0, NULL);
	LIT(p, ",\"close\":");
	p = fast_num(p, end, &c->close, 0, NULL);
	LIT(p, ",\"volume\":");
	p = fast_num(p, end, &c->volume, 0, NULL);
	c->has = 0;
	LIT(p, ",\"quote_volume\":");
	p = fast_num(p, end, &c->quote_volume, 1, &present);
	c->has |= p && present ? CANDLE_QUOTE_VOLUME : 0;
	LIT(p, ",\"trades\":");
	p = fast_int(p, end, &c->trades, 1, &present);
	c->has |= p && present ? CANDLE_TRADES : 0;
	LIT(p, ",\"taker_buy_volume\":");
	p = fast_num(p, end, &c->taker_buy_volume, 1, &present);
	c->has |= p && present ? CANDLE_TAKER_BUY_VOLUME : 0;
	LIT(p, ",\"taker_buy_quote_volume\":");
	p = fast_num(p, end, &c->taker_buy_quote_volume, 1, &present);
	c->has |= p && present ? CANDLE_TAKER_BUY_QUOTE_VOLUME : 0;
	LIT(p, ",\"closed\":");
	if (!p)
		return -1;
	if ((has = end - p >= 4 && !memcmp(p, "true", 4)))
		p += 4;
	else if (end - p >= 5 && !memcmp(p, "false", 5))
		p += 5;
	else
		return -1;
	c->closed = has;
	if (p < end && *p == ',') {
		LIT(p, ",\"as_of\":");
		p = fast_int(p, end, &c->as_of, 0, NULL);
		c->has |= CANDLE_AS_OF;
	}
	if (!p || p + 1 != end || *p != '}')
		return -1;
	if (!(c->interval = interval_find(ivname)) || c->high < c->low ||
	    c->close_time < c->open_time)
		return -1;
	return 0;
}

int candle_parse(struct candle *c, const char *line, size_t len, char *err,
		 size_t errlen)
{
	if (parse_canonical(c, line, line + len) == 0)
		return CANDLE_OK;
	return parse_generic(c, line, len, err, errlen);
}

size_t candle_series_key(const struct candle *c, char *dst)
{
	char *d = dst;

	d = put(d, c->exchange, ':');
	d = put(d, c->market, ':');
	d = put(d, c->symbol, ':');
	d = put(d, c->interval->name, '\0');
	return (size_t)(d - dst - 1);
}

void candle_write(const struct candle *c, struct buf *b)
{
	jw_begin(b);
	jw_str(b, "type", "candle");
	jw_str(b, "exchange", c->exchange);
	jw_str(b, "market", c->market);
	jw_str(b, "symbol", c->symbol);
	jw_str(b, "interval", c->interval->name);
	jw_int(b, "open_time", c->open_time);
	jw_int(b, "close_time", c->close_time);
	jw_num(b, "open", c->open);
	jw_num(b, "high", c->high);
	jw_num(b, "low", c->low);
	jw_num(b, "close", c->close);
	jw_num(b, "volume", c->volume);
	jw_num_or_null(b, "quote_volume", c->has & CANDLE_QUOTE_VOLUME, c->quote_volume);
	if (c->has & CANDLE_TRADES)
		jw_int(b, "trades", c->trades);
	else
		jw_null(b, "trades");
	jw_num_or_null(b, "taker_buy_volume", c->has & CANDLE_TAKER_BUY_VOLUME,
		       c->taker_buy_volume);
	jw_num_or_null(b, "taker_buy_quote_volume", c->has & CANDLE_TAKER_BUY_QUOTE_VOLUME,
		       c->taker_buy_quote_volume);
	jw_bool(b, "closed", c->closed);
	if ((c->has & CANDLE_AS_OF) && !c->closed)
		jw_int(b, "as_of", c->as_of);
	jw_end(b);
}
