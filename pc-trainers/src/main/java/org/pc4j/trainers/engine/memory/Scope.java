package org.pc4j.trainers.engine.memory;

/** A region of scratch memory; closing it releases what was allocated inside (see {@link StepMemory}). */
@FunctionalInterface
public interface Scope extends AutoCloseable {

    /** A scope that opens nothing, for code that runs inside an enclosing scope. */
    Scope NONE = () -> { };

    @Override
    void close();
}
