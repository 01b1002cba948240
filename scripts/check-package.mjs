#!/usr/bin/env node
/**
 * The package as an embedder gets it: `npm pack` (prepack builds dist/), then
 * publint and attw (@arethetypeswrong/cli) on the tarball, then a consumer
 * project that installs the tarball and, on this Node and on the oldest Node
 * that package.json "engines" claims (an npm-installed binary, kept in
 * .cache/), loads every subpath from CommonJS and from ESM and verifies the
 * voucher fixtures through each. Prints the figures; exits 1 on a failure.
 *
 *   node scripts/check-package.mjs [--keep]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const failures = [];
const say = (s) => process.stdout.write(`${s}\n`);

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root, ...options, shell: process.platform === 'win32' });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '' };
}

/** The oldest version "engines" allows (">=20.0.0" → "20.0.0"). */
function oldestNode() {
  const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(pkg.engines.node.trim());
  if (!m) throw new Error(`engines.node "${pkg.engines.node}" is not of the form >=X.Y.Z`);
  return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
}

/** A Node binary from the npm registry (package node-<os>-<arch>, binary inside its tarball), cached in .cache/. */
function nodeBinary(version) {
  const os = process.platform === 'win32' ? 'win' : process.platform;
  const name = `node-${os}-${process.arch}`;
  const prefix = join(root, '.cache', `node-${version}`);
  const bin = join(prefix, 'node_modules', name, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `${name}@${version}`], { stdio: 'inherit', shell: process.platform === 'win32' });
  }
  return bin;
}

const work = mkdtempSync(join(tmpdir(), 'yibao-package-'));
try {
  // 1. Pack (prepack builds dist/).
  const packed = run(npm, ['pack', '--json', '--pack-destination', work]);
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.out}`);
  // The build's log comes first on stdout (coloured under CI, escape codes hold '['): the JSON starts on a line of its own.
  const info = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[/m)))[0];
  const tarball = join(work, info.filename);
  const files = info.files.map((f) => f.path);
  say(`tarball ${info.filename}: ${(info.size / 1024).toFixed(0)} KB packed, ${(info.unpackedSize / 1024).toFixed(0)} KB unpacked, ${files.length} files`);
  for (const need of ['LICENSE', 'README.md', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
    if (!files.includes(need)) failures.push(`tarball lacks ${need}`);
  }

  // 2. publint and attw on the tarball.
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  const publint = run(bin('publint'), ['run', tarball, '--strict']);
  say(`publint: ${publint.code === 0 ? 'clean' : 'FAILED'}`);
  if (publint.code !== 0) failures.push(`publint:\n${publint.out}`);
  // Asset exports (the camera's WebAssembly) are files for bundlers and servers, not modules with types.
  const assets = Object.keys(pkg.exports).filter((s) => /\.wasm$/.test(s));
  const attw = run(bin('attw'), [tarball, '--format', 'table-flipped', ...(assets.length ? ['--exclude-entrypoints', ...assets] : [])]);
  say(`attw (node10, node16 CJS/ESM, bundler): ${attw.code === 0 ? 'no problems' : 'FAILED'}`);
  if (attw.code !== 0) failures.push(`attw:\n${attw.out}`);

  // 3. A consumer project installs the tarball (no install scripts: native addons load lazily).
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const install = run(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: consumer });
  if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.out}`);
  const lock = JSON.parse(readFileSync(join(consumer, 'node_modules', '.package-lock.json'), 'utf8')).packages;
  const installed = Object.entries(lock).filter(([path]) => path.startsWith('node_modules/') && path !== 'node_modules/yibao-pos');
  const optional = installed.filter(([, p]) => p.optional);
  say(`consumer install: ${installed.length} packages besides yibao-pos (${installed.length - optional.length} without the optional native addons)`);
  if (existsSync(join(consumer, 'node_modules', 'qrcode'))) failures.push('qrcode (simulator only) was installed into the consumer');

  // Source maps name files relative to themselves, never the build machine's directories.
  const dist = join(consumer, 'node_modules', 'yibao-pos', 'dist');
  const maps = readdirSync(dist, { recursive: true }).filter((f) => String(f).endsWith('.map'));
  const leaky = maps.filter((f) => {
    const text = readFileSync(join(dist, String(f)), 'utf8');
    return text.includes(root) || JSON.parse(text).sources.some((src) => isAbsolute(src));
  });
  say(`source maps: ${maps.length}, ${leaky.length} with a machine path`);
  if (leaky.length) failures.push(`source maps with machine paths: ${leaky.join(', ')}`);

  // 3b. A strict TypeScript consumer without skipLibCheck type-checks against the shipped declarations
  // (ESM .d.ts and CJS .d.cts): nothing in them may need a devDependency's types.
  const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json' && !k.endsWith('.wasm'));
  const specifiers = entries.map((k) => (k === '.' ? 'yibao-pos' : `yibao-pos/${k.slice(2)}`));
  const imports = specifiers.map((s, i) => `import * as m${i} from '${s}';`).join('\n');
  const uses = `export const loaded = [${specifiers.map((_, i) => `m${i}`).join(', ')}];\n`;
  writeFileSync(join(consumer, 'strict-esm.mts'), `${imports}\n${uses}`);
  writeFileSync(join(consumer, 'strict-cjs.cts'), `${imports}\n${uses}`);
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] },
      files: ['strict-esm.mts', 'strict-cjs.cts'],
    }),
  );
  const tsc = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], { cwd: consumer });
  say(`strict TypeScript consumer (no skipLibCheck, ${specifiers.length} subpaths, ESM and CJS): ${tsc.code === 0 ? 'type-checks' : 'FAILED'}`);
  if (tsc.code !== 0) failures.push(`strict TypeScript consumer:\n${tsc.out}`);

  // 4. Every subpath from CJS and ESM, and the voucher fixtures through each, on each Node.
  const fixtures = join(root, 'fixtures', 'voucher');
  const body = (load) => `
const fs = require('node:fs');
const path = require('node:path');
(async () => {
  const subpaths = Object.keys(require('yibao-pos/package.json').exports).filter((s) => s !== './package.json' && !/\\.wasm$/.test(s));
  const loaded = {};
  for (const s of subpaths) loaded[s] = Object.keys(await ${load}(s === '.' ? 'yibao-pos' : 'yibao-pos' + s.slice(1))).length;
  const { verifyVoucher, verifyTrustList, MemoryReplayGuard } = await ${load}('yibao-pos/voucher');
  const dir = ${JSON.stringify(fixtures)};
  const fx = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8'));
  const clock = () => fx.now * 1000;
  const trust = await verifyTrustList(fs.readFileSync(path.join(dir, 'trust.jws'), 'utf8'), JSON.parse(fs.readFileSync(path.join(dir, 'root.public.jwk'), 'utf8')), { clock });
  const outcome = (token, guard, use) => verifyVoucher(token, { trust, clock, skewSec: fx.skew, replayGuard: guard, ...(use ? { use } : {}) }).then(() => 'ok', (e) => e.code);
  const wrong = [];
  for (const c of fx.cases) {
    const guard = new MemoryReplayGuard();
    const got = await outcome(c.token, guard, c.use);
    const then = c.then ? await outcome(c.token, guard, c.use) : undefined;
    if (got !== c.expect || then !== c.then) wrong.push(c.name + ': ' + got);
  }
  // PIN sealing (jose's JWE in the CJS copy) and its output's shape: five base64url parts.
  const { sealPinBlock } = await ${load}('yibao-pos/pin');
  const pinKey = JSON.parse(fs.readFileSync(path.join(dir, 'pin.public.jwk'), 'utf8'));
  const sealed = await sealPinBlock('123456', { jti: 'j-1', msgid: 'm-1', amountFen: 100, pinKey });
  if (sealed.split('.').length !== 5) wrong.push('sealPinBlock: ' + sealed.slice(0, 20));
  console.log(JSON.stringify({ loaded, cases: fx.cases.length, wrong }));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
`;
  writeFileSync(join(consumer, 'check.cjs'), body('(async (id) => require(id))'));
  writeFileSync(join(consumer, 'check.mjs'), `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${body('(async (id) => import(id))')}`);
  const nodes = [process.execPath, nodeBinary(oldestNode())];
  for (const node of nodes) {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    for (const file of ['check.cjs', 'check.mjs']) {
      const r = run(node, [file], { cwd: consumer });
      const kind = file.endsWith('.cjs') ? 'CJS' : 'ESM';
      if (r.code !== 0) {
        failures.push(`Node ${version} ${kind}:\n${r.out}`);
        say(`Node ${version} ${kind}: FAILED`);
        continue;
      }
      const res = JSON.parse(r.stdout.trim().split('\n').pop());
      const subpaths = Object.entries(res.loaded).map(([s, n]) => `${s} (${n})`).join(', ');
      say(`Node ${version} ${kind}: ${Object.keys(res.loaded).length} subpaths load [${subpaths}]; fixtures ${res.cases - res.wrong.length}/${res.cases} as expected; PIN block sealed`);
      if (res.wrong.length) failures.push(`Node ${version} ${kind} fixtures: ${res.wrong.join(', ')}`);
    }
    // The installed command (ESM) verifies a fixture code.
    const fx = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8'));
    const token = fx.cases.find((c) => c.name === 'valid-es256').token;
    const cliArgs = [join(consumer, 'node_modules', 'yibao-pos', 'bin', 'yibao-pos'), 'verify', token, '--trust', join(fixtures, 'trust.jws'), '--root', join(fixtures, 'root.public.jwk'), '--now', String(fx.now), '--json'];
    const cli = run(node, cliArgs, { cwd: consumer });
    const ok = cli.code === 0 && JSON.parse(cli.stdout).ok === true;
    say(`Node ${version} CLI: yibao-pos verify ${ok ? 'accepts a fixture code' : 'FAILED'}`);
    if (!ok) failures.push(`Node ${version} CLI verify (exit ${cli.code}):\n${cli.out}`);
  }
} finally {
  if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  else say(`kept ${work}`);
}

if (failures.length) {
  process.stderr.write(`\npackage check FAILED:\n${failures.join('\n\n')}\n`);
  process.exit(1);
}
say('package check passed');
