import { describe, expect, it } from 'vitest';
import { consentHint, type Funnel } from '../../admin/src/audiences/consent-hint.js';

const funnel = (over: Partial<Funnel>): Funnel => ({ matched: 100, excluded: 0, afterExclusions: 100, erased: 0, optedOut: 0, noConsent: 0, eligible: 100, capped: 0, size: 100, ...over });

describe('admin: the funnel says when consent empties an audience', () => {
  it('explains an audience that is empty because nobody left has consent, and how to import it', () => {
    const hint = consentHint(funnel({ erased: 2, optedOut: 3, noConsent: 95, eligible: 0, size: 0 }), 'sms');
    expect(hint).toMatch(/^All 95 matching customers lack sms consent/);
    expect(hint).toMatch(/consent_email, consent_sms, consent_push/);
  });

  it('says nothing when the audience has members or is empty for another reason', () => {
    expect(consentHint(funnel({ noConsent: 40, eligible: 60, size: 60 }), 'email')).toBeNull();
    expect(consentHint(funnel({ matched: 0, afterExclusions: 0, eligible: 0, size: 0 }), 'email')).toBeNull();
    expect(consentHint(funnel({ excluded: 100, afterExclusions: 0, eligible: 0, size: 0 }), 'email')).toBeNull();
    expect(consentHint(funnel({ noConsent: 10, eligible: 90, capped: 90, size: 0 }), 'email')).toBeNull();
  });
});
