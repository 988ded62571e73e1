#include "num.h"

#include <float.h>
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

#if LDBL_MANT_DIG == 64 && (defined(__x86_64__) || defined(__i386__))
static const long double pow10_wide[] = {
	1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L,
	1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
	1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L
};

/* 1 if long double arithmetic really keeps 64 bits: not so under valgrind,
 * which emulates the x87 with doubles, nor with the precision control set
 * to 53 bits. Then strtod does all the work. */
static int wide_works(void)
{
	static int works = -1;

	if (works < 0) {
		volatile long double one = 1, tiny = 0x1p-63L;

		works = one + tiny != one;
	}
	return works;
}

/* m * 10^e10 for m < 2^64 and |e10| <= 27 through x87 extended precision:
 * m and 10^|e10| are exact there, so the quotient or product has one
 * rounding (error <= 1/2 unit in the 64th bit). Rounding that to a double is
 * then the correct rounding unless the 11 bits below the double's 53 lie
 * within one unit of a halfway point; return 0 in that rare case for strtod
 * to decide. */
static int wide_value(uint64_t m, int e10, double *out)
{
	long double x;
	uint64_t bits;
	unsigned low;

	if (!wide_works())
		return 0;
	x = e10 < 0 ? (long double)m / pow10_wide[-e10] : (long double)m * pow10_wide[e10];
	memcpy(&bits, &x, sizeof bits);  /* the explicit 64-bit significand */
	low = (unsigned)(bits & 0x7ff);
	if ((low >= 0x3ff && low <= 0x401) || fabsl(x) < 0x1p-1000L)
		return 0;
	*out = (double)x;
	return 1;
}
#else
static int wide_value(uint64_t m, int e10, double *out)
{
	(void)m;
	(void)e10;
	(void)out;
	return 0;
}
#endif

/* Scan the JSON number grammar -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? at p,
 * collecting up to 19 significant digits in one pass. When the value is
 * exactly mant * 10^exp10 with both factors exact doubles, one
 * multiplication or division gives the correctly rounded result (Clinger's
 * fast path); otherwise strtod does the work. */
const char *num_scan(const char *p, const char *end, double *out)
{
	const char *s = p;
	uint64_t m = 0;
	int digits = 0, many = 0, e = 0, frac = 0, neg = 0, exp10;
	double v;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p == end || (unsigned)(*p - '0') > 9)
		return NULL;
	if (*p == '0') {
		p++;
	} else {
		for (; p < end && (unsigned)(*p - '0') <= 9; p++) {
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
		if (p == end || (unsigned)(*p - '0') > 9)
			return NULL;
		for (; p < end && (unsigned)(*p - '0') <= 9; p++) {
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
		if (p == end || (unsigned)(*p - '0') > 9)
			return NULL;
		for (; p < end && (unsigned)(*p - '0') <= 9; p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
		if (eneg)
			e = -e;
	}
	exp10 = e - frac;
	if (!many && m <= (uint64_t)TWO53 && exp10 >= -22 && exp10 <= 22) {
		v = (double)m;
		v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
	} else if (!many && m && exp10 >= -27 && exp10 <= 27 && wide_value(m, exp10, &v)) {
		/* done: 16 to 19 digits, as float-sum artefacts in volumes have */
	} else {
		size_t n = (size_t)(p - s);
		char small[64], *t = n < sizeof small ? small : xmalloc(n + 1);

		memcpy(t, s, n);
		t[n] = '\0';
		v = fabs(strtod(t, NULL));
		if (t != small)
			free(t);
		if (!isfinite(v))
			return NULL;
	}
	*out = neg ? -v : v;
	return p;
}

int num_parse(const char *s, size_t n, double *out)
{
	double v;

	if (num_scan(s, s + n, &v) != s + n)
		return -1;
	*out = v;
	return 0;
}

int num_parse_int(const char *s, size_t n, int64_t *out)
{
	const char *p, *dig, *last, *dot = NULL;
	int neg = n && *s == '-';
	uint64_t u = 0;
	long e = 0, pw;
	double v;

	if (num_parse(s, n, &v) < 0)
		return -1;
	/* Exactly, from the text: rounding to a double first would take
	 * 9007199254740993 or 0.99999999999999999999 for an integer. */
	dig = p = s + neg;
	for (; p < s + n && *p != 'e' && *p != 'E'; p++)
		if (*p == '.')
			dot = p;
	last = p;
	if (p < s + n) {
		int eneg = *++p == '-';

		for (p += *p == '-' || *p == '+'; p < s + n; p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
		if (eneg)
			e = -e;
	}
	pw = e + (long)((dot ? dot : last) - dig) - 1;  /* power of ten of the first digit */
	for (p = dig; p < last; p++) {
		if (*p == '.')
			continue;
		if (pw < 0 && *p != '0')
			return -1;  /* a fraction */
		if (pw >= 0 && (u = u * 10 + (uint64_t)(*p - '0')) > (uint64_t)TWO53)
			return -1;
		pw--;
	}
	for (; pw >= 0 && u; pw--)
		if ((u *= 10) > (uint64_t)TWO53)
			return -1;
	*out = neg ? -(int64_t)u : (int64_t)u;
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

/* Write the p significant digits d of a number whose first digit has
 * weight 10^e, as plain decimal or as d.ddde+XX, whichever is shorter
 * (plain when they tie); trailing zeros of d are dropped. */
static size_t put_digits(char *dst, int neg, const char *d, int p, int e)
{
	char sci[NUM_FMT_MAX];
	size_t len = 0, slen = 0;

	while (p > 1 && d[p - 1] == '0')
		p--;
	if (neg)
		sci[slen++] = '-';
	sci[slen++] = d[0];
	if (p > 1) {
		sci[slen++] = '.';
		memcpy(sci + slen, d + 1, (size_t)p - 1);
		slen += (size_t)p - 1;
	}
	slen += (size_t)snprintf(sci + slen, 8, "e%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
	/* A plain form is longer than the exponent form past these bounds. */
	if (e > p + 4 || e < -6) {
		memcpy(dst, sci, slen + 1);
		return slen;
	}
	if (neg)
		dst[len++] = '-';
	if (e < 0) {
		dst[len++] = '0';
		dst[len++] = '.';
		for (int i = -1; i > e; i--)
			dst[len++] = '0';
		memcpy(dst + len, d, (size_t)p);
		len += (size_t)p;
	} else {
		for (int i = 0; i <= e; i++)
			dst[len++] = i < p ? d[i] : '0';
		if (p > e + 1) {
			dst[len++] = '.';
			memcpy(dst + len, d + e + 1, (size_t)(p - e - 1));
			len += (size_t)(p - e - 1);
		}
	}
	dst[len] = '\0';
	if (len > slen) {
		memcpy(dst, sci, slen + 1);
		return slen;
	}
	return len;
}

/* d17 (17 digits, first at 10^e) cut to p digits into d, rounded up when
 * up is set (a carry out of the first digit adds one to *pe). */
static void cut_digits(const char *d17, int e, int p, int up, char *d, int *pe)
{
	int i = p - 1;

	memcpy(d, d17, (size_t)p);
	*pe = e;
	if (!up)
		return;
	while (i >= 0 && d[i] == '9')
		d[i--] = '0';
	if (i >= 0) {
		d[i]++;
	} else {
		d[0] = '1';
		*pe = e + 1;
	}
}

/* 1 if the text reads back to v exactly. */
static int reads_back(const char *s, size_t n, double v)
{
	double r;

	return num_parse(s, n, &r) == 0 && r == v;
}

/* Text of p significant digits of v that reads back to v, into dst: the
 * p-digit cut of d17 rounded as d17 says, else the one on the other side
 * (rounding the 17 digits again can land on the wrong side of a tie, so
 * both neighbours are tried). Returns the length, or 0 if neither reads back. */
static size_t try_digits(char *dst, const char *d17, int e, int p, int neg, double v)
{
	char d[18];
	int pe, up = p < 17 && d17[p] >= '5';
	size_t n;

	cut_digits(d17, e, p, up, d, &pe);
	n = put_digits(dst, neg, d, p, pe);
	if (p == 17 || reads_back(dst, n, v))
		return n;
	cut_digits(d17, e, p, !up, d, &pe);
	n = put_digits(dst, neg, d, p, pe);
	return reads_back(dst, n, v) ? n : 0;
}

/* The shortest text for any finite v, from its 17 correctly rounded
 * significant digits (one snprintf): 15 digits, then 16, then 17 are tried;
 * when 15 read back, fewer are tried until they do not. */
static size_t fmt_general(char *dst, double v)
{
	char e17[40], d17[18], tmp[NUM_FMT_MAX];
	int neg = signbit(v) != 0, e, p;
	size_t len = 0, n;

	snprintf(e17, sizeof e17, "%.16e", fabs(v));
	d17[0] = e17[0];
	memcpy(d17 + 1, e17 + 2, 16);
	d17[17] = '\0';
	e = atoi(e17 + 19);
	for (p = 15; p <= 17; p++)
		if ((len = try_digits(dst, d17, e, p, neg, v)) != 0)
			break;
	if (p != 15)
		return len;
	for (p = 14; p >= 1 && (n = try_digits(tmp, d17, e, p, neg, v)) != 0; p--) {
		memcpy(dst, tmp, n + 1);
		len = n;
	}
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
	if (a > TWO53 && a < 1e17) {
		/* An integer above 2^53, written without exponent as %.17g would:
		 * the nearest multiple of 100, else of 10, that reads back, else
		 * the exact value. */
		uint64_t u = (uint64_t)a;

		for (uint64_t q = 100; q > 1; q /= 10) {
			uint64_t lo = u - u % q, hi = lo + q;

			if ((double)lo == a || (double)hi == a) {
				u = (double)lo == a && (u - lo <= hi - u || (double)hi != a) ? lo : hi;
				break;
			}
		}
		return fmt_int(dst, neg ? -(int64_t)u : (int64_t)u);
	}
	/* Fewest decimal places k such that round(a * 10^k) / 10^k is a;
	 * the division is exact-rounded, as strtod of the text would be. */
	for (int k = 1; k <= 17 && a * pow10_exact[k] < 1125899906842624.0; k++) {
		double n = nearbyint(a * pow10_exact[k]);

		if (n / pow10_exact[k] == a)
			return fmt_fixed(dst, neg, (uint64_t)n, k);
	}
	return fmt_general(dst, v);
}
