/* Unit tests for lib/interval.h. Expected times were computed with Python's
 * datetime (UTC); month ends are also checked against a month table. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "interval.h"
#include "unit.h"

#define MIN 60000LL
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

static void test_find(void)
{
	static const struct {
		const char *name;
		int64_t ms;
		int months;
	} all[] = {
		{ "1m", MIN, 0 },        { "3m", 3 * MIN, 0 },    { "5m", 5 * MIN, 0 },
		{ "15m", 15 * MIN, 0 },  { "30m", 30 * MIN, 0 },  { "1h", HOUR, 0 },
		{ "2h", 2 * HOUR, 0 },   { "4h", 4 * HOUR, 0 },   { "6h", 6 * HOUR, 0 },
		{ "8h", 8 * HOUR, 0 },   { "12h", 12 * HOUR, 0 }, { "1d", DAY, 0 },
		{ "3d", 3 * DAY, 0 },    { "1w", 7 * DAY, 0 },    { "1M", 30 * DAY, 1 },
	};
	static const char *const unknown[] = {
		"", "1", "m", "M", "1s", "2m", "10m", "60m", "1H", "1D", "1W", "1mo", "1Mo",
		"1month", "1M ", " 1M", "1m\n", "4H", "2d", "2w", "1y", "1Y", "01m", "1h1", "24h",
		"12H", "3D", "1min", "1m1m",
	};
	const struct interval *seen[15];
	const char *names;
	char copy[128], *tok, *save = NULL;
	int count = 0;

	for (int i = 0; i < 15; i++) {
		char buf[8];
		const struct interval *iv;

		/* A copy of the name: found by content, not by address. */
		snprintf(buf, sizeof buf, "%s", all[i].name);
		iv = interval_find(buf);
		seen[i] = iv;
		if (!CHECKF(iv != NULL, "interval_find(\"%s\")", all[i].name))
			continue;
		CHECK_STR(iv->name, all[i].name);
		CHECK_INT(iv->ms, all[i].ms);
		CHECK_INT(iv->months, all[i].months);
		CHECK(interval_find(all[i].name) == iv);   /* static storage */
		for (int j = 0; j < i; j++)
			CHECK(seen[j] != iv);
	}
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		CHECKF(interval_find(unknown[i]) == NULL, "interval_find(\"%s\") found", unknown[i]);

	names = interval_names();
	CHECK_STR(names, "1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M");
	snprintf(copy, sizeof copy, "%s", names);
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		CHECKF(interval_find(tok) != NULL, "listed name %s not found", tok);
		count++;
	}
	CHECK_INT(count, 15);
}

static int64_t close_of(const char *name, int64_t open)
{
	return interval_close_time(interval_find(name), open);
}

static void test_close(void)
{
	const int64_t t = 1746072000000LL;   /* 2025-05-01T04:00:00Z */

	CHECK_INT(close_of("1m", t), t + MIN - 1);
	CHECK_INT(close_of("3m", t), t + 3 * MIN - 1);
	CHECK_INT(close_of("5m", t), t + 5 * MIN - 1);
	CHECK_INT(close_of("15m", t), t + 15 * MIN - 1);
	CHECK_INT(close_of("30m", t), t + 30 * MIN - 1);
	CHECK_INT(close_of("1h", t), t + HOUR - 1);
	CHECK_INT(close_of("2h", t), t + 2 * HOUR - 1);
	CHECK_INT(close_of("4h", t), 1746086399999LL);
	CHECK_INT(close_of("6h", t), t + 6 * HOUR - 1);
	CHECK_INT(close_of("8h", t), t + 8 * HOUR - 1);
	CHECK_INT(close_of("12h", t), t + 12 * HOUR - 1);
	CHECK_INT(close_of("1d", 1746057600000LL), 1746143999999LL);
	CHECK_INT(close_of("3d", 1746057600000LL), 1746057600000LL + 3 * DAY - 1);
	/* 2025-05-05 is a Monday. */
	CHECK_INT(close_of("1w", 1746403200000LL), 1747007999999LL);
	CHECK_INT(close_of("1m", 0), MIN - 1);

	/* Calendar months. */
	CHECK_INT(close_of("1M", 1746057600000LL), 1748735999999LL);  /* May 2025: 31 days */
	CHECK_INT(close_of("1M", 1733011200000LL), 1735689599999LL);  /* Dec 2024 into 2025 */
	CHECK_INT(close_of("1M", 1706745600000LL), 1709251199999LL);  /* Feb 2024: 29 days */
	CHECK_INT(close_of("1M", 1738368000000LL), 1740787199999LL);  /* Feb 2025: 28 days */
	CHECK_INT(close_of("1M", 949363200000LL), 951868799999LL);    /* Feb 2000: 29 days */
	CHECK_INT(close_of("1M", -2206310400000LL), -2203891200001LL); /* Feb 1900: 28 days */
	CHECK_INT(close_of("1M", 4105123200000LL), 4107542399999LL);  /* Feb 2100: 28 days */
	CHECK_INT(close_of("1M", 0), 2678399999LL);                   /* Jan 1970 */
	CHECK_INT(close_of("1M", -2678400000LL), -1);                  /* Dec 1969 */
	/* An open time inside the month still closes at the month's end. */
	CHECK_INT(close_of("1M", 1734269400000LL), 1735689599999LL);  /* 2024-12-15T13:30 */
	CHECK_INT(close_of("1M", 1709251199000LL), 1709251199999LL);  /* 2024-02-29T23:59:59 */
	CHECK_INT(close_of("1M", 1709251199999LL), 1709251199999LL);

	/* Every month from 1900 to 2200 against a month table: each closes one
	 * millisecond before the next opens. */
	{
		static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int64_t open = -2208988800000LL;   /* 1900-01-01 */
		long bad = 0;

		for (int y = 1900; y <= 2200; y++)
			for (int m = 0; m < 12; m++) {
				int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
				int64_t next = open + (mdays[m] + (m == 1 && leap)) * DAY;

				if (close_of("1M", open) != next - 1 && bad++ < 5)
					printf("  %d-%02d: close %lld, expected %lld\n", y, m + 1,
					       (long long)close_of("1M", open), (long long)(next - 1));
				if (close_of("1M", next - 1) != next - 1 && bad++ < 5)
					printf("  %d-%02d: last ms closes at %lld\n", y, m + 1,
					       (long long)close_of("1M", next - 1));
				open = next;
			}
		CHECKF(bad == 0, "%ld month ends wrong", bad);
		CHECK_INT(open, 7289654400000LL);  /* 2201-01-01 */
	}
}

/* Stepping between candles; times by hand: 2025-05-01T00:00Z is
 * 1746057600000, a Thursday; 4h is 14400000 ms. */
static void test_steps(void)
{
	const struct interval *h4 = interval_find("4h"), *mo = interval_find("1M"),
			      *wk = interval_find("1w");

	CHECK_INT(interval_next_open(h4, 1746057600000LL), 1746072000000LL);
	CHECK_INT(interval_first_open(h4, 1746057600000LL), 1746057600000LL);
	CHECK_INT(interval_first_open(h4, 1746057600001LL), 1746072000000LL);
	CHECK_INT(interval_back(h4, 1746057600000LL, 0), 1746057600000LL);
	CHECK_INT(interval_back(h4, 1746057600000LL, 6), 1745971200000LL);
	/* 2025-05-01 back 5 months: 2024-12-01 (1733011200000); 17: 2023-12-01. */
	CHECK_INT(interval_back(mo, 1746057600000LL, 5), 1733011200000LL);
	CHECK_INT(interval_back(mo, 1746057600000LL, 17), 1701388800000LL);
	/* the month after 2025-05-01: 2025-06-01 (1748736000000) */
	CHECK_INT(interval_next_open(mo, 1746057600000LL), 1748736000000LL);
	CHECK_INT(interval_first_open(mo, 1746057600001LL), 1748736000000LL);
	/* weeks start on Monday: the one after Thursday 2025-05-01 is 2025-05-05 */
	CHECK_INT(interval_first_open(wk, 1746057600000LL), 1746403200000LL);
}

int main(void)
{
	test_find();
	test_close();
	test_steps();
	UNIT_END();
}
