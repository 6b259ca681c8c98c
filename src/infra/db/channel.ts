/**
 * NOTIFY channels are per server, not per schema, while deployments and parallel tests
 * share one server with a schema each. So a channel is scoped like a table: `<schema>.<name>`,
 * the schema being the one this connection's unqualified names resolve to. SQL that
 * notifies builds the same name, e.g. `pg_notify(left(TG_TABLE_SCHEMA || '.outbox', 63), '')`.
 */
export const scopedChannel = (schema: string, channel: string) =>
  // PostgreSQL refuses channel names of 64 bytes or more; the SQL side truncates alike.
  `${schema}.${channel}`.slice(0, 63);

/** A channel name as a quoted identifier for LISTEN/UNLISTEN (which take no parameters). */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const CURRENT_SCHEMA_SQL = "select current_schema() as schema";
