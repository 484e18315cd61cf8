import type { Channel, ConsentState } from '@segmenta/shared';

export type PreferencesView =
  | { kind: 'form'; channel: Channel; state: ConsentState; erased: boolean }
  | { kind: 'done'; channel: Channel; state: ConsentState; changed: boolean; erased: boolean }
  | { kind: 'error'; message: string };

const CHANNEL_NAMES: Record<Channel, string> = { email: 'e-mail', sms: 'text messages', push: 'push notifications' };

/** The small page behind a preferences link. Only fixed text and validated values go into it. */
export function preferencesPage(view: PreferencesView): string {
  let body: string;
  if (view.kind === 'error') {
    body = `<h1>Preferences</h1><p>${escapeHtml(view.message)}.</p>`;
  } else {
    const name = CHANNEL_NAMES[view.channel];
    const subscribed = view.state === 'granted';
    const status = subscribed ? `You receive ${name} from us.` : `You do not receive ${name} from us.`;
    const done = view.kind === 'done' ? `<p role="status">${view.changed ? 'Your choice is saved.' : 'Nothing to change: this was already your choice.'}</p>` : '';
    const button = view.erased ? '' : subscribed
      ? `<form method="post"><input type="hidden" name="action" value="unsubscribe"><button type="submit">Unsubscribe from ${name}</button></form>`
      : `<form method="post"><input type="hidden" name="action" value="subscribe"><button type="submit">Subscribe to ${name} again</button></form>`;
    body = `<h1>Your ${name} preferences</h1>${done}<p data-state="${view.state}">${status}</p>${button}`;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">`
    + `<title>Preferences</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font-size:1rem;padding:.5rem 1rem}</style></head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
