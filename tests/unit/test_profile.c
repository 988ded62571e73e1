/* Unit tests of lib/profile.c: the built-in profiles, the profile text
 * format read and written back, and its errors. */
#include <string.h>

#include "profile.h"
#include "unit.h"

static int parse(struct profile *p, const char *s, char *err)
{
	err[0] = '\0';
	return profile_parse(p, s, strlen(s), "my.prof", err, 256);
}

int main(void)
{
	struct profile p, q;
	struct buf b = { 0 };
	char err[256];

	/* seed: today's defaults, no conditions. */
	CHECK_INT(profile_builtin(&p, "seed"), 0);
	CHECK_STR(p.name, "seed");
	CHECK_INT(p.nwin, 3);
	CHECK_STR(p.labels[2], "30d");
	CHECK_INT(p.win_ms[0], 7 * 86400000LL);
	CHECK_INT(p.measure, MEASURE_AUTO);
	CHECK_NUM(p.rules.t[3], 5);
	CHECK_NUM(profile_min_ratio(&p), 1.5);
	CHECK_INT(p.ncond, 0);
	CHECK_INT(profile_is_seed(&p), 1);
	CHECK_INT(profile_needs(&p, 1), 0);
	CHECK_INT(profile_counts_trades(&p), 0);
	/* min_ratio follows the WEAK threshold until it is set. */
	CHECK_INT(profile_set_thresholds(&p, "2,3,4,5"), 0);
	CHECK_NUM(profile_min_ratio(&p), 2);
	CHECK_INT(profile_set_min_ratio(&p, "7"), 0);
	CHECK_NUM(profile_min_ratio(&p), 7);
	CHECK_INT(profile_set_min_ratio(&p, "0"), -1);
	CHECK_INT(profile_set_min_ratio(&p, "2x"), -1);

	/* pump. */
	CHECK_INT(profile_builtin(&p, "pump"), 0);
	CHECK_INT(profile_is_seed(&p), 0);
	CHECK_INT(p.nwin, 2);
	CHECK_INT(p.win_ms[1], 3 * 86400000LL);
	CHECK_NUM(profile_min_ratio(&p), 20);
	CHECK_INT(p.ncond, 2);
	CHECK_INT(profile_needs(&p, 1), CANDLE_TRADES);
	CHECK_INT(profile_counts_trades(&p), 1);
	profile_write(&p, &b);
	CHECK_MEM(b.p, b.len, "name = pump\nwindows = 1d,3d\nvolume = auto\n"
		  "thresholds = 20,50,100,200\nmin_ratio = 20\n"
		  "condition = trades_ratio >= 50\ncondition = minute < 5\n",
		  strlen("name = pump\nwindows = 1d,3d\nvolume = auto\n"
			 "thresholds = 20,50,100,200\nmin_ratio = 20\n"
			 "condition = trades_ratio >= 50\ncondition = minute < 5\n"));
	/* What it writes reads back to the same profile. */
	CHECK_INT(profile_parse(&q, b.p, b.len, "x", err, sizeof err), 0);
	CHECK(!memcmp(&p, &q, sizeof p));
	CHECK_INT(profile_builtin(&p, "pumps"), -1);

	/* A file: comments, blanks, CRLF; keys not given keep seed's; the name
	 * defaults to the one given. */
	CHECK_INT(parse(&p, "# mine\n\n  windows = 1d \r\ncondition=spike_pct>=5\n"
			"volume = BASE\n", err), 0);
	CHECK_STR(p.name, "my.prof");
	CHECK_INT(p.nwin, 1);
	CHECK_STR(p.labels[0], "1d");
	CHECK_INT(p.measure, MEASURE_BASE);
	CHECK_NUM(profile_min_ratio(&p), 1.5);
	CHECK_INT(p.ncond, 1);
	CHECK_INT(p.cond[0].what, COND_SPIKE_PCT);
	CHECK_INT(profile_is_seed(&p), 0);
	/* An empty file is the seed profile under another name. */
	CHECK_INT(parse(&p, "", err), 0);
	CHECK_INT(profile_is_seed(&p), 0);
	CHECK_INT(parse(&p, "name = seed\n", err), 0);
	CHECK_INT(profile_is_seed(&p), 1);

	/* Errors name the line. */
	CHECK_INT(parse(&p, "name = x\nwidows = 1d\n", err), -1);
	CHECK_STR(err, "line 2: 'widows' is not a key (name, windows, volume, thresholds, "
		  "min_ratio, condition)");
	CHECK_INT(parse(&p, "windows\n", err), -1);
	CHECK_STR(err, "line 1: 'windows' is not key = value");
	CHECK_INT(parse(&p, "windows = 1d,1d\n", err), -1);
	CHECK_STR(err, "line 1: windows: '1d' is given twice");
	CHECK_INT(parse(&p, "thresholds = 3,2,4,5\n", err), -1);
	CHECK_STR(err, "line 1: thresholds: '3,2,4,5' is not four increasing positive "
		  "numbers such as 1.5,2,3,5");
	CHECK_INT(parse(&p, "min_ratio = -1\n", err), -1);
	CHECK_STR(err, "line 1: min_ratio: '-1' is not a positive number");
	CHECK_INT(parse(&p, "volume = coins\n", err), -1);
	CHECK_STR(err, "line 1: volume: 'coins' is not auto, quote or base");
	CHECK_INT(parse(&p, "\ncondition = minute = 0\n", err), -1);
	CHECK_STR(err, "line 2: condition: 'minute = 0' has no operator (>=, >, <= or <) "
		  "after 'minute'");
	CHECK_INT(parse(&p, "name =\n", err), -1);
	CHECK_STR(err, "line 1: name: '' is not 1 to 63 bytes");

	/* Windows as --windows takes them. */
	CHECK_INT(profile_set_windows(&p, "1d,", err, sizeof err), -1);
	CHECK_STR(err, "'1d,' ends with a comma");
	CHECK_INT(profile_set_windows(&p, "1d,2x", err, sizeof err), -1);
	CHECK_STR(err, "'2x' is not a duration such as 7d or 90m");
	CHECK_INT(profile_set_windows(&p, "1m,2m,3m,4m,5m,6m,7m,8m,9m", err, sizeof err), -1);
	CHECK_STR(err, "at most 8 windows");
	buf_release(&b);
	UNIT_END();
}
