/* The events of cb-notify: records in, events, selections and messages out
 * (notify.h). Pure: no I/O, no clock. Text from a record (a halt's reason,
 * a job's summary) has its control characters made '?' (msg_printable),
 * so that a message stays one line in a file and cannot forge another. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cbtime.h"
#include "json.h"
#include "msg.h"
#include "notify.h"
#include "num.h"
#include "record.h"
#include "risk.h"
#include "signalrec.h"

#define CAP(T, field) sizeof(((struct T *)0)->field)
#define M(T, nm, k, fl, field) .name = (nm), .kind = (k), .flags = (fl), \
	.off = offsetof(struct T, field)
#define HAS(T, bit) .has_off = offsetof(struct T, has), .has_bit = (bit)

/* status (cb-validate) */
struct status_in {
	char id[NEVENT_KEY_MAX], symbol[CANDLE_NAME_MAX], from[16], to[16], reason[32];
	int64_t time;
	double max_gain_pct, drawdown_pct;
	unsigned has;
};
enum { ST_GAIN = 1, ST_DRAWDOWN = 2 };
static const struct rec_member status_members[] = {
	{ M(status_in, "id", RK_STRING, REC_REQUIRED, id), .cap = CAP(status_in, id) },
	{ M(status_in, "symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(status_in, symbol) },
	{ M(status_in, "from", RK_STRING, REC_REQUIRED, from), .cap = CAP(status_in, from) },
	{ M(status_in, "to", RK_STRING, REC_REQUIRED, to), .cap = CAP(status_in, to) },
	{ M(status_in, "time", RK_INT, REC_REQUIRED, time) },
	{ M(status_in, "reason", RK_STRING, 0, reason), .cap = CAP(status_in, reason) },
	{ M(status_in, "max_gain_pct", RK_NUMBER, 0, max_gain_pct), HAS(status_in, ST_GAIN) },
	{ M(status_in, "drawdown_pct", RK_NUMBER, 0, drawdown_pct), HAS(status_in, ST_DRAWDOWN) },
};
static struct rec_type status_type = { "status", sizeof(struct status_in), status_members,
				       (int)(sizeof status_members / sizeof status_members[0]),
				       NULL, { 0 } };

/* trade (cb-backtest, cb-order) */
struct trade_in {
	char id[NEVENT_KEY_MAX], symbol[CANDLE_NAME_MAX], side[8], exit_reason[32], mode[16];
	int64_t exit_time;
	double pnl, pnl_pct;
};
static const struct rec_member trade_members[] = {
	{ M(trade_in, "id", RK_STRING, REC_REQUIRED, id), .cap = CAP(trade_in, id) },
	{ M(trade_in, "symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(trade_in, symbol) },
	{ M(trade_in, "side", RK_NAME, REC_REQUIRED, side), .cap = CAP(trade_in, side) },
	{ M(trade_in, "exit_time", RK_INT, REC_REQUIRED, exit_time) },
	{ M(trade_in, "pnl", RK_NUMBER, REC_REQUIRED, pnl) },
	{ M(trade_in, "pnl_pct", RK_NUMBER, REC_REQUIRED, pnl_pct) },
	{ M(trade_in, "exit_reason", RK_NAME, REC_REQUIRED, exit_reason),
	  .cap = CAP(trade_in, exit_reason) },
	{ M(trade_in, "mode", RK_NAME, 0, mode), .cap = CAP(trade_in, mode) },
};
static struct rec_type trade_type = { "trade", sizeof(struct trade_in), trade_members,
				      (int)(sizeof trade_members / sizeof trade_members[0]),
				      NULL, { 0 } };

/* order_status (cb-order status) */
struct book_in {
	char mode[16], halt_reason[NEVENT_TEXT_MAX];
	int64_t done;
	int halted, daily_loss_halt;
	unsigned has;
};
static const struct rec_member book_members[] = {
	{ M(book_in, "mode", RK_NAME, REC_REQUIRED, mode), .cap = CAP(book_in, mode) },
	{ M(book_in, "done", RK_INT, 0, done), HAS(book_in, 1) },
	{ M(book_in, "halted", RK_BOOL, REC_REQUIRED, halted) },
	{ M(book_in, "halt_reason", RK_STRING, 0, halt_reason), .cap = CAP(book_in, halt_reason) },
	{ M(book_in, "daily_loss_halt", RK_BOOL, REC_REQUIRED, daily_loss_halt) },
};
static struct rec_type book_type = { "order_status", sizeof(struct book_in), book_members,
				     (int)(sizeof book_members / sizeof book_members[0]),
				     NULL, { 0 } };

/* job (cb-run) */
struct job_in {
	char job[64], summary[NEVENT_TEXT_MAX];
	int64_t start, end, status;
	unsigned has;
};
static const struct rec_member job_members[] = {
	{ M(job_in, "job", RK_NAME, REC_REQUIRED, job), .cap = CAP(job_in, job) },
	{ M(job_in, "start", RK_INT, REC_REQUIRED | REC_NONNEG, start) },
	{ M(job_in, "end", RK_INT, REC_NONNEG, end), HAS(job_in, 1) },
	{ M(job_in, "status", RK_INT, REC_REQUIRED | REC_NONNEG, status) },
	{ M(job_in, "summary", RK_STRING, 0, summary), .cap = CAP(job_in, summary) },
};
static struct rec_type job_type = { "job", sizeof(struct job_in), job_members,
				    (int)(sizeof job_members / sizeof job_members[0]),
				    NULL, { 0 } };

/* The exchange and market of a signal id "exchange:market:symbol:...",
 * when it is one. */
static void id_place(const char *id, struct nevent *e)
{
	const char *a = strchr(id, ':'), *b = a ? strchr(a + 1, ':') : NULL;

	if (!b || a == id || b == a + 1 || (size_t)(a - id) >= sizeof e->exchange ||
	    (size_t)(b - a - 1) >= sizeof e->market)
		return;
	memcpy(e->exchange, id, (size_t)(a - id));
	e->exchange[a - id] = '\0';
	memcpy(e->market, a + 1, (size_t)(b - a - 1));
	e->market[b - a - 1] = '\0';
}

static int from_signal(const char *line, size_t len, struct nevent *e, char *err, size_t errlen)
{
	static struct signal_in s;
	int rc = signal_parse(&s, line, len, err, errlen);

	if (rc != REC_OK)
		return rc;
	e->kind = NK_SIGNAL;
	snprintf(e->key, sizeof e->key, "signal:%s", s.id);
	snprintf(e->id, sizeof e->id, "%s", s.id);
	snprintf(e->exchange, sizeof e->exchange, "%s", s.exchange);
	snprintf(e->market, sizeof e->market, "%s", s.market);
	snprintf(e->symbol, sizeof e->symbol, "%s", s.symbol);
	snprintf(e->interval, sizeof e->interval, "%s", s.interval->name);
	e->time = s.detected_at;
	e->strength = s.strength;
	e->price = s.price;
	e->scored = s.scored;
	e->total = s.total;
	snprintf(e->level, sizeof e->level, "%s", s.level);
	e->closed = s.closed;
	return REC_OK;
}

static int from_status(const char *line, size_t len, struct nevent *e, char *err,
		       size_t errlen)
{
	struct status_in s;
	int rc = rec_parse(&status_type, &s, line, len, err, errlen);

	if (rc != REC_OK)
		return rc;
	e->kind = NK_STATUS;
	e->from = lc_status_find(s.from);
	e->to = lc_status_find(s.to);
	if (e->from == LC_NONE || e->to == LC_NONE) {
		rec_bad(err, errlen, "status: '%s' is not a status", e->from == LC_NONE ? "from" : "to");
		return REC_BAD;
	}
	snprintf(e->key, sizeof e->key, "status:%s:%s", s.id, s.to);
	snprintf(e->id, sizeof e->id, "%s", s.id);
	snprintf(e->symbol, sizeof e->symbol, "%s", s.symbol);
	id_place(s.id, e);
	e->time = s.time;
	snprintf(e->reason, sizeof e->reason, "%s", s.reason);
	e->has_gain = !!(s.has & ST_GAIN);
	e->has_drawdown = !!(s.has & ST_DRAWDOWN);
	e->max_gain_pct = s.max_gain_pct;
	e->drawdown_pct = s.drawdown_pct;
	return REC_OK;
}

static int from_trade(const char *line, size_t len, struct nevent *e, char *err,
		      size_t errlen)
{
	struct trade_in t;
	int rc = rec_parse(&trade_type, &t, line, len, err, errlen);

	if (rc != REC_OK)
		return rc;
	if (strcmp(t.side, "long") && strcmp(t.side, "short")) {
		rec_bad(err, errlen, "trade: 'side' is not long or short");
		return REC_BAD;
	}
	e->kind = NK_TRADE;
	e->side = strcmp(t.side, "long") ? -1 : 1;
	snprintf(e->key, sizeof e->key, "trade:%s:%s", t.id, t.mode[0] ? t.mode : "backtest");
	snprintf(e->id, sizeof e->id, "%s", t.id);
	snprintf(e->symbol, sizeof e->symbol, "%s", t.symbol);
	id_place(t.id, e);
	e->time = t.exit_time;
	e->pnl = t.pnl;
	e->pnl_pct = t.pnl_pct;
	snprintf(e->reason, sizeof e->reason, "%s", t.exit_reason);
	snprintf(e->mode, sizeof e->mode, "%s", t.mode);
	return REC_OK;
}

static int from_book(const char *line, size_t len, int64_t now, struct nevent ev[2], int *n,
		     char *err, size_t errlen)
{
	struct book_in b;
	int rc = rec_parse(&book_type, &b, line, len, err, errlen);
	int64_t day;

	if (rc != REC_OK)
		return rc;
	day = risk_utc_day((b.has & 1) ? b.done : now);
	if (b.halted) {
		struct nevent *e = &ev[(*n)++];

		e->kind = NK_HALT;
		snprintf(e->mode, sizeof e->mode, "%s", b.mode);
		snprintf(e->text, sizeof e->text, "%s", b.halt_reason);
		msg_printable(e->text);
		snprintf(e->key, sizeof e->key, "halt:%s:manual:%s:%lld", b.mode, b.halt_reason,
			 (long long)day);
	}
	if (b.daily_loss_halt) {
		struct nevent *e = &ev[(*n)++];

		e->kind = NK_HALT;
		e->daily_loss = 1;
		snprintf(e->mode, sizeof e->mode, "%s", b.mode);
		snprintf(e->key, sizeof e->key, "halt:%s:daily_loss:%lld", b.mode, (long long)day);
	}
	return REC_OK;
}

static int from_job(const char *line, size_t len, struct nevent *e, char *err, size_t errlen)
{
	struct job_in j;
	int rc = rec_parse(&job_type, &j, line, len, err, errlen);

	if (rc != REC_OK)
		return rc;
	if ((j.has & 1) && j.end < j.start) {
		rec_bad(err, errlen, "job: 'end' is before 'start'");
		return REC_BAD;
	}
	e->kind = NK_JOB;
	snprintf(e->job, sizeof e->job, "%s", j.job);
	snprintf(e->text, sizeof e->text, "%s", j.summary);
	msg_printable(e->text);
	snprintf(e->key, sizeof e->key, "job:%s:%lld", j.job, (long long)j.start);
	e->time = j.start;
	e->end = (j.has & 1) ? j.end : 0;
	e->status = j.status;
	return REC_OK;
}

int nevent_parse(const char *line, size_t len, int64_t now, struct nevent ev[2], int *n,
		 char *err, size_t errlen)
{
	char type[32];
	const char *jerr = NULL;
	long tl = json_record_type(line, len, type, sizeof type, &jerr);
	int rc = REC_OTHER;

	*n = 0;
	err[0] = '\0';
	memset(ev, 0, 2 * sizeof *ev);
	ev[0].strength = ev[1].strength = STRENGTH_NONE;
	ev[0].from = ev[0].to = ev[1].from = ev[1].to = LC_NONE;
	if (tl < 0) {
		snprintf(err, errlen, "%s", jerr ? jerr : "invalid JSON");
		return REC_BAD;
	}
	if (tl == 0)
		return REC_OTHER;
	if (!strcmp(type, "signal"))
		rc = from_signal(line, len, &ev[0], err, errlen);
	else if (!strcmp(type, "status"))
		rc = from_status(line, len, &ev[0], err, errlen);
	else if (!strcmp(type, "trade"))
		rc = from_trade(line, len, &ev[0], err, errlen);
	else if (!strcmp(type, "job"))
		rc = from_job(line, len, &ev[0], err, errlen);
	else if (!strcmp(type, "order_status"))
		return from_book(line, len, now, ev, n, err, errlen);
	if (rc == REC_OK)
		*n = 1;
	return rc;
}

/* The strength named s[0..n), any case, or STRENGTH_NONE. */
static enum strength strength_named(const char *s, size_t n)
{
	for (int i = STRENGTH_WEAK; i <= STRENGTH_EXTREME; i++) {
		const char *name = strength_name((enum strength)i);

		if (strlen(name) == n && !strncasecmp(name, s, n))
			return (enum strength)i;
	}
	return STRENGTH_NONE;
}

static enum lc_status status_named(const char *s, size_t n)
{
	for (int i = 0; i < LC_NSTATUS; i++) {
		const char *name = lc_status_name((enum lc_status)i);

		if (strlen(name) == n && !strncasecmp(name, s, n))
			return (enum lc_status)i;
	}
	return LC_NONE;
}

static int word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !strncasecmp(s, w, n);
}

/* One item of --on, s[0..n). 0, or -1 if it is not one. */
static int sel_item(struct nsel *sel, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t head = colon ? (size_t)(colon - s) : n;
	const char *arg = colon ? colon + 1 : NULL;
	size_t alen = colon ? n - head - 1 : 0;

	if (word_is(s, head, "signal")) {
		enum strength st;
		int plus = alen && arg[alen - 1] == '+';

		if (!arg) {
			sel->signal = 0xfu | NSEL_NO_STRENGTH;
			return 0;
		}
		st = strength_named(arg, alen - (size_t)plus);
		if (st == STRENGTH_NONE)
			return -1;
		for (int i = st; i <= (plus ? STRENGTH_EXTREME : st); i++)
			sel->signal |= 1u << i;
		return 0;
	}
	if (word_is(s, head, "status")) {
		enum lc_status st;

		if (!arg) {
			sel->status = (1u << LC_NSTATUS) - 1;
			return 0;
		}
		st = status_named(arg, alen);
		if (st == LC_NONE)
			return -1;
		sel->status |= 1u << st;
		return 0;
	}
	if (word_is(s, n, "trade")) {
		sel->trade = 1;
		return 0;
	}
	if (word_is(s, n, "halt")) {
		sel->halt = 1;
		return 0;
	}
	if (word_is(s, n, "job")) {
		sel->job = 2;
		return 0;
	}
	if (word_is(s, n, "job:failed")) {
		if (sel->job < 1)
			sel->job = 1;
		return 0;
	}
	return -1;
}

int nsel_parse(struct nsel *s, const char *spec, char *err, size_t errlen)
{
	const char *p = spec;

	memset(s, 0, sizeof *s);
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (!n || sel_item(s, p, n) < 0) {
			snprintf(err, errlen, "'%.*s' is not signal[:STRENGTH[+]], status[:STATUS], "
				 "trade, halt, job or job:failed", (int)(n > 64 ? 64 : n), p);
			return -1;
		}
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

int nsel_match(const struct nsel *s, const struct nevent *e)
{
	switch (e->kind) {
	case NK_SIGNAL:
		return e->strength == STRENGTH_NONE ? !!(s->signal & NSEL_NO_STRENGTH) :
		       !!(s->signal & (1u << e->strength));
	case NK_STATUS:
		return e->to != LC_NONE && !!(s->status & (1u << e->to));
	case NK_TRADE:
		return s->trade;
	case NK_HALT:
		return s->halt;
	case NK_JOB:
		return s->job == 2 || (s->job == 1 && e->status != 0);
	}
	return 0;
}

/* The quote assets a spot symbol may end in, longest first. */
static const char *const quotes[] = { "FDUSD", "USDT", "USDC", "BUSD", "TUSD", "BTC", "ETH",
				      "BNB", "EUR", "TRY", NULL };

/* Split symbol into base and quote; 0 if no known quote ends it. */
static int split_symbol(const char *symbol, char *base, char *quote, size_t cap)
{
	size_t n = strlen(symbol);

	for (const char *const *q = quotes; *q; q++) {
		size_t k = strlen(*q);

		if (n > k && n - k < cap && k < cap && !strcmp(symbol + n - k, *q)) {
			memcpy(base, symbol, n - k);
			base[n - k] = '\0';
			memcpy(quote, *q, k + 1);
			return 1;
		}
	}
	return 0;
}

size_t chart_link(const char *exchange, const char *market, const char *symbol, char *dst,
		  size_t cap)
{
	char base[CANDLE_NAME_MAX], quote[CANDLE_NAME_MAX];
	int spot = !strcmp(market, "spot") && split_symbol(symbol, base, quote, sizeof base);
	int n = 0;

	if (!strcmp(exchange, "binance"))
		n = spot ? snprintf(dst, cap, "https://www.binance.com/en/trade/%s_%s", base, quote) :
		    snprintf(dst, cap, "https://www.binance.com/en/futures/%s", symbol);
	else if (!strcmp(exchange, "bybit"))
		n = spot ? snprintf(dst, cap, "https://www.bybit.com/en/trade/spot/%s/%s", base, quote) :
		    snprintf(dst, cap, "https://www.bybit.com/trade/usdt/%s", symbol);
	else if (!strcmp(exchange, "mexc") && spot)
		n = snprintf(dst, cap, "https://www.mexc.com/exchange/%s_%s", base, quote);
	else if (cap)
		dst[0] = '\0';
	if (n < 0 || (size_t)n >= cap) {
		if (cap)
			dst[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

/* Append " NUMBER" with the shortest text of v. */
static void add_num(struct buf *b, double v)
{
	char t[NUM_FMT_MAX];

	fmt_double(t, v);
	buf_adds(b, t);
}

static void add_time(struct buf *b, int64_t ms)
{
	char t[40];

	time_format(t, ms);
	buf_adds(b, t);
}

static void add_link(struct buf *b, const struct nevent *e)
{
	char url[256];

	if (e->exchange[0] && chart_link(e->exchange, e->market, e->symbol, url, sizeof url))
		buf_printf(b, "\n%s", url);
}

static void signal_message(const struct nevent *e, struct buf *b)
{
	if (e->strength != STRENGTH_NONE)
		buf_printf(b, "%s ", strength_name(e->strength));
	buf_printf(b, "signal: %s %s %s%s\nprice ", e->symbol, e->market, e->interval,
		   e->closed ? "" : " (candle still open)");
	add_num(b, e->price);
	if (e->scored)
		buf_printf(b, ", score %.1f%s%s%s", e->total, e->level[0] ? " (" : "", e->level,
			   e->level[0] ? ")" : "");
	else
		buf_adds(b, ", not scored");
	buf_adds(b, ", detected ");
	add_time(b, e->time);
}

static void status_message(const struct nevent *e, struct buf *b)
{
	buf_printf(b, "%s %s", e->symbol, lc_status_name(e->to));
	if (e->reason[0])
		buf_printf(b, " (%s)", e->reason);
	buf_printf(b, ", was %s", lc_status_name(e->from));
	if (e->has_gain)
		buf_printf(b, ", max gain %.2f%%", e->max_gain_pct);
	if (e->has_drawdown)
		buf_printf(b, ", drawdown %.2f%%", e->drawdown_pct);
	buf_printf(b, "\nsignal %s, at ", e->id);
	add_time(b, e->time);
}

static void trade_message(const struct nevent *e, struct buf *b)
{
	buf_printf(b, "%s %s closed (%s): pnl %.2f (%+.2f%%)", e->symbol,
		   e->side > 0 ? "long" : "short", e->reason, e->pnl, e->pnl_pct);
	if (e->mode[0])
		buf_printf(b, ", %s", e->mode);
	buf_adds(b, ", at ");
	add_time(b, e->time);
}

static void halt_message(const struct nevent *e, struct buf *b)
{
	if (e->daily_loss)
		buf_printf(b, "cb-order %s: the daily loss halt stops entries until the next UTC "
			   "day", e->mode);
	else
		buf_printf(b, "cb-order %s halted: %s", e->mode, e->text[0] ? e->text : "no reason given");
}

static void job_message(const struct nevent *e, struct buf *b)
{
	buf_printf(b, "job %s ", e->job);
	if (e->status)
		buf_printf(b, "failed (status %lld)", (long long)e->status);
	else
		buf_adds(b, "done");
	if (e->end)
		buf_printf(b, " in %.1f s", (double)(e->end - e->time) / 1000.0);
	if (e->text[0])
		buf_printf(b, ": %s", e->text);
}

void nevent_message(const struct nevent *e, struct buf *b)
{
	switch (e->kind) {
	case NK_SIGNAL: signal_message(e, b); break;
	case NK_STATUS: status_message(e, b); break;
	case NK_TRADE: trade_message(e, b); break;
	case NK_HALT: halt_message(e, b); return;
	case NK_JOB: job_message(e, b); return;
	}
	add_link(b, e);
}
