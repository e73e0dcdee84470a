/** pc4j's command line ({@link org.pc4j.zoo.Main}), the model zoo, offline data, the comparison and the benchmark. */
package org.pc4j.zoo;
