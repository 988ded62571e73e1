#include "http.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "header.h"
#include "msg.h"
#include "xalloc.h"

struct req {
	char *url;
	char *shown;               /* url without its user and password, for messages */
	int weight;
	int (*done)(void *ctx, const struct http_result *r);
	void *ctx;
	int attempts;
	int64_t not_before;        /* wall clock ms */
	CURL *easy;
	struct buf body;
	long retry_after;          /* seconds from a Retry-After header, or -1 */
	int too_big;               /* the body passed HTTP_BODY_MAX */
	size_t head_len;           /* bytes of header lines received */
	int head_too_big;          /* they passed HTTP_HEAD_MAX */
	long used_weight;          /* from the weight header, or -1 */
	int64_t date;              /* the Date header in epoch ms, or 0 */
	char errbuf[CURL_ERROR_SIZE];
	struct http_client *client;
	struct req *next;
};

struct http_client {
	struct http_opts o;
	CURLM *multi;
	struct req *queue;         /* waiting requests, in submission order */
	struct req **tail;
	struct req *active;        /* requests in flight */
	int running;
	int64_t minute;            /* start of the current weight window */
	long used;                 /* weight used in it, ours or the exchange's count */
	int64_t pause_until;       /* after a 429 or with the budget spent */
	int banned;
	int said_long_pause;       /* warned of a Retry-After beyond HTTP_RETRY_AFTER_MAX */
	long banned_status;
	int64_t banned_until;
	uint64_t rng;
	struct http_stats st;
	void (*tick)(void *ctx);   /* http_on_tick */
	void *tick_ctx;
};

static int64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t next_rand(struct http_client *c)
{
	uint64_t z = (c->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Exponential backoff with jitter: between half and all of base * 2^(n-1). */
static int64_t backoff(struct http_client *c, int attempts)
{
	int64_t d = c->o.backoff_ms;

	for (int i = 1; i < attempts && d < 60000; i++)
		d *= 2;
	return d / 2 + (int64_t)(next_rand(c) % (uint64_t)(d / 2 + 1));
}

struct http_client *http_new(const struct http_opts *o)
{
	static int inited;
	struct http_client *c = xcalloc(1, sizeof *c);

	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT))
			die("cannot initialise libcurl");
		inited = 1;
	}
	c->o = *o;
	if (c->o.jobs < 1)
		c->o.jobs = 4;
	if (c->o.retries < 0)
		c->o.retries = 0;
	if (!c->o.connect_timeout_ms)
		c->o.connect_timeout_ms = 5000;
	if (!c->o.timeout_ms)
		c->o.timeout_ms = 30000;
	if (!c->o.backoff_ms)
		c->o.backoff_ms = 500;
	c->multi = curl_multi_init();
	if (!c->multi)
		die("cannot initialise libcurl");
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)c->o.jobs);
	curl_multi_setopt(c->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)c->o.jobs);
	c->tail = &c->queue;
	c->rng = (uint64_t)wall_ms() ^ ((uint64_t)getpid() << 32);
	return c;
}

void http_get(struct http_client *c, const char *url, int weight,
	      int (*done)(void *ctx, const struct http_result *r), void *ctx)
{
	struct req *r = xcalloc(1, sizeof *r);

	r->url = xstrdup(url);
	r->shown = http_url_shown(url);
	r->weight = weight;
	r->done = done;
	r->ctx = ctx;
	*c->tail = r;
	c->tail = &r->next;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct req *r = ud;

	if (size * n > (size_t)HTTP_BODY_MAX - r->body.len) {
		r->too_big = 1;
		return 0;  /* libcurl stops the transfer: CURLE_WRITE_ERROR */
	}
	buf_add(&r->body, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct req *r = ud;
	struct http_client *c = r->client;
	size_t len = size * n;
	long v;

	if (len > (size_t)HTTP_HEAD_MAX - r->head_len) {
		r->head_too_big = 1;
		return 0;  /* libcurl stops the transfer: CURLE_WRITE_ERROR */
	}
	r->head_len += len;
	if (header_num(p, len, "Retry-After", &v))
		r->retry_after = v;
	else if (len > 5 && !strncasecmp(p, "Date:", 5))
		r->date = header_date(p, len);
	else if (c->o.weight_header && header_num(p, len, c->o.weight_header, &v))
		r->used_weight = v;
	return len;
}

static void start(struct http_client *c, struct req *r)
{
	CURL *e = curl_easy_init();

	if (!e)
		die("cannot initialise libcurl");
	buf_reset(&r->body);
	r->retry_after = -1;
	r->too_big = 0;
	r->head_len = 0;
	r->head_too_big = 0;
	r->used_weight = -1;
	r->date = 0;
	r->errbuf[0] = '\0';
	r->attempts++;
	r->easy = e;
	r->client = c;
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->o.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->o.timeout_ms);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	if (c->o.user_agent)
		curl_easy_setopt(e, CURLOPT_USERAGENT, c->o.user_agent);
	curl_multi_add_handle(c->multi, e);
	r->next = c->active;
	c->active = r;
	c->running++;
	c->st.requests++;
	c->used += r->weight;
	if (c->used > c->st.weight_used_max)
		c->st.weight_used_max = c->used;
}

static void free_req(struct req *r)
{
	free(r->url);
	free(r->shown);
	buf_release(&r->body);
	free(r);
}

/* Put r back at the front of the queue, not to be sent before at. */
static void requeue(struct http_client *c, struct req *r, int64_t at)
{
	r->not_before = at;
	r->next = c->queue;
	if (!c->queue)
		c->tail = &r->next;
	c->queue = r;
	c->st.retries++;
}

static int call_done(struct req *r, long status, const char *error, int last, int banned)
{
	struct http_result res = {
		.url = r->shown, .status = status, .body = &r->body, .error = error,
		.attempts = r->attempts, .last_try = last, .banned = banned,
		.date = r->date
	};

	return r->done(r->ctx, &res);
}

static void unlink_active(struct http_client *c, struct req *r)
{
	struct req **pp = &c->active;

	while (*pp != r)
		pp = &(*pp)->next;
	*pp = r->next;
	r->next = NULL;
}

/* After a ban (418, or the exchange's own status), every request not yet
 * done ends at once, marked banned. */
static void stop_all(struct http_client *c)
{
	while (c->active) {
		struct req *r = c->active;

		c->active = r->next;
		curl_multi_remove_handle(c->multi, r->easy);
		curl_easy_cleanup(r->easy);
		c->running--;
		call_done(r, 0, "stopped: the exchange banned this IP", 1, 1);
		free_req(r);
	}
	while (c->queue) {
		struct req *r = c->queue;

		c->queue = r->next;
		call_done(r, 0, "not sent: the exchange banned this IP", 1, 1);
		free_req(r);
	}
	c->tail = &c->queue;
}

static void finish(struct http_client *c, struct req *r, CURLcode rc)
{
	int64_t now = wall_ms();
	long status = 0;
	int last = r->attempts > c->o.retries;

	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(c->multi, r->easy);
	curl_easy_cleanup(r->easy);
	r->easy = NULL;
	c->running--;
	unlink_active(c, r);
	if (r->used_weight >= 0 && now / 60000 * 60000 == c->minute && r->used_weight > c->used) {
		c->used = r->used_weight;
		if (c->used > c->st.weight_used_max)
			c->st.weight_used_max = c->used;
	}
	if (rc != CURLE_OK && r->too_big) {
		char why[64];

		snprintf(why, sizeof why, "the answer is larger than %ld MiB: refused",
			 HTTP_BODY_MAX >> 20);
		call_done(r, 0, why, 1, 0);
	} else if (rc != CURLE_OK && (r->head_too_big || rc == CURLE_OUT_OF_MEMORY)) {
		/* libcurl's buffer for one header line stops at 100 KiB with
		 * CURLE_OUT_OF_MEMORY before on_header sees the line (cb's own
		 * allocations die on failure): headers too large as well. */
		char why[64];

		snprintf(why, sizeof why, "the answer's headers are larger than %ld KiB: refused",
			 HTTP_HEAD_MAX >> 10);
		call_done(r, 0, why, 1, 0);
	} else if (rc != CURLE_OK) {
		if (!last) {
			requeue(c, r, now + backoff(c, r->attempts));
			return;
		}
		call_done(r, 0, r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc), 1, 0);
	} else if (status == 418 || (c->o.ban_status && status == c->o.ban_status)) {
		c->banned = 1;
		c->banned_status = status;
		c->banned_until = r->retry_after >= 0 ? now + r->retry_after * 1000 :
				  c->o.ban_until ? c->o.ban_until(r->body.p, r->body.len) : 0;
		call_done(r, status, NULL, 1, 1);
	} else if (status == 429 && r->retry_after > HTTP_RETRY_AFTER_MAX) {
		/* Retrying sooner than asked risks a ban; waiting that long
		 * would hang a cron job for hours. Give the request up. */
		c->st.answers_429++;
		if (!c->said_long_pause)
			warn("the exchange asked for a pause of %ld s (Retry-After), longer than "
			     "the %d s cb waits for: not retrying", r->retry_after,
			     HTTP_RETRY_AFTER_MAX);
		c->said_long_pause = 1;
		call_done(r, status, NULL, 1, 0);
	} else if (status == 429 || status >= 500) {
		int64_t wait = status == 429 && r->retry_after >= 0 ? r->retry_after * 1000 :
			       backoff(c, r->attempts);

		if (status == 429) {
			c->st.answers_429++;
			if (now + wait > c->pause_until)
				c->pause_until = now + wait;
		}
		if (!last) {
			requeue(c, r, now + wait);
			return;
		}
		call_done(r, status, NULL, 1, 0);
	} else if (call_done(r, status, NULL, last, 0) == HTTP_RETRY && !last) {
		requeue(c, r, now + backoff(c, r->attempts));
		return;
	}
	free_req(r);
}

/* Start what may start now; return how long to wait for the rest (ms). */
static long start_ready(struct http_client *c)
{
	int64_t now = wall_ms(), wait = 1000;
	struct req **pp = &c->queue;

	if (now / 60000 * 60000 != c->minute) {
		c->minute = now / 60000 * 60000;
		c->used = 0;
	}
	if (c->pause_until > now)
		return (long)(c->pause_until - now);
	while (*pp && c->running < c->o.jobs) {
		struct req *r = *pp;

		if (r->not_before > now) {
			if (r->not_before - now < wait)
				wait = r->not_before - now;
			pp = &r->next;
			continue;
		}
		if (c->o.weight_budget && c->used + r->weight > c->o.weight_budget) {
			/* Budget spent: wait for the next minute (and a little more,
			 * as the exchange's clock may be behind ours). */
			c->pause_until = c->minute + 60000 + 250;
			return (long)(c->pause_until - now);
		}
		*pp = r->next;
		if (!*pp)
			c->tail = pp;
		r->next = NULL;
		start(c, r);
	}
	return (long)wait;
}

int http_run(struct http_client *c)
{
	while (c->queue || c->running) {
		long wait = start_ready(c);
		int still, left;
		CURLMsg *m;

		curl_multi_perform(c->multi, &still);
		while ((m = curl_multi_info_read(c->multi, &left)) != NULL) {
			struct req *r;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
			finish(c, r, m->data.result);
			if (c->banned)
				break;
		}
		if (c->banned) {
			stop_all(c);
			return -1;
		}
		if (c->tick)
			c->tick(c->tick_ctx);
		if (c->running || c->queue)
			curl_multi_poll(c->multi, NULL, 0, (int)(wait < 1 ? 1 : wait > 1000 ? 1000 : wait), NULL);
	}
	return 0;
}

void http_on_tick(struct http_client *c, void (*fn)(void *ctx), void *ctx)
{
	c->tick = fn;
	c->tick_ctx = ctx;
}

long http_paused_ms(const struct http_client *c)
{
	int64_t now = wall_ms();

	return c->pause_until > now && (c->queue || c->running) ? (long)(c->pause_until - now) : 0;
}

int64_t http_banned_until(const struct http_client *c)
{
	return c->banned_until;
}

long http_banned_status(const struct http_client *c)
{
	return c->banned_status;
}

void http_get_stats(const struct http_client *c, struct http_stats *s)
{
	*s = c->st;
}

void http_free(struct http_client *c)
{
	if (!c)
		return;
	while (c->queue) {
		struct req *r = c->queue;

		c->queue = r->next;
		free_req(r);
	}
	curl_multi_cleanup(c->multi);
	free(c);
}

char *http_url_shown(const char *url)
{
	const char *host = strstr(url, "://"), *at, *path;
	struct buf b = BUF_INIT;

	if (!host)
		return xstrdup(url);
	host += 3;
	path = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(path - host));
	if (!at)
		return xstrdup(url);
	buf_add(&b, url, (size_t)(host - url));
	buf_adds(&b, "***");
	buf_adds(&b, at);
	return buf_cstr(&b);  /* the buffer's memory is the caller's now */
}
