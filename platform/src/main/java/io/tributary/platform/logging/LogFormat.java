package io.tributary.platform.logging;

import java.util.Locale;
import java.util.Map;

/**
 * Chooses the log line format before logging starts: {@code TRIBUTARY_LOG_FORMAT} when set, else
 * text for {@code tributary dev} (a person reads it) and JSON for every other command (a log
 * shipper reads it). {@code logback.xml} reads the choice from the system property {@link #PROPERTY}.
 */
public final class LogFormat {

  /** System property logback.xml substitutes: {@code json} or {@code text}. */
  public static final String PROPERTY = "tributary.log.format";

  private LogFormat() {}

  /** The format for a process started with {@code args} in {@code environment}. */
  public static String choose(String[] args, Map<String, String> environment) {
    String configured = environment.getOrDefault("TRIBUTARY_LOG_FORMAT", "").strip().toLowerCase(Locale.ROOT);
    if (configured.equals("json") || configured.equals("text")) {
      return configured;
    }
    if (!configured.isEmpty()) {
      throw new IllegalArgumentException("TRIBUTARY_LOG_FORMAT must be json or text, was '" + configured + "'");
    }
    return args.length > 0 && args[0].equals("dev") ? "text" : "json";
  }

  /** Sets {@link #PROPERTY} unless the JVM was started with it; call before the first logger is made. */
  public static void select(String[] args, Map<String, String> environment) {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, choose(args, environment));
    }
  }
}
