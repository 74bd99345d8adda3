package io.tributary.schemas.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentMessageReaderTest {

  private final AgentMessageReader reader = AgentMessageReader.v1();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ErrorCode rejection(byte[] value) {
    return catchThrowableOfType(InvalidRecordException.class, () -> reader.read(value)).code();
  }

  @Test
  void shouldReadAMessageWithDefaults() {
    AgentMessage message = reader.read(utf8("{\"id\":\"m1\",\"text\":\"where is my parcel?\"}"));

    assertThat(message).isEqualTo(new AgentMessage("m1", "default", "", "where is my parcel?", null));
  }

  @Test
  void shouldReadEveryField() {
    AgentMessage message = reader.read(utf8(
        "{\"id\":\"m1\",\"tenant\":\"acme\",\"user\":\"u7\",\"text\":\"hi\",\"sent_at\":\"2026-01-02T03:04:05Z\"}"));

    assertThat(message).isEqualTo(new AgentMessage("m1", "acme", "u7", "hi", Instant.parse("2026-01-02T03:04:05Z")));
  }

  @Test
  void shouldNameTheProblemOfEveryKindOfBadValue() {
    assertThat(rejection(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})).isEqualTo(ErrorCode.UNDECODABLE_BYTES);
    assertThat(rejection(utf8("{\"id\":"))).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(rejection(utf8("{\"id\":\"m1\"}"))).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(rejection(utf8("{\"id\":\"m1\",\"text\":\"   \"}"))).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(rejection(null)).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(rejection(new byte[AgentMessageReader.MAX_VALUE_BYTES + 1])).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
  }

  @Test
  void shouldReadWhatItsOwnSerdeWritesWithoutASendTime() {
    AgentMessage message = new AgentMessage("m1", "acme", "u", "hi", null);

    assertThat(reader.read(io.tributary.schemas.topics.Topics.AGENTS_MESSAGES.valueSerde().serializer()
        .serialize("t", message))).isEqualTo(message);
  }

  @Test
  void shouldNameAnUnknownFieldInsteadOfIgnoringIt() {
    InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
        () -> reader.read(utf8("{\"id\":\"m1\",\"text\":\"hi\",\"sentAt\":\"x\"}")));

    assertThat(e.getMessage()).contains("sentAt");
  }

  @Test
  void shouldRequireAConversationIdKey() {
    assertThat(catchThrowableOfType(InvalidRecordException.class, () -> reader.conversationId(null)).code())
        .isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(reader.conversationId(utf8("c-1"))).isEqualTo("c-1");
  }

  @Test
  void shouldCutPreviewsAtOneHundredCharacters() {
    assertThat(RoutingDecision.preview("x".repeat(250))).hasSize(100);
    assertThat(RoutingDecision.preview("short")).isEqualTo("short");
    assertThat(RoutingDecision.preview("a".repeat(99) + "😀")).hasSize(99);
  }
}
