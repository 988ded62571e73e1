/* keys: API keys from the environment or an owner-only file (keys.h). */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void keys_bzero(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

void keys_wipe(struct api_keys *k)
{
	keys_bzero(k, sizeof *k);
}

/* Copy s[0..n) without trailing blanks and CR into dst (KEYS_MAX bytes).
 * Returns 0, or -1 if it is empty, too long or holds a control byte or
 * a blank (a key never does: a stray one would only fail later at the
 * exchange, with a confusing message). */
static int take(char *dst, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (!n || n >= KEYS_MAX)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static int from_env(struct api_keys *k, char *err, size_t errlen)
{
	const char *key = getenv(KEYS_ENV_KEY), *secret = getenv(KEYS_ENV_SECRET);

	if (!key || !*key || !secret || !*secret) {
		snprintf(err, errlen, "no API key: set %s and %s, or give a key file",
			 KEYS_ENV_KEY, KEYS_ENV_SECRET);
		return -1;
	}
	if (take(k->key, key, strlen(key))) {
		snprintf(err, errlen, "%s is not a usable API key (empty, too long or with "
			 "blanks)", KEYS_ENV_KEY);
		return -1;
	}
	if (take(k->secret, secret, strlen(secret))) {
		snprintf(err, errlen, "%s is not a usable API secret (empty, too long or with "
			 "blanks)", KEYS_ENV_SECRET);
		return -1;
	}
	return 0;
}

/* Read all of fd (at most cap - 1 bytes) into b, NUL-terminated. Returns
 * the length, or -1 (errno) on error or when the file is larger. */
static long read_all(int fd, char *b, size_t cap)
{
	size_t n = 0;

	for (;;) {
		ssize_t k = read(fd, b + n, cap - 1 - n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		n += (size_t)k;
		if (n == cap - 1) {
			errno = EFBIG;
			return -1;
		}
	}
	b[n] = '\0';
	return (long)n;
}

/* Open file, refuse it unless it is a regular file only its owner may
 * use, and read it all into b (cap bytes, NUL-terminated); what names the
 * file in messages ("key file"). Returns the length, or -1 with a message
 * in err. */
static long read_private(const char *file, const char *what, char *b, size_t cap, char *err,
			 size_t errlen)
{
	struct stat st;
	long n = -1;
	int fd;

	/* O_NONBLOCK: a FIFO must not hang the open; it is refused below. */
	fd = open(file, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s '%s': %s", what, file, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "cannot stat %s '%s': %s", what, file, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s '%s' is not a regular file", what, file);
		goto out;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen, "%s '%s' is open to others (mode %04o): "
			 "chmod 600 '%s'", what, file, (unsigned)(st.st_mode & 07777), file);
		goto out;
	}
	n = read_all(fd, b, cap);
	if (n < 0 && errno == EFBIG)
		snprintf(err, errlen, "%s '%s' is too large", what, file);
	else if (n < 0)
		snprintf(err, errlen, "cannot read %s '%s': %s", what, file, strerror(errno));
out:
	close(fd);
	return n;
}

static int from_file(const char *file, struct api_keys *k, char *err, size_t errlen)
{
	char b[2 * KEYS_MAX + 16];
	const char *first_nl, *nl, *second, *end;
	long n;
	int rc = -1;

	n = read_private(file, "key file", b, sizeof b, err, errlen);
	if (n < 0) {
		if (errno == EFBIG)
			snprintf(err, errlen, "key file '%s' is too large for two lines (key, "
				 "secret)", file);
		goto out;
	}
	end = b + n;
	first_nl = memchr(b, '\n', (size_t)n);
	second = first_nl ? first_nl + 1 : end;
	if (!first_nl || second == end) {
		snprintf(err, errlen, "key file '%s' needs two lines: the API key, then the secret",
			 file);
		goto out;
	}
	nl = memchr(second, '\n', (size_t)(end - second));
	if (nl && nl + 1 < end) {
		snprintf(err, errlen, "key file '%s' has more than two lines (key, secret)", file);
		goto out;
	}
	if (take(k->key, b, (size_t)(first_nl - b))) {
		snprintf(err, errlen, "line 1 of key file '%s' is not a usable API key (empty, "
			 "too long or with blanks)", file);
		goto out;
	}
	if (take(k->secret, second, (size_t)((nl ? nl : end) - second))) {
		snprintf(err, errlen, "line 2 of key file '%s' is not a usable API secret (empty, "
			 "too long or with blanks)", file);
		goto out;
	}
	rc = 0;
out:
	keys_bzero(b, sizeof b);
	return rc;
}

int keys_load_secret(const char *file, const char *env, const char *what, char *dst,
		     char *err, size_t errlen)
{
	char b[KEYS_MAX + 16];
	const char *v, *nl;
	long n;
	int rc = -1;

	keys_bzero(dst, KEYS_MAX);
	err[0] = '\0';
	if (!file) {
		v = getenv(env);
		if (!v || !*v) {
			snprintf(err, errlen, "no %s: set %s, or give a file", what, env);
			return -1;
		}
		if (take(dst, v, strlen(v))) {
			snprintf(err, errlen, "%s is not a usable %s (empty, too long or with blanks)",
				 env, what);
			return -1;
		}
		return 0;
	}
	n = read_private(file, "secret file", b, sizeof b, err, errlen);
	if (n < 0)
		goto out;
	nl = memchr(b, '\n', (size_t)n);
	if (nl && nl + 1 < b + n) {
		snprintf(err, errlen, "secret file '%s' has more than one line (the %s)", file, what);
		goto out;
	}
	if (take(dst, b, (size_t)((nl ? nl : b + n) - b))) {
		snprintf(err, errlen, "secret file '%s' does not hold a usable %s (empty, too long "
			 "or with blanks)", file, what);
		goto out;
	}
	rc = 0;
out:
	keys_bzero(b, sizeof b);
	if (rc)
		keys_bzero(dst, KEYS_MAX);
	return rc;
}

int keys_load(const char *file, struct api_keys *k, char *err, size_t errlen)
{
	int rc;

	keys_wipe(k);
	err[0] = '\0';
	rc = file ? from_file(file, k, err, errlen) : from_env(k, err, errlen);
	if (rc)
		keys_wipe(k);
	return rc;
}
