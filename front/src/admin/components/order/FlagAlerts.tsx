import { FLAG_INFO, flagLabel } from '../../admin-format';

/** `duplicate_payment`, `amount_mismatch`…: things a person has to act on, shown above everything else. */
export function FlagAlerts({ flags }: { flags: string[] }) {
  if (flags.length === 0) return null;
  return (
    <div className="admin-alerts">
      {flags.map((flag) => (
        <div key={flag} className="admin-alert" role="alert" data-testid={`flag-${flag}`}>
          <span className="admin-alert__icon" aria-hidden="true">
            !
          </span>
          <div>
            <p className="admin-alert__title">{flagLabel(flag)}</p>
            <p className="admin-alert__text">
              {FLAG_INFO[flag]?.text ?? 'The server flagged this order for a person to look at.'}
            </p>
          </div>
        </div>
      ))}
    </div>
  );
}
