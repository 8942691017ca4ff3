package io.pgcarry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's migrate process maps the launcher's class-data archive, or writes it. */
class ClassDataArchiveTest {

  @Test
  void writesTheArchiveUnderThisJvmsIdWhenThereIsNone(@TempDir Path dir) {
    ClassDataArchive archive = new ClassDataArchive(dir.resolve("pgcarry.jsa"));

    assertThat(archive.mapped()).isFalse();
    // The launcher takes a written archive into use once the process named by the suffix ended.
    assertThat(archive.options())
        .contains(
            "-XX:ArchiveClassesAtExit="
                + dir.resolve("pgcarry.jsa")
                + "."
                + ProcessHandle.current().pid())
        .noneMatch(option -> option.startsWith("-XX:SharedArchiveFile"));
  }

  @Test
  void mapsTheArchiveOnceItExists(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("pgcarry.jsa"));
    ClassDataArchive archive = new ClassDataArchive(file);

    assertThat(archive.mapped()).isTrue();
    assertThat(archive.options())
        .contains("-XX:SharedArchiveFile=" + file, "-Xlog:cds=off")
        .noneMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit"));
  }

  @Test
  void leavesSharingToOptionsThatChooseIt() {
    assertThat(ClassDataArchive.choosesSharing("-Xshare:off")).isTrue();
    assertThat(ClassDataArchive.choosesSharing("-XX:SharedArchiveFile=/a.jsa")).isTrue();
    assertThat(ClassDataArchive.choosesSharing("-XX:ArchiveClassesAtExit=/a.jsa")).isTrue();
    assertThat(ClassDataArchive.choosesSharing("-XX:+UseParallelGC")).isFalse();
  }
}
