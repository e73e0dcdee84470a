package org.pc4j.trainers.engine.inference;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.layers.convolution.PcConvolutionOps;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.pc4j.layers.energy.Energy;
import org.pc4j.layers.energy.PrecisionWeightedEnergy;
import org.pc4j.trainers.BatchGradient;
import org.pc4j.trainers.BatchResult;
import org.pc4j.trainers.Inference;
import org.pc4j.trainers.IpcSchedule;
import org.pc4j.trainers.KernelPath;
import org.pc4j.trainers.Schedule;
import org.pc4j.trainers.PcConfig;
import org.pc4j.trainers.PcListener;
import org.pc4j.trainers.engine.memory.BufferPool;
import org.pc4j.trainers.engine.memory.StepMemory;
import org.pc4j.trainers.engine.network.NetworkView;

/**
 * What the inference of every batch of one training call shares: the network view, the configuration resolved into
 * a {@link Plan}, each hidden node's energy, the reusable buffers and scratch memory, the bridge to the network's
 * updater, the divergence guard and the inference-rate control. {@link #run} infers and learns on one batch.
 * Per training call; one thread.
 */
public final class Engine {

    private final NetworkView view;
    private final PcConfig config;
    private final List<PcListener> listeners;
    private final boolean tracesEnergies;
    private final BufferPool pool;
    private final StepMemory memory;
    private final Plan plan;
    private final Energy[] energies;
    private final WeightUpdate weightUpdate;
    private final DivergenceGuard guard;
    private final InferenceRateControl rateControl = new InferenceRateControl();
    /** The kernel path of this network and configuration, or null where the general path runs every batch. */
    private final DenseKernel kernel;

    /**
     * @param traceEnergies true to record every node's energy at every step and return a {@link BatchResult} per
     *                      batch (always when there are listeners)
     * @throws IllegalArgumentException if the configuration chooses an energy for a node the network does not have
     */
    public Engine(NetworkView view, PcConfig config, List<PcListener> listeners, boolean traceEnergies, BufferPool pool,
                  StepMemory memory) {
        this.view = view;
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.tracesEnergies = traceEnergies || !listeners.isEmpty();
        this.pool = pool;
        this.memory = memory;
        this.plan = Plan.of(config.schedule(), view.depth(), memory.enabled(), tracesEnergies);
        this.energies = energies(view, config);
        this.weightUpdate = new WeightUpdate(view);
        this.guard = new DivergenceGuard(config.divergenceFactor());
        this.kernel = kernel(view, config, this.listeners, energies, weightUpdate, guard, rateControl, memory, tracesEnergies);
        boolean operations = convolutionOperations(config, view.network().model().params().dataType());
        for (int k = 0; k < view.size(); k++) {
            view.predictor(k).convolutionOperations(operations);
        }
    }

    /**
     * @param type the network's parameter type
     * @return whether the configuration lets DL4J's 2-D convolutions run through libnd4j's operations: PC and iPC under
     *         {@link org.pc4j.trainers.ConvolutionPath#OPERATIONS}, or under {@link org.pc4j.trainers.ConvolutionPath#AUTO}
     *         where they are the faster: a float32 network ({@code DataType.FLOAT}, the type oneDNN computes) on a build
     *         with oneDNN ({@link PcConvolutionOps#faster()}); never Z-IL and Fa-Z-IL, whose equality with backprop is
     *         bit for bit
     */
    static boolean convolutionOperations(PcConfig config, org.nd4j.linalg.api.buffer.DataType type) {
        Schedule.Kind kind = config.schedule().kind();
        if (kind != Schedule.Kind.PC && kind != Schedule.Kind.IPC) {
            return false;
        }
        return switch (config.convolutionPath()) {
            case IM2COL -> false;
            case OPERATIONS -> true;
            case AUTO -> type == org.nd4j.linalg.api.buffer.DataType.FLOAT && PcConvolutionOps.faster();
        };
    }

    /** @return true if some layer of the network runs its convolution through libnd4j's operations */
    public boolean usesConvolutionOperations() {
        for (int k = 0; k < view.size(); k++) {
            if (view.predictor(k).usesConvolutionOperations()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the kernel path where the configuration's {@link KernelPath} and {@link DenseKernel#unsupported} allow
     *         it, else null
     * @throws IllegalArgumentException if {@link KernelPath#KERNEL} is forced on a network it does not cover
     */
    private static DenseKernel kernel(NetworkView view, PcConfig config, List<PcListener> listeners, Energy[] energies,
                                      WeightUpdate update, DivergenceGuard guard, InferenceRateControl control, StepMemory memory,
                                      boolean traces) {
        if (config.kernelPath() == KernelPath.GENERAL) {
            return null;
        }
        String reason = DenseKernel.unsupported(view, config, energies, listeners);
        if (reason == null) {
            return new DenseKernel(view, config, energies, listeners, update, guard, control, memory, traces);
        }
        if (config.kernelPath() == KernelPath.KERNEL) {
            throw new IllegalArgumentException("kernelPath(KERNEL) was chosen, but the kernel path does not run this network: "
                    + reason + ". Use KernelPath.AUTO (the general path where the kernel path does not apply).");
        }
        return null;
    }

    /** @return true if batches this engine can run on the kernel path go there */
    public boolean usesKernelPath() {
        return kernel != null;
    }

    /**
     * @return the energy of every hidden node (null for outputs), as {@link PcConfig#energies()} chooses
     * @throws IllegalArgumentException if an override names no hidden node of the network
     */
    private static Energy[] energies(NetworkView view, PcConfig config) {
        Energy[] out = new Energy[view.size()];
        Set<String> hidden = new LinkedHashSet<>();
        for (int k = 0; k < view.size(); k++) {
            if (!view.isOutput(k)) {
                hidden.add(view.predictor(k).name());
                out[k] = config.energies().energyOf(view.predictor(k).name(), view.nodeKind(k), config.schedule());
            }
        }
        for (String name : config.energies().overrides().keySet()) {
            if (!hidden.contains(name)) {
                throw new IllegalArgumentException("An energy was chosen for '" + name + "', which is no hidden value node of "
                        + "the network (an output node's energy is its loss). Hidden nodes: " + hidden);
            }
        }
        return out;
    }

    /**
     * Infers and learns on one validated batch; the layers' per-batch state is started before and ended after it.
     *
     * @return the batch's energy trace, or null if this engine does not trace energies
     * @throws org.pc4j.trainers.DivergenceException if the run diverges; the update of the diverging step is not applied
     */
    public BatchResult run(MultiDataSet batch) {
        if (kernel != null) {
            String reason = DenseKernel.unsupported(batch);
            if (reason == null) {
                return withLayerStates(() -> {
                    try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                        return kernel.run(batch);
                    }
                });
            }
            if (config.kernelPath() == KernelPath.KERNEL) {
                throw new IllegalArgumentException("kernelPath(KERNEL) was chosen, but the kernel path does not take this batch: "
                        + reason + ". Use KernelPath.AUTO (the general path for such batches).");
            }
        }
        return withLayerStates(() -> {
            BatchResult result = new BatchInference(this, plan, batch).run();
            for (PcListener l : listeners) {
                l.onBatchEnd(view.network().model(), result);
            }
            return result;
        });
    }

    /**
     * As {@link #run}, but the batch's one weight update is read instead of applied: the parameters, the updater state
     * and the network's counters stay as they are.
     *
     * @return the gradient the update would have applied
     * @throws IllegalStateException if the schedule updates the weights more than once per batch or learns variances
     */
    public BatchGradient gradient(MultiDataSet batch) {
        boolean learnsVariances = plan.learnsVariances() && java.util.Arrays.stream(energies)
                .anyMatch(e -> e instanceof PrecisionWeightedEnergy p && p.isLearnable());
        if (plan.schedule() instanceof IpcSchedule || learnsVariances) {
            throw new IllegalStateException(plan.schedule() + " updates " + (learnsVariances ? "learnable node variances" : "the weights at every step")
                    + ": a batch gradient exists only for schedules with one weight update per batch (PC, Z-IL, Fa-Z-IL) "
                    + "and fixed variances");
        }
        return withLayerStates(() -> {
            GradientCapture capture = new GradientCapture();
            BatchResult result = new BatchInference(this, plan, batch, capture).run();
            if (capture.gradient() == null) {
                throw new IllegalStateException(plan.schedule() + " made no weight update on this batch");
            }
            return new BatchGradient(capture.gradient(), capture.miniBatch(), capture.lossPerExample(), result);
        });
    }

    /**
     * Applies a gradient read from batches elsewhere ({@link #gradient}, summed) exactly as a batch's own update is
     * applied: DL4J's updater with {@code examples} as the batch size, the counters, constraints and listeners.
     */
    public void apply(INDArray gradientSum, int examples, double lossPerExample) {
        INDArray flat = view.network().flattenedGradients();
        flat.assign(gradientSum.reshape(flat.shape()));
        weightUpdate.apply(examples, lossPerExample, memory.updaterMgr());
    }

    /**
     * Inference alone on one validated batch: {@code steps} value steps of PC with the weights frozen (nothing is
     * read into the gradients, the updater is not called, the parameters stay bit-identical), stopping early where the
     * total energy changed by at most {@code tolerance} of itself in one step.
     *
     * @return the value nodes and the outputs' predictions reached
     */
    public Inference infer(MultiDataSet batch, int steps, double tolerance) {
        return infer(batch, steps, tolerance, null);
    }

    /**
     * As {@link #infer(MultiDataSet, int, double)}, with every hidden node starting at {@code start} (node order, the
     * shapes the batch gives them) instead of the configured value initialisation, or at it where {@code start} is null.
     */
    public Inference infer(MultiDataSet batch, int steps, double tolerance, List<INDArray> start) {
        return withLayerStates(() -> new BatchInference(this, Plan.inference(steps, tolerance, memory.enabled()), batch, null, start).infer());
    }

    /** Runs one batch's work between the layers' per-batch state's start and end. */
    private <T> T withLayerStates(java.util.function.Supplier<T> work) {
        for (int k = 0; k < view.size(); k++) {
            view.predictor(k).state().startBatch();
        }
        try {
            return work.get();
        } finally {
            for (int k = 0; k < view.size(); k++) {
                view.predictor(k).state().endBatch();
            }
        }
    }

    NetworkView view() {
        return view;
    }

    PcConfig config() {
        return config;
    }

    List<PcListener> listeners() {
        return listeners;
    }

    boolean tracesEnergies() {
        return tracesEnergies;
    }

    BufferPool pool() {
        return pool;
    }

    StepMemory memory() {
        return memory;
    }

    Energy[] energies() {
        return energies;
    }

    WeightUpdate weightUpdate() {
        return weightUpdate;
    }

    DivergenceGuard guard() {
        return guard;
    }

    InferenceRateControl rateControl() {
        return rateControl;
    }
}
