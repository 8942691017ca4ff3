package io.pgcarry.migrate.state;

import java.time.Instant;

/**
 * A request, from {@code pgcarry cutover}, that the running migration cut over.
 *
 * @param id identifies the request, so the result can be matched to it
 * @param requestedAt when it was made
 */
public record CutoverRequest(String id, Instant requestedAt) {}
