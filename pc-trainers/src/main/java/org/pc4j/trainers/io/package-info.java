/** Files written whole or not at all ({@link org.pc4j.trainers.io.AtomicFiles}): checkpoints, saved graphs, reports. */
package org.pc4j.trainers.io;
