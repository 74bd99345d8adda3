package io.tributary.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.schemas.topics.ConsumerGroups;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The settings table of docs/configuration.md names exactly the settings application.yaml declares. */
class ConfigurationDocTest {

  private static final Pattern ROW = Pattern.compile("^\\| `([A-Z][A-Z0-9_]*)`", Pattern.MULTILINE);
  /** Read by the launcher script, not by the JVM: documented, but not in application.yaml. */
  private static final Set<String> LAUNCHER_ONLY = Set.of("TRIBUTARY_JAVA_OPTS");

  @Test
  void shouldDocumentEverySettingAndNoOther() throws Exception {
    Set<String> declared = new TreeSet<>();
    try (InputStream in = getClass().getResourceAsStream("/application.yaml")) {
      new ObjectMapper(new YAMLFactory()).readTree(in).properties().forEach(e -> declared.add(e.getKey()));
    }
    Set<String> documented = new TreeSet<>();
    Matcher row = ROW.matcher(Files.readString(Path.of("..", "docs", "configuration.md")));
    while (row.find()) {
      documented.add(row.group(1));
    }
    documented.removeAll(LAUNCHER_ONLY);

    assertThat(documented).as("settings in docs/configuration.md").isEqualTo(declared);
  }

  @Test
  void shouldDefaultTheStreamsApplicationIdsToTheCataloguedGroups() {
    Settings defaults = SettingsLoader.load(java.util.Map.of());

    assertThat(defaults.streamsApplicationId()).isEqualTo(ConsumerGroups.DOCUMENT_PIPELINE);
    assertThat(defaults.routerApplicationId()).isEqualTo(ConsumerGroups.INTENT_ROUTER);
  }
}
