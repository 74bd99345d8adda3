package io.tributary.streams.pipeline;

import io.tributary.schemas.envelope.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of a {@code docs.embedded.v1} record: the input's headers without its CloudEvents
 * envelope (the output is not that event), plus the trace context and correlation id found in
 * the envelope, under their plain names.
 */
final class OutputHeaders {

  private OutputHeaders() {}

  static Headers of(Headers input, Map<String, String> trace) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : input) {
      String name = header.key().toLowerCase(Locale.ROOT);
      if (!name.startsWith(CloudEvents.HEADER_PREFIX) && !name.equals(CloudEvents.CONTENT_TYPE_HEADER)) {
        headers.add(header);
      }
    }
    trace.forEach((name, value) -> {
      headers.remove(name);
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    });
    return headers;
  }
}
