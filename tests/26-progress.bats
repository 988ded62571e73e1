#!/usr/bin/env bats
# Progress on a terminal (issue: waiting is visible): cb-detect, cb-score
# and cb-validate show "N records read, R/s" on standard error when it is a
# terminal, their output is not, -q is not given and the run has taken a
# second; the line is erased at the end. script(1) gives the terminal.
load test_helper

setup() {
	cb_setup
	command -v script > /dev/null || skip "script(1) is not installed"
	# 3000 candles at once, then a pause of 1.3 s, then 3000 more: the
	# progress is looked at every 1024 lines, first after the pause at the
	# 3072nd.
	mkseries A 3000 10 > a
	mkseries A 3000 10 3000 > b
}

# slow CMD...: the typescript of { a; pause; b } | CMD run on a terminal.
slow() {
	run -0 script -qec "{ cat a; sleep 1.3; cat b; } | $*" /dev/null
}

@test "progress: each stream tool shows records read on a terminal, then erases it" {
	for tool in "cb-detect -p" "cb-score -p" "cb-validate -p --db v.db"; do
		slow "$tool > out"
		# The line "\rTOOL: 3072 records read, R/s\e[K", then "\r\e[K".
		[[ "$output" == $'\r'"${tool%% *}: 3072 records read, "*"/s"$'\e[K'* ]]
		[[ "$output" == *$'\r\e[K'* ]]
		# The records all went to standard output, untouched.
		[ "$(wc -l < out)" -ge 6000 ]
	done
}

@test "progress: not with -q, not when the records go to the terminal, not for a short run" {
	slow "cb-score -q -p > out"
	[ "$output" = "" ]
	slow "cb-validate -p --db v.db"
	[[ "$output" != *"records read"* ]]
	run -0 script -qec "cat a b | cb-score -p > out" /dev/null
	[[ "$output" != *"records read"* ]]
	slow "cb-detect -p"
	[[ "$output" != *"records read"* ]]
}
