package org.pc4j.trainers;

import java.util.Objects;
import org.deeplearning4j.nn.conf.WorkspaceMode;

/**
 * The hyper-parameters of a {@link PcTrainer}, validated on construction. Immutable.
 *
 * @param schedule         PC, iPC, Z-IL or Fa-Z-IL
 * @param inferenceRate    gamma, the step size of the value nodes: {@code x <- x - gamma * dE/dx}; finite and > 0.
 *                         Z-IL equals backprop only with gamma = 1
 * @param valueInit        how value nodes start each batch
 * @param divergenceFactor a step whose total energy exceeds this factor times {@code max(E0, batch size)} stops
 *                         training ({@link DivergenceException}); > 1, or {@code +infinity} to check only for NaN
 *                         and infinity
 * @param workspaceMode    {@link WorkspaceMode#ENABLED} runs every inference step in a reusable ND4J workspace so
 *                         memory stays flat; {@link WorkspaceMode#NONE} uses ordinary arrays (for debugging; same
 *                         results)
 * @param energies         the energy of every hidden value node
 * @param inferenceRateControl true (the default) to halve the inference rate for the rest of a batch when an
 *                         inference step of PC or iPC raised the energy (docs/algorithms.md §6); false to keep it fixed
 * @param valueOptimizer   how value nodes turn their gradient into a step ({@link ValueOptimizer}); Z-IL and Fa-Z-IL
 *                         accept only {@link ValueOptimizer#gradientDescent()}
 * @param kernelPath       which implementation runs inference ({@link KernelPath#AUTO}: the kernel path where it
 *                         covers the network, the general path elsewhere)
 * @param convolutionPath  how PC and iPC compute DL4J's 2-D convolutions ({@link ConvolutionPath#AUTO}: libnd4j's
 *                         operations on an ND4J build with oneDNN, DL4J's im2col elsewhere); Z-IL and Fa-Z-IL refuse
 *                         {@link ConvolutionPath#OPERATIONS}
 */
public record PcConfig(Schedule schedule, double inferenceRate, ValueInit valueInit, double divergenceFactor,
                       WorkspaceMode workspaceMode, NodeEnergies energies, boolean inferenceRateControl,
                       ValueOptimizer valueOptimizer, KernelPath kernelPath, ConvolutionPath convolutionPath) {

    /** The default divergence factor. */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e2;

    /** A configuration with the default node energies ({@link NodeEnergies#defaults()}) and rate control. */
    public PcConfig(Schedule schedule, double inferenceRate, ValueInit valueInit, double divergenceFactor,
                    WorkspaceMode workspaceMode) {
        this(schedule, inferenceRate, valueInit, divergenceFactor, workspaceMode, NodeEnergies.defaults(), true,
                ValueOptimizer.gradientDescent());
    }

    /** A configuration that runs the kernel path wherever it applies ({@link KernelPath#AUTO}). */
    public PcConfig(Schedule schedule, double inferenceRate, ValueInit valueInit, double divergenceFactor,
                    WorkspaceMode workspaceMode, NodeEnergies energies, boolean inferenceRateControl, ValueOptimizer valueOptimizer) {
        this(schedule, inferenceRate, valueInit, divergenceFactor, workspaceMode, energies, inferenceRateControl, valueOptimizer,
                KernelPath.AUTO);
    }

    /** A configuration whose convolutions take {@link ConvolutionPath#AUTO}. */
    public PcConfig(Schedule schedule, double inferenceRate, ValueInit valueInit, double divergenceFactor,
                    WorkspaceMode workspaceMode, NodeEnergies energies, boolean inferenceRateControl, ValueOptimizer valueOptimizer,
                    KernelPath kernelPath) {
        this(schedule, inferenceRate, valueInit, divergenceFactor, workspaceMode, energies, inferenceRateControl, valueOptimizer,
                kernelPath, ConvolutionPath.AUTO);
    }

    public PcConfig {
        Objects.requireNonNull(schedule, "schedule: choose Schedule.pc(T), ipc(T), zil() or faZil(tD)");
        Objects.requireNonNull(valueInit, "valueInit");
        Objects.requireNonNull(workspaceMode, "workspaceMode");
        Objects.requireNonNull(energies, "energies");
        Objects.requireNonNull(valueOptimizer, "valueOptimizer");
        Objects.requireNonNull(kernelPath, "kernelPath");
        Objects.requireNonNull(convolutionPath, "convolutionPath");
        if ((schedule instanceof ZilSchedule || schedule instanceof FaZilSchedule) && convolutionPath == ConvolutionPath.OPERATIONS) {
            throw new IllegalArgumentException(schedule + " equals backprop bit for bit only on DL4J's own convolution arithmetic; "
                    + "ConvolutionPath.OPERATIONS is for PC and iPC (use AUTO or IM2COL)");
        }
        if ((schedule instanceof ZilSchedule || schedule instanceof FaZilSchedule) && !(valueOptimizer instanceof ValueOptimizer.GradientDescent)) {
            throw new IllegalArgumentException(schedule + " takes plain gradient steps on the values (its equality with "
                    + "backprop depends on it); the value optimiser " + valueOptimizer + " is for PC and iPC");
        }
        if (!(inferenceRate > 0) || Double.isInfinite(inferenceRate)) {
            throw new IllegalArgumentException("inferenceRate (gamma) must be finite and > 0, got " + inferenceRate);
        }
        if (!(divergenceFactor > 1)) {
            throw new IllegalArgumentException("divergenceFactor must be > 1 (or +infinity), got " + divergenceFactor);
        }
    }

    /**
     * @return this configuration as JSON, with logical type names ({@code "pc"}, {@code "forwardPass"},
     *         {@code "gaussian"}, {@code "adam"}; the format is documented on {@link #fromJson}); what checkpoints record
     *         and what pc4j on Spark ships to its workers
     * @throws IllegalArgumentException if a node's energy is of the user's own class, which has no JSON form
     */
    public String toJson() {
        return PcConfigJson.write(this);
    }

    /**
     * Reads a configuration written by {@link #toJson()}, strictly: a missing or unknown field, an unknown type name or
     * a value the records refuse gives an {@link IllegalArgumentException} naming the field, before anything is built.
     *
     * <pre>{@code
     * {"format" : "pc4j-config", "version" : 1,
     *  "schedule" : {"type" : "pc", "valueSteps" : 20, "tolerance" : 0.0},   // ipc {valueSteps, tolerance}, zil {levelled}, faZil {window, extraSteps}
     *  "inferenceRate" : 0.1,
     *  "valueInit" : {"type" : "forwardPass"},                               // perturbed {sigma, seed}, zero
     *  "divergenceFactor" : 100.0,                                           // or "Infinity"
     *  "workspaceMode" : "ENABLED",                                          // or NONE
     *  "energies" : {"automatic" : true, "overrides" : {"layer1" : {"type" : "categorical"}}},
     *                                           // gaussian, categorical, gaussianVariance, precisionWeighted {variances, learningRate}
     *  "inferenceRateControl" : true,
     *  "valueOptimizer" : {"type" : "gradientDescent"},                     // momentum {beta}, adam {beta1, beta2, epsilon}
     *  "kernelPath" : "AUTO",                                                // GENERAL, KERNEL; absent (written before it existed): AUTO
     *  "convolutionPath" : "AUTO"}                                           // IM2COL, OPERATIONS; absent (written before it existed): AUTO
     * }</pre>
     *
     * @param json the text
     * @return the configuration
     */
    public static PcConfig fromJson(String json) {
        return PcConfigJson.read(json);
    }
}
