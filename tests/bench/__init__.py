"""Tests of the benchmarks in bench/: each runs small and prints its ratio line."""
