/**
 * {@code pc4j graph}: PC graphs of any topology ({@link org.pc4j.trainers.graph.PcGraph}) trained on labelled images and
 * asked to classify, generate, complete and denoise, with the report.
 */
package org.pc4j.app.graph;
