import type { DisputeStatus } from '@checkstand/contract';
import { useState } from 'react';
import { DISPUTE_STATUS_LABELS, formatAdminDate, formatAge } from '../admin-format';
import { Pill, type PillTone } from './AdminBits';

/** Evidence due within this long is "due soon". */
export const DUE_SOON_MS = 3 * 24 * 60 * 60 * 1000;

const DISPUTE_TONES: Record<DisputeStatus, PillTone> = {
  warning_needs_response: 'danger',
  warning_under_review: 'waiting',
  warning_closed: 'neutral',
  needs_response: 'danger',
  under_review: 'waiting',
  won: 'success',
  lost: 'danger',
};

export function DisputeStatusPill({ status }: { status: DisputeStatus }) {
  return <Pill tone={DISPUTE_TONES[status]}>{DISPUTE_STATUS_LABELS[status]}</Pill>;
}

export type DueState = 'overdue' | 'soon' | 'later';

/** Whether evidence due at `iso` is late, due within `DUE_SOON_MS`, or not yet pressing. */
export function dueState(iso: string, now: number): DueState | null {
  const due = new Date(iso).getTime();
  if (Number.isNaN(due)) return null;
  if (due <= now) return 'overdue';
  return due - now <= DUE_SOON_MS ? 'soon' : 'later';
}

/** The time a page was opened, for "due in 2 days": read once, so a render stays pure. */
export function useOpenedAt(): number {
  const [now] = useState(() => Date.now());
  return now;
}

/**
 * When the owner's evidence is due, and how pressing that is, in words ("Overdue", "Due in 2 days") and not only
 * in colour. Null (evidence submitted, or the dispute closed) shows as a dash.
 */
export function EvidenceDue({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <span className="admin-muted">—</span>;
  const state = dueState(iso, now);
  const distance = formatAge(Math.abs(new Date(iso).getTime() - now) / 1000);
  return (
    <span className="admin-due" data-due={state ?? undefined}>
      <time dateTime={iso}>{formatAdminDate(iso)}</time>{' '}
      {state === 'overdue' && <Pill tone="danger">{`Overdue by ${distance}`}</Pill>}
      {state === 'soon' && <Pill tone="waiting">{`Due in ${distance}`}</Pill>}
      {state === 'later' && <span className="admin-table__sub">{`in ${distance}`}</span>}
    </span>
  );
}
