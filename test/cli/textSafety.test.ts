import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

const rlo = '\u202E';
const zwsp = '\u200B';
/** Any raw invisible or bidirectional character of the set `cleanText` escapes. */
const raw = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/**
 * Names, subjects, bodies and globs holding a right-to-left override or a zero-width space, written through the
 * real `coord` and read back in its human output: shown as `\u202E` and `\u200B`, never raw. Windows line endings
 * in a body from stdin are stored as LF.
 */
describe('cli text safety: invisible characters are shown escaped, CRLF bodies are normalised', function () {
  this.timeout(120_000);
  let dir: string;
  let cleanup: () => void;
  let spoof: string;
  let reader: string;
  let messageId: string;
  before(() => {
    ({ dir, cleanup } = makeTempDir('coord-text-'));
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
    spoof = startSessionCli(dir, `admin${rlo}nimda`, ['--role', `re${zwsp}viewer`]);
    reader = startSessionCli(dir, 'reader');
  });
  after(() => cleanup());

  function human(args: string[], session?: string): string {
    const run = coordSync(args, { cwd: dir, ...(session ? { session } : {}) });
    assert.equal(run.code, 0, `coord ${args.join(' ')}: ${run.stdout}${run.stderr}`);
    assert.doesNotMatch(run.stdout + run.stderr, raw, `coord ${args.join(' ')} printed a raw invisible character`);
    return run.stdout;
  }

  it('status shows the session name and role escaped', () => {
    const out = human(['status']);
    assert.ok(out.includes('admin\\u202Enimda'), out);
    assert.ok(out.includes('re\\u200Bviewer'), out);
  });

  it('a path claim with a zero-width space in its glob shows escaped in claim, claims and heartbeat', () => {
    const claim = human(['claim', 'path', `src/${zwsp}auth/**`, '--reason', `fix ${rlo}txt.exe`], spoof);
    assert.ok(claim.includes('src/\\u200Bauth/**'), claim);
    const claims = human(['claims']);
    assert.ok(claims.includes('path src/\\u200Bauth/**'), claims);
    assert.ok(claims.includes('fix \\u202Etxt.exe'), claims);
    assert.ok(human(['heartbeat'], spoof).includes('src/\\u200Bauth/**'));
  });

  it('inbox, read and the hook show the subject and the body escaped, the JSON keeps them as written', () => {
    const asSpoof = { cwd: dir, session: spoof };
    const sent = coordSync(['send', reader, `pay ${zwsp}now`, `line one${rlo}\nline two`, '--json'], asSpoof);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    messageId = sent.json.message.id;
    assert.equal(sent.json.message.subject, `pay ${zwsp}now`, 'the record is unchanged: only what is shown is escaped');
    assert.ok(human(['inbox'], reader).includes('pay \\u200Bnow'));
    const read = human(['read', messageId], reader);
    assert.ok(read.includes('Subject:  pay \\u200Bnow'), read);
    assert.ok(read.endsWith('line one\\u202E\nline two\n') || read.endsWith('line one\\u202E\nline two'), read);
    coordSync(['send', reader, `second ${rlo}one`, `b${zwsp}ody`], { cwd: dir, session: spoof });
    const hook = human(['hook'], reader);
    assert.ok(hook.includes('second \\u202Eone') && hook.includes('b\\u200Body'), hook);
    coordSync(['send', reader, `third ${rlo}one`, 'x'], { cwd: dir, session: spoof });
    const asReader = { cwd: dir, session: reader };
    const claude = coordSync(['hook', '--format', 'claude', '--event', 'UserPromptSubmit'], asReader);
    assert.equal(claude.code, 0, claude.stderr);
    // What reaches the model is the JSON's text: escaped there, not merely in the JSON encoding.
    const context = JSON.parse(claude.stdout).hookSpecificOutput.additionalContext as string;
    assert.ok(context.includes('third \\u202Eone'), context);
    assert.doesNotMatch(context, raw);
  });

  it('a body with Windows line endings from stdin is accepted and stored with LF', () => {
    const input = 'one\r\ntwo\r\n\r\nthree\r\n';
    const run = coordSync(['send', reader, 'crlf', '-', '--json'], { cwd: dir, session: spoof, input });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const id = run.json.message.id as string;
    const read = coordSync(['read', id, '--json'], { cwd: dir, session: reader });
    assert.equal(read.json.message.body, 'one\ntwo\n\nthree\n');
    const inbox = join(dir, 'docs', 'coordination', 'messages', reader);
    const file = readdirSync(inbox).find((f) => f.startsWith(id));
    assert.ok(file, `message ${id} in ${inbox}`);
    // JSON writes a CR as the two characters \r.
    assert.ok(!readFileSync(join(inbox, file), 'utf8').includes('\\r'), 'no CR in the stored record');
  });

  it('a lone carriage return is still refused, naming what is allowed', () => {
    const run = coordSync(['send', reader, 'cr', '-', '--json'], { cwd: dir, session: spoof, input: 'over\rwrite' });
    assert.equal(run.code, 2);
    assert.match(run.json.error.message, /control characters.*CRLF/);
  });
});
