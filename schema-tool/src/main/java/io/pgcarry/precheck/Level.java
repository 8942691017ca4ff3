package io.pgcarry.precheck;

/** How serious a {@link Finding} is. Declared from most to least serious. */
public enum Level {
  /** The migration would fail or lose data; the driver refuses to start. */
  ERROR,
  /** The migration can run, but something needs attention or carries a risk. */
  WARNING,
  /** A fact worth knowing before the migration starts. */
  INFO
}
