import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { AppConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';

/** Uploaded files live in the data folder under a random id; imports refer to them by that id. */
export function uploadsDir(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'uploads');
}

export function uploadPath(config: Pick<AppConfig, 'dataDir'>, uploadId: string): string {
  if (!/^[a-f0-9-]{36}$/.test(uploadId)) throw new AppError('BAD_USER_INPUT', 'uploadId is not an id returned by /api/uploads');
  const file = path.join(uploadsDir(config), uploadId);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `upload ${uploadId} not found`);
  return file;
}

/** Streams a request body to disk, refusing more than maxBytes; a refused upload leaves no file. */
export async function saveUpload(config: Pick<AppConfig, 'dataDir' | 'importMaxBytes'>, body: Readable): Promise<{ uploadId: string; bytes: number }> {
  fs.mkdirSync(uploadsDir(config), { recursive: true });
  const uploadId = crypto.randomUUID();
  const target = path.join(uploadsDir(config), uploadId);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > config.importMaxBytes) done(new AppError('BAD_USER_INPUT', `The file is larger than the ${config.importMaxBytes}-byte import limit`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body, limit, fs.createWriteStream(target, { flags: 'wx' }));
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  }
  if (bytes === 0) {
    fs.rmSync(target, { force: true });
    throw new AppError('BAD_USER_INPUT', 'The file is empty');
  }
  return { uploadId, bytes };
}
