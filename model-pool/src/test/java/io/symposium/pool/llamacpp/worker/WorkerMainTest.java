package io.symposium.pool.llamacpp.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.pool.llamacpp.protocol.WorkerProtocol;
import org.junit.jupiter.api.Test;

final class WorkerMainTest {

  @Test
  void mainClass_namedInProtocol_isThisClass() {
    // the service starts the worker by this string, so a rename must change both
    assertThat(WorkerProtocol.MAIN_CLASS).isEqualTo(WorkerMain.class.getName());
  }
}
