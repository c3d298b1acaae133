package io.symposium.profile;

/**
 * How many of a set of questions a model answered right.
 *
 * @param correct questions answered right
 * @param total questions asked
 */
public record Accuracy(int correct, int total) {

  public Accuracy {
    if (correct < 0 || total < 0 || correct > total) {
      throw new IllegalArgumentException(
          "accuracy needs 0 <= correct <= total, got %d/%d".formatted(correct, total));
    }
  }

  /** The share right, 0 when nothing was asked. */
  public double value() {
    return total == 0 ? 0 : (double) correct / total;
  }

  /** This tally with one more answer counted. */
  Accuracy plus(boolean right) {
    return new Accuracy(correct + (right ? 1 : 0), total + 1);
  }

  @Override
  public String toString() {
    return "%d/%d (%.2f%%)".formatted(correct, total, 100 * value());
  }
}
