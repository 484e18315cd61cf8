/**
 * What one import file may cost beyond its size (SEGMENTA_IMPORT_MAX_BYTES). A customers file's
 * extra columns become attributes stored on every customer and read back with it, so a header of
 * a million columns would make every read of that customer megabytes; a small gzip file can
 * expand to terabytes. The settings are read in config/index.ts (docs/imports.md, "Limits").
 */
export interface ImportLimits {
  /** Attribute keys (columns beyond the known fields) one customer may store. */
  maxAttributes: number;
  /** Bytes of one customer's attributes, as the stored JSON. */
  maxAttributeBytes: number;
  /** A gzip file may expand to at most this many times its own size... */
  maxGzipRatio: number;
  /** ...and to at most this many bytes. */
  maxDecompressedBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxAttributes: 200,
  maxAttributeBytes: 16 * 1024,
  maxGzipRatio: 100,
  maxDecompressedBytes: 2 * 1024 * 1024 * 1024,
};

/** Below this much text a gzip file's ratio is not judged: a small file of repeated rows is no bomb. */
export const GZIP_RATIO_FLOOR_BYTES = 1024 * 1024;
