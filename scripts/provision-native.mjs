#!/usr/bin/env node
/**
 * Provisions the native TensorFlow backend (@tensorflow/tfjs-node) without internet access.
 *
 * Runs from the package's own `postinstall` (so `npm ci` runs it), and by hand as
 * `npm run provision` / `node scripts/provision-native.mjs`. It never fails the install: any failure
 * is ONE line (what was tried, why it failed, how to fix it) and the exit code is 0; provably then
 * runs on WASM.
 *
 * Why it is needed: tfjs-node's own install script downloads libtensorflow and a prebuilt addon from
 * storage.googleapis.com. Offline that script fails and npm silently drops the optional package and
 * its whole dependency subtree; npm versions that block dependency scripts until they are approved
 * keep the package but without its addon. Either way the native backend is missing.
 *
 * Steps:
 *  1. Put tfjs-node back: every package of its dependency closure that the lock file lists but that
 *     is missing from node_modules is fetched with `npm pack` (npm's cache, else the npm registry),
 *     checked against the lock file's integrity hash and unpacked where npm would have put it.
 *  2. If tfjs-node's addon already loads (its own install worked, or an earlier provisioning), done.
 *  3. Find libtensorflow, in order: PROVABLY_LIBTENSORFLOW=DIR; an installed TensorFlow for Python;
 *     the tensorflow-cpu wheel from pip's *configured* indexes only (never pip's default index),
 *     extracted once into the per-machine cache.
 *  4. Link it into tfjs-node's deps/ and build the addon against the running Node's own headers,
 *     once per machine (cached by tfjs-node version, Node ABI and library), then check that it loads.
 *
 * Cache: PROVABLY_NATIVE_CACHE, else $XDG_CACHE_HOME/provably/native, else ~/.cache/provably/native.
 * PROVABLY_NATIVE=skip turns provisioning off.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TFJS_NODE = '@tensorflow/tfjs-node';
/** The wheel asked of pip when no TensorFlow is found locally (override: PROVABLY_TENSORFLOW_WHEEL). */
const DEFAULT_WHEEL = 'tensorflow-cpu==2.21.0';
/** Provenance file written into tfjs-node's deps/ folder; read by the backend selection and doctor. */
export const PROVENANCE_FILE = 'provably-native.json';
const PIP_TIMEOUT_S = Number(process.env.PROVABLY_PIP_TIMEOUT ?? 300);
const BUILD_TIMEOUT_S = 600;

class ProvisionError extends Error {
  constructor(tried, why, fix) {
    super(`${tried}: ${why}`);
    this.tried = tried;
    this.why = why;
    this.fix = fix;
  }
}

function log(line) {
  process.stderr.write(`provably: ${line}\n`);
}

const verbose = process.argv.includes('--verbose') || process.env.PROVABLY_NATIVE_VERBOSE === '1';
function debug(line) {
  if (verbose) log(`  ${line}`);
}

export function cacheRoot(env = process.env) {
  if (env.PROVABLY_NATIVE_CACHE) return path.resolve(env.PROVABLY_NATIVE_CACHE);
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'provably', 'native');
}

function run(cmd, args, opts = {}) {
  debug(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: (opts.timeoutS ?? 120) * 1000,
    cwd: opts.cwd,
    env: opts.env ?? process.env,
  });
  const timedOut = r.error && r.error.code === 'ETIMEDOUT';
  return { ok: r.status === 0 && !r.error, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error, timedOut };
}

function lastLine(text) {
  const lines = String(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? '').slice(0, 240);
}

function exists(p) {
  try {
    fs.accessSync(p);
    return true;
  } catch {
    return false;
  }
}

function readJson(p) {
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

/** Renames `tmp` to `final`; if another process got there first, keeps theirs. */
function publish(tmp, final) {
  fs.mkdirSync(path.dirname(final), { recursive: true });
  try {
    fs.renameSync(tmp, final);
  } catch (e) {
    if (!exists(final)) throw e;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function tmpName(p) {
  return `${p}.tmp-${process.pid}-${Date.now()}`;
}

// ---------------------------------------------------------------------------------------------
// 1. tfjs-node and its dependency closure, as the lock file has them.

/** Lock-file key of the package `name` as required from the package at `fromKey` (Node's lookup). */
function resolveInLock(packages, fromKey, name) {
  let key = fromKey;
  for (;;) {
    const candidate = key === '' ? `node_modules/${name}` : `${key}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (key === '') return null;
    const at = key.lastIndexOf('/node_modules/');
    key = at === -1 ? '' : key.slice(0, at);
  }
}

/** Lock entries of tfjs-node's runtime closure that are absent (or another version) on disk. */
export function missingFromClosure(rootDir) {
  const lockPath = path.join(rootDir, 'package-lock.json');
  if (!exists(lockPath)) return { lockFound: false, missing: [] };
  const packages = readJson(lockPath).packages ?? {};
  const start = `node_modules/${TFJS_NODE}`;
  if (!packages[start]) return { lockFound: true, inLock: false, missing: [] };
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    const key = queue.shift();
    const entry = packages[key];
    for (const dep of Object.keys({ ...(entry.dependencies ?? {}), ...(entry.optionalDependencies ?? {}) })) {
      const depKey = resolveInLock(packages, key, dep);
      if (depKey && !seen.has(depKey)) {
        seen.add(depKey);
        queue.push(depKey);
      }
    }
  }
  const missing = [];
  for (const key of seen) {
    const entry = packages[key];
    if (entry.link || entry.dev) continue;
    const pj = path.join(rootDir, key, 'package.json');
    let onDisk = null;
    try {
      onDisk = readJson(pj).version;
    } catch {
      // absent or unreadable: restore it
    }
    if (onDisk !== entry.version) {
      const name = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      missing.push({ key, name, version: entry.version, integrity: entry.integrity });
    }
  }
  return { lockFound: true, inLock: true, missing };
}

function sriOf(file, algo) {
  return `${algo}-${createHash(algo).update(fs.readFileSync(file)).digest('base64')}`;
}

/** Fetches the missing packages with `npm pack` and unpacks them where the lock file puts them. */
function restoreClosure(rootDir, missing) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'provably-pack-'));
  try {
    const specs = missing.map((m) => `${m.name}@${m.version}`);
    const npm =
      process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
    const r = run(
      npm[0],
      [...npm[1], 'pack', ...specs, '--pack-destination', tmp, '--json', '--prefer-offline', '--ignore-scripts', '--loglevel=error'],
      { cwd: tmp, timeoutS: 300 },
    );
    if (!r.ok) {
      throw new ProvisionError(
        `restoring ${TFJS_NODE} and ${missing.length - 1} dependencies with npm pack`,
        r.timedOut ? 'timed out after 300 s' : lastLine(r.stderr || r.stdout),
        "check that the npm registry (or npm's cache) is reachable, then run `npm run provision`",
      );
    }
    const packed = JSON.parse(r.stdout);
    for (const m of missing) {
      const info = packed.find((p) => p.name === m.name && p.version === m.version);
      if (!info)
        throw new ProvisionError(
          `npm pack ${m.name}@${m.version}`,
          'npm did not report the tarball',
          'run `npm run provision -- --verbose`',
        );
      const file = path.join(tmp, info.filename);
      if (m.integrity) {
        const algo = m.integrity.split('-')[0];
        const got = sriOf(file, algo);
        if (!m.integrity.split(/\s+/).includes(got)) {
          throw new ProvisionError(
            `npm pack ${m.name}@${m.version}`,
            `integrity ${got} differs from the lock file's`,
            'run `npm cache verify` and retry',
          );
        }
      }
      const dest = path.join(rootDir, m.key);
      const staging = tmpName(dest);
      fs.mkdirSync(staging, { recursive: true });
      const t = run('tar', ['-xzf', file, '-C', staging, '--strip-components=1', '--no-same-owner'], { timeoutS: 120 });
      if (!t.ok) throw new ProvisionError(`unpacking ${info.filename}`, lastLine(t.stderr), 'check that `tar` is installed');
      fs.rmSync(dest, { recursive: true, force: true });
      publish(staging, dest);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Does the addon load?

/** N-API version node-pre-gyp builds for (the highest in tfjs-node's list the running Node has). */
function napiBuildVersion(pkg) {
  const have = Number(process.versions.napi);
  const listed = (pkg.binary?.napi_versions ?? []).filter((v) => v <= have);
  return listed.length ? Math.max(...listed) : null;
}

function addonPath(pkgDir, pkg) {
  const v = napiBuildVersion(pkg);
  return v === null
    ? null
    : path.join(pkgDir, pkg.binary.module_path.replace('{napi_build_version}', String(v)), `${pkg.binary.module_name}.node`);
}

/** Loads tfjs-node in a child process; returns the libtensorflow version or the reason it failed. */
function probe(pkgDir) {
  const code = `const tf=require(${JSON.stringify(pkgDir)});tf.setBackend('tensorflow').then(ok=>{if(!ok)throw new Error('setBackend(tensorflow) returned false');process.stdout.write('TF_VERSION='+tf.backend().binding.TF_Version+'\\n')}).catch(e=>{console.error(String(e&&e.message||e).split('\\n')[0]);process.exit(1)})`;
  const env = {
    ...process.env,
    TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2',
    TF_ENABLE_ONEDNN_OPTS: process.env.TF_ENABLE_ONEDNN_OPTS ?? '0',
  };
  const r = run(process.execPath, ['-e', code], { cwd: ROOT, timeoutS: 120, env });
  const m = /TF_VERSION=(\S+)/.exec(r.stdout);
  if (r.ok && m) return { ok: true, version: m[1] };
  const why = r.timedOut ? 'loading it timed out' : lastLine(r.stderr) || `exit ${r.status}`;
  return { ok: false, why };
}

// ---------------------------------------------------------------------------------------------
// 3. libtensorflow.

/**
 * The C library, its framework library and the C headers in `dir`: the layout of the official
 * libtensorflow archive (lib/, include/) or of the TensorFlow wheel (libtensorflow_cc.so.2 next to
 * include/).
 */
export function findLayout(dir) {
  const libNames = ['libtensorflow.so.2', 'libtensorflow.so', 'libtensorflow_cc.so.2'];
  const fwNames = ['libtensorflow_framework.so.2', 'libtensorflow_framework.so'];
  for (const libDir of [path.join(dir, 'lib'), dir]) {
    const lib = libNames.map((n) => path.join(libDir, n)).find(exists);
    const fw = fwNames.map((n) => path.join(libDir, n)).find(exists);
    if (!lib || !fw) continue;
    for (const inc of [path.join(dir, 'include'), path.join(libDir, 'include')]) {
      if (exists(path.join(inc, 'tensorflow', 'c', 'c_api.h')) && exists(path.join(inc, 'tensorflow', 'c', 'eager', 'c_api.h'))) {
        return { lib: fs.realpathSync(lib), framework: fs.realpathSync(fw), include: fs.realpathSync(inc) };
      }
    }
    return null;
  }
  return null;
}

function fromEnvDir(attempts) {
  const dir = process.env.PROVABLY_LIBTENSORFLOW;
  if (!dir) {
    attempts.push('PROVABLY_LIBTENSORFLOW (not set)');
    return null;
  }
  const layout = exists(dir) ? findLayout(path.resolve(dir)) : null;
  if (!layout) {
    throw new ProvisionError(
      `PROVABLY_LIBTENSORFLOW=${dir}`,
      'no libtensorflow(.so.2 or _cc.so.2), libtensorflow_framework.so.2 and include/tensorflow/c/c_api.h there',
      "point it at an extracted libtensorflow archive or at a TensorFlow wheel's tensorflow/ folder",
    );
  }
  return { ...layout, source: `PROVABLY_LIBTENSORFLOW=${dir}` };
}

function pythons() {
  return ['python3', 'python'];
}

function fromPython(attempts) {
  // tf.sysconfig.get_lib() is the package folder and get_include() its include/; find_spec gives the
  // same folder without importing TensorFlow (seconds, and log lines).
  const code =
    'import importlib.util as u;s=u.find_spec("tensorflow");print(s.submodule_search_locations[0] if s and s.submodule_search_locations else "")';
  for (const py of pythons()) {
    const r = run(py, ['-c', code], { timeoutS: 30 });
    if (!r.ok) continue;
    const dir = r.stdout.trim();
    if (!dir) {
      attempts.push(`TensorFlow for Python (${py}: not installed)`);
      return null;
    }
    const layout = findLayout(dir);
    if (layout) return { ...layout, source: `TensorFlow for Python at ${dir}` };
    attempts.push(`TensorFlow for Python at ${dir} (no libtensorflow_cc.so.2 and headers there)`);
    return null;
  }
  attempts.push('TensorFlow for Python (no python3 found)');
  return null;
}

/** pip's configured index URLs and find-links (config files and PIP_* variables). */
export function pipSources(py) {
  const r = run(py, ['-m', 'pip', 'config', 'list'], { timeoutS: 30 });
  if (!r.ok) return null;
  const values = { 'index-url': [], 'extra-index-url': [], 'find-links': [], 'no-index': [] };
  for (const line of r.stdout.split('\n')) {
    const m = /^[^.]*\.([a-z-]+)='(.*)'$/.exec(line.trim());
    if (m && m[1] in values) values[m[1]].push(...m[2].split(/\s+/).filter(Boolean));
  }
  const envList = (name) => (process.env[name] ?? '').split(/\s+/).filter(Boolean);
  const indexUrls = [
    ...new Set([...envList('PIP_INDEX_URL'), ...values['index-url'], ...envList('PIP_EXTRA_INDEX_URL'), ...values['extra-index-url']]),
  ];
  const findLinks = [...new Set([...envList('PIP_FIND_LINKS'), ...values['find-links']])];
  return { indexUrls, findLinks };
}

function wheelPlatforms() {
  if (process.platform !== 'linux') return null;
  if (process.arch === 'x64') return ['manylinux_2_27_x86_64', 'manylinux_2_17_x86_64'];
  if (process.arch === 'arm64') return ['manylinux_2_27_aarch64', 'manylinux_2_17_aarch64'];
  return null;
}

function fromWheel(cache, attempts) {
  const spec = process.env.PROVABLY_TENSORFLOW_WHEEL ?? DEFAULT_WHEEL;
  const platforms = wheelPlatforms();
  if (!platforms) {
    attempts.push(`the ${spec} wheel (no Linux wheel for ${process.platform}-${process.arch})`);
    return null;
  }
  const slug = spec.replace(/[^A-Za-z0-9.=_-]/g, '_').replace(/=+/g, '-');
  const final = path.join(cache, 'libtensorflow', `${slug}-${platforms[0]}`);
  const ready = path.join(final, 'tensorflow');
  const cached = exists(path.join(final, 'complete.json')) ? findLayout(ready) : null;
  if (cached) return { ...cached, source: `the ${spec} wheel (cached in ${final})` };

  const py = pythons().find((p) => run(p, ['-m', 'pip', '--version'], { timeoutS: 30 }).ok);
  if (!py)
    throw new ProvisionError(
      `the ${spec} wheel`,
      'no pip found (python3 -m pip)',
      'install pip, or set PROVABLY_LIBTENSORFLOW to an extracted libtensorflow',
    );
  const sources = pipSources(py);
  if (!sources || (sources.indexUrls.length === 0 && sources.findLinks.length === 0)) {
    throw new ProvisionError(
      `the ${spec} wheel`,
      'pip has no configured index or find-links (its default index is never asked)',
      "configure pip's index (pip config set global.extra-index-url URL), or set PROVABLY_LIBTENSORFLOW",
    );
  }
  const args = [
    '-m',
    'pip',
    'download',
    spec,
    '--isolated',
    '--no-deps',
    '--only-binary=:all:',
    '--python-version',
    '3.11',
    '--implementation',
    'cp',
    ...platforms.flatMap((p) => ['--platform', p]),
    '--timeout',
    '15',
    '--retries',
    '1',
    '--disable-pip-version-check',
    '--no-input',
    '--progress-bar',
    'off',
  ];
  if (sources.indexUrls.length) {
    args.push('--index-url', sources.indexUrls[0], ...sources.indexUrls.slice(1).flatMap((u) => ['--extra-index-url', u]));
  } else {
    args.push('--no-index');
  }
  args.push(...sources.findLinks.flatMap((f) => ['--find-links', f]));
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const work = tmpName(final);
  fs.mkdirSync(work, { recursive: true });
  try {
    const dl = path.join(work, 'download');
    const t0 = Date.now();
    const r = run(py, [...args, '-d', dl], { timeoutS: PIP_TIMEOUT_S });
    if (!r.ok) {
      throw new ProvisionError(
        `the ${spec} wheel from pip's configured indexes (${[...sources.indexUrls, ...sources.findLinks].join(', ')})`,
        r.timedOut ? `pip timed out after ${PIP_TIMEOUT_S} s` : lastLine(r.stderr || r.stdout),
        'make the wheel available on one of those indexes, or set PROVABLY_LIBTENSORFLOW to an extracted libtensorflow',
      );
    }
    const wheel = fs.readdirSync(dl).find((f) => f.endsWith('.whl'));
    if (!wheel)
      throw new ProvisionError(`the ${spec} wheel`, 'pip reported success but wrote no .whl', 'run `npm run provision -- --verbose`');
    debug(`downloaded ${wheel} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // Only what the addon needs: the two shared libraries and the headers (not the Python package).
    const extract = [
      'import sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'want = ("tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2")',
      'names = [n for n in z.namelist() if n in want or n.startswith("tensorflow/include/")]',
      'z.extractall(sys.argv[2], names)',
      'print(len(names))',
    ].join('\n');
    const x = run(py, ['-c', extract, path.join(dl, wheel), work], { timeoutS: 300 });
    if (!x.ok) throw new ProvisionError(`extracting ${wheel}`, lastLine(x.stderr), 'check free disk space (about 1.1 GB)');
    fs.rmSync(dl, { recursive: true, force: true });
    const layout = findLayout(path.join(work, 'tensorflow'));
    if (!layout)
      throw new ProvisionError(
        `extracting ${wheel}`,
        'the wheel holds no libtensorflow_cc.so.2, libtensorflow_framework.so.2 and C headers',
        'set PROVABLY_TENSORFLOW_WHEEL to a TensorFlow 2 wheel (e.g. tensorflow-cpu==2.21.0)',
      );
    fs.writeFileSync(
      path.join(work, 'complete.json'),
      JSON.stringify({ wheel, spec, extracted: new Date().toISOString() }, null, 2) + '\n',
    );
    publish(work, final);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const layout = findLayout(ready);
  if (!layout) throw new ProvisionError(`the ${spec} wheel`, `${final} is incomplete`, `remove ${final} and retry`);
  return { ...layout, source: `the ${spec} wheel (from pip's configured index, cached in ${final})` };
}

// ---------------------------------------------------------------------------------------------
// 4. Link and build.

function link(target, at) {
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(target, at);
}

/** Points tfjs-node's deps/ at the library (the names its build and its runtime path look for). */
function stageDeps(pkgDir, tf) {
  const deps = path.join(pkgDir, 'deps');
  const lib = path.join(deps, 'lib');
  fs.rmSync(deps, { recursive: true, force: true });
  fs.mkdirSync(lib, { recursive: true });
  const libSoname = path.basename(tf.lib).startsWith('libtensorflow_cc') ? 'libtensorflow_cc.so.2' : 'libtensorflow.so.2';
  // Link time: -ltensorflow -ltensorflow_framework. Run time: the sonames, found through the
  // addon's rpath ($ORIGIN/../../deps/lib). tfjs-node's install script checks libtensorflow.so.2.9.1.
  for (const name of ['libtensorflow.so', libSoname, 'libtensorflow.so.2.9.1']) link(tf.lib, path.join(lib, name));
  for (const name of ['libtensorflow_framework.so', 'libtensorflow_framework.so.2']) link(tf.framework, path.join(lib, name));
  link(tf.include, path.join(deps, 'include'));
}

function fingerprint(file) {
  const st = fs.statSync(file);
  return createHash('sha256')
    .update(`${path.basename(fs.realpathSync(file))}\0${st.size}\0${st.mtimeMs}`)
    .digest('hex')
    .slice(0, 12);
}

/** Headers of the running Node (npm's nodedir, else next to the executable). Never downloaded. */
function nodeHeaders() {
  const candidates = [process.env.npm_config_nodedir, path.dirname(path.dirname(process.execPath))].filter(Boolean);
  for (const dir of candidates) {
    if (exists(path.join(dir, 'include', 'node', 'node_api.h'))) return dir;
  }
  throw new ProvisionError(
    'building the addon',
    `no Node headers (include/node/node_api.h) under ${candidates.join(' or ')}`,
    'install the Node development headers or set npm_config_nodedir to a folder that has include/node',
  );
}

function buildAddon(pkgDir, pkg, cache, tf) {
  const target = addonPath(pkgDir, pkg);
  if (!target)
    throw new ProvisionError(
      'building the addon',
      `this Node's N-API ${process.versions.napi} is older than tfjs-node supports`,
      'use Node 20 or newer',
    );
  const key = `${pkg.version}-napi${napiBuildVersion(pkg)}-abi${process.versions.modules}-${process.platform}-${process.arch}-${fingerprint(tf.lib)}`;
  const cached = path.join(cache, 'addon', key, path.basename(target));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (exists(cached)) {
    fs.copyFileSync(cached, target);
    return { built: false, key };
  }
  const nodedir = nodeHeaders();
  let preGyp;
  try {
    preGyp = path.join(path.dirname(createRequireFrom(pkgDir).resolve('@mapbox/node-pre-gyp/package.json')), 'bin', 'node-pre-gyp');
  } catch {
    throw new ProvisionError('building the addon', '@mapbox/node-pre-gyp is not installed next to tfjs-node', 'run `npm ci` again');
  }
  const t0 = Date.now();
  const r = run(process.execPath, [preGyp, 'install', '--build-from-source', `--nodedir=${nodedir}`], {
    cwd: pkgDir,
    timeoutS: BUILD_TIMEOUT_S,
    env: { ...process.env, npm_config_nodedir: nodedir },
  });
  if (!r.ok || !exists(target)) {
    const why = r.timedOut ? `timed out after ${BUILD_TIMEOUT_S} s` : lastLine(r.stderr || r.stdout);
    throw new ProvisionError(
      'building the addon with node-gyp',
      why,
      'install a C++ toolchain (g++, make, python3), then run `npm run provision`',
    );
  }
  fs.rmSync(path.join(pkgDir, 'build'), { recursive: true, force: true });
  debug(`built the addon in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const tmp = tmpName(cached);
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  fs.copyFileSync(target, tmp);
  publish(tmp, cached);
  return { built: true, key, seconds: (Date.now() - t0) / 1000 };
}

function createRequireFrom(dir) {
  return createRequire(path.join(dir, 'package.json'));
}

// ---------------------------------------------------------------------------------------------

export async function provision() {
  const t0 = Date.now();
  const cache = cacheRoot();
  // In this checkout tfjs-node sits in ./node_modules; where provably is itself a dependency, npm
  // hoists it into the consuming project's node_modules: Node's own lookup finds either.
  const pkgDir = locateTfjsNode() ?? path.join(ROOT, 'node_modules', ...TFJS_NODE.split('/'));

  const closure = missingFromClosure(ROOT);
  if (closure.missing.length) {
    debug(`restoring ${closure.missing.length} packages: ${closure.missing.map((m) => m.name).join(', ')}`);
    restoreClosure(ROOT, closure.missing);
  }
  if (!exists(path.join(pkgDir, 'package.json'))) {
    throw new ProvisionError(
      TFJS_NODE,
      closure.lockFound
        ? 'not in node_modules and not in the lock file'
        : 'not in node_modules and no package-lock.json to restore it from',
      `run \`npm install ${TFJS_NODE}@4.22.0 --ignore-scripts\`, then \`npm run provision\``,
    );
  }
  const pkg = readJson(path.join(pkgDir, 'package.json'));

  const target = addonPath(pkgDir, pkg);
  const provenancePath = path.join(pkgDir, 'deps', PROVENANCE_FILE);
  if (target && exists(target) && !process.argv.includes('--force')) {
    const p = probe(pkgDir);
    if (p.ok) {
      const previous = exists(provenancePath) ? readJson(provenancePath) : null;
      const source = previous ? previous.source : "tfjs-node's own install";
      if (!previous) writeProvenance(provenancePath, { source, libtensorflow: p.version, addon: target });
      return `native backend ready: libtensorflow ${p.version} from ${source}; checked in ${secs(t0)}`;
    }
    debug(`the installed addon does not load (${p.why}); provisioning`);
  }

  const attempts = [];
  let tf;
  try {
    tf = fromEnvDir(attempts) ?? fromPython(attempts) ?? fromWheel(cache, attempts);
  } catch (e) {
    if (e instanceof ProvisionError && attempts.length) e.tried = `${attempts.join(', ')}, then ${e.tried}`;
    throw e;
  }
  if (!tf)
    throw new ProvisionError(attempts.join('; '), 'no libtensorflow found', 'set PROVABLY_LIBTENSORFLOW to an extracted libtensorflow');
  stageDeps(pkgDir, tf);
  const addon = buildAddon(pkgDir, pkg, cache, tf);
  const p = probe(pkgDir);
  if (!p.ok) {
    throw new ProvisionError(
      `tfjs-node with libtensorflow from ${tf.source}`,
      `the addon does not load: ${p.why}`,
      'run `npm run provision -- --force --verbose` and see the output',
    );
  }
  writeProvenance(provenancePath, {
    source: tf.source,
    libtensorflow: p.version,
    lib: tf.lib,
    framework: tf.framework,
    include: tf.include,
    addon: target,
    addonKey: addon.key,
    cache,
  });
  return `native backend ready: libtensorflow ${p.version} from ${tf.source}; addon ${addon.built ? `built in ${addon.seconds.toFixed(0)} s (cached for this machine)` : 'from the machine cache'}; ${secs(t0)} in all`;
}

function locateTfjsNode() {
  try {
    return path.dirname(createRequire(path.join(ROOT, 'package.json')).resolve(`${TFJS_NODE}/package.json`));
  } catch {
    return null;
  }
}

function writeProvenance(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tmpName(file);
  fs.writeFileSync(tmp, JSON.stringify({ ...data, node: process.version, provisioned: new Date().toISOString() }, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

function secs(t0) {
  return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

async function main() {
  if (['skip', 'off', '0'].includes(process.env.PROVABLY_NATIVE ?? '')) {
    log('native backend provisioning skipped (PROVABLY_NATIVE=skip); provably runs on WASM.');
    return;
  }
  try {
    log(await provision());
  } catch (e) {
    const err =
      e instanceof ProvisionError
        ? e
        : new ProvisionError(
            'provisioning the native backend',
            (e instanceof Error ? e.message : String(e)).split('\n')[0],
            'run `npm run provision -- --verbose` and see the output',
          );
    log(`native backend not available (tried ${err.tried}: ${err.why}); provably will run on WASM. Fix: ${err.fix}.`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
  process.exitCode = 0;
}
