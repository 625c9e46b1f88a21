// Benchmarks printed by `ml-connector bench`.
