/* inject: an LD_PRELOAD shim that makes a class of calls fail from its Nth
 * call on, to test the error paths of the tools for real (after jq's
 * src/inject_errors.c and curl's failing allocations).
 *
 *   CB_INJECT=CLASS:N[,CLASS:N]...   fail CLASS from its Nth call on
 *   CB_INJECT_COUNT=FILE             at exit, append "CLASS CALLS" lines to FILE
 *
 * Classes:
 *   stdout   write() on file descriptor 1             fails with ENOSPC
 *   dbwrite  write(), pwrite(), pwrite64() on fd >= 3 fails with ENOSPC (the store)
 *   fsync    fsync(), fdatasync()                      fails with EIO
 *   malloc   malloc(), calloc(), realloc()             returns NULL (ENOMEM)
 *
 * A failure stays (a full disk stays full). The shim is for the plain
 * build: a sanitizer's runtime must come first and refuses preloads. */
/* _GNU_SOURCE (RTLD_NEXT) comes from the Makefile. */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

enum { C_STDOUT, C_DBWRITE, C_FSYNC, C_MALLOC, NCLASS };
static const char *const names[NCLASS] = { "stdout", "dbwrite", "fsync", "malloc" };
static long fail_at[NCLASS];      /* 0: never */
static long calls[NCLASS];
static int ready;

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);

static void report(void)
{
	const char *path = getenv("CB_INJECT_COUNT");
	FILE *f;

	if (!path || !(f = fopen(path, "a")))
		return;
	for (int c = 0; c < NCLASS; c++)
		fprintf(f, "%s %ld\n", names[c], calls[c]);
	fclose(f);
}

__attribute__((constructor)) static void init(void)
{
	const char *s = getenv("CB_INJECT");

	*(void **)&real_write = dlsym(RTLD_NEXT, "write");
	*(void **)&real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	*(void **)&real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
	*(void **)&real_fsync = dlsym(RTLD_NEXT, "fsync");
	*(void **)&real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
	while (s && *s) {
		for (int c = 0; c < NCLASS; c++) {
			size_t n = strlen(names[c]);

			if (!strncmp(s, names[c], n) && s[n] == ':')
				fail_at[c] = strtol(s + n + 1, NULL, 10);
		}
		s = strchr(s, ',');
		s = s ? s + 1 : NULL;
	}
	if (getenv("CB_INJECT_COUNT"))
		atexit(report);
	ready = 1;
}

/* 1 if this call of class c must fail. */
static int fails(int c)
{
	calls[c]++;
	return ready && fail_at[c] && calls[c] >= fail_at[c];
}

ssize_t write(int fd, const void *p, size_t n)
{
	if (fd == 1 ? fails(C_STDOUT) : fd >= 3 ? fails(C_DBWRITE) : 0) {
		errno = ENOSPC;
		return -1;
	}
	return real_write(fd, p, n);
}

ssize_t pwrite(int fd, const void *p, size_t n, off_t off)
{
	if (fd >= 3 && fails(C_DBWRITE)) {
		errno = ENOSPC;
		return -1;
	}
	return real_pwrite(fd, p, n, off);
}

ssize_t pwrite64(int fd, const void *p, size_t n, off_t off)
{
	if (fd >= 3 && fails(C_DBWRITE)) {
		errno = ENOSPC;
		return -1;
	}
	return real_pwrite64(fd, p, n, off);
}

int fsync(int fd)
{
	if (fails(C_FSYNC)) {
		errno = EIO;
		return -1;
	}
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	if (fails(C_FSYNC)) {
		errno = EIO;
		return -1;
	}
	return real_fdatasync(fd);
}

void *malloc(size_t n)
{
	if (fails(C_MALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
	if (fails(C_MALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
	if (fails(C_MALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(p, n);
}
