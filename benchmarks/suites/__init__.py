"""The measurements, one module per part of detnet: each records its figures in a
`Results` (benchmarks/harness.py) and names those the targets read."""
