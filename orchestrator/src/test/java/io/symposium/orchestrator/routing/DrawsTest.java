package io.symposium.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class DrawsTest {

  @Test
  void sampleDistinct_neverRepeats_andSkipsZeroWeights() {
    int[] ranked = {2, 0, 1, 3};
    double[] weight = {1, 0, 5, 2};
    for (long seed = 0; seed < 200; seed++) {
      int[] drawn = Draws.sampleDistinct(ranked, weight, 3, seed);
      assertThat(drawn).hasSize(3).doesNotHaveDuplicates().doesNotContain(1);
      assertThat(Draws.sampleDistinct(ranked, weight, 3, seed)).isEqualTo(drawn);
    }
    // only three candidates have weight: asking for four gives three
    assertThat(Draws.sampleDistinct(ranked, weight, 4, 0)).hasSize(3);
  }

  @Test
  void sampleDistinct_firstDrawProportionalToWeight_secondToWhatIsLeft() {
    int[] ranked = {0, 1, 2};
    double[] weight = {6, 3, 1};
    int trials = 20_000;
    int[] first = new int[3];
    int secondAfterZero = 0;
    int zeroFirst = 0;
    for (long seed = 0; seed < trials; seed++) {
      int[] drawn = Draws.sampleDistinct(ranked, weight, 2, seed);
      first[drawn[0]]++;
      if (drawn[0] == 0) {
        zeroFirst++;
        if (drawn[1] == 1) {
          secondAfterZero++;
        }
      }
    }
    assertThat(first[0] / (double) trials).isCloseTo(0.6, within(0.02));
    assertThat(first[2] / (double) trials).isCloseTo(0.1, within(0.02));
    // after model 0, model 1 has 3 of the 4 weight left
    assertThat(secondAfterZero / (double) zeroFirst).isCloseTo(0.75, within(0.02));
    assertThat(Arrays.stream(first).sum()).isEqualTo(trials);
  }
}
