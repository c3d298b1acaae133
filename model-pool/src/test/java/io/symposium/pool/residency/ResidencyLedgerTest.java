package io.symposium.pool.residency;

import static io.symposium.pool.residency.MemoryDemand.host;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
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
    ledger.loaded("a", host(40));
    assertThat(ledger.admit("b", host(60), m -> false, m -> 0))
        .isEqualTo(new ResidencyLedger.Admission.Evict(java.util.List.of()));
  }

  @Test
  void admit_tightBudget_evictsLongestIdleFirst() {
    ledger.loaded("old", host(40));
    later(10);
    ledger.loaded("recent", host(40));
    var admission = ledger.admit("new", host(50), m -> false, m -> 0);
    assertThat(admission).isEqualTo(new ResidencyLedger.Admission.Evict(java.util.List.of("old")));
  }

  @Test
  void admit_modelWithQueuedWork_evictedAfterIdleOnes() {
    ledger.loaded("queued", host(40));
    later(10);
    ledger.loaded("idle", host(40));
    var admission = ledger.admit("new", host(50), m -> false, m -> m.equals("queued") ? 3 : 0);
    assertThat(admission).isEqualTo(new ResidencyLedger.Admission.Evict(java.util.List.of("idle")));
  }

  @Test
  void admit_onlyBusyOrPinnedResidents_waits() {
    ledger.loaded("busy", host(50));
    ledger.loaded("pinned", host(40));
    ledger.pin("pinned", true);
    var admission = ledger.admit("new", host(30), Set.of("busy")::contains, m -> 0);
    assertThat(admission).isInstanceOf(ResidencyLedger.Admission.Wait.class);
  }

  @Test
  void admit_largerThanBudgetBesidePinned_never() {
    ledger.loaded("pinned", host(40));
    ledger.pin("pinned", true);
    var admission = ledger.admit("huge", host(70), m -> false, m -> 0);
    assertThat(admission).isInstanceOf(ResidencyLedger.Admission.Never.class);
    assertThat(((ResidencyLedger.Admission.Never) admission).reason())
        .contains("huge")
        .contains("pinned");
  }

  @Test
  void loaded_overBudget_refused() {
    ledger.loaded("a", host(80));
    assertThatThrownBy(() -> ledger.loaded("b", host(30)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(ledger.usedBytes()).isEqualTo(80);
  }

  @Test
  void unloaded_freesItsBytes() {
    ledger.loaded("a", host(80));
    ledger.unloaded("a");
    assertThat(ledger.usedBytes()).isZero();
    assertThat(ledger.isResident("a")).isFalse();
  }

  // ---- two memories: host and GPU ----

  final ResidencyLedger split = new ResidencyLedger(100, 50, clock);

  @Test
  void gpu_bothMemoriesHaveRoom_noVictims() {
    split.loaded("a", new MemoryDemand(20, 30));
    assertThat(split.admit("b", new MemoryDemand(30, 20), m -> false, m -> 0))
        .isEqualTo(new ResidencyLedger.Admission.Evict(List.of()));
    assertThat(split.gpuUsedBytes()).isEqualTo(30);
    assertThat(split.usedBytes()).isEqualTo(20);
  }

  @Test
  void gpu_gpuShortHostNot_evictsOnlyAModelOnTheGpu() {
    split.loaded("cpu-old", new MemoryDemand(40, 0)); // idle longest, but frees no GPU memory
    later(10);
    split.loaded("gpu", new MemoryDemand(5, 40));
    var admission = split.admit("next", new MemoryDemand(5, 30), m -> false, m -> 0);
    assertThat(admission).isEqualTo(new ResidencyLedger.Admission.Evict(List.of("gpu")));
  }

  @Test
  void gpu_bothShort_victimsCoverBoth() {
    split.loaded("host-heavy", new MemoryDemand(70, 0));
    later(10);
    split.loaded("gpu-heavy", new MemoryDemand(10, 45));
    var admission = split.admit("big", new MemoryDemand(60, 40), m -> false, m -> 0);
    assertThat(admission)
        .isEqualTo(new ResidencyLedger.Admission.Evict(List.of("host-heavy", "gpu-heavy")));
  }

  @Test
  void gpu_largerThanGpuBudgetBesidePinned_neverNamesTheGpuBudget() {
    split.loaded("pinned", new MemoryDemand(5, 30));
    split.pin("pinned", true);
    var admission = split.admit("wide", new MemoryDemand(5, 30), m -> false, m -> 0);
    assertThat(admission).isInstanceOf(ResidencyLedger.Admission.Never.class);
    assertThat(((ResidencyLedger.Admission.Never) admission).reason())
        .contains("wide")
        .contains("GPU memory")
        .contains("symposium.pool.gpu-memory-budget");
  }

  @Test
  void gpu_noGpuBudget_anyOffloadIsNever() {
    var admission = ledger.admit("offloaded", new MemoryDemand(10, 1), m -> false, m -> 0);
    assertThat(admission).isInstanceOf(ResidencyLedger.Admission.Never.class);
  }

  @Test
  void gpu_gpuVictimBusy_waits() {
    split.loaded("busy", new MemoryDemand(5, 40));
    split.loaded("idle-cpu", new MemoryDemand(50, 0));
    var admission = split.admit("next", new MemoryDemand(5, 20), Set.of("busy")::contains, m -> 0);
    assertThat(admission).isInstanceOf(ResidencyLedger.Admission.Wait.class);
    assertThat(((ResidencyLedger.Admission.Wait) admission).reason()).contains("GPU memory");
  }

  @Test
  void gpu_loadedOverGpuBudget_refused() {
    split.loaded("a", new MemoryDemand(10, 40));
    assertThatThrownBy(() -> split.loaded("b", new MemoryDemand(10, 20)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(split.gpuUsedBytes()).isEqualTo(40);
    assertThat(split.isResident("b")).isFalse();
  }
}
