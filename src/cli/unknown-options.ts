/**
 * Commander checks required options before unknown ones, so a mistyped
 * `--dri x` is reported as "--dir not specified". This finds the command the
 * words name and refuses the first option it does not have, first.
 *
 * @module
 */
import type { Command, Option } from 'commander';
import { UsageError } from './exit.js';

const HELP = new Set(['-h', '--help']);

function names(o: Option): string[] {
  return [o.long, o.short].filter((n): n is string => typeof n === 'string');
}

/** The closest option name by edit distance (at most 2), for "did you mean". */
function closest(flag: string, known: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row[j]!;
        row[j] = next;
      }
    }
    return row[b.length]!;
  };
  const scored = known.filter((k) => k.startsWith('--')).map((k) => [k, distance(flag, k)] as const).sort((x, y) => x[1] - y[1]);
  return scored[0] && scored[0][1] <= 2 ? scored[0][0] : undefined;
}

/** Throws a UsageError naming the first unknown option of the command `args` (argv without node and script) run. */
export function refuseUnknownOptions(program: Command, args: readonly string[]): void {
  let cmd = program;
  let i = 0;
  // Walk down the subcommands named before the first option.
  for (; i < args.length; i++) {
    const word = args[i]!;
    if (word.startsWith('-')) break;
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    cmd = sub;
  }
  if (cmd.commands.length > 0) return; // a group command: commander says what it has
  const options = cmd.options as readonly Option[];
  const known = options.flatMap(names);
  for (; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') return;
    if (!word.startsWith('-') || word === '-' || /^-\d/.test(word)) continue;
    const flag = word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
    if (HELP.has(flag)) return;
    const option = options.find((o) => names(o).includes(flag));
    if (!option) {
      const hint = closest(flag, known);
      throw new UsageError(`unknown option '${flag}' for \`${cmd.name()}\`${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
    // Skip the value an option takes, which may itself start with '-'.
    if (!word.includes('=') && (option.required || (option.optional && !(args[i + 1] ?? '-').startsWith('-')))) i++;
  }
}
