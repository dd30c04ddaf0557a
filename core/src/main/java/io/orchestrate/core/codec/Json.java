package io.orchestrate.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The project's JSON mappers. {@link #strict()} is used for everything that is stored or
 * replicated and for user input: unknown fields are errors (a typo in a job file is caught, and a
 * command from a newer version is not half-read). {@link #lenient()} reads API answers in clients
 * so that a newer manager may add fields. {@link #smile()} is the strict one over Smile, for log
 * entries and stored records from feature level 5. Map keys are sorted so that encodings are
 * deterministic. All of them refuse a key that appears twice in one object.
 */
public final class Json {
  // One holder class per mapper, so each is built on first use only: a CLI run that reads one API
  // answer builds the lenient mapper alone (a mapper costs tens of milliseconds of a short process's start).
  private static final class Strict {
    static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();
  }

  // Without Blackbird: its generated accessors repay their cost only over many reads of one type, and
  // the readers of API answers are short-lived CLI runs (about 6% less CPU for `status`) and tree reads.
  private static final class Lenient {
    static final ObjectMapper MAPPER = rules(JsonMapper.builder()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  private static final class Yaml {
    static final ObjectMapper MAPPER = configure(YAMLMapper.builder(new YAMLFactory())).build();
  }

  /**
   * Smile (binary JSON) with the strict mapper's rules, for log entries ({@link EntryFormat#SMILE}).
   * No Smile header and no shared names or values: a log entry's format byte says what it is, and a
   * batch entry splices commands encoded one by one, which back-references into a per-document
   * table of names would break.
   */
  private static final class Smile {
    static final ObjectMapper MAPPER = configure(com.fasterxml.jackson.dataformat.smile.databind.SmileMapper.builder(
        com.fasterxml.jackson.dataformat.smile.SmileFactory.builder()
            .disable(com.fasterxml.jackson.dataformat.smile.SmileGenerator.Feature.WRITE_HEADER)
            .disable(com.fasterxml.jackson.dataformat.smile.SmileGenerator.Feature.CHECK_SHARED_NAMES)
            .disable(com.fasterxml.jackson.dataformat.smile.SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)
            .disable(com.fasterxml.jackson.dataformat.smile.SmileParser.Feature.REQUIRE_HEADER)
            .build())).build();
  }

  private Json() {}

  private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B configure(B b) {
    return rules(b.addModule(new com.fasterxml.jackson.module.blackbird.BlackbirdModule()));
  }

  private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B rules(B b) {
    // A key given twice is a mistake or an attempt to be read one way here and another way elsewhere.
    return b.enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  public static ObjectMapper strict() {
    return Strict.MAPPER;
  }

  public static ObjectMapper lenient() {
    return Lenient.MAPPER;
  }

  public static ObjectMapper yaml() {
    return Yaml.MAPPER;
  }

  /** The strict mapper's rules over Smile, as log entries of {@link EntryFormat#SMILE} are written. */
  public static ObjectMapper smile() {
    return Smile.MAPPER;
  }

  public static byte[] bytes(Object value) {
    try {
      return Strict.MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String string(Object value) {
    try {
      return Strict.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String pretty(Object value) {
    try {
      return Strict.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return Strict.MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
