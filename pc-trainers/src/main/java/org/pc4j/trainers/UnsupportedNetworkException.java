package org.pc4j.trainers;

/**
 * The network contains a layer or a setting that the trainer cannot train with predictive coding. Thrown before any
 * computation, so the network is unchanged. The message names the layer (index, name and type) and lists what is
 * supported.
 */
public class UnsupportedNetworkException extends PcException {
    private static final long serialVersionUID = 1L;

    public UnsupportedNetworkException(String message) {
        super(message);
    }
}
