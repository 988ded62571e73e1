/* cb-report: the jobs log, NDJSON job records (cb-formats(5)) that cb-run
 * appends, one per run of a job; the last record of each job is its last
 * run. Records of other types are skipped; a line that is not a valid job
 * record is rejected (exit 3) and the others are read. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lines.h"
#include "msg.h"
#include "rpt.h"
#include "xalloc.h"

/* Parse one job record into *j. Returns 1, 0 for another type, -1 with a
 * message in err. */
static int job_parse(const char *p, size_t len, struct rpt_job *j, const char **err)
{
	struct jscan s;
	struct jfield f;
	int k, is_job = 0;
	unsigned have = 0;

	memset(j, 0, sizeof *j);
	jscan_init(&s, p, len);
	while ((k = jscan_next(&s, &f)) == 1) {
		if (jfield_key_is(&f, "type")) {
			if (f.type != JSON_STRING)
				return *err = "'type' is not a string", -1;
			is_job = jfield_str_is(&f, "job");
		} else if (jfield_key_is(&f, "job")) {
			if (jfield_string(&f, j->name, sizeof j->name) <= 0)
				return *err = "'job' is not a name of 1 to 63 bytes", -1;
			have |= 1;
		} else if (jfield_key_is(&f, "start")) {
			if (jfield_int(&f, &j->start) < 0)
				return *err = "'start' is not a time in milliseconds", -1;
			have |= 2;
		} else if (jfield_key_is(&f, "end")) {
			if (jfield_int(&f, &j->end) < 0)
				return *err = "'end' is not a time in milliseconds", -1;
			have |= 4;
		} else if (jfield_key_is(&f, "status")) {
			if (jfield_int(&f, &j->status) < 0)
				return *err = "'status' is not an integer", -1;
			have |= 8;
		} else if (jfield_key_is(&f, "summary") && f.type != JSON_NULL) {
			if (jfield_string(&f, j->summary, sizeof j->summary) < 0)
				return *err = "'summary' is not a string of at most 511 bytes", -1;
		}
	}
	if (k < 0)
		return *err = s.err, -1;
	if (!is_job)
		return 0;
	if (have != 15)
		return *err = "a job record needs 'job', 'start', 'end' and 'status'", -1;
	if (j->end < j->start)
		return *err = "'end' is before 'start'", -1;
	if (!json_utf8_ok(j->name, strlen(j->name)) || !json_utf8_ok(j->summary, strlen(j->summary)))
		return *err = "a string is not valid UTF-8", -1;
	return 1;
}

static void keep(struct rpt *r, const struct rpt_job *j)
{
	for (size_t i = 0; i < r->njobs; i++)
		if (!strcmp(r->jobs[i].name, j->name)) {
			r->jobs[i] = *j;
			return;
		}
	r->jobs = xreallocarray(r->jobs, r->njobs + 1, sizeof *r->jobs);
	r->jobs[r->njobs++] = *j;
}

static int cmp_job(const void *a, const void *b)
{
	return strcmp(((const struct rpt_job *)a)->name, ((const struct rpt_job *)b)->name);
}

int rpt_read_jobs(struct rpt *r)
{
	struct lines in;
	struct line ln;
	struct rpt_job j;
	const char *err;
	int k;

	if (lines_open(&in, r->jobs_path, 0) < 0) {
		if (errno == ENOENT)
			return 0;
		error("cannot open the jobs log '%s':", r->jobs_path);
		return -1;
	}
	r->has_jobs = 1;
	while ((k = lines_next(&in, &ln)) == 1) {
		if (ln.toolong) {
			reject(in.name, ln.no, "line too long");
			continue;
		}
		if (!ln.len)
			continue;
		k = job_parse(ln.p, ln.len, &j, &err);
		if (k < 0)
			reject(in.name, ln.no, "job: %s", err);
		else if (k > 0)
			keep(r, &j);
	}
	if (k < 0)
		error("cannot read the jobs log '%s':", r->jobs_path);
	lines_close(&in);
	if (r->njobs)
		qsort(r->jobs, r->njobs, sizeof *r->jobs, cmp_job);
	return k < 0 ? -1 : 0;
}
