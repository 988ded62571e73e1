#include "progress.h"

#include "cbtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static int enabled, drawn;
static int64_t last_ms;


static void clear_line(void)
{
	if (drawn) {
		fputs("\r\033[K", stderr);
		drawn = 0;
	}
}

void progress_start(void)
{
	enabled = isatty(STDERR_FILENO) && !msg_quiet();
	if (enabled)
		msg_set_hook(clear_line);
}

void progress_show(int force, const char *fmt, ...)
{
	int64_t now;
	va_list ap;

	if (!enabled)
		return;
	now = time_mono_ms();
	if (!force && drawn && now - last_ms < 200)
		return;
	last_ms = now;
	fprintf(stderr, "\r%s: ", msg_prog());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
	fflush(stderr);
	drawn = 1;
}

void progress_end(void)
{
	clear_line();
	enabled = 0;
}
