/// <reference types="vitest/config" />
// Three entries: the editor (index.html), the in-browser benchmark page (bench.html), which
// tests/bench/run.mjs opens through `omnios serve`, and the layout fidelity runner
// (layout.html), which tests/layout/fidelity.test.mjs opens the same way.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const entry = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    rolldownOptions: {
      input: {
        editor: entry('./index.html'),
        bench: entry('./bench.html'),
        layout: entry('./layout.html'),
      },
    },
  },
  worker: { format: 'es' },
  test: {
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
