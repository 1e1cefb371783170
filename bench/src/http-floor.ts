// The webhook HTTP floor: a bare `node:http` server in its own process (as the store is) that verifies the Stripe
// signature of the raw body, then does the DB floor's work with its own pool of 10 connections. Argv: port,
// webhook secret, database URL.
import http from 'node:http';
import pg from 'pg';
import { signatureValid, webhookFloor } from './floors.js';

const [port, secret, databaseUrl] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const header = String(req.headers['stripe-signature'] ?? '');
      if (req.method !== 'POST' || !signatureValid(body, header, secret!, Math.floor(Date.now() / 1000))) {
        res.writeHead(400).end();
        return;
      }
      webhookFloor(pool, body.toString('utf8')).then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}'),
        () => res.writeHead(500).end(),
      );
    });
  })
  .listen(Number(port), '127.0.0.1');
