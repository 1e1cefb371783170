import type { ReactNode } from 'react';

/** One card of the order page: a section named by its heading (`id` is the heading's, for aria-labelledby). */
export function OrderCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="admin-card" aria-labelledby={id}>
      <h2 id={id} className="admin-card__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** One row of a card's definition list: "Created", "Amount received"… */
export function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="admin-facts__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
