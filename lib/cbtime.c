#include "cbtime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t fixed_now;
static int have_now;

void time_set_now(int64_t ms)
{
	fixed_now = ms;
	have_now = 1;
}

int64_t time_now(void)
{
	struct timespec ts;

	if (have_now)
		return fixed_now;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return a % b < 0 ? q - 1 : q;
}

/* Howard Hinnant's algorithms, valid for every proleptic Gregorian date. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Read exactly n digits at *p. Returns -1 if they are not there. */
static long digits(const char **p, int n)
{
	long v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	return v;
}

static int days_in_month(long y, long m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

/* Read the separator c of the extended form, or nothing in the basic form.
 * Returns -1 if the form says otherwise. */
static int sep(const char **p, char c, int basic)
{
	if (basic)
		return **p == c ? -1 : 0;
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/* ISO 8601, extended (2025-05-01T04:00:00Z) or basic (20250501T040000Z)
 * form; the two are not mixed. */
static int parse_iso(const char *s, int64_t *ms)
{
	const char *p = s;
	long y, mo, d, h = 0, mi = 0, sec = 0, frac = 0;
	int64_t off = 0;
	int basic;

	if ((y = digits(&p, 4)) < 0)
		return -1;
	basic = *p != '-';
	if (sep(&p, '-', basic) < 0 || (mo = digits(&p, 2)) < 0 || sep(&p, '-', basic) < 0 ||
	    (d = digits(&p, 2)) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if (*p == 'T' || *p == 't' || (*p == ' ' && !basic)) {
		p++;
		if ((h = digits(&p, 2)) < 0 || sep(&p, ':', basic) < 0 ||
		    (mi = digits(&p, 2)) < 0)
			return -1;
		if (basic ? *p >= '0' && *p <= '9' : *p == ':') {
			if (!basic)
				p++;
			if ((sec = digits(&p, 2)) < 0)
				return -1;
			if (*p == '.') {
				long scale = 100;

				p++;
				if (*p < '0' || *p > '9')
					return -1;
				for (; *p >= '0' && *p <= '9'; p++, scale /= 10)
					frac += (*p - '0') * scale;
			}
		}
		if (h > 23 || mi > 59 || sec > 59)
			return -1;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1;
			long oh, om;

			if ((oh = digits(&p, 2)) < 0)
				return -1;
			if (*p == ':' && !basic)
				p++;
			if ((om = digits(&p, 2)) < 0 || oh > 23 || om > 59)
				return -1;
			off = sign * (oh * MS_PER_HOUR + om * MS_PER_MIN);
		}
	}
	if (*p)
		return -1;
	*ms = days_from_civil(y, (unsigned)mo, (unsigned)d) * MS_PER_DAY +
	      h * MS_PER_HOUR + mi * MS_PER_MIN + sec * MS_PER_SEC + frac - off;
	return 0;
}

int duration_parse(const char *s, int64_t *ms)
{
	const char *p = s;
	int64_t total = 0;

	if (!*p)
		return -1;
	while (*p) {
		int64_t n = 0, unit;

		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++) {
			n = n * 10 + (*p - '0');
			if (n > 1000000000LL)
				return -1;
		}
		switch (*p++) {
		case 's': unit = MS_PER_SEC; break;
		case 'm': unit = MS_PER_MIN; break;
		case 'h': unit = MS_PER_HOUR; break;
		case 'd': unit = MS_PER_DAY; break;
		case 'w': unit = 7 * MS_PER_DAY; break;
		default: return -1;
		}
		if (n * unit > INT64_MAX - total)
			return -1;
		total += n * unit;
	}
	if (total <= 0)
		return -1;
	*ms = total;
	return 0;
}

int time_parse(const char *s, int64_t *ms)
{
	const char *p = s;

	if (!strcmp(s, "now")) {
		*ms = time_now();
		return 0;
	}
	if (*s == '-' || *s == '+') {
		int64_t d;

		if (duration_parse(s + 1, &d) < 0)
			return -1;
		if (*s == '-' ? time_now() < INT64_MIN + d : time_now() > INT64_MAX - d)
			return -1;
		*ms = time_now() + (*s == '-' ? -d : d);
		return 0;
	}
	while (*p >= '0' && *p <= '9')
		p++;
	/* A bare number: 8 digits are a date in the basic form (20250501),
	 * 13 digits epoch milliseconds, 10 digits epoch seconds (2001-09-09
	 * to 2286 either way); any other length could be more than one of
	 * these, and is refused rather than guessed. */
	if (!*p && p - s != 8) {
		int64_t v = 0;

		if (p - s != 13 && p - s != 10)
			return -1;
		for (p = s; *p; p++)
			v = v * 10 + (*p - '0');
		*ms = p - s == 10 ? v * MS_PER_SEC : v;
		return 0;
	}
	return parse_iso(s, ms);
}

size_t time_format(char *dst, int64_t ms)
{
	int64_t days = ms / MS_PER_DAY, rem = ms % MS_PER_DAY, y;
	unsigned m, d;
	int n;

	if (rem < 0) {
		days--;
		rem += MS_PER_DAY;
	}
	civil_from_days(days, &y, &m, &d);
	n = snprintf(dst, 32, "%04lld-%02u-%02uT%02d:%02d:%02d", (long long)y, m, d,
		     (int)(rem / MS_PER_HOUR), (int)(rem / MS_PER_MIN % 60),
		     (int)(rem / MS_PER_SEC % 60));
	if (rem % 1000)
		n += snprintf(dst + n, (size_t)(32 - n), ".%03d", (int)(rem % 1000));
	dst[n++] = 'Z';
	dst[n] = '\0';
	return (size_t)n;
}
