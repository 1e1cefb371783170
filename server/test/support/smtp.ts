import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** A message as the SMTP server received it: its headers, and its raw text with quoted-printable undone. */
export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  headers: Record<string, string>;
  /** The whole message, soft line breaks and `=3D` undone (enough to search it for a link or a token). */
  text: string;
}

/** What the server answers to a message's DATA: accept it, refuse it (a 4xx, retried), or never answer. */
export type Verdict = 'accept' | 'refuse' | 'hang';

export interface SmtpSink {
  url: string;
  /** Messages accepted, in order. */
  accepted: ReceivedMail[];
  /** Every message that reached DATA, accepted or not (a retried message shows once per try). */
  seen: ReceivedMail[];
  /** Decides each message's fate (accept by default). */
  verdict: (mail: ReceivedMail) => Verdict;
  close(): Promise<void>;
}

function parse(raw: string): ReceivedMail {
  const [head = ''] = raw.split(/\r?\n\r?\n/, 1);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    messageId: headers['message-id'] ?? '',
    to: headers.to ?? '',
    subject: headers.subject ?? '',
    headers,
    text: raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '='),
  };
}

/** A real SMTP server in this process (the `smtp-server` package), on a random port, without TLS or auth. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: Omit<SmtpSink, 'url' | 'close'> = { accepted: [], seen: [], verdict: () => 'accept' };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(
      stream: SMTPServerDataStream,
      _session: SMTPServerSession,
      callback: (error?: Error | null) => void,
    ) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = parse(Buffer.concat(chunks).toString('utf8'));
        sink.seen.push(mail);
        const verdict = sink.verdict(mail);
        if (verdict === 'hang') return;
        if (verdict === 'refuse') {
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        sink.accepted.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(sink, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
