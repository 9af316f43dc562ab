// What a drag from the Insert or Components panel carries: the preset's or the component's id
// under these types, which the canvas accepts as a drop.
export const PRESET_MIME = 'application/x-omnios-preset';
export const COMPONENT_MIME = 'application/x-omnios-component';
