import { Command } from 'commander';
import { COMMAND_GROUPS } from './groups';
import { registerCommands } from './index';

function program(): Command {
  const p = new Command('ppm').exitOverride();
  registerCommands(p, () => {
    throw new Error('no command runs in this test');
  });
  return p;
}

describe('ppm --help', () => {
  it('puts every top-level command in exactly one group', () => {
    const names = program().commands.map((c) => c.name());
    const grouped = COMMAND_GROUPS.flatMap((g) => g.commands);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect([...names].sort()).toEqual([...grouped].sort());
  });

  it('shows the groups in order (pipeline, payouts, ledger, operations, services), then examples', () => {
    let out = '';
    const p = program().configureOutput({ writeOut: (s) => { out += s; } });
    p.outputHelp();
    const positions = ['Pipeline', 'Payouts:', 'Ledger:', 'Operations:', 'Services'].map((h) => out.indexOf(`\n${h}`));
    expect(positions.every((x) => x > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out).toMatch(/Examples:\n {2}ppm sync/);
    expect(out.indexOf('Examples:')).toBeGreaterThan(positions[4]!);
    // Each group lists its own commands.
    const ledger = out.slice(positions[2], positions[3]);
    for (const name of ['rewards', 'balances', 'delegates', 'import-ppm']) expect(ledger).toMatch(new RegExp(`\\n {2}${name}\\b`));
  });
});
