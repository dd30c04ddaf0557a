// The API client. It sends the token the page was given and, like the CLI, follows the leader: it
// learns every manager's API address from GET /v1/cluster, sends to the leader first, and on a
// failed request (no answer, a redirect, 502/503) tries the other managers in turn.
const TOKEN_KEY = 'orchestrate.token';
// How long one manager has to answer with a status line before the next is tried: a host that is
// gone may never refuse the connection. The body (a stream) is not bound by it.
const ATTEMPT_MS = 10000;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** A manager that cannot answer this request now: the next one is tried. */
class Unreachable extends Error {}

export class Api {
  constructor(origin) {
    this.origin = origin;
    this.bases = [origin];
    this.preferred = origin;
  }

  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  /** The managers to try, the one that answered last (or the leader) first. */
  order() {
    return [this.preferred, ...this.bases.filter(b => b !== this.preferred)];
  }

  /** Learns the managers and the leader from a GET /v1/cluster answer. */
  learn(cluster) {
    const scheme = new URL(this.origin).protocol;
    const bases = cluster.members.filter(m => m.apiAddress).map(m => `${scheme}//${m.apiAddress}`);
    // The page's own manager stays on the list even if it has not published its address yet.
    this.bases = [...new Set([...bases, this.origin])];
    const leader = cluster.members.find(m => m.id === cluster.leader);
    if (leader && leader.apiAddress) this.preferred = `${scheme}//${leader.apiAddress}`;
  }

  /** One request, to the first manager that answers it; a 4xx is the answer, not a reason to move on. */
  async request(method, path, { headers = {}, signal } = {}) {
    const h = { ...headers };
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    let last = new Unreachable('no manager to ask');
    for (const base of this.order()) {
      const attempt = new AbortController();
      const timer = setTimeout(() => attempt.abort(), ATTEMPT_MS);
      if (signal) signal.addEventListener('abort', () => attempt.abort(), { once: true });
      try {
        // A redirect is not followed: the browser would drop the token on the way to another origin.
        const r = await fetch(base + path, { method, headers: h, signal: attempt.signal, redirect: 'manual', cache: 'no-store' });
        clearTimeout(timer);
        if (r.type === 'opaqueredirect' || r.status === 307 || r.status === 502 || r.status === 503) {
          last = new Unreachable(`${base} answered ${r.status || 'a redirect'}`);
          continue;
        }
        this.preferred = base;
        if (!r.ok) throw new ApiError(r.status, await errorText(r));
        return r;
      } catch (e) {
        clearTimeout(timer);
        if (e instanceof ApiError || (signal && signal.aborted)) throw e;
        last = e instanceof Unreachable ? e : new Unreachable(`${base}: ${e.message}`);
      }
    }
    throw last;
  }

  async get(path) {
    const r = await this.request('GET', path);
    return r.json();
  }
}

async function errorText(r) {
  try {
    const body = await r.json();
    return body.error || `HTTP ${r.status}`;
  } catch {
    return `HTTP ${r.status}`;
  }
}
