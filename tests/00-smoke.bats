#!/usr/bin/env bats
load test_helper

@test "cb-detect runs and reports its version" {
	run -0 cb-detect --version
	[ "$output" = "cb-detect 0.1.0" ]
}
