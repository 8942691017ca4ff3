package io.pgcarry.migrate.state;

/**
 * The outcome of a {@code pgcarry fallback} or {@code pgcarry finish}: what was asked, and what
 * came of it in the shape of a cutover's outcome.
 *
 * @param action what the request asked for
 * @param result the outcome; its request id is the request's
 */
public record ReverseOutcome(ReverseRequest.Action action, CutoverResult result) {}
