import type { AdminMessage, MessageStatus } from '@checkstand/contract';
import { MESSAGE_KIND_LABELS, MESSAGE_STATUS_LABELS } from '../../admin-format';
import { DateTime, Pill, type PillTone } from '../AdminBits';

const MESSAGE_TONES: Record<MessageStatus, PillTone> = {
  pending: 'waiting',
  sent: 'success',
  failed: 'danger',
  skipped: 'neutral',
};

/** The e-mails about the order, oldest first: what, to whom, whether it went, and why not. */
export function MessagesTable({ messages }: { messages: AdminMessage[] }) {
  if (messages.length === 0) return <p className="admin-muted">No e-mail about this order yet.</p>;
  return (
    <div className="admin-table-scroll" role="region" aria-labelledby="order-messages" tabIndex={0}>
      <table className="admin-table">
        <caption className="visually-hidden">E-mails about the order, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            <th scope="col">Recipient</th>
            <th scope="col">Status</th>
            <th scope="col" className="admin-table__num">
              Attempts
            </th>
            <th scope="col">Last error</th>
            <th scope="col">Created</th>
            <th scope="col">Sent</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr
              key={message.id}
              data-testid="message-row"
              className={message.status === 'failed' ? 'admin-table__row--danger' : undefined}
            >
              <th scope="row">{MESSAGE_KIND_LABELS[message.kind]}</th>
              <td>{message.recipient ?? <span className="admin-muted">No address</span>}</td>
              <td data-testid="message-status">
                <Pill tone={MESSAGE_TONES[message.status]}>{MESSAGE_STATUS_LABELS[message.status]}</Pill>
              </td>
              <td className="admin-table__num">{message.attempts}</td>
              <td className="admin-message-error">
                {message.lastError ?? <span className="admin-muted">—</span>}
              </td>
              <td className="admin-table__nowrap">
                <DateTime iso={message.createdAt} />
              </td>
              <td className="admin-table__nowrap">
                <DateTime iso={message.sentAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
