package org.pc4j.zoo.models;

import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;

/**
 * What every model of pc4j's zoo offers, built from its {@code builder()}: the DL4J configuration, a new initialised
 * network, and a network restored from a local checkpoint of the same architecture; {@link ChainModel} and
 * {@link GraphModel} implement the network-making part once. The models trained with PC schedules also have a static
 * {@code recommended(Schedule)}: the steps, inference rate, optimiser and batch size the papers (or pc4j) use.
 *
 * @param <C> the configuration: {@code MultiLayerConfiguration} or {@code ComputationGraphConfiguration}
 * @param <N> the network: {@code MultiLayerNetwork} or {@code ComputationGraph}
 */
public interface PcZooModel<C, N extends Model> {

    /** @return the model's name, as messages and checkpoints name it ("AlexNet", "ResNet-20", ...) */
    String name();

    /** @return the network's DL4J configuration */
    C conf();

    /**
     * @return a new, initialised network
     * @throws IllegalArgumentException if its parameters would not fit in one ND4J array
     */
    N init();

    /**
     * @return the network saved at {@code checkpoint} ({@code ModelSerializer}); it must be this model with these options
     * @throws org.pc4j.zoo.data.DataFileException if the file is missing, unreadable or of another architecture
     */
    N loadPretrained(Path checkpoint);
}
