// Every in-browser benchmark case, by suite. To add one: write it in cases/<suite>.ts (a
// BenchCase whose sample() does the work once and returns what it measured) and list it here.
import type { BenchCase } from './runner';
import { engineCases } from './cases/engine';
import { exportCases } from './cases/export';
import { layoutCases } from './cases/layout';
import { mediaCases } from './cases/media';
import { persistenceCases } from './cases/persistence';

export const cases: readonly BenchCase[] = [...engineCases, ...layoutCases, ...persistenceCases, ...mediaCases, ...exportCases];
