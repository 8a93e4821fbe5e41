// The work of a volunteer, in a real Chromium: sign in with two-factor,
// record a man whose name reached us in Cyrillic, find him by a Latin
// spelling, record what was done to him and the passage of a testimony
// that says so, see all of it on his page, sign out.
'use strict';

const {
  launch, serve, main, assert, freshDatabase, submit, signInEnrolling,
  signIn, signOut,
} = require('./lib.js');

const USER = 'ana';
const PASSWORD = 'a long enough passphrase';
const CYRILLIC = 'Гарапа Насиоллаұлы';
const LATIN = 'Garapa Nasiollauly';
const QUOTE = 'They took my father from our house in July 2021 and we have ' +
  'heard nothing since.';

async function saveRecord(page, type) {
  await submit(page, 'form.record');
  const error = await page.$('.error');
  assert(!error, `saving the ${type}: ${error && await error.textContent()}`);
  const m = page.url().match(/\/([A-Z]-\d{6})(?:[?#].*)?$/);
  assert(m, `the new ${type} has a page: ${page.url()}`);
  return m[1];
}

main(async (cleanup) => {
  const { db } = freshDatabase('casebook', USER, 'admin', PASSWORD);
  const server = await serve(db);
  cleanup(server.stop);
  const context = await launch();
  cleanup(() => context.close());
  const page = await context.newPage();
  const url = server.url;

  const secret = await signInEnrolling(page, url, USER, PASSWORD);
  await signOut(page);
  await signIn(page, url, USER, PASSWORD, secret);

  // A person whose name is written in Cyrillic.
  await page.goto(`${url}/records/person/new`);
  await page.fill('[id="f_names.0.name"]', CYRILLIC);
  await page.selectOption('[id="f_names.0.script"]', 'Cyrl');
  await page.fill('#f_occupation', 'poet');
  const person = await saveRecord(page, 'person');

  // Found from a Latin spelling.
  await page.goto(`${url}/people`);
  await page.fill('form [name=q]', LATIN);
  await Promise.all([page.waitForNavigation(), page.press('form [name=q]',
    'Enter')]);
  const link = await page.$(`main a[href$="/${person}"]`);
  assert(link, `searching "${LATIN}" lists ${person}`);
  assert((await link.textContent()).includes(CYRILLIC),
    'the result shows the Cyrillic name');
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert(page.url().endsWith(`/${person}`), `on the person page: ${page.url()}`);

  // What was done to him.
  await Promise.all([page.waitForNavigation(),
    page.click('a:has-text("Add an act")')]);
  assert(await page.inputValue('#f_victim') === person, 'victim prefilled');
  await page.selectOption('#f_type', 'detention');
  await page.fill('#f_start_date', 'July 2021');
  await saveRecord(page, 'act');

  // The testimony, and the passage of it that says so.
  await page.goto(`${url}/records/source/new`);
  await page.selectOption('#f_kind', 'testimony');
  await page.fill('#f_title', 'Testimony of his daughter');
  await page.fill('#f_full_text', `My name does not matter. ${QUOTE}`);
  const source = await saveRecord(page, 'source');
  await page.goto(`${url}/records/citation/new?record_type=person` +
    `&record_id=${person}&source=${source}`);
  await page.fill('#f_source', source);
  await page.selectOption('#f_record_type', 'person');
  await page.fill('#f_record_id', person);
  await page.fill('#f_quote', QUOTE);
  await saveRecord(page, 'citation');

  // All of it on his page.
  await page.goto(`${url}/people/${person}`);
  const body = await page.textContent('main');
  assert(body.includes(CYRILLIC), 'the name on the person page');
  assert(/Detention/.test(body), 'the act on the person page');
  assert(body.includes('2021'), 'the date of the act');
  const quote = await page.textContent('blockquote');
  assert(quote.includes('They took my father'), 'the cited passage');
  assert(await page.$(`a[href$="/${source}"]`), 'a link to the source');

  await signOut(page);
  await page.goto(`${url}/people/${person}`);
  assert(!(await page.textContent('body')).includes(CYRILLIC),
    'signed out, the person is not shown');
});
