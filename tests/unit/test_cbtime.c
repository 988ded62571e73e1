/* Unit tests for lib/cbtime.h. Expected times were computed with Python's
 * datetime (UTC); the calendar is also checked against a day-by-day count
 * and against glibc's gmtime_r. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cbtime.h"
#include "unit.h"

#define TP_OK(s, want)                                                                \
	do {                                                                          \
		int64_t v_ = -777;                                                    \
		int r_ = time_parse(s, &v_);                                          \
		CHECKF(r_ == 0 && v_ == (int64_t)(want),                              \
		       "time_parse(\"%s\") = %d, %" PRId64 "; expected %" PRId64, s,   \
		       r_, v_, (int64_t)(want));                                      \
	} while (0)

#define TP_BAD(s)                                                                     \
	do {                                                                          \
		int64_t v_ = -777;                                                    \
		int r_ = time_parse(s, &v_);                                          \
		CHECKF(r_ == -1, "time_parse(\"%s\") = %d, %" PRId64 "; expected -1", s, \
		       r_, v_);                                                       \
	} while (0)

#define DP_OK(s, want)                                                                \
	do {                                                                          \
		int64_t v_ = -777;                                                    \
		int r_ = duration_parse(s, &v_);                                      \
		CHECKF(r_ == 0 && v_ == (int64_t)(want),                              \
		       "duration_parse(\"%s\") = %d, %" PRId64 "; expected %" PRId64, \
		       s, r_, v_, (int64_t)(want));                                   \
	} while (0)

#define DP_BAD(s)                                                                     \
	do {                                                                          \
		int64_t v_ = -777;                                                    \
		int r_ = duration_parse(s, &v_);                                      \
		CHECKF(r_ == -1, "duration_parse(\"%s\") = %d, %" PRId64 "; expected -1", \
		       s, r_, v_);                                                    \
	} while (0)

static void test_iso(void)
{
	/* 2025-05-01T00:00:00Z is 1746057600000; 04:00 is 1746072000000. */
	TP_OK("2025-05-01", 1746057600000LL);
	TP_OK("2025-05-01T04:00:00Z", 1746072000000LL);
	TP_OK("2025-05-01T04:00Z", 1746072000000LL);
	TP_OK("2025-05-01 04:00:00", 1746072000000LL);
	TP_OK("2025-05-01T04:00:00", 1746072000000LL);
	TP_OK("2025-05-01T04:00", 1746072000000LL);
	TP_OK("2025-05-01 04:00", 1746072000000LL);
	TP_OK("2025-05-01T06:00:00.250+02:00", 1746072000250LL);
	TP_OK("2025-05-01T06:00:00.25+02:00", 1746072000250LL);
	TP_OK("2025-05-01T06:00:00.2+02:00", 1746072000200LL);
	TP_OK("2025-05-01T06:00:00+02:00", 1746072000000LL);
	TP_OK("2025-05-01T06:00+02:00", 1746072000000LL);
	TP_OK("2025-05-01T06:00:00+0200", 1746072000000LL);
	TP_OK("2025-05-01T01:30:00-02:30", 1746072000000LL);
	TP_OK("2025-05-01T04:00:00+00:00", 1746072000000LL);
	TP_OK("2025-05-01T04:00:00-00:00", 1746072000000LL);
	TP_OK("2025-05-01T04:00:00.123Z", 1746072000123LL);
	TP_OK("2025-05-01T04:00:00.123456Z", 1746072000123LL);
	TP_OK("2025-05-01T04:00:00.000Z", 1746072000000LL);
	TP_OK("2025-05-01T04:00:00.001Z", 1746072000001LL);
	/* An offset moves the date across midnight. */
	TP_OK("2025-05-01T23:30:00-01:00", 1746072000000LL + 20 * MS_PER_HOUR + 30 * MS_PER_MIN);
	TP_OK("2025-05-01T00:30:00+01:00", 1746057600000LL - 30 * MS_PER_MIN);
	TP_OK("1970-01-01", 0);
	TP_OK("1970-01-01T00:00:00Z", 0);
	TP_OK("1969-12-31T23:59:59Z", -1000);
	TP_OK("2024-02-29", 1709164800000LL);
	TP_OK("2000-02-29", 951782400000LL);
	TP_OK("2025-12-31T23:59:59.999Z", 1767225599999LL);
	TP_OK("9999-12-31T23:59:59.999Z", 253402300799999LL);
	TP_OK("2025-03-01", 1740787200000LL);
	TP_OK("2024-03-01", 1709251200000LL);

	/* Invalid dates and times. */
	TP_BAD("2025-02-29");
	TP_BAD("2025-02-30");
	TP_BAD("2024-02-30");
	TP_BAD("1900-02-29");
	TP_BAD("2025-04-31");
	TP_BAD("2025-06-31");
	TP_BAD("2025-13-01");
	TP_BAD("2025-00-10");
	TP_BAD("2025-01-00");
	TP_BAD("2025-01-32");
	TP_BAD("2025-1-01");
	TP_BAD("2025-01-1");
	TP_BAD("25-01-01");
	TP_BAD("2025/05/01");
	TP_BAD("2025-05-01T24:00:00Z");
	TP_BAD("2025-05-01T23:60:00Z");
	TP_BAD("2025-05-01T23:59:60Z");
	TP_BAD("2025-05-01T4:00:00Z");
	TP_BAD("2025-05-01T04Z");
	TP_BAD("2025-05-01T04");
	TP_BAD("2025-05-01T");
	TP_BAD("2025-05-01T04:00:00.Z");
	TP_BAD("2025-05-01T04:00.5Z");
	TP_BAD("2025-05-01T04:00:00+25:00");
	TP_BAD("2025-05-01T04:00:00+02:60");
	TP_BAD("2025-05-01T04:00:00+02");
	TP_BAD("2025-05-01T04:00:00+2:00");
	TP_BAD("2025-05-01T04:00:00ZZ");
	TP_BAD("2025-05-01T04:00:00Z ");
	TP_BAD("2025-05-01Z");
	TP_BAD("2025-05-01X");
	TP_BAD("2025-05-01 ");
	TP_BAD(" 2025-05-01");
	TP_BAD("2025-05");
	TP_BAD("");
	TP_BAD("yesterday");
}

/* The basic form: no - between the parts of the date nor : between those
 * of the time. 2025-01-01 is 1735689600000. */
static void test_iso_basic(void)
{
	TP_OK("20250101", 1735689600000LL);
	TP_OK("20250101T0400Z", 1735689600000LL + 4 * 3600000LL);
	TP_OK("20250101T040000Z", 1735689600000LL + 4 * 3600000LL);
	TP_OK("20250101T0400", 1735689600000LL + 4 * 3600000LL);
	TP_OK("20250101T040000", 1735689600000LL + 4 * 3600000LL);
	TP_OK("20250101T040030.5Z", 1735689600000LL + 4 * 3600000LL + 30500);
	TP_OK("20250101T060000+0200", 1735689600000LL + 4 * 3600000LL);
	TP_OK("20250101T0130-0230", 1735689600000LL + 4 * 3600000LL);
	TP_OK("20250501T040000Z", 1746072000000LL);
	TP_OK("20240229", 1709164800000LL);
	TP_OK("19700101", 0);
	TP_BAD("20250229");                 /* not a date */
	TP_BAD("20251301");
	TP_BAD("20250100");
	TP_BAD("20250101T04Z");
	TP_BAD("20250101T4Z");
	TP_BAD("20250101T2400Z");
	TP_BAD("20250101T04000Z");
	TP_BAD("20250101T060000+02:00");    /* forms mixed */
	TP_BAD("20250101T04:00Z");
	TP_BAD("2025-01-01T0400Z");
	TP_BAD("2025-0101");
	TP_BAD("202501-01");
	TP_BAD("20250101 0400");
	TP_BAD("202501");
	TP_BAD("20250101Z");
}

static void test_epoch_and_relative(void)
{
	const int64_t now = 1746072000000LL;

	TP_OK("1746057600000", 1746057600000LL);   /* 13 digits: milliseconds */
	TP_OK("1746057600", 1746057600000LL);      /* 10 digits: seconds */
	TP_OK("1000000000000", 1000000000000LL);
	TP_OK("9999999999", 9999999999000LL);
	/* Any other bare number is ambiguous (a year? milliseconds of 1970?
	 * a date written without its T?), and refused. */
	TP_BAD("0");
	TP_BAD("123");
	TP_BAD("2025");
	TP_BAD("28800000");                 /* 8 digits and not a date */
	TP_BAD("619200000");
	TP_BAD("17460576000");
	TP_BAD("174605760000");
	TP_BAD("17460576000000");
	TP_BAD("999999999999999");
	TP_BAD("99999999999999999999");
	TP_BAD("1746057600000x");
	TP_BAD("1746057600000.5");
	TP_BAD("1.7e12");

	time_set_now(now);
	CHECK_INT(time_now(), now);
	TP_OK("now", now);
	TP_OK("-8h", now - 8 * 3600000LL);
	TP_OK("-30d", now - 30 * 86400000LL);
	TP_OK("+1d", now + 86400000LL);
	TP_OK("-1h30m", now - 5400000LL);
	TP_OK("-2w", now - 14 * 86400000LL);
	TP_OK("+90m", now + 5400000LL);
	TP_OK("-1s", now - 1000);
	TP_BAD("-");
	TP_BAD("+");
	TP_BAD("-0d");
	TP_BAD("-8");
	TP_BAD("-8x");
	TP_BAD("--8h");
	TP_BAD("-+8h");
	TP_BAD("now ");
	TP_BAD("NOW");
	TP_BAD("- 8h");
	/* Too far for an int64: rejected, not wrapped. The duration here is
	 * 9223370290800000000 ms, which fits, but now + it does not. */
#define FAR "1000000000w1000000000w1000000000w1000000000w1000000000w1000000000w" \
	    "1000000000w1000000000w1000000000w1000000000w1000000000w1000000000w" \
	    "1000000000w1000000000w1000000000w1000000000d750000000d47303000h"
	TP_OK("-" FAR, now - 9223370290800000000LL);
	TP_BAD("+" FAR);
	time_set_now(-now);
	TP_OK("+" FAR, -now + 9223370290800000000LL);
	TP_BAD("-" FAR);
	TP_BAD("-" FAR "1000000000w");   /* the duration itself too long */
	time_set_now(now);
	time_set_now(0);
	CHECK_INT(time_now(), 0);
	TP_OK("now", 0);
	TP_OK("-1d", -86400000LL);
	time_set_now(now);
}

static void test_duration(void)
{
	DP_OK("7d", 7 * 86400000LL);
	DP_OK("90m", 90 * 60000LL);
	DP_OK("1h30m", 5400000LL);
	DP_OK("30s", 30000);
	DP_OK("1s", 1000);
	DP_OK("2w", 14 * 86400000LL);
	DP_OK("1d12h", 36 * 3600000LL);
	DP_OK("1w1d1h1m1s", 8 * 86400000LL + 3600000 + 60000 + 1000);
	DP_OK("24h", 86400000LL);
	DP_OK("1000000000w", 1000000000LL * 7 * 86400000LL);
	DP_OK(FAR, 9223370290800000000LL);
	DP_BAD("");
	DP_BAD("d");
	DP_BAD("7");
	DP_BAD("7x");
	DP_BAD("0d");
	DP_BAD("0s0m");
	DP_BAD("-7d");
	DP_BAD("+7d");
	DP_BAD("7 d");
	DP_BAD(" 7d");
	DP_BAD("7d ");
	DP_BAD("1.5h");
	DP_BAD("7D");
	DP_BAD("7ms");
	DP_BAD("1h30");
	DP_BAD("h1");
	DP_BAD("7dd");
	DP_BAD("99999999999999999999d");
	/* A sum past int64: rejected, never wrapped. */
	DP_BAD("1000000000w1000000000w1000000000w1000000000w1000000000w1000000000w"
	       "1000000000w1000000000w1000000000w1000000000w1000000000w1000000000w"
	       "1000000000w1000000000w1000000000w1000000000w");
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void test_civil(void)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t y;
	unsigned m, d;
	long bad = 0;

	CHECK_INT(days_from_civil(1970, 1, 1), 0);
	CHECK_INT(days_from_civil(1969, 12, 31), -1);
	CHECK_INT(days_from_civil(2000, 3, 1), 11017);
	CHECK_INT(days_from_civil(2025, 5, 1), 20209);
	CHECK_INT(days_from_civil(1, 1, 1), -719162);
	CHECK_INT(days_from_civil(1600, 1, 1), -135140);
	CHECK_INT(days_from_civil(2400, 12, 31), 157419);
	CHECK_INT(days_from_civil(9999, 12, 31), 2932896);
	CHECK_INT(days_from_civil(0, 3, 1), -719468);
	CHECK_INT(days_from_civil(0, 1, 1), -719528);
	civil_from_days(20209, &y, &m, &d);
	CHECK(y == 2025 && m == 5 && d == 1);
	civil_from_days(-1, &y, &m, &d);
	CHECK(y == 1969 && m == 12 && d == 31);
	civil_from_days(-719528, &y, &m, &d);
	CHECK(y == 0 && m == 1 && d == 1);
	civil_from_days(-719529, &y, &m, &d);
	CHECK(y == -1 && m == 12 && d == 31);

	/* Day by day from 1200-01-01 to 2800-12-31 with an independent calendar. */
	{
		int64_t z = days_from_civil(1200, 1, 1);

		CHECK_INT(z, -281237);  /* 770 years of 365 days and 187 leap days */
		for (int64_t yy = 1200; yy <= 2800; yy++)
			for (unsigned mm = 1; mm <= 12; mm++) {
				unsigned n = mdays[mm - 1] + (mm == 2 && is_leap(yy));

				for (unsigned dd = 1; dd <= n; dd++, z++) {
					if (days_from_civil(yy, mm, dd) != z && bad++ < 5)
						printf("  days_from_civil(%" PRId64 ",%u,%u) = %" PRId64
						       ", expected %" PRId64 "\n", yy, mm, dd,
						       days_from_civil(yy, mm, dd), z);
					civil_from_days(z, &y, &m, &d);
					if ((y != yy || m != mm || d != dd) && bad++ < 5)
						printf("  civil_from_days(%" PRId64 ") = %" PRId64
						       "-%u-%u\n", z, y, m, d);
				}
			}
	}
	CHECKF(bad == 0, "%ld calendar days wrong", bad);

	/* Round trip over +-5 million years, with valid dates and no gaps. */
	bad = 0;
	for (int64_t z = -1826250000LL; z <= 1826250000LL; z += 9973) {
		int64_t y2;
		unsigned m2, d2;

		civil_from_days(z, &y, &m, &d);
		if ((m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && is_leap(y)) ||
		     days_from_civil(y, m, d) != z) && bad++ < 5)
			printf("  day %" PRId64 ": %" PRId64 "-%u-%u\n", z, y, m, d);
		civil_from_days(z + 1, &y2, &m2, &d2);
		if (!((y2 == y && m2 == m && d2 == d + 1) ||
		      (y2 == y && m2 == m + 1 && d2 == 1) ||
		      (y2 == y + 1 && m == 12 && m2 == 1 && d2 == 1)) && bad++ < 5)
			printf("  day %" PRId64 " to the next: %" PRId64 "-%u-%u\n", z, y2, m2, d2);
	}
	CHECKF(bad == 0, "%ld round trips wrong", bad);
}

static void test_format(void)
{
	char b[40];

	memset(b, 'x', sizeof b);
	CHECK_INT(time_format(b, 1746072000000LL), 20);
	CHECK_STR(b, "2025-05-01T04:00:00Z");
	CHECK_INT(time_format(b, 1746072000250LL), 24);
	CHECK_STR(b, "2025-05-01T04:00:00.250Z");
	time_format(b, 1746072000001LL);
	CHECK_STR(b, "2025-05-01T04:00:00.001Z");
	time_format(b, 0);
	CHECK_STR(b, "1970-01-01T00:00:00Z");
	time_format(b, -1);
	CHECK_STR(b, "1969-12-31T23:59:59.999Z");
	time_format(b, -1000);
	CHECK_STR(b, "1969-12-31T23:59:59Z");
	time_format(b, -86400000LL);
	CHECK_STR(b, "1969-12-31T00:00:00Z");
	time_format(b, 1709164800000LL);
	CHECK_STR(b, "2024-02-29T00:00:00Z");
	time_format(b, 253402300799999LL);
	CHECK_STR(b, "9999-12-31T23:59:59.999Z");
	time_format(b, 1767225599999LL);
	CHECK_STR(b, "2025-12-31T23:59:59.999Z");
	/* The extremes fit in 32 bytes. */
	memset(b, 'x', sizeof b);
	CHECK_INT(time_format(b, INT64_MAX), 29);
	CHECK_STR(b, "292278994-08-17T07:12:55.807Z");
	memset(b, 'x', sizeof b);
	CHECK_INT(time_format(b, INT64_MIN), 30);
	CHECK_STR(b, "-292275055-05-16T16:47:04.192Z");

	/* Against gmtime_r, and read back by time_parse. */
	{
		long bad = 0;
		uint64_t r = 88172645463325252ULL;

		for (int i = 0; i < 20000; i++) {
			int64_t ms, back = -1;
			time_t t;
			struct tm tm;
			char want[64];

			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			/* 1970 .. 9999 */
			ms = (int64_t)(r % 253402300800000ULL);
			if (i % 3 == 0)
				ms -= ms % 1000;
			t = (time_t)(ms / 1000);
			gmtime_r(&t, &tm);
			snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
				 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
			if (ms % 1000)
				snprintf(want + 19, sizeof want - 19, ".%03dZ", (int)(ms % 1000));
			else
				memcpy(want + 19, "Z", sizeof "Z");
			time_format(b, ms);
			if (strcmp(b, want) && bad++ < 5)
				printf("  time_format(%" PRId64 ") = %s, gmtime: %s\n", ms, b, want);
			if ((time_parse(b, &back) != 0 || back != ms) && bad++ < 5)
				printf("  time_parse(\"%s\") = %" PRId64 "\n", b, back);
		}
		CHECKF(bad == 0, "%ld formatted times wrong", bad);
	}
}

static void test_floor_div(void)
{
	CHECK_INT(floor_div(5, 2), 2);
	CHECK_INT(floor_div(-5, 2), -3);
	CHECK_INT(floor_div(-4, 2), -2);
	CHECK_INT(floor_div(0, 7), 0);
	CHECK_INT(floor_div(-1, MS_PER_DAY), -1);
	CHECK_INT(floor_div(-MS_PER_DAY, MS_PER_DAY), -1);
	CHECK_INT(floor_div(MS_PER_DAY - 1, MS_PER_DAY), 0);
}

int main(void)
{
	test_floor_div();
	test_iso();
	test_iso_basic();
	test_epoch_and_relative();
	test_duration();
	test_civil();
	test_format();
	UNIT_END();
}
