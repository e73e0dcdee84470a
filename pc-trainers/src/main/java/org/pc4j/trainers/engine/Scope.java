package org.pc4j.trainers.engine;

/** A region of scratch memory; closing it releases what was allocated inside (see {@link StepMemory}). */
@FunctionalInterface
interface Scope extends AutoCloseable {

    /** A scope that opens nothing, for code that runs inside an enclosing scope. */
    Scope NONE = () -> { };

    @Override
    void close();
}
