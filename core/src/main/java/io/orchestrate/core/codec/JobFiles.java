package io.orchestrate.core.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.JobSpecValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads job files, YAML or JSON, into a validated {@link JobSpec}. Every error names where it is:
 * {@code tasks[0].count: expected an integer, got "two"} or {@code tasks[0].resources: unknown field 'memroyMb'}.
 */
public final class JobFiles {
  private JobFiles() {}

  /** Parses and validates; throws {@link InvalidSpecException} naming the field. */
  public static JobSpec parse(byte[] content) {
    JobSpec spec = parseUnvalidated(content);
    return JobSpecValidator.requireValid(spec);
  }

  public static JobSpec parseUnvalidated(byte[] content) {
    if (content == null || new String(content, StandardCharsets.UTF_8).isBlank()) {
      throw new InvalidSpecException("job file is empty");
    }
    boolean json = looksLikeJson(content);
    ObjectMapper mapper = json ? Json.strict() : Json.yaml();
    String format = json ? "JSON" : "YAML";
    try {
      JobSpec spec = mapper.readValue(content, JobSpec.class);
      if (spec == null) throw new InvalidSpecException("job file is empty");
      return spec;
    } catch (JsonMappingException e) {
      // A syntax error met while binding a field arrives wrapped in a mapping error; it is still
      // a syntax error and its position is what helps.
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) root = root.getCause();
      if (root instanceof com.fasterxml.jackson.core.JsonParseException pe) {
        throw new InvalidSpecException("malformed " + format + at(pe.getLocation()) + ": " + firstLine(pe.getOriginalMessage()));
      }
      if (root instanceof org.yaml.snakeyaml.error.MarkedYAMLException ye && ye.getProblemMark() != null) {
        throw new InvalidSpecException("malformed YAML at line " + (ye.getProblemMark().getLine() + 1) + ", column "
            + (ye.getProblemMark().getColumn() + 1) + ": " + ye.getProblem());
      }
      throw mappingError(e);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException("malformed " + format + at(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new InvalidSpecException("job file cannot be read: " + e.getMessage());
    }
  }

  private static InvalidSpecException mappingError(JsonMappingException e) {
    String where = path(e);
    String field = where.isEmpty() ? "job" : where;
    if (e instanceof UnrecognizedPropertyException u) {
      return new InvalidSpecException(prefix(where) + "unknown field '" + u.getPropertyName() + "'");
    }
    if (e instanceof InvalidFormatException f) {
      return new InvalidSpecException(field + ": expected " + typeName(f.getTargetType()) + ", got " + quote(f.getValue()) + detail(f));
    }
    if (e instanceof MismatchedInputException m) {
      return new InvalidSpecException(field + ": expected " + typeName(m.getTargetType()) + at(m.getLocation()));
    }
    return new InvalidSpecException(field + ": " + rootMessage(e));
  }

  private static String firstLine(String s) {
    if (s == null) return "syntax error";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Whether the content is JSON (starts with { or [) rather than YAML; the same rule {@link #parse} uses. */
  public static boolean looksLikeJson(byte[] content) {
    for (byte b : content) {
      if (!Character.isWhitespace(b)) return b == '{' || b == '[';
    }
    return false;
  }

  /** Renders Jackson's reference path as {@code tasks[1].resources.memoryMb}. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) sb.append('.');
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String prefix(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }

  private static String typeName(Class<?> t) {
    if (t == null) return "a value";
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "an integer";
    if (t == Double.class || t == double.class) return "a number";
    if (t == String.class) return "a string";
    if (t == Boolean.class || t == boolean.class) return "true or false";
    if (java.util.List.class.isAssignableFrom(t)) return "a list";
    if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) return "a mapping";
    if (t.isEnum()) return "one of the allowed words";
    return "a " + t.getSimpleName();
  }

  private static String quote(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  private static String detail(InvalidFormatException e) {
    Throwable c = e.getCause();
    return c instanceof IllegalArgumentException && c.getMessage() != null ? " (" + c.getMessage() + ")" : "";
  }

  private static String at(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 0) return "";
    return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t instanceof JsonProcessingException jp ? jp.getOriginalMessage() : t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
