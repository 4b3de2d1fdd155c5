// A card holding a table fed by a list query. The admin, audit and sessions pages show loading, failure
// and the table itself the same way; this keeps that in one place so each page only says what a row holds.
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

export interface QueryTableCardProps<Row> {
  /**
   * Heading of the card the table sits in.
   * @default undefined (no heading)
   */
  title?: string;
  /** The list query whose rows the table shows. */
  query: UseQueryResult<readonly Row[], { message: string }>;
  /** Shown while the first load is pending, e.g. "Loading users…". */
  loading: string;
  /**
   * Shown instead of the table when the list is empty.
   * @default undefined (an empty list renders the header row alone)
   */
  empty?: string;
  /**
   * Gives the load error `role="alert"`, so assistive technology announces it.
   * @default false
   */
  alertOnError?: boolean;
  /** The table's `data-testid`. */
  testId: string;
  /** Column headings, in order. */
  columns: readonly string[];
  /**
   * Adds a last, unlabelled column for per-row buttons.
   * @default false
   */
  actions?: boolean;
  /** Renders one row: a `<tr>` carrying its own `key`. */
  row: (item: Row) => ReactNode;
}

export function QueryTableCard<Row>(props: QueryTableCardProps<Row>) {
  return (
    <section className="card flush">
      {props.title !== undefined && <h2 className="card-title">{props.title}</h2>}
      <QueryTableContent {...props} />
    </section>
  );
}

function QueryTableContent<Row>({ query, loading, empty, alertOnError = false, testId, columns, actions = false, row }: QueryTableCardProps<Row>) {
  if (query.isPending) return <p className="loading">{loading}</p>;
  if (query.error) {
    return (
      <p className="error" role={alertOnError ? "alert" : undefined}>
        {query.error.message}
      </p>
    );
  }
  if (empty !== undefined && query.data.length === 0) return <p className="loading">{empty}</p>;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column}>{column}</th>
          ))}
          {actions && <th aria-label="Actions" />}
        </tr>
      </thead>
      <tbody>{query.data.map((item) => row(item))}</tbody>
    </table>
  );
}
