package io.symposium.pool.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SchedulingPolicyTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final SchedulingPolicy policy = new SchedulingPolicy(Duration.ofSeconds(30));

  @Test
  void next_currentHasWork_keepsCurrentEvenIfAnotherQueueIsDeeper() {
    var queues =
        List.of(new QueueView("a", 1, T0, true), new QueueView("b", 50, T0.minusSeconds(5), false));
    assertThat(policy.next(queues, "a", T0.plusSeconds(1))).contains("a");
  }

  @Test
  void next_otherQueueWaitedMaxWait_switchesToIt() {
    var queues =
        List.of(new QueueView("a", 10, T0.plusSeconds(20), true), new QueueView("b", 1, T0, false));
    assertThat(policy.next(queues, "a", T0.plusSeconds(29))).contains("a");
    assertThat(policy.next(queues, "a", T0.plusSeconds(30))).contains("b");
  }

  @Test
  void next_twoStarving_oldestFirst() {
    var queues =
        List.of(
            new QueueView("b", 1, T0.plusSeconds(1), false),
            new QueueView("c", 1, T0, false),
            new QueueView("a", 3, T0.plusSeconds(40), true));
    assertThat(policy.next(queues, "a", T0.plusSeconds(60))).contains("c");
  }

  @Test
  void next_currentBacklogOlderThanStarvingOther_drainsCurrentFirst() {
    var queues =
        List.of(new QueueView("a", 10, T0, true), new QueueView("b", 1, T0.plusSeconds(5), false));
    assertThat(policy.next(queues, "a", T0.plusSeconds(35))).contains("a");
  }

  @Test
  void next_burstArrivedTogether_noSwitchWhileCurrentHasEquallyOldWork() {
    var queues =
        List.of(
            new QueueView("a", 10, T0, true),
            new QueueView("b", 10, T0, false),
            new QueueView("c", 10, T0, false));
    assertThat(policy.next(queues, "a", T0.plusSeconds(90))).contains("a");
  }

  @Test
  void next_burstArrivedMicrosecondsApart_noSwitchAfterMaxWait() {
    var queues =
        List.of(
            new QueueView("a", 10, T0.plusNanos(3_000), true),
            new QueueView("b", 10, T0, false),
            new QueueView("c", 10, T0.plusNanos(1_000), false));
    assertThat(policy.next(queues, "a", T0.plusSeconds(90))).contains("a");
  }

  @Test
  void next_starvingWorkArrivedClearlyEarlier_switchesAfterMaxWait() {
    var queues =
        List.of(
            new QueueView("a", 10, T0.plus(SchedulingPolicy.SAME_ARRIVAL).plusMillis(1), true),
            new QueueView("b", 1, T0, false));
    assertThat(policy.next(queues, "a", T0.plusSeconds(29))).contains("a");
    assertThat(policy.next(queues, "a", T0.plusSeconds(30))).contains("b");
  }

  @Test
  void next_noCurrent_prefersResidentModel() {
    var queues =
        List.of(
            new QueueView("cold", 9, T0, false), new QueueView("warm", 2, T0.plusSeconds(3), true));
    assertThat(policy.next(queues, null, T0.plusSeconds(4))).contains("warm");
  }

  @Test
  void next_nothingResident_oldestHeadFirst() {
    var queues =
        List.of(new QueueView("x", 9, T0.plusSeconds(2), false), new QueueView("y", 1, T0, false));
    assertThat(policy.next(queues, null, T0.plusSeconds(3))).contains("y");
  }

  @Test
  void next_noWork_empty() {
    assertThat(policy.next(List.of(), "a", T0)).isEmpty();
  }

  @Test
  void prefetch_servingExcluded_nextCandidate() {
    var queues =
        List.of(new QueueView("a", 5, T0, true), new QueueView("b", 1, T0.plusSeconds(1), false));
    assertThat(policy.prefetch(queues, "a", T0.plusSeconds(2))).contains("b");
  }

  @Test
  void nextDeadline_oldestHeadPlusMaxWait() {
    var queues =
        List.of(new QueueView("a", 5, T0.plusSeconds(10), true), new QueueView("b", 1, T0, false));
    assertThat(policy.nextDeadline(queues)).contains(T0.plusSeconds(30));
  }
}
