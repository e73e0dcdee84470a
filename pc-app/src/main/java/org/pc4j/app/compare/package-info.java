/**
 * Backprop and predictive coding side by side: {@link org.pc4j.zoo.compare.Comparison} trains one network with
 * several methods from identical initial parameters on identical batches ({@link org.pc4j.zoo.compare.Workload}),
 * measures each ({@link org.pc4j.zoo.compare.ComparisonResult}), prints a table
 * ({@link org.pc4j.zoo.compare.ResultTable}) and writes a report ({@link org.pc4j.zoo.compare.Report}).
 */
package org.pc4j.zoo.compare;
