import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signConsentLink } from '../server/src/modules/consent/index.js';
import { normaliseDefinition, writeAudienceCsv } from '../server/src/modules/audiences/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const SECRET = 'test-link-secret-0123456789abcdef-0123456789';
/** More than one page of the audience export (5,000 rows a page): the race test changes a customer of the second page. */
const CUSTOMERS = 5_200;
const SET = `mutation($input: SetConsentInput!) { setConsent(input: $input) { id consentEmail optedOutEmail consentSms optedOutSms } }`;
const HISTORY = `query($id: ID!) { consentChanges(customerId: $id) { id channel fromState toState source actor changedAt } }`;
const LINK = `query($input: ConsentLinkInput!) { consentLink(input: $input) { token path expiresAt } }`;

describe.each(TEST_DIALECTS)('consent changes, preference links and exports on %s', (dialect) => {
  let server: TestServer;
  let firstId: number;
  let lastId: number;
  const ds = () => server.app.dataSource;
  const state = async (id: number) => (await ds().query('SELECT consent_email, opted_out_email, consent_sms, opted_out_sms FROM customers WHERE id = ?', [id]))
    .map((r: Record<string, unknown>) => ({ consentEmail: Number(r.consent_email), optedOutEmail: Number(r.opted_out_email), consentSms: Number(r.consent_sms), optedOutSms: Number(r.opted_out_sms) }))[0];
  const changes = async (id: number) => (await ds().query('SELECT channel, from_state, to_state, source, actor FROM consent_changes WHERE customer_id = ? ORDER BY id', [id]))
    .map((r: Record<string, unknown>) => `${r.channel}:${r.from_state}>${r.to_state}:${r.source}:${r.actor}`);
  const page = (token: string, init?: RequestInit) => fetch(`${server.url}/api/preferences/${token}`, init);
  const post = (token: string, body = 'action=unsubscribe') => page(token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  beforeAll(async () => {
    server = await startTestServer(dialect, { SEGMENTA_LINK_SECRET: SECRET });
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    for (let i = 0; i < CUSTOMERS; i += 400) {
      const rows = Array.from({ length: Math.min(400, CUSTOMERS - i) }, (_, j) => i + j);
      await ds().query(`INSERT INTO customers (external_id, email, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at) VALUES ${rows.map(() => '(?, ?, 1, 1, 0, 0, 0, 0, ?, ?)').join(', ')}`,
        rows.flatMap((n) => [`c-${n}`, `c${n}@example.com`, now, now]));
    }
    const [{ lo, hi }] = await ds().query('SELECT MIN(id) AS lo, MAX(id) AS hi FROM customers');
    firstId = Number(lo);
    lastId = Number(hi);
  });
  afterAll(async () => { await server?.stop(); });

  it('setConsent changes the customer and records the change; the same state again records nothing; roles are enforced', async () => {
    const id = firstId + 1;
    const changed = await server.as.marketer.gql(SET, { input: { customerId: String(id), channel: 'sms', state: 'opted_out' } });
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.setConsent).toMatchObject({ consentSms: false, optedOutSms: true, consentEmail: true });
    const again = await server.as.admin.gql(SET, { input: { customerId: String(id), channel: 'sms', state: 'opted_out', source: 'ui' } });
    expect(again.errors).toBeUndefined();
    await server.as.admin.gql(SET, { input: { customerId: String(id), channel: 'sms', state: 'granted', source: 'ui' } });
    expect(await changes(id)).toEqual(['sms:granted>opted_out:api:user:2', 'sms:opted_out>granted:ui:user:1']);

    const history = await server.as.analyst.gql(HISTORY, { id: String(id) });
    expect(history.data!.consentChanges.map((c: { toState: string }) => c.toState)).toEqual(['granted', 'opted_out']);
    expect((await server.as.analyst.gql(SET, { input: { customerId: String(id), channel: 'sms', state: 'none' } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.as.integration.gql(HISTORY, { id: String(id) })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await server.as.admin.gql(SET, { input: { customerId: String(id), channel: 'fax', state: 'none' } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await server.as.admin.gql(SET, { input: { customerId: '999999', channel: 'sms', state: 'none' } })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await changes(id)).toHaveLength(2);
  });

  it('concurrent changes of one customer record an unbroken chain of from → to', async () => {
    const id = firstId + 2;
    const states = ['opted_out', 'granted', 'none', 'opted_out', 'granted', 'none', 'granted', 'opted_out'];
    const results = await Promise.all(states.map((s) => server.as.marketer.gql(SET, { input: { customerId: String(id), channel: 'email', state: s } })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const rows: { from_state: string; to_state: string }[] = await ds().query('SELECT from_state, to_state FROM consent_changes WHERE customer_id = ? ORDER BY id', [id]);
    expect(rows[0].from_state).toBe('granted');
    for (let i = 1; i < rows.length; i++) expect(rows[i].from_state).toBe(rows[i - 1].to_state);
    const final = await state(id);
    const last = rows.at(-1)!.to_state;
    expect(final).toMatchObject(last === 'granted' ? { consentEmail: 1, optedOutEmail: 0 } : last === 'opted_out' ? { consentEmail: 0, optedOutEmail: 1 } : { consentEmail: 0, optedOutEmail: 0 });
  });

  it('a preferences link: GET changes nothing, POST unsubscribes once, a replay records nothing more', async () => {
    const id = firstId + 3;
    const minted = await server.as.marketer.gql(LINK, { input: { customerId: String(id), channel: 'email', validDays: 30 } });
    expect(minted.errors).toBeUndefined();
    const { token, path } = minted.data!.consentLink;
    expect(path).toBe(`/api/preferences/${token}`);
    expect((await server.as.analyst.gql(LINK, { input: { customerId: String(id), channel: 'email' } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    for (let i = 0; i < 3; i++) {
      const shown = await page(token);
      expect(shown.status).toBe(200);
      expect(shown.headers.get('cache-control')).toBe('no-store');
      const html = await shown.text();
      expect(html).toContain('data-state="granted"');
      expect(html).toContain('Unsubscribe from e-mail');
    }
    expect(await changes(id)).toEqual([]);
    expect(await state(id)).toMatchObject({ consentEmail: 1, optedOutEmail: 0 });

    const done = await post(token);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Your choice is saved');
    const replay = await post(token, 'List-Unsubscribe=One-Click');
    expect(replay.status).toBe(200);
    expect(await replay.text()).toContain('already your choice');
    expect(await state(id)).toMatchObject({ consentEmail: 0, optedOutEmail: 1, consentSms: 1, optedOutSms: 0 });
    expect(await changes(id)).toEqual([`email:granted>opted_out:link:customer:${id}`]);
  });

  it('refuses forged, altered, wrong-channel, foreign-key and expired tokens without changing anything', async () => {
    const id = firstId + 4;
    const good = signConsentLink(SECRET, { customerId: id, channel: 'email', expires: inAnHour() });
    const [cid, , exp, sig] = good.split('.');
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    const forged = [
      `${cid}.email.${exp}.${flipped}`, // tampered signature
      `${id + 1}.email.${exp}.${sig}`, // another customer
      `${cid}.sms.${exp}.${sig}`, // the e-mail link used for SMS
      `${cid}.email.${Number(exp) + 86_400 * 365}.${sig}`, // expiry pushed out
      signConsentLink('another-secret-0123456789abcdef-0123456789', { customerId: id, channel: 'email', expires: inAnHour() }),
      `${cid}.email.${exp}`, 'garbage', `${cid}.fax.${exp}.${sig}`,
    ];
    for (const token of forged) {
      expect((await page(token)).status, token).toBe(400);
      expect((await post(token)).status, token).toBe(400);
    }
    const expired = signConsentLink(SECRET, { customerId: id, channel: 'email', expires: Math.floor(Date.now() / 1000) - 1 });
    expect((await page(expired)).status).toBe(410);
    const refused = await post(expired);
    expect(refused.status).toBe(410);
    expect(await refused.text()).toContain('expired');
    expect(await state(id)).toMatchObject({ consentEmail: 1, optedOutEmail: 0, consentSms: 1, optedOutSms: 0 });
    expect(await state(id + 1)).toMatchObject({ consentEmail: 1, optedOutEmail: 0 });
    expect(await changes(id)).toEqual([]);

    // The genuine SMS link acts on SMS only.
    const sms = signConsentLink(SECRET, { customerId: id, channel: 'sms', expires: inAnHour() });
    expect((await post(sms)).status).toBe(200);
    expect(await state(id)).toMatchObject({ consentEmail: 1, optedOutEmail: 0, consentSms: 0, optedOutSms: 1 });
  });

  it('erasure records the opt-outs it implies, and an erased customer cannot be given consent again', async () => {
    const id = firstId + 5;
    const preview = await server.as.admin.gql(`{ erasurePreview(id: ${id}) { alreadyErased orders events scores channelsOptedOut } }`);
    expect(preview.data!.erasurePreview).toEqual({ alreadyErased: false, orders: 0, events: 0, scores: 0, channelsOptedOut: ['email', 'sms', 'push'] });
    expect((await server.as.marketer.gql(`{ erasurePreview(id: ${id}) { orders } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.as.admin.gql(`mutation { eraseCustomer(id: ${id}) { id } }`)).errors).toBeUndefined();
    expect(await changes(id)).toEqual(['email:granted>opted_out:erasure:user:1', 'sms:granted>opted_out:erasure:user:1', 'push:none>opted_out:erasure:user:1']);
    const regrant = await server.as.admin.gql(SET, { input: { customerId: String(id), channel: 'email', state: 'granted' } });
    expect(regrant.errors?.[0].extensions?.code).toBe('CONFLICT');
    const link = signConsentLink(SECRET, { customerId: id, channel: 'email', expires: inAnHour() });
    expect((await post(link, 'action=subscribe')).status).toBe(409);
    expect(await changes(id)).toHaveLength(3);
  });

  it('a consent change racing an audience export: the opted-out customer is never exported', async () => {
    const definition = normaliseDefinition({ channel: 'email' });
    let chunks = 0;
    let text = '';
    let changedBeforePage2 = false;
    const written = await writeAudienceCsv(ds(), definition, { withEmail: true }, async (chunk) => {
      text += chunk;
      chunks++;
      // After the header and the first page are out, the customer of the last page opts out through the API.
      if (chunks === 2) {
        const r = await server.as.marketer.gql(SET, { input: { customerId: String(lastId), channel: 'email', state: 'opted_out' } });
        expect(r.errors).toBeUndefined();
        changedBeforePage2 = true;
      }
    });
    expect(changedBeforePage2).toBe(true);
    expect(chunks).toBeGreaterThanOrEqual(3);
    // customer_id is the source system's id; internal_id is Segmenta's.
    const [header, ...lines] = text.trimEnd().split('\r\n');
    const internal = header.split(',').indexOf('internal_id');
    expect(internal).toBeGreaterThan(0);
    const ids = new Set(lines.map((line) => Number(line.split(',')[internal])));
    expect(ids.has(firstId)).toBe(true);
    expect(ids.has(lastId)).toBe(false);
    expect(written).toBe(ids.size);

    // And over HTTP, an export that starts after the change (a campaign's next send) leaves them out too.
    const cookie = (await server.login('marketer@test.local', 'correct horse battery')).cookie!;
    const created = await server.as.marketer.gql(`mutation { createAudience(input: { name: "all e-mail", definition: { channel: "email" } }) { id } }`);
    expect(created.errors).toBeUndefined();
    const res = await fetch(`${server.url}/api/audiences/${created.data!.createAudience.id}/export.csv`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(`\r\nc-0,${firstId},c-0,`);
    expect(body).not.toContain(`,${lastId},`);
  });
});
