import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSecret, secretKey, signature, verifyWebhook, webhookHeaders } from './webhook-signing.js';
import { parseEndpoint, refusedAddress } from './endpoint-policy.js';
import { parseRetryAfter } from './webhook-client.js';

// Written by scripts/reference/standard_webhooks.py (Python's hmac); the first case is the specification's example.
const vectors: { secret: string; id: string; timestamp: number; body: string; signature: string }[] =
  JSON.parse(fs.readFileSync(new URL('../../../../test/fixtures/standard-webhooks-vectors.json', import.meta.url), 'utf8'));

describe('Standard Webhooks signing', () => {
  it('matches the independent reference signatures, the specification example included', () => {
    expect(vectors[0].signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    for (const v of vectors) expect(signature(v.secret, v.id, v.timestamp, v.body)).toBe(v.signature);
  });

  it('signs with every secret during a rotation, and a receiver with either secret verifies', () => {
    const [oldSecret, newSecret] = [generateSecret(), generateSecret()];
    const now = 1_700_000_000;
    const headers = webhookHeaders([newSecret, oldSecret], 'msg_1', now, '{"a":1}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    const h = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'] };
    expect(verifyWebhook(oldSecret, h, '{"a":1}', now)).toBe(true);
    expect(verifyWebhook(newSecret, h, '{"a":1}', now)).toBe(true);
    expect(verifyWebhook(generateSecret(), h, '{"a":1}', now)).toBe(false);
    expect(verifyWebhook(newSecret, h, '{"a":2}', now)).toBe(false);
    // Outside the timestamp tolerance (replay protection).
    expect(verifyWebhook(newSecret, h, '{"a":1}', now + 301)).toBe(false);
  });

  it('refuses secrets that are not whsec_ base64 of 24 to 64 bytes, naming the problem', () => {
    expect(() => secretKey('abc')).toThrow(/must start with "whsec_"/);
    expect(() => secretKey('whsec_' + Buffer.alloc(16).toString('base64'))).toThrow(/too short: 16 bytes, at least 24/);
    expect(() => secretKey('whsec_!!!')).toThrow(/base64/);
    expect(secretKey(generateSecret())).toHaveLength(32);
  });
});

describe('the endpoint policy', () => {
  it('refuses link-local, metadata, loopback and private addresses unless allowed', () => {
    const none = { allow: [] };
    for (const address of ['169.254.169.254', '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:10.0.0.1']) {
      expect(refusedAddress(address, none), address).not.toBeNull();
    }
    expect(refusedAddress('169.254.169.254', none)).toMatch(/link-local/);
    for (const address of ['93.184.216.34', '2606:4700::1111', '8.8.8.8']) expect(refusedAddress(address, none), address).toBeNull();
    expect(refusedAddress('127.0.0.1', { allow: ['127.0.0.1'] })).toBeNull();
    expect(refusedAddress('10.9.8.7', { allow: ['10.0.0.0/8'] })).toBeNull();
    expect(refusedAddress('169.254.169.254', { allow: ['10.0.0.0/8'] })).not.toBeNull();
  });

  it('reads URLs strictly and Retry-After in both forms', () => {
    expect(() => parseEndpoint('example.com/hook', { allowHttp: true })).toThrow(/has no scheme/);
    expect(() => parseEndpoint('ftp://example.com/x', { allowHttp: true })).toThrow(/scheme must be https/);
    expect(() => parseEndpoint('https://user:pw@example.com/x', { allowHttp: true })).toThrow(/user name or password/);
    expect(parseEndpoint(' https://example.com/x ', { allowHttp: false }).hostname).toBe('example.com');
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
