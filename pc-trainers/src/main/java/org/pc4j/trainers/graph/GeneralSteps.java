package org.pc4j.trainers.graph;

import org.nd4j.linalg.api.ndarray.INDArray;

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
    private GraphEnergy.State state;

    GeneralSteps(GraphEnergy energy, INDArray x, INDArray free, INDArray weights, double gamma, boolean control) {
        this.energy = energy;
        this.x = x;
        this.free = free;
        this.weights = weights;
        this.descent = new ValueDescent(x, gamma, control);
    }

    @Override
    public double energy() {
        state = energy.at(x, weights);
        return state.energy();
    }

    @Override
    public boolean retake(double before, double after) {
        return !descent.accept(x, before, after);
    }

    @Override
    public void step() {
        descent.step(x, state.valueGradient(weights).muli(free));
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
