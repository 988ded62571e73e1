#!/usr/bin/env bats
# One rule for every time option (TIMES in cb-formats(5)): ISO 8601 in the
# extended and the basic form, epoch milliseconds (13 digits) or seconds
# (10 digits), relative times; any other bare number is refused as
# ambiguous, by every tool.
load test_helper

D0=1735689600000          # 2025-01-01T00:00:00Z
H4=14400000

# The open times of the simulated 4h candles from --since to --until.
sim_times() {
	run -0 cb-fetch --exchange sim klines --symbols AUSDT --since "$1" --until "$2"
	jq -c -s 'map(.open_time)' <<< "$output"
}

@test "times: the basic form is a date, as the extended form is" {
	[ "$(sim_times 20250101 20250101T0400Z)" = "[$D0,$((D0 + H4))]" ]
	[ "$(sim_times 2025-01-01 2025-01-01T04:00Z)" = "[$D0,$((D0 + H4))]" ]
	[ "$(sim_times 20250101T040000Z 20250101T0800)" = "[$((D0 + H4)),$((D0 + 2 * H4))]" ]
	[ "$(sim_times 20250101T060000+0200 20250101T040000.5Z)" = "[$((D0 + H4))]" ]
}

@test "times: epoch milliseconds of 13 digits and seconds of 10" {
	[ "$(sim_times "$D0" $((D0 + H4)))" = "[$D0,$((D0 + H4))]" ]
	[ "$(sim_times $((D0 / 1000)) $(((D0 + H4) / 1000)))" = "[$D0,$((D0 + H4))]" ]
}

@test "times: a bare number of another length is refused, by every tool" {
	local msg="'28800000' is ambiguous: a bare number is a date of 8 digits (20250501), epoch seconds of 10 or epoch milliseconds of 13 (see TIMES in cb-formats(5))"
	run -2 --separate-stderr cb-fetch --exchange sim klines --symbols AUSDT --since 28800000
	run -2 --separate-stderr cb-fetch --exchange sim klines --symbols AUSDT --until 28800000
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "cb-fetch: --until: $msg" ]
	run -2 --separate-stderr cb-detect --since 28800000 /dev/null
	[ "${stderr_lines[0]}" = "cb-detect: --since: $msg" ]
	run -2 --separate-stderr cb-score --now 28800000 /dev/null
	[ "${stderr_lines[0]}" = "cb-score: --now: $msg" ]
	run -2 --separate-stderr cb-validate --db v.db list --since 28800000
	[ "${stderr_lines[0]}" = "cb-validate: --since: $msg" ]
	[ ! -e v.db ]
	# A year alone, a 9-digit and a 15-digit number, milliseconds of 1970.
	for t in 2025 619200000 174605760000000 0; do
		run -2 --separate-stderr cb-fetch --exchange sim klines --symbols AUSDT --since "$t"
		[ "${stderr_lines[0]}" = "cb-fetch: --since: '$t' is ambiguous: a bare number is a date of 8 digits (20250501), epoch seconds of 10 or epoch milliseconds of 13 (see TIMES in cb-formats(5))" ]
	done
	# Eight digits that are not a date are not milliseconds either.
	run -2 --separate-stderr cb-fetch --exchange sim klines --symbols AUSDT --since 20251301
	[ "${stderr_lines[0]}" = "cb-fetch: --since: '20251301' is ambiguous: a bare number is a date of 8 digits (20250501), epoch seconds of 10 or epoch milliseconds of 13 (see TIMES in cb-formats(5))" ]
}

@test "times: the forms are not mixed, and a wrong time names the forms" {
	run -2 --separate-stderr cb-fetch --exchange sim klines --symbols AUSDT --since 2025-01-01T0400Z
	[ "${stderr_lines[0]}" = "cb-fetch: --since: '2025-01-01T0400Z' is not a time (2025-05-01, 20250501, 2025-05-01T04:00:00Z, 20250501T0400Z, epoch milliseconds, -30d or now; see TIMES in cb-formats(5))" ]
	run -2 --separate-stderr cb-detect --now 20250101T04:00Z /dev/null
	[ "${stderr_lines[0]}" = "cb-detect: --now: '20250101T04:00Z' is not a time (2025-05-01, 20250501, 2025-05-01T04:00:00Z, 20250501T0400Z, epoch milliseconds, -30d or now; see TIMES in cb-formats(5))" ]
}
