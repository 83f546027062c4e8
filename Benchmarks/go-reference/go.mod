module plugboard.dev/benchmarks/go-reference

go 1.22
