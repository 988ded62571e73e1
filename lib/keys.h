/* keys: an exchange's API key and secret, or another tool's secret (a bot
 * token), from the environment or a file only the owner can read, and
 * wiping them from memory.
 *
 * Neither the key nor the secret is ever written anywhere by this file: a
 * message names the variable or the file and the fix, never the content. */
#ifndef CB_KEYS_H
#define CB_KEYS_H

#include <stddef.h>

/* Room for a key or a secret with its NUL (Binance's are 64 characters). */
#define KEYS_MAX 256

/* The variables keys_load reads without a file. */
#define KEYS_ENV_KEY "CB_BINANCE_API_KEY"
#define KEYS_ENV_SECRET "CB_BINANCE_API_SECRET"

struct api_keys {
	char key[KEYS_MAX];
	char secret[KEYS_MAX];
};

/* Load the key and the secret into *k. file NULL: from the environment
 * variables KEYS_ENV_KEY and KEYS_ENV_SECRET. Else from file: two lines,
 * the key and then the secret (a trailing CR and blanks are dropped),
 * refused unless it is a regular file that neither its group nor others
 * may read, write or run (mode & 077 == 0). Returns 0, or -1 with *k
 * wiped and a message in err (errlen bytes) such as "'keys' may be read
 * by others (mode 0640): chmod 600 'keys'". */
int keys_load(const char *file, struct api_keys *k, char *err, size_t errlen);

/* Load one secret (a bot token, a webhook URL) into dst (KEYS_MAX bytes):
 * file NULL: from the environment variable env; else from file, one line
 * (a trailing CR and blanks dropped), refused unless only its owner may
 * use it, as keys_load's. what names the secret in messages ("Telegram
 * bot token"). Returns 0, or -1 with dst wiped and a message in err
 * (errlen bytes) that names the variable or the file, never the secret. */
int keys_load_secret(const char *file, const char *env, const char *what, char *dst,
		     char *err, size_t errlen);

/* Overwrite *k with zeros, in a way the compiler does not drop. */
void keys_wipe(struct api_keys *k);

/* Overwrite n bytes at p with zeros, in a way the compiler does not drop
 * (for copies of a secret elsewhere). NULL is allowed with n 0. */
void keys_bzero(void *p, size_t n);

#endif
