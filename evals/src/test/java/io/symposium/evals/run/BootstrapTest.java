package io.symposium.evals.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BootstrapTest {
  @Test
  void constantValues_giveAPointInterval() {
    Bootstrap.Interval ci = new Bootstrap(500, 1).interval(new double[] {1, 1, 1, 1}, 0.95);
    assertThat(ci.low()).isEqualTo(1.0);
    assertThat(ci.high()).isEqualTo(1.0);
  }

  @Test
  void interval_containsTheMean_andIsSeeded() {
    double[] values = new double[100];
    for (int i = 0; i < 60; i++) values[i] = 1; // 60 % correct
    Bootstrap.Interval a = new Bootstrap(1000, 7).interval(values, 0.95);
    Bootstrap.Interval b = new Bootstrap(1000, 7).interval(values, 0.95);
    assertThat(a).isEqualTo(b);
    assertThat(a.low()).isLessThan(0.6).isGreaterThan(0.45);
    assertThat(a.high()).isGreaterThan(0.6).isLessThan(0.75);
    // the normal approximation: 0.6 ± 1.96 · sqrt(0.24 / 100) = 0.6 ± 0.096
    assertThat(a.high() - a.low()).isCloseTo(2 * 0.096, within(0.03));
  }

  @Test
  void quantile_interpolatesBetweenRanks() {
    double[] sorted = {0, 10, 20, 30};
    assertThat(Bootstrap.quantile(sorted, 0)).isEqualTo(0.0);
    assertThat(Bootstrap.quantile(sorted, 0.5)).isEqualTo(15.0);
    assertThat(Bootstrap.quantile(sorted, 1)).isEqualTo(30.0);
  }

  @Test
  void noValues_areRefused() {
    assertThatThrownBy(() -> new Bootstrap(10, 0).interval(new double[0], 0.95))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
