package io.orchestrate.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One JSON object per line: {@code timestamp} (ISO-8601 with the zone's offset, milliseconds),
 * {@code level}, {@code logger}, {@code thread}, {@code message}, and {@code mdc} and
 * {@code exception} (the stack trace as text) when there are any.
 *
 * <p>Logback's own {@code JsonEncoder} writes the time as epoch milliseconds, the unformatted
 * message beside a separate formatted one, and a stack trace frame by frame as objects; log
 * viewers show a date, one message and a stack trace as text better, and shippers parse this
 * shape without a mapping.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  /** Fixed width, so lines sort and align by time; the same form as the text lines' date. */
  static final String TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
  private static final byte[] NONE = new byte[0];

  private final JsonFactory json = new JsonFactory();
  private final DateTimeFormatter time;

  public JsonLineEncoder() {
    this(ZoneId.systemDefault());
  }

  JsonLineEncoder(ZoneId zone) {
    this.time = DateTimeFormatter.ofPattern(TIME_PATTERN).withZone(zone);
  }

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("timestamp", time.format(Instant.ofEpochMilli(event.getTimeStamp())));
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null && !mdc.isEmpty()) {
        g.writeObjectFieldStart("mdc");
        for (Map.Entry<String, String> e : mdc.entrySet()) g.writeStringField(e.getKey(), e.getValue());
        g.writeEndObject();
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a log line as JSON", e);
    }
    out.write('\n');
    return out.toByteArray();
  }
}
