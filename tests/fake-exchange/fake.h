/* fake: the fake exchange's state and request handling.
 *
 * fake.c receives every request: it answers the control endpoints
 * (/_fake/...), logs and counts the others, applies injected faults and
 * the per-minute request weight limits, and hands the Binance endpoints to
 * api.c (market data) and trade.c (the signed trading endpoints). The
 * struct fake owns the market, the trading state, the faults and the
 * counters. */
#ifndef FAKE_FAKE_H
#define FAKE_FAKE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "market.h"
#include "msg.h"
#include "server.h"
#include "trade.h"

#define PARAMS_MAX 32
#define TIME_MAX_MS 10000000000000LL   /* 2286-11-20: the latest time handled */

/* The query string (and a form body) of a request, decoded. A key may
 * appear once in the query and once in the body: param() then gives the
 * query's value, as Binance does. */
struct params {
	const char *method; /* the request's method */
	size_t n;
	const char *key[PARAMS_MAX], *val[PARAMS_MAX];
	int duplicate;      /* a key was sent twice in the query, or twice in the body */
	int too_many;       /* more than PARAMS_MAX */
	struct buf store;   /* the decoded strings */
};

/* An injected fault: the next count requests for path (and method and
 * symbol, if not empty) fail as kind. */
struct fault {
	char path[64];
	char method[8];
	char symbol[SYM_MAX];
	char kind[16];
	long count;
	long retry_after;   /* seconds: 429 and 418 (at most 10^9) */
	char retry_after_text[32];  /* its header value as given: any digits */
	long delay_ms;      /* slow, timeout-placed */
	double fraction;    /* partial: the share of a MARKET order that fills */
	long hide;          /* algo-notfound: queries answered -2013 */
};

/* Used request weight in the current minute of the real clock. */
struct window {
	int64_t minute;     /* epoch minute the count belongs to */
	long used;
	long max;           /* the highest count of any minute so far */
	long limit;
};

struct fake {
	struct market market;
	struct trade trade;
	int64_t fixed_now;  /* "now" in ms, when has_now */
	int has_now;
	long latency_ms;
	int logfd;          /* -1: no log */
	struct window fut, spot;
	struct fault *faults;
	size_t nfaults;
	/* counters, cleared by /_fake/reset */
	long requests, n429, n418, connections;
	char user_agent[128];   /* of the last market data request */
	struct strmap *paths;   /* path -> long */
	size_t npaths;
	/* While one answer is served: added to the time of every row (the
	 * offgrid fault), 0 otherwise. */
	int64_t shift_ms;
};

/* A Binance endpoint of api.c or trade.c. */
struct endpoint {
	const char *path;
	int spot;           /* 1: /api/v3 (spot limits), 0: futures */
	int foreign;        /* 1: Bybit or MEXC (no X-MBX-USED-WEIGHT headers) */
	/* The request weight, from the parameters (which may be invalid). */
	long (*weight)(const struct params *p);
	/* Answer the request in res (status 200 and an empty body on entry). */
	void (*serve)(struct fake *f, const struct endpoint *ep, const struct params *p,
		      struct response *res);
	const char *methods;/* the methods served, e.g. "POST GET DELETE"; NULL: GET (and HEAD) */
	int auth;           /* 1: a SIGNED endpoint (key, signature, timestamp) */
};

/* The endpoint serving path, or NULL. */
const struct endpoint *api_find(const char *path);
/* The trading endpoint serving path (trade.c), or NULL. */
const struct endpoint *trade_find(const char *path);

/* The server hooks: f is the context. */
void fake_handle(void *f, const struct request *req, struct response *res);
void fake_accepted(void *f);

/* Clear the faults and every counter. */
void fake_reset(struct fake *f);
/* Free the faults, counters and market. */
void fake_release(struct fake *f);

/* "now": the fixed time if one was set, else the real clock. */
int64_t fake_now(const struct fake *f);
/* The real clock in epoch ms. */
int64_t real_ms(void);

/* The value of parameter key, or NULL if absent or empty. */
const char *param(const struct params *p, const char *key);

/* Set res to a Binance error: HTTP status and {"code":code,"msg":msg}. */
void api_error(struct response *res, int status, int code, const char *msg);
/* Set res to Binance's -1102 error for the mandatory parameter name. */
void api_missing(struct response *res, const char *name);
/* Write v with d decimals into dst (64 bytes), never as "-0.00"; returns dst. */
const char *fixed(char *dst, double v, int d);
/* Parse a non-negative decimal integer of at most 19 digits: 0, or -1. */
int parse_uint(const char *s, int64_t *out);

#endif
