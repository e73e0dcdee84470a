package org.pc4j.trainers.engine.inference;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;

/**
 * The energy of every node at one step's snapshot, each evaluated only when it can have changed: an output's when
 * its prediction was recomputed from changed inputs, a hidden node's when its value or prediction changed (its
 * version), and hidden nodes only where the plan needs them.
 */
final class StepEnergies {

    private final BatchState state;
    private final boolean hiddenEnergies;
    private final long[] energyVersion;

    StepEnergies(BatchState state, Plan plan) {
        this.state = state;
        this.hiddenEnergies = plan.hiddenEnergies();
        this.energyVersion = new long[state.size];
        java.util.Arrays.fill(energyVersion, -1);
    }

    /** @return a copy of every node's energy at this step (outputs: the loss summed over the batch). */
    double[] evaluate(LayerWorkspaceMgr mgr) {
        for (int k = 0; k < state.size; k++) {
            if (state.view.isOutput(k)) {
                if (state.wavefront.takeOutputEnergyStale(k)) {
                    state.energies[k] = state.view.output(k).energy(state.miniBatch, mgr);
                }
            } else if (hiddenEnergies && state.nodes[k].version() != energyVersion[k]) {
                state.energies[k] = state.nodes[k].energy();
                energyVersion[k] = state.nodes[k].version();
            }
        }
        return state.energies.clone();
    }
}
