/* Unit tests of cb-notify's pieces in lib/: the notify_events table
 * (claimed, sent, unknown, released, claimed again with retry),
 * keys_load_secret (environment, 0600 file, refusals that never hold the
 * secret) and header_ms (Discord's X-RateLimit-Reset-After). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keys.h"
#include "net/header.h"
#include "store/notify.h"
#include "store/store.h"
#include "unit.h"

#define TOKEN "123456:AAE-secret-token"

static char dir[] = "/tmp/cb-test-notify.XXXXXX";

static enum notify_claim claim(struct store *s, const char *target, const char *key, int retry)
{
	enum notify_claim c = (enum notify_claim)-1;

	CHECK_INT(store_begin(s), 0);
	CHECK_INT(store_notify_claim(s, target, key, retry, 1000, &c), 0);
	CHECK_INT(store_commit(s), 0);
	return c;
}

static void done(struct store *s, const char *key, enum notify_outcome o, const char *err)
{
	CHECK_INT(store_begin(s), 0);
	CHECK_INT(store_notify_done(s, "telegram:1", key, o, err, 2000), 0);
	CHECK_INT(store_commit(s), 0);
}

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

static void secret_refused(const char *file, const char *env, const char *want)
{
	char dst[KEYS_MAX], err[512];

	CHECK_INT(keys_load_secret(file, env, "bot token", dst, err, sizeof err), -1);
	CHECK_STR(err, want);
	CHECK(!strstr(err, TOKEN));
	CHECK_STR(dst, "");
}

static void ms(const char *line, int is, long want)
{
	long v = -7;

	CHECK_INT(header_ms(line, strlen(line), "X-RateLimit-Reset-After", &v), is);
	CHECK_INT(v, want);
}

int main(void)
{
	char path[96], dst[KEYS_MAX], err[512], want[256];
	struct store *s;
	const char *f;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/s.db", dir);
	s = store_open(path);
	CHECK(s != NULL);
	if (!s)
		return 1;
	CHECK_INT(claim(s, "telegram:1", "signal:a", 0), NOTIFY_CLAIMED);
	/* Claimed and not done: pending for everyone, also another target's
	 * key is its own. */
	CHECK_INT(claim(s, "telegram:1", "signal:a", 0), NOTIFY_PENDING);
	CHECK_INT(claim(s, "discord", "signal:a", 0), NOTIFY_CLAIMED);
	done(s, "signal:a", NOTIFY_OUT_SENT, NULL);
	CHECK_INT(claim(s, "telegram:1", "signal:a", 0), NOTIFY_SENT_BEFORE);
	CHECK_INT(claim(s, "telegram:1", "signal:a", 1), NOTIFY_SENT_BEFORE);
	/* Unknown: pending, unless retried. */
	CHECK_INT(claim(s, "telegram:1", "job:x:1", 0), NOTIFY_CLAIMED);
	done(s, "job:x:1", NOTIFY_OUT_UNKNOWN, "HTTP 500");
	CHECK_INT(claim(s, "telegram:1", "job:x:1", 0), NOTIFY_PENDING);
	CHECK_INT(claim(s, "telegram:1", "job:x:1", 1), NOTIFY_CLAIMED);
	done(s, "job:x:1", NOTIFY_OUT_SENT, NULL);
	CHECK_INT(claim(s, "telegram:1", "job:x:1", 1), NOTIFY_SENT_BEFORE);
	/* Not sent: released, claimed again by the next run. */
	CHECK_INT(claim(s, "telegram:1", "trade:t:paper", 0), NOTIFY_CLAIMED);
	done(s, "trade:t:paper", NOTIFY_OUT_NOT_SENT, "refused");
	CHECK_INT(claim(s, "telegram:1", "trade:t:paper", 0), NOTIFY_CLAIMED);
	store_close(s);

	/* Secrets. */
	setenv("CB_TEST_TOKEN", TOKEN "  ", 1);
	CHECK_INT(keys_load_secret(NULL, "CB_TEST_TOKEN", "bot token", dst, err, sizeof err), 0);
	CHECK_STR(dst, TOKEN);
	setenv("CB_TEST_TOKEN", "", 1);
	secret_refused(NULL, "CB_TEST_TOKEN", "no bot token: set CB_TEST_TOKEN, or give a file");
	setenv("CB_TEST_TOKEN", "a b", 1);
	secret_refused(NULL, "CB_TEST_TOKEN",
		       "CB_TEST_TOKEN is not a usable bot token (empty, too long or with blanks)");
	f = put("ok", TOKEN "\r\n", 0600);
	CHECK_INT(keys_load_secret(f, "CB_NONE", "bot token", dst, err, sizeof err), 0);
	CHECK_STR(dst, TOKEN);
	f = put("open", TOKEN "\n", 0640);
	snprintf(want, sizeof want, "secret file '%s' is open to others (mode 0640): chmod 600 '%s'",
		 f, f);
	secret_refused(f, "CB_NONE", want);
	f = put("two", TOKEN "\nmore\n", 0600);
	snprintf(want, sizeof want, "secret file '%s' has more than one line (the bot token)", f);
	secret_refused(f, "CB_NONE", want);
	f = put("empty", "\n", 0600);
	snprintf(want, sizeof want, "secret file '%s' does not hold a usable bot token (empty, too "
		 "long or with blanks)", f);
	secret_refused(f, "CB_NONE", want);
	snprintf(want, sizeof want, "secret file '%s' is not a regular file", dir);
	secret_refused(dir, "CB_NONE", want);

	/* header_ms. */
	ms("X-RateLimit-Reset-After: 1.5\r\n", 1, 1500);
	ms("x-ratelimit-reset-after:0.0004\r\n", 1, 0);
	ms("X-RateLimit-Reset-After: 2\r\n", 1, 2000);
	ms("X-RateLimit-Reset-After: soon\r\n", 1, -1);
	ms("X-RateLimit-Reset-After: -1\r\n", 1, -1);
	ms("X-RateLimit-Reset-After: 1e12\r\n", 1, HEADER_NUM_MAX);
	ms("X-RateLimit-Reset: 1.5\r\n", 0, -7);

	unlink(put("ok", "", 0600));
	unlink(put("open", "", 0600));
	unlink(put("two", "", 0600));
	unlink(put("empty", "", 0600));
	snprintf(path, sizeof path, "%s/s.db", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/s.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/s.db-shm", dir);
	unlink(path);
	rmdir(dir);
	UNIT_END();
}
