/* cb-fetch: market data from exchange REST APIs as NDJSON records, with an
 * optional local store so that cron jobs fetch only what is new.
 *
 *	cb-fetch klines  candles           cb-fetch symbols  exchangeInfo
 *	cb-fetch oi      open interest     cb-fetch ticker   24h tickers
 *	cb-fetch funding funding rates */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbtime.h"
#include "candle.h"
#include "choice.h"
#include "fetch.h"
#include "msg.h"
#include "oi.h"
#include "opts.h"
#include "out.h"
#include "xalloc.h"

enum { OPT_SYMBOLS = 's', OPT_INTERVAL = 'i', OPT_JOBS = 'j', OPT_MARKET = 'm',
       OPT_EXCHANGE = OPT_TOOL, OPT_UNIVERSE, OPT_SINCE, OPT_UNTIL, OPT_LAST,
       OPT_CLOSED_ONLY, OPT_PERIOD, OPT_DB, OPT_OFFLINE, OPT_WEIGHT_BUDGET,
       OPT_TIMEOUT, OPT_NOW, OPT_SYMBOL, OPT_SEED, OPT_NO_DB };

static const struct opt options[] = {
	{ "exchange", OPT_EXCHANGE, 1, "NAME", "binance, bybit, mexc, or sim for the simulated market (binance)" },
	{ "market", OPT_MARKET, 1, "MARKET", "futures or spot (futures)" },
	{ "symbols", OPT_SYMBOLS, 1, "LIST", "comma-separated symbols, e.g. BTCUSDT,ETHUSDT" },
	{ "universe", OPT_UNIVERSE, 0, NULL, "every trading USDT symbol (perpetuals for futures)" },
	{ "interval", OPT_INTERVAL, 1, "INTERVAL", "candle interval, 1m to 1M (4h)" },
	{ "since", OPT_SINCE, 1, "TIME", "candles opening at or after TIME" },
	{ "until", OPT_UNTIL, 1, "TIME", "candles opening at or before TIME (now)" },
	{ "last", OPT_LAST, 1, "N", "the newest N candles per symbol (500 without --since)" },
	{ "closed-only", OPT_CLOSED_ONLY, 0, NULL, "leave out the forming candle" },
	{ "period", OPT_PERIOD, 1, "PERIOD", "oi: 5m 15m 30m 1h 2h 4h 6h 12h 1d (4h)" },
	{ "db", OPT_DB, 1, "FILE", "the SQLite store (else $CB_DB, else $XDG_DATA_HOME/cb/cb.db)" },
	{ "no-db", OPT_NO_DB, 0, NULL, "use no store: fetch everything asked for, keep nothing" },
	{ "offline", OPT_OFFLINE, 0, NULL, "write from the store; no network" },
	{ "jobs", OPT_JOBS, 1, "N", "requests at once (4)" },
	{ "weight-budget", OPT_WEIGHT_BUDGET, 1, "N", "request weight per minute (half the exchange's limit)" },
	{ "timeout", OPT_TIMEOUT, 1, "SECONDS", "give up on one request after SECONDS (30)" },
	{ "now", OPT_NOW, 1, "TIME", "take TIME as the current time" },
	{ "symbol", OPT_SYMBOL, 1, "SYMBOL", "import: the symbol of the files (else from their names)" },
	{ "seed", OPT_SEED, 1, "N", "sim: the seed of the simulated market (1)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"COMMAND [OPTION]... [FILE]...",
	"Fetch market data from an exchange and write NDJSON records.\n"
	"Commands: klines (candles), oi (open interest), symbols (exchangeInfo),\n"
	"ticker (24h tickers), funding (funding rates), import FILE... (Binance\n"
	"public data files and OHLCV CSV), pumps (the events injected into the\n"
	"simulated market).",
	"Environment: CB_DB (the store), XDG_DATA_HOME, HOME, CB_BINANCE_FUTURES_URL,\n"
	"CB_BINANCE_SPOT_URL, CB_BYBIT_URL, CB_MEXC_URL.\n"
};

/* The commands: what each needs and which adapters serve it (the
 * adapter's capability `serves`). A generated market (the simulated one)
 * runs gen; --offline reads the store with fn where the command has one. */
static const struct command {
	const char *name;
	int (*fn)(struct fetch *f);      /* from the exchange (or the store) */
	int (*gen)(struct fetch *f);     /* generated */
	unsigned serve;                  /* the capability it needs */
	int symbols;                     /* needs --symbols or --universe */
	int files;                       /* takes FILE operands */
	int stored;                      /* --offline reads the store with fn */
	int keeps;                       /* keeps what it fetches in the store */
} commands[] = {
	{ "klines", cmd_klines, cmd_sim_klines, EXCHANGE_KLINES, 1, 0, 1, 1 },
	{ "oi", cmd_oi, cmd_sim_oi, EXCHANGE_OI, 1, 0, 1, 1 },
	{ "symbols", cmd_symbols, cmd_sim_symbols, EXCHANGE_SYMBOLS, 0, 0, 0, 1 },
	{ "ticker", cmd_ticker, NULL, EXCHANGE_TICKER, 0, 0, 0, 0 },
	{ "funding", cmd_funding, cmd_sim_funding, EXCHANGE_FUNDING, 1, 0, 0, 0 },
	{ "import", cmd_import, NULL, EXCHANGE_IMPORT, 0, 1, 0, 1 },
	{ "pumps", NULL, cmd_sim_pumps, EXCHANGE_PUMPS, 1, 0, 0, 0 },
	{ NULL, NULL, NULL, 0, 0, 0, 0, 0 }
};

/* Usage errors for what the adapter of f cannot do with cmd. */
static void check_exchange(const struct fetch *f, const struct command *cmd)
{
	const struct exchange *ex = f->ex;
	struct buf url = BUF_INIT;
	int bad;

	if (!(ex->serves & cmd->serve))
		usage_error("%s: not available with --exchange %s", cmd->name, f->exchange);
	if (!(ex->markets & (!strcmp(f->market, "spot") ? EXCHANGE_SPOT : EXCHANGE_FUTURES)))
		usage_error("--market %s: not available with --exchange %s", f->market, f->exchange);
	if (f->universe && !(ex->serves & EXCHANGE_UNIVERSE))
		usage_error("--universe: not available with --exchange %s%s; name --symbols",
			    f->exchange, ex->generated ? "" : " yet");
	if (strcmp(cmd->name, "klines") || ex->generated)
		return;
	bad = ex->klines_url(&url, f->market, "X", f->interval, 0, 0, 1) < 0;
	buf_release(&url);
	if (bad)
		usage_error("--interval: %s has no %s candles", f->exchange, f->interval->name);
}

static long parse_count(const char *opt, const char *arg, long max)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end || v < 1 || v > max)
		usage_error("%s: '%s' is not a whole number from 1 to %ld", opt, arg, max);
	return v;
}

static void parse_symbols(struct fetch *f, const char *arg)
{
	char *copy = xstrdup(arg), *p = copy, norm[CANDLE_NAME_MAX];

	f->symbols = xcalloc(strlen(arg) / 2 + 2, sizeof *f->symbols);
	f->nsymbols = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		char *s = p;

		p += n;
		if (*p)
			*p++ = '\0';
		s = xstrdup(opts_symbol("--symbols", s, norm, sizeof norm));
		for (int i = 0; i < f->nsymbols; i++)
			if (!strcmp(f->symbols[i], s))
				usage_error("--symbols: '%s' is given twice", s);
		f->symbols[f->nsymbols++] = s;
	}
	free(copy);
	if (!f->nsymbols)
		usage_error("--symbols: no symbols given");
}

/* A usage error for a first operand that is not a command, with the
 * nearest command if one is near. */
static noreturn void unknown_command(const char *cmd)
{
	static const char *const names[] = { "klines", "oi", "symbols", "ticker", "funding",
					     "import", "pumps", NULL };
	const char *near = choice_nearest(cmd, names);

	if (near)
		usage_error("'%s' is not a command; did you mean '%s'?", cmd, near);
	usage_error("'%s' is not a command (klines, oi, symbols, ticker, funding, import or pumps)", cmd);
}

int main(int argc, char **argv)
{
	struct fetch f = { .exchange = "binance", .ex = &exchange_binance, .market = "futures",
			   .jobs = 4, .timeout_ms = 30000, .period = "4h", .seed = 1 };
	const char *arg, *cmd, *since = NULL, *until = NULL, *symbols = NULL;
	static const char *const markets[] = { "futures", "spot", NULL };
	static char symbol[CANDLE_NAME_MAX];
	struct buf default_db = BUF_INIT;
	int c, rc, budget = 0, no_db = 0;

	msg_init("cb-fetch");
	f.interval = interval_find("4h");
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		switch (c) {
		case OPT_EXCHANGE:
			if (!(f.ex = exchange_find(arg)))
				usage_error("--exchange: '%s' is not supported (%s)", arg, exchange_names());
			f.exchange = f.ex->name;
			break;
		case OPT_MARKET:
			f.market = markets[opts_choice("--market", arg, markets)];
			f.have_market = 1;
			break;
		case OPT_SYMBOLS: symbols = arg; break;
		case OPT_SYMBOL:
			f.symbol = opts_symbol("--symbol", arg, symbol, sizeof symbol);
			break;
		case OPT_SEED: f.seed = (uint64_t)parse_count("--seed", arg, 2000000000); break;
		case OPT_UNIVERSE: f.universe = 1; break;
		case OPT_INTERVAL:
			if (!(f.interval = interval_find(arg)))
				usage_error("--interval: '%s' is not one of %s", arg, interval_names());
			f.have_interval = 1;
			break;
		case OPT_SINCE: since = arg; break;
		case OPT_UNTIL: until = arg; break;
		case OPT_LAST: f.last = parse_count("--last", arg, 100000000); break;
		case OPT_CLOSED_ONLY: f.closed_only = 1; break;
		case OPT_PERIOD: {
			if (!oi_period_ok(arg))
				usage_error("--period: '%s' is not one of %s", arg, OI_PERIODS);
			f.period = arg;
			break;
		}
		case OPT_DB: f.db_path = arg; break;
		case OPT_NO_DB: no_db = 1; break;
		case OPT_OFFLINE: f.offline = 1; break;
		case OPT_JOBS: f.jobs = (int)parse_count("--jobs", arg, 64); break;
		case OPT_WEIGHT_BUDGET: budget = (int)parse_count("--weight-budget", arg, 1000000); break;
		case OPT_TIMEOUT: f.timeout_ms = parse_count("--timeout", arg, 3600) * 1000; break;
		case OPT_NOW: time_set_now(opts_time("--now", arg)); break;
		default: usage_error("unhandled option");
		}
	}
	if (optind >= argc)
		usage_error("no command given (klines, oi, symbols, ticker, funding, import or pumps)");
	cmd = argv[optind++];
	for (c = 0; commands[c].name && strcmp(commands[c].name, cmd); c++)
		;
	if (!commands[c].name)
		unknown_command(cmd);
	if (commands[c].files) {
		f.files = argv + optind;
		f.nfiles = argc - optind;
		if (!f.nfiles)
			usage_error("%s: name the files to read", cmd);
	} else if (optind < argc) {
		usage_error("unexpected argument '%s'", argv[optind]);
	}
	if (since)
		f.since = opts_time("--since", since), f.have_since = 1;
	if (until)
		f.until = opts_time("--until", until), f.have_until = 1;
	if (since && f.last)
		usage_error("--since and --last exclude each other");
	if (symbols && f.universe)
		usage_error("--symbols and --universe exclude each other");
	if (f.db_path && no_db)
		usage_error("--db and --no-db exclude each other");
	if (f.offline && no_db)
		usage_error("--offline reads the store; --no-db says there is none");
	if (f.offline && f.universe)
		usage_error("--universe needs the exchange; with --offline, name --symbols");
	if (symbols)
		parse_symbols(&f, symbols);
	if (commands[c].symbols && !symbols && !f.universe)
		usage_error("%s: name --symbols or --universe", cmd);
	check_exchange(&f, &commands[c]);
	if (!f.ex->generated)
		f.weight_budget = budget ? budget : f.ex->default_budget(f.market);
	out_init();
	/* The one store of every tool (--db, CB_DB, the XDG default), for
	 * the commands that keep what they fetch, unless --no-db. */
	if (commands[c].keeps && !no_db) {
		int ro = f.offline && commands[c].stored;

		f.db_path = store_path(f.db_path);
		if (!f.db_path && !(f.db_path = store_default_path(&default_db, !ro))) {
			rc = CB_EXIT_FATAL;
			goto done;
		}
		if (ro && access(f.db_path, F_OK) < 0)
			usage_error("--offline: there is no store '%s' to read (cb-fetch fills it "
				    "when run without --offline; see --db)", f.db_path);
		/* --offline only reads: a read-only store will do. */
		f.store = ro ? store_open_ro(f.db_path) : store_open(f.db_path);
		if (!f.store) {
			rc = CB_EXIT_FATAL;
			goto done;
		}
		f.have_store = 1;
	}
	rc = f.ex->generated && !(f.offline && commands[c].stored) ? commands[c].gen(&f)
								    : commands[c].fn(&f);
done:
	out_close();
	store_close(f.store);
	for (int i = 0; i < f.nsymbols; i++)
		free(f.symbols[i]);
	free(f.symbols);
	buf_release(&default_db);
	return rc;
}
