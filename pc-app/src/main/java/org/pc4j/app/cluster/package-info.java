/** Data-parallel comparisons: the {@link org.pc4j.app.cluster.Cluster} a comparison trains on in place of this JVM. */
package org.pc4j.app.cluster;
