/* futanswer: outcomes and parsed answers of Binance USD-M trading
 * (futanswer.h). Pure: text in, values out. */
#include "futanswer.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "num.h"
#include "xalloc.h"

/* ---- outcomes ---- */

static const char unknown_503[] =
	"Unknown error, please check your request or try again later.";
static const char unavailable_503[] = "Service Unavailable.";
static const char internal_503[] =
	"Internal error; unable to process your request. Please try again.";
static const char throttled[] = "Request throttled by system-level protection";

/* 1 if s[0..n), without surrounding blanks, is exactly text. */
static int is_text(const char *s, size_t n, const char *text)
{
	size_t k = strlen(text);

	while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	return n == k && !memcmp(s, text, k);
}

/* "... banned until 1746057600000 ..." in msg: seconds from now_ms, or -1. */
static long ban_seconds(const char *msg, int64_t now_ms)
{
	const char *p = strstr(msg, "banned until ");
	long long until;

	if (!p)
		return -1;
	until = strtoll(p + 13, NULL, 10);
	if (until <= now_ms)
		return -1;
	return (long)((until - now_ms + 999) / 1000);
}

/* A 503's meaning from its message (trading-facts 1.9): only the first
 * "Unknown error" text and texts not listed leave the outcome unknown. */
static enum fut_outcome outcome_503(const struct rest_answer *a, const char *msg)
{
	const char *b = a->body.p ? a->body.p : "";

	if (strstr(msg, unknown_503))
		return FUT_UNKNOWN;     /* reached the core, no reply in time */
	if (is_text(msg, strlen(msg), unavailable_503) || is_text(b, a->body.len, unavailable_503) ||
	    is_text(msg, strlen(msg), internal_503) || is_text(b, a->body.len, internal_503) ||
	    strstr(msg, throttled))
		return FUT_REJECTED;
	return FUT_UNKNOWN;
}

static enum fut_outcome outcome_of_code(long code, long status)
{
	switch (code) {
	case -1021:
		return FUT_CLOCK;
	case -1003:
	case -1015:
		return FUT_RATE_LIMITED;
	case -2011:
	case -2013:
		return FUT_NOT_FOUND;
	case -4116:
		return FUT_DUPLICATE;
	case -1000:
	case -1001:
	case -1006:
	case -1007:
		return FUT_UNKNOWN;
	case -1008:
		return FUT_REJECTED;
	default:
		/* A client error is a definite no; a server error with an
		 * unexpected code may have done something. */
		return status < 500 ? FUT_REJECTED : FUT_UNKNOWN;
	}
}

/* If body is a JSON object with a "msg" string or an integer "code" (Binance's
 * {"code":-2019,"msg":"Margin is insufficient."}), return 1 with the code
 * (0 if none) and the message ("" if none; made printable) in msg. */
static int code_msg(const char *body, size_t len, long *code, char *msg, size_t cap)
{
	json_t *j = json_loadb(body, len, 0, NULL), *c, *m;
	int found = 0;

	*code = 0;
	msg[0] = '\0';
	if (json_is_object(j)) {
		c = json_object_get(j, "code");
		m = json_object_get(j, "msg");
		if (json_is_integer(c)) {
			*code = (long)json_integer_value(c);
			found = 1;
		}
		if (json_is_string(m)) {
			snprintf(msg, cap, "%s", json_string_value(m));
			msg_printable(msg);
			found = 1;
		}
	}
	json_decref(j);
	return found;
}

void fut_classify(const struct rest_answer *a, int64_t now_ms, struct fut_reply *r)
{
	long code = 0;
	int has_code = 0;
	long st = a->status;

	memset(r, 0, sizeof *r);
	r->retry_after_s = a->retry_after_s;
	r->order_count_10s = a->order_count_10s;
	r->order_count_1m = a->order_count_1m;
	r->used_weight_1m = a->used_weight_1m;
	r->date = a->date;
	r->elapsed_ms = a->elapsed_ms;
	if (a->result != REST_ANSWER) {
		r->outcome = a->result == REST_NOT_SENT ? FUT_NOT_SENT : FUT_UNKNOWN;
		snprintf(r->msg, sizeof r->msg, "%s", a->error);
		msg_printable(r->msg);
		return;
	}
	r->http_status = st;
	if (a->body.len && code_msg(a->body.p, a->body.len, &code, r->msg, sizeof r->msg))
		has_code = code < 0;
	if (has_code)
		r->code = (int)code;
	else if (r->msg[0] && !(st >= 200 && st < 300))
		;  /* {"msg": "..."} without a code */
	else if (!(st >= 200 && st < 300) && a->body.len) {
		/* Not Binance's {"code","msg"}: keep the start of the text. */
		size_t n = a->body.len < sizeof r->msg - 1 ? a->body.len : sizeof r->msg - 1;

		memcpy(r->msg, a->body.p, n);
		r->msg[n] = '\0';
		msg_printable(r->msg);
	} else {
		r->msg[0] = '\0';
	}
	if (st == 418)
		r->outcome = FUT_BANNED;
	else if (st == 429)
		r->outcome = FUT_RATE_LIMITED;
	else if (has_code)
		r->outcome = outcome_of_code(code, st);
	else if (st >= 200 && st < 300)
		r->outcome = FUT_OK;
	else if (st == 503)
		r->outcome = outcome_503(a, r->msg);
	else if (st == 408 || st >= 500)
		r->outcome = FUT_UNKNOWN;
	else if (st >= 400)
		r->outcome = FUT_REJECTED;
	else
		r->outcome = FUT_UNKNOWN;   /* 1xx, 3xx: nothing says what happened */
	if (st == 503 && has_code && code == -1008)
		r->outcome = FUT_REJECTED;
	if (r->retry_after_s < 0 && (r->outcome == FUT_BANNED || r->outcome == FUT_RATE_LIMITED))
		r->retry_after_s = ban_seconds(r->msg, now_ms);
}

const char *fut_outcome_name(enum fut_outcome o)
{
	static const char *const names[] = {
		"ok", "rejected", "not found", "duplicate", "unknown", "clock", "rate limited",
		"banned", "not sent", "bad answer"
	};

	return (unsigned)o < sizeof names / sizeof *names ? names[o] : "?";
}

/* ---- members ---- */

/* A member as text into dst (cap bytes): a string as it is, an integer
 * in decimal, a real as num.h writes it, true or false; "" if absent or
 * null. Returns 1 if present, 0 if absent, -1 if it does not fit or is
 * an array or object. */
static int mem_text(json_t *o, const char *key, char *dst, size_t cap)
{
	json_t *v = json_object_get(o, key);
	const char *s = NULL;
	char tmp[NUM_FMT_MAX];

	dst[0] = '\0';
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		s = json_string_value(v);
	} else if (json_is_integer(v)) {
		fmt_int(tmp, (int64_t)json_integer_value(v));
		s = tmp;
	} else if (json_is_real(v)) {
		fmt_double(tmp, json_real_value(v));
		s = tmp;
	} else if (json_is_boolean(v)) {
		s = json_is_true(v) ? "true" : "false";
	} else {
		return -1;
	}
	if (strlen(s) >= cap)
		return -1;
	snprintf(dst, cap, "%s", s);
	return 1;
}

/* An integer member (a JSON integer or a string of digits) into *out.
 * Returns 1, 0 if absent (*out 0), -1 if not an integer. */
static int mem_int(json_t *o, const char *key, int64_t *out)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return 1;
	}
	if (json_is_string(v) && json_string_length(v) &&
	    !num_parse_int(json_string_value(v), json_string_length(v), out))
		return 1;
	return -1;
}

/* A boolean member (true/false or "true"/"false"): 1 or 0 (absent: 0). */
static int mem_bool(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_true(v) || (json_is_string(v) && !strcmp(json_string_value(v), "true"));
}

static enum fut_side side_of(json_t *o)
{
	const char *s = json_string_value(json_object_get(o, "side"));

	return s && !strcmp(s, "SELL") ? FUT_SELL : FUT_BUY;
}

static int bad(char *err, size_t errlen, const char *what, const char *key)
{
	snprintf(err, errlen, "malformed %s: '%s' is missing or not valid", what, key);
	return -1;
}

/* Texts are checked with mem_text's -1 as one: any member too long or
 * of the wrong kind makes the whole item malformed. */
#define TEXT(o, key, dst) (mem_text((o), (key), (dst), sizeof(dst)) < 0)

static json_t *load(const char *body, size_t len, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j = json_loadb(body, len, 0, &je);

	if (!j)
		snprintf(err, errlen, "malformed answer: %s at byte %d", je.text, je.position);
	return j;
}

/* ---- orders ---- */

static enum fut_order_status order_status(const char *s)
{
	static const char *const names[] = {
		"NEW", "PARTIALLY_FILLED", "FILLED", "CANCELED", "REJECTED", "EXPIRED",
		"EXPIRED_IN_MATCH"
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(s, names[i]))
			return (enum fut_order_status)i;
	return FUT_ST_OTHER;
}

static int order_of(json_t *o, struct fut_order *x, char *err, size_t errlen)
{
	memset(x, 0, sizeof *x);
	if (!json_is_object(o))
		return bad(err, errlen, "order", "(not an object)");
	if (mem_int(o, "orderId", &x->order_id) != 1)
		return bad(err, errlen, "order", "orderId");
	if (mem_text(o, "status", x->status_text, sizeof x->status_text) != 1)
		return bad(err, errlen, "order", "status");
	x->status = order_status(x->status_text);
	x->side = side_of(o);
	if (TEXT(o, "clientOrderId", x->client_id))
		return bad(err, errlen, "order", "clientOrderId");
	if (TEXT(o, "symbol", x->symbol) || TEXT(o, "type", x->type) ||
	    TEXT(o, "origQty", x->orig_qty) || TEXT(o, "executedQty", x->executed_qty) ||
	    TEXT(o, "price", x->price) || TEXT(o, "avgPrice", x->avg_price))
		return bad(err, errlen, "order", "symbol, type, origQty, executedQty, price or avgPrice");
	if (mem_int(o, "updateTime", &x->update_time) < 0)
		return bad(err, errlen, "order", "updateTime");
	x->reduce_only = mem_bool(o, "reduceOnly");
	x->close_position = mem_bool(o, "closePosition");
	return 0;
}

int fut_parse_order(const char *body, size_t len, struct fut_order *o, char *err, size_t errlen)
{
	json_t *j = load(body, len, err, errlen);
	int rc = j ? order_of(j, o, err, errlen) : -1;

	json_decref(j);
	return rc;
}

/* Parse a JSON array of items with one(item, slot): returns a new array
 * (NULL when empty) with the count in *n, or NULL with *n -1. */
static void *parse_list(const char *body, size_t len, size_t size, long *n,
			int (*one)(json_t *, void *, char *, size_t), char *err, size_t errlen)
{
	json_t *j = load(body, len, err, errlen), *item;
	size_t i;
	char *v;

	*n = -1;
	if (!j)
		return NULL;
	if (!json_is_array(j)) {
		snprintf(err, errlen, "malformed answer: not a list");
		json_decref(j);
		return NULL;
	}
	v = json_array_size(j) ? xcalloc(json_array_size(j), size) : NULL;
	json_array_foreach(j, i, item) {
		if (one(item, v + i * size, err, errlen)) {
			free(v);
			json_decref(j);
			return NULL;
		}
	}
	json_decref(j);
	*n = (long)i;
	return v;
}

static int order_item(json_t *o, void *x, char *err, size_t errlen)
{
	return order_of(o, x, err, errlen);
}

long fut_parse_orders(const char *body, size_t len, struct fut_order **out, char *err,
		      size_t errlen)
{
	long n;

	*out = parse_list(body, len, sizeof **out, &n, order_item, err, errlen);
	return n;
}

/* ---- algo orders ---- */

static enum fut_algo_status algo_status(const char *s)
{
	static const char *const names[] = {
		"NEW", "TRIGGERING", "TRIGGERED", "FINISHED", "CANCELED", "REJECTED", "EXPIRED"
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(s, names[i]))
			return (enum fut_algo_status)i;
	return FUT_ALGO_OTHER;
}

static int algo_of(json_t *o, int cancel, struct fut_algo *x, char *err, size_t errlen)
{
	int st;

	memset(x, 0, sizeof *x);
	if (!json_is_object(o))
		return bad(err, errlen, "algo order", "(not an object)");
	if (mem_int(o, "algoId", &x->algo_id) != 1)
		return bad(err, errlen, "algo order", "algoId");
	if (TEXT(o, "clientAlgoId", x->client_algo_id))
		return bad(err, errlen, "algo order", "clientAlgoId");
	st = mem_text(o, "algoStatus", x->status_text, sizeof x->status_text);
	if (st < 0 || (st == 0 && !cancel))
		return bad(err, errlen, "algo order", "algoStatus");
	x->status = st ? algo_status(x->status_text) : FUT_ALGO_OTHER;
	x->side = side_of(o);
	if (TEXT(o, "symbol", x->symbol) || TEXT(o, "orderType", x->order_type) ||
	    TEXT(o, "triggerPrice", x->trigger_price) || TEXT(o, "quantity", x->quantity) ||
	    TEXT(o, "workingType", x->working_type) ||
	    TEXT(o, "actualOrderId", x->actual_order_id) || TEXT(o, "actualQty", x->actual_qty) ||
	    TEXT(o, "actualPrice", x->actual_price))
		return bad(err, errlen, "algo order", "symbol, orderType, triggerPrice, quantity, "
			   "workingType or actual*");
	if (mem_int(o, "createTime", &x->create_time) < 0 ||
	    mem_int(o, "updateTime", &x->update_time) < 0 ||
	    mem_int(o, "triggerTime", &x->trigger_time) < 0)
		return bad(err, errlen, "algo order", "createTime, updateTime or triggerTime");
	x->close_position = mem_bool(o, "closePosition");
	x->reduce_only = mem_bool(o, "reduceOnly");
	return 0;
}

int fut_parse_algo(const char *body, size_t len, int cancel, struct fut_algo *a, char *err,
		   size_t errlen)
{
	json_t *j = load(body, len, err, errlen);
	int rc = j ? algo_of(j, cancel, a, err, errlen) : -1;

	json_decref(j);
	return rc;
}

static int algo_item(json_t *o, void *x, char *err, size_t errlen)
{
	return algo_of(o, 0, x, err, errlen);
}

long fut_parse_algos(const char *body, size_t len, struct fut_algo **out, char *err,
		     size_t errlen)
{
	long n;

	*out = parse_list(body, len, sizeof **out, &n, algo_item, err, errlen);
	return n;
}

/* ---- trades, positions, account, mark, time, limits ---- */

static int trade_item(json_t *o, void *v, char *err, size_t errlen)
{
	struct fut_trade *x = v;

	memset(x, 0, sizeof *x);
	if (!json_is_object(o))
		return bad(err, errlen, "trade", "(not an object)");
	if (mem_int(o, "id", &x->id) != 1)
		return bad(err, errlen, "trade", "id");
	if (mem_int(o, "orderId", &x->order_id) != 1)
		return bad(err, errlen, "trade", "orderId");
	if (mem_text(o, "price", x->price, sizeof x->price) != 1)
		return bad(err, errlen, "trade", "price");
	if (mem_text(o, "qty", x->qty, sizeof x->qty) != 1)
		return bad(err, errlen, "trade", "qty");
	if (mem_int(o, "time", &x->time) < 0)
		return bad(err, errlen, "trade", "time");
	if (TEXT(o, "symbol", x->symbol) || TEXT(o, "quoteQty", x->quote_qty) ||
	    TEXT(o, "commission", x->commission) ||
	    TEXT(o, "commissionAsset", x->commission_asset) ||
	    TEXT(o, "realizedPnl", x->realized_pnl))
		return bad(err, errlen, "trade", "symbol, quoteQty, commission, commissionAsset "
			   "or realizedPnl");
	x->side = side_of(o);
	x->maker = mem_bool(o, "maker");
	x->buyer = mem_bool(o, "buyer");
	return 0;
}

long fut_parse_trades(const char *body, size_t len, struct fut_trade **out, char *err,
		      size_t errlen)
{
	long n;

	*out = parse_list(body, len, sizeof **out, &n, trade_item, err, errlen);
	return n;
}

static int position_item(json_t *o, void *v, char *err, size_t errlen)
{
	struct fut_position *x = v;

	memset(x, 0, sizeof *x);
	if (!json_is_object(o))
		return bad(err, errlen, "position", "(not an object)");
	if (mem_text(o, "symbol", x->symbol, sizeof x->symbol) != 1)
		return bad(err, errlen, "position", "symbol");
	if (mem_text(o, "positionAmt", x->position_amt, sizeof x->position_amt) != 1)
		return bad(err, errlen, "position", "positionAmt");
	if (TEXT(o, "positionSide", x->position_side) || TEXT(o, "entryPrice", x->entry_price) ||
	    TEXT(o, "breakEvenPrice", x->break_even_price) ||
	    TEXT(o, "markPrice", x->mark_price) ||
	    TEXT(o, "unRealizedProfit", x->unrealized_profit) ||
	    TEXT(o, "liquidationPrice", x->liquidation_price) ||
	    TEXT(o, "notional", x->notional) || TEXT(o, "isolatedMargin", x->isolated_margin) ||
	    TEXT(o, "initialMargin", x->initial_margin))
		return bad(err, errlen, "position", "a price, profit or margin");
	if (mem_int(o, "updateTime", &x->update_time) < 0)
		return bad(err, errlen, "position", "updateTime");
	return 0;
}

long fut_parse_positions(const char *body, size_t len, struct fut_position **out, char *err,
			 size_t errlen)
{
	long n;

	*out = parse_list(body, len, sizeof **out, &n, position_item, err, errlen);
	return n;
}

int fut_parse_account(const char *body, size_t len, struct fut_account *a, char *err,
		      size_t errlen)
{
	json_t *j = load(body, len, err, errlen);
	int rc = -1;

	memset(a, 0, sizeof *a);
	if (!j)
		return -1;
	if (!json_is_object(j))
		bad(err, errlen, "account", "(not an object)");
	else if (mem_text(j, "totalWalletBalance", a->total_wallet_balance,
			  sizeof a->total_wallet_balance) != 1)
		bad(err, errlen, "account", "totalWalletBalance");
	else if (mem_text(j, "availableBalance", a->available_balance,
			  sizeof a->available_balance) != 1)
		bad(err, errlen, "account", "availableBalance");
	else if (TEXT(j, "totalUnrealizedProfit", a->total_unrealized_profit) ||
		 TEXT(j, "totalMarginBalance", a->total_margin_balance) ||
		 TEXT(j, "maxWithdrawAmount", a->max_withdraw_amount))
		bad(err, errlen, "account", "a total");
	else
		rc = 0;
	json_decref(j);
	return rc;
}

int fut_parse_mark(const char *body, size_t len, struct fut_mark *m, char *err, size_t errlen)
{
	json_t *j = load(body, len, err, errlen);
	int rc = -1;

	memset(m, 0, sizeof *m);
	if (!j)
		return -1;
	if (!json_is_object(j))
		bad(err, errlen, "mark price", "(not an object)");
	else if (mem_text(j, "markPrice", m->mark_price, sizeof m->mark_price) != 1)
		bad(err, errlen, "mark price", "markPrice");
	else if (TEXT(j, "symbol", m->symbol) || TEXT(j, "indexPrice", m->index_price) ||
		 TEXT(j, "lastFundingRate", m->last_funding_rate))
		bad(err, errlen, "mark price", "symbol, indexPrice or lastFundingRate");
	else if (mem_int(j, "nextFundingTime", &m->next_funding_time) < 0 ||
		 mem_int(j, "time", &m->time) < 0)
		bad(err, errlen, "mark price", "nextFundingTime or time");
	else
		rc = 0;
	json_decref(j);
	return rc;
}

int fut_parse_time(const char *body, size_t len, int64_t *server_time, char *err, size_t errlen)
{
	json_t *j = load(body, len, err, errlen);
	int rc = -1;

	*server_time = 0;
	if (!j)
		return -1;
	if (!json_is_object(j) || mem_int(j, "serverTime", server_time) != 1 || *server_time <= 0)
		bad(err, errlen, "server time", "serverTime");
	else
		rc = 0;
	json_decref(j);
	return rc;
}

long fut_parse_rate_limits(const char *body, size_t len, struct fut_rate_limit *out, size_t cap,
			   char *err, size_t errlen)
{
	json_t *j = load(body, len, err, errlen), *list, *o;
	size_t i, n = 0;
	long rc = -1;

	if (!j)
		return -1;
	list = json_object_get(j, "rateLimits");
	if (!json_is_array(list)) {
		snprintf(err, errlen, "malformed exchangeInfo: no rateLimits list");
		json_decref(j);
		return -1;
	}
	json_array_foreach(list, i, o) {
		struct fut_rate_limit *r;
		int64_t num, limit;

		if (n == cap)
			break;
		r = &out[n];
		if (!json_is_object(o) || mem_text(o, "rateLimitType", r->type, sizeof r->type) != 1 ||
		    mem_text(o, "interval", r->interval, sizeof r->interval) != 1 ||
		    mem_int(o, "intervalNum", &num) != 1 || mem_int(o, "limit", &limit) != 1 ||
		    num < 1 || num > 1000000 || limit < 0 || limit > 1000000000) {
			bad(err, errlen, "rate limit", "rateLimitType, interval, intervalNum or limit");
			goto out;
		}
		r->interval_num = (int)num;
		r->limit = (long)limit;
		n++;
	}
	rc = (long)n;
out:
	json_decref(j);
	return rc;
}
