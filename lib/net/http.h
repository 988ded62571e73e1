/* http: concurrent HTTP GETs to an exchange's REST API, as a good citizen.
 *
 * Requests run concurrently (at most `jobs` at once) over reused
 * connections (one libcurl multi handle). Each request has a weight that is
 * counted against a per-minute budget before it is sent; the exchange's own
 * count (a used-weight response header such as X-MBX-USED-WEIGHT-1M) is read
 * and obeyed as well, so a run never causes a 429 by itself.
 *
 * Retries: timeouts, transport errors (also a body shorter than its
 * Content-Length) and 5xx answers are retried with exponential backoff and
 * jitter, at most `retries` times. A 429 pauses every request until its
 * Retry-After (or a backoff) has passed, then the request is retried. A 418
 * (IP banned; or the exchange's own ban status, such as Bybit's 403) stops
 * every request at once. Any other answer, including a 4xx
 * with an error body, is final and goes to the callback, which may itself ask
 * for a retry (a malformed body). */
#ifndef CB_HTTP_H
#define CB_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The longest Retry-After (seconds) an answer 429 is waited for; a longer
 * one fails its request at once, with a warning, rather than hang a cron
 * job or retry before the exchange allows it. */
#define HTTP_RETRY_AFTER_MAX 120
/* The largest answer body taken, decompressed (an exchange's largest,
 * exchangeInfo, is a few MiB): a larger one, or a compressed bomb, is
 * refused when it passes this size, not retried, and never held whole. */
#define HTTP_BODY_MAX (64L << 20)
/* The largest head of an answer taken (all its header lines; an
 * exchange's are a few KiB): a larger one, or one header line longer than
 * libcurl takes (100 KiB), is refused and not retried, so that a hostile
 * server cannot make the client hold or parse megabytes of headers. */
#define HTTP_HEAD_MAX (64L << 10)
/* Numeric headers (Retry-After, the used weight) are read up to this
 * value, so that no arithmetic on them can overflow. */
#define HTTP_HEADER_MAX 1000000000L

struct http_opts {
	int jobs;                  /* concurrent requests (default 4) */
	int weight_budget;         /* weight per minute (0: no budget) */
	const char *weight_header; /* e.g. "X-MBX-USED-WEIGHT-1M", or NULL */
	int retries;               /* retries after the first try (default 4) */
	long connect_timeout_ms;   /* default 5000 */
	long timeout_ms;           /* whole request, default 30000 */
	long backoff_ms;           /* first backoff (default 500), doubled each retry */
	const char *user_agent;
	int ban_status;            /* a status besides 418 that means "IP banned", or 0 */
	/* The end of a ban (epoch ms) that a ban answer's body names, or 0:
	 * the exchange adapter's parser (body may be NULL with len 0); NULL:
	 * only Retry-After tells. */
	int64_t (*ban_until)(const char *body, size_t len);
};

/* What the callback sees. The body belongs to the client and is valid
 * during the callback only. */
struct http_result {
	const char *url;
	long status;               /* HTTP status, or 0 if no answer came */
	const struct buf *body;
	const char *error;         /* transport error text when status is 0 */
	int attempts;              /* tries made, including this one */
	int last_try;              /* 1: no retry is left (HTTP_RETRY is then ignored) */
	int banned;                /* 1: the request was dropped because of a 418 */
	int64_t date;              /* the answer's Date header (epoch ms), or 0 */
};

/* Callback return values. */
enum { HTTP_DONE = 0, HTTP_RETRY = 1 };

struct http_client;

/* A copy of url (the caller frees it) without the user name and password
 * a base URL may carry: "user:secret@" before the host becomes "***@".
 * For messages: every URL in an http_result is this copy. Dies out of
 * memory. */
char *http_url_shown(const char *url);

/* A new client. Dies if libcurl cannot be initialised. */
struct http_client *http_new(const struct http_opts *o);

/* Queue a GET of url (copied) with the given weight. done is called with
 * each final answer; if it returns HTTP_RETRY (say, a malformed body) and
 * r->last_try is 0, the request is tried again after a backoff. When
 * r->last_try is 1 the callback must treat the answer as final. */
void http_get(struct http_client *c, const char *url, int weight,
	      int (*done)(void *ctx, const struct http_result *r), void *ctx);

/* Run until every queued request is done (requests may be queued from the
 * callbacks). Returns 0, or -1 if the exchange banned this IP (418): every
 * request not yet done was then passed to its callback with banned = 1, and
 * http_banned_until tells until when, if the exchange said. */
int http_run(struct http_client *c);

/* Call fn(ctx) from http_run at least once a second, between answers
 * too (to redraw a progress line while requests wait). */
void http_on_tick(struct http_client *c, void (*fn)(void *ctx), void *ctx);

/* How long requests still wait for the rate limit (a 429's Retry-After or
 * the weight budget spent), in ms, or 0 if they do not. */
long http_paused_ms(const struct http_client *c);

/* After a ban: the end of it in epoch ms, or 0 if unknown. */
int64_t http_banned_until(const struct http_client *c);
/* After a ban: the HTTP status that said so (418, or the exchange's own). */
long http_banned_status(const struct http_client *c);

/* Counters for reports: requests sent, 429 answers, retries. */
struct http_stats {
	long requests, answers_429, retries;
	long weight_used_max;      /* highest used weight seen in a minute */
};
void http_get_stats(const struct http_client *c, struct http_stats *s);

/* Free the client. NULL is allowed. */
void http_free(struct http_client *c);

#endif
