/* fuzz_futanswer: the Binance trading answers' classifier and parsers
 * (lib/net/futanswer.c) on any body: each must return its count or -1,
 * free what it does not hand back, and keep every text NUL-terminated. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/futanswer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 400, 408, 418, 429, 503 };
	const char *body = (const char *)data;
	struct rest_answer a = REST_ANSWER_INIT;
	struct fut_reply r;
	struct fut_order o, *ol;
	struct fut_algo g, *gl;
	struct fut_trade *tl;
	struct fut_position *pl;
	struct fut_account ac;
	struct fut_mark m;
	struct fut_rate_limit rl[4];
	int64_t t;
	char err[128];
	long n;

	a.result = REST_ANSWER;
	if (size)
		buf_add(&a.body, data, size);
	buf_cstr(&a.body);
	for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++) {
		a.status = statuses[i];
		fut_classify(&a, 1000, &r);
		if ((unsigned)r.outcome > FUT_BAD_ANSWER || strlen(r.msg) >= sizeof r.msg)
			abort();
	}
	buf_release(&a.body);
	if (fut_parse_order(body, size, &o, err, sizeof err) == 0 && strlen(o.status_text) >= 32)
		abort();
	fut_parse_algo(body, size, 0, &g, err, sizeof err);
	fut_parse_algo(body, size, 1, &g, err, sizeof err);
	n = fut_parse_orders(body, size, &ol, err, sizeof err);
	if (n < -1 || (n <= 0 && ol))
		abort();
	free(ol);
	n = fut_parse_algos(body, size, &gl, err, sizeof err);
	if (n < -1 || (n <= 0 && gl))
		abort();
	free(gl);
	n = fut_parse_trades(body, size, &tl, err, sizeof err);
	if (n < -1 || (n <= 0 && tl))
		abort();
	free(tl);
	n = fut_parse_positions(body, size, &pl, err, sizeof err);
	if (n < -1 || (n <= 0 && pl))
		abort();
	free(pl);
	fut_parse_account(body, size, &ac, err, sizeof err);
	fut_parse_mark(body, size, &m, err, sizeof err);
	fut_parse_time(body, size, &t, err, sizeof err);
	n = fut_parse_rate_limits(body, size, rl, 4, err, sizeof err);
	if (n < -1 || n > 4)
		abort();
	return 0;
}
