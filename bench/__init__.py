"""The budgets' benchmarks (DESIGN.md, "Budgets"): one script per budget; they print only."""
