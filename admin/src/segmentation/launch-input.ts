/** The launch form's state and its mapping to StartSegmentationInput (pure, unit-tested). */

/** Mirrors the server's SEGMENTATION_FEATURES (segmentation.params.ts). */
export const SEGMENTATION_FEATURES = [
  'recencyDays', 'frequency', 'monetary', 'avgOrderValue', 'tenureDays', 'meanDaysBetweenOrders', 'returnRate', 'sessions', 'productViews', 'cartAdds',
] as const;

export interface LaunchForm {
  features: string[];
  log1p: string[];
  winsorize: boolean;
  lower: string;
  upper: string;
  pcaMode: 'none' | 'components' | 'variance';
  pcaValue: string;
  algorithm: 'kmeans' | 'hierarchical';
  linkage: 'ward' | 'average' | 'complete';
  kMode: 'range' | 'fixed';
  k: string;
  kMin: string;
  kMax: string;
  nInit: string;
  seed: string;
  asOf: string;
}

export const DEFAULT_LAUNCH_FORM: LaunchForm = {
  features: ['recencyDays', 'frequency', 'monetary'], log1p: ['frequency', 'monetary'], winsorize: true, lower: '0.01', upper: '0.99',
  pcaMode: 'none', pcaValue: '', algorithm: 'kmeans', linkage: 'ward', kMode: 'range', k: '4', kMin: '2', kMax: '8', nInit: '10', seed: '42', asOf: '',
};

const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The form → StartSegmentationInput; the server validates every bound and names the parameter. */
export function toStartInput(form: LaunchForm): Record<string, unknown> {
  return {
    features: form.features,
    log1p: form.log1p.filter((f) => form.features.includes(f)),
    ...(form.winsorize ? { winsorize: { lower: Number(form.lower), upper: Number(form.upper) } } : { noWinsorize: true }),
    ...(form.pcaMode === 'components' ? { pca: { components: num(form.pcaValue) } } : form.pcaMode === 'variance' ? { pca: { varianceTarget: num(form.pcaValue) } } : {}),
    algorithm: form.algorithm,
    ...(form.algorithm === 'hierarchical' ? { linkage: form.linkage } : {}),
    ...(form.kMode === 'fixed' ? { k: num(form.k) } : { kMin: num(form.kMin), kMax: num(form.kMax) }),
    nInit: num(form.nInit),
    seed: num(form.seed),
    asOf: form.asOf || undefined,
  };
}
