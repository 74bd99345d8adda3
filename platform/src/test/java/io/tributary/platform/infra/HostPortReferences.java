package io.tributary.platform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code host:port} in text (URLs, bootstrap lists, scrape targets) and checks that a host
 * without dots is a compose service that listens on that port. Hosts with dots are outside the
 * stack; {@code localhost} is the container itself.
 */
final class HostPortReferences {

  // Not preceded by a name character, so "0.0.0.0:9092" and "a.b:1" never match from the middle.
  private static final Pattern HOST_PORT =
      Pattern.compile("(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]*):(\\d{1,5})(?!\\d)");

  private final ComposeModel compose;

  HostPortReferences(ComposeModel compose) {
    this.compose = compose;
  }

  /** Problems with each {@code host:port} in {@code text}; {@code where} says where the text came from. */
  List<String> problems(String where, String text) {
    List<String> problems = new ArrayList<>();
    Matcher matcher = HOST_PORT.matcher(text);
    while (matcher.find()) {
      String host = matcher.group(1);
      int port = Integer.parseInt(matcher.group(2));
      if (host.contains(".") || host.equals("localhost")) {
        continue;
      }
      ComposeService service = compose.services().get(host);
      if (service == null) {
        problems.add(where + ": '" + host + ":" + port + "' names no compose service");
      } else if (!service.listenPorts().contains(port)) {
        problems.add(where + ": '" + host + ":" + port + "' but " + host + " listens on "
            + new TreeSet<>(service.listenPorts()));
      }
    }
    return problems;
  }

  /** {@link #problems(String, String)} for every string value anywhere in {@code tree}. */
  List<String> problemsIn(String where, JsonNode tree) {
    List<String> problems = new ArrayList<>();
    if (tree.isTextual()) {
      problems.addAll(problems(where, tree.asText()));
    } else if (tree.isArray()) {
      tree.forEach(item -> problems.addAll(problemsIn(where, item)));
    } else if (tree.isObject()) {
      for (Map.Entry<String, JsonNode> field : tree.properties()) {
        problems.addAll(problemsIn(where + "/" + field.getKey(), field.getValue()));
      }
    }
    return problems;
  }
}
