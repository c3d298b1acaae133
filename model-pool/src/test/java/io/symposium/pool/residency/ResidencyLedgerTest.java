package io.symposium.pool.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

final class ResidencyLedgerTest {

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  final InstantSource clock = now::get;
  final ResidencyLedger ledger = new ResidencyLedger(100, clock);

  void later(int seconds) {
    now.set(now.get().plus(Duration.ofSeconds(seconds)));
  }

  @Test
  void admit_fitsInFreeBudget_noVictims() {
    ledger.loaded("a", 40);
    assertThat(ledger.admit("b", 60, m -> false, m -> 0))
        .isEqualTo(new ResidencyLedger.Admission.Evict(java.util.List.of()));
  }

  @Test
  void admit_tightBudget_evictsLongestIdleFirst() {
    ledger.loaded("old", 40);
    later(10);
    ledger.loaded("recent", 40);
    var admission = ledger.admit("new", 50, m -> false, m -> 0);
    assertThat(admission).isEqualTo(new ResidencyLedger.Admission.Evict(java.util.List.of("old")));
  }

  @Test
  void admit_modelWithQueuedWork_evictedAfterIdleOnes() {
    ledger.loaded("queued", 40);
    later(10);
    ledger.loaded("idle", 40);
    var admission = ledger.admit("new", 50, m -> false, m -> m.equals("queued") ? 3 : 0);
    assertThat(admission).isEqualTo(new ResidencyLedger.Admission.Evict(java.util.List.of("idle")));
  }

  @Test
  void admit_onlyBusyOrPinnedResidents_waits() {
    ledger.loaded("busy", 50);
    ledger.loaded("pinned", 40);
    ledger.pin("pinned", true);
    var admission = ledger.admit("new", 30, Set.of("busy")::contains, m -> 0);
    assertThat(admission).isInstanceOf(ResidencyLedger.Admission.Wait.class);
  }

  @Test
  void admit_largerThanBudgetBesidePinned_never() {
    ledger.loaded("pinned", 40);
    ledger.pin("pinned", true);
    var admission = ledger.admit("huge", 70, m -> false, m -> 0);
    assertThat(admission).isInstanceOf(ResidencyLedger.Admission.Never.class);
    assertThat(((ResidencyLedger.Admission.Never) admission).reason())
        .contains("huge")
        .contains("pinned");
  }

  @Test
  void loaded_overBudget_refused() {
    ledger.loaded("a", 80);
    assertThatThrownBy(() -> ledger.loaded("b", 30)).isInstanceOf(IllegalStateException.class);
    assertThat(ledger.usedBytes()).isEqualTo(80);
  }

  @Test
  void unloaded_freesItsBytes() {
    ledger.loaded("a", 80);
    ledger.unloaded("a");
    assertThat(ledger.usedBytes()).isZero();
    assertThat(ledger.isResident("a")).isFalse();
  }
}
