package io.tributary.schemas.errors;

/**
 * Header names of a dead letter. They match Kafka Connect's so that existing DLQ tooling
 * reads ours; {@link #ERROR_CODE} and {@link #FAILED_AT} are Tributary's own.
 */
public final class DeadLetterHeaders {

  public static final String ORIGIN_TOPIC = "__connect.errors.topic";
  public static final String ORIGIN_PARTITION = "__connect.errors.partition";
  public static final String ORIGIN_OFFSET = "__connect.errors.offset";
  public static final String EXCEPTION_CLASS = "__connect.errors.exception.class.name";
  public static final String EXCEPTION_MESSAGE = "__connect.errors.exception.message";
  public static final String ERROR_CODE = "tributary.errors.code";
  public static final String FAILED_AT = "tributary.errors.time";

  private DeadLetterHeaders() {}
}
