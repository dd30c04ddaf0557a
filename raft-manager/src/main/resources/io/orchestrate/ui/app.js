// Wires the pages to the API and the event stream. A page is re-read from the API after each log
// entry that may change it (coalesced, at most one read in flight), so what it shows is always an
// answer of the API, never a local guess built from events.
import { Api, ApiError } from './api.js';
import { EventFeed } from './events.js';
import { clusterView, jobsView, jobView, logsView, nodesView } from './views.js';

const api = new Api(location.origin);
const $ = id => document.getElementById(id);
let feed = null;
let refreshing = false;
let again = false;
const MIN_GAP_MS = 150;
/** The id of the job whose page is shown (the address may name it by its name). */
let shownJob = null;

/** The page the hash names: [view, argument]. */
function route() {
  const [, page, arg] = location.hash.split('/');
  return [page || 'cluster', arg ? decodeURIComponent(arg) : null];
}

async function render() {
  const [page, arg] = route();
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.nav === page));
  let node;
  if (page === 'jobs' && arg) {
    const job = await api.get(`/v1/jobs/${encodeURIComponent(arg)}`);
    shownJob = job.id;
    node = jobView(job);
  }
  else if (page === 'jobs') node = jobsView(await api.get('/v1/jobs?limit=200'));
  else if (page === 'logs' && arg) node = await taskLogs(arg);
  else if (page === 'nodes') node = nodesView(await api.get('/v1/nodes'));
  else node = clusterView(await cluster());
  $('view').replaceChildren(node);
}

/** The task's last lines; re-read when its task changes (a restart), so the page stays a plain answer of the API. */
const LOG_LINES = 500;
async function taskLogs(taskId) {
  const r = await api.request('GET', `/v1/tasks/${encodeURIComponent(taskId)}/logs?format=ndjson&tail=${LOG_LINES}`);
  const text = await r.text();
  const lines = [];
  let error = null;
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    const o = JSON.parse(raw);
    if (o.end) error = o.error || null;
    else lines.push(o);
  }
  const node = r.headers.get('X-Orchestrate-Node');
  const note = error ? error : `last ${LOG_LINES} lines at most${node ? ` · read from node ${node}` : ''}`;
  return logsView(taskId, lines, note);
}

async function cluster() {
  const c = await api.get('/v1/cluster');
  api.learn(c);
  $('leader').textContent = c.leader || 'none';
  $('term').textContent = c.term;
  return c;
}

/**
 * Whether an event can change the page shown: a job's page only for that job's events, the nodes
 * page for node events and task moves (allocation), the job list for job and task events. The cluster page
 * shows applied indexes, which every entry moves; refresh() bounds how often it is read.
 */
function relevant(ev) {
  const [page, arg] = route();
  if (ev.topic === 'cluster') return true;
  if (page === 'jobs' && arg) return ev.job === shownJob || ev.job === arg;
  // A job's status follows its tasks (pending until they run), so task events move the list too.
  if (page === 'jobs') return ev.topic === 'jobs' || ev.topic === 'tasks';
  if (page === 'nodes') return ev.topic === 'nodes' || ev.topic === 'tasks';
  if (page === 'logs') return ev.task === arg;
  return true;
}

/** Re-reads the page; calls that come while a read is in flight are folded into one more read. */
async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    do {
      again = false;
      // At most a few reads a second however fast entries come; each read shows every entry before it.
      await new Promise(r => setTimeout(r, MIN_GAP_MS));
      try {
        await render();
        if (route()[0] !== 'cluster') await cluster();
        $('error').textContent = '';
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return signIn('the token was refused: ' + e.message);
        $('error').textContent = e.message;
      }
    } while (again);
  } finally {
    refreshing = false;
  }
}

function startFeed() {
  if (feed) feed.stop();
  feed = new EventFeed(api, {
    onEvent: ev => {
      if (relevant(ev)) refresh();
    },
    onGone: () => refresh(),
    onStatus: (text, live) => {
      $('stream').textContent = text;
      $('stream').className = `stream ${live ? 'on' : 'off'}`;
      // A stream that (re)opened may be at another manager after a failover: show who leads now.
      if (live) refresh();
    },
  });
  feed.run().catch(e => signIn(e.message));
}

function signIn(message) {
  if (feed) feed.stop();
  feed = null;
  $('view').replaceChildren();
  $('login').hidden = false;
  $('signout').hidden = true;
  $('login-error').textContent = message || '';
  $('token').focus();
}

function signedIn() {
  $('login').hidden = true;
  $('signout').hidden = false;
  refresh();
  startFeed();
}

$('login').addEventListener('submit', ev => {
  ev.preventDefault();
  api.token = $('token').value.trim();
  $('token').value = '';
  signedIn();
});
$('signout').addEventListener('click', () => {
  api.token = null;
  signIn('');
});
window.addEventListener('hashchange', refresh);

// A cluster without --acl needs no token: probe once, then ask for one only if it is required.
api.get('/v1/cluster')
  .then(() => signedIn())
  .catch(e => (e instanceof ApiError && e.status === 401 ? signIn('') : signedIn()));
