#!/usr/bin/env bats
# cb-detect on real data: 30 Binance USD-M futures 4h series (141,950 candles,
# see ../shared/data/README.md), checked against an independent computation
# of the spike rules (tests/helpers/spike-check) and for per-series state and
# pass-through.
load test_helper

HELPERS="$BATS_TEST_DIRNAME/helpers"
NCANDLES=141950
NSERIES=30

# Convert every CSV once: $BATS_FILE_TMPDIR/per/SYMBOL.ndjson (one series
# each) and $BATS_FILE_TMPDIR/merged.ndjson (all of them, ordered by
# open_time then symbol).
setup_file() {
	export LC_ALL=C TZ=UTC
	local d="$BATS_FILE_TMPDIR" f sym n
	n=$(find "$CB_DATA" -maxdepth 1 -name '*-4h.csv' | wc -l)
	if [ "$n" -ne "$NSERIES" ]; then
		echo "expected $NSERIES *-4h.csv files in $CB_DATA, found $n" >&2
		return 1
	fi
	mkdir -p "$d/per"
	for f in "$CB_DATA"/*-4h.csv; do
		sym=${f##*/}
		sym=${sym%-4h.csv}
		"$HELPERS/csv2candles" "$f" > "$d/per/$sym.ndjson"
	done
	# Decorate each line with its open_time and symbol, sort stably on
	# them, strip the decoration (no pipes: every step's status counts).
	cat "$d"/per/*.ndjson > "$d/all.ndjson"
	awk '{
		t = $0; sub(/.*"open_time":/, "", t); sub(/,.*/, "", t)
		s = $0; sub(/^\{"symbol":"/, "", s); sub(/".*/, "", s)
		print t "\t" s "\t" $0
	}' "$d/all.ndjson" > "$d/decorated.tsv"
	sort -s -t "$(printf '\t')" -k1,1n -k2,2 "$d/decorated.tsv" > "$d/sorted.tsv"
	cut -f3- "$d/sorted.tsv" > "$d/merged.ndjson"
	rm -f "$d/all.ndjson" "$d/decorated.tsv" "$d/sorted.tsv"
}

# detect OUTFILE ARG...: run cb-detect ARG... with its standard output in
# OUTFILE, its exit status in $status and its standard error in $output.
detect() {
	local out=$1
	shift
	run sh -c 'out=$1; shift; exec cb-detect "$@" > "$out"' sh "$out" "$@"
}

@test "real data: merged run of 30 series matches the independent spike computation" {
	local m="$BATS_FILE_TMPDIR/merged.ndjson" n
	# The merged stream: every candle, ordered by open_time then symbol.
	[ "$(wc -l < "$m")" -eq "$NCANDLES" ]
	run -0 awk '{
		t = $0; sub(/.*"open_time":/, "", t); sub(/,.*/, "", t)
		s = $0; sub(/^\{"symbol":"/, "", s); sub(/".*/, "", s)
		if (NR > 1 && (t + 0 < pt + 0 || (t + 0 == pt + 0 && s <= ps))) {
			print "line " NR " out of order: " $0; exit 1
		}
		pt = t; ps = s; syms[s] = 1
	} END { for (s in syms) k++; print k }' "$m"
	[ "$output" -eq "$NSERIES" ]

	detect signals.ndjson "$m"
	[ -z "$output" ] || echo "cb-detect stderr: $output"
	[ "$status" -eq 0 ]

	n=$(wc -l < signals.ndjson)
	echo "# cb-detect: $n signals from $NCANDLES candles in $NSERIES series" >&3
	# Plausible: some signals, in every series, far fewer than candles.
	[ "$n" -gt 0 ]
	[ "$n" -lt $((NCANDLES / 2)) ]
	run -0 jq -r .symbol signals.ndjson
	[ "$(printf '%s\n' "$output" | sort -u | wc -l)" -eq "$NSERIES" ]

	run "$HELPERS/spike-check" signals.ndjson "$CB_DATA"/*-4h.csv
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"spike-check: OK"* ]]
	printf '%s\n' "$output" | grep '^ambiguous' | sed 's/^/# /' >&3 || true
}

@test "real data: 30 separate per-series runs give the same signals as the merged run" {
	local d="$BATS_FILE_TMPDIR" f sym
	detect merged-signals.ndjson "$d/merged.ndjson"
	[ "$status" -eq 0 ]
	[ -s merged-signals.ndjson ]
	: > per-signals.ndjson
	for f in "$d"/per/*.ndjson; do
		sym=${f##*/}
		sym=${sym%.ndjson}
		detect "per-$sym.ndjson" "$f"
		if [ "$status" -ne 0 ]; then
			echo "cb-detect $f: exit $status: $output"
			return 1
		fi
		cat "per-$sym.ndjson" >> per-signals.ndjson
	done
	# Same records, byte for byte, and the same order within each series:
	# compare both after a stable sort on the symbol alone.
	local by_symbol='{ s = $0; sub(/.*"symbol":"/, "", s); sub(/".*/, "", s); print s "\t" $0 }'
	awk "$by_symbol" merged-signals.ndjson > a.tsv
	sort -s -t "$(printf '\t')" -k1,1 a.tsv > a.sorted
	awk "$by_symbol" per-signals.ndjson > b.tsv
	sort -s -t "$(printf '\t')" -k1,1 b.tsv > b.sorted
	echo "merged: $(wc -l < a.sorted) signals; per series: $(wc -l < b.sorted)"
	run diff a.sorted b.sorted
	if [ "$status" -ne 0 ]; then
		echo "merged (<) and per-series (>) signals differ:"
		printf '%s\n' "$output" | cut -c1-300 | head -20
		return 1
	fi
}

@test "real data: cb-detect -p copies every line in order, each signal right after its candle" {
	local m="$BATS_FILE_TMPDIR/merged.ndjson" n
	detect pass.ndjson -p "$m"
	[ "$status" -eq 0 ]
	detect signals.ndjson "$m"
	[ "$status" -eq 0 ]
	n=$(wc -l < signals.ndjson)
	[ "$n" -gt 0 ]
	[ "$(wc -l < pass.ndjson)" -eq $((NCANDLES + n)) ]

	run awk -v input="$m" '
	function key(line,   s, t) {
		s = line; sub(/.*"symbol":"/, "", s); sub(/".*/, "", s)
		t = line; sub(/.*"open_time":/, "", t); sub(/[,}].*/, "", t)
		return s " " t
	}
	function fail(msg) { print "pass.ndjson line " NR ": " msg; print "  " substr($0, 1, 300); bad = 1; exit 1 }
	{
		if (!have) { have = ((getline want < input) > 0) }
		if (have && $0 == want) {
			ncandle++; last = "candle"; lastkey = key($0); have = 0
			next
		}
		if ($0 !~ /^\{"type":"signal",/)
			fail(have ? "not the next input line (input has: " substr(want, 1, 200) ")" : "extra line after the input ended")
		if (last != "candle")
			fail("signal not directly after a candle line")
		if (key($0) != lastkey)
			fail("signal for " key($0) " after the candle " lastkey)
		nsignal++; last = "signal"
	}
	END {
		if (bad) exit 1
		if (have || (getline want < input) > 0) { print "input line " ncandle + 1 " never written"; exit 1 }
		print ncandle " candles, " nsignal " signals"
	}' pass.ndjson
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$NCANDLES candles, $n signals" ]

	# The signals are those of the plain run, in the same order.
	grep '^{"type":"signal",' pass.ndjson > pass-signals.ndjson
	cmp pass-signals.ndjson signals.ndjson
}
