#include "interval.h"

#include <string.h>

#include "cbtime.h"

static const struct interval intervals[] = {
	{ "1m", MS_PER_MIN, 0 },        { "3m", 3 * MS_PER_MIN, 0 },
	{ "5m", 5 * MS_PER_MIN, 0 },    { "15m", 15 * MS_PER_MIN, 0 },
	{ "30m", 30 * MS_PER_MIN, 0 },  { "1h", MS_PER_HOUR, 0 },
	{ "2h", 2 * MS_PER_HOUR, 0 },   { "4h", 4 * MS_PER_HOUR, 0 },
	{ "6h", 6 * MS_PER_HOUR, 0 },   { "8h", 8 * MS_PER_HOUR, 0 },
	{ "12h", 12 * MS_PER_HOUR, 0 }, { "1d", MS_PER_DAY, 0 },
	{ "3d", 3 * MS_PER_DAY, 0 },    { "1w", 7 * MS_PER_DAY, 0 },
	{ "1M", 30 * MS_PER_DAY, 1 },
};

const struct interval *interval_find(const char *name)
{
	/* Called for every candle read: compare only the names of the right
	 * length, found by the unit letter. */
	size_t n = strlen(name);

	if (n < 2 || n > 3)
		return NULL;
	for (size_t i = 0; i < sizeof intervals / sizeof intervals[0]; i++) {
		const char *iv = intervals[i].name;

		if (iv[n - 1] == name[n - 1] && iv[0] == name[0] && !strcmp(iv, name))
			return &intervals[i];
	}
	return NULL;
}

int64_t interval_close_time(const struct interval *iv, int64_t open_ms)
{
	int64_t days, y;
	unsigned m, d;

	if (!iv->months)
		return open_ms + iv->ms - 1;
	days = floor_div(open_ms, MS_PER_DAY);
	civil_from_days(days, &y, &m, &d);
	if (++m > 12) {
		m = 1;
		y++;
	}
	return days_from_civil(y, m, 1) * MS_PER_DAY - 1;
}

int64_t interval_open_time(const struct interval *iv, int64_t t)
{
	int64_t y;
	unsigned m, d;

	if (!iv->months) {
		int64_t off = iv->ms == 7 * MS_PER_DAY ? 4 * MS_PER_DAY : 0; /* 1970-01-05 was a Monday */

		return floor_div(t - off, iv->ms) * iv->ms + off;
	}
	civil_from_days(floor_div(t, MS_PER_DAY), &y, &m, &d);
	return days_from_civil(y, m, 1) * MS_PER_DAY;
}

int64_t interval_next_open(const struct interval *iv, int64_t open_ms)
{
	return interval_close_time(iv, open_ms) + 1;
}

int64_t interval_first_open(const struct interval *iv, int64_t t)
{
	int64_t open = interval_open_time(iv, t);

	return open < t ? interval_next_open(iv, open) : open;
}

int64_t interval_back(const struct interval *iv, int64_t open_ms, long n)
{
	int64_t y;
	unsigned m, d;

	if (!iv->months)
		return open_ms - n * iv->ms;
	civil_from_days(floor_div(open_ms, MS_PER_DAY), &y, &m, &d);
	y -= n / 12;
	m = (unsigned)((long)m - n % 12);
	if ((int)m < 1) {
		m += 12;
		y--;
	}
	return days_from_civil(y, m, 1) * MS_PER_DAY;
}

const char *interval_names(void)
{
	return "1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M";
}
