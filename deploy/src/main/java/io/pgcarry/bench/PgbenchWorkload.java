package io.pgcarry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workload run by the {@code pgbench} program with its built-in {@code tpcb-like} script, two
 * clients, prepared statements, no vacuum. With a rate, pgbench schedules transactions to hold it
 * ({@code -R}).
 *
 * @param pgbench the executable
 * @param port the source server's port on 127.0.0.1
 * @param database the source database
 */
record PgbenchWorkload(Path pgbench, int port, String database) implements Workload {

  private static final Pattern PROCESSED =
      Pattern.compile("number of transactions actually processed: (\\d+)");

  static final int CLIENTS = 2;

  @Override
  public long run(Duration duration, double transactionsPerSecond) throws Exception {
    List<String> command = new ArrayList<>();
    command.addAll(List.of(pgbench.toString(), "-n", "-M", "prepared", "-b", "tpcb-like"));
    command.addAll(List.of("-c", Integer.toString(CLIENTS), "-j", Integer.toString(CLIENTS)));
    command.addAll(List.of("-T", Long.toString(Math.max(1, duration.toSeconds()))));
    if (transactionsPerSecond > 0) {
      command.addAll(List.of("-R", String.format(Locale.ROOT, "%.1f", transactionsPerSecond)));
    }
    command.addAll(List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres"));
    command.add(database);
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
  }

  @Override
  public String description() {
    return "pgbench tpcb-like (" + pgbench + "), " + CLIENTS + " clients";
  }

  private static String tail(String output) {
    String trimmed = output.strip();
    return trimmed.length() <= 600 ? trimmed : "..." + trimmed.substring(trimmed.length() - 600);
  }
}
