package org.pc4j.app.graph;

import org.pc4j.app.memory.MemoryResult;

/**
 * What one {@code pc4j graph} run measured, as {@code report.json} holds it (the grid and the image geometry only in
 * the page).
 *
 * @param command        the command line
 * @param data           the data set
 * @param topology       the mask's description
 * @param neurons        n
 * @param edges          the mask's edges
 * @param query          the query
 * @param labelGiven     whether the label neurons were fixed to the images' labels (completion and denoising)
 * @param accuracy       classification accuracy on the test images (classify), else null
 * @param mse            completion: MSE over the unknown pixels; denoising: over all pixels; else null
 * @param aeMse          the same for the autoencoder baseline, or null
 * @param steps          the step budget per query, the steps each query took and the wall time per step
 * @param trainSeconds   training wall time (0 for a loaded graph)
 * @param trainImages    images trained on (0 for a loaded graph)
 * @param loadedFrom     the file a loaded graph came from, or null
 * @param testImages     images queried
 * @param energies       the first query batch's energy before each step and at the end
 * @param grid           the images shown
 * @param generation     generation: the class a backprop classifier gives each generated image; else null
 * @param classification classification: the confusion matrix and the shown images' answers; else null
 * @param curve          the learning curve measured while training ({@code --eval-every}), empty if none
 * @param shownMse       completion and denoising: each shown image's MSE, the graph's, then the autoencoder's if any
 */
public record GraphResult(String command, String data, String topology, int neurons, long edges, String query, boolean labelGiven,
                          Double accuracy,
                          Double mse, Double aeMse, QuerySteps steps, double trainSeconds, int trainImages,
                          String loadedFrom, int testImages, double[] energies, MemoryResult.Grid grid,
                          GenerationScore generation, ClassificationScore classification,
                          java.util.List<GraphExperiment.CurvePoint> curve, java.util.List<double[]> shownMse, int channels, int height, int width) {

    public GraphResult {
        curve = java.util.List.copyOf(curve);
        shownMse = shownMse.stream().map(double[]::clone).toList();
    }
}
