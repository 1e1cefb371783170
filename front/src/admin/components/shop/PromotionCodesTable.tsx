import type { AdminPromotionCode } from '@checkstand/contract';
import { formatMoney } from '../../../money/format-money';
import { discountText } from '../../shop-format';
import { Pill, type PillTone } from '../AdminBits';

const utcDateTime = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Dec 31, 2026, 23:59 UTC": expiries are set in UTC, so they are shown in UTC. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${utcDateTime.format(date)} UTC`;
}

/** Whether customers can use the code now, in a word: Stripe keeps an expired or used-up code "active". */
export function codeState(code: AdminPromotionCode, now: Date): { label: string; tone: PillTone } {
  if (!code.active) return { label: 'Inactive', tone: 'neutral' };
  if (code.expiresAt && new Date(code.expiresAt).getTime() <= now.getTime()) {
    return { label: 'Expired', tone: 'waiting' };
  }
  if (code.maxRedemptions !== null && code.timesRedeemed >= code.maxRedemptions) {
    return { label: 'Used up', tone: 'waiting' };
  }
  return { label: 'Active', tone: 'success' };
}

interface PromotionCodesTableProps {
  codes: readonly AdminPromotionCode[];
  now: Date;
  onDeactivate: (code: AdminPromotionCode) => void;
}

/** Every code, newest first: what it takes off, until when, how often it was used, its minimum, its state. */
export function PromotionCodesTable({ codes, now, onDeactivate }: PromotionCodesTableProps) {
  return (
    <div className="admin-table-scroll" role="region" aria-label="Promotion codes" tabIndex={0}>
      <table className="admin-table">
        <caption className="visually-hidden">Promotion codes, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Discount</th>
            <th scope="col">Expires</th>
            <th scope="col" className="admin-table__num">
              Redemptions
            </th>
            <th scope="col" className="admin-table__num">
              Minimum
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {codes.map((code) => {
            const state = codeState(code, now);
            return (
              <tr key={code.id} data-testid="code-row" data-code={code.code}>
                <th scope="row">
                  <code>{code.code}</code>
                </th>
                <td data-testid="code-discount">{discountText(code.discount)}</td>
                <td className="admin-table__nowrap">
                  {code.expiresAt ? (
                    <time dateTime={code.expiresAt}>{formatUtc(code.expiresAt)}</time>
                  ) : (
                    <span className="admin-muted">Never</span>
                  )}
                </td>
                <td className="admin-table__num" data-testid="code-redemptions">
                  {code.timesRedeemed.toLocaleString('en-US')} /{' '}
                  {code.maxRedemptions === null ? (
                    <span className="admin-muted">no limit</span>
                  ) : (
                    code.maxRedemptions.toLocaleString('en-US')
                  )}
                </td>
                <td className="admin-table__num">
                  {code.minimumAmount ? (
                    formatMoney(code.minimumAmount.amount, code.minimumAmount.currency)
                  ) : (
                    <span className="admin-muted">—</span>
                  )}
                </td>
                <td data-testid="code-status">
                  <Pill tone={state.tone}>{state.label}</Pill>
                </td>
                <td>
                  {code.active && (
                    <button
                      type="button"
                      className="admin-button admin-button--secondary admin-button--small"
                      onClick={() => onDeactivate(code)}
                    >
                      Deactivate <span className="visually-hidden">{code.code}</span>…
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
