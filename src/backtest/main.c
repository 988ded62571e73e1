/* cb-backtest: is a signal worth trading? Replay candle and signal records
 * in event time with the strategy, risk and fill rules cb-order trades
 * with, and write a trade record for each trade and a summary.
 *
 * The input is read once into per-series arrays (input.h), so that the
 * result does not depend on how its parts were interleaved; one
 * configuration is then simulated over it (run.h) and written (output.h). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbtime.h"
#include "input.h"
#include "interval.h"
#include "lines.h"
#include "msg.h"
#include "opts.h"
#include "out.h"
#include "output.h"
#include "rejects.h"
#include "report.h"
#include "run.h"
#include "score.h"
#include "strength.h"
#include "sweep.h"
#include "xalloc.h"

enum { OPT_MIN_STRENGTH = OPT_TOOL, OPT_MIN_SCORE, OPT_LEVEL, OPT_MARKET, OPT_INTERVAL,
       OPT_SYMBOLS, OPT_CLOSED_ONLY, OPT_SIDE, OPT_ENTRY, OPT_SLIPPAGE, OPT_FEE,
       OPT_STOP_LOSS, OPT_TAKE_PROFIT, OPT_MAX_HOLD, OPT_TRAILING, OPT_BALANCE,
       OPT_SIZE_PCT, OPT_RISK_PCT, OPT_LEVERAGE, OPT_MAX_POSITIONS, OPT_MAX_EXPOSURE,
       OPT_COOLDOWN, OPT_DAILY_LOSS, OPT_FLATTEN, OPT_FORMAT, OPT_EQUITY, OPT_SVG, OPT_STRICT,
       OPT_SWEEP, OPT_SPLIT, OPT_JOBS = 'j' };

static const struct opt options[] = {
	{ "min-strength", OPT_MIN_STRENGTH, 1, "STRENGTH", "trade signals of at least STRENGTH: WEAK, MEDIUM, STRONG, EXTREME (WEAK)" },
	{ "min-score", OPT_MIN_SCORE, 1, "N", "trade scored signals whose score.total is at least N" },
	{ "level", OPT_LEVEL, 1, "LEVEL", "trade scored signals of at least LEVEL: LOW, MEDIUM, HIGH, EXTREME" },
	{ "market", OPT_MARKET, 1, "MARKET", "trade series of MARKET, or all (futures)" },
	{ "interval", OPT_INTERVAL, 1, "INTERVAL", "trade series of INTERVAL, or all (all)" },
	{ "symbols", OPT_SYMBOLS, 1, "LIST", "trade only these symbols, comma-separated (all)" },
	{ "closed-only", OPT_CLOSED_ONLY, 0, NULL, "ignore signals of forming candles (the default)" },
	{ "side", OPT_SIDE, 1, "SIDE", "long, or short to fade the pump (long)" },
	{ "entry", OPT_ENTRY, 1, "WHEN", "next-open, or close: the signal candle's close, optimistic (next-open)" },
	{ "slippage-bps", OPT_SLIPPAGE, 1, "BPS", "move every fill against the trade by BPS basis points (5)" },
	{ "fee-bps", OPT_FEE, 1, "BPS", "fee on the notional of every fill, in basis points (5)" },
	{ "stop-loss", OPT_STOP_LOSS, 1, "PCT", "exit PCT percent below the entry (long; 15; 0: none)" },
	{ "take-profit", OPT_TAKE_PROFIT, 1, "PCT", "exit PCT percent above the entry (long; 10; 0: none)" },
	{ "max-hold", OPT_MAX_HOLD, 1, "DURATION", "exit at the close reaching DURATION after the entry (7d; 0: none)" },
	{ "trailing", OPT_TRAILING, 1, "PCT", "trailing stop PCT percent from the best completed price (none)" },
	{ "balance", OPT_BALANCE, 1, "AMOUNT", "starting cash in the quote currency (10000)" },
	{ "size-pct", OPT_SIZE_PCT, 1, "PCT", "notional of a position in percent of equity (10)" },
	{ "risk-pct", OPT_RISK_PCT, 1, "PCT", "size so that the stop-loss costs PCT percent of equity" },
	{ "leverage", OPT_LEVERAGE, 1, "X", "multiply the position by X (1)" },
	{ "max-positions", OPT_MAX_POSITIONS, 1, "N", "at most N positions open (4; 0: no limit)" },
	{ "max-exposure-pct", OPT_MAX_EXPOSURE, 1, "PCT", "open notional at most PCT percent of equity (50; 0: no limit)" },
	{ "cooldown", OPT_COOLDOWN, 1, "DURATION", "no entry on a symbol for DURATION after an exit (0)" },
	{ "daily-loss-pct", OPT_DAILY_LOSS, 1, "PCT", "no entry for the rest of a UTC day that lost PCT percent (5; 0: none)" },
	{ "flatten-on-halt", OPT_FLATTEN, 0, NULL, "when the daily loss halts entries, also exit open positions" },
	{ "equity", OPT_EQUITY, 1, "WHEN", "also write equity records: step (every time) or daily" },
	{ "sweep", OPT_SWEEP, 1, "GRID", "run every configuration of GRID, 'take-profit=5,10;stop-loss=5,10': summaries only" },
	{ "split", OPT_SPLIT, 1, "TIME", "report in-sample (before TIME) and out-of-sample (from TIME) apart: summaries only" },
	{ "jobs", OPT_JOBS, 1, "N", "simulate N configurations at once, in threads (1)" },
	{ "svg", OPT_SVG, 1, "FILE", "also draw the equity curve, drawdown and trades as SVG in FILE" },
	{ "format", OPT_FORMAT, 1, "FORMAT", "json (NDJSON, the default) or table" },
	{ "strict", OPT_STRICT, 0, NULL, "stop at the first rejected record (exit 1)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"[OPTION]... [FILE]...",
	"Replay candle and signal records (NDJSON) with the strategy, risk and fill rules\n"
	"of cb-order, and write a trade record for each trade and a summary record.\n"
	"Reads standard input when no FILE is given, or when FILE is -.",
	NULL
};

static struct bt_input input;

static void on_line(void *ctx, const struct line *ln, const char *name)
{
	char err[256];

	(void)ctx;
	if (bt_input_line(&input, ln->p, ln->len, err, sizeof err) == REC_BAD)
		reject(name, ln->no, "%s", err);
}

/* A number option: finite, and within [lo, hi]. */
static double num_arg(const char *opt, const char *arg, double lo, double hi)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !isfinite(v) || v < lo || v > hi)
		usage_error("%s: '%s' is not a number from %g to %g", opt, arg, lo, hi);
	return v;
}

static int64_t duration_arg(const char *opt, const char *arg)
{
	int64_t ms;

	if (!strcmp(arg, "0"))
		return 0;
	if (duration_parse(arg, &ms) < 0)
		usage_error("%s: '%s' is not a duration such as 7d or 90m", opt, arg);
	return ms;
}

static enum strength strength_arg(const char *arg)
{
	for (int s = STRENGTH_WEAK; s <= STRENGTH_EXTREME; s++)
		if (!strcmp(arg, strength_name((enum strength)s)))
			return (enum strength)s;
	usage_error("--min-strength: '%s' is not WEAK, MEDIUM, STRONG or EXTREME", arg);
}

/* Split a comma-separated list into its words (the list is copied). */
static const char **symbols_arg(const char *arg, size_t *n)
{
	char *p = xstrdup(arg);
	const char **v;
	size_t k = 1;

	for (const char *q = arg; *q; q++)
		k += *q == ',';
	v = xcalloc(k, sizeof *v);
	*n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		int last = p[len] == '\0';

		p[len] = '\0';
		if (!len)
			usage_error("--symbols: '%s' has an empty name", arg);
		v[(*n)++] = p;
		if (last)
			break;
		p += len + 1;
	}
	return v;
}

/* Free what symbols_arg returned (NULL is allowed). */
static void free_symbols(const char **v)
{
	if (v)
		free((char *)v[0]);   /* the copy the words point into */
	free(v);
}

/* Apply the rule option id with its argument arg to cfg (a usage error if
 * arg is not a value of it). Returns 1, or 0 if id is not a rule: the
 * options --sweep may vary. */
static int set_rule(struct bt_config *cfg, int id, const char *arg)
{
	switch (id) {
	case OPT_MIN_STRENGTH: cfg->strat.min_strength = strength_arg(arg); break;
	case OPT_MIN_SCORE:
		cfg->strat.has_min_score = 1;
		cfg->strat.min_score = num_arg("--min-score", arg, 0, 100);
		break;
	case OPT_LEVEL:
		cfg->strat.min_level = score_level_rank(arg);
		if (cfg->strat.min_level < 0)
			usage_error("--level: '%s' is not LOW, MEDIUM, HIGH or EXTREME", arg);
		break;
	case OPT_MARKET:
		if (strcmp(arg, "futures") && strcmp(arg, "spot") && strcmp(arg, "all"))
			usage_error("--market: '%s' is not futures, spot or all", arg);
		cfg->strat.market = strcmp(arg, "all") ? arg : NULL;
		break;
	case OPT_INTERVAL:
		cfg->strat.interval = strcmp(arg, "all") ? interval_find(arg) : NULL;
		if (strcmp(arg, "all") && !cfg->strat.interval)
			usage_error("--interval: '%s' is not one of %s, or all", arg,
				    interval_names());
		break;
	case OPT_CLOSED_ONLY: cfg->strat.closed_only = 1; break;
	case OPT_SIDE:
		if (strcmp(arg, "long") && strcmp(arg, "short"))
			usage_error("--side: '%s' is not long or short", arg);
		cfg->side = strcmp(arg, "long") ? -1 : 1;
		break;
	case OPT_ENTRY:
		if (strcmp(arg, "next-open") && strcmp(arg, "close"))
			usage_error("--entry: '%s' is not next-open or close", arg);
		cfg->entry = strcmp(arg, "close") ? BT_ENTRY_NEXT_OPEN : BT_ENTRY_CLOSE;
		break;
	case OPT_SLIPPAGE: cfg->slippage_bps = num_arg("--slippage-bps", arg, 0, 10000); break;
	case OPT_FEE: cfg->fee_bps = num_arg("--fee-bps", arg, 0, 10000); break;
	case OPT_STOP_LOSS: cfg->exits.stop_loss_pct = num_arg("--stop-loss", arg, 0, 100); break;
	case OPT_TAKE_PROFIT:
		cfg->exits.take_profit_pct = num_arg("--take-profit", arg, 0, 1e6);
		break;
	case OPT_MAX_HOLD: cfg->exits.max_hold_ms = duration_arg("--max-hold", arg); break;
	case OPT_TRAILING: cfg->exits.trailing_pct = num_arg("--trailing", arg, 0, 100); break;
	case OPT_BALANCE: cfg->balance = num_arg("--balance", arg, 1e-9, 1e15); break;
	case OPT_SIZE_PCT: cfg->risk.size_pct = num_arg("--size-pct", arg, 1e-9, 100); break;
	case OPT_RISK_PCT: cfg->risk.risk_pct = num_arg("--risk-pct", arg, 0, 100); break;
	case OPT_LEVERAGE: cfg->risk.leverage = num_arg("--leverage", arg, 1, 125); break;
	case OPT_MAX_POSITIONS:
		cfg->risk.max_positions = (int)num_arg("--max-positions", arg, 0, 1e6);
		if (cfg->risk.max_positions != atof(arg))
			usage_error("--max-positions: '%s' is not a whole number", arg);
		break;
	case OPT_MAX_EXPOSURE:
		cfg->risk.max_exposure_pct = num_arg("--max-exposure-pct", arg, 0, 1e6);
		break;
	case OPT_COOLDOWN: cfg->risk.cooldown_ms = duration_arg("--cooldown", arg); break;
	case OPT_DAILY_LOSS:
		cfg->risk.daily_loss_pct = num_arg("--daily-loss-pct", arg, 0, 100);
		break;
	default:
		return 0;
	}
	cfg->risk.stop_loss_pct = cfg->exits.stop_loss_pct;
	return 1;
}

/* A configuration whose rules contradict each other is a usage error. */
static void check_config(const struct bt_config *cfg, const char *label)
{
	if (cfg->risk.risk_pct > 0 && !(cfg->exits.stop_loss_pct > 0))
		usage_error("%s%s--risk-pct needs a --stop-loss above 0", label ? label : "",
			    label ? ": " : "");
}

/* What the run writes. */
static struct {
	int table, equity;       /* --format table; --equity: -1 no, 0 step, 1 daily */
	const char *svg;
	struct sweep sweep;      /* ndim 0: no --sweep */
	int split;
	int64_t split_at;
	int jobs;
} run;

/* One configuration of the grid (or the only one) and one sample. */
struct job {
	struct bt_config cfg;
	struct bt_result res;
	struct buf label;        /* its --sweep values, or empty */
	const char *sample;      /* "in", "out", or NULL */
};

static void *run_job(void *arg)
{
	struct job *j = arg;

	bt_run(&input, &j->cfg, &j->res);
	return NULL;
}

/* Job k of the grid: configuration k / samples, sample k % samples. */
static void make_job(struct job *j, const struct bt_config *base, size_t k, int samples)
{
	size_t conf = k / (size_t)samples;

	memset(j, 0, sizeof *j);
	j->cfg = *base;
	if (run.sweep.ndim) {
		const char **val = xcalloc(run.sweep.ndim + 1, sizeof *val);

		sweep_values(&run.sweep, conf, val);
		for (size_t d = 0; d < run.sweep.ndim; d++)
			set_rule(&j->cfg, run.sweep.dim[d].opt->id, val[d]);
		free(val);
		sweep_label(&run.sweep, conf, &j->label);
	}
	if (run.split) {
		j->sample = k % (size_t)samples ? "out" : "in";
		if (k % (size_t)samples)
			j->cfg.from = run.split_at;
		else
			j->cfg.to = run.split_at;
	}
}

/* Simulate and write every job, run.jobs at a time, in order. */
static void run_all(const struct bt_config *base, struct report *rep)
{
	int samples = run.split ? 2 : 1;
	size_t total = (run.sweep.ndim ? run.sweep.total : 1) * (size_t)samples;
	size_t batch = (size_t)run.jobs;
	struct job *jobs = xcalloc(batch, sizeof *jobs);
	pthread_t *tid = xcalloc(batch, sizeof *tid);
	int detail = !run.sweep.ndim && !run.split;

	for (size_t k0 = 0; k0 < total; k0 += batch) {
		size_t n = total - k0 < batch ? total - k0 : batch;

		for (size_t j = 0; j < n; j++) {
			make_job(&jobs[j], base, k0 + j, samples);
			if (n == 1)
				run_job(&jobs[j]);
			else if (pthread_create(&tid[j], NULL, run_job, &jobs[j]) != 0)
				die("cannot start a thread:");
		}
		for (size_t j = 0; j < n; j++) {
			struct job *jb = &jobs[j];

			if (n > 1 && pthread_join(tid[j], NULL) != 0)
				die("cannot join a thread:");
			if (detail && run.table)
				bt_write_groups(rep, &jb->res);
			else if (detail)
				bt_write_trades(rep, &jb->res);
			if (detail && run.equity >= 0)
				bt_write_equity(rep, &jb->res, run.equity);
			bt_write_summary(rep, &input, &jb->cfg, &jb->res,
					 run.sweep.ndim ? buf_cstr(&jb->label) : NULL, jb->sample);
			if (detail && run.svg)
				bt_write_svg(run.svg, &jb->res);
			bt_result_free(&jb->res);
			buf_release(&jb->label);
		}
	}
	free(tid);
	free(jobs);
}

int main(int argc, char **argv)
{
	struct bt_config cfg;
	struct report rep;
	const char *arg, *sweep_arg = NULL;
	char err[256];
	int c;
	const char **symbols = NULL;

	msg_init("cb-backtest");
	bt_config_default(&cfg);
	run.equity = -1;
	run.jobs = 1;
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		if (set_rule(&cfg, c, arg))
			continue;
		switch (c) {
		case OPT_SYMBOLS:
			free_symbols(symbols);
			symbols = symbols_arg(arg, &cfg.strat.nsymbols);
			cfg.strat.symbols = symbols;
			break;
		case OPT_FLATTEN: cfg.flatten_on_halt = 1; break;
		case OPT_EQUITY:
			if (strcmp(arg, "step") && strcmp(arg, "daily"))
				usage_error("--equity: '%s' is not step or daily", arg);
			run.equity = !strcmp(arg, "daily");
			break;
		case OPT_FORMAT:
			if (strcmp(arg, "json") && strcmp(arg, "table"))
				usage_error("--format: '%s' is not json or table", arg);
			run.table = !strcmp(arg, "table");
			break;
		case OPT_SVG: run.svg = arg; break;
		case OPT_SWEEP: sweep_arg = arg; break;
		case OPT_SPLIT:
			run.split = 1;
			run.split_at = opts_time("--split", arg);
			break;
		case OPT_JOBS: run.jobs = (int)num_arg("-j", arg, 1, 256); break;
		case OPT_STRICT: msg_set_strict(1); break;
		default:
			usage_error("unhandled option");
		}
	}
	check_config(&cfg, NULL);
	if (sweep_arg) {
		struct bt_config probe;

		if (sweep_parse(&run.sweep, sweep_arg, options, err, sizeof err) < 0)
			usage_error("--sweep: %s", err);
		for (size_t k = 0; k < run.sweep.total; k++) {
			struct buf label = { 0 };
			const char **val = xcalloc(run.sweep.ndim + 1, sizeof *val);

			probe = cfg;
			sweep_values(&run.sweep, k, val);
			for (size_t d = 0; d < run.sweep.ndim; d++)
				if (!set_rule(&probe, run.sweep.dim[d].opt->id, val[d]))
					usage_error("--sweep: '%s' is not a rule of the strategy",
						    run.sweep.dim[d].opt->name);
			sweep_label(&run.sweep, k, &label);
			check_config(&probe, buf_cstr(&label));
			buf_release(&label);
			free(val);
		}
	}
	if ((run.sweep.ndim || run.split) && (run.equity >= 0 || run.svg))
		usage_error("--equity and --svg draw one run: not with --sweep or --split");

	out_init();
	bt_input_init(&input);
	rejects_summarise();
	lines_progress("records");
	lines_foreach(argv + optind, argc - optind, 0, on_line, NULL);
	bt_input_finish(&input);
	/* The pipeline mistakes a backtest can see, said once. */
	if (input.nsignals && !input.candles && !input.forming)
		warn("no candles seen, only signals: nothing to trade on; did you mean "
		     "cb-detect -p?");
	else if (input.candles && !input.nsignals)
		note("no signals seen, only candles: no trade; cb-backtest reads the signals "
		     "of cb-detect -p (or cb-score -p)");

	report_init(&rep, run.table);
	run_all(&cfg, &rep);
	report_release(&rep);
	out_close();

	sweep_free(&run.sweep);
	bt_input_free(&input);
	free_symbols(symbols);
	return rejects_end();
}
