/* The targets of cb-notify: Telegram's Bot API, a Discord webhook, a
 * generic JSON webhook and a file (notify.h). Each message is one request
 * sent once (net/rest.h); only a request that surely never left is sent
 * again, and a rate limit's answer (429, refused) is waited out. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cbtime.h"
#include "json.h"
#include "jsonw.h"
#include "msg.h"
#include "net/rest.h"
#include "notify.h"
#include "out.h"

#define TELEGRAM_URL "https://api.telegram.org"
/* Connect failures: tries, and the first wait, doubled after each. */
#define CONNECT_TRIES 4
#define CONNECT_BACKOFF_MS 500
/* 429 answers taken in a row for one message before giving up. */
#define RATE_TRIES 5

static void sleep_ms(int64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void die_secret(char *err)
{
	die("%s", err);
}

void target_open(struct target *t, const char *secret_file)
{
	char err[512];
	const char *v;

	t->fd = -1;
	switch (t->kind) {
	case TK_TELEGRAM:
		if (keys_load_secret(secret_file, "CB_TELEGRAM_TOKEN", "Telegram bot token",
				     t->secret, err, sizeof err))
			die_secret(err);
		if (!t->chat_id[0]) {
			v = getenv("CB_TELEGRAM_CHAT_ID");
			if (!v || !*v)
				usage_error("--telegram: give --chat-id ID or set CB_TELEGRAM_CHAT_ID");
			if (strlen(v) >= sizeof t->chat_id)
				usage_error("CB_TELEGRAM_CHAT_ID is too long");
			snprintf(t->chat_id, sizeof t->chat_id, "%s", v);
		}
		v = getenv("CB_TELEGRAM_URL");
		t->base = v && *v ? v : TELEGRAM_URL;
		snprintf(t->name, sizeof t->name, "telegram:%s", t->chat_id);
		break;
	case TK_DISCORD:
		if (keys_load_secret(secret_file, "CB_DISCORD_WEBHOOK", "Discord webhook URL",
				     t->secret, err, sizeof err))
			die_secret(err);
		if (strncmp(t->secret, "https://", 8) && strncmp(t->secret, "http://", 7))
			die("the Discord webhook URL (%s) does not start with https://",
			    secret_file ? "--token-file" : "CB_DISCORD_WEBHOOK");
		snprintf(t->name, sizeof t->name, "discord");
		break;
	case TK_WEBHOOK:
		snprintf(t->name, sizeof t->name, "webhook");
		break;
	case TK_FILE:
		snprintf(t->name, sizeof t->name, "file");
		if (strcmp(t->url, "-")) {
			t->fd = open(t->url, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
			if (t->fd < 0)
				die("cannot open '%s':", t->url);
		}
		return;
	case TK_NONE:
		return;
	}
	t->rest = rest_open(&(struct rest_opts){ .connect_timeout_ms = t->timeout_ms,
						  .timeout_ms = t->timeout_ms,
						  .user_agent = "cb-notify" });
}

void target_close(struct target *t)
{
	rest_close(t->rest);
	t->rest = NULL;
	if (t->fd >= 0 && close(t->fd))
		die("cannot write '%s':", t->url);
	t->fd = -1;
	keys_bzero(t->secret, sizeof t->secret);
}

/* Append s, form-urlencoded (RFC 3986 unreserved bytes as they are). */
static void add_form(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_addc(b, (char)c);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* Replace every copy of the secret in s (NUL-terminated) with "<secret>"
 * (curl's messages may quote a URL). */
static void scrub(const struct target *t, char *s, size_t cap)
{
	size_t n = strlen(t->secret);
	char *p;

	while (n && (p = strstr(s, t->secret))) {
		static const char mark[] = "<secret>";
		size_t tail = strlen(p + n) + 1;

		if ((size_t)(p - s) + sizeof mark - 1 + tail > cap)
			break;
		memmove(p + sizeof mark - 1, p + n, tail);
		memcpy(p, mark, sizeof mark - 1);
	}
}

/* The number member name at the top of the JSON object body, or in its
 * member object within (Telegram's "parameters"); -1 if none. */
static double body_number(const char *body, size_t len, const char *within, const char *name)
{
	struct jscan s;
	struct jfield f;
	double v;

	if (!body || !len)
		return -1;
	jscan_init(&s, body, len);
	while (jscan_next(&s, &f) == 1) {
		if (within && f.type == JSON_OBJECT && jfield_key_is(&f, within))
			return body_number(f.val, f.vlen, NULL, name);
		if (!within && jfield_key_is(&f, name) && !jfield_number(&f, &v) && v >= 0)
			return v;
	}
	return -1;
}

/* The error text of an answer body: Telegram's "description", Discord's
 * "message", else the start of the body; printable. */
static void body_text(const char *body, size_t len, char *dst, size_t cap)
{
	struct jscan s;
	struct jfield f;

	dst[0] = '\0';
	if (!body || !len)
		return;
	jscan_init(&s, body, len);
	while (jscan_next(&s, &f) == 1)
		if ((jfield_key_is(&f, "description") || jfield_key_is(&f, "message")) &&
		    jfield_string(&f, dst, cap) >= 0)
			break;
	if (!dst[0])
		snprintf(dst, cap, "%.*s", (int)(len > 120 ? 120 : len), body);
	msg_printable(dst);
}

/* How long a 429 answer asks to wait, in ms: the body's retry_after
 * (Telegram: parameters.retry_after, whole seconds; Discord: retry_after,
 * seconds with a fraction), else Retry-After, else a second. */
static int64_t rate_wait_ms(const struct rest_answer *a)
{
	double s = body_number(a->body.p, a->body.len, "parameters", "retry_after");

	if (s < 0)
		s = body_number(a->body.p, a->body.len, NULL, "retry_after");
	if (s < 0 && a->retry_after_s >= 0)
		s = (double)a->retry_after_s;
	if (s < 0)
		s = 1;
	return s > 1e6 ? (int64_t)1e9 : (int64_t)(s * 1000 + 0.5);
}

/* The request of text to t: url and body into the bufs, the header list
 * (a Content-Type line or nothing). */
static const char *const *build(const struct target *t, const char *line, size_t len,
				const char *text, struct buf *url, struct buf *body)
{
	static const char *const json[] = { "Content-Type: application/json", NULL };

	switch (t->kind) {
	case TK_TELEGRAM:
		buf_printf(url, "%s/bot%s/sendMessage", t->base, t->secret);
		buf_adds(body, "chat_id=");
		add_form(body, t->chat_id);
		buf_adds(body, "&text=");
		add_form(body, text);
		return NULL;
	case TK_DISCORD:
		buf_adds(url, t->secret);
		/* No @everyone or other mention from a record's text. */
		jw_begin(body);
		jw_str(body, "content", text);
		jw_raw(body, "allowed_mentions", "{\"parse\":[]}", 12);
		buf_addc(body, '}');
		return json;
	case TK_WEBHOOK:
		buf_adds(url, t->url);
		jw_begin(body);
		jw_str(body, "text", text);
		jw_raw(body, "record", line, len);
		buf_addc(body, '}');
		return json;
	default:
		return NULL;
	}
}

static enum notify_outcome to_file(struct target *t, const char *text, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	size_t off = 0;

	for (const char *p = text; *p; p++)
		if (*p == '\n')
			buf_adds(&b, " | ");
		else
			buf_addc(&b, *p);
	buf_addc(&b, '\n');
	if (t->fd < 0) {
		out_write(b.p, b.len);
		out_flush();
		buf_release(&b);
		return NOTIFY_OUT_SENT;
	}
	while (off < b.len) {
		ssize_t k = write(t->fd, b.p + off, b.len - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			snprintf(err, errlen, "cannot write '%s': %s", t->url, strerror(errno));
			buf_release(&b);
			return off ? NOTIFY_OUT_UNKNOWN : NOTIFY_OUT_NOT_SENT;
		}
		off += (size_t)k;
	}
	buf_release(&b);
	return NOTIFY_OUT_SENT;
}

enum notify_outcome target_send(struct target *t, const char *line, size_t len,
				const char *text, char *err, size_t errlen)
{
	struct buf url = BUF_INIT, body = BUF_INIT;
	struct rest_answer a = REST_ANSWER_INIT;
	const char *const *headers;
	enum notify_outcome o = NOTIFY_OUT_NOT_SENT;
	int64_t backoff = CONNECT_BACKOFF_MS;
	int tries = 0, limited = 0;

	err[0] = '\0';
	if (t->last_ms) {
		int64_t at = t->last_ms + t->min_gap_ms, wait;

		if (t->hold_until > at)
			at = t->hold_until;
		wait = at - time_mono_ms();
		if (wait > 0)
			sleep_ms(wait);
	}
	if (t->kind == TK_FILE) {
		o = to_file(t, text, err, errlen);
		t->last_ms = time_mono_ms();
		return o;
	}
	headers = build(t, line, len, text, &url, &body);
	for (;;) {
		rest_request(t->rest, "POST", buf_cstr(&url), buf_cstr(&body), headers, &a);
		t->last_ms = time_mono_ms();
		if (a.result == REST_NOT_SENT) {
			if (++tries < CONNECT_TRIES) {
				sleep_ms(backoff);
				backoff *= 2;
				continue;
			}
			snprintf(err, errlen, "not sent after %d tries: %s", tries, a.error);
			o = NOTIFY_OUT_NOT_SENT;
			break;
		}
		if (a.result == REST_NO_ANSWER) {
			snprintf(err, errlen, "no answer: %s", a.error);
			o = NOTIFY_OUT_UNKNOWN;
			break;
		}
		if (a.status >= 200 && a.status < 300) {
			/* The bucket is empty: the next message waits for its reset. */
			if (a.ratelimit_remaining == 0 && a.ratelimit_reset_ms > 0)
				t->hold_until = t->last_ms + (a.ratelimit_reset_ms < t->max_wait_ms ?
							      a.ratelimit_reset_ms : t->max_wait_ms);
			o = NOTIFY_OUT_SENT;
			break;
		}
		if (a.status == 429) {
			int64_t wait = rate_wait_ms(&a);

			if (++limited >= RATE_TRIES || wait > t->max_wait_ms) {
				snprintf(err, errlen, "rate limited (HTTP 429, retry after %.3g s): "
					 "not sent", (double)wait / 1000);
				o = NOTIFY_OUT_NOT_SENT;
				break;
			}
			note("rate limited: waiting %.3g s as the answer asks", (double)wait / 1000);
			sleep_ms(wait);
			continue;
		}
		{
			char text_err[200];

			body_text(a.body.p, a.body.len, text_err, sizeof text_err);
			snprintf(err, errlen, "HTTP %ld: %s", a.status, text_err);
		}
		/* A refusal (4xx) surely did not deliver; after a server error
		 * (5xx) no one can tell. */
		o = a.status >= 400 && a.status < 500 ? NOTIFY_OUT_NOT_SENT : NOTIFY_OUT_UNKNOWN;
		break;
	}
	scrub(t, err, errlen);
	keys_bzero(url.p, url.len);
	buf_release(&url);
	buf_release(&body);
	rest_answer_release(&a);
	return o;
}
