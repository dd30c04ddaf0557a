// The pages. Each takes the API's answers and returns the DOM to show; none fetches by itself.
import { h, table, state } from './dom.js';

export function clusterView(c) {
  return h('section', { id: 'cluster-view' },
    h('h1', {}, 'Cluster'),
    h('p', { class: 'meta' }, 'leader ', h('strong', { id: 'cluster-leader' }, c.leader || 'none'),
      ` · term ${c.term} · answered by ${c.answeredBy}`),
    table(['manager', 'role', 'applied index', 'API', 'gateway', 'Raft'],
      c.members.map(m => h('tr', { 'data-member': m.id },
        h('td', {}, m.id), h('td', {}, state(m.role)), h('td', { class: 'mono' }, m.appliedIndex >= 0 ? m.appliedIndex : none()),
        h('td', { class: 'mono' }, m.apiAddress || ''), h('td', { class: 'mono' }, m.gatewayAddress || ''),
        h('td', { class: 'mono' }, m.raftAddress || ''))),
      'no members'));
}

export function jobsView(list) {
  return h('section', { id: 'jobs-view' },
    h('h1', {}, 'Jobs'),
    table(['name', 'id', 'status', 'created', 'stopped'],
      list.jobs.map(j => h('tr', { 'data-job': j.id },
        h('td', {}, h('a', { href: `#/jobs/${encodeURIComponent(j.id)}` }, j.name)),
        h('td', { class: 'mono' }, j.id), h('td', {}, state(j.status)),
        h('td', {}, time(j.createdAt)), h('td', {}, time(j.stoppedAt)))),
      'no jobs yet'));
}

export function jobView(job) {
  const tasks = job.tasks || [];
  return h('section', { id: 'job-view', 'data-job': job.id },
    h('h1', {}, 'Job ', job.name),
    h('p', { class: 'meta' }, h('span', { class: 'mono' }, job.id), ' · ', state(job.status), ` · created ${time(job.createdAt)}`),
    h('h2', {}, `Tasks (${tasks.length})`),
    table(['task', 'id', 'state', 'node', 'health', 'restarts', 'attempt', 'updated', 'reason'],
      tasks.map(t => h('tr', { 'data-task': t.id },
        h('td', {}, `${t.name}[${t.index}]`),
        h('td', { class: 'mono' }, h('a', { class: 'logs', href: `#/logs/${encodeURIComponent(t.id)}`, title: 'output' }, t.id)),
        h('td', { class: 'task-state' }, state(t.state)), h('td', {}, t.node || ''),
        h('td', {}, t.health ? state(t.health) : none()), h('td', {}, t.restarts), h('td', {}, t.attempt),
        h('td', {}, time(t.updatedAt)), h('td', { class: 'reason' }, t.reason || ''))),
      'no tasks'));
}

export function nodesView(list) {
  return h('section', { id: 'nodes-view' },
    h('h1', {}, 'Nodes'),
    table(['node', 'state', 'driver', 'tasks', 'cpu', 'memory', 'disk', 'connected', 'reason'],
      list.nodes.map(n => h('tr', { 'data-node': n.id },
        h('td', {}, n.id), h('td', {}, state(n.state)), h('td', {}, n.driver || ''), h('td', {}, n.tasks),
        h('td', {}, usage(n.allocated.cpu, n.capacity.cpu, '')),
        h('td', {}, usage(n.allocated.memoryMb, n.capacity.memoryMb, ' MB')),
        h('td', {}, usage(n.allocated.diskMb, n.capacity.diskMb, ' MB')),
        h('td', {}, n.connected === undefined ? '' : n.connected ? 'yes' : 'no'),
        h('td', { class: 'reason' }, n.reason || ''))),
      'no workers registered'));
}

function usage(used, total, unit) {
  const pct = total > 0 ? Math.min(100, Math.round((100 * used) / total)) : 0;
  return [h('span', { class: 'bar', title: `${pct}%` }, h('span', { style: { width: `${pct}%` } })), `${used} / ${total}${unit}`];
}

/** A figure the API does not have (an unreachable manager's index, a task without health check). */
function none() {
  return h('span', { class: 'none' }, '—');
}

/** UTC, as the CLI and the managers' logs print it: an operator compares times across hosts. */
function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().slice(0, 19).replace('T', ' ') + 'Z';
}

/** A task's output as GET /v1/tasks/{id}/logs?format=ndjson gave it: one row a line, stderr marked. */
export function logsView(taskId, lines, note) {
  return h('section', { id: 'logs-view', 'data-task': taskId },
    h('h1', {}, 'Output of ', h('span', { class: 'mono' }, taskId)),
    h('p', { class: 'meta' }, note),
    h('div', { class: 'log' }, ...lines.map(l => h('div', { class: `log-line ${l.stream}` },
      h('span', { class: 'log-ts mono' }, l.ts.replace('T', ' ').replace(/\.\d+Z$/, 'Z')), ' ',
      h('span', { class: 'log-text mono' }, l.line)))));
}
