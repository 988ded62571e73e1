/* header: reading the lines of an HTTP answer's head that cb's clients
 * use (http.c, rest.c): a numeric header such as Retry-After or
 * X-MBX-USED-WEIGHT-1M, and the Date header. Pure: text in, values out. */
#ifndef CB_HEADER_H
#define CB_HEADER_H

#include <stddef.h>
#include <stdint.h>

/* Numeric headers are read up to this value, so that no arithmetic on them
 * can overflow (http.h's HTTP_HEADER_MAX is the same). */
#define HEADER_NUM_MAX 1000000000L

/* If line[0..n) ("Name: value\r\n") is the header name (any case), return
 * 1 and store its value in *value: a whole number of 0 or more, capped at
 * HEADER_NUM_MAX, or -1 if the value is not such a number. Else 0,
 * *value untouched. */
int header_num(const char *line, size_t n, const char *name, long *value);

/* As header_num, for a value in seconds with a fraction (Discord's
 * X-RateLimit-Reset-After: 1.5): *ms gets it in milliseconds, rounded and
 * capped at HEADER_NUM_MAX, or -1 if it is not a number of 0 or more. */
int header_ms(const char *line, size_t n, const char *name, long *ms);

/* "Date: Sat, 21 Nov 2026 05:23:39 GMT" (RFC 9110 IMF-fixdate) in epoch
 * ms, or 0 if line[0..n) is not such a header. */
int64_t header_date(const char *line, size_t n);

#endif
