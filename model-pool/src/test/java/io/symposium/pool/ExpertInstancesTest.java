package io.symposium.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

final class ExpertInstancesTest {

  final ExpertInstances instances = new ExpertInstances();

  @Test
  void eachActiveExpertCount_isItsOwnInstance_theFilesCountIsTheModelItself() {
    instances.register("moe", 2);
    CompletableFuture<String> running = new CompletableFuture<>();
    instances.track("moe", null, CompletableFuture.completedFuture("ok"));
    instances.track("moe", 2, CompletableFuture.failedFuture(new IllegalStateException()));
    instances.track("moe", 1, running);
    instances.track("dense", 1, CompletableFuture.completedFuture("ok"));

    assertThat(instances.snapshot().get("moe"))
        .containsExactly(
            new PoolQueues.Instance("moe.k1", 1, 1, 0, 0),
            new PoolQueues.Instance("moe", 2, 0, 1, 1));
    assertThat(instances.snapshot()).doesNotContainKey("dense");

    running.complete("done");
    assertThat(instances.snapshot().get("moe").getFirst().answered()).isEqualTo(1);
    instances.forget("moe");
    assertThat(instances.snapshot()).isEmpty();
  }
}
