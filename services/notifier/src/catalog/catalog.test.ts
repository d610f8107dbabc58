import type { OutboxKind } from '@ppm/ledger';
import { DEFAULT_SEVERITY } from '@ppm/ledger';
import { PermanentError } from '@ppm/runtime';
import { SAMPLE_PAYLOADS } from '../test/sample-payloads';
import { renderMessage, renderers, severityOf } from './catalog';
import { renderDigest } from './digest';
import { SMS_MAX_CHARS } from './rendered';

const kinds = Object.keys(DEFAULT_SEVERITY) as OutboxKind[];

describe('message catalog', () => {
  it('has a renderer for every outbox kind', () => {
    expect(Object.keys(renderers).sort()).toEqual([...kinds].sort());
  });

  it.each(kinds)('renders %s with an SMS-sized text and an HTML part', (kind) => {
    const r = renderMessage(kind, SAMPLE_PAYLOADS[kind], DEFAULT_SEVERITY[kind]);
    expect(r.subject.length).toBeGreaterThan(5);
    expect(r.text.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(r.text).not.toContain('undefined');
    expect(r.text).not.toContain('NaN');
  });

  it('renders the pool reward as the operator reads it', () => {
    const r = renderMessage('pool_reward', SAMPLE_PAYLOADS.pool_reward, 'info');
    expect(r.subject).toBe('[PPM] Pool block 5509');
    expect(r.text).toBe('Pool block 5509: 1.00000000 QTUM shared by 7 delegates');
    expect(r.html).toContain('a'.repeat(64));
  });

  it('marks critical subjects and never leaks RPC credentials', () => {
    const r = renderMessage('node_unreachable', SAMPLE_PAYLOADS.node_unreachable, 'critical');
    expect(r.subject).toBe('[PPM CRITICAL] qtumd unreachable');
    expect(`${r.text}${r.html}`).not.toContain('secret');
  });

  it('the approval mail gives the full plan hash in the exact command the CLI accepts, within an SMS', () => {
    const p = { ...SAMPLE_PAYLOADS.payout_waiting_approval, totalSats: '10782240599999999', expiresAt: '2026-12-04T00:00:00.000Z' };
    const r = renderMessage('payout_waiting_approval', p, 'warning');
    expect(r.text).toContain(`ppm payout approve ${p.planHash}`);
    expect(r.text.length).toBeLessThanOrEqual(160);
    expect(r.text.endsWith(p.planHash)).toBe(true);
    expect(r.html).toContain(`ppm payout approve ${p.planHash}`);
    expect(r.html).toContain('2026-12-04T00:00:00.000Z');
  });

  it('formats amounts exactly (no float rounding on large values)', () => {
    const r = renderMessage('payout_waiting_approval', { ...SAMPLE_PAYLOADS.payout_waiting_approval, totalSats: '10782240599999999' }, 'warning');
    expect(r.text).toContain('107822405.99999999 QTUM');
  });

  it('turns an unreadable payload or unknown kind into a PermanentError', () => {
    expect(() => renderMessage('pool_reward', { height: 1 }, 'info')).toThrow(PermanentError);
    expect(() => renderMessage('nope', {}, 'info')).toThrow(PermanentError);
  });

  it('lets the row severity win over the default', () => {
    expect(severityOf('pool_reward', 'critical')).toBe('critical');
    expect(severityOf('pool_reward', 'bogus')).toBe('info');
  });

  it('renders a digest listing every held message in the recipient zone', () => {
    const items = (['pool_reward', 'self_reward'] as const).map((k, i) => ({
      createdAt: new Date(Date.UTC(2027, 2, 14, 4 + i)),
      rendered: renderMessage(k, SAMPLE_PAYLOADS[k], 'info'),
    }));
    const d = renderDigest(items, 'America/New_York');
    expect(d.subject).toContain('2 messages');
    expect(d.text).toContain('23:00 Pool block 5509');
    // 05:00 UTC on the change night is 00:00 EST.
    expect(d.text).toContain('00:00 Self-staked block 5510');
  });
});
