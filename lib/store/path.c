/* Which file is the store (store/store.h): --db, CB_DB, or the XDG data
 * directory. */
#include "store/store.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "buf.h"
#include "msg.h"

const char *store_path(const char *opt)
{
	const char *env = getenv("CB_DB");

	if (opt)
		return opt;
	return env && *env ? env : NULL;
}

/* mkdir -p for the directories of path up to its last slash. */
static int make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			error("cannot create the directory '%s':", path);
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

const char *store_default_path(struct buf *b, int create_dir)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	buf_reset(b);
	if (xdg && xdg[0] == '/') {
		buf_adds(b, xdg);
	} else if (home && *home) {
		buf_adds(b, home);
		buf_adds(b, "/.local/share");
	} else {
		error("no store: give --db FILE, or set CB_DB, XDG_DATA_HOME or HOME");
		return NULL;
	}
	buf_adds(b, "/cb/cb.db");
	if (create_dir && make_dirs(buf_cstr(b)) < 0)
		return NULL;
	return buf_cstr(b);
}
