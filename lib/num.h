/* num: exact conversion between doubles and their decimal text.
 *
 * Parsing follows JSON's number grammar and is correctly rounded (as strtod
 * in the C locale, which no cb tool changes). Formatting gives the shortest
 * text that reads back to the same double, so 0.1 is "0.1", never
 * "0.10000000000000001", and the same double always gives the same text. */
#ifndef CB_NUM_H
#define CB_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Room fmt_double needs, with the terminating NUL. */
#define NUM_FMT_MAX 32

/* Scan the longest JSON number starting at p (before end). Returns the byte
 * after it and stores the value, or NULL if p does not start a JSON number
 * or the value overflows a double. */
const char *num_scan(const char *p, const char *end, double *out);

/* Parse the JSON number in s[0..n) (the whole span, no surrounding space).
 * Returns 0 and stores the value, or -1 if the text is not a JSON number or
 * its value overflows a double. */
int num_parse(const char *s, size_t n, double *out);

/* Parse s[0..n) as a JSON number whose value is an integer with magnitude at
 * most 2^53 ("1746057600000", also "1.7460576e12"), judged from the exact
 * decimal value (so "9007199254740993" and "0.99999999999999999999" are not).
 * Returns 0 or -1. */
int num_parse_int(const char *s, size_t n, int64_t *out);

/* Write the shortest decimal text for v that reads back to v, NUL-terminated,
 * into dst (NUM_FMT_MAX bytes): the fewest significant digits, subnormals
 * included. Integers in [-2^53, 2^53] are written exactly, and larger ones
 * below 10^17 also without fraction or exponent. v must be finite. Returns
 * the length written. */
size_t fmt_double(char *dst, double v);

/* Write the text of the decimal m * 10^-d (m / 10^d for d > 0) as fmt_double
 * writes the double nearest it, (double)m / 10^d or (double)m * 10^-d for
 * -22 <= d <= 22, into dst (NUM_FMT_MAX bytes), NUL-terminated; the number
 * a value rounded to at most 15 significant digits is made from, without
 * finding its digits again. When |m| < 10^15 and 1 <= d <= 16 the text is
 * m's digits with the decimal point d places from the right and trailing
 * zeros dropped ("0.00125" for (1250, 6)), and when -15 <= d <= 0 and
 * |m| * 10^-d <= 2^53 the integer m * 10^-d; both are what fmt_double gives,
 * since no two decimals of at most 15 significant digits round to the same
 * double. Any other m and d in -22 .. 22 go through fmt_double. Returns the
 * length written. */
size_t fmt_decimal(char *dst, int64_t m, int d);

/* The change from `from` to `to` in percent of from: (to - from) * 100 /
 * from, multiplied before dividing, so that 100 to 107 is exactly 7. The one
 * percent formula of every tool and rule; from must not be 0. */
static inline double pct_change(double from, double to)
{
	return (to - from) * 100 / from;
}

/* Write the decimal text of v, NUL-terminated, into dst (at least 21 bytes).
 * Returns the length written. */
size_t fmt_int(char *dst, int64_t v);

#endif
