import { describe, expect, it } from 'vitest';
import { liveUrlFrom, serverLiveUrl } from './live';

describe('liveUrlFrom', () => {
  it('takes a ws or wss URL from ?live=', () => {
    expect(liveUrlFrom('?live=ws%3A%2F%2F127.0.0.1%3A1234%2Froom')).toBe('ws://127.0.0.1:1234/room');
    expect(liveUrlFrom('?test=1&live=wss://omnios.example/api/projects/p1/live')).toBe('wss://omnios.example/api/projects/p1/live');
  });

  it('ignores anything else', () => {
    expect(liveUrlFrom('')).toBeNull();
    expect(liveUrlFrom('?live=')).toBeNull();
    expect(liveUrlFrom('?live=https://omnios.example/')).toBeNull();
    expect(liveUrlFrom('?live=javascript:alert(1)')).toBeNull();
    expect(liveUrlFrom('?live=not a url')).toBeNull();
  });
});

describe('serverLiveUrl', () => {
  it("is the project's room on the page's own server, ws for http and wss for https", () => {
    expect(serverLiveUrl('p1', 'http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/api/projects/p1/live');
    expect(serverLiveUrl('a b/c', 'https://omnios.example')).toBe('wss://omnios.example/api/projects/a%20b%2Fc/live');
  });
});
