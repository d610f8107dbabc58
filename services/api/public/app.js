// The delegate dashboard: pool figures, the daily rewards chart, a lookup by address and the delegate list.
// Plain DOM; every value is set with textContent (addresses and hashes come from the API, never as HTML).
import { drawRewardsChart } from './chart.js';
import { verifyPayment } from './payout-proof.js';
import { formatQtum, qtum, shortHex, utcMinute } from './qtum-format.js';

const $ = (id) => document.getElementById(id);

async function getJson(url) {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(body.message || `${res.status} ${res.statusText}`);
    err.status = res.status;
    throw err;
  }
  return body;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function showError(node, message) {
  node.textContent = message;
  node.hidden = !message;
}

async function loadPool() {
  const [status, daily] = await Promise.all([getJson('/v1/status'), getJson('/v1/rewards/daily?days=30')]);
  $('network').textContent = status.network;
  $('pool-weight').textContent = qtum(status.poolWeightSats);
  $('pool-delegates').textContent = String(status.delegates);
  $('applied-height').textContent = status.appliedHeight === null ? '—' : String(status.appliedHeight);
  $('pool-shared').textContent = qtum(status.totals.sharedSats);
  $('pool-paid').textContent = qtum(status.totals.paidSats);
  $('pool-owed').textContent = qtum(status.totals.balanceSats);
  $('chart-empty').hidden = daily.days.length > 0;
  drawRewardsChart($('rewards-chart'), daily.days);
}

// The delegate list is paged (100 per page by address); "Show more" follows the API's nextCursor.
let delegatesCursor = null;

function delegateRow(d) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'delegate-row';
  const addr = document.createElement('td');
  const link = document.createElement('a');
  link.href = `#${d.address}`;
  link.textContent = d.address;
  link.className = 'mono';
  addr.append(link);
  tr.append(addr, cell(formatQtum(d.weightSats), 'num'), cell(formatQtum(d.accruedSats), 'num'), cell(formatQtum(d.paidSats), 'num'), cell(formatQtum(d.balanceSats), 'num'));
  return tr;
}

async function loadDelegates(more = false) {
  const url = more && delegatesCursor ? `/v1/delegates?cursor=${encodeURIComponent(delegatesCursor)}` : '/v1/delegates';
  const page = await getJson(url);
  const body = $('delegates-table').tBodies[0];
  const rows = page.delegates.map(delegateRow);
  if (more) body.append(...rows);
  else body.replaceChildren(...rows);
  delegatesCursor = page.nextCursor;
  $('delegates-more').hidden = !page.nextCursor;
  $('delegates-count').textContent = `${body.rows.length} of ${page.total}`;
}

$('delegates-more').addEventListener('click', () => {
  $('delegates-more').disabled = true;
  loadDelegates(true)
    .catch((err) => showError($('load-error'), `Could not load more delegates: ${err.message}`))
    .finally(() => { $('delegates-more').disabled = false; });
});

// The statement download (GET /v1/delegates/:address/statement): the last 365 UTC days unless changed.
function statementLinks(address) {
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  if (!$('statement-to').value) $('statement-to').value = day(Date.now());
  if (!$('statement-from').value) $('statement-from').value = day(Date.now() - 365 * 86_400_000);
  const base = `/v1/delegates/${encodeURIComponent(address)}/statement?from=${$('statement-from').value}&to=${$('statement-to').value}`;
  $('statement-link').href = `${base}&format=csv`;
  $('statement-json').href = `${base}&format=json`;
}

function renderDelegate(d) {
  statementLinks(d.address);
  $('statement-from').onchange = () => statementLinks(d.address);
  $('statement-to').onchange = () => statementLinks(d.address);
  $('delegate-address').textContent = d.address;
  $('delegate-balance').textContent = qtum(d.balance.balanceSats);
  $('delegate-accrued').textContent = qtum(d.balance.accruedSats);
  $('delegate-paid').textContent = qtum(d.balance.paidSats);
  $('delegate-inflight').textContent = qtum(d.balance.inFlightSats);
  $('delegate-weight').textContent = qtum(d.balance.weightSats);

  const shares = d.shares.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'share-row';
    if (s.reversed) tr.className = 'reversed';
    const block = cell(shortHex(s.blockHash), 'mono');
    block.title = s.blockHash;
    tr.append(cell(String(s.height)), block, cell(utcMinute(s.blockTime)), cell(formatQtum(s.weightSats), 'num'),
      cell(formatQtum(s.poolWeightSats), 'num'), cell(formatQtum(s.shareSats), 'num'), cell(s.reversed ? 'reversed (reorg)' : 'credited'));
    return tr;
  });
  $('shares-table').tBodies[0].replaceChildren(...shares);
  $('shares-empty').hidden = shares.length > 0;

  const payouts = d.payouts.map((p) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'payout-row';
    const tx = cell(p.txid ?? '(not signed yet)', 'mono txid');
    tx.dataset.testid = 'payout-txid';
    const verify = document.createElement('button');
    verify.type = 'button';
    verify.textContent = 'verify';
    verify.dataset.testid = 'payout-verify';
    verify.addEventListener('click', () => void verifyPayout(d.address, p));
    const action = document.createElement('td');
    action.append(verify);
    tr.append(cell(utcMinute(p.createdAt)), cell(p.state), cell(formatQtum(p.amountSats), 'num'), tx, cell(String(p.confirmations), 'num'), action);
    return tr;
  });
  $('payouts-table').tBodies[0].replaceChildren(...payouts);
  $('payouts-empty').hidden = payouts.length > 0;
  $('delegate').hidden = false;
}

// Recomputes the delegate's leaf (address + the amount shown) and the plan root in the browser, and names the
// transaction whose OP_RETURN must hold the root (docs/provable-payouts.md).
async function verifyPayout(address, payout) {
  const box = $('verify-result');
  box.hidden = false;
  box.dataset.state = 'running';
  $('verify-verdict').textContent = 'Verifying…';
  try {
    const proof = await getJson(`/v1/payouts/plans/${encodeURIComponent(payout.planHash)}/proof/${encodeURIComponent(address)}`);
    const r = await verifyPayment({ address, amountSats: payout.amountSats }, proof);
    $('verify-verdict').textContent = r.ok
      ? `Verified: ${formatQtum(payout.amountSats)} QTUM ${r.paidTo ? `of ${address}'s balance, paid to ${r.paidTo} under its signed redirect,` : `to ${address}`} is a leaf of the plan's Merkle root.`
      : `NOT verified: the leaf for ${formatQtum(payout.amountSats)} QTUM to ${address} does not lead to the plan's root.`;
    $('verify-leaf').textContent = r.leaf;
    $('verify-root').textContent = r.root;
    $('verify-expected-root').textContent = r.expectedRoot;
    $('verify-txid').textContent = r.txid ?? '(not signed yet)';
    $('verify-opreturn').textContent = `OP_RETURN ${r.opReturnHex}`;
    box.dataset.state = r.ok ? 'ok' : 'failed';
  } catch (err) {
    $('verify-verdict').textContent = `Could not verify: ${err.message}`;
    box.dataset.state = 'error';
  }
}

async function lookUp(address) {
  const text = address.trim();
  if (!text) return;
  $('address-input').value = text;
  showError($('lookup-error'), '');
  $('lookup-button').disabled = true;
  try {
    renderDelegate(await getJson(`/v1/delegates/${encodeURIComponent(text)}`));
  } catch (err) {
    $('delegate').hidden = true;
    $('verify-result').hidden = true;
    showError($('lookup-error'), err.status === 404 ? `${text} is not a delegate of this pool (yet).` : err.message);
  } finally {
    $('lookup-button').disabled = false;
    document.body.dataset.lookup = 'done';
  }
}

function lookUpFromHash() {
  const address = decodeURIComponent(location.hash.slice(1));
  if (address) void lookUp(address);
}

$('lookup-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const address = $('address-input').value.trim();
  // The hash makes a lookup linkable; hashchange runs it (or we run it when the hash is already this one).
  if (location.hash.slice(1) === encodeURIComponent(address)) void lookUp(address);
  else location.hash = encodeURIComponent(address);
});
window.addEventListener('hashchange', lookUpFromHash);

Promise.all([loadPool(), loadDelegates()])
  .then(() => { document.body.dataset.ready = 'true'; })
  .catch((err) => showError($('load-error'), `Could not load the pool figures: ${err.message}`));
lookUpFromHash();
