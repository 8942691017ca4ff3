package io.pgcarry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workload run by the {@code pgbench} program: its built-in {@code tpcb-like} script, or the
 * script of a {@link Shape} of pgcarry's own, prepared statements, no vacuum, one thread per client
 * up to two. With a rate, pgbench schedules transactions to hold it ({@code -R}).
 *
 * @param pgbench the executable
 * @param port the source server's port on 127.0.0.1
 * @param database the source database
 * @param scale the data's scale, which the wide-rows script draws its row ids from
 */
record PgbenchWorkload(Path pgbench, int port, String database, int scale) implements Workload {

  private static final Pattern PROCESSED =
      Pattern.compile("number of transactions actually processed: (\\d+)");

  @Override
  public long run(Shape shape, Duration duration, double transactionsPerSecond, int clients)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(pgbench.toString(), "-n", "-M", "prepared"));
    Path script = null;
    if (shape.pgbenchScript() == null) {
      command.addAll(List.of("-b", "tpcb-like"));
    } else {
      script = Files.createTempFile("pgcarry-bench-", ".pgbench");
      Files.writeString(script, shape.pgbenchScript());
      command.addAll(List.of("-f", script.toString()));
      command.addAll(List.of("-D", "wide_rows=" + (long) scale * BenchData.WIDE_ROWS_PER_SCALE));
    }
    command.addAll(List.of("-c", Integer.toString(clients)));
    command.addAll(List.of("-j", Integer.toString(Math.min(clients, 2))));
    command.addAll(List.of("-T", Long.toString(Math.max(1, duration.toSeconds()))));
    if (transactionsPerSecond > 0) {
      command.addAll(List.of("-R", String.format(Locale.ROOT, "%.1f", transactionsPerSecond)));
    }
    command.addAll(List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres"));
    command.add(database);
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("PGPASSWORD", "postgres");
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      Matcher matcher = PROCESSED.matcher(output);
      if (exit != 0 || !matcher.find()) {
        throw new IOException(
            "pgbench exited " + exit + " against " + database + ": " + tail(output));
      }
      return Long.parseLong(matcher.group(1));
    } finally {
      if (script != null) {
        Files.deleteIfExists(script);
      }
    }
  }

  @Override
  public String description() {
    return "pgbench (" + pgbench + ")";
  }

  private static String tail(String output) {
    String trimmed = output.strip();
    return trimmed.length() <= 600 ? trimmed : "..." + trimmed.substring(trimmed.length() - 600);
  }
}
