package io.tributary.platform.config;

/** A setting is missing or malformed; the message names it. */
public final class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }
}
