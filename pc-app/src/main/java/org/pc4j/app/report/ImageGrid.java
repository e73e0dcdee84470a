package org.pc4j.app.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of images on a report page (rows of examples; columns such as original, key, each method's recall), drawn
 * as one PNG inlined into the page.
 *
 * @param id      the image element's class
 * @param title   the heading above it
 * @param columns the column captions
 * @param png     the grid as base64 PNG ({@link #png})
 * @param cell    a column's width in pixels on the page
 */
public record ImageGrid(String id, String title, List<String> columns, String png, int cell) {

    /** Each pixel is drawn this many times along each side. */
    public static final int SCALE = 3;

    public ImageGrid {
        columns = List.copyOf(columns);
    }

    /**
     * @param cells    {@code [rows][columns]} images, each {@code channels * height * width} values in [0, 1] (channel-major)
     * @param channels 1 (grey) or 3 (RGB)
     * @return the grid: one tile per cell, 2 pixels apart, each pixel {@link #SCALE} times
     */
    public static ImageGrid of(String id, String title, List<String> columns, float[][][] cells, int channels, int height, int width) {
        return new ImageGrid(id, title, columns, png(cells, columns.size(), channels, height, width), width * SCALE + 2);
    }

    private static String png(float[][][] cells, int cols, int channels, int height, int width) {
        int rows = cells.length;
        int tileW = width * SCALE + 2;
        int tileH = height * SCALE + 2;
        BufferedImage image = new BufferedImage(cols * tileW, Math.max(1, rows) * tileH, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, 0xffffff);
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                float[] px = cells[i][c];
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int rgb = 0;
                        for (int ch = 0; ch < 3; ch++) {
                            int source = channels == 3 ? ch : 0;
                            float v = px[(source * height + y) * width + x];
                            int level = Math.round(255 * Math.max(0f, Math.min(1f, v)));
                            rgb = (rgb << 8) | level;
                        }
                        for (int dy = 0; dy < SCALE; dy++) {
                            for (int dx = 0; dx < SCALE; dx++) {
                                image.setRGB(c * tileW + 1 + x * SCALE + dx, i * tileH + 1 + y * SCALE + dy, rgb);
                            }
                        }
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode an image grid as PNG", e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
