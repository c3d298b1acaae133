package io.symposium.pool.gguf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Builds GGUF models that llama.cpp v0.5.0 loads: random-weight fixtures of any shape, or given
 * weights exported from training. The architecture is {@code llama} unless set ({@link
 * Architecture}); {@link #qwen3}, {@link #qwen3Moe} and {@link #llama3} make fixtures of current
 * families, each with its family's vocabulary kind, special tokens and chat template.
 *
 * <pre>{@code
 * Path model = GgufModels.builder(ModelShape.tinyDense()).seed(42).writeTo(dir.resolve("tiny.gguf"));
 * }</pre>
 *
 * <p>Metadata and tensor names follow research/llamacpp-java.md §1. Random weights are
 * deterministic: each tensor draws from its own SplitMix64 stream seeded by the model seed and the
 * tensor name, so the same inputs give a byte-identical file. Values are approximately normal with
 * mean 0 and standard deviation {@link #DEFAULT_WEIGHT_SCALE} (a sum of four uniforms, hence
 * bounded at about ±3.5σ, which keeps generation numerically tame); norm weights are 1.
 */
public final class GgufModels {

  /** Standard deviation of random weights. */
  public static final double DEFAULT_WEIGHT_SCALE = 0.02;

  /** A ChatML chat template, which llama.cpp recognises by its {@code <|im_start|>} marker. */
  public static final String CHATML_TEMPLATE =
      "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n"
          + "' + message['content'] + '<|im_end|>' + '\\n"
          + "' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n"
          + "' }}{% endif %}";

  private GgufModels() {}

  /**
   * A builder for a model of {@code shape}: F32 weights, seed 0, the vocabulary padded to the
   * shape's size.
   */
  public static Builder builder(ModelShape shape) {
    return new Builder(shape);
  }

  /**
   * A Qwen3 fixture ({@code qwen3}): a byte-level BPE vocabulary of the shape's size (pre-tokenizer
   * qwen2, {@code <|im_start|>}/{@code <|im_end|>} control tokens) and Qwen3's chat template.
   */
  public static Builder qwen3(ModelShape shape) {
    return builder(shape)
        .architecture(Architecture.QWEN3)
        .name("symposium-qwen3-fixture")
        .vocabulary(BpeVocabulary.qwen3(shape.vocabSize()))
        .chatTemplate(ChatTemplateSource.QWEN3.source());
  }

  /** A Qwen3-MoE fixture ({@code qwen3moe}); the shape needs experts. */
  public static Builder qwen3Moe(ModelShape shape) {
    return builder(shape)
        .architecture(Architecture.QWEN3MOE)
        .name("symposium-qwen3moe-fixture")
        .vocabulary(BpeVocabulary.qwen3(shape.vocabSize()))
        .chatTemplate(ChatTemplateSource.QWEN3.source());
  }

  /**
   * A Llama 3 Instruct fixture ({@code llama}): a byte-level BPE vocabulary (pre-tokenizer
   * llama-bpe, BOS {@code <|begin_of_text|>}, turns ending with {@code <|eot_id|>}) and Llama 3's
   * chat template.
   */
  public static Builder llama3(ModelShape shape) {
    return builder(shape)
        .name("symposium-llama3-fixture")
        .vocabulary(BpeVocabulary.llama3(shape.vocabSize()))
        .chatTemplate(ChatTemplateSource.LLAMA3.source());
  }

  /** Writes a random-weight model of {@code shape}; shorthand for the builder. */
  public static Path writeRandom(Path file, ModelShape shape, WeightType weightType, long seed) {
    return builder(shape).weightType(weightType).seed(seed).writeTo(file);
  }

  /** Collects what a model file is made of; each {@link #writeTo} call writes a complete file. */
  public static final class Builder {
    private final ModelShape shape;
    private WeightType weightType = WeightType.F32;
    private String name = "symposium-fixture";
    private long seed;
    private boolean seedGiven;
    private double weightScale = DEFAULT_WEIGHT_SCALE;
    private @Nullable GgufVocabulary vocabulary;
    private @Nullable BpeVocabulary bpeVocabulary;
    private Architecture architecture = Architecture.LLAMA;
    private @Nullable String chatTemplate;
    private final Map<String, float[]> weights = new HashMap<>();
    private final Map<String, GgufValue> extraMetadata = new LinkedHashMap<>();

    private Builder(ModelShape shape) {
      this.shape = Objects.requireNonNull(shape, "shape");
    }

    /** {@code general.architecture} and its tensor layout (default {@code llama}). */
    public Builder architecture(Architecture architecture) {
      this.architecture = Objects.requireNonNull(architecture, "architecture");
      return this;
    }

    /** A byte-level BPE vocabulary instead; its size must equal the shape's vocabulary size. */
    public Builder vocabulary(BpeVocabulary bpe) {
      if (bpe.size() != shape.vocabSize()) {
        throw new IllegalArgumentException(
            "vocabulary has %d tokens but the shape says %d"
                .formatted(bpe.size(), shape.vocabSize()));
      }
      this.bpeVocabulary = bpe;
      this.vocabulary = null;
      return this;
    }

    /** The type of the weight matrices (default F32). */
    public Builder weightType(WeightType weightType) {
      this.weightType = Objects.requireNonNull(weightType, "weightType");
      return this;
    }

    /** general.name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Seed of the random weights (default 0). When {@link #weights} are also given, the seed fills
     * only the tensors they leave out.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      this.seedGiven = true;
      return this;
    }

    /** Standard deviation of random weights (default {@link #DEFAULT_WEIGHT_SCALE}). */
    public Builder weightScale(double weightScale) {
      if (!(weightScale >= 0 && Double.isFinite(weightScale))) {
        throw new IllegalArgumentException("weight scale must be finite and >= 0: " + weightScale);
      }
      this.weightScale = weightScale;
      return this;
    }

    /** The vocabulary; its size must equal the shape's vocabulary size. */
    public Builder vocabulary(GgufVocabulary vocabulary) {
      if (vocabulary.size() != shape.vocabSize()) {
        throw new IllegalArgumentException(
            "vocabulary has %d tokens but the shape says %d"
                .formatted(vocabulary.size(), shape.vocabSize()));
      }
      this.vocabulary = vocabulary;
      this.bpeVocabulary = null;
      return this;
    }

    /** tokenizer.chat_template, e.g. {@link #CHATML_TEMPLATE}; none by default. */
    public Builder chatTemplate(String chatTemplate) {
      this.chatTemplate = Objects.requireNonNull(chatTemplate, "chatTemplate");
      return this;
    }

    /**
     * Given values for tensors, keyed by the names of {@link ModelShape#tensors()}, each in ggml
     * order ({@code ne[0]} fastest, i.e. row-major for the reversed shape: a PyTorch {@code [out,
     * in]} weight as is). Without a {@link #seed}, every tensor must be given; with one, the rest
     * are random. Arrays are not copied, so do not change them before {@link #writeTo} returns.
     */
    public Builder weights(Map<String, float[]> weights) {
      Map<String, ModelTensor> byName = new HashMap<>();
      architecture.tensors(shape).forEach(t -> byName.put(t.name(), t));
      weights.forEach(
          (tensorName, values) -> {
            ModelTensor tensor = byName.get(tensorName);
            if (tensor == null) {
              throw new IllegalArgumentException(
                  "no tensor '%s' in a model of this shape".formatted(tensorName));
            }
            if (values.length != tensor.elementCount()) {
              throw new IllegalArgumentException(
                  "tensor '%s' %s needs %d values, got %d"
                      .formatted(
                          tensorName, tensor.dimensions(), tensor.elementCount(), values.length));
            }
          });
      this.weights.putAll(weights);
      return this;
    }

    /** Adds metadata beyond the standard keys (which it may not repeat). */
    public Builder metadata(String key, GgufValue value) {
      extraMetadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The writer holding the complete model, for callers that want the tensor table first. */
    public GgufWriter toWriter() {
      validateQuantizable();
      if (!weights.isEmpty() && !seedGiven) {
        Set<String> missing = new TreeSet<>();
        architecture.tensors(shape).forEach(t -> missing.add(t.name()));
        missing.removeAll(weights.keySet());
        if (!missing.isEmpty()) {
          throw new IllegalArgumentException(
              "weights missing for %s; give them all, or set a seed to make the rest random"
                  .formatted(missing));
        }
      }
      List<ModelTensor> tensors = architecture.tensors(shape);
      Map<String, GgufValue> tokenizer =
          bpeVocabulary != null
              ? bpeVocabulary.metadata()
              : (vocabulary != null ? vocabulary : GgufVocabulary.padded(shape.vocabSize()))
                  .metadata();
      String arch = architecture.id();
      GgufWriter writer = new GgufWriter();
      writer.put("general.architecture", GgufValue.string(arch));
      writer.put("general.name", GgufValue.string(name));
      writer.put("general.file_type", GgufValue.uint32(weightType.fileType()));
      writer.put("general.quantization_version", GgufValue.uint32(2));
      writer.put(GgufWriter.ALIGNMENT_KEY, GgufValue.uint32(GgufWriter.DEFAULT_ALIGNMENT));
      writer.put(arch + ".context_length", GgufValue.uint32(shape.contextLength()));
      writer.put(arch + ".embedding_length", GgufValue.uint32(shape.embeddingLength()));
      writer.put(arch + ".block_count", GgufValue.uint32(shape.blockCount()));
      writer.put(arch + ".feed_forward_length", GgufValue.uint32(shape.feedForwardLength()));
      writer.put(arch + ".attention.head_count", GgufValue.uint32(shape.headCount()));
      writer.put(arch + ".attention.head_count_kv", GgufValue.uint32(shape.headCountKv()));
      writer.put(
          arch + ".attention.layer_norm_rms_epsilon", GgufValue.float32(shape.rmsNormEpsilon()));
      writer.put(arch + ".rope.dimension_count", GgufValue.uint32(shape.headDimension()));
      writer.put(arch + ".rope.freq_base", GgufValue.float32(shape.ropeFreqBase()));
      writer.put(arch + ".vocab_size", GgufValue.uint32(shape.vocabSize()));
      if (architecture != Architecture.LLAMA) {
        // Qwen3 files state the head size (real ones: 128, not embedding / heads)
        writer.put(arch + ".attention.key_length", GgufValue.uint32(shape.headDimension()));
        writer.put(arch + ".attention.value_length", GgufValue.uint32(shape.headDimension()));
      }
      if (shape.isMoe()) {
        writer.put(arch + ".expert_count", GgufValue.uint32(shape.expertCount()));
        writer.put(arch + ".expert_used_count", GgufValue.uint32(shape.expertUsedCount()));
      }
      if (architecture == Architecture.QWEN3MOE) {
        writer.put(
            arch + ".expert_feed_forward_length", GgufValue.uint32(shape.feedForwardLength()));
      }
      tokenizer.forEach(writer::put);
      if (chatTemplate != null) {
        writer.put("tokenizer.chat_template", GgufValue.string(chatTemplate));
      }
      extraMetadata.forEach(writer::put);
      for (ModelTensor tensor : tensors) {
        writer.tensor(
            tensor.name(), tensor.ggmlType(weightType), tensor.dimensions(), rows(tensor));
      }
      return writer;
    }

    /** Writes the model to {@code file} (replacing it) and returns {@code file}. */
    public Path writeTo(Path file) {
      return toWriter().write(file);
    }

    private TensorRows rows(ModelTensor tensor) {
      float[] given = weights.get(tensor.name());
      if (given != null) {
        return TensorRows.of(given);
      }
      if (tensor.role() == ModelTensor.Role.NORM) {
        return TensorRows.constant(1f);
      }
      return new RandomRows(RandomRows.seedFor(seed, tensor.name()), weightScale);
    }

    private void validateQuantizable() {
      if (weightType.ggmlType().blockSize() == 1) {
        return;
      }
      List<String> bad = new ArrayList<>();
      for (ModelTensor tensor : architecture.tensors(shape)) {
        GgmlType type = tensor.ggmlType(weightType);
        if (tensor.dimensions().getFirst() % type.blockSize() != 0) {
          bad.add("%s (rows of %d)".formatted(tensor.name(), tensor.dimensions().getFirst()));
        }
      }
      if (!bad.isEmpty()) {
        throw new IllegalArgumentException(
            "%s needs rows that are a multiple of %d: embedding and feed-forward lengths must be multiples of %d; bad: %s"
                .formatted(
                    weightType,
                    weightType.ggmlType().blockSize(),
                    weightType.ggmlType().blockSize(),
                    bad));
      }
    }
  }
}
