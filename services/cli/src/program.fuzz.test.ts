import type { Command } from 'commander';
import { createProgram, EXIT_USAGE, exitCodeOf } from './program';

/** Thrown by the preAction hook: the command line parsed and an action would run (it must not, here). */
class WouldRun extends Error {}

const RUNS = 10_000;
const SEED = Number(process.env.PPM_FUZZ_SEED ?? 20261202);

function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every command path of the program with its options' flags, e.g. ['payout', 'approve'] -> ['--json']. */
function commandPaths(program: Command): { path: string[]; flags: string[]; args: number }[] {
  const out: { path: string[]; flags: string[]; args: number }[] = [];
  const walk = (cmd: Command, path: string[]) => {
    out.push({ path, flags: cmd.options.map((o) => o.long ?? o.short ?? '').filter((f) => f !== ''), args: cmd.registeredArguments.length });
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return out;
}

const VALUES = ['', ' ', '0', '1', '-1', '99999999999999999999', '2147483648', '9007199254740993', '1e309', 'Infinity', 'NaN', '1.5', '0x10', 'abc', '💥',
  '\u0000', '\u202e', '--', '-', '--json', '-h', 'a'.repeat(5_000), 'ab'.repeat(32), 'AB'.repeat(32), '../../etc/passwd', '$(rm -rf /)', "'", '"', '%s'];
const JUNK_OPTIONS = ['--nope', '-x', '--from', '--to', '--limit', '--days', '--approve', '--json=1', '--help', '--version', '---', '--=', '-'];

describe('ppm command-line fuzz (the real parser, actions stopped before they run)', () => {
  test(`${RUNS} random command lines: each parses or is refused with a clear message and exit code 2, never a crash or a stack trace`, async () => {
    const random = createRandom(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const paths = commandPaths(createProgram(() => { throw new Error('no context in this test'); }));
    const counts = { parsed: 0, usage: 0, help: 0 };
    const failures: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const target = random() < 0.9 ? pick(paths) : { path: [pick(['sync', 'nope', 'payout', '', '💥', 'PAYOUT'])], flags: [], args: 0 };
      const argv = [...target.path];
      for (let i = Math.floor(random() * 3); i > 0 || (argv.length === target.path.length && target.args > 0 && random() < 0.7); i--) argv.push(pick(VALUES));
      for (let i = Math.floor(random() * 4); i > 0; i--) {
        const flag = random() < 0.75 && target.flags.length > 0 ? pick(target.flags) : pick(JUNK_OPTIONS);
        argv.push(flag);
        if (random() < 0.8) argv.push(pick(VALUES));
      }
      if (argv.includes('--help') || argv.includes('-h') || argv.includes('--version')) {
        // Help and version print and exit 0; covered by the code path below, but keep the rest of the line too.
      }
      let stderr = '';
      let stdout = '';
      const program = createProgram(() => { throw new Error('no context in this test'); }, {
        writeOut: (t) => { stdout += t; }, writeErr: (t) => { stderr += t; }, outputError: (t, write) => write(t),
      });
      program.hook('preAction', () => {
        throw new WouldRun();
      });
      try {
        await program.parseAsync(['node', 'ppm', ...argv]);
        failures.push(`${JSON.stringify(argv)}: parsed without reaching an action`);
      } catch (err) {
        if (err instanceof WouldRun) {
          counts.parsed += 1;
          continue;
        }
        const code = exitCodeOf(err, (t) => { stderr += t; });
        const where = `${JSON.stringify(argv).slice(0, 200)} -> ${code}`;
        if (code === 0) counts.help += 1;
        else if (code === EXIT_USAGE) {
          counts.usage += 1;
          if (!/error: /.test(stderr)) failures.push(`${where}: no message on stderr: ${stderr.slice(0, 200)}`);
        } else failures.push(`${where}: not a usage error: ${String(err).slice(0, 300)}`);
        if (/\n\s+at .+:\d+:\d+/.test(stderr + stdout)) failures.push(`${where}: stack trace printed`);
      }
    }
    process.stdout.write(`cli fuzz seed ${SEED}: ${JSON.stringify(counts)}\n`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(counts.parsed).toBeGreaterThan(100);
    expect(counts.usage).toBeGreaterThan(1_000);
  });

  test('bad values of the numeric and hash arguments are usage errors that name the rule', async () => {
    const cases: [string[], RegExp][] = [
      [['replay', '--from', '99999999999999999999', '--to', '1'], /height out of range/],
      [['replay', '--from', '2147483648', '--to', '1'], /height out of range/],
      [['replay', '--from', 'abc', '--to', '1'], /must be a block height/],
      [['sync', '--to-height', '1e309'], /must be a block height/],
      [['rewards', '--from', '-1'], /must be a block height/],
      [['certs', '--out', '/tmp/x', '--days', 'NaN'], /must be a whole number from 1 to 3650/],
      [['notify', 'list', '--limit', '1e3'], /must be a whole number from 1 to 1000/],
      [['payout', 'approve', 'XYZ'], /must be a plan hash/],
      [['payout', 'run', '--approve', 'ab'], /must be a plan hash/],
      [['nope'], /unknown command/],
    ];
    for (const [argv, message] of cases) {
      let stderr = '';
      const program = createProgram(() => { throw new Error('no context in this test'); }, { writeOut: () => undefined, writeErr: (t) => { stderr += t; } });
      program.hook('preAction', () => {
        throw new WouldRun();
      });
      const err = await program.parseAsync(['node', 'ppm', ...argv]).then(() => undefined, (e: unknown) => e);
      expect([argv, err instanceof WouldRun]).toEqual([argv, false]);
      expect([argv, exitCodeOf(err, (t) => { stderr += t; })]).toEqual([argv, EXIT_USAGE]);
      expect([argv, stderr]).toEqual([argv, expect.stringMatching(message)]);
    }
  });
});
