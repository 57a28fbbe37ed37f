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

function showPass(pass) {
  document.getElementById('pass').value = encodePass(pass);
  document.getElementById('pass-key').textContent = pass.keyId;
  document.getElementById('pass-survey').textContent = pass.surveyId;
  document.getElementById('pass-section').hidden = false;
  document.getElementById('pass').focus();
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
  const directory = await fetch('/api/v1/surveys/' + encodeURIComponent(found.surveyId) + '/issuer-keys',
    { credentials: 'omit', cache: 'no-store' }).then((r) => r.json());
  const entry = (directory.keys || []).find((k) => k.keyId === found.keyId);
  if (!entry || directory.algorithm !== 'RSABSSA-SHA384-PSS-Randomized') {
    throw new Error('The survey\'s published keys do not include the key for your invitation. Do not continue; '
      + 'tell whoever runs the survey.');
  }
  const spki = b64urlDecode(entry.spki);
  if ((await sha256Hex(spki)) !== found.keyId) {
    throw new Error('The survey\'s key does not match its fingerprint. Do not continue; tell whoever runs the survey.');
  }

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

  say('Asking Candour to sign your blinded pass…');
  const issued = await post('/api/v1/tokens/issue',
    { invitationCode: code, keyId: pending.keyId, blindedMessage: pending.blinded });
  const prepared = b64urlDecode(pending.prepared);
  const inv = BigInt('0x' + pending.inv);
  const signature = await finalizeAndVerify(spki, prepared, b64urlDecode(issued.blindSignature), inv);
  const pass = {
    surveyId: pending.surveyId, keyId: pending.keyId, message: pending.prepared, signature: b64urlEncode(signature),
  };
  savePass(pass);
  localStorage.removeItem(storeKey);
  return pass;
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
    const pass = await getPass(code);
    codeInput.value = '';
    say('Your pass is ready and checked. Keep it safe.');
    showPass(pass);
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
