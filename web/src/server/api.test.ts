// The API client against a real `omnios serve` (the debug or release binary under
// $CARGO_TARGET_DIR, or $OMNIOS_BIN) with a temporary data folder, and its error parsing on real
// `Response`s. In Node, fetch keeps no cookies: a small jar stands in for the browser's.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, errorFrom, NoServerError, ServerApi } from './api';

function serverBinary(): string | null {
  if (process.env.OMNIOS_BIN) return process.env.OMNIOS_BIN;
  const target = process.env.CARGO_TARGET_DIR ?? join(__dirname, '..', '..', '..', 'target');
  return ['debug', 'release'].map((p) => join(target, p, 'omnios')).find((p) => existsSync(p)) ?? null;
}

/** A fetch that keeps the session cookie between calls, as one browser would. */
function browserLikeFetch(): typeof fetch {
  let cookie = '';
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie !== '') headers.set('cookie', cookie);
    const response = await fetch(input, { ...init, headers });
    for (const set of response.headers.getSetCookie()) {
      const pair = set.split(';')[0] ?? '';
      cookie = /=$/.test(pair) || /max-age=0/i.test(set) ? '' : pair;
    }
    return response;
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('errorFrom', () => {
  it('reads the server error body: status, code, message, correlation id', async () => {
    const error = await errorFrom(json(409, { error: { code: 'conflict', message: 'stale version', correlation_id: 'c-1' } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'stale version', correlationId: 'c-1' });
  });

  it('is NoServerError for a page that is not the API (a static host’s 404, HTML)', async () => {
    expect(await errorFrom(new Response('<h1>Not found</h1>', { status: 404, headers: { 'content-type': 'text/html' } }))).toBeInstanceOf(NoServerError);
    expect(await errorFrom(json(500, { message: 'no error object' }))).toBeInstanceOf(NoServerError);
    expect(await errorFrom(new Response('{broken', { status: 502, headers: { 'content-type': 'application/json' } }))).toBeInstanceOf(NoServerError);
  });
});

describe('ServerApi on an origin without the API', () => {
  it('reports no-server for an HTML answer (the dev server’s index.html) and for an unreachable origin', async () => {
    const html = new ServerApi('http://editor.test', async () => new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    expect(await html.account()).toEqual({ state: 'no-server' });
    await expect(html.listProjects()).rejects.toBeInstanceOf(NoServerError);
    const down = new ServerApi('http://127.0.0.1:9', (input, init) => fetch(input, init));
    expect(await down.account()).toEqual({ state: 'no-server' });
  });
});

const binary = serverBinary();

describe.skipIf(binary === null)('ServerApi against omnios serve', () => {
  let child: ChildProcess;
  let origin = '';
  const data = mkdtempSync(join(tmpdir(), 'omnios-api-'));

  beforeAll(async () => {
    child = spawn(binary ?? 'omnios', ['serve', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'inherit'] });
    origin = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`omnios exited (${code}) before listening`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /^omnios listening on (http:\/\/\S+)$/.exec(line);
        if (match?.[1] !== undefined) resolve(match[1].replace(/\/$/, ''));
      });
    });
  }, 30_000);
  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
  });

  it('signs up, lists only my projects, signs out; a wrong password is a typed error', async () => {
    const alice = new ServerApi(origin, browserLikeFetch());
    expect(await alice.account()).toEqual({ state: 'signed-out' });
    const user = await alice.signUp('alice@example.com', 'correct horse battery');
    expect(user.email).toBe('alice@example.com');
    expect(await alice.account()).toEqual({ state: 'signed-in', user });

    const project = await alice.createProject('Landing page');
    expect(project).toMatchObject({ name: 'Landing page', role: 'owner' });
    expect((await alice.listProjects()).items.map((p) => p.id)).toEqual([project.id]);
    expect(await alice.getProject(project.id)).toMatchObject({ id: project.id, role: 'owner' });

    const bob = new ServerApi(origin, browserLikeFetch());
    await bob.signUp('bob@example.com', 'another long secret');
    expect((await bob.listProjects()).items).toEqual([]);
    const hidden = await bob.getProject(project.id).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(ApiError);
    expect(hidden).toMatchObject({ status: 404, code: 'not_found' });

    await alice.signOut();
    expect(await alice.account()).toEqual({ state: 'signed-out' });
    const refused = await alice.listProjects().catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 401 });

    const wrong = await alice.signIn('alice@example.com', 'not the password').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ApiError);
    if (!(wrong instanceof ApiError)) return;
    expect(wrong.status).toBe(401);
    expect(wrong.message).not.toBe('');
    expect(wrong.correlationId).toMatch(/\S/);
    await alice.signIn('alice@example.com', 'correct horse battery');
    expect((await alice.listProjects()).items.map((p) => p.name)).toEqual(['Landing page']);
  });

  it('shares: members, roles, share links listed, accepted and revoked; versions saved and read', async () => {
    const owner = new ServerApi(origin, browserLikeFetch());
    const me = await owner.signUp('owner@example.com', 'owner long secret');
    const project = await owner.createProject('Shared');
    const guest = new ServerApi(origin, browserLikeFetch());
    const guestUser = await guest.signUp('guest@example.com', 'guest long secret');

    const unknown = await owner.inviteMember(project.id, 'nobody@example.com', 'editor').catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: 'not_found' });
    expect(await owner.inviteMember(project.id, 'guest@example.com', 'viewer')).toMatchObject({ user: guestUser.id, role: 'viewer' });
    expect(await owner.changeRole(project.id, guestUser.id, 'editor')).toMatchObject({ role: 'editor' });
    expect((await guest.listMembers(project.id)).map((m) => [m.email, m.role])).toEqual([
      ['owner@example.com', 'owner'],
      ['guest@example.com', 'editor'],
    ]);
    expect(await guest.listShareLinks(project.id).catch((e: unknown) => e)).toMatchObject({ code: 'forbidden' });
    await owner.removeMember(project.id, guestUser.id);
    expect((await owner.listMembers(project.id)).map((m) => m.user)).toEqual([me.id]);

    const link = await owner.createShareLink(project.id, 'viewer');
    expect((await owner.listShareLinks(project.id)).map((l) => [l.id, l.role])).toEqual([[link.id, 'viewer']]);
    expect(await guest.acceptShareLink(link.token)).toMatchObject({ id: project.id, role: 'viewer' });
    await owner.revokeShareLink(project.id, link.id);
    expect(await owner.listShareLinks(project.id)).toEqual([]);
    expect(await guest.acceptShareLink(link.token).catch((e: unknown) => e)).toMatchObject({ status: 404, code: 'not_found' });

    const saved = await owner.saveVersion(project.id, 'Empty');
    expect(saved).toMatchObject({ name: 'Empty', automatic: false, created_by: me.id, element_count: 0 });
    expect((await guest.listVersions(project.id)).items.map((v) => v.id)).toEqual([saved.id]);
    expect(await guest.versionDocument(project.id, saved.id)).toBeInstanceOf(Uint8Array);
    expect(await guest.saveVersion(project.id, 'Viewer').catch((e: unknown) => e)).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await guest.versionDocument(project.id, 'nope').catch((e: unknown) => e)).toMatchObject({ status: 404 });
  });
});
