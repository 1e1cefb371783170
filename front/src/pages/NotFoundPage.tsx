import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <NotFoundContent
      title="We couldn’t find that page"
      text="The link may be old or mistyped. Everything we sell is a click away in the shop."
    />
  );
}

export function NotFoundContent({ title, text }: { title: string; text: string }) {
  return (
    <div className="container page empty-state">
      <title>{`${title} · Checkstand`}</title>
      <EmptyCupArt />
      <h1 className="empty-state__title" tabIndex={-1}>
        {title}
      </h1>
      <p className="empty-state__text">{text}</p>
      <Link to="/" className="button">
        Back to the shop
      </Link>
    </div>
  );
}

function EmptyCupArt() {
  return (
    <svg className="empty-state__art" viewBox="0 0 160 120" width="160" height="120" aria-hidden="true">
      <ellipse cx="80" cy="106" rx="56" ry="8" fill="var(--color-line)" />
      <path d="M38 40h74v28a30 30 0 0 1-30 30h-14a30 30 0 0 1-30-30z" fill="var(--color-accent-soft)" />
      <path d="M112 50h6a12 12 0 0 1 0 24h-8" fill="none" stroke="var(--color-accent-soft)" strokeWidth="8" />
      <ellipse cx="75" cy="40" rx="37" ry="6" fill="var(--color-surface-sunken)" />
      <path
        d="M64 14c-5 6 5 10 0 16M84 12c-5 6 5 10 0 16"
        fill="none"
        stroke="var(--color-muted-light)"
        strokeWidth="3"
        strokeLinecap="round"
      />
    </svg>
  );
}
