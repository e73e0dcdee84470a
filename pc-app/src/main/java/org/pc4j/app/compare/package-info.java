/**
 * Backprop and predictive coding side by side: {@link org.pc4j.app.compare.Comparison} trains one network with
 * several methods from identical initial parameters on identical batches ({@link org.pc4j.app.compare.Workload}),
 * measures each ({@link org.pc4j.app.compare.ComparisonResult}), prints a table
 * ({@link org.pc4j.app.compare.ResultTable}) and writes a report ({@link org.pc4j.app.compare.Report}).
 */
package org.pc4j.app.compare;
