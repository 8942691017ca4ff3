package io.pgcarry.sink.testing;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.StreamHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

/**
 * Gives records of {@link DebeziumTable}s the stream position headers pgcarry's source connector
 * writes ({@code pgcarry.tx.after}, {@code .first}, {@code .seq}, {@code .end}), transaction by
 * transaction, as its README describes them: {@code after} is the commit of the transaction before,
 * {@code first} the LSN of the transaction's first change, {@code seq} counts the transaction's
 * changes across tables, and {@code end} marks its last change in each topic. The headers go
 * through Connect's default SimpleHeaderConverter, as through a topic.
 */
public final class SourceStream {

  private final SimpleHeaderConverter converter = new SimpleHeaderConverter();
  private Lsn lastCommit = new Lsn(0x10);

  public SourceStream() {
    converter.configure(Map.of());
  }

  /** The records, made by DebeziumTable in this order, as the changes of one transaction. */
  public List<SinkRecord> transaction(SinkRecord... records) {
    Lsn first = lsn(records[0]);
    Map<String, Integer> lastInTopic = new HashMap<>();
    for (int i = 0; i < records.length; i++) {
      lastInTopic.put(records[i].topic(), i);
    }
    List<SinkRecord> out = new ArrayList<>();
    long maxLsn = 0;
    for (int i = 0; i < records.length; i++) {
      Map<String, String> headers = new HashMap<>();
      headers.put(StreamHeaders.TX_AFTER, lastCommit.toString());
      headers.put(StreamHeaders.TX_FIRST, first.toString());
      headers.put(StreamHeaders.TX_SEQ, Integer.toString(i + 1));
      if (lastInTopic.get(records[i].topic()) == i) {
        headers.put(StreamHeaders.TX_END, "true");
      }
      out.add(withHeaders(records[i], headers));
      maxLsn = Math.max(maxLsn, lsn(records[i]).value());
    }
    lastCommit = new Lsn(maxLsn + 0x10);
    return out;
  }

  /**
   * A record that is a source transaction of its own, as a transactional logical message emitted
   * alone (a chunk marker of the online verification): the one change of its transaction, after
   * every transaction made so far.
   */
  public SinkRecord ownTransaction(SinkRecord record) {
    Lsn first = new Lsn(lastCommit.value() + 0x8);
    Map<String, String> headers = new HashMap<>();
    headers.put(StreamHeaders.TX_AFTER, lastCommit.toString());
    headers.put(StreamHeaders.TX_FIRST, first.toString());
    headers.put(StreamHeaders.TX_SEQ, "1");
    headers.put(StreamHeaders.TX_END, "true");
    lastCommit = new Lsn(first.value() + 0x10);
    return withHeaders(record, headers);
  }

  /** A record with headers added, each converted as a topic would. */
  public SinkRecord withHeaders(SinkRecord record, Map<String, String> values) {
    ConnectHeaders headers = new ConnectHeaders();
    record.headers().forEach(headers::add);
    values.forEach(
        (name, value) -> {
          byte[] bytes =
              converter.fromConnectHeader(record.topic(), name, Schema.STRING_SCHEMA, value);
          SchemaAndValue back = converter.toConnectHeader(record.topic(), name, bytes);
          headers.add(name, back);
        });
    return new SinkRecord(
        record.topic(),
        record.kafkaPartition(),
        record.keySchema(),
        record.key(),
        record.valueSchema(),
        record.value(),
        record.kafkaOffset(),
        record.timestamp(),
        record.timestampType(),
        headers);
  }

  private static Lsn lsn(SinkRecord record) {
    Struct source = ((Struct) record.value()).getStruct("source");
    return new Lsn(source.getInt64("lsn"));
  }
}
