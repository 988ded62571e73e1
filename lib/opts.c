#include "opts.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "candle.h"
#include "cbtime.h"
#include "choice.h"
#include "msg.h"
#include "symbol.h"
#include "xalloc.h"

void opts_help(FILE *f, const struct opt *tab, const struct opt_usage *usage)
{
	fprintf(f, "Usage: %s %s\n%s\n\nOptions:\n", msg_prog(), usage->synopsis,
		usage->summary);
	for (const struct opt *o = tab; o->name; o++) {
		char left[64];
		int n;

		if (o->id < 256)
			n = snprintf(left, sizeof left, "  -%c, --%s", o->id, o->name);
		else
			n = snprintf(left, sizeof left, "      --%s", o->name);
		if (o->has_arg)
			snprintf(left + n, sizeof left - (size_t)n, " %s", o->argname);
		if (strlen(left) >= 28)
			fprintf(f, "%s\n%28s%s\n", left, "", o->help);
		else
			fprintf(f, "%-28s%s\n", left, o->help);
	}
	if (usage->epilogue)
		fprintf(f, "\n%s", usage->epilogue);
	fprintf(f, "\nExit status: 0 ok, 1 fatal error, 2 usage error, 3 some records rejected.\n"
		   "See %s(1) for details.\n", msg_prog());
}

int opts_choice(const char *opt, const char *arg, const char *const names[])
{
	char all[256];
	int i = choice_find(arg, names);

	if (i >= 0)
		return i;
	choice_list(all, sizeof all, names);
	usage_error("%s: '%s' is not %s", opt, arg, all);
}

const char *opts_symbol(const char *opt, const char *arg, char *dst, size_t n)
{
	if (symbol_normalize(arg, dst, n) < 0)
		usage_error("%s: '%s' is not a symbol (BTCUSDT, btcusdt, BTC/USDT or "
			    "BTC/USDT:USDT)", opt, arg);
	return dst;
}

int opts_next(int argc, char **argv, const struct opt *tab,
	      const struct opt_usage *usage, const char **arg)
{
	static struct option *longs;
	static char shorts[128];
	static const struct opt *built;
	int n = 0, c;

	if (built != tab) {
		size_t k = 0;

		for (const struct opt *o = tab; o->name; o++)
			n++;
		free(longs);
		longs = xcalloc((size_t)n + 1, sizeof *longs);
		shorts[k++] = ':';  /* report a missing argument as ':' */
		for (int i = 0; i < n; i++) {
			longs[i].name = tab[i].name;
			longs[i].has_arg = tab[i].has_arg ? required_argument : no_argument;
			longs[i].val = tab[i].id;
			if (tab[i].id < 256 && k + 3 < sizeof shorts) {
				shorts[k++] = (char)tab[i].id;
				if (tab[i].has_arg)
					shorts[k++] = ':';
			}
		}
		shorts[k] = '\0';
		built = tab;
		opterr = 0;
	}
	for (;;) {
		c = getopt_long(argc, argv, shorts, longs, NULL);
		*arg = optarg;
		switch (c) {
		case -1:
			free(longs);
			longs = NULL;
			built = NULL;
			return -1;
		case OPT_HELP:
			opts_help(stdout, tab, usage);
			if (fflush(stdout) || ferror(stdout))
				die("cannot write to standard output:");
			exit(CB_EXIT_OK);
		case OPT_VERSION:
			printf("%s %s\n", msg_prog(), CB_VERSION);
			if (fflush(stdout) || ferror(stdout))
				die("cannot write to standard output:");
			exit(CB_EXIT_OK);
		case OPT_QUIET:
			msg_set_quiet(1);
			continue;
		case ':':
			usage_error("option '%s' needs an argument", argv[optind - 1]);
		case '?':
			if (optopt && optopt < 256)
				usage_error("unknown option '-%c'", optopt);
			usage_error("unknown option '%s'", argv[optind - 1]);
		default:
			return c;
		}
	}
}

int64_t opts_time(const char *opt, const char *arg)
{
	int64_t t;

	if (time_parse(arg, &t) == 0)
		return t;
	if (arg[0] && !arg[strspn(arg, "0123456789")])
		usage_error("%s: '%s' is ambiguous: a bare number is a date of 8 digits "
			    "(20250501), epoch seconds of 10 or epoch milliseconds of 13 "
			    "(see TIMES in cb-formats(5))", opt, arg);
	usage_error("%s: '%s' is not a time (2025-05-01, 20250501, 2025-05-01T04:00:00Z, "
		    "20250501T0400Z, epoch milliseconds, -30d or now; see TIMES in "
		    "cb-formats(5))", opt, arg);
}
