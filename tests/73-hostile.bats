#!/usr/bin/env bats
# The hostile corpus: every case of tests/hostile/cases gives its exit
# status and first stderr line (see that file); so does every case of
# tests/hostile/net-cases, answers of a malicious exchange.
load test_helper

teardown() {
	[ -z "${FAKE_DIR:-}" ] || fake_stop
}

@test "every case of the hostile corpus: exit status and first stderr line" {
	dir="$BATS_TEST_DIRNAME/hostile"
	bad=0 n=0
	while IFS=$'\t' read -r file cmd want_rc want_err; do
		case $file in '#'* | '') continue ;; esac
		n=$((n + 1))
		rc=0
		$cmd < "$dir/$file" > out 2> err || rc=$?
		got_err=$(head -n 1 err)
		[ -n "$got_err" ] || got_err=-
		if [ "$rc" != "$want_rc" ] || [ "$got_err" != "$want_err" ]; then
			echo "$file | $cmd: status $rc, want $want_rc; stderr: $got_err" >&2
			echo "   want: $want_err" >&2
			bad=$((bad + 1))
		fi
	done < "$dir/cases"
	echo "$n cases, $bad wrong" >&2
	[ "$n" -gt 0 ]
	[ "$bad" -eq 0 ]
}

@test "every case of the hostile corpus's network part: exit status and first stderr line" {
	dir="$BATS_TEST_DIRNAME/hostile"
	mkdir -p data
	cp "$CB_DATA/BTCUSDT-4h.csv" data/
	fake_start "$BATS_TEST_TMPDIR/fx" --data data --now 1777615200000
	bad=0 n=0
	while IFS=$'\t' read -r fault cmd want_rc want_err; do
		case $fault in '#'* | '') continue ;; esac
		n=$((n + 1))
		fake POST /_fake/reset > /dev/null
		fake POST "/_fake/fault?$fault" > /dev/null
		rc=0
		$cmd < /dev/null > out 2> err || rc=$?
		got_err=$(head -n 1 err)
		[ -n "$got_err" ] || got_err=-
		want_err=${want_err//URL/$FAKE_URL}
		if [ "$rc" != "$want_rc" ] || [ "$got_err" != "$want_err" ]; then
			echo "$fault | $cmd: status $rc, want $want_rc; stderr: $got_err" >&2
			echo "   want: $want_err" >&2
			bad=$((bad + 1))
		fi
	done < "$dir/net-cases"
	fake_stop
	echo "$n cases, $bad wrong" >&2
	[ "$n" -gt 0 ]
	[ "$bad" -eq 0 ]
}
