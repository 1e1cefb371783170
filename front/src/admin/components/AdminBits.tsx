import type { OrderFlag, OrderStatus } from '@checkstand/contract';
import { useAnnounce } from '../../components/Announcer';
import {
  ADMIN_STATUS_LABELS,
  adminStatusTone,
  flagLabel,
  formatAdminDate,
  formatAdminDateParts,
  formatClock,
  shortId,
} from '../admin-format';

/** The order's status as a coloured badge; `data-status` carries the raw value for tests and CSS. */
export function AdminStatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  return (
    <span
      className={`status-badge status-badge--${adminStatusTone(status)}`}
      data-status={status}
      data-testid={testId}
    >
      {ADMIN_STATUS_LABELS[status]}
    </span>
  );
}

/** A small neutral/danger pill for other enumerations (attempt status, event outcome, delivery result). */
export function Pill({ tone = 'neutral', children }: { tone?: PillTone; children: string }) {
  return <span className={`admin-pill admin-pill--${tone}`}>{children}</span>;
}

export type PillTone = 'neutral' | 'success' | 'waiting' | 'danger' | 'info';

/** The order's flags, each a pill with its name in words (the colour only repeats it): each blocks shipping. */
export function FlagBadges({ flags }: { flags: OrderFlag[] }) {
  if (flags.length === 0) return <span className="admin-muted">—</span>;
  return (
    <ul className="admin-flags" role="list" aria-label="Flags">
      {flags.map((flag) => (
        <li key={flag} data-flag={flag}>
          <span className="admin-pill admin-pill--danger">{flagLabel(flag)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Writes to the clipboard; false where the browser refuses (no permission, insecure origin). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

interface CopyButtonProps {
  value: string;
  /** What is copied, for the button's name and the announcement: "session ID". */
  what: string;
}

/** A small icon button that copies `value`, and says so (toast + live region). */
export function CopyButton({ value, what }: CopyButtonProps) {
  const announce = useAnnounce();
  return (
    <button
      type="button"
      className="admin-copy"
      aria-label={`Copy ${what} ${value}`}
      title={`Copy ${what}`}
      onClick={() => {
        void copyText(value).then((ok) =>
          ok
            ? announce(`Copied the ${what} to the clipboard.`)
            : announce(`Couldn’t copy the ${what}: select it and copy it by hand.`, 'error'),
        );
      }}
    >
      <CopyIcon />
    </button>
  );
}

/**
 * A Stripe or order id: shortened where space is tight, the whole id still in the text for screen readers,
 * search in the page and selection, and a copy button beside it.
 */
export function IdValue({ id, what, short = true }: { id: string | null; what: string; short?: boolean }) {
  if (!id) return <span className="admin-muted">—</span>;
  const display = short ? shortId(id) : id;
  return (
    <span className="admin-id">
      <code className="admin-id__text" title={id}>
        {display === id ? (
          id
        ) : (
          <>
            <span aria-hidden="true">{display}</span>
            <span className="visually-hidden">{id}</span>
          </>
        )}
      </code>
      <CopyButton value={id} what={what} />
    </span>
  );
}

export function DateTime({ iso }: { iso: string | null }) {
  if (!iso) return <span className="admin-muted">—</span>;
  return <time dateTime={iso}>{formatAdminDate(iso)}</time>;
}

/** The date over the time, for a table column. */
export function StackedDateTime({ iso }: { iso: string }) {
  const parts = formatAdminDateParts(iso);
  if (!parts) return <span className="admin-muted">—</span>;
  return (
    <time dateTime={iso} className="admin-stacked-time">
      <span>{parts.date}</span> <span className="admin-table__sub">{parts.time}</span>
    </time>
  );
}

/** "Live · updated 5:53:12 PM" for a page that refreshes itself, or that the refresh is failing. */
export function LiveStatus({ updatedAt, stale }: { updatedAt: number; stale: boolean }) {
  return (
    <p className="admin-live" data-stale={stale || undefined}>
      {stale ? (
        <>Live updates paused: the server isn’t answering. Retrying…</>
      ) : (
        <>
          <span className="admin-live__dot" aria-hidden="true" />
          Live · updated {formatClock(new Date(updatedAt))}
        </>
      )}
    </p>
  );
}

function CopyIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false" className="icon">
      <rect x="7" y="7" width="9.5" height="9.5" rx="2" fill="none" stroke="currentColor" strokeWidth="1.7" />
      <path
        d="M13 4.8V4.5a1.5 1.5 0 0 0-1.5-1.5h-6A1.5 1.5 0 0 0 4 4.5v6A1.5 1.5 0 0 0 5.5 12h.3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.7"
        strokeLinecap="round"
      />
    </svg>
  );
}
