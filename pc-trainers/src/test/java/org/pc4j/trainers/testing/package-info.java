/** Test fixtures shared with the integration tests: small double-precision networks, batches and BP oracles. */
package org.pc4j.trainers.testing;
