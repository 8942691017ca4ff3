package io.pgcarry.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The class-data sharing archive of the {@code pgcarry} launcher ({@code
 * deploy/target/pgcarry.jsa}, named by the {@code pgcarry.cds.archive} property it sets), for the
 * benchmark's migrate process: mapped when it exists, so that the process starts as an operator's
 * second migrate does; written at the process's exit when it does not, under this JVM's id, which
 * the launcher takes into use once the benchmark has ended.
 */
record ClassDataArchive(Path archive) {

  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  /** The launcher's archive, or empty when the benchmark was not started by the launcher. */
  static Optional<ClassDataArchive> ofLauncher() {
    return Optional.ofNullable(System.getProperty("pgcarry.cds.archive"))
        .map(Path::of)
        .map(ClassDataArchive::new);
  }

  /** Whether the migrate process will map the archive, rather than write it. */
  boolean mapped() {
    return Files.isRegularFile(archive);
  }

  /** The JVM options of the migrate process. */
  List<String> options() {
    String option =
        mapped()
            ? "-XX:SharedArchiveFile=" + archive
            : "-XX:ArchiveClassesAtExit=" + archive + "." + ProcessHandle.current().pid();
    return Stream.concat(QUIET.stream(), Stream.of(option)).toList();
  }

  /**
   * Whether a JVM option chooses class-data sharing itself, which the archive then leaves alone.
   */
  static boolean choosesSharing(String option) {
    return option.startsWith("-Xshare")
        || option.startsWith("-XX:SharedArchiveFile")
        || option.startsWith("-XX:ArchiveClassesAtExit");
  }

  /** Whether a JVM option starts a flight recording, which cannot run beside the archive. */
  static boolean records(String option) {
    return option.startsWith("-XX:StartFlightRecording");
  }

  /** What the report says of the archive. */
  String describe() {
    return mapped()
        ? "class-data archive mapped (" + archive.getFileName() + ")"
        : "no class-data archive yet: this run writes it at the migrate process's exit";
  }
}
