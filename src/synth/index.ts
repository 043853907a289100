// Public entry of the synth stage: named exports only.
export {};
