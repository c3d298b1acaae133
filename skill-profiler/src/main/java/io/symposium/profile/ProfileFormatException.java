package io.symposium.profile;

/**
 * Profiles to import that are not in the reference format (one JSON object per model, keyword →
 * integer score).
 */
public final class ProfileFormatException extends ProfilerException {

  ProfileFormatException(String message) {
    super(message);
  }

  ProfileFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
