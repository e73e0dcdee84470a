package org.pc4j.app.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.pc4j.trainers.Schedule;
import org.pc4j.zoo.data.DataSources;
import org.pc4j.zoo.data.ImageSet;
import org.pc4j.zoo.models.AlexNet;
import org.pc4j.zoo.models.Mlp;
import org.pc4j.zoo.models.PcRecipe;
import org.pc4j.zoo.models.PcZooModel;
import org.pc4j.zoo.models.ResNet;
import org.pc4j.zoo.models.SmallBert;
import org.pc4j.zoo.models.Vae;
import org.pc4j.zoo.text.LanguageModelBatches;
import org.pc4j.zoo.text.WordPieceTokenizer;

/**
 * The models a comparison can train, each with the data it needs, its test metric, its defaults and its
 * recommended PC and iPC settings (from the zoo's {@link PcRecipe}s; the MLP's are pc4j's own).
 */
public enum ModelKind {

    /** {@link Mlp}: the papers' classification MLP, 2 tanh hidden layers of 64, softmax output. */
    MLP("mlp", false, Metric.ACCURACY, 64, 1e-3, Mlp::recommended, ModelKind::mlp),
    /** {@link AlexNet}. */
    ALEXNET("alexnet", false, Metric.ACCURACY, 64, 1e-3, AlexNet::recommended, ModelKind::alexNet),
    /** A CIFAR-style {@link ResNet} (ResNet-20 by default). */
    RESNET("resnet", false, Metric.ACCURACY, 64, 1e-3, ResNet::recommended, ModelKind::resNet),
    /** {@link Vae}, trained to reconstruct its input. */
    VAE("vae", false, Metric.LOSS, 64, 1e-3, Vae::recommended, ModelKind::vae),
    /** {@link SmallBert} as a masked language model. */
    BERT_MLM("bert-mlm", true, Metric.PERPLEXITY, 32, 1e-3, s -> SmallBert.recommended(SmallBert.Variant.MASKED, s),
            (data, o, adam) -> bert(SmallBert.Variant.MASKED, data, o, adam)),
    /** {@link SmallBert} as a causal (next-token) language model. */
    BERT_CLM("bert-clm", true, Metric.PERPLEXITY, 32, 1e-3, s -> SmallBert.recommended(SmallBert.Variant.CAUSAL, s),
            (data, o, adam) -> bert(SmallBert.Variant.CAUSAL, data, o, adam));

    /** Makes the zoo model a comparison trains, for its data and options, with its optimiser. */
    @FunctionalInterface
    private interface Factory {
        PcZooModel<?, ?> model(Workload data, ModelOptions options, Adam adam);
    }

    private static final int DEFAULT_LENGTH = 32;

    private final String cliName;
    private final boolean text;
    private final Metric metric;
    private final int defaultBatch;
    private final double defaultLearningRate;
    private final Function<Schedule, PcRecipe> recipe;
    private final Factory factory;

    ModelKind(String cliName, boolean text, Metric metric, int defaultBatch, double defaultLearningRate,
              Function<Schedule, PcRecipe> recipe, Factory factory) {
        this.recipe = recipe;
        this.factory = factory;
        this.cliName = cliName;
        this.text = text;
        this.metric = metric;
        this.defaultBatch = defaultBatch;
        this.defaultLearningRate = defaultLearningRate;
    }

    /** @return the name on the command line */
    public String cliName() {
        return cliName;
    }

    /** @return true for the language models, which read text */
    public boolean readsText() {
        return text;
    }

    /** @return the test metric */
    public Metric metric() {
        return metric;
    }

    /** @return the model of this command-line name */
    public static ModelKind of(String name) {
        return Arrays.stream(values()).filter(k -> k.cliName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "': use one of " + names()));
    }

    /** @return the command-line names */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(ModelKind::cliName).toList());
    }

    /** @return the learning rate these options give */
    public double learningRate(ModelOptions o) {
        return o.learningRate() > 0 ? o.learningRate() : defaultLearningRate;
    }

    /** @return the batch size these options give */
    public int batchSize(ModelOptions o) {
        return o.or(o.batchSize(), defaultBatch);
    }

    /**
     * @return PC's or iPC's recommended steps and inference rate for this model (the zoo's recipe; for the MLP
     *         pc4j's PC(20) and iPC(5) at gamma 0.1)
     */
    public PcRecipe recipe(Schedule schedule) {
        return recipe.apply(schedule);
    }

    /**
     * @return the batches this model trains on, from {@code data}
     * @throws IllegalArgumentException if the model cannot read this kind of data
     */
    public Workload workload(DataSources.Data data, ModelOptions o) {
        int batch = batchSize(o);
        if (text && data instanceof ImageSet) {
            throw new IllegalArgumentException("model " + cliName + " needs text (text-sample, english, a .txt file or a folder "
                    + "of them), but '" + data.name() + "' is images");
        }
        if (!text && data instanceof DataSources.TextData) {
            throw new IllegalArgumentException("model " + cliName + " needs labelled images (digits, fashion-sample, mnist, "
                    + "fashion-mnist, cifar10 or a folder of IDX or CIFAR-10 files), but '" + data.name() + "' is text; "
                    + "for text use bert-mlm or bert-clm");
        }
        if (data instanceof ImageSet img) {
            ImageSet d = img.limit(o.trainLimit(), o.testLimit());
            if (this == VAE) { // a VAE reconstructs its input
                d = new ImageSet(d.name(), new DataSet(d.train().getFeatures(), d.train().getFeatures()),
                        new DataSet(d.test().getFeatures(), d.test().getFeatures()), d.channels(), d.height(), d.width(), d.classes());
            }
            return new Workload.Images(d, batch, o.seed());
        }
        DataSources.TextData t = (DataSources.TextData) data;
        // the papers' 8,000 pieces for a real corpus; 2,000 for a small text (the embedded excerpt: 0.2 M characters)
        int vocabulary = o.or(o.vocabulary(), t.corpus().text().length() < 1_000_000 ? 2000 : 8000);
        int length = o.or(o.length(), DEFAULT_LENGTH);
        WordPieceTokenizer tokenizer = WordPieceTokenizer.train(t.corpus(), vocabulary);
        int[] stream = tokenizer.encode(t.corpus().text());
        int cut = (int) (stream.length * 0.9); // the last 10% of the text is the test set
        int window = this == BERT_CLM ? length + 1 : length;
        List<int[]> train = LanguageModelBatches.windows(Arrays.copyOfRange(stream, 0, cut), window, o.seed());
        List<int[]> test = LanguageModelBatches.windows(Arrays.copyOfRange(stream, cut, stream.length), window, o.seed() + 1);
        if (o.trainLimit() > 0 && o.trainLimit() < train.size()) {
            train = train.subList(0, o.trainLimit());
        }
        if (o.testLimit() > 0 && o.testLimit() < test.size()) {
            test = test.subList(0, o.testLimit());
        }
        return new Workload.Text(t.name(), tokenizer, List.copyOf(train), List.copyOf(test), this == BERT_MLM, batch, o.seed());
    }

    /** @return a new, initialised network for {@code data}, seeded by the options, Adam at the options' rate */
    public Network build(Workload data, ModelOptions o) {
        return Network.of(factory.model(data, o, new Adam(learningRate(o))).init());
    }

    private static Workload.Images images(Workload data) {
        if (data instanceof Workload.Images img) {
            return img;
        }
        throw new IllegalArgumentException("this model reads labelled images, not " + data.description());
    }

    private static PcZooModel<?, ?> mlp(Workload data, ModelOptions o, Adam adam) {
        Workload.Images img = images(data);
        return Mlp.builder().inputs(img.channels() * img.height() * img.width()).hidden(o.or(o.width(), 64))
                .hiddenLayers(o.or(o.depth(), 2)).classes(img.classes()).seed(o.seed()).updater(adam).build();
    }

    private static PcZooModel<?, ?> alexNet(Workload data, ModelOptions o, Adam adam) {
        Workload.Images img = images(data);
        AlexNet.Builder b = AlexNet.builder().inputShape(img.channels(), img.height(), img.width()).classes(img.classes())
                .seed(o.seed()).updater(adam);
        if (o.width() > 0) {
            b.width(o.width());
        }
        return b.build();
    }

    private static PcZooModel<?, ?> resNet(Workload data, ModelOptions o, Adam adam) {
        Workload.Images img = images(data);
        ResNet.Builder b = ResNet.builder().inputShape(img.channels(), img.height(), img.width()).classes(img.classes())
                .seed(o.seed()).updater(adam);
        if (o.depth() > 0) {
            b.depth(o.depth());
        }
        if (o.width() > 0) {
            b.width(o.width());
        }
        return b.build();
    }

    private static PcZooModel<?, ?> vae(Workload data, ModelOptions o, Adam adam) {
        Workload.Images img = images(data);
        Vae.Builder b = Vae.builder().inputSize(img.channels() * img.height() * img.width()).seed(o.seed()).updater(adam);
        if (o.width() > 0) {
            b.hidden(o.width());
        }
        if (o.depth() > 0) {
            b.hiddenLayers(o.depth());
        }
        return b.build();
    }

    private static PcZooModel<?, ?> bert(SmallBert.Variant variant, Workload data, ModelOptions o, Adam adam) {
        if (!(data instanceof Workload.Text t)) {
            throw new IllegalArgumentException("this model reads text, not " + data.description());
        }
        SmallBert.Builder b = SmallBert.builder(variant).vocabulary(t.tokenizer().size()).maxLength(t.length()).seed(o.seed())
                .updater(adam);
        if (o.width() > 0) {
            b.hidden(o.width());
        }
        if (o.depth() > 0) {
            b.blocks(o.depth());
        }
        return b.build();
    }

    /** @return a short description of the architecture the options give */
    public String describe(Network net) {
        return String.format(Locale.ROOT, "%s, %,d parameters, %d levels", cliName, net.numParams(), net.depth());
    }
}
