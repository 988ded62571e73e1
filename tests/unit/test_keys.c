/* Unit tests of lib/keys.c: keys from the environment, from a file only
 * its owner may use (0600 taken, 0640 and 0604 refused with the fix named
 * and the content never), a missing line, a directory, and wiping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keys.h"
#include "unit.h"

#define KEY "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
#define SECRET "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"

static char dir[] = "/tmp/cb-keys-XXXXXX";

/* Write text to dir/name with mode; return the path (static). */
static const char *put(const char *name, const char *text, mode_t mode)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	chmod(path, mode);
	return path;
}

static int all_zero(const struct api_keys *k)
{
	const unsigned char *p = (const unsigned char *)k;

	for (size_t i = 0; i < sizeof *k; i++)
		if (p[i])
			return 0;
	return 1;
}

static void test_env(void)
{
	struct api_keys k;
	char err[256];

	unsetenv(KEYS_ENV_KEY);
	unsetenv(KEYS_ENV_SECRET);
	CHECK_INT(keys_load(NULL, &k, err, sizeof err), -1);
	CHECK_STR(err, "no API key: set CB_BINANCE_API_KEY and CB_BINANCE_API_SECRET, "
		  "or give a key file");
	setenv(KEYS_ENV_KEY, KEY, 1);
	CHECK_INT(keys_load(NULL, &k, err, sizeof err), -1);
	CHECK(all_zero(&k));
	setenv(KEYS_ENV_SECRET, SECRET, 1);
	CHECK_INT(keys_load(NULL, &k, err, sizeof err), 0);
	CHECK_STR(k.key, KEY);
	CHECK_STR(k.secret, SECRET);
	CHECK_STR(err, "");
	setenv(KEYS_ENV_SECRET, "two words", 1);
	CHECK_INT(keys_load(NULL, &k, err, sizeof err), -1);
	CHECK_STR(err, "CB_BINANCE_API_SECRET is not a usable API secret (empty, too long or "
		  "with blanks)");
	CHECK(!strstr(err, "two"));
	unsetenv(KEYS_ENV_KEY);
	unsetenv(KEYS_ENV_SECRET);
	keys_wipe(&k);
	CHECK(all_zero(&k));
}

static void test_file(void)
{
	struct api_keys k;
	char err[512], want[512];
	const char *p;

	p = put("ok", KEY "\r\n" SECRET "\n", 0600);
	CHECK_INT(keys_load(p, &k, err, sizeof err), 0);
	CHECK_STR(k.key, KEY);
	CHECK_STR(k.secret, SECRET);
	/* No newline at the end is fine too; 0400 as well. */
	p = put("ok2", KEY "\n" SECRET, 0400);
	CHECK_INT(keys_load(p, &k, err, sizeof err), 0);
	CHECK_STR(k.secret, SECRET);

	p = put("group", KEY "\n" SECRET "\n", 0640);
	CHECK_INT(keys_load(p, &k, err, sizeof err), -1);
	snprintf(want, sizeof want, "key file '%s' is open to others (mode 0640): chmod 600 '%s'",
		 p, p);
	CHECK_STR(err, want);
	CHECK(all_zero(&k));
	p = put("other", KEY "\n" SECRET "\n", 0604);
	CHECK_INT(keys_load(p, &k, err, sizeof err), -1);
	snprintf(want, sizeof want, "key file '%s' is open to others (mode 0604): chmod 600 '%s'",
		 p, p);
	CHECK_STR(err, want);
	CHECK(!strstr(err, KEY) && !strstr(err, SECRET));

	p = put("one", KEY "\n", 0600);
	CHECK_INT(keys_load(p, &k, err, sizeof err), -1);
	snprintf(want, sizeof want, "key file '%s' needs two lines: the API key, then the secret", p);
	CHECK_STR(err, want);
	p = put("empty2", KEY "\n\n", 0600);
	CHECK_INT(keys_load(p, &k, err, sizeof err), -1);
	snprintf(want, sizeof want, "line 2 of key file '%s' is not a usable API secret (empty, "
		 "too long or with blanks)", p);
	CHECK_STR(err, want);
	p = put("three", KEY "\n" SECRET "\nmore\n", 0600);
	CHECK_INT(keys_load(p, &k, err, sizeof err), -1);
	snprintf(want, sizeof want, "key file '%s' has more than two lines (key, secret)", p);
	CHECK_STR(err, want);
	CHECK(all_zero(&k));

	CHECK_INT(keys_load(dir, &k, err, sizeof err), -1);
	snprintf(want, sizeof want, "key file '%s' is not a regular file", dir);
	CHECK_STR(err, want);
	snprintf(want, sizeof want, "%s/none", dir);
	CHECK_INT(keys_load(want, &k, err, sizeof err), -1);
	CHECK(strstr(err, "cannot open key file '") && strstr(err, "/none': "));
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(dir))
		return 1;
	umask(077);
	test_env();
	test_file();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd))
		return 1;
	UNIT_END();
}
