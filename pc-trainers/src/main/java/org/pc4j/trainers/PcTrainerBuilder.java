package org.pc4j.trainers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a {@link PcTrainer} ({@link PcTrainer#builder()}); hyper-parameters are validated by {@link #build()}. */
public final class PcTrainerBuilder {

    private static final Logger log = LoggerFactory.getLogger(PcTrainerBuilder.class);

    private Schedule schedule;
    private Double inferenceRate;
    private ValueInit valueInit = ValueInit.forwardPass();
    private double divergenceFactor = PcConfig.DEFAULT_DIVERGENCE_FACTOR;
    private WorkspaceMode workspaceMode = WorkspaceMode.ENABLED;
    private KernelPath kernelPath = KernelPath.AUTO;
    private ConvolutionPath convolutionPath = ConvolutionPath.AUTO;
    private NodeEnergies energies = NodeEnergies.defaults();
    private boolean inferenceRateControl = true;
    private ValueOptimizer valueOptimizer = ValueOptimizer.gradientDescent();
    private final List<PcListener> listeners = new ArrayList<>();

    PcTrainerBuilder() {
    }

    /** Required: {@link Schedule#pc(int)}, {@link Schedule#ipc(int)}, {@link Schedule#zil()} or {@link Schedule#faZil(int)}. */
    public PcTrainerBuilder schedule(Schedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /**
     * The value-node step size gamma. Default: the schedule's ({@code 0.1} for PC and iPC, {@code 1} for Z-IL and
     * Fa-Z-IL, which equal backprop only at 1).
     */
    public PcTrainerBuilder inferenceRate(double gamma) {
        this.inferenceRate = gamma;
        return this;
    }

    /** How value nodes start each batch. Default: {@link ValueInit#forwardPass()}. */
    public PcTrainerBuilder valueInit(ValueInit valueInit) {
        this.valueInit = valueInit;
        return this;
    }

    /** Stop when the energy grows beyond this factor; see {@link PcConfig}. Default {@value PcConfig#DEFAULT_DIVERGENCE_FACTOR}. */
    public PcTrainerBuilder divergenceFactor(double factor) {
        this.divergenceFactor = factor;
        return this;
    }

    /**
     * Whether an inference step of PC or iPC that raised the energy halves the inference rate for the rest of its
     * batch (default true). Runs whose energies never rise are unaffected; see {@link PcConfig}.
     */
    public PcTrainerBuilder inferenceRateControl(boolean control) {
        this.inferenceRateControl = control;
        return this;
    }

    /**
     * How value nodes step down their energy gradient: {@link ValueOptimizer#gradientDescent()} (default, the papers'
     * rule), {@link ValueOptimizer#momentum(double)}, {@link ValueOptimizer#nesterov()} or {@link ValueOptimizer#adam()}; PC and iPC only.
     */
    public PcTrainerBuilder valueOptimizer(ValueOptimizer optimizer) {
        this.valueOptimizer = optimizer;
        return this;
    }

    /**
     * @param path {@link KernelPath#AUTO} (the default): the kernel path where it covers the network, the general path
     *             elsewhere; {@link KernelPath#GENERAL} or {@link KernelPath#KERNEL} to force one (KERNEL refuses a
     *             network it does not cover, with the reason, when a session opens)
     */
    public PcTrainerBuilder kernelPath(KernelPath path) {
        this.kernelPath = Objects.requireNonNull(path, "kernelPath");
        return this;
    }

    /**
     * @param path {@link ConvolutionPath#AUTO} (the default): PC and iPC compute DL4J's 2-D convolutions by libnd4j's
     *             operations where the ND4J build has oneDNN, by DL4J's im2col elsewhere; {@link ConvolutionPath#IM2COL}
     *             or {@link ConvolutionPath#OPERATIONS} to force one (OPERATIONS is refused with Z-IL and Fa-Z-IL)
     */
    public PcTrainerBuilder convolutionPath(ConvolutionPath path) {
        this.convolutionPath = Objects.requireNonNull(path, "convolutionPath");
        return this;
    }

    /** {@link WorkspaceMode#ENABLED} (default) or {@link WorkspaceMode#NONE} for debugging. */
    public PcTrainerBuilder workspaceMode(WorkspaceMode mode) {
        this.workspaceMode = mode;
        return this;
    }

    /**
     * Gives the value node of layer or vertex {@code name} the energy {@code energy}, under every schedule (for a
     * {@code MultiLayerNetwork} with unnamed layers the names are {@code "layer0"}, {@code "layer1"}, ...). A name
     * that is no hidden node of the network is rejected when training starts.
     */
    public PcTrainerBuilder energy(String name, org.pc4j.layers.energy.Energy energy) {
        this.energies = energies.with(name, energy);
        return this;
    }

    /**
     * Whether softmax nodes get the categorical energy and VAE bottlenecks the Gaussian-variance energy under PC
     * and iPC (default true); see {@link NodeEnergies}.
     */
    public PcTrainerBuilder automaticEnergies(boolean automatic) {
        this.energies = new NodeEnergies(automatic, energies.overrides());
        return this;
    }

    /**
     * Takes every hyper-parameter from {@code config} (one read back with {@link PcConfig#fromJson}, or another
     * trainer's {@link PcTrainer#config()}); the setters called after it change single ones.
     */
    public PcTrainerBuilder config(PcConfig config) {
        Objects.requireNonNull(config, "config");
        this.schedule = config.schedule();
        this.inferenceRate = config.inferenceRate();
        this.valueInit = config.valueInit();
        this.divergenceFactor = config.divergenceFactor();
        this.workspaceMode = config.workspaceMode();
        this.energies = config.energies();
        this.inferenceRateControl = config.inferenceRateControl();
        this.valueOptimizer = config.valueOptimizer();
        this.kernelPath = config.kernelPath();
        this.convolutionPath = config.convolutionPath();
        return this;
    }

    /** Adds listeners that observe the inference steps of every batch. */
    public PcTrainerBuilder listeners(PcListener... listeners) {
        for (PcListener l : listeners) {
            this.listeners.add(Objects.requireNonNull(l, "listener"));
        }
        return this;
    }

    /**
     * @throws IllegalArgumentException if a hyper-parameter is invalid
     * @throws NullPointerException     if no schedule was given
     */
    public PcTrainer build() {
        Objects.requireNonNull(schedule, "schedule is required: Schedule.pc(T), ipc(T), zil() or faZil(tD)");
        double gamma = inferenceRate == null ? schedule.defaultInferenceRate() : inferenceRate;
        PcConfig config = new PcConfig(schedule, gamma, valueInit, divergenceFactor, workspaceMode, energies,
                inferenceRateControl, valueOptimizer, kernelPath, convolutionPath);
        if ((schedule instanceof ZilSchedule || schedule instanceof FaZilSchedule) && gamma != 1.0) {
            log.info("{} with inference rate {}: equals backprop with per-layer learning rates alpha * gamma^level "
                    + "under SGD, not backprop itself (that needs gamma = 1)", schedule, gamma);
        }
        return new PcTrainer(config, listeners);
    }
}
