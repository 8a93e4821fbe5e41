// Screenshots of the main pages for the README, taken in Debian's Chromium
// from a server holding the demonstration casebook.
//
// usage: node screenshots.js URL USER PASSWORD OUTDIR
// (scripts/screenshots.sh starts the server and passes these.)
'use strict';

const path = require('path');
const {
  launch, assert, signInEnrolling, signOut, signIn,
} = require('./lib.js');

async function shoot(page, url, file, outdir) {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  const target = path.join(outdir, file);
  await page.screenshot({ path: target, fullPage: false });
  console.log(`screenshots: ${target}`);
}

// The first listed person whose status is known (so the page shows acts),
// else the first person.
async function personWithAStatus(page) {
  const links = await page.$$eval('main tr', (rows) => rows.map((r) => {
    const a = r.querySelector('a[href^="/people/V-"]');
    const cells = r.querySelectorAll('td');
    return a ? { href: a.getAttribute('href'),
      status: cells.length > 1 ? cells[1].textContent.trim() : '' } : null;
  }).filter(Boolean));
  assert(links.length, 'the demonstration casebook lists people');
  return (links.find((l) => l.status) || links[0]).href;
}

async function run() {
  const [url, user, password, outdir] = process.argv.slice(2);
  if (!outdir) {
    console.error('usage: node screenshots.js URL USER PASSWORD OUTDIR');
    process.exit(2);
  }
  const context = await launch({ viewport: { width: 1280, height: 860 } });
  try {
    const page = await context.newPage();
    const secret = await signInEnrolling(page, url, user, password);
    await signOut(page);
    await signIn(page, url, user, password, secret);
    await shoot(page, `${url}/`, 'dashboard.png', outdir);
    await shoot(page, `${url}/people`, 'people.png', outdir);
    const href = await personWithAStatus(page);
    const id = href.split('/').pop();
    await shoot(page, `${url}${href}`, 'person.png', outdir);
    await shoot(page, `${url}/records/person/${id}/edit`, 'edit.png', outdir);
  } finally {
    await context.close();
  }
}

run().catch((e) => {
  console.error(`screenshots: ${e.stack || e}`);
  process.exit(1);
});
