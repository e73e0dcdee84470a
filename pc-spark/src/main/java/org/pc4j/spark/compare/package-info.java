/** {@code pc4j compare --spark}: the comparison's methods trained data-parallel on Spark. */
package org.pc4j.spark.compare;
