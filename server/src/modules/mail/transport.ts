import nodemailer from 'nodemailer';

export interface OutgoingMail {
  /** `<id@domain>`: the same for every try of one outbox row, so a receiver can drop a second copy. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Where mails go: SMTP in the store, anything in a test. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer, from `SMTP_URL` (`smtp://` with STARTTLS when offered, `smtps://` for implicit TLS;
 * credentials in the URL). Bounded timeouts: a hung server fails the try, which is retried later.
 */
export function smtpTransport(smtpUrl: string): MailTransport {
  const url = new URL(smtpUrl);
  const transporter = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Never log: nodemailer's own logger would print the conversation, addresses and auth included.
    logger: false,
    debug: false,
  });
  return {
    async send(mail) {
      await transporter.sendMail({
        messageId: mail.messageId,
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
      });
    },
    close() {
      transporter.close();
    },
  };
}
