-- Writes a chunk marker of the online verification into the change stream: a transactional
-- logical message, decoded at its transaction's commit, where the source connector routes it to
-- its table's topic. Returns the message's LSN.
-- Parameters: 1 = the prefix (SchemaChanges.verifyPrefix), 2 = the marker's JSON.
SELECT pg_logical_emit_message(true, ?, ?)::text
