/* banned: functions cb never calls, made compile errors (after git's
 * banned.h). Every file is compiled with -include lib/banned.h (config.mk).
 *
 * strcpy, strcat, sprintf and vsprintf write without a bound: use memcpy
 * with a known length, snprintf, or struct buf. strtok keeps hidden state:
 * scan with strchr or strcspn. gmtime and localtime return shared storage:
 * cbtime.h converts times without them.
 *
 * The system headers that declare them come first, so that their
 * declarations are read before the names turn into errors. */
#ifndef CB_BANNED_H
#define CB_BANNED_H

#include <stdio.h>
#include <string.h>
#include <time.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)

#endif
