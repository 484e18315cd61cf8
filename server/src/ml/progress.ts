/** What long-running ML code reports; the job layer writes it to the database. */
export interface ProgressEvent {
  /** Machine-readable phase, e.g. 'kmeans-init', 'kmeans', 'linkage', 'silhouette', 'k-selection'. */
  stage: string;
  done: number;
  total: number;
}

export type ProgressCallback = (event: ProgressEvent) => void;
