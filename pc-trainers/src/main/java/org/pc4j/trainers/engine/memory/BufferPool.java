package org.pc4j.trainers.engine.memory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.layers.node.ArrayStore;

/**
 * Detached arrays that outlive an inference step, one per named slot, reused from one batch to the next while the
 * shape stays the same. This keeps per-batch state (value nodes, dropout masks, detector counters) from allocating
 * anew for every batch: ND4J frees off-heap memory only through garbage collection, so a loop that allocates per
 * batch grows until the collector happens to run. {@link #close()} frees every buffer at once.
 *
 * <p>Owned by one training session (one thread); not thread-safe.
 */
public final class BufferPool implements ArrayStore, AutoCloseable {

    private final Map<String, INDArray> buffers = new HashMap<>();

    @Override
    public INDArray buffer(String slot, INDArray like) {
        return buffer(slot, like.dataType(), like.shape(), like.ordering());
    }

    /** @return the slot's array with this shape, data type and order; its contents are undefined. */
    public INDArray buffer(String slot, DataType type, long[] shape, char order) {
        INDArray b = buffers.get(slot);
        if (b == null || b.dataType() != type || b.ordering() != order || !Arrays.equals(b.shape(), shape)) {
            if (b != null) {
                b.close();
            }
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                b = Nd4j.createUninitialized(type, shape, order);
            }
            buffers.put(slot, b);
        }
        return b;
    }

    /** @return the slot's array shaped like {@code like}, filled with zeros. */
    public INDArray zerosLike(String slot, INDArray like) {
        return buffer(slot, like.dataType(), like.shape(), like.ordering()).assign(0);
    }

    /** @return the total bytes held. */
    public long bytes() {
        return buffers.values().stream().mapToLong(a -> a.length() * a.dataType().width()).sum();
    }

    /** Frees every buffer. Nothing may use them afterwards. */
    @Override
    public void close() {
        buffers.values().forEach(INDArray::close);
        buffers.clear();
    }
}
