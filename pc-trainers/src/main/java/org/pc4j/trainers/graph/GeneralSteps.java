package org.pc4j.trainers.graph;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ValueSteps} with ND4J operations ({@link GraphEnergy}): every configuration (assemblies' top-k firing, every
 * activation DL4J has) on every ND4J backend. The state of a step lives in the caller's per-step workspace.
 */
final class GeneralSteps implements ValueSteps {

    private final GraphEnergy energy;
    private final INDArray x;
    private final INDArray free;
    private final INDArray weights;
    private final ValueDescent descent;
    /** Accelerated queries only ({@link NesterovRestart}): the plain sequence x_k; null for plain steps. */
    private final INDArray sequence;
    private final NesterovRestart momentum;
    private GraphEnergy.State state;

    /** With Nesterov's momentum and per-example restart if {@code accelerated}; the sequence lives in the caller's batch workspace. */
    GeneralSteps(GraphEnergy energy, INDArray x, INDArray free, INDArray weights, double gamma, boolean control, boolean accelerated) {
        this.energy = energy;
        this.x = x;
        this.free = free;
        this.weights = weights;
        this.descent = new ValueDescent(x, gamma, control);
        this.sequence = accelerated ? x.dup() : null;
        this.momentum = accelerated ? new NesterovRestart((int) x.size(0)) : null;
    }

    @Override
    public double energy() {
        state = energy.at(x, weights);
        return state.energy();
    }

    @Override
    public boolean retake(double before, double after) {
        boolean refused = !descent.accept(x, before, after);
        if (refused && momentum != null) {
            momentum.restartAll(); // the halfway point starts a plain sequence
            sequence.assign(x);
        }
        return refused;
    }

    @Override
    public void step() {
        INDArray g = state.valueGradient(weights).muli(free);
        if (momentum == null) {
            descent.step(x, g);
            return;
        }
        g.muli(descent.rate());
        INDArray plain = x.sub(g);
        INDArray difference = plain.sub(sequence);
        double[] uphill = g.mul(difference).sum(1).toDoubleVector();
        double[] beta = new double[uphill.length];
        for (int b = 0; b < beta.length; b++) {
            beta[b] = momentum.beta(b, uphill[b]);
        }
        INDArray next = difference.mulColumnVector(Nd4j.createFromArray(beta).castTo(x.dataType()).reshape(beta.length, 1)).addi(plain);
        sequence.assign(plain);
        descent.move(x, x.sub(next));
    }

    @Override
    public double rate() {
        return descent.rate();
    }

    @Override
    public void weightGradient(INDArray out) {
        state.weightGradientInto(out);
    }
}
