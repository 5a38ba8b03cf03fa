"""Load test scenarios, their test data set-up and the baseline servers of the
benchmarks."""
