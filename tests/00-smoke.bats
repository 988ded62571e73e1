#!/usr/bin/env bats
load test_helper

@test "cb-detect runs and reports its version" {
	run -0 cb-detect --version
	[ "$output" = "cb-detect 0.1.0" ]
}

@test "make install puts programs, man pages and completions under PREFIX" {
	run -0 make -s -C "$CB_ROOT" install PREFIX="$BATS_TEST_TMPDIR/p"
	for f in bin/cb-detect share/man/man1/cb-detect.1 share/man/man5/cb-formats.5 \
		share/bash-completion/completions/cb-detect share/zsh/site-functions/_cb; do
		[ -f "p/$f" ] || { echo "missing $f"; false; }
	done
	run -0 p/bin/cb-detect --version
	[ "$output" = "cb-detect 0.1.0" ]
}

@test "cb-fetch links the store's market data only: no lifecycle, no score, no signals" {
	run -0 nm "$CB_ROOT/bin/cb-fetch"
	grep -q ' T store_put_candle$' <<< "$output"
	run -1 grep -E ' [A-Za-z] (lc_|score_|store_signal|store_tracking|confirmation_)' <<< "$output"
}
