package org.pc4j.app.memory;

import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A kind of recall key, as {@code --key} names it: {@code noise:eta} (Gaussian noise of variance eta added to every
 * value, a corrupted key), {@code keep:p} (the top fraction p of each image's rows known, the rest unknown, a partial
 * key) or {@code random} (uniform noise in [0, 1], unrelated to any stored pattern: a memory that retrieves from it
 * is not doing strict retrieval), or {@code stored:p}, a diagnostic of capacity: the key of {@code keep:p}, but the
 * recall starts at the stored image itself (every value clamped and relaxed, then the unknown ones freed), so it tells
 * whether each stored image is a fixed point of its own recall (if not, the energy given the key prefers another
 * completion: a limit of what is stored) apart from whether the recall from the usual start finds it (a limit of the
 * search). The success criterion is the thesis' (§4.3-4.4): MSE below 0.005 for corrupted keys, below 0.001 for partial
 * keys.
 *
 * @param kind     noise, keep, random or stored
 * @param fraction eta for noise, p for keep and stored, 0 for random
 */
public record MemoryKey(Kind kind, double fraction) {

    /** The kinds of key. */
    public enum Kind { NOISE, KEEP, RANDOM, STORED }

    public MemoryKey {
        if (kind == Kind.NOISE && !(fraction > 0 && Double.isFinite(fraction))) {
            throw new IllegalArgumentException("noise:eta needs a finite variance eta > 0, got " + fraction);
        }
        if ((kind == Kind.KEEP || kind == Kind.STORED) && !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + ":p needs 0 < p < 1 (the fraction of rows known), got "
                    + fraction);
        }
    }

    /**
     * @param token {@code noise:0.2}, {@code keep:0.5}, {@code random}, {@code stored:0.5}
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static MemoryKey parse(String token) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("random")) {
                return new MemoryKey(Kind.RANDOM, 0);
            }
            if (t.startsWith("noise:")) {
                return new MemoryKey(Kind.NOISE, Double.parseDouble(t.substring(6)));
            }
            if (t.startsWith("keep:")) {
                return new MemoryKey(Kind.KEEP, Double.parseDouble(t.substring(5)));
            }
            if (t.startsWith("stored:")) {
                return new MemoryKey(Kind.STORED, Double.parseDouble(t.substring(7)));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("unknown key '" + token + "': use noise:ETA (e.g. noise:0.2), keep:P (e.g. keep:0.5), random "
                + "or stored:P (keep:P recalled from the stored image)");
    }

    /** @return whether the key is partial (some values known, the rest free) rather than corrupted */
    public boolean partial() {
        return kind == Kind.KEEP || kind == Kind.STORED;
    }

    /** @return whether the recall starts at the stored image ({@code stored:p}) rather than at the method's own start */
    public boolean startsAtStored() {
        return kind == Kind.STORED;
    }

    /** @return the MSE below which a recall counts as retrieved */
    public double threshold() {
        return partial() ? 0.001 : 0.005;
    }

    /**
     * @param patterns {@code [N, c*h*w]}, the images in rows, channel-major
     * @param height   image rows (the top {@code round(p * height)} rows are kept)
     * @return the mask of known values (1 known), {@code [N, d]}; all zeros for corrupted keys, which clamp everything
     */
    public INDArray known(INDArray patterns, int channels, int height, int width) {
        INDArray mask = Nd4j.zeros(patterns.dataType(), patterns.shape());
        if (!partial()) {
            return mask;
        }
        int rows = (int) Math.round(fraction * height);
        INDArray image = mask.reshape(patterns.size(0), channels, height, width);
        image.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, rows), NDArrayIndex.all()).assign(1);
        return image.reshape(patterns.shape());
    }

    /** @return the keys for {@code patterns}: the noisy, partial (unknown values 0) or random patterns */
    public INDArray keys(INDArray patterns, INDArray known, long seed) {
        return switch (kind) {
            case NOISE -> patterns.add(Nd4j.getRandomFactory().getNewRandomInstance(seed).nextGaussian(patterns.shape())
                    .castTo(patterns.dataType()).muli(Math.sqrt(fraction)));
            case KEEP, STORED -> patterns.mul(known);
            case RANDOM -> Nd4j.getRandomFactory().getNewRandomInstance(seed).nextDouble(patterns.shape()).castTo(patterns.dataType());
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NOISE -> "noise:" + fraction;
            case KEEP -> "keep:" + fraction;
            case RANDOM -> "random";
            case STORED -> "stored:" + fraction;
        };
    }
}
