package io.pgcarry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** CPU time and peak memory of a process, as {@code /proc} tells them. */
class ProcessUsageTest {

  @Test
  void readsThisJvmsCpuTimeAndPeakMemory() throws Exception {
    ProcessUsage usage = ProcessUsage.of(ProcessHandle.current().pid());

    assertThat(usage.cpuSeconds()).isPositive();
    // A JVM's peak resident memory is tens of MiB at least.
    assertThat(usage.peakRssMiB()).isGreaterThan(10);
  }

  @Test
  void aProcessThatIsGoneIsAnError() {
    assertThatThrownBy(() -> ProcessUsage.of(Long.MAX_VALUE)).isInstanceOf(IOException.class);
  }
}
