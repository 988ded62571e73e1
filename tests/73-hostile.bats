#!/usr/bin/env bats
# The hostile corpus: every case of tests/hostile/cases gives its exit
# status and first stderr line (see that file).
load test_helper

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
