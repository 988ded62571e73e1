#include "num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

#define TWO53 9007199254740992.0

/* Check the JSON grammar -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? and collect up to
 * 19 significant digits. Returns -1 on bad syntax; sets *fast when the value
 * is exactly mant * 10^exp10 with both factors exact doubles, so one
 * multiplication or division gives the correctly rounded result. */
static int scan(const char *s, size_t n, int *neg, uint64_t *mant,
		int *exp10, int *fast)
{
	const char *p = s, *end = s + n;
	uint64_t m = 0;
	int digits = 0, many = 0, e = 0, frac = 0;

	*neg = 0;
	if (p < end && *p == '-') {
		*neg = 1;
		p++;
	}
	if (p == end || *p < '0' || *p > '9')
		return -1;
	if (*p == '0') {
		p++;
	} else {
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			if (digits == 19) {
				many = 1;
				continue;
			}
			m = m * 10 + (uint64_t)(*p - '0');
			digits++;
		}
	}
	if (p < end && *p == '.') {
		p++;
		if (p == end || *p < '0' || *p > '9')
			return -1;
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			if (digits == 19) {
				many = 1;
				continue;
			}
			m = m * 10 + (uint64_t)(*p - '0');
			if (m)
				digits++;
			frac++;
		}
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0;

		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == end || *p < '0' || *p > '9')
			return -1;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
		if (eneg)
			e = -e;
	}
	if (p != end)
		return -1;
	*mant = m;
	*exp10 = e - frac;
	*fast = !many && m <= (uint64_t)TWO53 && *exp10 >= -22 && *exp10 <= 22;
	return 0;
}

int num_parse(const char *s, size_t n, double *out)
{
	int neg, e, fast;
	uint64_t m;
	double v;

	if (scan(s, n, &neg, &m, &e, &fast) < 0)
		return -1;
	if (fast) {
		v = (double)m;
		v = e < 0 ? v / pow10_exact[-e] : v * pow10_exact[e];
	} else {
		char small[64], *t = n < sizeof small ? small : xmalloc(n + 1);

		memcpy(t, s, n);
		t[n] = '\0';
		v = strtod(t, NULL);
		if (t != small)
			free(t);
		if (!isfinite(v))
			return -1;
		v = fabs(v);
	}
	*out = neg ? -v : v;
	return 0;
}

int num_parse_int(const char *s, size_t n, int64_t *out)
{
	double v;

	if (num_parse(s, n, &v) < 0 || v != floor(v) || fabs(v) > TWO53)
		return -1;
	*out = (int64_t)v;
	return 0;
}

size_t fmt_int(char *dst, int64_t v)
{
	char tmp[24];
	size_t n = 0, len = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		dst[len++] = '-';
	while (n)
		dst[len++] = tmp[--n];
	dst[len] = '\0';
	return len;
}

/* Fixed-point text of n / 10^k (n >= 0, k >= 1), with a sign. */
static size_t fmt_fixed(char *dst, int neg, uint64_t n, int k)
{
	char digits[24];
	size_t nd = (size_t)fmt_int(digits, (int64_t)n), len = 0;

	if (neg)
		dst[len++] = '-';
	if (nd <= (size_t)k) {
		dst[len++] = '0';
		dst[len++] = '.';
		for (size_t z = nd; z < (size_t)k; z++)
			dst[len++] = '0';
		memcpy(dst + len, digits, nd);
		len += nd;
	} else {
		memcpy(dst + len, digits, nd - (size_t)k);
		len += nd - (size_t)k;
		dst[len++] = '.';
		memcpy(dst + len, digits + nd - (size_t)k, (size_t)k);
		len += (size_t)k;
	}
	dst[len] = '\0';
	return len;
}

size_t fmt_double(char *dst, double v)
{
	double a = fabs(v);
	int neg = signbit(v) != 0;

	if (a == 0) {
		strcpy(dst, neg ? "-0" : "0");
		return strlen(dst);
	}
	if (a <= TWO53 && a == floor(a))
		return fmt_int(dst, (int64_t)v);
	/* Fewest decimal places k such that round(a * 10^k) / 10^k is a;
	 * the division is exact-rounded, as strtod of the text would be. */
	for (int k = 1; k <= 17 && a * pow10_exact[k] < 1125899906842624.0; k++) {
		double n = nearbyint(a * pow10_exact[k]);

		if (n / pow10_exact[k] == a)
			return fmt_fixed(dst, neg, (uint64_t)n, k);
	}
	for (int prec = 15; prec <= 17; prec++) {
		int len = snprintf(dst, NUM_FMT_MAX, "%.*g", prec, v);

		if (prec == 17 || strtod(dst, NULL) == v)
			return (size_t)len;
	}
	return 0;
}
