// The env var would override the data dirs the tests pass (child processes inherit this too).
delete process.env.SKYCAP_DATA_DIR
