package io.symposium.orchestrator.problem;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Applies {@link StorableText} to every string a request body holds, in every field of every
 * endpoint (values, list elements, map keys and the strings inside untyped fields alike), while the
 * body is decoded: a U+0000 or an unpaired surrogate is a 400 that names the field, before any
 * controller or the database sees it.
 */
@Configuration(proxyBeanMethods = false)
public class StorableTextJson {

  @Bean
  JsonMapperBuilderCustomizer storableTextOnly() {
    SimpleModule module = new SimpleModule("storable-text");
    module.addDeserializer(String.class, new StorableStrings());
    module.addKeyDeserializer(String.class, new StorableKeys());
    return builder -> builder.addModule(module);
  }

  /** Strings, checked after the standard decoding. */
  static final class StorableStrings extends StdScalarDeserializer<String> {

    StorableStrings() {
      super(String.class);
    }

    @Override
    public @Nullable String deserialize(JsonParser p, DeserializationContext ctxt) {
      String value = StringDeserializer.instance.deserialize(p, ctxt);
      if (value != null) {
        String field = fieldOf(p.streamReadContext());
        String problem = StorableText.problem(field, value);
        if (problem != null) {
          throw new UnstorableTextException(p, field, problem);
        }
      }
      return value;
    }

    @Override
    public @Nullable Object getNullValue(DeserializationContext ctxt) {
      return null;
    }
  }

  /** Map keys, checked as they are. */
  static final class StorableKeys extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) {
      String problem = StorableText.problem("a key", key);
      if (problem != null) {
        throw new UnstorableTextException(ctxt.getParser(), "a key", problem);
      }
      return key;
    }
  }

  /** A string of the body that {@link StorableText} refuses; its message says which and why. */
  static final class UnstorableTextException extends MismatchedInputException {
    private final String field;

    UnstorableTextException(JsonParser p, String field, String problem) {
      super(p, problem, String.class);
      this.field = field;
    }

    /** The field that holds the text. */
    String field() {
      return field;
    }
  }

  /** The name of the field a value sits in, looking through arrays. */
  private static String fieldOf(@Nullable TokenStreamContext context) {
    for (TokenStreamContext c = context; c != null; c = c.getParent()) {
      if (c.currentName() != null) {
        return c.currentName();
      }
    }
    return "a string";
  }
}
