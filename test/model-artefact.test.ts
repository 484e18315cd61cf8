import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedCampaignHistory } from './helpers/seed-campaigns.js';
import { createRng } from '../server/src/ml/index.js';

// A response model travels: exported from one installation (MariaDB) as a checksummed JSON
// artefact, imported into a fresh one (SQLite), it gives the same probabilities to the last bit.

const SCORE = `query($f: ScoreFeaturesInput!) { scoreCustomer(features: $f) { responseProbability responseModel { id version } } }`;

describe('model artefacts', () => {
  let source: TestServer;
  let target: TestServer;
  let modelId: string;

  beforeAll(async () => {
    source = await startTestServer('mariadb', { WORKER_POLL_MS: '50' }, { withWorker: true });
    target = await startTestServer('sqlite', { GRAPHQL_BODY_LIMIT_BYTES: String(32 * 1024 * 1024) });
    await seedCampaignHistory(source.app.dataSource, 300, 3);
    const started = await source.as.analyst.gql('mutation { trainModel(input: { kind: "response", nEstimators: 15, seed: 7, cvFolds: 2, testFraction: 0.3 }) { model { id } } }');
    modelId = started.data!.trainModel.model.id;
    await until(async () => {
      const model = (await source.as.analyst.gql(`{ Model(id: ${modelId}) { status error } }`)).data?.Model;
      if (model?.status === 'failed') throw new Error(model.error);
      return model?.status === 'succeeded';
    }, 120_000, 200);
  }, 180_000);
  afterAll(async () => { await source?.stop(); await target?.stop(); });

  it('exports, imports into a fresh database and scores identically', async () => {
    const exported = await source.as.analyst.gql('query($id: ID!) { modelArtefact(id: $id) }', { id: modelId });
    expect(exported.errors).toBeUndefined();
    const text = exported.data!.modelArtefact as string;
    const artefact = JSON.parse(text);
    expect(artefact).toMatchObject({ format: 'segmenta-model', schemaVersion: 1, kind: 'response', sourceVersion: 1 });
    expect(artefact.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(artefact.featureNames).toContain('recencyDays');
    expect(artefact.featureUnits.recencyDays).toMatch(/days/);

    const imported = await target.as.admin.gql('mutation($a: String!) { importModel(artefact: $a) { id kind version status } }', { a: text });
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importModel).toMatchObject({ kind: 'response', version: 1, status: 'succeeded' });
    expect((await target.as.admin.gql(`mutation { activateModel(id: ${imported.data!.importModel.id}) { modelId } }`)).errors).toBeUndefined();

    const random = createRng(11);
    const rng = () => random.nextFloat();
    for (let i = 0; i < 25; i++) {
      const features = {
        recencyDays: Math.floor(rng() * 400), frequency: Math.floor(rng() * 12), monetary: rng() * 2000, avgOrderValue: rng() * 200,
        tenureDays: Math.floor(rng() * 800), returns: Math.floor(rng() * 3), sessions: Math.floor(rng() * 30), productViews: Math.floor(rng() * 80),
        cartAdds: Math.floor(rng() * 10), priorContacts: Math.floor(rng() * 4), priorResponses: Math.floor(rng() * 2),
      };
      const [a, b] = await Promise.all([source.as.analyst.gql(SCORE, { f: features }), target.as.analyst.gql(SCORE, { f: features })]);
      expect(a.errors ?? b.errors).toBeUndefined();
      expect(a.data!.scoreCustomer.responseModel.id).toBe(modelId);
      expect(b.data!.scoreCustomer.responseProbability).toBe(a.data!.scoreCustomer.responseProbability);
    }
  });

  it('refuses an artefact that was changed, or that is not one', async () => {
    const text = (await source.as.analyst.gql('query($id: ID!) { modelArtefact(id: $id) }', { id: modelId })).data!.modelArtefact as string;
    const changed = JSON.parse(text);
    changed.trainingRows += 1;
    const refused = await target.as.admin.gql('mutation($a: String!) { importModel(artefact: $a) { id } }', { a: JSON.stringify(changed) });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('checksum');
    const newer = await target.as.admin.gql('mutation($a: String!) { importModel(artefact: $a) { id } }', { a: JSON.stringify({ ...JSON.parse(text), schemaVersion: 2 }) });
    expect(newer.errors?.[0]?.message).toContain('schemaVersion 2');
    const notJson = await target.as.admin.gql('mutation { importModel(artefact: "{oops") { id } }');
    expect(notJson.errors?.[0]?.message).toContain('not JSON');
  });
});
