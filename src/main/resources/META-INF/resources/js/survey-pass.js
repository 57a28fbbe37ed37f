// Candour: makes a survey pass on the respondent's own device (docs/protocol.md).
// The invitation code is sent only to look it up and to pay for the pass; the pass itself is
// random, blinded here before it leaves the browser, and verified here before it is kept.
import { b64urlDecode, b64urlEncode, blind, finalizeAndVerify, hex, prepare } from './blind-rsa.js';

const form = document.getElementById('pass-form');
const codeInput = document.getElementById('code');
const statusLine = document.getElementById('status');
const button = document.getElementById('get-pass');

function say(text, isError) {
  statusLine.textContent = text;
  statusLine.className = isError ? 'error' : 'notice';
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(json.error || ('The server answered ' + response.status + '.'));
    error.status = response.status;
    throw error;
  }
  json.httpStatus = response.status;
  return json;
}

async function sha256Hex(bytes) {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

function normalise(code) {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

// Where an unfinished request is kept, so that a retry can send exactly the same blinded message.
async function pendingKey(code) {
  return 'candour.pending.' + (await sha256Hex(new TextEncoder().encode(normalise(code))));
}

function savePass(pass) {
  const all = JSON.parse(localStorage.getItem('candour.passes') || '[]');
  if (!all.some((p) => p.signature === pass.signature)) {
    all.push(pass);
  }
  localStorage.setItem('candour.passes', JSON.stringify(all));
}

export function encodePass(pass) {
  return 'candour-pass:v1:' + b64urlEncode(new TextEncoder().encode(JSON.stringify(pass)));
}

function showPass(pass, roundSize) {
  document.getElementById('pass').value = encodePass(pass);
  document.getElementById('pass-key').textContent = pass.keyId;
  document.getElementById('pass-survey').textContent = pass.surveyId;
  document.getElementById('pass-round').textContent = roundSize > 0 ? String(roundSize) : 'several';
  document.getElementById('answer-link').href = '/s/' + encodeURIComponent(pass.surveyId) + '/answer';
  document.getElementById('pass-section').hidden = false;
  form.hidden = true;
  document.getElementById('answer-link').focus();
}

async function getPass(code) {
  say('Looking up your invitation…');
  const found = await post('/api/v1/tokens/lookup', { invitationCode: code });
  const storeKey = await pendingKey(code);
  let pending = JSON.parse(localStorage.getItem(storeKey) || 'null');
  if (found.used && !pending) {
    throw new Error('This invitation has already been used for a survey pass. If you saved your pass, '
      + 'use that one; each invitation gives one pass only.');
  }

  say('Checking the survey\'s key…');
  const spki = await directoryKey(found.surveyId, found.keyId);

  if (!pending || pending.keyId !== found.keyId) {
    say('Making your pass on this device…');
    const nonce = crypto.getRandomValues(new Uint8Array(32));
    const msg = new TextEncoder().encode('candour:v1:' + found.surveyId + ':' + found.keyId + ':' + hex(nonce));
    const prepared = prepare(msg);
    const { blindedMessage, inv } = await blind(spki, prepared);
    pending = {
      surveyId: found.surveyId, keyId: found.keyId, prepared: b64urlEncode(prepared),
      blinded: b64urlEncode(blindedMessage), inv: inv.toString(16),
    };
    localStorage.setItem(storeKey, JSON.stringify(pending));
  }

  pending.code = code;
  localStorage.setItem(storeKey, JSON.stringify(pending));
  return awaitRound(pending, storeKey, spki);
}

const roundSection = document.getElementById('round-section');
const pollSeconds = Number(roundSection.dataset.pollSeconds) || 15;
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// Pages ask on the clock, at whole multiples of the poll interval, so that every page waiting on a
// round learns of its release at the same moment (docs/protocol.md, "Issuance rounds").
function untilNextTick() {
  const tick = pollSeconds * 1000;
  return tick - (Date.now() % tick) + Math.floor(Math.random() * Math.min(500, tick / 10));
}

let smallerRound = null;

function showRound(answer) {
  const waiting = answer.waiting;
  document.getElementById('round-count').textContent = 'Passes waiting in your group, yours included: '
    + waiting + ' of the ' + answer.k + ' a round needs.'
    + (answer.minRound < answer.k ? ' You accept a round of ' + answer.minRound + ' or more.' : '');
  const input = document.getElementById('min-round');
  input.max = String(Math.max(1, answer.k - 1));
  if (!input.value) {
    input.value = String(Math.min(Math.max(1, waiting), answer.k - 1));
  }
  roundSection.hidden = false;
}

// Claims the invitation (or asks about the claim) until its round has been released and signed.
async function awaitRound(pending, storeKey, spki) {
  let minRound = null;
  for (;;) {
    const body = { invitationCode: pending.code, keyId: pending.keyId, blindedMessage: pending.blinded };
    if (smallerRound !== null) {
      minRound = smallerRound;
      smallerRound = null;
    }
    if (minRound !== null) {
      body.minRound = minRound;
    }
    const answer = await post('/api/v1/tokens/issue', body);
    minRound = null;
    if (answer.httpStatus === 200 && answer.blindSignature) {
      roundSection.hidden = true;
      const prepared = b64urlDecode(pending.prepared);
      const inv = BigInt('0x' + pending.inv);
      const signature = await finalizeAndVerify(spki, prepared, b64urlDecode(answer.blindSignature), inv);
      const pass = {
        surveyId: pending.surveyId, keyId: pending.keyId, message: pending.prepared,
        signature: b64urlEncode(signature),
      };
      savePass(pass);
      localStorage.removeItem(storeKey);
      return { pass, roundSize: answer.roundSize };
    }
    if (answer.status === 'released') {
      say('Your round is complete. Your pass is being signed…');
      roundSection.hidden = true;
    } else {
      say('Your invitation is accepted and your pass is waiting for its round.');
      if (roundSection.hidden) {
        form.hidden = true;
        showRound(answer);
        document.getElementById('round-h').scrollIntoView();
      } else {
        showRound(answer);
      }
    }
    await sleep(untilNextTick());
  }
}

async function directoryKey(surveyId, keyId) {
  const directory = await fetch('/api/v1/surveys/' + encodeURIComponent(surveyId) + '/issuer-keys',
    { credentials: 'omit', cache: 'no-store' }).then((r) => r.json());
  const entry = (directory.keys || []).find((k) => k.keyId === keyId);
  if (!entry || directory.algorithm !== 'RSABSSA-SHA384-PSS-Randomized') {
    throw new Error('The survey\'s published keys do not include the key for your invitation. Do not continue; '
      + 'tell whoever runs the survey.');
  }
  const spki = b64urlDecode(entry.spki);
  if ((await sha256Hex(spki)) !== keyId) {
    throw new Error('The survey\'s key does not match its fingerprint. Do not continue; tell whoever runs the survey.');
  }
  return spki;
}

document.getElementById('smaller-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = Number(document.getElementById('min-round').value);
  if (!Number.isInteger(value) || value < 1) {
    say('Give the smallest round you accept as a whole number, 1 or more.', true);
    return;
  }
  smallerRound = value;
  document.getElementById('go-on').open = false;
  say('You accept a round of ' + value + ' or more. Your page asks again at the next check.');
});

function finished(made) {
  codeInput.value = '';
  say('Your pass is ready and checked. Keep it safe.');
  showPass(made.pass, made.roundSize);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = codeInput.value.trim();
  if (!code) {
    say('Type your invitation code first.', true);
    return;
  }
  button.disabled = true;
  try {
    finished(await getPass(code));
  } catch (err) {
    say(err.message || String(err), true);
  } finally {
    button.disabled = false;
  }
});

document.getElementById('save-pass').addEventListener('click', () => {
  const text = document.getElementById('pass').value;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text + '\n'], { type: 'text/plain' }));
  link.download = 'candour-survey-pass.txt';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

document.getElementById('print-pass').addEventListener('click', () => window.print());

// A link may carry the code in its fragment (#code=...), which is never sent to any server.
const fromLink = new URLSearchParams(location.hash.slice(1)).get('code');
if (fromLink) {
  codeInput.value = fromLink;
  history.replaceState(null, '', location.pathname);
}

// A claim left waiting on this device (the page was closed): resume asking about it.
async function resume() {
  for (let i = 0; i < localStorage.length; i++) {
    const storeKey = localStorage.key(i);
    if (!storeKey.startsWith('candour.pending.')) {
      continue;
    }
    const pending = JSON.parse(localStorage.getItem(storeKey) || 'null');
    if (!pending || !pending.code) {
      continue;
    }
    button.disabled = true;
    try {
      say('Welcome back: asking about the pass you were waiting for…');
      finished(await awaitRound(pending, storeKey, await directoryKey(pending.surveyId, pending.keyId)));
    } catch (err) {
      say(err.message || String(err), true);
    } finally {
      button.disabled = false;
    }
    return;
  }
}

if (!fromLink) {
  resume();
}
