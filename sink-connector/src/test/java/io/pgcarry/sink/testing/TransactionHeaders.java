package io.pgcarry.sink.testing;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.StreamHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Adds the stream position headers of pgcarry's record contract ({@code pgcarry.tx.*}) to change
 * events of a source run with Debezium's {@code provide.transaction.metadata=true}, where the
 * records do not carry them yet: {@code first} is the LSN of the transaction's first change, {@code
 * seq} Debezium's {@code transaction.total_order}, {@code after} the previous commit from {@code
 * source.sequence}, and {@code end} marks the last change per topic, known when the transaction's
 * END marker arrives. Records of a transaction are held until then, so a sink only ever receives
 * whole transactions from here, as from the source connector. Records that carry the headers
 * already pass unchanged. Not thread-safe.
 */
final class TransactionHeaders {

  private final SourceStream headers = new SourceStream();
  private final List<SinkRecord> open = new ArrayList<>();
  private final Map<String, Map<String, String>> positions = new HashMap<>();
  private String openId;
  private Lsn openFirst;

  /**
   * Takes the next record of the source, in order.
   *
   * @return the records released by it: none while a transaction is open, the whole transaction at
   *     its END marker
   */
  List<SinkRecord> accept(SinkRecord record) {
    if (record.value() instanceof Struct marker && isMarker(marker)) {
      return "END".equals(marker.getString("status"))
          ? release(transactionId(marker.getString("id")))
          : List.of();
    }
    Struct transaction = transaction(record);
    if (transaction == null || record.headers().lastWithName(StreamHeaders.TX_FIRST) != null) {
      if (openId == null) {
        return List.of(record);
      }
      open.add(record);
      return List.of();
    }
    String id = transactionId(transaction.getString("id"));
    Struct source = ((Struct) record.value()).getStruct("source");
    if (!id.equals(openId)) {
      openId = id;
      openFirst = new Lsn(source.getInt64("lsn"));
    }
    Map<String, String> position = new HashMap<>();
    position.put(StreamHeaders.TX_AFTER, previousCommit(source.getString("sequence")).toString());
    position.put(StreamHeaders.TX_FIRST, openFirst.toString());
    position.put(StreamHeaders.TX_SEQ, Long.toString(transaction.getInt64("total_order")));
    open.add(record);
    positions.put(record.topic() + "@" + record.kafkaOffset(), position);
    return List.of();
  }

  private List<SinkRecord> release(String id) {
    if (!id.equals(openId)) {
      return List.of();
    }
    Map<String, Integer> lastInTopic = new HashMap<>();
    for (int i = 0; i < open.size(); i++) {
      if (positions.containsKey(key(open.get(i)))) {
        lastInTopic.put(open.get(i).topic(), i);
      }
    }
    List<SinkRecord> out = new ArrayList<>();
    for (int i = 0; i < open.size(); i++) {
      SinkRecord record = open.get(i);
      Map<String, String> position = positions.remove(key(record));
      if (position == null) {
        out.add(record);
        continue;
      }
      if (lastInTopic.get(record.topic()) == i) {
        position.put(StreamHeaders.TX_END, "true");
      }
      out.add(headers.withHeaders(record, position));
    }
    open.clear();
    openId = null;
    return out;
  }

  /**
   * The source transaction of Debezium's {@code txId:lsn}, whose LSN part differs from event to
   * event of one transaction.
   */
  private static String transactionId(String id) {
    int colon = id.indexOf(':');
    return colon < 0 ? id : id.substring(0, colon);
  }

  /** Debezium's BEGIN and END records of the transaction topic. */
  private static boolean isMarker(Struct value) {
    return value.schema().field("status") != null
        && value.schema().field("data_collections") != null
        && value.schema().field("op") == null;
  }

  private static String key(SinkRecord record) {
    return record.topic() + "@" + record.kafkaOffset();
  }

  private static Struct transaction(SinkRecord record) {
    if (!(record.value() instanceof Struct value) || value.schema().field("transaction") == null) {
      return null;
    }
    return value.getStruct("transaction");
  }

  /** The first element of Debezium's {@code ["lastCommitLsn","lsn"]}, decimal; null as 0. */
  private static Lsn previousCommit(String sequence) {
    String first = sequence.substring(1, sequence.length() - 1).split(",")[0].strip();
    return first.equals("null") ? Lsn.ZERO : new Lsn(Long.parseLong(first.replace("\"", "")));
  }
}
