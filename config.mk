# Build settings; override on the command line (make CC=clang PREFIX=/usr
# CFLAGS=-O0). CFLAGS is yours: the language standard, the warnings and
# banned.h are in ALL_CFLAGS and ALL_CPPFLAGS, which a CFLAGS override keeps.
PREFIX  ?= /usr/local
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
VERSION := 0.1.0

WARN    := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Wvla -Wformat-security -Wshadow -fno-common -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS   = -std=c11 $(WARN) $(SAN_CFLAGS) $(CFLAGS)
ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -DCB_VERSION=\"$(VERSION)\" -Ilib \
               -include lib/banned.h $(CPPFLAGS)
ALL_LDFLAGS  = $(SAN_LDFLAGS) $(LDFLAGS)

# The external libraries of each layer of lib/ (lib/README.md); a tool links
# the layers it includes, and with them these. The core needs only libm.
LIBS_core  := -lm
LIBS_net   := -lcurl -ljansson -lcrypto
LIBS_store := -lsqlite3
# What one tool needs besides its layers (cb-fetch import reads zip files
# and checks their SHA-256 sums).
LIBS_tool_fetch := -lzip -lcrypto
LIBS_tool_backtest := -lpthread

# make SANITIZE=address,undefined: sanitizers that stop at the first error.
ifneq ($(SANITIZE),)
SAN_CFLAGS  := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_LDFLAGS := -fsanitize=$(SANITIZE)
OBJDIR  := build/san
else
OBJDIR  := build/opt
endif
