/* cb-validate: follow detected signals after the fact, in the store, and
 * answer questions about them.
 *
 *	cb-validate [FILE]...     the filter: signals and candles in, status,
 *	                          score (and tracking) records out
 *	cb-validate list          signals, active or all      (query.c)
 *	cb-validate show ID       one signal with its tracking and confirmations
 *	cb-validate stats         counts and confirmation rates
 *	cb-validate status        store health
 *	cb-validate prune         archive old final signals */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "candle.h"
#include "cbtime.h"
#include "choice.h"
#include "msg.h"
#include "opts.h"
#include "out.h"
#include "validate.h"

enum { OPT_PASS = 'p', OPT_DB = OPT_TOOL, OPT_TRACK, OPT_PUMP, OPT_DRAWDOWN,
       OPT_MONITOR, OPT_STRICT, OPT_ACTIVE, OPT_HISTORY, OPT_SINCE, OPT_STATUS,
       OPT_SYMBOL, OPT_OLDER, OPT_FORMAT, OPT_LIMIT, OPT_SORT, OPT_BY, OPT_STRENGTH,
       OPT_NOW, OPT_WEIGHTS_FILE, OPT_HOLDOUT };

static const struct opt options[] = {
	{ "db", OPT_DB, 1, "FILE", "the SQLite store (else $CB_DB, else $XDG_DATA_HOME/cb/cb.db)" },
	{ "pass-through", OPT_PASS, 0, NULL, "copy every input line to the output, records after it" },
	{ "track", OPT_TRACK, 0, NULL, "also write a tracking record for each candle applied" },
	{ "pump-pct", OPT_PUMP, 1, "PCT", "CONFIRMED at a max gain of PCT percent (10)" },
	{ "max-drawdown-pct", OPT_DRAWDOWN, 1, "PCT", "FAILED at a drawdown of PCT percent (15)" },
	{ "monitor-hours", OPT_MONITOR, 1, "H", "FAILED (expired) at an age of H hours (168)" },
	{ "strict", OPT_STRICT, 0, NULL, "stop at the first rejected record (exit 1)" },
	{ "active", OPT_ACTIVE, 0, NULL, "list: the signals followed (DETECTED, MONITORING)" },
	{ "history", OPT_HISTORY, 0, NULL, "list: every signal (the default)" },
	{ "since", OPT_SINCE, 1, "TIME", "list, stats: signals detected at or after TIME" },
	{ "status", OPT_STATUS, 1, "STATUS", "list: signals of STATUS only (any case)" },
	{ "symbol", OPT_SYMBOL, 1, "SYMBOL", "list: signals of SYMBOL only (btcusdt, BTC/USDT:USDT)" },
	{ "strength", OPT_STRENGTH, 1, "STRENGTH", "list: signals of STRENGTH only (WEAK ... EXTREME)" },
	{ "sort", OPT_SORT, 1, "KEY", "list: detected (oldest first), newest, symbol, gain or score" },
	{ "by", OPT_BY, 1, "KEY", "stats: groups by symbol, strength, level, interval or month" },
	{ "limit", OPT_LIMIT, 1, "N", "queries: at most N records of each type" },
	{ "older-than", OPT_OLDER, 1, "DURATION", "prune: final signals detected more than DURATION ago" },
	{ "format", OPT_FORMAT, 1, "FORMAT", "queries: json (NDJSON, the default), table, csv or tsv" },
	{ "now", OPT_NOW, 1, "TIME", "take TIME as the current time" },
	{ "weights-file", OPT_WEIGHTS_FILE, 1, "FILE", "calibrate: the weights in use, replaced when better ones are found" },
	{ "holdout", OPT_HOLDOUT, 1, "PCT", "calibrate: judge on the newest PCT percent of the final signals (30)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"[COMMAND] [OPTION]... [FILE]...",
	"Follow signals after their detection with the candles that come after them,\n"
	"keep their lifecycle in the store, and report on it.\n"
	"Without a command, read signals and candles (NDJSON) from the FILEs or\n"
	"standard input and write status and score records. Commands: list,\n"
	"show ID, stats, status (store health), prune --older-than DURATION,\n"
	"calibrate [--weights-file FILE].",
	"Environment: CB_DB (the store), XDG_DATA_HOME, HOME.\n"
};

enum command { CMD_TRACK, CMD_LIST, CMD_SHOW, CMD_STATS, CMD_STATUS, CMD_PRUNE, CMD_CALIBRATE };

/* The commands and the options each accepts besides the common ones
 * (bits of 1 << (option id - OPT_TOOL), and the short -p). */
#define BIT(o) (1u << ((o) - OPT_TOOL))
#define QUERY_OPTS (BIT(OPT_DB) | BIT(OPT_FORMAT) | BIT(OPT_NOW))
#define READ_OPTS (QUERY_OPTS | BIT(OPT_LIMIT))
static const struct command_info {
	const char *name;
	enum command cmd;
	int (*fn)(struct validate *v);
	int nargs;                 /* operands: -1 any (files), else exactly */
	int writes;                /* writes the store */
	unsigned opts;
} commands[] = {
	{ "list", CMD_LIST, cmd_list, 0, 0, READ_OPTS | BIT(OPT_ACTIVE) | BIT(OPT_HISTORY) |
	  BIT(OPT_SINCE) | BIT(OPT_STATUS) | BIT(OPT_SYMBOL) | BIT(OPT_STRENGTH) | BIT(OPT_SORT) },
	{ "show", CMD_SHOW, cmd_show, 1, 0, READ_OPTS },
	{ "stats", CMD_STATS, cmd_stats, 0, 0, READ_OPTS | BIT(OPT_SINCE) | BIT(OPT_BY) },
	{ "status", CMD_STATUS, cmd_status, 0, 0, READ_OPTS },
	{ "prune", CMD_PRUNE, cmd_prune, 0, 1, QUERY_OPTS | BIT(OPT_OLDER) },
	{ "calibrate", CMD_CALIBRATE, cmd_calibrate, 0, 0, QUERY_OPTS | BIT(OPT_WEIGHTS_FILE) |
	  BIT(OPT_HOLDOUT) },
	{ NULL, CMD_TRACK, cmd_track, -1, 1, BIT(OPT_DB) | BIT(OPT_TRACK) | BIT(OPT_PUMP) |
	  BIT(OPT_DRAWDOWN) | BIT(OPT_MONITOR) | BIT(OPT_STRICT) | BIT(OPT_NOW) }
};

static double parse_pct(const char *opt, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v > 0) || v > 1e6)
		usage_error("%s: '%s' is not a positive number", opt, arg);
	return v;
}

/* The option names given, for the check against the command. */
static const char *option_name(int id)
{
	for (const struct opt *o = options; o->name; o++)
		if (o->id == id)
			return o->name;
	return "?";
}

/* The command named by the first operand, if it names one; else NULL.
 * An operand that is neither a command nor a file, but is near a command,
 * is a usage error that names the command. */
static const struct command_info *find_command(const char *arg)
{
	const char *names[sizeof commands / sizeof commands[0]], *near;
	size_t n = 0;

	for (const struct command_info *k = commands; k->name; k++) {
		if (!strcmp(arg, k->name))
			return k;
		names[n++] = k->name;
	}
	names[n] = NULL;
	if (strcmp(arg, "-") && access(arg, F_OK) < 0 && (near = choice_nearest(arg, names)))
		usage_error("'%s' is not a command or a file; did you mean '%s'?", arg, near);
	return NULL;
}

/* Open the store; a query needs one that exists. */
static void open_store(struct validate *v, const struct command_info *ci, struct buf *path)
{
	const char *p = store_path(v->db_path);

	if (!p && !(p = store_default_path(path, ci->writes)))
		exit(CB_EXIT_FATAL);
	v->db_path = p;
	if (!ci->writes && access(p, F_OK) < 0)
		die("cannot open the store '%s': no such file (cb-validate fills it; "
		    "see --db)", p);
	v->store = ci->writes ? store_open(p) : store_open_ro(p);
	if (!v->store)
		exit(CB_EXIT_FATAL);
}

int main(int argc, char **argv)
{
	static struct validate v;
	const struct command_info *ci;
	struct buf path = BUF_INIT;
	const char *arg, *since = NULL, *now = NULL;
	static const char *const statuses[] = { "DETECTED", "MONITORING", "CONFIRMED", "FAILED",
						"ARCHIVED", NULL };
	static const char *const strengths[] = { "WEAK", "MEDIUM", "STRONG", "EXTREME", NULL };
	static const char *const sorts[] = { "detected", "newest", "symbol", "gain", "score", NULL };
	static const char *const bys[] = { "symbol", "strength", "level", "interval", "month", NULL };
	static const char *const formats[] = { "json", "table", "csv", "tsv", NULL };
	static char symbol[CANDLE_NAME_MAX];
	enum report_format format = REPORT_JSON;
	long limit = 0;
	unsigned given = 0;
	int c, rc;

	msg_init("cb-validate");
	lc_rules_default(&v.lc);
	v.holdout_pct = 30;
	score_rules_default(&v.score);
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		if (c >= OPT_TOOL)
			given |= BIT(c);
		switch (c) {
		case OPT_DB: v.db_path = arg; break;
		case OPT_PASS: v.pass = 1; break;
		case OPT_TRACK: v.track = 1; break;
		case OPT_PUMP: v.lc.pump_pct = parse_pct("--pump-pct", arg); break;
		case OPT_DRAWDOWN: v.lc.drawdown_pct = parse_pct("--max-drawdown-pct", arg); break;
		case OPT_MONITOR: {
			double h = parse_pct("--monitor-hours", arg);

			if (h != floor(h) || h > 100000)
				usage_error("--monitor-hours: '%s' is not a whole number of hours", arg);
			v.lc.monitor_ms = (int64_t)h * MS_PER_HOUR;
			break;
		}
		case OPT_STRICT: msg_set_strict(1); break;
		case OPT_ACTIVE: v.active = 1; break;
		case OPT_HISTORY: v.history = 1; break;
		case OPT_SINCE: since = arg; break;
		case OPT_STATUS:
			v.status = (enum lc_status)opts_choice("--status", arg, statuses);
			v.has_status = 1;
			break;
		case OPT_SYMBOL:
			v.symbol = opts_symbol("--symbol", arg, symbol, sizeof symbol);
			break;
		case OPT_STRENGTH:
			v.strength = (enum strength)opts_choice("--strength", arg, strengths);
			v.has_strength = 1;
			break;
		case OPT_SORT: v.sort = (enum list_sort)opts_choice("--sort", arg, sorts); break;
		case OPT_BY: v.by = (enum stats_by)(1 + opts_choice("--by", arg, bys)); break;
		case OPT_LIMIT: {
			char *end;
			long n = strtol(arg, &end, 10);

			if (end == arg || *end || n < 1 || n > 1000000000)
				usage_error("--limit: '%s' is not a whole number from 1 to 1000000000",
					    arg);
			limit = n;
			break;
		}
		case OPT_OLDER:
			if (duration_parse(arg, &v.older_than_ms) < 0)
				usage_error("--older-than: '%s' is not a duration such as 30d", arg);
			break;
		case OPT_FORMAT: format = (enum report_format)opts_choice("--format", arg, formats); break;
		case OPT_NOW: now = arg; break;
		case OPT_WEIGHTS_FILE: v.weights_file = arg; break;
		case OPT_HOLDOUT: v.holdout_pct = parse_pct("--holdout", arg); break;
		default: usage_error("unhandled option");
		}
	}
	/* The command is the first operand, if it names one. */
	ci = &commands[sizeof commands / sizeof commands[0] - 1];
	if (optind < argc) {
		const struct command_info *k = find_command(argv[optind]);

		if (k) {
			ci = k;
			optind++;
		}
	}
	v.args = argv + optind;
	v.nargs = argc - optind;
	if (ci->nargs == 0 && v.nargs)
		usage_error("%s: unexpected argument '%s'", ci->name, v.args[0]);
	if (ci->nargs == 1 && v.nargs != 1)
		usage_error("%s: name one signal id", ci->name);
	for (int id = OPT_TOOL; id <= OPT_HOLDOUT; id++)
		if ((given & BIT(id)) && !(ci->opts & BIT(id)))
			usage_error("--%s: not for %s", option_name(id),
				    ci->name ? ci->name : "the filter (no command)");
	if (v.pass && ci->cmd != CMD_TRACK)
		usage_error("--pass-through: not for %s", ci->name);
	if (v.active && v.history)
		usage_error("--active and --history exclude each other");
	if (ci->cmd == CMD_PRUNE && !(given & BIT(OPT_OLDER)))
		usage_error("prune: give --older-than DURATION, e.g. 30d");
	if (now)
		time_set_now(opts_time("--now", now));
	if (since) {
		v.since = opts_time("--since", since);
		v.has_since = 1;
	}
	out_init();
	report_init(&v.rep, format);
	report_set_limit(&v.rep, limit);
	open_store(&v, ci, &path);
	rc = ci->fn(&v);
	report_release(&v.rep);
	store_close(v.store);
	out_close();
	buf_release(&path);
	return rc;
}
