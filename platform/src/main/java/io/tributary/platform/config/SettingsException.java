package io.tributary.platform.config;

import io.tributary.platform.UserError;

/** A setting is missing or malformed; the message names it. */
public final class SettingsException extends UserError {

  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }
}
