import fs from 'node:fs';
import path from 'node:path';
import { parseWireJson, type WireValue } from '../wire-json';

/** The real qtumd 27.1 regtest captures, copied into the repository (`fixtures/qtum-regtest`, see its README). */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../../fixtures/qtum-regtest');

/** A fixture's `response` member, parsed losslessly (numbers keep their exact text). */
export function fixtureResponse(name: string): WireValue {
  const text = fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf8');
  const whole = parseWireJson(text) as { [k: string]: WireValue };
  return whole.response as WireValue;
}
