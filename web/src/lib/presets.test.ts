import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HyperBridge } from '../bridge/HyperBridge';
import { createCommand, PRESETS } from './presets';

describe('presets', () => {
  it('every preset is a command the engine accepts, with its styles in the base slot', async () => {
    const wasm = readFileSync(new URL('../bridge/__generated__/omnios_wasm_bg.wasm', import.meta.url));
    const bridge = await HyperBridge.load({ wasm });
    bridge.newProject(3);
    const body = bridge.fullDeltas().pages[0]?.root ?? '';
    for (const preset of PRESETS) {
      const id = bridge.commit(createCommand(preset, body)).created[0] ?? '';
      const el = bridge.takeDeltas().elements.find((e) => e.id === id);
      expect(el?.kind, preset.id).toBe(preset.kind);
      expect(Object.keys(el?.styles?.base ?? {}).sort(), preset.id).toEqual(Object.keys(preset.styles).sort());
    }
  });

  it('puts styles in the slot asked for', () => {
    const preset = PRESETS[0];
    if (preset === undefined) throw new Error('no presets');
    const command = createCommand(preset, 'body', 2, 'mobile');
    expect(command).toMatchObject({ type: 'create_element', parent: 'body', index: 2, styles: { mobile: preset.styles } });
  });
});
