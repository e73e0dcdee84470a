package org.pc4j.trainers.engine.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pc4j.layers.node.ValueNode;
import org.pc4j.trainers.InferenceStep;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.engine.network.BatchValidation;

/**
 * What watches each step's energies: the listeners ({@link PcListener#onInferenceStep}), the check that tells bad
 * data from divergence when an energy is not finite, and the {@link DivergenceGuard}. Per-batch object.
 */
final class StepObserver {

    private final BatchState state;
    private final List<PcListener> listeners;
    private final DivergenceGuard guard;
    private final Plan plan;
    private final double gamma;

    StepObserver(BatchState state, Plan plan, List<PcListener> listeners, DivergenceGuard guard, double gamma) {
        this.state = state;
        this.plan = plan;
        this.listeners = listeners;
        this.guard = guard;
        this.gamma = gamma;
    }

    /**
     * Shows step {@code e} to the listeners.
     *
     * @throws org.pc4j.trainers.InvalidBatchException if the energy is not finite because the batch holds NaN or
     *                                                 infinite values
     */
    void report(int e, double[] energies) {
        if (!listeners.isEmpty()) {
            List<INDArray> values = new ArrayList<>();
            List<INDArray> predictions = new ArrayList<>();
            for (ValueNode node : state.nodes) {
                if (node != null) {
                    values.add(node.value());
                    predictions.add(node.prediction());
                }
            }
            InferenceStep view = new InferenceStep(e, energies, values, predictions);
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                for (PcListener l : listeners) {
                    l.onInferenceStep(state.view.network().model(), view);
                }
            }
        }
        if (!Double.isFinite(Arrays.stream(energies).sum())) {
            BatchValidation.requireFiniteData(state.batch);
        }
    }

    /**
     * @param initialTotal the total energy at step 0
     * @throws org.pc4j.trainers.DivergenceException if the energies diverged; nothing was applied at this step
     */
    void guard(int e, double[] energies, double initialTotal) {
        guard.check(e, energies, initialTotal, state.batch, state.view, plan.schedule(), gamma);
    }
}
