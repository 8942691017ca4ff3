package io.pgcarry.sink.event;

/**
 * The last streamed change applied for a table: its stream order, and how many changes of that same
 * order were applied. One source change can carry several events of one order: a primary-key update
 * arrives as a delete of the old key and a create of the new one.
 *
 * @param order the stream order
 * @param count changes applied at exactly that order, at least 1
 */
public record StreamMark(StreamOrder order, int count) {}
