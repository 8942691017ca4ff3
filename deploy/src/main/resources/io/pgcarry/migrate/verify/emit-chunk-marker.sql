-- Writes a chunk marker of the online verification into the change stream: a transactional
-- logical message, decoded at its transaction's commit, where the source connector routes it to
-- its table's topic. Returns the message's LSN.
-- Parameters: 1 = the prefix (SchemaChanges.verifyPrefix or repairPrefix), 2 = the message, bytea:
-- the marker's JSON, and for a repair a newline and the chunk's rows in COPY text after it.
SELECT pg_logical_emit_message(true, ?, ?)::text
