import fs from 'node:fs';
import path from 'node:path';
import { parseWireJson, type WireValue } from '../wire-json';

/** The real qtumd 27.1 regtest captures, beside the repository (`../shared/fixtures/qtum-regtest`). */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../../../shared/fixtures/qtum-regtest');

/** True when the captures are present (they live outside the repository). */
export const haveFixtures = fs.existsSync(FIXTURES_DIR);

/** A fixture's `response` member, parsed losslessly (numbers keep their exact text). */
export function fixtureResponse(name: string): WireValue {
  const text = fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf8');
  const whole = parseWireJson(text) as { [k: string]: WireValue };
  return whole.response as WireValue;
}
