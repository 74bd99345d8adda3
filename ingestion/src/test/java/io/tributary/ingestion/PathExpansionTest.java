package io.tributary.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.ingestion.files.PathExpansion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathExpansionTest {

  private final PathExpansion expansion = new PathExpansion(new DocumentFileLoader("acme", Clock.systemUTC()));

  @Test
  void shouldExpandFilesFoldersAndGlobs(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/one.md"), "1");
    Files.writeString(root.resolve("a/b/two.md"), "2");
    Files.writeString(root.resolve("a/b/three.txt"), "3");
    Files.writeString(root.resolve("a/b/skip.bin"), "x");

    assertThat(expansion.expand(root.resolve("a/one.md").toString()).files()).containsExactly(root.resolve("a/one.md"));
    assertThat(expansion.expand(root.resolve("a").toString()).files()).hasSize(3);
    assertThat(expansion.expand(root + "/a/**/*.md").files()).containsExactly(root.resolve("a/b/two.md"));
    assertThat(expansion.expand(root + "/a/*.md").files()).containsExactly(root.resolve("a/one.md"));
    assertThat(PathExpansion.root(root + "/a/**/*.md")).isEqualTo(root.resolve("a"));
  }

  @Test
  void shouldSayWhyAnArgumentGaveNoFiles(@TempDir Path root) {
    assertThat(expansion.expand(root.resolve("missing.md").toString()).problem()).isEqualTo("no such file or folder");
    assertThat(expansion.expand(root + "/*.pdf").problem()).isEqualTo("no loadable file matches the pattern");
    assertThat(expansion.expand(root.toString()).problem()).contains("no .md");
  }
}
