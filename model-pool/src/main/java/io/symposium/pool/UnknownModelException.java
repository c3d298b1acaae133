package io.symposium.pool;

/** No model with this id is registered in the pool. */
public final class UnknownModelException extends PoolException {
  private final String modelId;

  public UnknownModelException(String modelId) {
    super("no model '" + modelId + "' in the pool; list the registered models to see what exists");
    this.modelId = modelId;
  }

  public String modelId() {
    return modelId;
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
