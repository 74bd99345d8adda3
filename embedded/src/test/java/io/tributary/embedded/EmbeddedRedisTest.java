package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EmbeddedRedisTest {

  @Test
  void shouldAnswerPingSetAndGet() {
    try (EmbeddedRedis redis = EmbeddedRedis.startTemporary()) {
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisCommands<String, String> commands = connection.sync();

        assertThat(commands.ping()).isEqualTo("PONG");
        commands.set("test:greeting", "hello");
        assertThat(commands.get("test:greeting")).isEqualTo("hello");
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void shouldStopTheServerProcessWhenClosed() {
    // given
    EmbeddedRedis redis = EmbeddedRedis.startTemporary();
    long pid = redis.pid();
    Path dataDir = redis.dataDir();

    // when
    redis.close();
    redis.close();

    // then
    assertThat(ProcessHandle.of(pid)).isEmpty();
    assertThat(dataDir).doesNotExist();
    assertThatThrownBy(() -> new Socket("127.0.0.1", redis.port()).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void shouldKeepTheGivenDataDirectory(@TempDir Path dir) {
    try (EmbeddedRedis redis = new EmbeddedRedis(dir.resolve("redis"))) {
      assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
    }
    assertThat(dir.resolve("redis/redis.log")).exists();
  }

  @Test
  void shouldNameThePackageToInstallWhenRedisIsMissing(@TempDir Path emptyBinDir) {
    assertThatThrownBy(() -> new EmbeddedRedis(emptyBinDir.resolve("data"), BinaryLookup.directory(emptyBinDir)))
        .isInstanceOf(MissingBinaryException.class)
        .hasMessageContaining("redis-server")
        .hasMessageContaining("apt-get install redis-server");
  }
}
