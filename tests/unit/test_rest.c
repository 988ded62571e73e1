/* Unit tests of lib/net/rest.c against tinyhttp.h's local server: a request
 * that never left (connect refused, a TLS handshake that times out) is
 * REST_NOT_SENT, one sent but not
 * answered (dropped, silent until the timeout, a short body) REST_NO_ANSWER,
 * one answered REST_ANSWER with its status, body and Binance's headers;
 * and a POST is never sent twice, even when the connection before it was
 * reused (libcurl resends on a reused connection that closes unanswered). */
#include <stdlib.h>
#include <time.h>

#include "net/rest.h"
#include "tinyhttp.h"
#include "unit.h"

#define OK_ANSWER "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
	"Date: Mon, 30 Nov 2026 08:30:05 GMT\r\nX-MBX-USED-WEIGHT-1M: 17\r\n" \
	"X-MBX-ORDER-COUNT-10S: 2\r\nX-MBX-ORDER-COUNT-1M: 9\r\nContent-Length: 13\r\n\r\n" \
	"{\"orderId\":1}"

static void test_answer(struct rest_client *c)
{
	static const char *const script[] = {
		OK_ANSWER,
		"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: 2\r\n\r\n{}",
		"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 20\r\n\r\nService Unavailable.",
	};
	static const char *const hdr[] = { "X-MBX-APIKEY: abc", NULL };
	struct rest_answer a = REST_ANSWER_INIT;
	struct tiny t;
	char url[128];
	const char *log;

	CHECK_INT(tiny_start(&t, script, 3), 0);
	snprintf(url, sizeof url, "%s/fapi/v1/order?symbol=BTCUSDT&signature=ff", t.url);
	CHECK_INT(rest_request(c, "POST", url, NULL, hdr, &a), REST_ANSWER);
	CHECK_INT(a.status, 200);
	CHECK_STR(a.body.p, "{\"orderId\":1}");
	CHECK_INT(a.used_weight_1m, 17);
	CHECK_INT(a.order_count_10s, 2);
	CHECK_INT(a.order_count_1m, 9);
	CHECK_INT(a.retry_after_s, -1);
	/* 2026-11-30 is day 20787 since 1970-01-01; 08:30:05 is 30605 s. */
	CHECK_INT(a.date, (20787LL * 86400 + 30605) * 1000);
	CHECK_STR(a.error, "");
	snprintf(url, sizeof url, "%s/fapi/v1/time", t.url);
	CHECK_INT(rest_request(c, "GET", url, NULL, NULL, &a), REST_ANSWER);
	CHECK_INT(a.status, 429);
	CHECK_INT(a.retry_after_s, 7);
	CHECK_INT(a.used_weight_1m, -1);
	CHECK_INT(a.date, 0);
	snprintf(url, sizeof url, "%s/fapi/v1/order?a=1", t.url);
	CHECK_INT(rest_request(c, "DELETE", url, "b=2", NULL, &a), REST_ANSWER);
	CHECK_INT(a.status, 503);
	CHECK_STR(a.body.p, "Service Unavailable.");
	log = tiny_log(&t);
	CHECK(strstr(log, "POST /fapi/v1/order?symbol=BTCUSDT&signature=ff HTTP/1.1\r\n"));
	CHECK(strstr(log, "X-MBX-APIKEY: abc\r\n"));
	CHECK(strstr(log, "GET /fapi/v1/time HTTP/1.1\r\n"));
	CHECK(strstr(log, "DELETE /fapi/v1/order?a=1 HTTP/1.1\r\n"));
	CHECK(strstr(log, "Content-Type: application/x-www-form-urlencoded\r\n"));
	CHECK(strstr(log, "\r\n\r\nb=2\n----\n"));
	/* The key went to the first request only. */
	CHECK_INT(tiny_count(log, "X-MBX-APIKEY"), 1);
	tiny_stop(&t);
	rest_answer_release(&a);
}

static void test_not_sent(struct rest_client *c)
{
	struct rest_answer a = REST_ANSWER_INIT;
	char url[128];

	snprintf(url, sizeof url, "http://127.0.0.1:%d/fapi/v1/order", tiny_closed_port());
	CHECK_INT(rest_request(c, "POST", url, NULL, NULL, &a), REST_NOT_SENT);
	CHECK_INT(a.status, 0);
	CHECK(a.error[0] != '\0');
	CHECK_STR(rest_result_name(a.result), "not sent");
	/* Only HTTP. */
	CHECK_INT(rest_request(c, "GET", "file:///etc/passwd", NULL, NULL, &a), REST_NOT_SENT);
	CHECK_INT((long)a.body.len, 0);
	rest_answer_release(&a);
}

/* A TLS handshake that never ends: the request was never written, so a
 * timeout then is REST_NOT_SENT, not REST_NO_ANSWER. */
static void test_tls_timeout(struct rest_client *c)
{
	struct rest_answer a = REST_ANSWER_INIT;
	struct tiny t;
	char url[128];

	CHECK_INT(tiny_start(&t, NULL, 0), 0);
	snprintf(url, sizeof url, "https://127.0.0.1:%d/fapi/v1/order", t.port);
	CHECK_INT(rest_request(c, "POST", url, NULL, NULL, &a), REST_NOT_SENT);
	CHECKF(a.elapsed_ms >= 250 && a.elapsed_ms < 5000, "elapsed %ld ms", a.elapsed_ms);
	CHECK_STR(tiny_log(&t), "");
	tiny_stop(&t);
	rest_answer_release(&a);
}

/* Sent, then no complete answer: dropped after reading, a body shorter
 * than its Content-Length, silence until the total timeout. */
static void test_no_answer(struct rest_client *c)
{
	static const char *const script[] = {
		"DROP",
		"CLOSE:HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"orderId\":",
		"SILENT",
	};
	struct rest_answer a = REST_ANSWER_INIT;
	struct tiny t;
	char url[128];

	CHECK_INT(tiny_start(&t, script, 3), 0);
	snprintf(url, sizeof url, "%s/fapi/v1/order?x=1", t.url);
	CHECK_INT(rest_request(c, "POST", url, NULL, NULL, &a), REST_NO_ANSWER);
	CHECK_STR(rest_result_name(a.result), "no answer");
	CHECK_INT(rest_request(c, "POST", url, NULL, NULL, &a), REST_NO_ANSWER);
	CHECK_INT(a.status, 0);
	CHECK_INT((long)a.body.len, 0);
	CHECK_INT(rest_request(c, "POST", url, NULL, NULL, &a), REST_NO_ANSWER);
	CHECKF(a.elapsed_ms >= 250 && a.elapsed_ms < 5000, "elapsed %ld ms", a.elapsed_ms);
	/* Each was sent exactly once. */
	CHECK_INT(tiny_count(tiny_log(&t), "POST /fapi/v1/order?x=1 "), 3);
	tiny_stop(&t);
	rest_answer_release(&a);
}

/* A GET leaves its connection open; the POST after it is dropped
 * unanswered. libcurl would send it again on a fresh connection had it
 * gone on the reused one; it must reach the server once. */
static void test_no_resend(struct rest_client *c)
{
	static const char *const script[] = {
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
		"DROP",
	};
	struct rest_answer a = REST_ANSWER_INIT;
	struct tiny t;
	char url[128];

	CHECK_INT(tiny_start(&t, script, 2), 0);
	snprintf(url, sizeof url, "%s/fapi/v1/time", t.url);
	CHECK_INT(rest_request(c, "GET", url, NULL, NULL, &a), REST_ANSWER);
	snprintf(url, sizeof url, "%s/fapi/v1/order?y=2", t.url);
	CHECK_INT(rest_request(c, "POST", url, NULL, NULL, &a), REST_NO_ANSWER);
	nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, NULL);
	CHECK_INT(tiny_count(tiny_log(&t), "POST /fapi/v1/order?y=2 "), 1);
	tiny_stop(&t);
	rest_answer_release(&a);
}

int main(void)
{
	struct rest_opts o = { .connect_timeout_ms = 1000, .timeout_ms = 300 };
	struct rest_client *c;

	/* A proxy in the environment must not come between the test and its server. */
	setenv("NO_PROXY", "127.0.0.1", 1);
	setenv("no_proxy", "127.0.0.1", 1);
	c = rest_open(&o);
	test_answer(c);
	test_not_sent(c);
	test_tls_timeout(c);
	test_no_answer(c);
	test_no_resend(c);
	rest_close(c);
	UNIT_END();
}
