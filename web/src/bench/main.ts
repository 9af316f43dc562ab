// The benchmark page (bench.html): runs the selected cases and publishes their samples on
// `window.omniosBench`, which tests/bench/run.mjs polls through Playwright.
import { cases } from './cases';
import { runCases, selectCases, type BenchStatus } from './runner';

declare global {
  interface Window {
    omniosBench?: BenchStatus;
  }
}

const params = new URLSearchParams(window.location.search);
const selected = selectCases(cases, { suite: params.get('suite'), name: params.get('case') });
const log = document.getElementById('log');

const publish = (status: BenchStatus): void => {
  window.omniosBench = status;
  if (log === null) return;
  const lines = status.results.map((r) => `${r.suite}/${r.name}: ${r.samples.length} samples (${r.unit})`);
  if (status.state === 'running') lines.push(`running ${status.current}…`);
  if (status.state === 'failed') lines.push(`FAILED: ${status.error}`);
  if (status.state === 'done') lines.push(`done: ${status.results.length} case(s)`);
  log.textContent = lines.join('\n');
};

void runCases(selected, publish);
