/* Unit tests for lib/num.h: num_parse, num_parse_int, fmt_double, fmt_int,
 * fmt_decimal.
 * Expected values come from the C compiler's own (correctly rounded) reading
 * of literals, from hand computation, or from glibc's strtod/printf. */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "unit.h"

/* 2^-1075, the exact midpoint between 0 and the smallest subnormal, in full. */
static const char half_min_subnormal[] =
"2.47032822920623272088284396434110686182529901307162382212792841250337"
	"7536351043759326499181808179961898982823477228588654633283551779698981"
	"9938739800539093906315035659515570226392290858392449105184435931802849"
	"9365361525003193704576782492193656236698636584807570015857692699037063"
	"1192827955855133292783433840935197801553124659726357957462276646527282"
	"7220056374006485499977096599470454020828166226237857393450736339007967"
	"7619305775067401763246736009689513405355374585166611342237666786041621"
	"5968046191446729184030053005753084904876539171138659164623952491262365"
	"3881879636239373280423891018672348497668235089863388587925628302755995"
	"6575244555072551893136908362547791869486679949683240497058210285131854"
	"51396213837722826145437693412532098591327667236328125"
	"e-324";

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static double from_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof d);
	return d;
}

static uint64_t to_bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof u);
	return u;
}

static int parse(const char *s, double *v)
{
	return num_parse(s, strlen(s), v);
}

static int parse_int(const char *s, int64_t *v)
{
	return num_parse_int(s, strlen(s), v);
}

/* Accepted, with exactly this double (sign of zero included). */
#define ACCEPT(text, expect)                                                          \
	do {                                                                          \
		double v_ = -12345.0, e_ = (expect);                                  \
		int r_ = parse(text, &v_);                                            \
		CHECKF(r_ == 0 && to_bits(v_) == to_bits(e_),                         \
		       "num_parse(\"%s\") = %d, %.17g; expected 0, %.17g", text, r_,   \
		       v_, e_);                                                       \
	} while (0)

#define REJECT(text)                                                                  \
	do {                                                                          \
		double v_ = 0;                                                        \
		int r_ = parse(text, &v_);                                            \
		CHECKF(r_ == -1, "num_parse(\"%s\") = %d, %.17g; expected -1", text, r_, \
		       v_);                                                           \
	} while (0)

#define ACCEPT_INT(text, expect)                                                      \
	do {                                                                          \
		int64_t v_ = -12345;                                                  \
		int r_ = parse_int(text, &v_);                                        \
		CHECKF(r_ == 0 && v_ == (int64_t)(expect),                            \
		       "num_parse_int(\"%s\") = %d, %" PRId64 "; expected 0, %" PRId64, \
		       text, r_, v_, (int64_t)(expect));                              \
	} while (0)

#define REJECT_INT(text)                                                              \
	do {                                                                          \
		int64_t v_ = 0;                                                       \
		int r_ = parse_int(text, &v_);                                        \
		CHECKF(r_ == -1, "num_parse_int(\"%s\") = %d, %" PRId64 "; expected -1", \
		       text, r_, v_);                                                 \
	} while (0)

static void test_grammar(void)
{
	ACCEPT("0", 0.0);
	ACCEPT("-0", -0.0);
	ACCEPT("1", 1.0);
	ACCEPT("-1", -1.0);
	ACCEPT("10", 10.0);
	ACCEPT("1234567890", 1234567890.0);
	ACCEPT("0.5", 0.5);
	ACCEPT("-0.5", -0.5);
	ACCEPT("0.0", 0.0);
	ACCEPT("-0.0", -0.0);
	ACCEPT("1e2", 100.0);
	ACCEPT("1E2", 100.0);
	ACCEPT("1e+2", 100.0);
	ACCEPT("1E-2", 0.01);
	ACCEPT("1.5e3", 1500.0);
	ACCEPT("-1.25E-3", -0.00125);
	ACCEPT("0e0", 0.0);
	ACCEPT("0e-5", 0.0);
	ACCEPT("0.000001", 1e-6);
	ACCEPT("100e-2", 1.0);
	ACCEPT("1e0000000000000000000000002", 100.0);
	ACCEPT("0.0000000001e10", 1.0);
	ACCEPT("94172.5", 94172.5);

	REJECT("");
	REJECT("-");
	REJECT("+");
	REJECT("+1");
	REJECT("01");
	REJECT("-01");
	REJECT("00");
	REJECT("00.5");
	REJECT("1.");
	REJECT("-1.");
	REJECT("1.e5");
	REJECT(".5");
	REJECT("-.5");
	REJECT("1e");
	REJECT("1e+");
	REJECT("1e-");
	REJECT("1E");
	REJECT("e1");
	REJECT("NaN");
	REJECT("nan");
	REJECT("Infinity");
	REJECT("-Infinity");
	REJECT("inf");
	REJECT("0x10");
	REJECT("0X1F");
	REJECT("0x1p3");
	REJECT(" 1");
	REJECT("1 ");
	REJECT("\t1");
	REJECT("1\n");
	REJECT("1.5.2");
	REJECT("1e5.5");
	REJECT("1e5e5");
	REJECT("--1");
	REJECT("-+1");
	REJECT("1-");
	REJECT("1+1");
	REJECT("1,5");
	REJECT("1_000");
	REJECT("1e2x");
	REJECT("true");
	REJECT("null");
	REJECT("\"1\"");

	/* Only the span s[0..n) is read. */
	{
		double v = 0;

		CHECK_INT(num_parse("12abc", 2, &v), 0);
		CHECK_NUM(v, 12);
		CHECK_INT(num_parse("1.5", 1, &v), 0);
		CHECK_NUM(v, 1);
		CHECK_INT(num_parse("1.5", 2, &v), -1);   /* "1." */
		CHECK_INT(num_parse("1e5", 2, &v), -1);   /* "1e" */
		CHECK_INT(num_parse("7", 0, &v), -1);
		CHECK_INT(num_parse("1\0" "2", 3, &v), -1);
		CHECK_INT(num_parse("-5-", 2, &v), 0);
		CHECK_NUM(v, -5);
	}
}

static void test_rounding(void)
{
	char big[512];

	ACCEPT("0.1", 0.1);
	ACCEPT("0.2", 0.2);
	ACCEPT("0.3", 0.3);
	ACCEPT("2.2250738585072014e-308", DBL_MIN);
	ACCEPT("2.2250738585072014e-308", 0x1p-1022);
	ACCEPT("2.2250738585072011e-308", 2.2250738585072011e-308);
	ACCEPT("2.2250738585072009e-308", 0x0.fffffffffffffp-1022);
	/* 2^53 + 1 is a tie: to even, 2^53; 2^53 + 3 ties up to 2^53 + 4. */
	ACCEPT("9007199254740993", 0x1p53);
	ACCEPT("9007199254740995", 0x1p53 + 4);
	ACCEPT("-9007199254740993", -0x1p53);
	/* Just above and below the tie, told apart only by the 23rd+ digit. */
	ACCEPT("9007199254740993.0000000000000000000001", 0x1p53 + 2);
	ACCEPT("9007199254740992.9999999999999999999999", 0x1p53);
	ACCEPT("1e23", 1e23);
	ACCEPT("1e23", 99999999999999991611392.0);
	ACCEPT("1e22", 10000000000000000000000.0);
	ACCEPT("8.589973e9", 8589973000.0);
	ACCEPT("39241.066999999995", 39241.066999999995);
	ACCEPT("39241.066999999995", 39241.066999999995459802448749542236328125);
	/* More than 19 significant digits. */
	ACCEPT("12345678901234567890123", 12345678901234567890123.0);
	ACCEPT("12345678901234567890123", 1.2345678901234568e22);
	ACCEPT("0.1000000000000000055511151231257827021181583404541015625", 0.1);
	ACCEPT("1.00000000000000011102230246251565404236316680908203125", 1.0);
	ACCEPT("1.00000000000000011102230246251565404236316680908203126", 1 + 0x1p-52);
	ACCEPT("1.00000000000000011102230246251565404236316680908203124", 1.0);
	/* 1 + 3 * 2^-53 lies halfway between 1 + 2^-52 (odd) and 1 + 2^-51 (even). */
	ACCEPT("1.00000000000000033306690738754696212708950042724609375", 1 + 0x1p-51);
	ACCEPT("-12345678901234567890.12345678901234567890", -12345678901234567890.0);
	/* Around the fast path's limits: mantissa 2^53, exponents +-22. */
	ACCEPT("9007199254740992e22", 9007199254740992e22);
	ACCEPT("9007199254740992e-22", 9007199254740992e-22);
	ACCEPT("9007199254740993e-22", 9007199254740993e-22);
	ACCEPT("9007199254740991e23", 9007199254740991e23);
	ACCEPT("123456789e-22", 123456789e-22);
	ACCEPT("123456789e-23", 123456789e-23);
	ACCEPT("3.0e-22", 3.0e-22);
	ACCEPT("1.7976931348623157e308", DBL_MAX);
	ACCEPT("1.7976931348623158e308", DBL_MAX);
	ACCEPT("4.9e-324", 0x1p-1074);
	ACCEPT("5e-324", 0x1p-1074);
	ACCEPT("2.4703282292062328e-324", 0x1p-1074);
	ACCEPT(half_min_subnormal, 0.0);
	ACCEPT("1e-400", 0.0);
	ACCEPT("-1e-400", -0.0);
	ACCEPT("1e-99999999999999999999", 0.0);
	ACCEPT("0e99999999999999999999", 0.0);
	ACCEPT("0.000e400", 0.0);

	/* Overflow. */
	REJECT("1e400");
	REJECT("-1e400");
	REJECT("1e309");
	REJECT("1.7976931348623159e308");
	REJECT("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792");
	REJECT("1e99999999999999999999");

	/* A long number goes past any small buffer: 1 and 299 zeros. */
	big[0] = '1';
	memset(big + 1, '0', 299);
	big[300] = '\0';
	ACCEPT(big, 1e299);
	/* 0.(300 zeros)25 */
	memcpy(big, "0.", 2);
	memset(big + 2, '0', 300);
	memcpy(big + 302, "25", 3);
	ACCEPT(big, 2.5e-301);
}

/* Random JSON numbers of every shape, compared with glibc's strtod, which is
 * correctly rounded. */
static void test_parse_random(void)
{
	long bad = 0, n = 0;

	for (int it = 0; it < 100000; it++) {
		char t[128];
		size_t k = 0;
		double v = 0, want;
		uint64_t r = rnd();
		int nint = 1 + (int)(rnd() % 25), nfrac = (int)(rnd() % 26);

		if (r & 1)
			t[k++] = '-';
		if (r & 2) {
			t[k++] = '0';
		} else {
			t[k++] = (char)('1' + rnd() % 9);
			for (int i = 1; i < nint; i++)
				t[k++] = (char)('0' + rnd() % 10);
		}
		if (nfrac) {
			t[k++] = '.';
			for (int i = 0; i < nfrac; i++)
				t[k++] = (char)('0' + ((r & 4) && i < 10 ? 0 : rnd() % 10));
		}
		if (r & 8) {
			int e = (int)(rnd() % 700) - 350;

			if (r & 16)
				e = (int)(rnd() % 50) - 25;
			k += (size_t)snprintf(t + k, sizeof t - k, "%s%d", (r & 32) ? "E" : "e", e);
		}
		t[k] = '\0';
		want = strtod(t, NULL);
		n++;
		if (isinf(want)) {
			if (parse(t, &v) != -1 && bad++ < 5)
				printf("  num_parse(\"%s\") accepted an overflow\n", t);
			continue;
		}
		if ((parse(t, &v) != 0 || to_bits(v) != to_bits(want)) && bad++ < 5)
			printf("  num_parse(\"%s\") = %.17g, strtod: %.17g\n", t, v, want);
	}
	CHECKF(bad == 0, "%ld of %ld random numbers read wrongly", bad, n);
}

/* Numbers as they stand inside a record: followed by other bytes in the
 * same eight-byte word (",", "}", a space, a letter, a byte 0xFA..0xFF that
 * carries when the digit test adds 6), so the scan must stop at the right
 * byte, read only digits and give strtod's value. */
static void test_scan_in_text(void)
{
	static const char *const after[] = { ",\"x\":1", "}", " ,", "e", "E5", ".", "\xfa" "9",
					     "\xff" "99999", "/", ":", "\x80", "" };
	long bad = 0, n = 0;

	for (int it = 0; it < 100000; it++) {
		char t[96];
		size_t k = 0, len;
		int nint = 1 + (int)(rnd() % 20), nfrac = (int)(rnd() % 20);
		const char *tail = after[rnd() % (sizeof after / sizeof *after)];
		const char *end;
		double v = 0, want;

		t[k++] = (char)('1' + rnd() % 9);
		for (int i = 1; i < nint; i++)
			t[k++] = (char)('0' + rnd() % 10);
		if (nfrac) {
			t[k++] = '.';
			for (int i = 0; i < nfrac; i++)
				t[k++] = (char)('0' + rnd() % 10);
		}
		len = k;
		t[k] = '\0';
		want = strtod(t, NULL);
		memcpy(t + k, tail, strlen(tail) + 1);
		/* A tail that continues the number ("e", "E5", ".") makes it
		 * another number or none: only the value of a clean stop is
		 * compared. */
		if (tail[0] == 'e' || tail[0] == 'E' || tail[0] == '.')
			continue;
		n++;
		end = num_scan(t, t + strlen(t), &v);
		if ((end != t + len || to_bits(v) != to_bits(want)) && bad++ < 5)
			printf("  num_scan(\"%s\") stopped at %ld of %zu, %.17g; strtod: %.17g\n", t,
			       end ? (long)(end - t) : -1L, len, v, want);
	}
	CHECKF(bad == 0, "%ld of %ld numbers in text read wrongly", bad, n);
}

/* Compare num_parse(t) with strtod(t); count and show a few differences. */
static void parse_vs_strtod(const char *t, long *bad)
{
	double v = 0, want = strtod(t, NULL);
	int r = parse(t, &v);

	if ((r != 0 || to_bits(v) != to_bits(want)) && (*bad)++ < 5)
		printf("  num_parse(\"%s\") = %d, %.17g; strtod: %.17g\n", t, r, v, want);
}

/* 16 to 19 significant digits times 10^-27..10^27: the digits of float sums
 * in volumes, read through extended precision when the hardware has it. */
static void test_parse_long_mantissas(void)
{
	long bad = 0, n = 0;

	for (int it = 0; it < 100000; it++) {
		char t[64], dig[24];
		int nd = 16 + (int)(rnd() % 4), point = 1 + (int)(rnd() % (unsigned)nd);
		int e = (int)(rnd() % 55) - 27 - (nd - point);
		size_t k = 0;

		dig[0] = (char)('1' + rnd() % 9);
		for (int i = 1; i < nd; i++)
			dig[i] = (char)('0' + rnd() % 10);
		for (int i = 0; i < nd; i++) {
			if (i == point)
				t[k++] = '.';
			t[k++] = dig[i];
		}
		if (rnd() & 1)
			snprintf(t + k, sizeof t - k, "e%d", e);
		else
			t[k] = '\0';
		n++;
		parse_vs_strtod(t, &bad);
	}
	CHECKF(bad == 0, "%ld of %ld long mantissas read wrongly", bad, n);

	/* Near and at ties: the midpoint between a double and the next, to 19
	 * significant digits (exact when its digits end there), and the 19-digit
	 * numbers on either side. */
	bad = n = 0;
	for (int it = 0; it < 30000; it++) {
		double d = ldexp((double)((rnd() >> 11) | 1ULL << 52), (int)(rnd() % 140) - 110);
		long double mid = (long double)d + ((long double)nextafter(d, INFINITY) - d) / 2;
		char t[64], u[64];
		char *e;
		unsigned long long m;

		snprintf(t, sizeof t, "%.18Le", mid);
		parse_vs_strtod(t, &bad);
		/* d.dddddddddddddddddde+XX: step the last digit both ways. */
		e = strchr(t, 'e');
		if (!e || e - t != 20)
			continue;
		m = strtoull(t, NULL, 10) * 1000000000000000000ULL + strtoull(t + 2, NULL, 10);
		for (int step = -1; step <= 1; step += 2) {
			unsigned long long mm = step < 0 ? m - 1 : m + 1;

			/* As a 19-digit integer mantissa and an exponent. */
			snprintf(u, sizeof u, "%llue%d", mm, atoi(e + 1) - 18);
			n++;
			parse_vs_strtod(u, &bad);
		}
		n++;
	}
	CHECKF(bad == 0, "%ld of %ld numbers at or near a tie read wrongly", bad, n);

	/* Integers that are exact ties between doubles above 2^53. */
	bad = 0;
	for (int k = 54; k <= 63; k++) {
		uint64_t half = 1ULL << (k - 53);   /* half the spacing above 2^k */
		char t[32];

		for (uint64_t j = 0; j < 64; j++) {
			uint64_t base = (1ULL << k) + j * 2 * half;

			for (int dlt = -1; dlt <= 1; dlt++) {
				snprintf(t, sizeof t, "%llu", (unsigned long long)(base + half + (uint64_t)dlt));
				parse_vs_strtod(t, &bad);
			}
		}
	}
	CHECKF(bad == 0, "%ld integer ties read wrongly", bad);
}

static void test_parse_int(void)
{
	ACCEPT_INT("0", 0);
	ACCEPT_INT("-0", 0);
	ACCEPT_INT("7", 7);
	ACCEPT_INT("-42", -42);
	ACCEPT_INT("1746057600000", 1746057600000LL);
	ACCEPT_INT("1.7460576e12", 1746057600000LL);
	ACCEPT_INT("17460576E5", 1746057600000LL);
	ACCEPT_INT("1746057600000e0", 1746057600000LL);
	ACCEPT_INT("174605760000000e-2", 1746057600000LL);
	ACCEPT_INT("1.0", 1);
	ACCEPT_INT("1.000000000000000000000000000000", 1);
	ACCEPT_INT("100e-2", 1);
	ACCEPT_INT("12.5e1", 125);
	ACCEPT_INT("1250e-1", 125);
	ACCEPT_INT("0e400", 0);
	ACCEPT_INT("9007199254740992", 9007199254740992LL);
	ACCEPT_INT("-9007199254740992", -9007199254740992LL);
	ACCEPT_INT("9007199254740991", 9007199254740991LL);
	ACCEPT_INT("9.007199254740992e15", 9007199254740992LL);
	ACCEPT_INT("0.0000000000000000000000000009007199254740992e43", 9007199254740992LL);

	REJECT_INT("");
	REJECT_INT("abc");
	REJECT_INT("01");
	REJECT_INT("+1");
	REJECT_INT("1.");
	REJECT_INT("0.5");
	REJECT_INT("1.5");
	REJECT_INT("-2.5");
	REJECT_INT("1e-1");
	REJECT_INT("1e16");
	REJECT_INT("1e400");
	REJECT_INT("9007199254740994");
	REJECT_INT("-9007199254740994");
	/* The value must be an integer of magnitude <= 2^53, not just read as one. */
	REJECT_INT("9007199254740993");
	REJECT_INT("-9007199254740993");
	REJECT_INT("9007199254740992.5");
	REJECT_INT("4503599627370496.5");
	REJECT_INT("0.99999999999999999999");
	REJECT_INT("1.00000000000000000001");
	REJECT_INT("1e-400");
	REJECT_INT("9007199254740992.0000000000000000001");
	REJECT_INT("90071992547409921e-1");
	{
		int64_t v = 0;

		CHECK_INT(num_parse_int("125x", 3, &v), 0);
		CHECK_INT(v, 125);
	}
}

static void test_fmt_int(void)
{
	char b[32];

	memset(b, 'x', sizeof b);
	CHECK_INT(fmt_int(b, 0), 1);
	CHECK_STR(b, "0");
	CHECK_INT(fmt_int(b, 7), 1);
	CHECK_STR(b, "7");
	CHECK_INT(fmt_int(b, -1), 2);
	CHECK_STR(b, "-1");
	CHECK_INT(fmt_int(b, 10), 2);
	CHECK_STR(b, "10");
	CHECK_INT(fmt_int(b, 1746057600000LL), 13);
	CHECK_STR(b, "1746057600000");
	CHECK_INT(fmt_int(b, -1746057600000LL), 14);
	CHECK_STR(b, "-1746057600000");
	CHECK_INT(fmt_int(b, INT64_MAX), 19);
	CHECK_STR(b, "9223372036854775807");
	CHECK_INT(fmt_int(b, INT64_MIN), 20);
	CHECK_STR(b, "-9223372036854775808");
	/* Every power of ten and its neighbours against printf. */
	{
		long bad = 0;
		int64_t p = 1;

		for (int i = 0; i < 19; i++) {
			if (i)
				p *= 10;
			for (int64_t d = -1; d <= 1; d++)
				for (int s = -1; s <= 1; s += 2) {
					int64_t v = s * (p + d);
					char want[32];
					size_t n = fmt_int(b, v);

					snprintf(want, sizeof want, "%" PRId64, v);
					if ((strcmp(b, want) || n != strlen(want)) && bad++ < 5)
						printf("  fmt_int(%s) = %s\n", want, b);
				}
		}
		CHECK(bad == 0);
	}
}

/* The significant digits of a decimal text (no leading or trailing zeros)
 * into dig, and the exponent E of its value d.ddd * 10^E. Returns the
 * number of digits (0 for zero), or -1 if the text is not a plain number. */
static int sci(const char *t, char *dig, int *e10)
{
	char raw[64];
	int n = 0, nint = -1, x = 0, i = 0, lead = 0;

	if (*t == '-')
		t++;
	for (; (*t >= '0' && *t <= '9') || *t == '.'; t++) {
		if (*t == '.') {
			if (nint >= 0)
				return -1;
			nint = n;
		} else if (n < 60) {
			raw[n++] = *t;
		} else {
			return -1;
		}
	}
	if (nint < 0)
		nint = n;
	if (*t == 'e' || *t == 'E') {
		char *end;

		x = (int)strtol(t + 1, &end, 10);
		t = end;
	}
	if (*t)
		return -1;
	while (lead < n && raw[lead] == '0')
		lead++;
	while (n > lead && raw[n - 1] == '0')
		n--;
	for (i = lead; i < n; i++)
		dig[i - lead] = raw[i];
	dig[n - lead] = '\0';
	*e10 = nint - lead + x - 1;
	return n - lead;
}

/* fmt_double(v) gives exactly text. */
#define FMT_IS(v, text)                                                               \
	do {                                                                          \
		char b_[NUM_FMT_MAX + 8];                                             \
		size_t n_;                                                            \
		memset(b_, 'x', sizeof b_);                                           \
		n_ = fmt_double(b_, (v));                                             \
		CHECK_STR(b_, text);                                                  \
		CHECK_INT(n_, strlen(text));                                          \
	} while (0)

/* fmt_double(v) has the significant digits dig and exponent e (d.dd * 10^e),
 * is a JSON number, and reads back to v. */
#define FMT_SCI(v, digits, e)                                                         \
	do {                                                                          \
		char b_[NUM_FMT_MAX + 8], d_[64];                                     \
		int e_ = 0, nd_;                                                      \
		size_t n_;                                                            \
		double back_ = 0;                                                     \
		memset(b_, 'x', sizeof b_);                                           \
		n_ = fmt_double(b_, (v));                                             \
		CHECK_INT(n_, strlen(b_));                                            \
		nd_ = sci(b_, d_, &e_);                                               \
		CHECKF(nd_ > 0 && !strcmp(d_, digits) && e_ == (e),                   \
		       "fmt_double(%.17g) = %s, expected digits %s exponent %d", (double)(v), \
		       b_, digits, e);                                                \
		CHECKF(parse(b_, &back_) == 0 && to_bits(back_) == to_bits(v),        \
		       "fmt_double(%.17g) = %s does not read back", (double)(v), b_); \
	} while (0)

static void test_fmt_double(void)
{
	FMT_IS(0.0, "0");
	FMT_IS(1.0, "1");
	FMT_IS(-1.0, "-1");
	FMT_IS(100.0, "100");
	FMT_IS(1746057600000.0, "1746057600000");
	FMT_IS(-1746057600000.0, "-1746057600000");
	FMT_IS(9007199254740992.0, "9007199254740992");
	FMT_IS(-9007199254740992.0, "-9007199254740992");
	FMT_IS(9007199254740991.0, "9007199254740991");
	FMT_IS(1e15, "1000000000000000");
	FMT_IS(0.1, "0.1");
	FMT_IS(-0.1, "-0.1");
	FMT_IS(0.5, "0.5");
	FMT_IS(-2.75, "-2.75");
	FMT_IS(94172.5, "94172.5");
	FMT_IS(1 / 3.0, "0.3333333333333333");
	FMT_IS(2 / 3.0, "0.6666666666666666");
	FMT_IS(0.1 + 0.2, "0.30000000000000004");
	FMT_IS(0.30000000000000004, "0.30000000000000004");
	FMT_IS(39241.066999999995, "39241.066999999995");
	FMT_IS(39241.067, "39241.067");
	FMT_IS(1.5e-3, "0.0015");
	FMT_IS(123.456, "123.456");
	FMT_IS(4503599627370495.5, "4503599627370495.5");
	FMT_IS(0.000123, "0.000123");
	/* Integers above 2^53 and below 10^17 are written out as %.17g would,
	 * with the fewest significant digits. */
	FMT_IS(1e16, "10000000000000000");
	FMT_IS(-1e16, "-10000000000000000");
	FMT_IS(0x1p53 + 2, "9007199254740994");
	FMT_IS(0x1p54, "18014398509481984");
	FMT_IS(31709446407421740.0, "31709446407421740");
	/* 2^54 + 8: the spacing is 4, and ...990 is the tie between ...988 and
	 * ...992 that goes to ...992 (even), so 16 digits suffice. */
	FMT_IS(0x1p54 + 8, "18014398509481990");
	CHECK_NUM(strtod("18014398509481990", NULL), 0x1p54 + 8);
	/* Spacing 16 here: ...980 is nearest ...984, so 16 digits suffice. */
	FMT_IS(99999999999999984.0, "99999999999999980");
	FMT_IS(99999999999999968.0, "99999999999999970");
	FMT_SCI(1e17, "1", 17);

	/* -0 must read back as -0. */
	{
		char b[NUM_FMT_MAX];
		double back = 0;

		fmt_double(b, -0.0);
		CHECK(parse(b, &back) == 0 && back == 0 && signbit(back));
		CHECK(strtod(b, NULL) == 0 && signbit(strtod(b, NULL)));
		CHECK(strlen(b) <= 2);
	}

	FMT_SCI(1e-7, "1", -7);
	FMT_SCI(-1e-7, "1", -7);
	FMT_SCI(1e-20, "1", -20);
	FMT_SCI(1.5e300, "15", 300);
	FMT_SCI(123456789012345680000.0, "12345678901234568", 20);
	FMT_SCI(1e21, "1", 21);
	FMT_SCI(1e23, "1", 23);
	FMT_SCI(9007199254740994.0, "9007199254740994", 15);
	FMT_SCI(18014398509481984.0, "18014398509481984", 16);
	FMT_SCI(DBL_MAX, "17976931348623157", 308);
	FMT_SCI(-DBL_MAX, "17976931348623157", 308);
	FMT_SCI(DBL_MIN, "22250738585072014", -308);
	FMT_SCI(0x1p-17, "762939453125", -6);
	/* Subnormals: fewer bits, so fewer digits can suffice. */
	FMT_SCI(0x1p-1074, "5", -324);
	FMT_SCI(-0x1p-1074, "5", -324);
	FMT_SCI(2 * 0x1p-1074, "1", -323);
	FMT_SCI(100 * 0x1p-1074, "494", -322);
	FMT_SCI(0x0.fffffffffffffp-1022, "2225073858507201", -308);
	FMT_SCI(0x0.8p-1022, "11125369292536007", -308);
	FMT_SCI(1e-310, "1", -310);
	FMT_SCI(1.5e-320, "15", -320);
}

/* The fewest significant digits (1..17) whose %.*g text reads back to v. */
static int shortest_digits(double v)
{
	char t[64];

	for (int p = 1; p < 17; p++) {
		snprintf(t, sizeof t, "%.*g", p, v);
		if (strtod(t, NULL) == v)
			return p;
	}
	return 17;
}

/* The reference for fmt_double: the same text by the slow, plain route,
 * with snprintf and strtod only. Integers up to 2^53 are %.0f; integers
 * below 10^17 the multiple of 100, else of 10, nearest v that reads back
 * (the lower on a tie), else all digits; otherwise the fixed form with the
 * fewest decimals k (1 to 17, while v * 10^k < 2^50) whose %.*f reads
 * back (found by bisection); otherwise the fewest significant digits p (from 17 down while they
 * read back) taken from %.16e: the 17 digits cut to p, rounded as the next
 * digit says, else rounded the other way; written plain or as d.ddde+X,
 * whichever is shorter (plain on a tie, and always the exponent form past
 * 10^(p+4) or below 10^-6). */
#define REF_MAX 64

static int reads_back_ref(const char *t, double v)
{
	return to_bits(strtod(t, NULL)) == to_bits(v);
}

/* The text of p significant digits of v (e17 is %.16e of |v|) into out:
 * returns 1 if it reads back (always for p = 17). */
static int ref_digits(char *out, double v, const char *e17, int p)
{
	static const char zeros[] = "0000000000000000000000000000000000000000";
	const char *sign = signbit(v) ? "-" : "";
	char d[20], plain[REF_MAX], sci[REF_MAX];

	for (int side = 0; side < 2; side++) {
		int up = p < 17 && (e17[p + 1] >= '5') != side, i, n, pe = atoi(e17 + 19);

		d[0] = e17[0];
		memcpy(d + 1, e17 + 2, 16);
		if (up) {
			for (i = p - 1; i >= 0 && d[i] == '9'; i--)
				d[i] = '0';
			if (i >= 0) {
				d[i]++;
			} else {
				d[0] = '1';
				pe++;
			}
		}
		for (n = p; n > 1 && d[n - 1] == '0'; n--)
			;
		snprintf(sci, sizeof sci, "%s%c%s%.*se%c%d", sign, d[0], n > 1 ? "." : "",
			 n - 1, d + 1, pe < 0 ? '-' : '+', abs(pe));
		if (pe < 0)
			snprintf(plain, sizeof plain, "%s0.%.*s%.*s", sign, -pe - 1, zeros, n, d);
		else if (n <= pe + 1)
			snprintf(plain, sizeof plain, "%s%.*s%.*s", sign, n, d, pe + 1 - n, zeros);
		else
			snprintf(plain, sizeof plain, "%s%.*s.%.*s", sign, pe + 1, d,
				 n - pe - 1, d + pe + 1);
		snprintf(out, REF_MAX, "%s",
			 pe > n + 4 || pe < -6 || strlen(plain) > strlen(sci) ? sci : plain);
		if (p == 17 || reads_back_ref(out, v))
			return 1;
	}
	return 0;
}

static const double pow10_ref[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
	1e15, 1e16, 1e17
};

static void ref_fmt_double(char *out, double v)
{
	double a = fabs(v);
	const char *sign = signbit(v) ? "-" : "";
	char e17[40], t[REF_MAX];

	if (a == 0) {
		snprintf(out, REF_MAX, "%s0", sign);
		return;
	}
	if (a <= 0x1p53 && a == floor(a)) {
		snprintf(out, REF_MAX, "%s%.0f", sign, a);
		return;
	}
	if (a > 0x1p53 && a < 1e17) {
		unsigned long long u = (unsigned long long)a;

		for (unsigned long long q = 100; q > 1; q /= 10) {
			unsigned long long lo = u - u % q, hi = lo + q;
			char tl[32], th[32];
			int okl, okh;

			snprintf(tl, sizeof tl, "%llu", lo);
			snprintf(th, sizeof th, "%llu", hi);
			okl = strtod(tl, NULL) == a;
			okh = strtod(th, NULL) == a;
			if (okl || okh) {
				u = okl && (!okh || u - lo <= hi - u) ? lo : hi;
				break;
			}
		}
		snprintf(out, REF_MAX, "%s%llu", sign, u);
		return;
	}
	/* The fewest decimals, by bisection: with more decimals than a text
	 * that reads back, the next one reads back too. */
	{
		int lo = 0, hi = 1;

		while (hi < 17 && a * pow10_ref[hi + 1] < 0x1p50)
			hi++;
		if (a * pow10_ref[1] < 0x1p50) {
			snprintf(t, REF_MAX, "%s%.*f", sign, hi, a);
			if (reads_back_ref(t, v)) {
				while (hi - lo > 1) {
					int mid = (lo + hi) / 2;

					snprintf(t, REF_MAX, "%s%.*f", sign, mid, a);
					if (reads_back_ref(t, v))
						hi = mid;
					else
						lo = mid;
				}
				snprintf(out, REF_MAX, "%s%.*f", sign, hi, a);
				return;
			}
		}
	}
	snprintf(e17, sizeof e17, "%.16e", a);
	ref_digits(out, v, e17, 17);
	for (int p = 16; p >= 1 && ref_digits(t, v, e17, p); p--)
		memcpy(out, t, REF_MAX);
}

/* fmt_double(v) against the reference; counts and shows differences. */
static void vs_ref(double v, long *bad)
{
	char got[NUM_FMT_MAX + 8], want[REF_MAX];
	size_t n = fmt_double(got, v);

	ref_fmt_double(want, v);
	if ((strcmp(got, want) || n != strlen(want)) && (*bad)++ < 5)
		printf("  fmt_double(%a) = %s, reference %s\n", v, got, want);
}

/* A random decimal of 1 to 17 significant digits with k decimals, as the
 * double nearest it: the numbers fmt_double's fixed form is for. */
static double rnd_decimal(void)
{
	char t[64];
	int nd = 1 + (int)(rnd() % 17), k = (int)(rnd() % 19), i = 0;

	if (rnd() & 1)
		t[i++] = '-';
	t[i++] = (char)('1' + rnd() % 9);
	for (int j = 1; j < nd; j++)
		t[i++] = (char)('0' + rnd() % 10);
	snprintf(t + i, sizeof t - (size_t)i, "e-%d", k);
	return strtod(t, NULL);
}

/* fmt_double gives the reference's text, byte for byte, over millions of
 * doubles: decimals of every length and scale and their neighbours, values
 * near the fixed form's bound (2^50 / 10^k), random bit patterns, random
 * magnitudes, subnormals, integers around 2^53 and from 10^16 to 10^17. */
static void test_fmt_vs_reference(void)
{
	static const double edge[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, 0.1, -0.1, 1e-7, 1e-5, 1e-6, 0.3, 2.5e-6,
		0x1p53, -0x1p53, 0x1p53 + 2, 0x1p53 - 1, 0x1p53 - 0.5, 0x1p52 + 0.5, 0x1p50,
		0x1p50 - 0.25, 0x1p49 + 0.5, 1e15, 1e15 + 0.5, 1e16, 1e16 + 2, 1e17, 1e17 - 16,
		99999999999999984.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, 0x0.fffffffffffffp-1022,
		DBL_MAX, -DBL_MAX, DBL_MIN, DBL_EPSILON, 1 / 3.0, 2 / 3.0, 0.1 + 0.2,
		1125899906842623.5, 112589990684262.35, 11258999068426.235, 1.125899906842624e-2
	};
	long bad = 0, n = 0;

	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++, n += 3) {
		double up = nextafter(edge[i], INFINITY), down = nextafter(edge[i], -INFINITY);

		vs_ref(edge[i], &bad);
		vs_ref(isfinite(up) ? up : edge[i], &bad);
		vs_ref(isfinite(down) ? down : edge[i], &bad);
	}
	for (int it = 0; it < 1500000; it++, n++)
		vs_ref(rnd_decimal(), &bad);
	for (int it = 0; it < 200000; it++, n++) {
		double v = rnd_decimal();

		vs_ref(nextafter(v, rnd() & 1 ? INFINITY : -INFINITY), &bad);
	}
	/* a * 10^k just below and above 2^50 */
	for (int it = 0; it < 100000; it++, n++) {
		int k = 1 + (int)(rnd() % 17);
		double v = 0x1p50 / pow10_ref[k] * (1 + ((double)(rnd() % 2001) - 1000) * 1e-15);

		vs_ref(rnd() & 1 ? -v : v, &bad);
	}
	for (int it = 0; it < 100000; it++, n++) {
		double v = from_bits(rnd());

		if (isfinite(v))
			vs_ref(v, &bad);
	}
	for (int it = 0; it < 200000; it++, n++) {
		double v = ldexp((double)(rnd() >> 11), (int)(rnd() % 130) - 110);

		vs_ref(rnd() & 1 ? -v : v, &bad);
	}
	for (int it = 0; it < 20000; it++, n++)
		vs_ref(from_bits(rnd() >> (12 + rnd() % 52)), &bad);
	for (int it = 0; it < 100000; it++, n += 2) {
		double v = 0x1p53 + (double)(int64_t)(rnd() % 2000000) - 1000000;

		vs_ref(it & 1 ? v / 2 : v, &bad);
		v = 1e16 + (double)(rnd() % 90000000000000000ULL);
		vs_ref(rnd() & 1 ? -v : v, &bad);
	}
	CHECKF(bad == 0, "%ld of %ld doubles differ from the reference", bad, n);
}

static unsigned long fmt_count;

/* One double through every property; counts failures into bad[]. */
static void fmt_props(double v, long bad[5])
{
	char b[NUM_FMT_MAX + 8], g17[320], dig[64];
	size_t n;
	int e, nd, want;
	double back;

	memset(b, 'x', sizeof b);
	n = fmt_double(b, v);
	if (n != strlen(b) || n >= NUM_FMT_MAX) {
		if (bad[0]++ < 5)
			printf("  fmt_double(%a): length %zu, text %.40s\n", v, n, b);
		return;
	}
	back = strtod(b, NULL);
	if (to_bits(back) != to_bits(v) && bad[1]++ < 5)
		printf("  fmt_double(%.17g) = %s reads back as %.17g\n", v, b, back);
	if ((parse(b, &back) != 0 || to_bits(back) != to_bits(v)) && bad[2]++ < 5)
		printf("  fmt_double(%.17g) = %s is not a JSON number for it\n", v, b);
	/* Below 1e-4 fmt_double keeps the fixed form ("0.0000001") where %.17g
	 * switches to an exponent, so only larger values are compared. */
	snprintf(g17, sizeof g17, "%.17g", v);
	if (fabs(v) >= 1e-4 && n > strlen(g17) && bad[3]++ < 5)
		printf("  fmt_double(%.17g) = %s is longer than %%.17g\n", v, b);
	/* Fewest digits: the text reads back (above) and one digit fewer does
	 * not (reading back is monotone in the digit count); every 16th value
	 * also against a full search. */
	nd = sci(b, dig, &e);
	if (v == 0) {
		want = 0;
	} else if (++fmt_count % 16 == 0) {
		want = shortest_digits(v);
	} else {
		want = nd;
		if (nd > 1) {
			snprintf(g17, sizeof g17, "%.*g", nd - 1, v);
			if (strtod(g17, NULL) == v)
				want = nd - 1;
		}
	}
	if (nd != want && bad[4]++ < 5)
		printf("  fmt_double(%.17g) = %s has %d digits, %d suffice\n", v, b, nd, want);
}

static void check_props(const char *what, long bad[5], long n)
{
	CHECKF(bad[0] == 0, "%s: %ld of %ld with a bad length", what, bad[0], n);
	CHECKF(bad[1] == 0, "%s: %ld of %ld do not read back with strtod", what, bad[1], n);
	CHECKF(bad[2] == 0, "%s: %ld of %ld do not read back with num_parse", what, bad[2], n);
	CHECKF(bad[3] == 0, "%s: %ld of %ld longer than %%.17g", what, bad[3], n);
	CHECKF(bad[4] == 0, "%s: %ld of %ld not the shortest", what, bad[4], n);
}

static void test_fmt_random(void)
{
	long bad[5] = { 0 }, n = 0;

	/* Random bit patterns: every exponent alike. */
	for (int it = 0; it < 200000; it++) {
		double v = from_bits(rnd());

		if (!isfinite(v))
			continue;
		n++;
		fmt_props(v, bad);
	}
	check_props("random bits", bad, n);

	/* Random doubles of moderate size, where the fixed form is used. */
	memset(bad, 0, sizeof bad);
	n = 0;
	for (int it = 0; it < 100000; it++) {
		double v = ldexp((double)(rnd() >> 11), (int)(rnd() % 130) - 110);

		if (rnd() & 1)
			v = -v;
		n++;
		fmt_props(v, bad);
	}
	check_props("moderate", bad, n);

	/* Subnormals. */
	memset(bad, 0, sizeof bad);
	n = 0;
	for (int it = 0; it < 20000; it++) {
		double v = from_bits(rnd() >> (12 + rnd() % 52));

		n++;
		fmt_props(v, bad);
	}
	check_props("subnormal", bad, n);
}

/* A decimal of at most 15 significant digits is the shortest text of the
 * double nearest it (DBL_DIG is 15), so fmt_double gives those digits back. */
static void test_fmt_short_decimals(void)
{
	long bad = 0, n = 0;

	for (int it = 0; it < 100000; it++) {
		char t[64], want[32], b[NUM_FMT_MAX], dig[64];
		int nd = 1 + (int)(rnd() % 15), e = (int)(rnd() % 600) - 300, k = 0, got_e = 0;
		double v;

		want[k++] = (char)('1' + rnd() % 9);
		for (; k < nd; k++)
			want[k] = (char)('0' + rnd() % 10);
		while (k > 1 && want[k - 1] == '0')
			k--;
		want[k] = '\0';
		if (rnd() % 4 == 0)
			e = (int)(rnd() % 30) - 15;
		snprintf(t, sizeof t, "%c.%se%d", want[0], want + 1, e);
		v = strtod(t, NULL);
		n++;
		fmt_double(b, v);
		if ((sci(b, dig, &got_e) != k || strcmp(dig, want) || got_e != e) && bad++ < 5)
			printf("  %s: fmt_double gives %s\n", t, b);
	}
	CHECKF(bad == 0, "%ld of %ld short decimals come back changed", bad, n);
}

/* Integers up to 2^53 print as plain integers. */
static void test_fmt_integers(void)
{
	long bad = 0;

	for (int it = 0; it < 100000; it++) {
		int64_t i = (int64_t)(rnd() >> (11 + rnd() % 53));
		char b[NUM_FMT_MAX], want[32];

		if (it & 1)
			i = -i;
		snprintf(want, sizeof want, "%" PRId64, i);
		fmt_double(b, (double)i);
		if (strcmp(b, want) && bad++ < 5)
			printf("  fmt_double(%s) = %s\n", want, b);
	}
	CHECK(bad == 0);
	for (int k = 0; k <= 53; k++) {
		char b[NUM_FMT_MAX], want[32];
		int64_t i = (int64_t)1 << k;

		snprintf(want, sizeof want, "%" PRId64, i);
		fmt_double(b, (double)i);
		CHECKF(!strcmp(b, want), "2^%d: %s", k, b);
	}
}

/* fmt_decimal(m, d) against fmt_double of the double m * 10^-d, made as
 * lib/sim.c's rounding makes it: one correctly rounded multiplication or
 * division by an exact power of ten. */
static const double pow10_dec[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static void vs_fmt_double(int64_t m, int d, long *bad)
{
	char got[NUM_FMT_MAX + 8], want[NUM_FMT_MAX];
	double v = d < 0 ? (double)m * pow10_dec[-d] : (double)m / pow10_dec[d];
	size_t n, wn = fmt_double(want, v);

	memset(got, 'x', sizeof got);
	n = fmt_decimal(got, m, d);
	if ((n != wn || strcmp(got, want) || got[NUM_FMT_MAX] != 'x') && (*bad)++ < 5)
		printf("  fmt_decimal(%" PRId64 ", %d) = %s (%zu), fmt_double %s (%zu)\n",
		       m, d, got, n, want, wn);
}

static void test_fmt_decimal(void)
{
	static const int64_t edge[] = {
		0, 1, -1, 5, 9, 10, -10, 100, 125, 1250, 1000000, 999999, 1000001,
		123456789012345, -123456789012345, 999999999999999, -999999999999999,
		100000000000000, 120000000000000, 100000000, 99999999, 100000001,
		1000000000000000, -1000000000000000, 9007199254740992, 9007199254740993,
		INT64_MAX, INT64_MIN, INT64_MIN + 1
	};
	long bad = 0, n = 0;

	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
		for (int d = -22; d <= 22; d++, n++)
			vs_fmt_double(edge[i], d, &bad);
	/* Millions of mantissas of 1 to 15 digits, some ending in zeros, with
	 * every d; most in the range of the simulated market's numbers. */
	for (long it = 0; it < 3000000; it++, n++) {
		int nd = 1 + (int)(rnd() % 15), d;
		int64_t m = (int64_t)(rnd() % (uint64_t)pow10_dec[nd]);

		if (it % 4 == 0) {
			int z = (int)(rnd() % (uint64_t)nd);

			m = m / (int64_t)pow10_dec[z] * (int64_t)pow10_dec[z];
		}
		if (it % 3 == 0)
			m = -m;
		d = it % 8 == 0 ? (int)(rnd() % 45) - 22 : (int)(rnd() % 28) - 10;
		vs_fmt_double(m, d, &bad);
	}
	CHECKF(bad == 0, "%ld of %ld decimals differ from fmt_double", bad, n);
}

int main(void)
{
	test_grammar();
	test_rounding();
	test_parse_random();
	test_scan_in_text();
	test_parse_long_mantissas();
	test_parse_int();
	test_fmt_int();
	test_fmt_double();
	test_fmt_random();
	test_fmt_short_decimals();
	test_fmt_integers();
	test_fmt_vs_reference();
	test_fmt_decimal();
	UNIT_END();
}
