package io.symposium.evals.run;

/**
 * The same questions and method run twice, each in a pool that holds one model at a time: once as
 * the phased batch, once query by query (each query loads the models it needs).
 */
public record LoadComparison(
    String method,
    int items,
    long batchedMillis,
    int batchedLoads,
    long naiveMillis,
    int naiveLoads) {

  public double timeRatio() {
    return batchedMillis == 0 ? Double.NaN : (double) naiveMillis / batchedMillis;
  }

  public double loadRatio() {
    return batchedLoads == 0 ? Double.NaN : (double) naiveLoads / batchedLoads;
  }
}
