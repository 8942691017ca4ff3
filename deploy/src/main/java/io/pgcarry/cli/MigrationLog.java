package io.pgcarry.cli;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * One migration's log in its own work directory: while {@code migrate} runs, everything this
 * process logs (pgcarry, Kafka, Connect, Debezium) goes to {@code WORK-DIR/NAME/pgcarry.log},
 * rotated at {@link #MAX_BYTES} into {@code pgcarry.log.1} … {@code pgcarry.log.5}, readable by its
 * owner only. The process's general log file ({@code ./pgcarry}'s {@code file} appender) stops
 * receiving lines meanwhile, so migrations run from one directory do not mix their logs.
 *
 * <p>Log4j 2 is the logging back end {@code ./pgcarry} ships; the appender is added to its running
 * configuration. Not thread-safe: open and close it from the command's thread.
 */
final class MigrationLog implements AutoCloseable {

  /** Size at which the log is rotated. */
  static final String MAX_BYTES = "50 MB";

  /** Rotated files kept beside the current one. */
  static final int KEPT = 5;

  private static final String NAME = "migration";
  private static final String GENERAL = "file";

  private final LoggerContext context;
  private final RollingFileAppender appender;
  private final Appender general;

  private MigrationLog(LoggerContext context, RollingFileAppender appender, Appender general) {
    this.context = context;
    this.appender = appender;
    this.general = general;
  }

  /** Sends this process's log to {@code file} until {@link #close()}. */
  static MigrationLog open(Path file) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    RollingFileAppender appender =
        RollingFileAppender.newBuilder()
            .setName(NAME)
            .withFileName(file.toString())
            .withFilePattern(file + ".%i")
            .withAppend(true)
            .withFilePermissions("rw-------")
            .withPolicy(SizeBasedTriggeringPolicy.createPolicy(MAX_BYTES))
            .withStrategy(
                DefaultRolloverStrategy.newBuilder()
                    .withMin("1")
                    .withMax(Integer.toString(KEPT))
                    .withConfig(config)
                    .build())
            .setLayout(
                PatternLayout.newBuilder()
                    .withConfiguration(config)
                    .withPattern("%d{ISO8601} %-5level [%t] %c{1} - %msg%n")
                    .build())
            .setConfiguration(config)
            .build();
    appender.start();
    config.addAppender(appender);
    LoggerConfig root = config.getRootLogger();
    Appender general = root.getAppenders().get(GENERAL);
    root.addAppender(appender, Level.ALL, null);
    if (general != null) {
      root.removeAppender(GENERAL);
    }
    context.updateLoggers();
    return new MigrationLog(context, appender, general);
  }

  /** Sends the log back where it went before. */
  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    LoggerConfig root = config.getRootLogger();
    root.removeAppender(NAME);
    if (general != null) {
      root.addAppender(general, null, null);
    }
    context.updateLoggers();
    appender.stop();
  }
}
