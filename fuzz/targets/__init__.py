"""One module per fuzz target; `fuzz.harness` says what a target module holds."""
