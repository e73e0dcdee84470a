package org.pc4j.app.compare;

/**
 * The options of a comparison's model and data; 0 means "the model's default" for every size option.
 *
 * @param seed       the seed of the initial parameters, the data split and order, and the masking
 * @param learningRate the weight optimiser's (Adam) learning rate, the same for every method; 0 = the model's default
 * @param batchSize  examples per training batch; 0 = the model's default
 * @param width      the model's width knob (MLP and VAE hidden units, AlexNet's first channels, ResNet's base width,
 *                   SmallBert's hidden size); 0 = default
 * @param depth      the model's depth knob (MLP hidden layers, VAE hidden layers per side, ResNet depth 6n + 2,
 *                   SmallBert blocks); 0 = default
 * @param vocabulary WordPiece vocabulary size for text; 0 = default
 * @param length     tokens per sequence for text; 0 = default (32)
 * @param trainLimit use only the first this many training examples (sequences for text); 0 = all
 * @param testLimit  use only the first this many test examples; 0 = all
 */
public record ModelOptions(long seed, double learningRate, int batchSize, int width, int depth, int vocabulary, int length,
                           int trainLimit, int testLimit) {

    public ModelOptions {
        if (learningRate < 0 || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a finite number > 0, got " + learningRate);
        }
        nonNegative("batch size", batchSize);
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the depth must be at most " + MAX_DEPTH + " (layers or blocks), got " + depth);
        }
        nonNegative("width", width);
        nonNegative("depth", depth);
        nonNegative("vocabulary", vocabulary);
        nonNegative("length", length);
        nonNegative("train limit", trainLimit);
        nonNegative("test limit", testLimit);
        if (vocabulary != 0 && vocabulary < 16) {
            throw new IllegalArgumentException("the vocabulary needs at least 16 word pieces, got " + vocabulary);
        }
        if (length == 1) {
            throw new IllegalArgumentException("sequences need at least 2 tokens, got 1");
        }
    }

    /** The deepest model a comparison builds: far beyond the papers' (at most a few dozen levels). */
    public static final int MAX_DEPTH = 1000;

    /** @return every option at its default, with this seed */
    public static ModelOptions defaults(long seed) {
        return new ModelOptions(seed, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static void nonNegative(String what, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("the " + what + " must be >= 0 (0 = default), got " + value);
        }
    }

    int or(int value, int fallback) {
        return value == 0 ? fallback : value;
    }
}
