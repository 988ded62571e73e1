/* opts: one option table per tool, from which getopt_long's arrays and the
 * --help text are both made, so they cannot disagree.
 *
 *	static const struct opt opts[] = {
 *		{ "all", 'a', 0, NULL, "write a record for every evaluated candle" },
 *		{ "since", OPT_SINCE, 1, "TIME", "signal only candles opening at or after TIME" },
 *		OPTS_COMMON,
 *		{ 0 }
 *	};
 *	while ((c = opts_next(argc, argv, opts, &arg)) != -1) switch (c) { ... }
 *
 * Ids below 256 are also the short option letter; larger ids are long-only. */
#ifndef CB_OPTS_H
#define CB_OPTS_H

#include <stdint.h>
#include <stdio.h>

struct opt {
	const char *name;     /* long name, without "--" */
	int id;               /* short letter, or >= 256 for long-only */
	int has_arg;          /* 0 none, 1 required */
	const char *argname;  /* for help: "TIME" */
	const char *help;     /* one line, lowercase, no full stop */
};

enum { OPT_HELP = 'h', OPT_QUIET = 'q', OPT_VERSION = 256, OPT_TOOL = 300 };

/* The options every tool has; put them in every table. */
#define OPTS_COMMON \
	{ "quiet", OPT_QUIET, 0, NULL, "do not print notes and warnings (errors still are)" }, \
	{ "help", OPT_HELP, 0, NULL, "print this help and exit" }, \
	{ "version", OPT_VERSION, 0, NULL, "print the version and exit" }

/* What --help prints around the option list. */
struct opt_usage {
	const char *synopsis;     /* "[OPTION]... [FILE]..." */
	const char *summary;      /* one sentence: what the tool does */
	const char *epilogue;     /* more text after the options, or NULL */
};

/* Return the id of the next option with its argument in *arg (NULL if none),
 * or -1 when the options end (optind then indexes the first operand).
 * --help, --version and -q are handled here: help and version print to
 * stdout and exit 0; -q sets quiet messages. An unknown option or a missing
 * argument is a usage error (exit 2). */
int opts_next(int argc, char **argv, const struct opt *tab,
	      const struct opt_usage *usage, const char **arg);

/* The index in names (NULL-terminated) of arg, matched ignoring case
 * (choice.h): --status confirmed is CONFIRMED. Any other arg is a usage
 * error (exit 2) "OPT: 'ARG' is not A, B or C". */
int opts_choice(const char *opt, const char *arg, const char *const names[]);

/* The symbol arg of option opt normalised into dst of size n (symbol.h:
 * btcusdt, BTC/USDT and BTC/USDT:USDT are BTCUSDT); returns dst. Anything
 * that is not a symbol is a usage error (exit 2). */
const char *opts_symbol(const char *opt, const char *arg, char *dst, size_t n);

/* The time arg of option opt (as "--since"), read by time_parse (cbtime.h).
 * An argument that is not a time is a usage error (exit 2) that names the
 * forms a time takes. */
int64_t opts_time(const char *opt, const char *arg);

/* Print the help text for tab to f. */
void opts_help(FILE *f, const struct opt *tab, const struct opt_usage *usage);

#endif
