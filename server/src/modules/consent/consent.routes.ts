import express, { type Express, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { ConsentState } from '@segmenta/shared';
import type { AppConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import { CustomerEntity } from '../customers/index.js';
import { verifyConsentLink, type ConsentLinkClaims } from './consent-link.js';
import { changeConsent, consentStateOf } from './consent.service.js';
import { preferencesPage } from './preferences-page.js';

/**
 * The signed preferences link a campaign e-mail carries (no login):
 * - GET  /api/preferences/:token shows the channel's state and a button; it changes nothing,
 *   because mail scanners and link pre-fetchers follow links.
 * - POST /api/preferences/:token applies: `action=unsubscribe` (the default, and what RFC 8058's
 *   one-click `List-Unsubscribe=One-Click` body means) or `action=subscribe`. Idempotent: a replay
 *   finds the state already set and records nothing.
 */
export function mountConsentRoutes(app: Express, deps: { config: AppConfig; dataSource: DataSource }): void {
  const secret = deps.config.consentLinkSecret;

  const claimsOf = (req: Request, res: Response): ConsentLinkClaims | null => {
    try {
      return verifyConsentLink(secret, String(req.params.token));
    } catch (error) {
      const expired = error instanceof AppError && error.code === 'LINK_EXPIRED';
      const unconfigured = error instanceof AppError && error.code === 'SERVICE_UNAVAILABLE';
      res.status(expired ? 410 : unconfigured ? 503 : 400);
      send(res, preferencesPage({ kind: 'error', message: (error as Error).message }));
      return null;
    }
  };

  app.get('/api/preferences/:token', async (req, res, next) => {
    const claims = claimsOf(req, res);
    if (!claims) return;
    try {
      const customer = await deps.dataSource.getRepository(CustomerEntity).findOneBy({ id: claims.customerId });
      if (!customer) { res.status(404); return send(res, preferencesPage({ kind: 'error', message: 'This link is not valid' })); }
      send(res, preferencesPage({ kind: 'form', channel: claims.channel, state: consentStateOf(customer, claims.channel), erased: customer.erasedAt !== null }));
    } catch (error) {
      next(error);
    }
  });

  app.post('/api/preferences/:token', express.urlencoded({ extended: false, limit: '1kb' }), async (req, res, next) => {
    const claims = claimsOf(req, res);
    if (!claims) return;
    const action = String(req.body?.action ?? 'unsubscribe');
    if (action !== 'unsubscribe' && action !== 'subscribe') {
      res.status(400);
      return send(res, preferencesPage({ kind: 'error', message: 'Unknown action' }));
    }
    const to: ConsentState = action === 'subscribe' ? 'granted' : 'opted_out';
    try {
      const { customer, change } = await changeConsent(deps.dataSource, { customerId: claims.customerId, channel: claims.channel, to, source: 'link', actor: `customer:${claims.customerId}` });
      send(res, preferencesPage({ kind: 'done', channel: claims.channel, state: consentStateOf(customer, claims.channel), changed: change !== null, erased: customer.erasedAt !== null }));
    } catch (error) {
      if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'CONFLICT')) {
        res.status(error.code === 'NOT_FOUND' ? 404 : 409);
        return send(res, preferencesPage({ kind: 'error', message: error.code === 'NOT_FOUND' ? 'This link is not valid' : 'These preferences can no longer be changed' }));
      }
      next(error);
    }
  });
}

function send(res: Response, html: string): void {
  res.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-robots-tag': 'noindex' }).send(html);
}
