import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
if (new URLSearchParams(window.location.search).get('peer') === 'grapesjs') {
  // The benchmark's peer editor (tests/bench/editor.mjs), loaded only when asked for.
  void import('./bench/grapesjsPeer').then(({ mountGrapesPeer }) => mountGrapesPeer(root));
} else {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
