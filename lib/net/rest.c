/* rest: one request, sent exactly once, and what became of it (rest.h). */
#include "rest.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "header.h"
#include "msg.h"
#include "xalloc.h"

struct rest_client {
	struct rest_opts o;
	CURL *easy;
};

/* The state of one transfer, for libcurl's callbacks. */
struct xfer {
	struct rest_answer *a;
	size_t head_len;
	int too_big;               /* the body passed REST_BODY_MAX */
	int head_too_big;          /* the head passed REST_HEAD_MAX */
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct rest_client *rest_open(const struct rest_opts *o)
{
	static int inited;
	struct rest_client *c = xcalloc(1, sizeof *c);

	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT))
			die("cannot initialise libcurl");
		inited = 1;
	}
	if (o)
		c->o = *o;
	if (c->o.connect_timeout_ms <= 0)
		c->o.connect_timeout_ms = 5000;
	if (c->o.timeout_ms <= 0)
		c->o.timeout_ms = 10000;
	c->easy = curl_easy_init();
	if (!c->easy)
		die("cannot initialise libcurl");
	return c;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	struct buf *b = &x->a->body;

	if (size * n > (size_t)REST_BODY_MAX - b->len) {
		x->too_big = 1;
		return 0;  /* libcurl stops the transfer: CURLE_WRITE_ERROR */
	}
	buf_add(b, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	struct rest_answer *a = x->a;
	size_t len = size * n;

	if (len > (size_t)REST_HEAD_MAX - x->head_len) {
		x->head_too_big = 1;
		return 0;
	}
	x->head_len += len;
	/* A new head (after a 100 Continue, say) starts from nothing. */
	if (len > 5 && !strncasecmp(p, "HTTP/", 5)) {
		a->retry_after_s = a->used_weight_1m = a->order_count_10s = a->order_count_1m = -1;
		a->ratelimit_remaining = a->ratelimit_reset_ms = -1;
		a->date = 0;
	} else if (!header_num(p, len, "Retry-After", &a->retry_after_s) &&
		   !header_num(p, len, "X-MBX-USED-WEIGHT-1M", &a->used_weight_1m) &&
		   !header_num(p, len, "X-MBX-ORDER-COUNT-10S", &a->order_count_10s) &&
		   !header_num(p, len, "X-MBX-ORDER-COUNT-1M", &a->order_count_1m) &&
		   !header_num(p, len, "X-RateLimit-Remaining", &a->ratelimit_remaining) &&
		   !header_ms(p, len, "X-RateLimit-Reset-After", &a->ratelimit_reset_ms) &&
		   len > 5 && !strncasecmp(p, "Date:", 5)) {
		a->date = header_date(p, len);
	}
	return len;
}

/* 1 if a transfer that failed with rc never wrote a byte of its request:
 * name lookup, connect and TLS failures, and a timeout before anything
 * was written (libcurl counts the request's bytes as it writes them). Any
 * other failure may have come after the request left. */
static int never_sent(CURL *e, CURLcode rc)
{
	long req = 0;

	switch (rc) {
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_FAILED_INIT:
	case CURLE_URL_MALFORMAT:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
		return 1;
	case CURLE_OPERATION_TIMEDOUT:
		return curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &req) == CURLE_OK && req == 0;
	default:
		return 0;
	}
}

/* Overwrite the header lines before libcurl frees them: they hold the API key. */
static void wipe_list(struct curl_slist *l)
{
	for (; l; l = l->next) {
		volatile char *p = l->data;

		while (*p)
			*p++ = '\0';
	}
}

enum rest_result rest_request(struct rest_client *c, const char *method, const char *url,
			      const char *body, const char *const *headers,
			      struct rest_answer *a)
{
	CURL *e = c->easy;
	struct xfer x = { .a = a };
	struct curl_slist *list = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	int64_t t0 = mono_ms();
	int get = !strcmp(method, "GET"), typed = 0;
	CURLcode rc;

	buf_reset(&a->body);
	a->result = REST_NOT_SENT;
	a->status = 0;
	a->error[0] = '\0';
	a->retry_after_s = a->used_weight_1m = a->order_count_10s = a->order_count_1m = -1;
	a->ratelimit_remaining = a->ratelimit_reset_ms = -1;
	a->date = 0;
	for (size_t i = 0; headers && headers[i]; i++) {
		struct curl_slist *l = curl_slist_append(list, headers[i]);

		if (!l)
			die("out of memory");
		list = l;
		if (!strncasecmp(headers[i], "Content-Type:", 13))
			typed = 1;
	}
	if ((body || !get) && !typed) {
		struct curl_slist *l = curl_slist_append(list,
			"Content-Type: application/x-www-form-urlencoded");

		if (!l)
			die("out of memory");
		list = l;
	}
	curl_easy_reset(e);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->o.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->o.timeout_ms);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/* HTTP only, and no redirect is followed: a 3xx is an answer. */
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
	if (c->o.user_agent)
		curl_easy_setopt(e, CURLOPT_USERAGENT, c->o.user_agent);
	if (!get) {
		/* Never on a reused connection: see rest.h. */
		curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
		if (strcmp(method, "POST"))
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	}
	rc = curl_easy_perform(e);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &a->status);
		a->result = REST_ANSWER;
		buf_cstr(&a->body);
	} else {
		a->result = never_sent(e, rc) ? REST_NOT_SENT : REST_NO_ANSWER;
		if (x.too_big)
			snprintf(a->error, sizeof a->error, "the answer is larger than %ld MiB",
				 REST_BODY_MAX >> 20);
		else if (x.head_too_big || rc == CURLE_OUT_OF_MEMORY)
			snprintf(a->error, sizeof a->error, "the answer's headers are larger than %ld KiB",
				 REST_HEAD_MAX >> 10);
		else
			snprintf(a->error, sizeof a->error, "%s",
				 errbuf[0] ? errbuf : curl_easy_strerror(rc));
		buf_reset(&a->body);
	}
	/* Nothing of this request stays in the handle: not the URL (with its
	 * signature), not the header lines (with the key). */
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, NULL);
	wipe_list(list);
	curl_slist_free_all(list);
	a->elapsed_ms = (long)(mono_ms() - t0);
	return a->result;
}

void rest_answer_release(struct rest_answer *a)
{
	struct rest_answer z = REST_ANSWER_INIT;

	buf_release(&a->body);
	*a = z;
}

const char *rest_result_name(enum rest_result r)
{
	switch (r) {
	case REST_NOT_SENT: return "not sent";
	case REST_NO_ANSWER: return "no answer";
	case REST_ANSWER: return "answer";
	}
	return "?";
}

void rest_close(struct rest_client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->easy);
	free(c);
}
