package io.pgcarry.migrate.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pgcarry.migrate.verify.OnlineVerifyPlan;
import io.pgcarry.migrate.verify.OnlineVerifyProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A migration's directory: its state, its live status, cutover requests and results (and those of
 * the reverse replication after a cutover with fallback), the progress of its online verification,
 * the summary of a finished migration, and the embedded runtime's data. Files are replaced
 * atomically, so a reader never sees half a file.
 */
public final class WorkDir {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final String name;
  private final Path dir;

  /** The directory of migration {@code name} under {@code root}. */
  public WorkDir(Path root, String name) {
    this.name = name;
    this.dir = root.resolve(name);
  }

  /** The migration's name. */
  public String name() {
    return name;
  }

  public Path path() {
    return dir;
  }

  /** Deletes a directory pgcarry created, with everything in it; a missing one is no error. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  public Path runtimeDir() {
    return dir.resolve("runtime");
  }

  /** The migration's own log, rotated by size ({@code pgcarry.log.1}, ... beside it). */
  public Path logFile() {
    return dir.resolve("pgcarry.log");
  }

  /** The properties file the embedded worker reads the connectors' secrets from. */
  public Path secretsFile() {
    return dir.resolve("connector-secrets.properties");
  }

  /**
   * Creates the directory, and its root when missing, readable by their owner only: they hold the
   * broker's data, the change topics included, and the connectors' secrets.
   */
  public Path create() {
    try {
      for (Path each : new Path[] {dir.getParent(), dir}) {
        if (each != null && !Files.isDirectory(each)) {
          Files.createDirectories(each, OWNER_ONLY);
        }
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the work directory " + dir + ": " + e.getMessage(), e);
    }
  }

  public Optional<MigrationState> readState() {
    return read("state.json", MigrationState.class);
  }

  public void writeState(MigrationState state) {
    write("state.json", state);
  }

  public Optional<MigrationStatus> readStatus() {
    return read("status.json", MigrationStatus.class);
  }

  public void writeStatus(MigrationStatus status) {
    write("status.json", status);
  }

  /** Asks the running migration to cut over. */
  public void requestCutover(CutoverRequest request) {
    delete("cutover-result.json");
    write("cutover-request.json", request);
  }

  public Optional<CutoverRequest> cutoverRequest() {
    return read("cutover-request.json", CutoverRequest.class);
  }

  public void writeCutoverResult(CutoverResult result) {
    write("cutover-result.json", result);
    delete("cutover-request.json");
  }

  public Optional<CutoverResult> cutoverResult() {
    return read("cutover-result.json", CutoverResult.class);
  }

  /** Asks the running migration to end its reverse replication. */
  public void requestReverse(ReverseRequest request) {
    delete("reverse-result.json");
    write("reverse-request.json", request);
  }

  public Optional<ReverseRequest> reverseRequest() {
    return read("reverse-request.json", ReverseRequest.class);
  }

  /** The outcome of a fallback or a finish. */
  public void writeReverseResult(ReverseOutcome outcome) {
    write("reverse-result.json", outcome);
    delete("reverse-request.json");
  }

  public Optional<ReverseOutcome> reverseResult() {
    return read("reverse-result.json", ReverseOutcome.class);
  }

  /** The properties file the embedded worker reads the reverse connectors' secrets from. */
  public Path fallbackSecretsFile() {
    return dir.resolve("fallback-secrets.properties");
  }

  /** The databases the run migrates, as first started; empty for a run started before. */
  public Optional<RunDatabases> readDatabases() {
    return read("databases.json", RunDatabases.class);
  }

  public void writeDatabases(RunDatabases databases) {
    write("databases.json", databases);
  }

  /** Publishes how far the online verification has got, {@code online-verify.json}. */
  public void writeOnlineVerify(OnlineVerifyProgress progress) {
    write("online-verify.json", progress);
  }

  /** The last online verification's progress, if one ran. */
  public Optional<OnlineVerifyProgress> readOnlineVerify() {
    return read("online-verify.json", OnlineVerifyProgress.class);
  }

  /** Keeps the chunks of the online verification that runs, {@code online-verify-plan.json}. */
  public void writeOnlineVerifyPlan(OnlineVerifyPlan plan) {
    write("online-verify-plan.json", plan);
  }

  /** The chunks of the last online verification, if one ran. */
  public Optional<OnlineVerifyPlan> readOnlineVerifyPlan() {
    return read("online-verify-plan.json", OnlineVerifyPlan.class);
  }

  /** Writes the summary of a finished migration, {@code summary.json}. */
  public void writeSummary(MigrationSummary summary) {
    write("summary.json", summary);
  }

  public Optional<MigrationSummary> readSummary() {
    return read("summary.json", MigrationSummary.class);
  }

  /** Serializes a value as pgcarry's JSON output. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> Optional<T> read(String file, Class<T> type) {
    Path path = dir.resolve(file);
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(path.toFile(), type));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private void write(String file, Object value) {
    try {
      create();
      // Created 0600 by Files.createTempFile on POSIX file systems.
      Path temp = Files.createTempFile(dir, file, ".tmp");
      JSON.writeValue(temp.toFile(), value);
      Files.move(
          temp,
          dir.resolve(file),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write " + dir.resolve(file) + ": " + e.getMessage(), e);
    }
  }

  private void delete(String file) {
    try {
      Files.deleteIfExists(dir.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
