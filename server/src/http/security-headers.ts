import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Response headers that tell browsers to refuse what the admin UI never does: scripts, frames,
 * objects or connections from other origins, being framed (clickjacking), sniffing a download
 * as HTML. The policy is checked in a real browser against the built admin UI
 * (test/browser/admin-security-headers.test.ts): every screen loads with no violation.
 */
export function securityHeaders(opts: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // MUI styles through emotion, which inserts <style> elements at run time; no script may be inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The favicon is a data: URI; charts are inline SVG.
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // HSTS only where the API is served over HTTPS (the same switch as the session cookie's Secure flag):
    // on plain HTTP it would do nothing, and on a shared host name it would bind other services too.
    strictTransportSecurity: opts.https ? { maxAge: 180 * 24 * 3600 } : false,
  });
}
