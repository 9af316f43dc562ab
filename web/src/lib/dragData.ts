// What a drag from the Insert panel carries: the preset's id under this type, which the canvas
// accepts as a drop.
export const PRESET_MIME = 'application/x-omnios-preset';
