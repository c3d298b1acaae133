package io.symposium.pool.llamacpp.protocol;

/**
 * The names both sides of the worker process protocol must agree on: the service starts a worker by
 * its main class and reads its ready line; requests and errors carry these names on the wire. They
 * live here, not on either side, so service-side code never links against worker-side classes (the
 * architecture test checks it).
 */
public final class WorkerProtocol {

  /**
   * The worker's main class, by name: the service starts it in a child JVM and must not load it (a
   * test checks the name against the class).
   */
  public static final String MAIN_CLASS = "io.symposium.pool.llamacpp.worker.WorkerMain";

  /** The stdout line a worker prints, followed by its port, once it serves. */
  public static final String READY_PREFIX = "SYMPOSIUM_WORKER_READY port=";

  /** The header a client sets to be able to cancel a non-streamed completion by id. */
  public static final String REQUEST_ID_HEADER = "X-Symposium-Request-Id";

  /** The error {@code code} a worker gives a prompt that does not fit the model's context. */
  public static final String CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";

  private WorkerProtocol() {}
}
