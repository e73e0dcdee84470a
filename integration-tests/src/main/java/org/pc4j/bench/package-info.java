/** Benchmark programs (run from the command line, not as tests); see {@link org.pc4j.bench.UpdateBenchmark}. */
package org.pc4j.bench;
