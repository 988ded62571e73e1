/* futures: the Binance USD-M futures trading client (futures.h). */
#include "futures.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "exchange.h"
#include "keys.h"
#include "msg.h"
#include "rest.h"
#include "sign.h"
#include "xalloc.h"

struct fut_client {
	char *base;                   /* base URL without a trailing slash */
	char key[KEYS_MAX];
	char secret[KEYS_MAX];
	char header[KEYS_MAX + 16];   /* "X-MBX-APIKEY: key" */
	long recv_window;
	int64_t offset;               /* server clock - local clock, ms */
	fut_audit_fn audit;
	void *audit_ctx;
	int64_t (*clock_ms)(void *ctx);
	void *clock_ctx;
	struct rest_client *rest;
	struct rest_answer ans;       /* the last answer */
	struct buf url;
	char signature[SIGN_HEX_MAX]; /* the last one, to keep it out of texts */
};

/* What a request does: a query changes nothing; a write may have. */
enum { QUERY, WRITE };

/* Parse a 2xx body into out; 0 or -1 with a message in err. */
typedef int (*parse_fn)(const char *body, size_t len, void *out, char *err, size_t errlen);

static int64_t wall_ms(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct fut_client *fut_open(const struct fut_config *cfg)
{
	struct fut_client *c = xcalloc(1, sizeof *c);
	struct rest_opts o = {
		.connect_timeout_ms = cfg->connect_timeout_ms, .timeout_ms = cfg->timeout_ms,
		.user_agent = "cb/" CB_VERSION
	};
	const char *base = cfg->base_url ? cfg->base_url : exchange_binance.base_url("futures");
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		n--;
	c->base = xmalloc(n + 1);
	memcpy(c->base, base, n);
	c->base[n] = '\0';
	snprintf(c->key, sizeof c->key, "%s", cfg->api_key ? cfg->api_key : "");
	snprintf(c->secret, sizeof c->secret, "%s", cfg->api_secret ? cfg->api_secret : "");
	snprintf(c->header, sizeof c->header, "X-MBX-APIKEY: %s", c->key);
	c->recv_window = cfg->recv_window_ms > 0 ? cfg->recv_window_ms : 5000;
	c->audit = cfg->audit;
	c->audit_ctx = cfg->audit_ctx;
	c->clock_ms = cfg->clock_ms ? cfg->clock_ms : wall_ms;
	c->clock_ctx = cfg->clock_ctx;
	c->rest = rest_open(&o);
	rest_answer_release(&c->ans);
	return c;
}

void fut_close(struct fut_client *c)
{
	if (!c)
		return;
	keys_bzero(c->key, sizeof c->key);
	keys_bzero(c->secret, sizeof c->secret);
	keys_bzero(c->header, sizeof c->header);
	keys_bzero(c->signature, sizeof c->signature);
	if (c->url.p)
		keys_bzero(c->url.p, c->url.cap);
	buf_release(&c->url);
	rest_answer_release(&c->ans);
	rest_close(c->rest);
	free(c->base);
	free(c);
}

int64_t fut_offset_ms(const struct fut_client *c)
{
	return c->offset;
}

int64_t fut_server_now_ms(const struct fut_client *c)
{
	return c->clock_ms(c->clock_ctx) + c->offset;
}

/* ---- parameters ---- */

/* Append "&name=value" (no '&' first) with value percent-encoded but for
 * the unreserved characters. */
static void param(struct buf *b, const char *name, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";

	if (b->len)
		buf_addc(b, '&');
	buf_adds(b, name);
	buf_addc(b, '=');
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_addc(b, (char)*p);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

static void param_int(struct buf *b, const char *name, int64_t v)
{
	char t[24];

	snprintf(t, sizeof t, "%lld", (long long)v);
	param(b, name, t);
}

/* A symbol: 1 to 31 capital letters and digits. */
static int symbol_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!n || n >= FUT_SYM_MAX)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* A decimal as the exchange takes it: digits, at most one '.', a digit
 * on each side of it. */
static int decimal_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	int dot = 0;

	if (!n || n >= FUT_DEC_MAX || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (; *s; s++) {
		if (*s == '.' && !dot++)
			continue;
		if (*s < '0' || *s > '9')
			return 0;
	}
	return 1;
}

int fut_client_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!n || n > 36)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == ':' || *s == '/' ||
		      *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* Refuse a request before sending: FUT_REJECTED, code 0. */
static int refuse(struct fut_reply *r, const char *what)
{
	memset(r, 0, sizeof *r);
	r->outcome = FUT_REJECTED;
	r->retry_after_s = r->order_count_10s = r->order_count_1m = r->used_weight_1m = -1;
	snprintf(r->msg, sizeof r->msg, "not sent: %s", what);
	return -1;
}

/* ---- one request ---- */

/* Replace every copy of s (when not empty) in t[0..n) by '*'s. */
static void blot(char *t, size_t n, const char *s)
{
	size_t k = strlen(s);

	if (!k || !t)
		return;
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(t + i, s, k))
			memset(t + i, '*', k);
}

/* The key, the secret and the signature never reach a text the caller
 * or the hook sees, whatever a server or libcurl writes. */
static void scrub(struct fut_client *c, char *t, size_t n)
{
	blot(t, n, c->key);
	blot(t, n, c->secret);
	blot(t, n, c->signature);
}

static void audit(struct fut_client *c, const char *event, const char *method,
		  const char *path, const char *params, int sign, const struct fut_reply *r,
		  int *stop)
{
	struct fut_audit a = {
		.event = event, .method = method, .path = path, .params = params,
		.signed_req = sign, .time_ms = wall_ms(NULL), .reply = r,
		.body = r && c->ans.body.len ? c->ans.body.p : "",
		.body_len = r ? c->ans.body.len : 0
	};
	int rc;

	if (!c->audit)
		return;
	rc = c->audit(c->audit_ctx, &a);
	if (stop)
		*stop = rc;
}

/* Send method path?params (signed if sign), once; and once more after a
 * -1021 with the clock resynced. When the answer is a 2xx and parse is
 * given, parse its body into out: a malformed one is FUT_UNKNOWN for a
 * write, FUT_BAD_ANSWER for a query. Returns 0 if the outcome is FUT_OK. */
static int call(struct fut_client *c, const char *method, const char *path, const char *params,
		int sign, int kind, parse_fn parse, void *out, struct fut_reply *r)
{
	static const char *const none[] = { NULL };
	const char *hdr[] = { c->header, NULL };

	for (int tries = 0;; tries++) {
		struct buf q = BUF_INIT;
		int stop = 0;
		char err[200];

		if (sign && !c->key[0])
			return refuse(r, "no API key");
		audit(c, "request", method, path, params, sign, NULL, &stop);
		if (stop) {
			memset(r, 0, sizeof *r);
			r->outcome = FUT_NOT_SENT;
			r->retry_after_s = r->order_count_10s = r->order_count_1m =
				r->used_weight_1m = -1;
			snprintf(r->msg, sizeof r->msg, "not sent: the audit hook refused it");
			return -1;
		}
		buf_adds(&q, params);
		c->signature[0] = '\0';
		if (sign) {
			if (exchange_binance.sign_query(&q, c->secret, fut_server_now_ms(c),
							c->recv_window)) {
				buf_release(&q);
				return refuse(r, "cannot sign the request (libcrypto failed)");
			}
			/* The last SIGN_HEX_MAX - 1 bytes: q has no NUL. */
			snprintf(c->signature, sizeof c->signature, "%.*s",
				 (int)(SIGN_HEX_MAX - 1), q.p + q.len - (SIGN_HEX_MAX - 1));
		}
		buf_reset(&c->url);
		buf_adds(&c->url, c->base);
		buf_adds(&c->url, path);
		if (q.len) {
			buf_addc(&c->url, '?');
			buf_add(&c->url, q.p, q.len);
		}
		keys_bzero(q.p, q.len);
		buf_release(&q);
		rest_request(c->rest, method, buf_cstr(&c->url), NULL, sign ? hdr : none, &c->ans);
		keys_bzero(c->url.p, c->url.len);
		scrub(c, c->ans.body.p, c->ans.body.len);
		scrub(c, c->ans.error, strlen(c->ans.error));
		fut_classify(&c->ans, wall_ms(NULL), r);
		if (r->outcome == FUT_OK && parse &&
		    parse(c->ans.body.p, c->ans.body.len, out, err, sizeof err)) {
			r->outcome = kind == WRITE ? FUT_UNKNOWN : FUT_BAD_ANSWER;
			snprintf(r->msg, sizeof r->msg, "%s", err);
		}
		scrub(c, r->msg, strlen(r->msg));
		audit(c, "answer", method, path, params, sign, r, NULL);
		if (r->outcome != FUT_CLOCK || !sign || tries > 0)
			return r->outcome == FUT_OK ? 0 : -1;
		{
			struct fut_reply t;

			/* -1021: not executed. Resync; then send it once more. */
			if (fut_sync_time(c, &t))
				return -1;
		}
	}
}

/* ---- the calls ---- */

static int parse_time(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	return fut_parse_time(b, n, out, err, errlen);
}

int fut_sync_time(struct fut_client *c, struct fut_reply *r)
{
	int64_t server, t0 = c->clock_ms(c->clock_ctx), t1;

	if (call(c, "GET", "/fapi/v1/time", "", 0, QUERY, parse_time, &server, r))
		return -1;
	t1 = c->clock_ms(c->clock_ctx);
	c->offset = server - (t0 + (t1 - t0) / 2);
	return 0;
}

static int parse_order(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	return fut_parse_order(b, n, out, err, errlen);
}

static const char *side_name(enum fut_side s)
{
	return s == FUT_SELL ? "SELL" : "BUY";
}

int fut_new_order(struct fut_client *c, const struct fut_order_req *q, struct fut_reply *r,
		  struct fut_order *o)
{
	struct buf p = BUF_INIT;
	int rc;

	memset(o, 0, sizeof *o);
	if (!symbol_ok(q->symbol))
		return refuse(r, "the symbol is not valid");
	if (!decimal_ok(q->quantity))
		return refuse(r, "the quantity is not a decimal");
	if (q->type == FUT_LIMIT && !decimal_ok(q->price))
		return refuse(r, "a limit order needs a decimal price");
	if (q->type == FUT_LIMIT && q->time_in_force && strcmp(q->time_in_force, "GTC") &&
	    strcmp(q->time_in_force, "IOC") && strcmp(q->time_in_force, "FOK") &&
	    strcmp(q->time_in_force, "GTX"))
		return refuse(r, "the time in force is not GTC, IOC, FOK or GTX");
	if (q->client_id && !fut_client_id_ok(q->client_id))
		return refuse(r, "the client order id does not match ^[.A-Z:/a-z0-9_-]{1,36}$");
	param(&p, "symbol", q->symbol);
	param(&p, "side", side_name(q->side));
	param(&p, "type", q->type == FUT_LIMIT ? "LIMIT" : "MARKET");
	param(&p, "quantity", q->quantity);
	if (q->type == FUT_LIMIT) {
		param(&p, "price", q->price);
		param(&p, "timeInForce", q->time_in_force ? q->time_in_force : "GTC");
	}
	if (q->reduce_only)
		param(&p, "reduceOnly", "true");
	if (q->client_id)
		param(&p, "newClientOrderId", q->client_id);
	if (q->want_result)
		param(&p, "newOrderRespType", "RESULT");
	rc = call(c, "POST", "/fapi/v1/order", buf_cstr(&p), 1, WRITE, parse_order, o, r);
	buf_release(&p);
	return rc;
}

/* The parameters naming one order (or algo order): symbol (when given),
 * then the id or the client id under the given names. -1 if neither. */
static int name_order(struct buf *p, const char *symbol, int64_t id, const char *cid,
		      const char *id_name, const char *cid_name, struct fut_reply *r)
{
	if (symbol && !symbol_ok(symbol))
		return refuse(r, "the symbol is not valid");
	if (id <= 0 && (!cid || !fut_client_id_ok(cid)))
		return refuse(r, "no order id and no valid client id");
	if (symbol)
		param(p, "symbol", symbol);
	if (id > 0)
		param_int(p, id_name, id);
	else
		param(p, cid_name, cid);
	return 0;
}

static int order_call(struct fut_client *c, const char *method, int kind, const char *symbol,
		      int64_t order_id, const char *client_id, struct fut_reply *r,
		      struct fut_order *o)
{
	struct buf p = BUF_INIT;
	int rc;

	memset(o, 0, sizeof *o);
	if (!symbol)
		return refuse(r, "no symbol");
	if (name_order(&p, symbol, order_id, client_id, "orderId", "origClientOrderId", r)) {
		buf_release(&p);
		return -1;
	}
	rc = call(c, method, "/fapi/v1/order", buf_cstr(&p), 1, kind, parse_order, o, r);
	buf_release(&p);
	return rc;
}

int fut_query_order(struct fut_client *c, const char *symbol, int64_t order_id,
		    const char *client_id, struct fut_reply *r, struct fut_order *o)
{
	return order_call(c, "GET", QUERY, symbol, order_id, client_id, r, o);
}

int fut_cancel_order(struct fut_client *c, const char *symbol, int64_t order_id,
		     const char *client_id, struct fut_reply *r, struct fut_order *o)
{
	return order_call(c, "DELETE", WRITE, symbol, order_id, client_id, r, o);
}

/* A list answer: its parser (one of futanswer.h's, as void *), and the
 * array and count it gave. */
struct list {
	long (*parse)(const char *, size_t, void *, char *, size_t);
	void *arr;
	long n;
};

static int parse_list(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	struct list *l = out;

	l->n = l->parse(b, n, &l->arr, err, errlen);
	return l->n < 0 ? -1 : 0;
}

static long list_call(struct fut_client *c, const char *path, const char *params,
		      struct list *l, struct fut_reply *r)
{
	if (call(c, "GET", path, params, 1, QUERY, parse_list, l, r))
		return -1;
	return l->n;
}

/* Parameters of a list for symbol or all (NULL); -1 if symbol is bad. */
static int symbol_param(struct buf *p, const char *symbol, struct fut_reply *r)
{
	if (!symbol)
		return 0;
	if (!symbol_ok(symbol))
		return refuse(r, "the symbol is not valid");
	param(p, "symbol", symbol);
	return 0;
}

static long orders_parse(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	struct fut_order *v;
	long k = fut_parse_orders(b, n, &v, err, errlen);

	*(void **)out = v;
	return k;
}

long fut_open_orders(struct fut_client *c, const char *symbol, struct fut_order **out,
		     struct fut_reply *r)
{
	struct buf p = BUF_INIT;
	struct list l = { orders_parse, NULL, 0 };
	long n = -1;

	*out = NULL;
	if (!symbol_param(&p, symbol, r))
		n = list_call(c, "/fapi/v1/openOrders", buf_cstr(&p), &l, r);
	*out = l.arr;
	buf_release(&p);
	return n;
}

static int parse_algo(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	return fut_parse_algo(b, n, 0, out, err, errlen);
}

static int parse_algo_cancel(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	return fut_parse_algo(b, n, 1, out, err, errlen);
}

int fut_new_algo(struct fut_client *c, const struct fut_algo_req *q, struct fut_reply *r,
		 struct fut_algo *a)
{
	struct buf p = BUF_INIT;
	int rc;

	memset(a, 0, sizeof *a);
	if (!symbol_ok(q->symbol))
		return refuse(r, "the symbol is not valid");
	if (!decimal_ok(q->trigger_price))
		return refuse(r, "the trigger price is not a decimal");
	if (!q->close_position && !decimal_ok(q->quantity))
		return refuse(r, "an algo order needs closePosition or a decimal quantity");
	if (q->close_position && (q->quantity || q->reduce_only))
		return refuse(r, "closePosition goes without quantity and reduceOnly");
	if (q->client_algo_id && !fut_client_id_ok(q->client_algo_id))
		return refuse(r, "the client algo id does not match ^[.A-Z:/a-z0-9_-]{1,36}$");
	param(&p, "algoType", "CONDITIONAL");
	param(&p, "symbol", q->symbol);
	param(&p, "side", side_name(q->side));
	param(&p, "type", q->type == FUT_TAKE_PROFIT_MARKET ? "TAKE_PROFIT_MARKET" : "STOP_MARKET");
	param(&p, "triggerPrice", q->trigger_price);
	if (q->close_position) {
		param(&p, "closePosition", "true");
	} else {
		param(&p, "quantity", q->quantity);
		if (q->reduce_only)
			param(&p, "reduceOnly", "true");
	}
	param(&p, "workingType", q->working_type == FUT_CONTRACT_PRICE ? "CONTRACT_PRICE"
								     : "MARK_PRICE");
	if (q->price_protect)
		param(&p, "priceProtect", "true");
	if (q->client_algo_id)
		param(&p, "clientAlgoId", q->client_algo_id);
	rc = call(c, "POST", "/fapi/v1/algoOrder", buf_cstr(&p), 1, WRITE, parse_algo, a, r);
	buf_release(&p);
	return rc;
}

int fut_query_algo(struct fut_client *c, int64_t algo_id, const char *client_algo_id,
		   struct fut_reply *r, struct fut_algo *a)
{
	struct buf p = BUF_INIT;
	int rc = -1;

	memset(a, 0, sizeof *a);
	if (!name_order(&p, NULL, algo_id, client_algo_id, "algoId", "clientAlgoId", r))
		rc = call(c, "GET", "/fapi/v1/algoOrder", buf_cstr(&p), 1, QUERY, parse_algo, a, r);
	buf_release(&p);
	return rc;
}

int fut_cancel_algo(struct fut_client *c, int64_t algo_id, const char *client_algo_id,
		    struct fut_reply *r, struct fut_algo *a)
{
	struct buf p = BUF_INIT;
	int rc = -1;

	memset(a, 0, sizeof *a);
	if (!name_order(&p, NULL, algo_id, client_algo_id, "algoId", "clientAlgoId", r))
		rc = call(c, "DELETE", "/fapi/v1/algoOrder", buf_cstr(&p), 1, WRITE,
			  parse_algo_cancel, a, r);
	buf_release(&p);
	return rc;
}

static long algos_parse(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	struct fut_algo *v;
	long k = fut_parse_algos(b, n, &v, err, errlen);

	*(void **)out = v;
	return k;
}

long fut_open_algo_orders(struct fut_client *c, const char *symbol, struct fut_algo **out,
			  struct fut_reply *r)
{
	struct buf p = BUF_INIT;
	struct list l = { algos_parse, NULL, 0 };
	long n = -1;

	*out = NULL;
	if (!symbol_param(&p, symbol, r))
		n = list_call(c, "/fapi/v1/openAlgoOrders", buf_cstr(&p), &l, r);
	*out = l.arr;
	buf_release(&p);
	return n;
}

static long positions_parse(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	struct fut_position *v;
	long k = fut_parse_positions(b, n, &v, err, errlen);

	*(void **)out = v;
	return k;
}

long fut_position_risk(struct fut_client *c, const char *symbol, struct fut_position **out,
		       struct fut_reply *r)
{
	struct buf p = BUF_INIT;
	struct list l = { positions_parse, NULL, 0 };
	long n = -1;

	*out = NULL;
	if (!symbol_param(&p, symbol, r))
		n = list_call(c, "/fapi/v3/positionRisk", buf_cstr(&p), &l, r);
	*out = l.arr;
	buf_release(&p);
	return n;
}

static int parse_account(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	return fut_parse_account(b, n, out, err, errlen);
}

int fut_account(struct fut_client *c, struct fut_account *a, struct fut_reply *r)
{
	memset(a, 0, sizeof *a);
	return call(c, "GET", "/fapi/v3/account", "", 1, QUERY, parse_account, a, r);
}

static long trades_parse(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	struct fut_trade *v;
	long k = fut_parse_trades(b, n, &v, err, errlen);

	*(void **)out = v;
	return k;
}

long fut_user_trades(struct fut_client *c, const char *symbol, int64_t start_time,
		     int64_t from_id, int limit, struct fut_trade **out, struct fut_reply *r)
{
	struct buf p = BUF_INIT;
	struct list l = { trades_parse, NULL, 0 };
	long n;

	*out = NULL;
	if (!symbol || !symbol_ok(symbol))
		return refuse(r, "the symbol is not valid");
	if (limit < 0 || limit > 1000)
		return refuse(r, "the limit is not 1 to 1000");
	param(&p, "symbol", symbol);
	if (from_id > 0)
		param_int(&p, "fromId", from_id);
	else if (start_time > 0)
		param_int(&p, "startTime", start_time);
	if (limit)
		param_int(&p, "limit", limit);
	n = list_call(c, "/fapi/v1/userTrades", buf_cstr(&p), &l, r);
	*out = l.arr;
	buf_release(&p);
	return n;
}

static int parse_mark(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	return fut_parse_mark(b, n, out, err, errlen);
}

int fut_mark_price(struct fut_client *c, const char *symbol, struct fut_mark *m,
		   struct fut_reply *r)
{
	struct buf p = BUF_INIT;
	int rc;

	memset(m, 0, sizeof *m);
	if (!symbol || !symbol_ok(symbol))
		return refuse(r, "the symbol is not valid");
	param(&p, "symbol", symbol);
	rc = call(c, "GET", "/fapi/v1/premiumIndex", buf_cstr(&p), 0, QUERY, parse_mark, m, r);
	buf_release(&p);
	return rc;
}

/* A JSON object: all the leverage and margin type answers need to be. */
static int parse_object(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	(void)out;
	while (n && (*b == ' ' || *b == '\n' || *b == '\r' || *b == '\t'))
		b++, n--;
	if (n && *b == '{')
		return 0;
	snprintf(err, errlen, "malformed answer: not an object");
	return -1;
}

int fut_set_leverage(struct fut_client *c, const char *symbol, int leverage,
		     struct fut_reply *r)
{
	struct buf p = BUF_INIT;
	int rc;

	if (!symbol || !symbol_ok(symbol))
		return refuse(r, "the symbol is not valid");
	if (leverage < 1 || leverage > 125)
		return refuse(r, "the leverage is not 1 to 125");
	param(&p, "symbol", symbol);
	param_int(&p, "leverage", leverage);
	rc = call(c, "POST", "/fapi/v1/leverage", buf_cstr(&p), 1, WRITE, parse_object, NULL, r);
	buf_release(&p);
	return rc;
}

int fut_set_margin_type(struct fut_client *c, const char *symbol, enum fut_margin m,
			struct fut_reply *r)
{
	struct buf p = BUF_INIT;
	int rc;

	if (!symbol || !symbol_ok(symbol))
		return refuse(r, "the symbol is not valid");
	param(&p, "symbol", symbol);
	param(&p, "marginType", m == FUT_CROSSED ? "CROSSED" : "ISOLATED");
	rc = call(c, "POST", "/fapi/v1/marginType", buf_cstr(&p), 1, WRITE, parse_object, NULL, r);
	buf_release(&p);
	if (rc && r->outcome == FUT_REJECTED && r->code == -4046) {
		r->outcome = FUT_OK;  /* already so */
		rc = 0;
	}
	return rc;
}

struct info {
	struct symbol_info **symbols;
	long n;
	struct fut_rate_limit *limits;
	size_t cap, *nlimits;
};

static int parse_info(const char *b, size_t n, void *out, char *err, size_t errlen)
{
	struct info *x = out;
	long k = fut_parse_rate_limits(b, n, x->limits, x->cap, err, errlen);

	if (k < 0)
		return -1;
	x->n = exchange_binance.parse_symbols(b, n, "futures", x->symbols, err, errlen);
	if (x->n < 0)
		return -1;
	*x->nlimits = (size_t)k;
	return 0;
}

long fut_exchange_info(struct fut_client *c, struct symbol_info **symbols,
		       struct fut_rate_limit *limits, size_t cap, size_t *nlimits,
		       struct fut_reply *r)
{
	struct info x = { symbols, 0, limits, cap, nlimits };

	*symbols = NULL;
	*nlimits = 0;
	if (call(c, "GET", "/fapi/v1/exchangeInfo", "", 0, QUERY, parse_info, &x, r))
		return -1;
	return x.n;
}

/* ---- client ids ---- */

int fut_client_id(const char *prefix, const char *signal_id, char kind, unsigned seq,
		  char out[FUT_ID_MAX])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t plen = prefix ? strlen(prefix) : 0, n, room;
	int k;

	out[0] = '\0';
	if (plen < 1 || plen > 8 || !fut_client_id_ok(prefix) || kind < 'a' || kind > 'z' ||
	    seq > 99999 || !signal_id || !*signal_id)
		return -1;
	k = snprintf(out, FUT_ID_MAX, "%s-%c%u", prefix, kind, seq);
	n = (size_t)k;
	if (n + 1 + strlen(signal_id) <= 36) {
		char t[FUT_ID_MAX];

		snprintf(t, sizeof t, "%s-%s", out, signal_id);
		if (fut_client_id_ok(t)) {
			memcpy(out, t, sizeof t);
			return 0;
		}
	}
	if (!EVP_Digest(signal_id, strlen(signal_id), md, &mdlen, EVP_sha256(), NULL)) {
		out[0] = '\0';
		return -1;
	}
	out[n++] = '.';
	room = 36 - n;
	for (size_t i = 0; i < room && i / 2 < mdlen; i++)
		out[n++] = hex[i % 2 ? md[i / 2] & 15 : md[i / 2] >> 4];
	out[n] = '\0';
	return 0;
}
