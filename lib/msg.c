#include "msg.h"
#include "rejects.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "cb";
static int quiet, strict;
static long rejected;
static void (*hook)(void);

void msg_init(const char *name) { prog = name; }
const char *msg_prog(void) { return prog; }
void msg_set_quiet(int q) { quiet = q; }
int msg_quiet(void) { return quiet; }
void msg_set_hook(void (*h)(void)) { hook = h; }
void msg_set_strict(int s) { strict = s; }
long reject_count(void) { return rejected; }

int msg_exit_status(void)
{
	return rejected ? CB_EXIT_REJECTED : CB_EXIT_OK;
}

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	if (hook)
		hook();
	fprintf(stderr, "%s: %s", prog, kind);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	exit(CB_EXIT_FATAL);
}

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(CB_EXIT_USAGE);
}

void reject(const char *file, long line, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	rejected++;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (rejects_show(file, line, text)) {
		if (hook)
			hook();
		fprintf(stderr, "%s: %s:%ld: %s\n", prog, file, line, text);
	}
	if (strict) {
		fprintf(stderr, "%s: stopping at the first rejected record (--strict)\n", prog);
		exit(CB_EXIT_FATAL);
	}
	rejects_hint(file, line);
}

void msg_printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}
