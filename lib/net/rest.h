/* rest: one HTTP request to an exchange's REST API, sent exactly once,
 * that says precisely what became of it. For requests that must never be
 * repeated blindly (an order: its outcome may be unknown), unlike http.h,
 * which retries GETs.
 *
 * A client holds one libcurl easy handle, so that queries reuse their
 * connection. A request that changes something (any method but GET) goes
 * on a fresh connection: libcurl silently sends a request again on a new
 * connection when a reused one closes before any answer byte, which for
 * an order could place it twice. Nothing here retries.
 *
 * Each request has a connect timeout and a total timeout, and ends in one
 * of three results:
 *   REST_NOT_SENT   it never left (DNS, connect refused, connect or TLS
 *                   failure or timeout before a byte of it was written):
 *                   safe to send again;
 *   REST_NO_ANSWER  it was (or may have been) sent, but no complete answer
 *                   came (timeout, connection dropped, a body shorter
 *                   than its Content-Length, an answer over the limits):
 *                   its outcome is unknown;
 *   REST_ANSWER     an HTTP status and the whole body.
 * Nothing is printed: the caller decides what to tell. */
#ifndef CB_REST_H
#define CB_REST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The largest answer body taken (as http.h's HTTP_BODY_MAX) and the
 * largest head (HTTP_HEAD_MAX): beyond them the answer is dropped and the
 * request ends as REST_NO_ANSWER. */
#define REST_BODY_MAX (64L << 20)
#define REST_HEAD_MAX (64L << 10)

enum rest_result { REST_NOT_SENT, REST_NO_ANSWER, REST_ANSWER };

struct rest_opts {
	long connect_timeout_ms;   /* default 5000 */
	long timeout_ms;           /* the whole request, default 10000 */
	const char *user_agent;    /* or NULL */
};

/* What became of one request. The body and error belong to the answer;
 * rest_answer_release frees them. Numeric headers absent are -1. */
struct rest_answer {
	enum rest_result result;
	long status;               /* HTTP status, 0 unless REST_ANSWER */
	struct buf body;           /* the body (NUL-terminated when REST_ANSWER) */
	char error[256];           /* transport error text, "" for REST_ANSWER */
	long retry_after_s;        /* Retry-After */
	long used_weight_1m;       /* X-MBX-USED-WEIGHT-1M */
	long order_count_10s;      /* X-MBX-ORDER-COUNT-10S */
	long order_count_1m;       /* X-MBX-ORDER-COUNT-1M */
	int64_t date;              /* Date (epoch ms), or 0 */
	long elapsed_ms;           /* from the call to the end */
	long ratelimit_remaining;  /* X-RateLimit-Remaining (Discord) */
	long ratelimit_reset_ms;   /* X-RateLimit-Reset-After, in ms (Discord) */
};

/* A zeroed answer ready for rest_request. */
#define REST_ANSWER_INIT { REST_NOT_SENT, 0, BUF_INIT, "", -1, -1, -1, -1, 0, 0, -1, -1 }

struct rest_client;

/* A new client (o copied; NULL: the defaults). Dies if libcurl cannot be
 * initialised. */
struct rest_client *rest_open(const struct rest_opts *o);

/* Send one request: method "GET", "POST", "PUT" or "DELETE" to url (the
 * whole URL with its query string), with body (form-urlencoded, sent as
 * application/x-www-form-urlencoded unless headers hold a Content-Type
 * line, such as "Content-Type: application/json") or NULL, and the extra
 * header lines
 * headers ("X-MBX-APIKEY: ...", NULL-terminated list, or NULL), which go
 * nowhere else. Fills *a (its previous contents released or reused) and
 * returns a->result. Never retries. */
enum rest_result rest_request(struct rest_client *c, const char *method, const char *url,
			      const char *body, const char *const *headers,
			      struct rest_answer *a);

/* Free what an answer holds; it is REST_ANSWER_INIT again. */
void rest_answer_release(struct rest_answer *a);

/* The result's name: "not sent", "no answer", "answer". */
const char *rest_result_name(enum rest_result r);

/* Close the client and its connection. NULL is allowed. */
void rest_close(struct rest_client *c);

#endif
