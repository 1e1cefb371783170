import type { MessageKind } from '@checkstand/contract';
import Handlebars from 'handlebars';

/**
 * The e-mails' words, as Handlebars templates: an HTML and a plain-text part per kind, rendered from a context
 * the worker builds from the order as it is when the message is sent. `{{…}}` escapes HTML in the HTML part; the
 * text part is compiled with `noEscape`. Nothing here ever holds an order's access token: links point at the
 * storefront's order page, which opens in the browser the order was placed in (that browser holds the token).
 */

export interface LineContext {
  title: string;
  quantity: number;
  unit: string;
  total: string;
}

export interface BreakdownRow {
  label: string;
  amount: string;
}

export interface MailContext {
  shopName: string;
  orderId: string;
  orderUrl: string;
  /** The admin's page of the order (owner messages only). */
  adminUrl: string;
  lines: LineContext[];
  breakdown: BreakdownRow[];
  total: string;
  reason: string;
  amount: string;
  refundedTotal: string;
  disputeReason: string;
  evidenceDueBy: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const BROWSER_NOTE =
  'The link shows your order on any device. To pay again or cancel, open it in the browser you ordered from: that browser keeps the key to your order.';

interface Template {
  subject: string;
  html: string;
  text: string;
}

const LINES_HTML = `<table role="presentation" cellpadding="4" cellspacing="0" style="border-collapse:collapse;width:100%">
{{#each lines}}<tr><td>{{title}} × {{quantity}}</td><td style="text-align:right">{{total}}</td></tr>
{{/each}}{{#each breakdown}}<tr><td style="color:#555">{{label}}</td><td style="text-align:right;color:#555">{{amount}}</td></tr>
{{/each}}<tr><td><strong>Total</strong></td><td style="text-align:right"><strong>{{total}}</strong></td></tr>
</table>`;
const LINES_TEXT = `{{#each lines}}  {{title}} × {{quantity}}  {{total}}
{{/each}}{{#each breakdown}}  {{label}}  {{amount}}
{{/each}}  Total  {{total}}`;

const wrap = (body: string) =>
  `<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:16px">${body}<p style="color:#777;font-size:12px">{{shopName}}</p></body></html>`;

const TEMPLATES: Record<MessageKind, Template> = {
  order_confirmation: {
    subject: 'Your order {{orderId}} is confirmed',
    html: wrap(`<h1 style="font-size:20px">Thank you: your order is paid</h1>
<p>We received your payment for order <strong>{{orderId}}</strong>.</p>
${LINES_HTML}
<p><a href="{{orderUrl}}">See your order</a></p>
<p style="color:#555;font-size:13px">${BROWSER_NOTE}</p>`),
    text: `Thank you: your order is paid

We received your payment for order {{orderId}}.

${LINES_TEXT}

See your order: {{orderUrl}}
${BROWSER_NOTE}

{{shopName}}
`,
  },
  payment_failed: {
    subject: 'The payment for order {{orderId}} did not go through',
    html: wrap(`<h1 style="font-size:20px">Your payment did not go through</h1>
<p>{{reason}}</p>
<p>Your cart is kept: you can try again with the same or another payment method from your order's page.</p>
<p><a href="{{orderUrl}}">Try again</a></p>
<p style="color:#555;font-size:13px">${BROWSER_NOTE}</p>`),
    text: `Your payment did not go through

{{reason}}

Your cart is kept: you can try again with the same or another payment method from your order's page.

Try again: {{orderUrl}}
${BROWSER_NOTE}

{{shopName}}
`,
  },
  payment_processing: {
    subject: 'We received order {{orderId}}: your bank is confirming the payment',
    html: wrap(`<h1 style="font-size:20px">Your payment is being processed</h1>
<p>Your bank is confirming the payment for order <strong>{{orderId}}</strong> ({{total}}). This can take a few business days; we will e-mail you as soon as it is confirmed.</p>
<p><a href="{{orderUrl}}">See your order</a></p>
<p style="color:#555;font-size:13px">${BROWSER_NOTE}</p>`),
    text: `Your payment is being processed

Your bank is confirming the payment for order {{orderId}} ({{total}}). This can take a few business days; we will e-mail you as soon as it is confirmed.

See your order: {{orderUrl}}
${BROWSER_NOTE}

{{shopName}}
`,
  },
  refund_issued: {
    subject: 'A refund of {{amount}} for order {{orderId}}',
    html: wrap(`<h1 style="font-size:20px">We refunded {{amount}}</h1>
<p>We sent {{amount}} back to the payment method of order <strong>{{orderId}}</strong> ({{refundedTotal}} refunded in all). Banks usually show it within 5 to 10 business days.</p>
<p><a href="{{orderUrl}}">See your order</a></p>
<p style="color:#555;font-size:13px">${BROWSER_NOTE}</p>`),
    text: `We refunded {{amount}}

We sent {{amount}} back to the payment method of order {{orderId}} ({{refundedTotal}} refunded in all). Banks usually show it within 5 to 10 business days.

See your order: {{orderUrl}}
${BROWSER_NOTE}

{{shopName}}
`,
  },
  dispute_opened: {
    subject: 'Dispute opened on order {{orderId}} ({{amount}})',
    html: wrap(`<h1 style="font-size:20px">A customer disputed a payment</h1>
<p>A dispute of <strong>{{amount}}</strong> was opened on order <strong>{{orderId}}</strong>. Reason given by the bank: {{disputeReason}}.</p>
<p>Evidence is due by: {{evidenceDueBy}}. Answer it in Stripe's dashboard; do not ship the order meanwhile.</p>
<p><a href="{{adminUrl}}">Open the order in the admin</a></p>`),
    text: `A customer disputed a payment

A dispute of {{amount}} was opened on order {{orderId}}. Reason given by the bank: {{disputeReason}}.
Evidence is due by: {{evidenceDueBy}}. Answer it in Stripe's dashboard; do not ship the order meanwhile.

Open the order in the admin: {{adminUrl}}

{{shopName}}
`,
  },
};

interface Compiled {
  subject: Handlebars.TemplateDelegate<MailContext>;
  html: Handlebars.TemplateDelegate<MailContext>;
  text: Handlebars.TemplateDelegate<MailContext>;
}

// An isolated environment: no helper or partial registered elsewhere can change what a mail says.
const handlebars = Handlebars.create();
const compiled = new Map<MessageKind, Compiled>();

function compiledFor(kind: MessageKind): Compiled {
  let entry = compiled.get(kind);
  if (!entry) {
    const template = TEMPLATES[kind];
    const plain = { noEscape: true, strict: true } as const;
    entry = {
      subject: handlebars.compile<MailContext>(template.subject, plain),
      html: handlebars.compile<MailContext>(template.html, { strict: true }),
      text: handlebars.compile<MailContext>(template.text, plain),
    };
    compiled.set(kind, entry);
  }
  return entry;
}

/** The subject, HTML and plain-text parts of a message of `kind`. */
export function renderMail(kind: MessageKind, context: MailContext): RenderedMail {
  const template = compiledFor(kind);
  return {
    // A header: one line, whatever the data holds.
    subject: template.subject(context).replace(/[\r\n]+/g, ' '),
    html: template.html(context),
    text: template.text(context),
  };
}
