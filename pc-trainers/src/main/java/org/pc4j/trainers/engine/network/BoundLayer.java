package org.pc4j.trainers.engine.network;

import org.pc4j.trainers.spi.LayerAdapter;
import org.pc4j.trainers.spi.LayerSite;

/**
 * A checked layer with the adapter that runs it.
 *
 * @param adapter the layer's adapter
 * @param site    where the layer sits
 */
record BoundLayer(LayerAdapter adapter, LayerSite site) {
}
