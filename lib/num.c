#include "num.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digits.h"
#include "xalloc.h"

static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static const uint64_t pow10_u64[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL,
	1000000000000ULL, 10000000000000ULL, 100000000000000ULL,
	1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL, 10000000000000000000ULL
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

/* Read the digits at p into *m, up to eight at a time without a branch
 * per digit, while the significant digits (*digits) stay within 19; the
 * caller's byte loop reads any rest. Returns how many were read. */
static inline size_t digit_runs(const char *p, const char *end, uint64_t *m, int *digits)
{
	const char *s = p;

	while (end - p >= 8) {
		uint64_t w = digits_load8(p);
		unsigned n = digits_run8(w);

		if (!n || *digits + (int)n > 19)
			break;
		*m = *m * pow10_u64[n] + digits_value_n(w, n);
		*digits += (int)n;
		p += n;
		if (n < 8)
			break;
	}
	return (size_t)(p - s);
}

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
		p += digit_runs(p, end, &m, &digits);
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
		/* After a significant digit: leading zeros must count. */
		if (m) {
			size_t n = digit_runs(p, end, &m, &digits);

			frac += (int)n;
			p += n;
		}
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

/* "00" to "99": the decimal digits of 0..99, two at a time. */
static const char digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";


/* The number of decimal digits of u: from its bit length where the
 * compiler counts leading zeros, else by comparisons. */
static size_t count_digits(uint64_t u)
{
#if defined(__GNUC__)
	/* 1233 / 4096 is just above log10(2): t is the digit count or one more. */
	unsigned t = ((unsigned)(64 - __builtin_clzll(u | 1)) * 1233) >> 12;

	return t + ((u | 1) >= pow10_u64[t]);  /* 0 has one digit too */
#else
	size_t n = 1;

	while (n < 20 && u >= pow10_u64[n])
		n++;
	return n;
#endif
}

/* The decimal digits of u, exactly n of them (n = count_digits(u)), into
 * dst[0..n), two at a time from the end. */
static void put_uint(char *dst, uint64_t u, size_t n)
{
	char *p = dst + n;

	while (u >= 100) {
		unsigned r = (unsigned)(u % 100);

		u /= 100;
		p -= 2;
		memcpy(p, digits2 + 2 * r, 2);
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, digits2 + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Digits made in registers and stored 8 at a time: a store never has to
 * be read back, which would stall (a load spanning several smaller
 * stores cannot take its bytes from them). Little-endian: a word's first
 * character is its lowest byte. */
#define FAST_DIGITS 1

/* The 8 decimal digits of u < 10^8, leading zeros included, as the bytes of
 * a word in text order. */
static inline __attribute__((always_inline)) uint64_t word8(uint32_t u)
{
	uint32_t hi = u / 10000, lo = u % 10000;
	uint16_t p0, p1, p2, p3;

	memcpy(&p0, digits2 + 2 * (hi / 100), 2);
	memcpy(&p1, digits2 + 2 * (hi % 100), 2);
	memcpy(&p2, digits2 + 2 * (lo / 100), 2);
	memcpy(&p3, digits2 + 2 * (lo % 100), 2);
	return (uint64_t)p0 | (uint64_t)p1 << 16 | (uint64_t)p2 << 32 | (uint64_t)p3 << 48;
}

/* The number of '0' characters that end word8's text w (not all zeros). */
static unsigned zeros_at_end(uint64_t w)
{
	return (unsigned)__builtin_clzll(w ^ 0x3030303030303030ULL) / 8;
}

/* Store the first n (1 to 8) characters of word8's text w at dst, and
 * garbage up to dst + 8. */
static void store8(char *dst, uint64_t w, size_t n)
{
	w >>= 8 * (8 - n);
	memcpy(dst, &w, 8);
}

/* The n = count_digits(u) digits of u < 10^16 at dst, and garbage up to
 * dst + max(8, n). */
static void store_uint16(char *dst, uint64_t u, size_t n)
{
	if (n <= 8) {
		store8(dst, word8((uint32_t)u), n);
	} else {
		uint64_t lo = word8((uint32_t)(u % 100000000));

		store8(dst, word8((uint32_t)(u / 100000000)), n - 8);
		memcpy(dst + n - 8, &lo, 8);
	}
}
#endif

size_t fmt_int(char *dst, int64_t v)
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t len = v < 0, n = count_digits(u);

	dst[0] = '-';
#ifdef FAST_DIGITS
	if (n <= 16)
		store_uint16(dst + len, u, n);  /* to dst + 17 at most, of 21 */
	else
		put_uint(dst + len, u, n);
#else
	put_uint(dst + len, u, n);
#endif
	len += n;
	dst[len] = '\0';
	return len;
}

#ifdef FAST_DIGITS
/* Fixed-point text of a = n / 10^k (0 < n < 2^50, 1 <= k <= 17, a not an
 * integer), with a sign and without trailing zeros: the integer part q is
 * a's (n / 10^k rounds to a, so no integer lies between them) and the
 * fraction the rest of n, each stored a word at a time. The text has at
 * most 20 characters; the stores reach dst + 27 (of NUM_FMT_MAX). */
static size_t fmt_fixed(char *dst, int neg, double a, uint64_t n, int k)
{
	uint64_t q = (uint64_t)a, r = n - q * pow10_u64[k];
	size_t nq = count_digits(q), f;
	char *p = dst + neg;

	dst[0] = '-';
	store_uint16(p, q, nq);
	p += nq;
	*p++ = '.';
	if (k == 17) {  /* then q is 0 and r = n < 10^16 */
		*p++ = '0';
		k = 16;
	}
	if (k <= 8) {
		uint64_t w = word8((uint32_t)r);

		store8(p, w, (size_t)k);
		f = (size_t)k - zeros_at_end(w);
	} else {
		uint64_t wh = word8((uint32_t)(r / 100000000)), wl = word8((uint32_t)(r % 100000000));

		store8(p, wh, (size_t)k - 8);
		memcpy(p + k - 8, &wl, 8);
		f = (size_t)k - (r % 100000000 ? zeros_at_end(wl) : 8 + zeros_at_end(wh));
	}
	p[f] = '\0';
	return (size_t)(p + f - dst);
}
#else
/* Fixed-point text of a = n / 10^k (0 < n < 2^50, 1 <= k <= 17, a not an
 * integer), with a sign and without trailing zeros. */
static size_t fmt_fixed(char *dst, int neg, double a, uint64_t n, int k)
{
	size_t nd = count_digits(n), uk = (size_t)k;
	size_t len = (size_t)neg + (nd > uk ? nd - uk : 1) + 1 + uk;
	char *p = dst + len;

	(void)a;
	dst[0] = '-';
	*p = '\0';
	for (size_t i = 0; i < uk; i++) {
		*--p = (char)('0' + n % 10);
		n /= 10;
	}
	*--p = '.';
	nd = count_digits(n);
	put_uint(p - nd, n, nd);
	while (dst[len - 1] == '0')
		dst[--len] = '\0';
	return len;
}
#endif

/* fmt_decimal's text when fmt_double must make it: of m * 10^-d as the
 * double nearest it (m and the power of ten are exact, so one operation
 * rounds correctly). */
static size_t fmt_decimal_slow(char *dst, int64_t m, int d)
{
	return fmt_double(dst, d < 0 ? (double)m * pow10_exact[-d] : (double)m / pow10_exact[d]);
}

size_t fmt_decimal(char *dst, int64_t m, int d)
{
	uint64_t u = m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
	size_t nd, tz, len = m < 0, ni;
	char *p = dst + len;

	if (u == 0)
		return fmt_int(dst, 0);
	if (u >= 1000000000000000ULL || d < -22 || d > 16)
		return fmt_decimal_slow(dst, m, d);
	if (d <= 0) {
		/* An integer: below 2^53 fmt_double writes it exactly. */
		if (d < -15 || u > (uint64_t)TWO53 / pow10_u64[-d])
			return fmt_decimal_slow(dst, m, d);
		return fmt_int(dst, m * (int64_t)pow10_u64[-d]);
	}
	nd = count_digits(u);
	ni = nd > (size_t)d ? nd - (size_t)d : 1;  /* digits before the point */
	dst[0] = '-';
#ifdef FAST_DIGITS
	{
		/* u's 16 digits, leading zeros included, in two words: u's
		 * digits are stored, then (unless the number is an integer)
		 * the point and u's last d digits over them, all from the
		 * words (nothing stored is read back). */
		uint64_t wh = 0x3030303030303030ULL, wl;
		char *f = p + ni + 1;

		if (nd <= 8) {
			wl = word8((uint32_t)u);
			tz = zeros_at_end(wl);
			store8(p, wl, nd);
		} else {
			wh = word8((uint32_t)(u / 100000000));
			wl = word8((uint32_t)(u % 100000000));
			tz = u % 100000000 ? zeros_at_end(wl) : 8 + zeros_at_end(wh);
			store8(p, wh, nd - 8);
			memcpy(p + nd - 8, &wl, 8);
		}
		if (tz < (size_t)d) {
			if (nd <= (size_t)d)
				p[0] = '0';
			p[ni] = '.';
			if (d <= 8) {
				store8(f, wl, (size_t)d);
			} else {
				store8(f, wh, (size_t)d - 8);
				memcpy(f + d - 8, &wl, 8);
			}
		}
	}
#else
	{
		/* u's digits end at t + 16, after '0's. */
		char t[16];

		memset(t, '0', sizeof t);
		put_uint(t + 16 - nd, u, nd);
		for (tz = 0; t[15 - tz] == '0'; tz++)
			;
		memcpy(p, t + 16 - nd, nd);
		if (tz < (size_t)d) {
			if (nd <= (size_t)d)
				p[0] = '0';
			p[ni] = '.';
			memcpy(p + ni + 1, t + 16 - d, (size_t)d);
		}
	}
#endif
	len += tz >= (size_t)d ? ni : ni + 1 + (size_t)d - tz;
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

/* nearbyint(x) for 0 <= x < 2^52: adding 2^52 leaves no fraction bits, so
 * the sum is rounded to an integer in the current rounding mode, as
 * nearbyint rounds, and subtracting 2^52 again is exact. Without excess
 * precision only. */
static double round_int(double x)
{
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
	return (x + 0x1p52) - 0x1p52;
#else
	return nearbyint(x);
#endif
}

/* The largest k from 1 to 17 with a * 10^k < 2^50 (the product rounded),
 * or 0 if there is none; with x = a * 10^k. */
static int fixed_places(double a, double *x)
{
	uint64_t bits;
	int e2, k;
	double x0, x1;

	if (!(a * 10 < 1125899906842624.0))
		return 0;
	memcpy(&bits, &a, sizeof bits);
	e2 = (int)(bits >> 52) - 1023;  /* 2^e2 <= a < 2^(e2 + 1), a normal */
	if (e2 <= -9) {
		*x = a * 1e17;  /* < 2^-8 * 10^17 < 2^50 */
		return 17;
	}
	/* a * 10^k < 2^50 for k = floor((49 - e2) * log10(2)) (78913 / 2^18
	 * is close enough below 80), and not for k + 2; k is at most 17. */
	k = (49 - e2) * 78913 >> 18;
	x0 = a * pow10_exact[k];
	x1 = a * pow10_exact[k + 1];
	if (k < 17 && x1 < 1125899906842624.0) {
		*x = x1;
		return k + 1;
	}
	*x = x0;
	return k < 1 ? 1 : k;
}

size_t fmt_double(char *dst, double v)
{
	double a = fabs(v);
	int neg = signbit(v) != 0, k;
	double x;

	if (a == 0) {
		memcpy(dst, "-0", 3);
		if (neg)
			return 2;
		memcpy(dst, "0", 2);
		return 1;
	}
	if (a <= TWO53 && (double)(int64_t)a == a)
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
	/* Fewest decimal places k such that round(a * 10^k) / 10^k is a
	 * (the division is exact-rounded, as strtod of the text would be),
	 * for k from 1 while a * 10^k < 2^50. Below that bound the n that can
	 * work is round(a * 10^k) and no other, and when some k works every
	 * larger one does too (with n times a power of ten): so the largest k,
	 * K, is tried, and the fewest places are K less the trailing zeros of
	 * its n. */
	k = fixed_places(a, &x);
	if (k > 8) {
		/* Most numbers have at most 8 decimals: try 8 first, whose
		 * fraction is one word of digits (any k that works will do:
		 * fmt_fixed drops the trailing zeros). */
		double n = round_int(a * 1e8);

		if (n / 1e8 == a)
			return fmt_fixed(dst, neg, a, (uint64_t)n, 8);
	}
	if (k > 0) {
		double n = round_int(x);

		if (n / pow10_exact[k] == a)
			return fmt_fixed(dst, neg, a, (uint64_t)n, k);
	}
	return fmt_general(dst, v);
}
