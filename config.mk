# Build settings; override on the command line (make CC=clang PREFIX=/usr).
PREFIX  ?= /usr/local
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
VERSION := 0.1.0

WARN    := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Wvla -Wformat-security -Wshadow -fno-common -Werror
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 $(WARN)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DCB_VERSION=\"$(VERSION)\" -Ilib
LDLIBS  += -lm
LDLIBS_fetch := -lcurl -ljansson -lsqlite3 -lzip -lcrypto
LDLIBS_validate := -lsqlite3

# make SANITIZE=address,undefined: sanitizers that stop at the first error.
ifneq ($(SANITIZE),)
CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
OBJDIR  := build/san
else
OBJDIR  := build/opt
endif
