import { type Query, SQL, type SQLWrapper, fillPlaceholders, getTableColumns, sql } from 'drizzle-orm';
import { PgDialect, type PgTable, type SelectedFieldsOrdered } from 'drizzle-orm/pg-core';
import type { Conn } from './database.js';

/** What a select names, as given to drizzle's `select({...})`: whole tables or SQL expressions. */
export type Selection = Record<string, PgTable | SQL>;

const dialect = new PgDialect();

/**
 * A named placeholder where drizzle's builder types expect a value. At run time the builder wraps it in a
 * parameter with the column's encoder (jsonb, timestamps), applied when the statement runs; the builder's types
 * have no way to say "a placeholder for this column", hence the one cast.
 */
export function placeholder<T>(name: string): T {
  return sql.placeholder(name) as unknown as T;
}

/** `{ key: placeholder(prefix + key) }` for each key: the SET list or VALUES of a compiled write. */
export function placeholders(prefix: string, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, placeholder(`${prefix}${key}`)]));
}

/** The selection's columns in the order drizzle's select lists them (tables column by column). */
function orderedFields(selection: Selection): SelectedFieldsOrdered {
  const fields: SelectedFieldsOrdered = [];
  for (const [alias, value] of Object.entries(selection)) {
    if (value instanceof SQL) {
      fields.push({ path: [alias], field: value });
      continue;
    }
    for (const [key, column] of Object.entries(getTableColumns(value))) {
      fields.push({ path: [alias, key], field: column });
    }
  }
  return fields;
}

/**
 * A statement built with drizzle once, then run many times with new values. drizzle rebuilds a query's
 * text on every call, which on the hot paths (webhook, checkout, success-page polling) cost more CPU
 * than everything else the store does there (`npm run bench`, profiled: ~0.5 ms for a CTE of three
 * writes). Here the text is compiled on first use and sent as a named prepared statement, so
 * PostgreSQL also parses and plans it once per connection.
 *
 * Values are `sql.placeholder(name)`s in the built query; column encoders (jsonb, timestamps) still
 * apply to them. Rows come back mapped exactly as drizzle's select maps them when a selection is given.
 * The build function must not depend on the values: one statement, one text.
 */
export class Compiled<TValues extends Record<string, unknown>, TRow = Record<string, unknown>> {
  private query: Query | undefined;
  private readonly fields: SelectedFieldsOrdered | undefined;

  /**
   * `name` makes it a named prepared statement. PostgreSQL may then settle, after five runs, on a generic
   * plan that it keeps for the connection's life, made with the table sizes of that moment: a statement
   * whose plan depends on a table's size (a scan may win while the table is small) passes `null`, to be
   * planned afresh on every run, from the table as it is.
   */
  constructor(
    private readonly name: string | null,
    private readonly build: (conn: Conn) => SQLWrapper,
    selection?: Selection,
  ) {
    this.fields = selection ? orderedFields(selection) : undefined;
  }

  async rows(conn: Conn, values: TValues): Promise<TRow[]> {
    const query = (this.query ??= dialect.sqlToQuery(this.build(conn).getSQL()));
    // `_.session.prepareQuery` is drizzle's internal entry point (both drivers implement it): drizzle has no
    // public API that runs an already-built query text under a statement name with its row mapping. The
    // compiled.test.ts suite checks its rows against the public builder's on PostgreSQL and PGlite, so an
    // upgrade that changes it fails there first.
    const prepared = conn._.session.prepareQuery<{
      execute: unknown;
      all: unknown;
      values: unknown;
    }>(
      { sql: query.sql, params: fillPlaceholders(query.params, values) },
      this.fields,
      this.name ?? undefined,
      this.fields !== undefined,
    );
    const result = await prepared.execute();
    // Mapped rows with a selection; the driver's `{ rows }` without (both drivers answer so).
    return (this.fields ? result : (result as { rows: unknown[] }).rows) as TRow[];
  }
}

/** Compiled statements of one family, by shape (e.g. which columns an update sets), each compiled once. */
export class CompiledFamily<TValues extends Record<string, unknown>, TRow = Record<string, unknown>> {
  private readonly byShape = new Map<string, Compiled<TValues, TRow>>();

  constructor(
    private readonly name: string,
    private readonly build: (conn: Conn, shape: string) => SQLWrapper,
  ) {}

  get(shape: string): Compiled<TValues, TRow> {
    let statement = this.byShape.get(shape);
    if (!statement) {
      statement = new Compiled(`${this.name}_${this.byShape.size}`, (conn) => this.build(conn, shape));
      this.byShape.set(shape, statement);
    }
    return statement;
  }
}
