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
#include "replayin.h"
#include "lines.h"
#include "msg.h"
#include "opts.h"
#include "out.h"
#include "output.h"
#include "rejects.h"
#include "report.h"
#include "replay.h"
#include "ruleopts.h"
#include "sweep.h"
#include "xalloc.h"

enum { OPT_FORMAT = OPT_RULES_END, OPT_EQUITY, OPT_SVG, OPT_STRICT, OPT_SWEEP, OPT_SPLIT,
       OPT_JOBS = 'j' };

static const struct opt options[] = {
	RULE_OPTIONS,
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

	bt_run(&input, &j->cfg, &j->res, NULL);
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
			rule_set(&j->cfg, run.sweep.dim[d].opt->id, val[d]);
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

	msg_init("cb-backtest");
	bt_config_default(&cfg);
	run.equity = -1;
	run.jobs = 1;
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		if (rule_set(&cfg, c, arg) || rule_set_fixed(&cfg, c, arg))
			continue;
		switch (c) {
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
		case OPT_JOBS: run.jobs = (int)rule_num_arg("-j", arg, 1, 256); break;
		case OPT_STRICT: msg_set_strict(1); break;
		default:
			usage_error("unhandled option");
		}
	}
	rule_check(&cfg, NULL);
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
				if (!rule_set(&probe, run.sweep.dim[d].opt->id, val[d]))
					usage_error("--sweep: '%s' is not a rule of the strategy",
						    run.sweep.dim[d].opt->name);
			sweep_label(&run.sweep, k, &label);
			rule_check(&probe, buf_cstr(&label));
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
	rule_free(&cfg);
	return rejects_end();
}
