// The reading flow with JavaScript disabled, as in Tor Browser at its
// safest level: sign in with two-factor, find a person by a Latin spelling
// of a Cyrillic name, read what was done and the cited passage, sign out.
'use strict';

const fs = require('fs');
const path = require('path');
const {
  launch, vigil, serve, main, assert, freshDatabase, submit,
  signInEnrolling, signIn, signOut,
} = require('./lib.js');

const USER = 'bek';
const PASSWORD = 'another long passphrase';
const CYRILLIC = 'Гарапа Насиоллаұлы';
const LATIN = 'Garapa Nasiollauly';
const QUOTE = 'Since the summer of 2021 the family has had no word of him.';

function casebook(dir, db) {
  const file = path.join(dir, 'records.json');
  fs.writeFileSync(file, JSON.stringify({
    vigil: 1,
    records: [
      { record: 'person', id: 'V-000001',
        names: [{ name: CYRILLIC, script: 'Cyrl', kind: 'primary' }],
        occupation: 'poet' },
      { record: 'act', id: 'A-000001', victim: 'V-000001',
        type: 'disappearance', start_date: 'July 2021' },
      { record: 'source', id: 'S-000001', kind: 'testimony',
        title: 'A relative speaks', full_text: QUOTE },
      { record: 'citation', id: 'C-000001', source: 'S-000001',
        record_type: 'person', record_id: 'V-000001', quote: QUOTE },
    ],
  }));
  vigil(['import', 'json', file, '--db', db]);
}

main(async (cleanup) => {
  const { dir, db } = freshDatabase('nojs', USER, 'admin', PASSWORD);
  casebook(dir, db);
  const server = await serve(db);
  cleanup(server.stop);
  const context = await launch({ javaScriptEnabled: false });
  cleanup(() => context.close());
  const page = await context.newPage();
  const url = server.url;

  const secret = await signInEnrolling(page, url, USER, PASSWORD);
  await signOut(page);
  await signIn(page, url, USER, PASSWORD, secret);

  // The search form is a plain GET form: it works without scripts.
  await page.goto(`${url}/people`);
  await page.fill('form [name=q]', LATIN);
  await submit(page, 'form:has([name=q])');
  assert(page.url().includes('q=Garapa'), `searched: ${page.url()}`);
  const link = await page.$('main a[href$="/V-000001"]');
  assert(link, `searching "${LATIN}" lists V-000001`);
  await Promise.all([page.waitForNavigation(), link.click()]);

  const body = await page.textContent('main');
  assert(body.includes(CYRILLIC), 'the name on the person page');
  assert(/Disappearance/.test(body), 'the act on the person page');
  assert((await page.textContent('blockquote')).includes('no word of him'),
    'the cited passage');
  // Nothing on the page depends on a script to be read.
  assert(!(await page.$('noscript')), 'no "enable JavaScript" fallbacks');

  await signOut(page);
});
