// Candour: the answer page and its receipt page (docs/protocol.md, "In a browser"). Optional: the
// form works without it (paste the pass; the page's own submission id is sent).
//
// On the form it fills in the survey pass this browser made for this survey, if any, and just before
// sending gives the submission an id chosen on this device, saved first in localStorage with the pass
// it is for, so that sending again after a lost reply reuses it (and gets the same receipt). On the
// receipt page it recomputes the receipt from that id and the pass; when it matches, the used pass
// and its pending submission are deleted from this browser and the receipt is kept instead.
import { b64urlDecode, b64urlEncode } from './blind-rsa.js';

const PASSES = 'candour.passes';
const SUBMISSIONS = 'candour.submissions';
const RECEIPTS = 'candour.receipts';
const PASS_PREFIX = 'candour-pass:v1:';

function load(key) {
  const list = JSON.parse(localStorage.getItem(key) || '[]');
  return Array.isArray(list) ? list : [];
}

function store(key, list) {
  localStorage.setItem(key, JSON.stringify(list));
}

// The pass in the pass box, or null when it is not one (the server then says what is wrong).
function readPass(text) {
  const bare = text.replace(/\s/g, '');
  if (!bare.startsWith(PASS_PREFIX)) {
    return null;
  }
  try {
    const pass = JSON.parse(new TextDecoder().decode(b64urlDecode(bare.slice(PASS_PREFIX.length))));
    return pass && typeof pass.message === 'string' ? pass : null;
  } catch (e) {
    return null;
  }
}

function answerForm(form) {
  const field = document.getElementById('pass');
  const survey = form.dataset.survey;
  const passes = load(PASSES).filter((p) => p.surveyId === survey);
  if (!field.value && passes.length > 0) {
    const pass = passes[passes.length - 1];
    field.value = PASS_PREFIX + b64urlEncode(new TextEncoder().encode(JSON.stringify(pass)));
  }
  form.addEventListener('submit', () => {
    const pass = readPass(field.value);
    if (!pass) {
      return;
    }
    const pending = load(SUBMISSIONS);
    let entry = pending.find((s) => s.surveyId === survey && s.message === pass.message);
    if (!entry) {
      const id = b64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
      entry = { surveyId: survey, message: pass.message, submissionId: id };
      pending.push(entry);
      store(SUBMISSIONS, pending);
    }
    document.getElementById('submission-id').value = entry.submissionId;
  });
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

// base64url(SHA-256("candour-receipt:v2" ‖ submission id ‖ SHA-256(prepared message))).
async function receiptOf(entry) {
  const label = new TextEncoder().encode('candour-receipt:v2');
  const id = b64urlDecode(entry.submissionId);
  const tokenHash = await sha256(b64urlDecode(entry.message));
  const input = new Uint8Array(label.length + id.length + tokenHash.length);
  input.set(label, 0);
  input.set(id, label.length);
  input.set(tokenHash, label.length + id.length);
  return b64urlEncode(await sha256(input));
}

async function receiptPage(code) {
  const survey = code.dataset.survey;
  const receipt = code.textContent.trim();
  for (const entry of load(SUBMISSIONS).filter((s) => s.surveyId === survey)) {
    if ((await receiptOf(entry)) !== receipt) {
      continue;
    }
    store(PASSES, load(PASSES).filter((p) => p.message !== entry.message));
    store(SUBMISSIONS, load(SUBMISSIONS).filter((s) => s.message !== entry.message));
    const receipts = load(RECEIPTS);
    if (!receipts.some((r) => r.receipt === receipt)) {
      receipts.push({ surveyId: survey, receipt });
      store(RECEIPTS, receipts);
    }
    document.getElementById('pass-removed').hidden = false;
  }
}

const form = document.getElementById('answer-form');
const receipt = document.getElementById('receipt');
if (form) {
  answerForm(form);
} else if (receipt) {
  receiptPage(receipt);
}
