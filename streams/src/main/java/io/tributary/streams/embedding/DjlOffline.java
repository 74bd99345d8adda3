package io.tributary.streams.embedding;

/**
 * Keeps DJL (the tokenizer's runtime) off the network. On first use DJL otherwise calls the
 * EC2 metadata address and a telemetry endpoint: a privacy leak, and traffic that a closed
 * network flags. DJL reads these switches only as JVM-wide system properties or environment
 * variables, so they are set here, once, before the tokenizer loads; an operator's explicit
 * value is left alone.
 */
final class DjlOffline {

  static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
  static final String OFFLINE = "ai.djl.offline";

  private DjlOffline() {}

  static void ensure() {
    if (System.getProperty(OPT_OUT_TRACKING) == null) {
      System.setProperty(OPT_OUT_TRACKING, "true");
    }
    if (System.getProperty(OFFLINE) == null) {
      System.setProperty(OFFLINE, "true");
    }
  }
}
