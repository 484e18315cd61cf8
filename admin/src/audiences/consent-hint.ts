/** The funnel counts the audience builder reads (audienceCount / Audience.funnel). */
export interface Funnel { matched: number; excluded: number; afterExclusions: number; erased: number; optedOut: number; noConsent: number; eligible: number; capped: number; size: number }

/**
 * Why an audience is empty when consent is the reason: every customer left after exclusions,
 * erasure and opt-outs lacks consent for the channel. Null when consent is not why (pure, unit-tested).
 */
export function consentHint(funnel: Funnel, channel: string): string | null {
  if (funnel.size > 0 || funnel.noConsent === 0 || funnel.eligible > 0) return null;
  return `All ${funnel.noConsent.toLocaleString('en-GB')} matching customers lack ${channel} consent, so nobody can be contacted on this channel. `
    + 'Import consent flags with a customers file (columns consent_email, consent_sms, consent_push; see docs/imports.md), or choose another channel.';
}
