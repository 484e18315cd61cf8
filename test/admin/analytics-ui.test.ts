import { describe, expect, it } from 'vitest';
import { guessColumn, parseUnknownLayout } from '../../admin/src/imports/import-fields.js';
import { DEFAULT_LAUNCH_FORM, toStartInput } from '../../admin/src/segmentation/launch-input.js';
import { layoutDendrogram } from '../../admin/src/segmentation/dendrogram-layout.js';
import { baseScores, type PersonaRecord } from '../../admin/src/personas/persona-profile.js';
import { canRoleAccess } from '../../admin/src/access.js';

describe('admin: import layout errors', () => {
  const message = 'Unrecognised orders file layout: columns Inv, Code, Desc. Expected Online Retail (InvoiceNo, StockCode, …) or a column mapping {field: column} for: invoice_no, stock_code, quantity';

  it('reads the header and the required fields from the server message', () => {
    expect(parseUnknownLayout(message)).toEqual({ columns: ['Inv', 'Code', 'Desc'], required: ['invoice_no', 'stock_code', 'quantity'] });
    expect(parseUnknownLayout('ENOENT: upload not found')).toBeNull();
    expect(parseUnknownLayout(null)).toBeNull();
  });

  it('guesses a column when only case and separators differ', () => {
    expect(guessColumn('invoice_no', ['Invoice No', 'Code'])).toBe('Invoice No');
    expect(guessColumn('quantity', ['Menge'])).toBe('');
  });
});

describe('admin: segmentation launch form', () => {
  it('sends a k range, the transforms and the seed by default', () => {
    expect(toStartInput(DEFAULT_LAUNCH_FORM)).toEqual({
      features: ['recencyDays', 'frequency', 'monetary'], log1p: ['frequency', 'monetary'], winsorize: { lower: 0.01, upper: 0.99 },
      algorithm: 'kmeans', kMin: 2, kMax: 8, nInit: 10, seed: 42, asOf: undefined,
    });
  });

  it('sends a fixed k, linkage, PCA and no winsorising when chosen; log1p only for chosen features', () => {
    const input = toStartInput({ ...DEFAULT_LAUNCH_FORM, features: ['recencyDays', 'monetary'], winsorize: false, pcaMode: 'variance', pcaValue: '0.9', algorithm: 'hierarchical', linkage: 'average', kMode: 'fixed', k: '4', asOf: '2011-12-01' });
    expect(input).toMatchObject({ log1p: ['monetary'], noWinsorize: true, pca: { varianceTarget: 0.9 }, linkage: 'average', k: 4, asOf: '2011-12-01' });
    expect(input).not.toHaveProperty('kMin');
    expect(input).not.toHaveProperty('winsorize');
  });
});

describe('admin: dendrogram layout', () => {
  it('orders leaves depth-first and centres each merge over its children', () => {
    // nLeaves 10; merges 10 = (3, 4) at 1, 11 = (10, 7) at 2.5, root 12 = (11, 9) at 4; 3, 4, 7, 9 are collapsed leaves.
    const layout = layoutDendrogram({
      nLeaves: 10,
      merges: [{ id: 10, left: 3, right: 4, height: 1, size: 5 }, { id: 11, left: 10, right: 7, height: 2.5, size: 8 }, { id: 12, left: 11, right: 9, height: 4, size: 10 }],
      leaves: [{ id: 3, size: 2 }, { id: 4, size: 3 }, { id: 7, size: 3 }, { id: 9, size: 2 }],
    })!;
    expect(layout.leaves).toEqual([{ id: 3, x: 0, size: 2 }, { id: 4, x: 1, size: 3 }, { id: 7, x: 2, size: 3 }, { id: 9, x: 3, size: 2 }]);
    expect(layout.links.find((l) => l.id === 11)).toMatchObject({ leftX: 0.5, rightX: 2, leftY: 1, rightY: 0, y: 2.5 });
    expect(layout.links.find((l) => l.id === 12)).toMatchObject({ leftX: 1.25, rightX: 3, y: 4 });
    expect(layout.maxHeight).toBe(4);
    expect(layoutDendrogram({ nLeaves: 1, merges: [], leaves: [] })).toBeNull();
  });
});

describe('admin: persona base scores and access', () => {
  it('weights each segment’s mean scores by its size', () => {
    const persona = (size: number, r: number, f: number, m: number) => ({ segment: { size, profile: { meanScores: { r, f, m } } } }) as unknown as PersonaRecord;
    expect(baseScores([persona(1, 1, 2, 3), persona(3, 5, 2, 1)])).toEqual({ r: 4, f: 2, m: 1.5 });
    expect(baseScores([])).toBeNull();
  });

  it('lets analysts and admins edit personas, not marketers; staff launch runs and imports', () => {
    expect(canRoleAccess('analyst', 'personas', 'edit')).toBe(true);
    expect(canRoleAccess('marketer', 'personas', 'edit')).toBe(false);
    expect(canRoleAccess('marketer', 'personas', 'list')).toBe(true);
    expect(canRoleAccess('marketer', 'segmentationRuns', 'activate')).toBe(true);
    expect(canRoleAccess('integration', 'imports', 'create')).toBe(false);
  });
});

describe('admin: input type names', () => {
  it('uses the spec’s input type when the server shares one for create and update', async () => {
    const { buildCreateOperation, buildUpdateOperation } = await import('../../admin/src/dataProvider/queries.js');
    const spec = { type: 'Campaign', plural: 'Campaigns', listFields: 'id', inputFields: ['name'], createInputType: 'CampaignInput', updateInputType: 'CampaignInput' };
    expect(buildCreateOperation(spec, { name: 'x', other: 1 }).query).toContain('($input: CampaignInput!)');
    expect(buildUpdateOperation(spec, 1, { name: 'x' }).query).toContain('($id: ID!, $input: CampaignInput!)');
    expect(buildCreateOperation({ ...spec, createInputType: undefined }, {}).query).toContain('CreateCampaignInput!');
  });
});
