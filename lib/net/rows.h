/* rows: what the exchange adapters' parsers share: numbers and strings
 * from the rows and objects of JSON answers (json and object are
 * jansson json_t), the candle of a kline row, and the {"code","msg"}
 * error body of Binance and MEXC. Used by the adapters only. */
#ifndef CB_ROWS_H
#define CB_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "candle.h"

/* A row's decimal (a string or a number) that is not negative into *out:
 * 0, or -1. */
int exchange_row_num(const void *json, double *out);
/* A row's time in ms (an integer, or a string of digits) into *out: 0 or -1. */
int exchange_row_int(const void *json, int64_t *out);
/* A member's decimal (a string or a number) of object, or NaN if absent
 * or not a number. */
double exchange_member_num(const void *object, const char *key);
/* A member's string of object copied into dst (cap bytes; "" if absent). */
void exchange_member_str(const void *object, const char *key, char *dst, size_t cap);
/* The first six fields every exchange's kline row starts with: open time,
 * open, high, low, close, volume (numbers or decimal strings) into c.
 * row is a JSON array of at least six elements. Returns 0, or -1 if one
 * is not a non-negative number. */
int exchange_row_ohlcv(const void *row, struct candle *c);
/* If body is an error {"code":-1121,"msg":"Invalid symbol."} (Binance's
 * and MEXC's shape), return 1 with the code and message (msg: cap bytes,
 * NUL-terminated); else 0. */
int exchange_code_msg(const char *body, size_t len, long *code, char *msg, size_t cap);

/* A zeroed candle appended to *out (grown with realloc, *n counts, *cap
 * the allocation): the next row of a klines answer. Dies out of memory. */
struct candle *exchange_slot(struct candle **out, size_t *n, size_t *cap);

/* Make the candle *c of a parsed row complete: names, interval, close_time
 * from the interval, closed or forming at as_of, has bits. */
void exchange_fill(struct candle *c, const char *exchange, const char *market,
		   const char *symbol, const struct interval *iv, int64_t as_of, unsigned has);

/* How an exchange whose klines answer is a JSON array of rows (Binance,
 * MEXC) reads one: row(row, c) fills c from the JSON array row and returns
 * 0, -1 if it is not a kline, 1 if its values contradict each other; error
 * (or NULL) reads the error envelope a non-array answer may be. */
struct kline_rows {
	const char *exchange;
	unsigned has;                  /* CANDLE_* bits every row has */
	int (*row)(const void *row, struct candle *c);
	int (*error)(const char *body, size_t len, long *code, char *msg, size_t cap);
};

/* Parse such an answer into *out as struct exchange's parse_klines says:
 * every row read by k->row, checked (high not below low, open times
 * increasing) and completed by exchange_fill. Returns the rows, -1 for a
 * malformed answer or -2 for an error envelope, with the message in err;
 * nothing is appended on error. */
long exchange_parse_rows(const struct kline_rows *k, const char *body, size_t len,
			 const char *market, const char *symbol, const struct interval *iv,
			 int64_t as_of, struct candle **out, size_t *n, size_t *cap, char *err,
			 size_t errlen);

#endif
