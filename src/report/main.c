/* cb-report: the state of the system at a glance, from the store (read
 * only) and the jobs log: a static HTML page (html.c) or Prometheus
 * metrics (prom.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbtime.h"
#include "msg.h"
#include "opts.h"
#include "out.h"
#include "rpt.h"
#include "store/store.h"

enum { OPT_DB = OPT_TOOL, OPT_JOBS, OPT_HTML, OPT_FORMAT, OPT_NOW };

static const struct opt options[] = {
	{ "db", OPT_DB, 1, "FILE", "the SQLite store (else $CB_DB, else $XDG_DATA_HOME/cb/cb.db)" },
	{ "jobs", OPT_JOBS, 1, "FILE", "the jobs log (else jobs.ndjson beside the store)" },
	{ "html", OPT_HTML, 1, "FILE", "write the page to FILE (replaced whole) instead of stdout" },
	{ "format", OPT_FORMAT, 1, "FORMAT", "html (the page, the default) or prom (Prometheus)" },
	{ "now", OPT_NOW, 1, "TIME", "take TIME as the current time (the lags)" },
	OPTS_COMMON,
	{ 0 }
};

static const struct opt_usage usage = {
	"[OPTION]...",
	"Show the state of the system: the newest candles and their lag, the last\n"
	"run of each job, active signals, history, statistics against the base\n"
	"rate, open positions and the equity curve, as one static HTML page, or\n"
	"as Prometheus metrics (--format prom). The store is only read.",
	"Environment: CB_DB (the store), XDG_DATA_HOME, HOME.\n"
};

/* "dir/jobs.ndjson" for the store at path, into b. */
static const char *jobs_beside(struct buf *b, const char *path)
{
	const char *slash = strrchr(path, '/');

	buf_reset(b);
	if (slash)
		buf_add(b, path, (size_t)(slash - path + 1));
	buf_adds(b, "jobs.ndjson");
	return buf_cstr(b);
}

/* Write b to path whole: a temporary file beside it, renamed over it, so
 * that a web server never serves half a page. */
static int write_file(const char *path, const struct buf *b)
{
	struct buf tmp = BUF_INIT;
	const char *t;
	size_t off = 0;
	int fd, rc = 0;

	buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
	t = buf_cstr(&tmp);
	fd = open(t, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		error("cannot create '%s':", t);
		buf_release(&tmp);
		return -1;
	}
	while (off < b->len) {
		ssize_t n = write(fd, b->p + off, b->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error("cannot write '%s':", t);
			rc = -1;
			break;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0 && rc == 0) {
		error("cannot write '%s':", t);
		rc = -1;
	}
	if (rc == 0 && rename(t, path) < 0) {
		error("cannot rename '%s' to '%s':", t, path);
		rc = -1;
	}
	if (rc < 0)
		unlink(t);
	buf_release(&tmp);
	return rc;
}

int main(int argc, char **argv)
{
	static const char *const formats[] = { "html", "prom", NULL };
	static struct rpt r;
	struct buf path = BUF_INIT, jobs = BUF_INIT, page = BUF_INIT;
	const char *arg, *db = NULL, *html = NULL;
	int c, prom = 0, rc;

	msg_init("cb-report");
	while ((c = opts_next(argc, argv, options, &usage, &arg)) != -1) {
		switch (c) {
		case OPT_DB: db = arg; break;
		case OPT_JOBS: r.jobs_path = arg; break;
		case OPT_HTML: html = arg; break;
		case OPT_FORMAT: prom = opts_choice("--format", arg, formats) == 1; break;
		case OPT_NOW: time_set_now(opts_time("--now", arg)); break;
		default: usage_error("unhandled option");
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (prom && html)
		usage_error("--html: the page; not with --format prom");
	r.db_path = store_path(db);
	if (!r.db_path && !(r.db_path = store_default_path(&path, 0)))
		return CB_EXIT_FATAL;
	if (!r.jobs_path)
		r.jobs_path = jobs_beside(&jobs, r.db_path);
	r.now = time_now();

	out_init();
	rc = rpt_collect(&r);
	if (rc == 0) {
		if (prom)
			rpt_prom(&page, &r);
		else
			rpt_html(&page, &r);
		if (html)
			rc = write_file(html, &page);
		else
			out_write(page.p, page.len);
	}
	out_close();
	rpt_release(&r);
	buf_release(&path);
	buf_release(&jobs);
	buf_release(&page);
	return rc < 0 ? CB_EXIT_FATAL : msg_exit_status();
}
