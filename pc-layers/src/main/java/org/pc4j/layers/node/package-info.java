/**
 * Per-batch state of value nodes: {@link org.pc4j.layers.node.ValueNode} (value, prediction, energy; copy on write
 * and lazy values so that forward-pass initialisation and single steps cost nothing extra) and the
 * {@link org.pc4j.layers.node.ArrayStore} that keeps their arrays between inference steps.
 */
package org.pc4j.layers.node;
