// The "bare route" of the HTTP-overhead benchmark: a plain Node server that only verifies the Stripe
// signature of the raw body (the SDK's constructEvent) and answers 200. PORT and SECRET from argv.
import http from 'node:http';
import Stripe from 'stripe';

const [port, secret] = process.argv.slice(2);
const stripe = new Stripe('sk_test_unused');
http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        stripe.webhooks.constructEvent(
          Buffer.concat(chunks),
          String(req.headers['stripe-signature']),
          secret!,
        );
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      } catch {
        res.writeHead(400).end();
      }
    });
  })
  .listen(Number(port), '127.0.0.1');
