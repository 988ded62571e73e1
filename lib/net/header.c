/* header: numeric and Date header lines of an HTTP answer (header.h). */
#include "header.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cbtime.h"

int header_num(const char *line, size_t n, const char *name, long *value)
{
	size_t k = strlen(name);
	long long v;
	char *end;

	if (n <= k + 1 || strncasecmp(line, name, k) || line[k] != ':')
		return 0;
	/* Any number the server sends, however large, stays a number that
	 * later arithmetic (seconds to ms, weights added up) cannot overflow;
	 * a value that is not a whole number of 0 or more is no value (-1). */
	errno = 0;
	v = strtoll(line + k + 1, &end, 10);
	if (end == line + k + 1 || v < 0)
		*value = -1;
	else
		*value = errno == ERANGE || v > HEADER_NUM_MAX ? HEADER_NUM_MAX : (long)v;
	return 1;
}

int header_ms(const char *line, size_t n, const char *name, long *ms)
{
	size_t k = strlen(name);
	char tmp[64], *end;
	double v;

	if (n <= k + 1 || strncasecmp(line, name, k) || line[k] != ':')
		return 0;
	*ms = -1;
	if (n - k - 1 >= sizeof tmp)
		return 1;
	memcpy(tmp, line + k + 1, n - k - 1);
	tmp[n - k - 1] = '\0';
	v = strtod(tmp, &end);
	while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
		end++;
	if (end == tmp || *end || !(v >= 0))
		return 1;
	*ms = v * 1000 >= (double)HEADER_NUM_MAX ? HEADER_NUM_MAX : (long)(v * 1000 + 0.5);
	return 1;
}

int64_t header_date(const char *p, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char tmp[64], mon[4];
	int d, y, hh, mm, ss;
	const char *m;

	if (n < 6 || n >= sizeof tmp || strncasecmp(p, "Date:", 5))
		return 0;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if (sscanf(tmp + 5, " %*3s, %2d %3s %4d %2d:%2d:%2d", &d, mon, &y, &hh, &mm, &ss) != 6)
		return 0;
	mon[3] = '\0';
	m = strstr(months, mon);
	if (!m || (m - months) % 3)
		return 0;
	return (days_from_civil(y, (unsigned)((m - months) / 3 + 1), (unsigned)d) * 86400 +
		hh * 3600 + mm * 60 + ss) * 1000LL;
}
