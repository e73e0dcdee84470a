package org.pc4j.trainers.engine.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.layers.recurrent.BidirectionalLayer;
import org.deeplearning4j.nn.layers.recurrent.GravesBidirectionalLSTM;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;

/**
 * What truncated BPTT can train: DL4J's bidirectional recurrent layers have no state to carry (their stored-state
 * forward pass throws, under {@code net.fit} too), DL4J's truncated BPTT runs a wrapped recurrent layer
 * ({@code LastTimeStep}, {@code MaskZeroLayer}) without its wrapper, a different function from the one the network
 * declares, and DL4J's {@code SimpleRnn} backprops a segment as if its state were zero; all three are refused. LSTM and
 * Graves LSTM layers carry their state, and their truncated backprop runs through the forward pass from it.
 */
final class TbpttRules {

    private TbpttRules() {
    }

    /** @throws org.pc4j.trainers.UnsupportedNetworkException for a layer truncated BPTT cannot train */
    static void check(String description, Layer layer) {
        if (layer instanceof org.deeplearning4j.nn.layers.recurrent.SimpleRnn) {
            throw LayerRules.unsupported(description, "DL4J 1.0.0-M2.1's SimpleRnn cannot carry its state through truncated "
                    + "BPTT: its truncated backprop recomputes the forward pass from a zero state and leaves out the carried "
                    + "state's recurrent-weight gradient, so its gradient is not the segment loss's (under net.fit too). Use an "
                    + "LSTM or GravesLSTM, or train with backpropType(BackpropType.Standard)");
        }
        if (layer instanceof BidirectionalLayer || layer instanceof GravesBidirectionalLSTM) {
            throw LayerRules.unsupported(description, "a bidirectional layer has no state to carry from one truncated-BPTT "
                    + "segment to the next (DL4J's own fit fails on it too). Train with backpropType(BackpropType.Standard)");
        }
        if (layer instanceof BaseWrapperLayer w && w.getUnderlying() instanceof RecurrentLayer) {
            throw LayerRules.unsupported(description, "under truncated BPTT DL4J runs the recurrent layer this wrapper holds "
                    + "without the wrapper (its stored-state forward pass), not the function the network declares. Train with "
                    + "backpropType(BackpropType.Standard), or use a LastTimeStepVertex / mask arrays instead of the wrapper");
        }
    }
}
