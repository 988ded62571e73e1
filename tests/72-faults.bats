#!/usr/bin/env bats
# Fault injection (issue 15): tests/inject/inject.c, preloaded, makes
# write() to standard output, the store's writes, fsync or malloc fail from
# their Nth call on. Each tool must report it and exit 1, never crash or
# exit 0 with less than its whole output, and leave a store that is valid
# and that a rerun completes exactly as an uninterrupted run.
load test_helper

setup() {
	cb_setup
	case "$(cat "$CB_ROOT/build/flavour" 2>/dev/null)" in
	san-*) skip "a sanitizer's runtime refuses a preloaded library" ;;
	esac
	INJECT="$CB_ROOT/build/opt/tests/inject.so"
	[ -f "$INJECT" ] || { echo "missing $INJECT: run make check" >&2; return 1; }
	a="--exchange sim -q klines --symbols AUSDT,BUSDT --since 2025-01-01 --until 2025-04-01"
	cb-fetch $a | cb-detect -p > in
}

# inject SPEC CMD...: run CMD < in > out 2> err with CB_INJECT=SPEC; sets rc.
inject() {
	local spec=$1
	shift
	rc=0
	CB_INJECT=$spec LD_PRELOAD=$INJECT "$@" < in > out 2> err || rc=$?
}

# calls CLASS CMD...: how many calls of CLASS an uninterrupted CMD < in makes.
calls() {
	local class=$1
	shift
	rm -f count
	CB_INJECT_COUNT=$PWD/count LD_PRELOAD=$INJECT "$@" < in > /dev/null
	awk -v c="$class" '$1 == c { print $2 }' count
}

# samples N: 1, 2, 3, 5, 8, ... below N, and N.
samples() {
	awk -v n="$1" 'BEGIN { a = 1; b = 2; while (a < n) { print a; t = a + b; a = b; b = t } print n }'
}

@test "standard output full: every tool says so and exits 1" {
	for tool in "cb-detect" "cb-detect -p" "cb-score -p" "cb-validate" "cb-fetch $a"; do
		inject stdout:1 $tool
		[ "$rc" -eq 1 ] || { echo "$tool: status $rc" >&2; false; }
		[ "$(head -n 1 err)" = "${tool%% *}: cannot write to standard output: No space left on device" ] ||
			{ echo "$tool: $(cat err)" >&2; false; }
	done
}

@test "malloc fails at each call: cb-detect exits 1 with a message or 0 with all its output" {
	cb-detect -p < in > want
	n=$(calls malloc cb-detect -p)
	[ "$n" -gt 5 ]
	for i in $(seq 1 "$n"); do
		inject malloc:$i cb-detect -p
		case $rc in
		0) cmp -s out want || { echo "malloc:$i: exit 0, output differs" >&2; false; } ;;
		1) grep -q '^cb-detect: ' err || { echo "malloc:$i: $(cat err)" >&2; false; } ;;
		*) echo "malloc:$i: status $rc: $(cat err)" >&2; false ;;
		esac
	done
}

@test "malloc fails: cb-score and cb-validate exit 1 with a message, never crash" {
	for tool in "cb-score -p" "cb-validate --db v.db"; do
		n=$(calls malloc $tool)
		for i in $(samples "$n"); do
			rm -f v.db v.db-wal v.db-shm
			inject malloc:$i $tool
			[ "$rc" -le 1 ] || { echo "$tool malloc:$i: status $rc: $(cat err)" >&2; false; }
			[ "$rc" -eq 0 ] || grep -q "^${tool%% *}: " err ||
				{ echo "$tool malloc:$i: $(cat err)" >&2; false; }
		done
	done
}

# dump DB: the store's rows, in a stable order.
dump() {
	sqlite3 "$1" "SELECT * FROM signals ORDER BY id; SELECT * FROM signal_tracking ORDER BY 1, 2;
		SELECT * FROM signal_confirmations ORDER BY 1, 2, 3; SELECT * FROM signal_scores ORDER BY 1, 2;"
}

@test "the store's writes fail at each sampled call: exit 1, a valid store, a rerun completes it" {
	cb-validate --db want.db < in > /dev/null
	dump want.db > want
	n=$(calls dbwrite cb-validate --db v.db)
	rm -f v.db v.db-wal v.db-shm
	[ "$n" -gt 10 ]
	for i in $(samples "$n"); do
		rm -f v.db v.db-wal v.db-shm
		inject dbwrite:$i cb-validate --db v.db
		# Status 0 only when what failed came after the last commit (the
		# checkpoint at close): the store is then complete as it is.
		if [ "$rc" -eq 0 ]; then
			dump v.db > got
			cmp -s got want || { echo "dbwrite:$i: exit 0, the store differs" >&2; false; }
		else
			[ "$rc" -eq 1 ] || { echo "dbwrite:$i: status $rc" >&2; false; }
			grep -q '^cb-validate: v.db: ' err || { echo "dbwrite:$i: $(cat err)" >&2; false; }
		fi
		[ ! -e v.db ] || [ "$(sqlite3 v.db 'PRAGMA integrity_check')" = ok ]
		cb-validate --db v.db < in > /dev/null
		dump v.db > got
		cmp -s got want || { echo "dbwrite:$i: the rerun's store differs" >&2; false; }
	done
}

@test "fsync fails: the store writer exits 1 and the store stays valid" {
	inject fsync:1 cb-validate --db v.db
	[ "$rc" -eq 1 ]
	grep -q '^cb-validate: v.db: .*disk I/O error' err
	[ "$(sqlite3 v.db 'PRAGMA integrity_check')" = ok ]
	cb-validate --db want.db < in > /dev/null
	cb-validate --db v.db < in > /dev/null
	dump want.db > want
	dump v.db > got
	cmp got want
}

@test "import into the store: its writes fail at sampled calls, the rerun completes it" {
	cb-fetch ${a/AUSDT,BUSDT/AUSDT} > candles.ndjson
	{ echo "open_time,open,high,low,close,volume"
	  jq -r '[.open_time, .open, .high, .low, .close, .volume] | @csv' candles.ndjson; } > AUSDT-4h.csv
	cb-fetch import --db want.db AUSDT-4h.csv
	want=$(sqlite3 want.db 'SELECT count(*), sum(open_time), sum(volume) FROM candles')
	: > in
	n=$(calls dbwrite cb-fetch import --db v.db AUSDT-4h.csv)
	for i in $(samples "$n"); do
		rm -f v.db v.db-wal v.db-shm
		inject dbwrite:$i cb-fetch import --db v.db AUSDT-4h.csv
		[ "$rc" -le 1 ] || { echo "dbwrite:$i: status $rc: $(cat err)" >&2; false; }
		[ "$rc" -eq 1 ] ||
			[ "$(sqlite3 v.db 'SELECT count(*), sum(open_time), sum(volume) FROM candles')" = "$want" ]
		[ ! -e v.db ] || [ "$(sqlite3 v.db 'PRAGMA integrity_check')" = ok ]
		cb-fetch import --db v.db AUSDT-4h.csv
		[ "$(sqlite3 v.db 'SELECT count(*), sum(open_time), sum(volume) FROM candles')" = "$want" ]
	done
}
