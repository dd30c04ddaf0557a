// Reads GET /v1/events with fetch and a streaming body reader: EventSource cannot send the
// Authorization header. When the stream ends or fails it resumes, at whichever manager answers,
// from just after the last event it saw (Last-Event-ID), so nothing is missed or seen twice.
const IDLE_MS = 45000; // three missed heartbeats: the manager vanished without closing the connection
const RETRY_MS = [250, 500, 1000, 2000, 4000];

export class EventFeed {
  /** onEvent(event), onGone() (the window moved past us: re-list), onStatus(text, live). */
  constructor(api, { onEvent, onGone, onStatus }) {
    this.api = api;
    this.onEvent = onEvent;
    this.onGone = onGone;
    this.onStatus = onStatus;
    this.lastId = null;
    this.stopped = false;
  }

  async run() {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.once();
        failures = 0;
      } catch (e) {
        if (e.status === 410) {
          this.lastId = null;
          this.onGone();
        }
        if (e.status === 401 || e.status === 403) throw e;
        this.onStatus(`stream: reconnecting (${e.message})`, false);
        await new Promise(r => setTimeout(r, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]));
      }
    }
  }

  stop() {
    this.stopped = true;
    if (this.abort) this.abort.abort();
  }

  async once() {
    const abort = new AbortController();
    this.abort = abort;
    const headers = this.lastId ? { 'Last-Event-ID': this.lastId } : {};
    const r = await this.api.request('GET', '/v1/events?follow=true', { headers, signal: abort.signal });
    this.onStatus(`stream: live from ${new URL(r.url).host}`, true);
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    let idle = setTimeout(() => abort.abort(), IDLE_MS);
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        clearTimeout(idle);
        idle = setTimeout(() => abort.abort(), IDLE_MS);
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } finally {
      clearTimeout(idle);
      abort.abort();
    }
  }

  dispatch(block) {
    let id = null, type = null, data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // a comment: "stream open", keepalive, "manager stopping"
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') type = value;
      else if (field === 'data') data += value;
    }
    if (type === 'gone') {
      this.lastId = null;
      this.onGone();
      throw new Error('the stream fell behind the manager\'s window');
    }
    if (!data) return;
    if (id) this.lastId = id;
    this.onEvent(JSON.parse(data));
  }
}
