#!/usr/bin/env bats
# Commands that only read the store (cb-validate list, show, stats, status;
# cb-fetch --offline) open it read-only: they work on a store the user may
# only read, never write it, and never wait for a writer in another process.
# Run as root, the reads run as the user nobody (setpriv), so that
# permissions hold; whoever runs them, the store must come out unchanged.
load test_helper

setup() {
	cb_setup
	command -v sqlite3 > /dev/null || skip "sqlite3 is needed"
	# A directory that the user nobody may enter.
	RO_DIR=$(mktemp -d /tmp/cb-ro.XXXXXX)
	chmod 755 "$RO_DIR"
	cd "$RO_DIR" || return 1
	cb-fetch --exchange sim -q klines --symbols AUSDT --since 2025-01-01 --until 2025-03-01 \
		--db s.db | cb-detect -p | cb-validate --db s.db > /dev/null
	ID=$(sqlite3 s.db "SELECT id FROM signals ORDER BY id LIMIT 1")
	queries > want
}

teardown() {
	for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
	cd / && chmod -R u+w "$RO_DIR" && rm -rf "$RO_DIR"
}

# reader CMD...: run CMD as a user without root's power over permissions.
reader() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}

# Every read-only command on s.db, its output and exit status.
queries() {
	local c
	for c in list "show $ID" stats; do
		# shellcheck disable=SC2086
		reader "$CB_ROOT/bin/cb-validate" --db s.db $c --now 2025-03-02
		echo "status $?"
	done
	reader "$CB_ROOT/bin/cb-validate" --db s.db status --now 2025-03-02 | jq -c 'del(.path)'
	reader "$CB_ROOT/bin/cb-fetch" --exchange sim klines --symbols AUSDT --db s.db --offline \
		--since 2025-02-28 --until 2025-02-28T04:00Z
	echo "status $?"
}

# The files of the directory, with the store's size and modification time.
files() {
	stat -c '%n %s %Y' s.db*
}

@test "read-only store: a file the user may only read" {
	[ "$(grep -c '"type":"validation"' want)" -ge 20 ]
	[ "$(grep -c '^status 0$' want)" -eq 4 ]
	cp s.db copy.db
	files > before
	chmod 0444 s.db
	queries > got 2> err
	diff -u want got
	[ ! -s err ]
	files > after
	diff -u before after
	cmp s.db copy.db
}

@test "read-only store: in a directory the user may only read" {
	cp s.db ../copy-$$.db
	files > ../before-$$
	chmod 0555 .
	queries > ../got-$$ 2> ../err-$$
	diff -u want ../got-$$
	[ ! -s ../err-$$ ]
	files > ../after-$$
	diff -u ../before-$$ ../after-$$
	cmp s.db ../copy-$$.db
	rm -f ../copy-$$.db ../before-$$ ../after-$$ ../got-$$ ../err-$$
}

@test "read-only store: a writer holding the lock in another process is not waited for" {
	local t0
	chmod 0777 .
	chmod 0666 s.db s.db-* 2>/dev/null || true
	# A writer in the middle of a transaction, for 30 seconds.
	mkfifo ctl
	sqlite3 s.db < ctl > /dev/null 2>&1 3>&- &
	exec 5> ctl
	echo "BEGIN IMMEDIATE; UPDATE signals SET status = 'ARCHIVED';" >&5
	# The write lock is held: another writer gets SQLITE_BUSY.
	for ((i = 0; i < 100; i++)); do
		sqlite3 -cmd '.timeout 0' s.db 'BEGIN IMMEDIATE' 2>/dev/null || break
		sleep 0.05
	done
	run ! sqlite3 -cmd '.timeout 0' s.db 'BEGIN IMMEDIATE'
	t0=$SECONDS
	queries > got 2> err
	[ $((SECONDS - t0)) -lt 10 ]
	# What was committed, not the writer's transaction.
	diff -u want got
	[ ! -s err ]
	echo "ROLLBACK;" >&5
	exec 5>&-
	wait
}

@test "read-only store: an older schema is refused with the fix, a newer one too" {
	# A store of schema 1: market data only.
	cp s.db old.db
	sqlite3 old.db 'DROP TABLE signals; DROP TABLE signal_tracking;
		DROP TABLE signal_confirmations; DROP TABLE signal_scores; DROP TABLE order_book;
		DROP TABLE order_positions; DROP TABLE order_cooldowns; DROP TABLE order_signals;
		DROP TABLE order_trades; DROP TABLE order_audit; DROP TABLE live_orders;
		DROP TABLE live_positions; PRAGMA user_version = 1'
	chmod 0444 old.db
	run -1 --separate-stderr reader "$CB_ROOT/bin/cb-validate" --db old.db list
	[ "$output" = "" ]
	[ "$stderr" = "cb-validate: old.db: schema version 1 is older than this cb (3) and cannot be upgraded by a command that only reads; upgrade it with write access: cb-validate --db 'old.db' /dev/null" ]
	run -1 --separate-stderr reader "$CB_ROOT/bin/cb-fetch" --exchange sim klines --symbols AUSDT --db old.db --offline
	[ "$stderr" = "cb-fetch: old.db: schema version 1 is older than this cb (3) and cannot be upgraded by a command that only reads; upgrade it with write access: cb-validate --db 'old.db' /dev/null" ]
	# The fix, once the file may be written.
	chmod 0644 old.db
	run -0 cb-validate --db old.db /dev/null
	run -0 sqlite3 old.db 'PRAGMA user_version'
	[ "$output" = 3 ]
	sqlite3 old.db 'PRAGMA user_version = 99'
	run -1 --separate-stderr cb-validate --db old.db stats
	[ "$stderr" = "cb-validate: old.db: schema version 99 is newer than this cb (3); upgrade cb" ]
}
