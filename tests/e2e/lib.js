// What the browser tests share: Debian's Chromium through playwright-core,
// a vigil server on a free 127.0.0.1 port with a fresh database, and
// RFC 6238 codes computed from an enrolled secret.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const SKIP = 77;
const CHROMIUM = process.env.VIGIL_CHROMIUM || '/usr/bin/chromium';

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(SKIP);
}

function needEnv(name) {
  const v = process.env[name];
  if (!v) skip(`${name} is not set (run through ctest)`);
  return v;
}

function playwright() {
  try {
    return require(path.join(__dirname, 'node_modules', 'playwright-core'));
  } catch (e) {
    skip('tests/e2e/node_modules is missing: run scripts/test-setup.sh');
  }
  return null;
}

function scratchDir(tag) {
  const base = process.env.VIGIL_TMP || os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `e2e-${tag}-`));
}

// A Chromium that keeps nothing and calls nowhere; a fresh profile each
// time. Skips the test when the browser cannot start on this machine.
async function launch(options = {}) {
  const { chromium } = playwright();
  if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} is missing`);
  const profile = scratchDir('profile');
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
        '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
      ...options,
    });
    context.setDefaultTimeout(15000);
    return context;
  } catch (e) {
    skip(`chromium cannot start: ${e.message.split('\n')[0]}`);
  }
  return null;
}

// Runs the vigil binary; throws with its stderr when it fails.
function vigil(args, input) {
  const bin = needEnv('VIGIL_BIN');
  const r = spawnSync(bin, args, {
    input: input === undefined ? '' : input,
    encoding: 'utf8',
    env: process.env,
  });
  if (r.status !== 0) {
    throw new Error(`vigil ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return r.stdout;
}

// Starts `vigil serve` on 127.0.0.1 with port 0 and reads the bound port
// from what it prints. Resolves to { url, stop }.
function serve(db, extra = []) {
  const bin = needEnv('VIGIL_BIN');
  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0',
    ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vigil serve did not say its port: ${seen}`));
    }, 15000);
    const look = (chunk) => {
      seen += chunk.toString();
      const m = seen.match(/127\.0\.0\.1:(\d+)/);
      if (!m || m[1] === '0') return;
      clearTimeout(timer);
      const stop = () => new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
      resolve({ url: `http://127.0.0.1:${m[1]}`, stop, child });
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vigil serve exited ${code}: ${seen}`));
    });
  });
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[^A-Z2-7]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of clean) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 6238 with the defaults every authenticator app uses: HMAC-SHA1,
// 30-second steps, 6 digits.
function totpAtStep(secretBase32, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32Decode(secretBase32))
    .update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}

function totp(secretBase32, when = Date.now()) {
  return totpAtStep(secretBase32, Math.floor(when / 1000 / 30));
}

// A code never used before for this secret, as a server that refuses
// replayed codes wants: the next step once the current one is spent
// (servers accept one step of clock drift either way).
const lastStep = new Map();
function freshTotp(secretBase32) {
  const now = Math.floor(Date.now() / 1000 / 30);
  const step = Math.max(now, (lastStep.get(secretBase32) ?? -1) + 1);
  lastStep.set(secretBase32, step);
  return totpAtStep(secretBase32, step);
}

// A fresh database with one account; returns { dir, db }.
function freshDatabase(tag, user, role, password) {
  const dir = scratchDir(tag);
  const db = path.join(dir, 'vigil.db');
  vigil(['init', '--db', db]);
  vigil(['user', 'add', user, '--role', role, '--password-stdin', '--db', db],
    `${password}\n`);
  return { dir, db };
}

async function submit(page, formSelector) {
  await Promise.all([
    page.waitForNavigation(),
    page.click(`${formSelector} button[type=submit]`),
  ]);
}

// First sign-in of an account that must enrol two-factor: the server
// sends it to the enrolment page, whose key we turn into a code the way
// an authenticator app would. Returns the secret.
async function signInEnrolling(page, url, user, password) {
  await page.goto(`${url}/login`);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await submit(page, 'form.login');
  assert(page.url().includes('/account/totp'),
    `first sign-in leads to enrolment, not ${page.url()}`);
  const secret = (await page.textContent('#totp-secret')).trim();
  await page.fill('form[action="/account/totp"] #code', freshTotp(secret));
  await submit(page, 'form[action="/account/totp"]');
  assert(!page.url().includes('/account/totp') ||
    !(await page.$('.error')), 'enrolment accepted');
  return secret;
}

async function signIn(page, url, user, password, secret) {
  await page.goto(`${url}/login`);
  await page.fill('#username', user);
  await page.fill('#password', password);
  if (secret) await page.fill('#code', freshTotp(secret));
  await submit(page, 'form.login');
  const who = await page.textContent('.who').catch(() => '');
  assert(who.includes(user), `signed in as ${user}: ${page.url()}`);
}

async function signOut(page) {
  await submit(page, 'form.signout');
  assert(!(await page.$('form.signout')), 'signed out');
}

// Runs fn, then the cleanups, and exits 0, or 1 with the error.
async function main(fn) {
  const cleanups = [];
  let failed = null;
  try {
    await fn((c) => cleanups.push(c));
  } catch (e) {
    failed = e;
  }
  for (const c of cleanups.reverse()) {
    try { await c(); } catch (e) { /* already failing or done */ }
  }
  if (failed) {
    console.error(`FAIL: ${failed.stack || failed}`);
    process.exit(1);
  }
  console.log('1 passed, 0 failed');
  process.exit(0);
}

function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}

module.exports = {
  skip, launch, vigil, serve, totp, freshTotp, base32Decode, scratchDir, main, assert,
  freshDatabase, submit, signInEnrolling, signIn, signOut,
};
