package io.tributary.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line: {@code ts}, {@code level}, {@code logger}, {@code thread},
 * {@code message}, the correlation ids from the MDC at the top level ({@code trace_id},
 * {@code span_id}, {@code request_id}), other MDC entries and the event's key-value pairs, and the
 * exception's stack trace. What goes in is what code logged: code never logs tokens or document text.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  /** MDC keys lifted to the top level, in this order. */
  public static final List<String> IDS = List.of("trace_id", "span_id", "request_id");

  private static final byte[] NOTHING = new byte[0];
  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("level", event.getLevel().toString());
    line.put("logger", event.getLoggerName());
    line.put("thread", event.getThreadName());
    line.put("message", event.getFormattedMessage());
    Map<String, String> mdc = event.getMDCPropertyMap();
    for (String id : IDS) {
      String value = mdc.get(id);
      if (value != null) {
        line.put(id, value);
      }
    }
    mdc.forEach((key, value) -> line.putIfAbsent(key, value));
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        line.putIfAbsent(pair.key, pair.value == null ? null : String.valueOf(pair.value));
      }
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.put("error", thrown.getClassName());
      line.put("stack_trace", ThrowableProxyUtil.asString(thrown));
    }
    try {
      byte[] json = mapper.writeValueAsBytes(line);
      byte[] withNewline = new byte[json.length + 1];
      System.arraycopy(json, 0, withNewline, 0, json.length);
      withNewline[json.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      return ("{\"level\":\"ERROR\",\"message\":\"unserialisable log event\"}\n").getBytes(StandardCharsets.UTF_8);
    }
  }
}
