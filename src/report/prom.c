/* cb-report --format prom: the Prometheus text exposition format (version
 * 0.0.4), for node_exporter's textfile collector: each metric family with
 * its HELP and TYPE lines, then its samples. Every family is written, with
 * no sample when there is nothing to measure (no store, no jobs log). */
#include <string.h>

#include "rpt.h"

/* A label value: backslash, double quote and line feed escaped. */
static void label(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_addc(b, '\\');
		if (*s == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static void family(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void seconds(struct buf *b, int64_t ms)
{
	buf_printf(b, " %.3f\n", (double)ms / 1000);
}

static void jobs(struct buf *b, const struct rpt *r)
{
	family(b, "cb_job_last_run_timestamp_seconds", "gauge",
	       "When the last run of the job ended, from the jobs log (Unix time).");
	for (size_t i = 0; i < r->njobs; i++) {
		buf_adds(b, "cb_job_last_run_timestamp_seconds{job=");
		label(b, r->jobs[i].name);
		buf_addc(b, '}');
		seconds(b, r->jobs[i].end);
	}
	family(b, "cb_job_last_status", "gauge",
	       "The exit status of the last run of the job (0: success).");
	for (size_t i = 0; i < r->njobs; i++) {
		buf_adds(b, "cb_job_last_status{job=");
		label(b, r->jobs[i].name);
		buf_printf(b, "} %lld\n", (long long)r->jobs[i].status);
	}
	family(b, "cb_job_last_duration_seconds", "gauge",
	       "How long the last run of the job took.");
	for (size_t i = 0; i < r->njobs; i++) {
		buf_adds(b, "cb_job_last_duration_seconds{job=");
		label(b, r->jobs[i].name);
		buf_addc(b, '}');
		seconds(b, r->jobs[i].end - r->jobs[i].start);
	}
}

/* The largest lag of the series of each exchange, market and interval, in
 * the order first met. */
static void lags(struct buf *b, const struct rpt *r)
{
	family(b, "cb_series_lag_seconds", "gauge",
	       "The largest lag of a series of candles: now less the end of its newest candle.");
	for (size_t i = 0; i < r->nseries; i++) {
		const struct rpt_series *s = &r->series[i];
		int64_t lag = s->lag_ms;
		size_t j;

		for (j = 0; j < i; j++)
			if (!strcmp(r->series[j].exchange, s->exchange) &&
			    !strcmp(r->series[j].market, s->market) &&
			    !strcmp(r->series[j].interval, s->interval))
				break;
		if (j < i)
			continue;   /* written with the first of its group */
		for (j = i + 1; j < r->nseries; j++)
			if (!strcmp(r->series[j].exchange, s->exchange) &&
			    !strcmp(r->series[j].market, s->market) &&
			    !strcmp(r->series[j].interval, s->interval) && r->series[j].lag_ms > lag)
				lag = r->series[j].lag_ms;
		buf_adds(b, "cb_series_lag_seconds{exchange=");
		label(b, s->exchange);
		buf_adds(b, ",market=");
		label(b, s->market);
		buf_adds(b, ",interval=");
		label(b, s->interval);
		buf_addc(b, '}');
		seconds(b, lag);
	}
}

void rpt_prom(struct buf *b, const struct rpt *r)
{
	family(b, "cb_store_present", "gauge", "1 if the store exists and was read, else 0.");
	buf_printf(b, "cb_store_present %d\n", r->has_store);
	jobs(b, r);
	family(b, "cb_signals", "gauge", "Signals in the store by lifecycle status.");
	for (int s = 0; s < LC_NSTATUS && r->has_store; s++)
		buf_printf(b, "cb_signals{status=\"%s\"} %ld\n", lc_status_name((enum lc_status)s),
			   r->by_status[s]);
	lags(b, r);
	family(b, "cb_positions_open", "gauge", "Open positions of cb-order by mode.");
	if (r->has_store)
		buf_printf(b, "cb_positions_open{mode=\"paper\"} %ld\n"
			   "cb_positions_open{mode=\"live\"} %ld\n", r->open_paper, r->open_live);
}
